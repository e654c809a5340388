import Dispatch
import Synchronization
import TenancyModel

/// Renders plans for people (terminal text) and machines (JSON, modelled on Terraform's
/// `show -json`). Secrets never appear: sensitive fields render as `(sensitive)`.
public struct PlanRenderer: Sendable {
    public var useColor: Bool

    public init(useColor: Bool) { self.useColor = useColor }

    // MARK: Text

    public func text(_ plan: Plan) -> String {
        var out = ""
        text(plan) { out += $0 }
        return out
    }

    /// The same text, handed to `write` piece by piece in order: a plan of thousands of creates is
    /// hundreds of thousands of lines, rendered in runs on all cores and written out as each run is
    /// ready, never held whole.
    public func text(_ plan: Plan, write: (String) -> Void) {
        guard plan.hasChanges else {
            write(plan.summary + "\n")
            return
        }
        let changes = plan.effectiveChanges
        write("Tenancy will perform the following actions:\n\n")
        SplicedText.inRuns(changes.count, runSize: 256, batch: 32, write: write) { index, out in render(changes[index], into: &out) }
        write(style(plan.summary, "1") + "\n")
    }

    private func render(_ change: Plan.ResourceChange, into out: inout String) {
        let (symbol, color, words) = Self.describe(change)
        out += "  " + style(symbol, color) + " " + style(change.address.description, "1") + "  " + words + "\n"
        if !renderLeaves(change, into: &out) {
            for field in change.fieldChanges {
                out += "      " + line(field, action: change.action) + "\n"
            }
        }
        if change.unchangedCount > 0, change.action == .update || change.action == .rename {
            out += style("      # \(change.unchangedCount) unchanged attribute\(change.unchangedCount == 1 ? "" : "s") hidden", "2") + "\n"
        }
        out += "\n"
    }

    /// A create or delete lists every field: read them from the resource's canonical text when it
    /// has one, rather than from a tree built for the purpose. False when the change is not one
    /// of those, or its text is not in the form `LeafListing` reads.
    private func renderLeaves(_ change: Plan.ResourceChange, into out: inout String) -> Bool {
        guard change.listedFields == nil, change.action == .create || change.action == .delete,
              let resource = change.action == .create ? change.after : change.before,
              let leaves = LeafListing.leaves(resource.stateText()) else { return false }
        let sign = change.action == .create ? style("+", "32") : style("-", "31")
        for leaf in leaves {
            out += "      " + sign + " " + leaf.path + " = " + leaf.value + "\n"
        }
        for path in resource.secretDigests.keys.sorted() {
            out += "      " + sign + " " + path + " = (sensitive)\n"
        }
        return true
    }

    static func describe(_ change: Plan.ResourceChange) -> (String, String, String) {
        switch change.action {
        case .create: return ("+", "32", "will be created")
        case .update: return ("~", "33", "will be updated in place")
        case .delete: return ("-", "31", "will be destroyed")
        case .rename: return ("→", "36", "will be renamed from \(change.previousAddress?.description ?? "?")")
        case .noop: return (" ", "0", "")
        }
    }

    private func line(_ field: Plan.FieldChange, action: Plan.Action) -> String {
        let path = field.path
        if field.sensitive {
            switch action {
            case .create: return style("+", "32") + " \(path) = (sensitive)"
            case .delete: return style("-", "31") + " \(path) = (sensitive)"
            default: return style("~", "33") + " \(path) = (sensitive value changed)"
            }
        }
        switch (field.before, field.after) {
        case let (nil, after?):
            if case .array = after, action != .create { return style("+", "32") + " \(path) += \(after.compactText())" }
            return style("+", "32") + " \(path) = \(after.compactText())"
        case let (before?, nil):
            if case .array = before, action != .delete { return style("-", "31") + " \(path) -= \(before.compactText())" }
            return style("-", "31") + " \(path) = \(before.compactText())"
        case let (before?, after?):
            return style("~", "33") + " \(path): \(before.compactText()) → \(after.compactText())"
        case (nil, nil):
            return style("~", "33") + " \(path)"
        }
    }

