import TenancyModel
import TenancySupport

/// Renders plans for machines: JSON modelled on Terraform's `show -json` (docs/plan-format.md).
/// Secrets never appear: sensitive fields carry no values, only that they change.
public struct PlanJSONRenderer: Sendable {
    /// Bumped on incompatible changes to the JSON plan format (see docs/plan-format.md).
    public static let formatVersion = "1.0"

    public init() {}

    /// The plan as a tree (for tests and tools: `write` prints the same bytes without building it).
    public func json(_ plan: Plan) -> JSON {
        var prior: [String: JSON] = [:]
        if let lineage = plan.priorLineage { prior["lineage"] = .string(lineage) }
        if let serial = plan.priorSerial { prior["serial"] = .int(serial) }
        return .object([
            "format_version": .string(Self.formatVersion),
            "prior_state": prior.isEmpty ? .null : .object(prior),
            "resource_changes": .array(plan.changes.map { Self.entry($0) }),
            "summary": .object([
                "add": .int(plan.count(.create)), "change": .int(plan.count(.update)),
                "destroy": .int(plan.count(.delete)), "rename": .int(plan.count(.rename)),
                "text": .string(plan.summary),
            ]),
        ])
    }

    /// The plan's canonical JSON handed to `emit` piece by piece: each resource's `before` and
    /// `after` copied from their canonical text, entries written on all cores in runs, and neither
    /// the whole tree nor the whole text ever held (a plan over 10,000 workspaces is about 100 MB).
    /// `impact`: what `plan --usage` adds (the cost and quota impact), as the `impact` member.
    public func write<Failure: Error>(_ plan: Plan, impact: JSON? = nil,
                                      to emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("format_version")
        writer.string(Self.formatVersion)
        if let impact {
            writer.key("impact")
            writer.json(impact)
        }
        writer.key("prior_state")
        if plan.priorLineage == nil && plan.priorSerial == nil {
            writer.null()
        } else {
            writer.beginObject()
            if let lineage = plan.priorLineage {
                writer.key("lineage")
                writer.string(lineage)
            }
            if let serial = plan.priorSerial {
                writer.key("serial")
                writer.int(serial)
            }
            writer.endObject()
        }
        writer.key("resource_changes")
        writer.beginArray()
        let changes = plan.changes
        // An entry is about 10 KB (its attributes twice): four runs of 64 in flight keep a few
        // megabytes of text in memory while both cores render.
        try writer.elements(changes.count, draining: emit) { i, entry in Self.write(changes[i], to: &entry) }
        writer.endArray()
        writer.key("summary")
        writer.beginObject()
        writer.key("add")
        writer.int(plan.count(.create))
        writer.key("change")
        writer.int(plan.count(.update))
        writer.key("destroy")
        writer.int(plan.count(.delete))
        writer.key("rename")
        writer.int(plan.count(.rename))
        writer.key("text")
        writer.string(plan.summary)
        writer.endObject()
        writer.endObject()
        writer.finishDocument()
        try writer.drain(into: emit)
    }

    /// The same, as one string (small plans, tests).
    public func text(_ plan: Plan) -> String {
        var out: [UInt8] = []
        write(plan) { (piece: UnsafeRawBufferPointer) in out.append(contentsOf: piece) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `Terraform's` action list: a rename with field changes is also an update.
    static func actions(_ change: Plan.ResourceChange) -> [String] {
        var actions = [change.action.rawValue]
        if change.action == .rename && !change.fieldChanges.isEmpty { actions.append("update") }
        return actions
    }

    static func reason(_ change: Plan.ResourceChange) -> String? {
        switch change.action {
        case .delete: return "delete_because_no_resource_config"
        case .rename: return "rename_because_previous_names"
        default: return nil
        }
    }

    /// One resource change as it stands in `resource_changes` (two levels deep; `before` and
    /// `after` four levels deep).
    static func write(_ change: Plan.ResourceChange, to writer: inout JSONWriter) {
        writer.beginObject()
        if let reason = reason(change) {
            writer.key("action_reason")
            writer.string(reason)
        }
        writer.key("address")
        writer.string(change.address.description)
        writer.key("change")
        writer.beginObject()
        writer.key("actions")
        writer.beginArray()
        for action in actions(change) { writer.string(action) }
        writer.endArray()
        writer.key("after")
        if let after = change.after { after.writeAttributes(to: &writer) } else { writer.null() }
        writer.key("after_sensitive")
        writeSensitive(change.after, to: &writer)
        writer.key("before")
        if let before = change.before { before.writeAttributes(to: &writer) } else { writer.null() }
        writer.key("before_sensitive")
        writeSensitive(change.before, to: &writer)
        writer.key("fields")
        writer.beginArray()
        for field in change.fieldChanges {
            writer.beginObject()
            writer.key("after")
            writer.json(field.sensitive ? .null : (field.after ?? .null))
            writer.key("before")
            writer.json(field.sensitive ? .null : (field.before ?? .null))
            writer.key("path")
            writer.string(field.path)
            writer.key("sensitive")
            writer.bool(field.sensitive)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.key("kind")
        writer.string(change.address.kind.rawValue)
        writer.key("name")
        writer.string(change.address.name)
        if let previous = change.previousAddress {
            writer.key("previous_address")
            writer.string(previous.description)
        }
        writer.endObject()
    }

    static func writeSensitive(_ resource: Resource?, to writer: inout JSONWriter) {
        writer.beginObject()
        let paths = resource.map { Array($0.secretDigests.keys) } ?? []
        for path in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            writer.key(path)
            writer.bool(true)
        }
        writer.endObject()
    }

    /// The tree of one change (what `write` prints).
    static func entry(_ change: Plan.ResourceChange) -> JSON {
        var entry: [String: JSON] = [
            "address": .string(change.address.description),
            "kind": .string(change.address.kind.rawValue),
            "name": .string(change.address.name),
            "change": .object([
                "actions": .array(actions(change).map { .string($0) }),
                "before": change.before?.attributes ?? .null,
                "after": change.after?.attributes ?? .null,
                "before_sensitive": sensitivePaths(change.before),
                "after_sensitive": sensitivePaths(change.after),
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
        if let reason = reason(change) { entry["action_reason"] = .string(reason) }
        return .object(entry)
    }

    static func sensitivePaths(_ resource: Resource?) -> JSON {
        guard let resource else { return .object([:]) }
        return .object(Dictionary(uniqueKeysWithValues: resource.secretDigests.keys.map { ($0, JSON.bool(true)) }))
    }
}
