import TenancyDiagnostics
import TenancyModel
import TenancyJSON

/// What an apply would do, resource by resource, in the order it would do it.
public struct Plan: Sendable {
    public enum Action: String, Sendable, Hashable {
        case create, update, delete, rename, noop = "no-op"
    }

    /// One field that changes. Sensitive fields carry no values, only the fact of the change.
    public struct FieldChange: Sendable, Hashable {
        public let path: String
        public let before: JSON?
        public let after: JSON?
        public let sensitive: Bool

        public init(path: String, before: JSON?, after: JSON?, sensitive: Bool) {
            self.path = path
            self.before = before
            self.after = after
            self.sensitive = sensitive
        }
    }

    public struct ResourceChange: Sendable {
        public let address: Address
        /// For a rename: where the resource was.
        public let previousAddress: Address?
        public let action: Action
        /// Field changes as computed when planning; nil for a create or delete, whose fields are
        /// all of the resource's leaves, listed when asked (parsing thousands of created
        /// resources only to count them would dominate a first apply).
        let listedFields: [FieldChange]?
        public let unchangedCount: Int
        public let before: Resource?
        public let after: Resource?

        public init(address: Address, previousAddress: Address?, action: Action, fieldChanges: [FieldChange]?,
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
        public var fieldChanges: [FieldChange] {
            if let listedFields { return listedFields }
            switch action {
            case .create: return after.map { Planner.fields(of: $0, created: true) } ?? []
            case .delete: return before.map { Planner.fields(of: $0, created: false) } ?? []
            default: return []
            }
        }
    }

    /// The state the plan was made against: applying it to another is refused.
    public let priorLineage: String?
    public let priorSerial: Int?
    /// Every resource considered, no-ops included, in apply order.
    public let changes: [ResourceChange]
    /// The digest key the plan's secret digests were taken with, when the state it was made
    /// against has none (there is no state yet, or it is from before keyed digests): the state
    /// the plan is applied to gets it.
    public var secretKey: [UInt8]?
    /// The secrets this plan could not read (`plan --secrets=unavailable-ok`, a pull request's
    /// plan without production secrets), in address and path order. The plan assumes each is
    /// unchanged (or, where the state holds none, new); applying it reads them and refuses when
    /// one is not what the plan assumed (`UncheckedSecretsResolution`).
    public var uncheckedSecrets: [UncheckedSecret] = []

    /// A secret a plan did not read: which resource, which attribute path.
    public struct UncheckedSecret: Sendable, Hashable, Comparable {
        public let address: Address
        public let path: String

        public init(address: Address, path: String) {
            self.address = address
            self.path = path
        }

        public static func < (a: Self, b: Self) -> Bool {
            a.address != b.address ? a.address < b.address : a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
        }
    }

    /// What a secret the plan did not read is shown as, wherever the plan is rendered.
    public static let uncheckedWords = "(not checked: secret unavailable)"

    /// What a plan with unchecked secrets says of them, before its summary.
    public var uncheckedNote: String {
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
    public func isUnchecked(_ address: Address, _ path: String) -> Bool {
        !uncheckedSecrets.isEmpty && uncheckedSecrets.contains(UncheckedSecret(address: address, path: path))
    }

    public init(priorLineage: String?, priorSerial: Int?, changes: [ResourceChange], secretKey: [UInt8]? = nil) {
        self.priorLineage = priorLineage
        self.priorSerial = priorSerial
        self.changes = changes
        self.secretKey = secretKey
    }

    public var effectiveChanges: [ResourceChange] { changes.filter { $0.action != .noop } }
    public var hasChanges: Bool { changes.contains { $0.action != .noop } }

    public func count(_ action: Action) -> Int { changes.filter { $0.action == action }.count }

    /// `Plan: 2 to add, 1 to change, 0 to destroy, 1 to rename.` or `No changes.`
    public var summary: String {
        guard hasChanges else { return "No changes. The stored state matches the configuration." }
        return "Plan: \(count(.create)) to add, \(count(.update)) to change, \(count(.delete)) to destroy, \(count(.rename)) to rename."
    }
}