    private func style(_ text: String, _ code: String) -> String {
        guard useColor, code != "0" else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    // MARK: JSON

    /// Bumped on incompatible changes to the JSON plan format (see docs/plan-format.md).
    public static let formatVersion = "1.0"

    public func json(_ plan: Plan) -> JSON {
        document(plan, changes: plan.changes.map { change in
            Self.entry(change, before: change.before?.attributes ?? .null, after: change.after?.attributes ?? .null)
        })
    }

    /// The same plan as canonical JSON text, handed to `write` piece by piece: byte for byte
    /// `json(plan).canonicalText()`, but each resource's `before` and `after` are copied from
    /// their canonical text rather than built as trees, entries are rendered on all cores in
    /// runs, and neither the whole tree nor the whole text is ever held (a plan over 10,000
    /// workspaces is about 100 MB of JSON).
    public func json(_ plan: Plan, write: (String) -> Void) {
        let marker = "\u{0}tenancy-resource-changes"
        let changes = plan.changes
        // An entry is about 10 KB (its attributes twice): four runs of 64 in flight keep a few
        // megabytes of text in memory while both cores render.
        let written = SplicedText.write(document(plan, changes: [.string(marker)]), marker: marker, count: changes.count,
                                        runSize: 64, batch: 4, element: { Self.entryText(changes[$0]) }, to: write)
        if !written { write(json(plan).canonicalText()) }
    }

    /// One resource change as it stands in `resource_changes` (nested two levels deep), its
    /// attributes spliced in as text where they are held as text (`before` and `after` stand four
    /// levels deep).
    static func entryText(_ change: Plan.ResourceChange) -> String {
        var splices = SplicedText.Splices()
        let tree = entry(change, before: change.before.map { splices.attributes(of: $0, after: false) } ?? .null,
                         after: change.after.map { splices.attributes(of: $0, after: true) } ?? .null)
        return splices.render(tree)
    }

    static func entry(_ change: Plan.ResourceChange, before: JSON, after: JSON) -> JSON {
        var actions: [JSON] = [.string(change.action.rawValue)]
        if change.action == .rename && !change.fieldChanges.isEmpty {
            actions.append(.string("update"))
        }
        var entry: [String: JSON] = [
            "address": .string(change.address.description),
            "kind": .string(change.address.kind.rawValue),
            "name": .string(change.address.name),
            "change": .object([
                "actions": .array(actions),
                "before": before,
                "after": after,
                "before_sensitive": Self.sensitivePaths(change.before),
                "after_sensitive": Self.sensitivePaths(change.after),
                "fields": .array(change.fieldChanges.map { field in
                    .object([
                        "path": .string(field.path),
                        "before": field.sensitive ? .null : (field.before ?? .null),
                        "after": field.sensitive ? .null : (field.after ?? .null),
                        "sensitive": .bool(field.sensitive),
                    ])
                }),
            ]),
        ]
        if let previous = change.previousAddress { entry["previous_address"] = .string(previous.description) }
        if change.action == .delete { entry["action_reason"] = .string("delete_because_no_resource_config") }
        if change.action == .rename { entry["action_reason"] = .string("rename_because_previous_names") }
        return .object(entry)
    }

    /// The plan document around its resource changes.
    private func document(_ plan: Plan, changes: [JSON]) -> JSON {
        var prior: [String: JSON] = [:]
        if let lineage = plan.priorLineage { prior["lineage"] = .string(lineage) }
        if let serial = plan.priorSerial { prior["serial"] = .int(serial) }
        return .object([
            "format_version": .string(Self.formatVersion),
            "prior_state": prior.isEmpty ? .null : .object(prior),
            "resource_changes": .array(changes),
            "summary": .object([
                "add": .int(plan.count(.create)), "change": .int(plan.count(.update)),
                "destroy": .int(plan.count(.delete)), "rename": .int(plan.count(.rename)),
                "text": .string(plan.summary),
            ]),
        ])
    }

    static func sensitivePaths(_ resource: Resource?) -> JSON {
        guard let resource else { return .object([:]) }
        return .object(Dictionary(uniqueKeysWithValues: resource.secretDigests.keys.map { ($0, JSON.bool(true)) }))
    }
}
