import TenancyDiagnostics
import TenancyModel
import TenancyJSON

/// What an apply would do, resource by resource, in the order it would do it.
package struct Plan: Sendable {
    package enum Action: String, Sendable, Hashable {
        case create, update, delete, rename, noop = "no-op"
    }

    /// One field that changes. Sensitive fields carry no values, only the fact of the change.
    package struct FieldChange: Sendable, Hashable {
        package let path: String
        package let before: JSON?
        package let after: JSON?
        package let sensitive: Bool

        package init(path: String, before: JSON?, after: JSON?, sensitive: Bool) {
            self.path = path
            self.before = before
            self.after = after
            self.sensitive = sensitive
        }
    }

    package struct ResourceChange: Sendable {
        package let address: Address
        /// For a rename: where the resource was.
        package let previousAddress: Address?
        package let action: Action
        /// Field changes as computed when planning; nil for a create or delete, whose fields are
        /// all of the resource's leaves, listed when asked (parsing thousands of created
        /// resources only to count them would dominate a first apply).
        let listedFields: [FieldChange]?
        package let unchangedCount: Int
        package let before: Resource?
        package let after: Resource?

        package init(address: Address, previousAddress: Address?, action: Action, fieldChanges: [FieldChange]?,
                    unchangedCount: Int, before: Resource?, after: Resource?) {
            self.address = address
            self.previousAddress = previousAddress
            self.action = action
            self.listedFields = fieldChanges
            self.unchangedCount = unchangedCount
            self.before = before
            self.after = after
        }

        /// Renames can come with field changes, so the actions of a change are a list, as in
        /// Terraform's JSON plans.
        package var fieldChanges: [FieldChange] {
            if let listedFields { return listedFields }
            switch action {
            case .create: return after.map { Planner.fields(of: $0, created: true) } ?? []
            case .delete: return before.map { Planner.fields(of: $0, created: false) } ?? []
            default: return []
            }
        }
    }

    /// The state the plan was made against: applying it to another is refused.
    package let priorLineage: String?
    package let priorSerial: Int?
    /// Every resource considered, no-ops included, in apply order.
    package let changes: [ResourceChange]
    /// The digest key the plan's secret digests were taken with, when the state it was made
    /// against has none (there is no state yet, or it is from before keyed digests): the state
    /// the plan is applied to gets it.
    package var secretKey: [UInt8]?
    /// The secrets this plan could not read (`plan --secrets=unavailable-ok`, a pull request's
    /// plan without production secrets), in address and path order. The plan assumes each is
    /// unchanged (or, where the state holds none, new); applying it reads them and refuses when
    /// one is not what the plan assumed (`UncheckedSecretsResolution`).
    package var uncheckedSecrets: [UncheckedSecret] = []
    /// Changes `--target` / `--exclude` left out (not saved: a saved plan is re-planned against
    /// the state anyway): said with the summary, so that no selection reads as "matches".
    package var leftOutBySelection = 0

    /// A secret a plan did not read: which resource, which attribute path.
    package struct UncheckedSecret: Sendable, Hashable, Comparable {
        package let address: Address
        package let path: String

        package init(address: Address, path: String) {
            self.address = address
            self.path = path
        }

        package static func < (a: Self, b: Self) -> Bool {
            a.address != b.address ? a.address < b.address : a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
        }
    }

    /// What a secret the plan did not read is shown as, wherever the plan is rendered.
    package static let uncheckedWords = "(not checked: secret unavailable)"

    /// What a plan with unchecked secrets says of them, before its summary.
    package var uncheckedNote: String {
        guard !uncheckedSecrets.isEmpty else { return "" }
        let count = uncheckedSecrets.count
        var out = "Not checked: \(count) secret\(count == 1 ? "" : "s") could not be read (--secrets=unavailable-ok):\n"
        for secret in uncheckedSecrets {
            out += "  " + Terminal.escaped("\(secret.address) \(secret.path)") + " \(Self.uncheckedWords)\n"
        }
        out += "Applying this plan reads \(count == 1 ? "it" : "them") first, and refuses if one differs from what the plan shows.\n"
        return out
    }

    /// Whether the plan did not read the secret at `path` of `address`.
    package func isUnchecked(_ address: Address, _ path: String) -> Bool {
        !uncheckedSecrets.isEmpty && uncheckedSecrets.contains(UncheckedSecret(address: address, path: path))
    }

    package init(priorLineage: String?, priorSerial: Int?, changes: [ResourceChange], secretKey: [UInt8]? = nil) {
        self.priorLineage = priorLineage
        self.priorSerial = priorSerial
        self.changes = changes
        self.secretKey = secretKey
    }

    package var effectiveChanges: [ResourceChange] { changes.filter { $0.action != .noop } }
    package var hasChanges: Bool { changes.contains { $0.action != .noop } }

    package func count(_ action: Action) -> Int { changes.filter { $0.action == action }.count }

    /// `Plan: 2 to add, 1 to change, 0 to destroy, 1 to rename.` or `No changes.`
    package var summary: String {
        let leftOut = leftOutBySelection == 0 ? "" : " \(leftOutBySelection) change\(leftOutBySelection == 1 ? " is" : "s are") left out by --target/--exclude."
        guard hasChanges else {
            return leftOut.isEmpty ? "No changes. The stored state matches the configuration." : "No changes in the selection." + leftOut
        }
        return "Plan: \(count(.create)) to add, \(count(.update)) to change, \(count(.delete)) to destroy, \(count(.rename)) to rename." + leftOut
    }
}
