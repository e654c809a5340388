import TenancyModel
import TenancySupport
import TenancyJSON

/// Renders plans for machines: Terraform's JSON plan representation (`terraform show -json`)
/// where it names the same thing, so that tools written for Terraform plans (policy checks,
/// summarisers) read Tenancy's; Tenancy's own members beside them (docs/plan-format.md).
/// Secrets never appear: sensitive fields carry no values, only that they change.
public struct PlanJSONRenderer: Sendable {
    /// Bumped on incompatible changes to the JSON plan format (see docs/plan-format.md): 2.0
    /// took Terraform's representation (actions, nested sensitivity, prior_state, planned_values).
    public static let formatVersion = "2.0"
    /// The `provider_name` of every resource: Tenancy manages them all.
    public static let providerName = "tenancy"

    /// `timestamp`: when the plan was rendered (RFC 3339, UTC).
    public let timestamp: String

    public init(timestamp: String = "1970-01-01T00:00:00Z") { self.timestamp = timestamp }

    /// The plan as a tree (for tests and tools: `write` prints the same bytes without building it).
    public func json(_ plan: Plan) -> JSON {
        let unknown = Self.unknownTrees(plan)
        var top: [String: JSON] = [
            "applyable": .bool(plan.hasChanges), "complete": .bool(true), "errored": .bool(false),
            "format_version": .string(Self.formatVersion), "timestamp": .string(timestamp),
            "planned_values": Self.values(plan.changes.compactMap { $0.after }),
            "resource_changes": .array(plan.changes.map { Self.entry($0, unknown: unknown[$0.address]) }),
            "summary": .object([
                "add": .int(plan.count(.create)), "change": .int(plan.count(.update)),
                "destroy": .int(plan.count(.delete)), "rename": .int(plan.count(.rename)),
                "text": .string(plan.summary),
            ]),
        ]
        if !plan.uncheckedSecrets.isEmpty { top["unchecked_secrets"] = Self.unchecked(plan) }
        if plan.priorLineage == nil && plan.priorSerial == nil {
            top["prior_state"] = .null
        } else {
            var prior: [String: JSON] = ["format_version": .string("1.0"), "values": Self.values(plan.changes.compactMap { $0.before })]
            if let lineage = plan.priorLineage { prior["lineage"] = .string(lineage) }
            if let serial = plan.priorSerial { prior["serial"] = .int(serial) }
            top["prior_state"] = .object(prior)
        }
        return .object(top)
    }

    /// `{"root_module": {"resources": [...]}}` of Terraform's state representation.
    static func values(_ resources: [Resource]) -> JSON {
        .object(["root_module": .object(["resources": .array(resources.map { resource in
            .object([
                "address": .string(resource.address.description), "mode": .string("managed"),
                "type": .string(resource.address.kind.rawValue), "name": .string(resource.address.name),
                "provider_name": .string(providerName), "schema_version": .int(0),
                "values": resource.attributes, "sensitive_values": sensitiveTree(resource),
            ])
        })])])
    }

    /// The plan's canonical JSON handed to `emit` piece by piece: each resource's `before` and
    /// `after` copied from their canonical text, entries written on all cores in runs, and neither
    /// the whole tree nor the whole text ever held (a plan over 10,000 workspaces is about 200 MB).
    /// `impact`: what `plan --usage` adds (the cost and quota impact), as the `impact` member.
    public func write<Failure: Error>(_ plan: Plan, impact: JSON? = nil,
                                      to emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("applyable")
        writer.bool(plan.hasChanges)
        writer.key("complete")
        writer.bool(true)
        writer.key("errored")
        writer.bool(false)
        writer.key("format_version")
        writer.string(Self.formatVersion)
        if let impact {
            writer.key("impact")
            writer.json(impact)
        }
        let changes = plan.changes
        // An entry is about 10 KB (its attributes twice): four runs of 64 in flight keep a few
        // megabytes of text in memory while both cores render.
        let planned = changes.indices.filter { changes[$0].after != nil }
        writer.key("planned_values")
        try writeValues(planned.count, to: &writer, emit) { i, entry in Self.writeValue(changes[planned[i]].after, to: &entry) }
        writer.key("prior_state")
        if plan.priorLineage == nil && plan.priorSerial == nil {
            writer.null()
        } else {
            writer.beginObject()
            writer.key("format_version")
            writer.string("1.0")
            if let lineage = plan.priorLineage {
                writer.key("lineage")
                writer.string(lineage)
            }
            if let serial = plan.priorSerial {
                writer.key("serial")
                writer.int(serial)
            }
            let prior = changes.indices.filter { changes[$0].before != nil }
            writer.key("values")
            try writeValues(prior.count, to: &writer, emit) { i, entry in Self.writeValue(changes[prior[i]].before, to: &entry) }
            writer.endObject()
        }
        writer.key("resource_changes")
        writer.beginArray()
        let unknown = Self.unknownTrees(plan)
        try writer.elements(changes.count, draining: emit) { i, entry in Self.write(changes[i], unknown: unknown[changes[i].address], to: &entry) }
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
        writer.key("timestamp")
        writer.string(timestamp)
        if !plan.uncheckedSecrets.isEmpty {
            writer.key("unchecked_secrets")
            writer.json(Self.unchecked(plan))
        }
        writer.endObject()
        writer.finishDocument()
        try writer.drain(into: emit)
    }

    /// `{"root_module": {"resources": [ … count entries … ]}}`, the entries rendered on all cores.
    private func writeValues<Failure: Error>(_ count: Int, to writer: inout JSONWriter,
                                             _ emit: (UnsafeRawBufferPointer) throws(Failure) -> Void,
                                             _ element: @escaping @Sendable (Int, inout JSONWriter) -> Void) throws(Failure) {
        writer.beginObject()
        writer.key("root_module")
        writer.beginObject()
        writer.key("resources")
        writer.beginArray()
        try writer.elements(count, draining: emit, element)
        writer.endArray()
        writer.endObject()
        writer.endObject()
    }

    /// One resource of `planned_values` or `prior_state`, in Terraform's state representation.
    static func writeValue(_ resource: Resource?, to writer: inout JSONWriter) {
        guard let resource else { return writer.null() }
        writer.beginObject()
        writer.key("address")
        writer.string(resource.address.description)
        writer.key("mode")
        writer.string("managed")
        writer.key("name")
        writer.string(resource.address.name)
        writer.key("provider_name")
        writer.string(providerName)
        writer.key("schema_version")
        writer.int(0)
        writer.key("sensitive_values")
        writer.json(sensitiveTree(resource))
        writer.key("type")
        writer.string(resource.address.kind.rawValue)
        writer.key("values")
        resource.writeAttributes(to: &writer)
        writer.endObject()
    }

    /// The same, as one string (small plans, tests).
    public func text(_ plan: Plan) -> String {
        var out: [UInt8] = []
        write(plan) { (piece: UnsafeRawBufferPointer) in out.append(contentsOf: piece) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Terraform's action list: only Terraform's values. A rename keeps the resource (its
    /// `previous_address` says so): `["no-op"]`, or `["update"]` when fields change with it.
    static func actions(_ change: Plan.ResourceChange) -> [String] {
        switch change.action {
        case .create: return ["create"]
        case .update: return ["update"]
        case .delete: return ["delete"]
        case .noop: return ["no-op"]
        case .rename: return [change.fieldChanges.isEmpty ? "no-op" : "update"]
        }
    }

    static func reason(_ change: Plan.ResourceChange) -> String? {
        switch change.action {
        case .delete: return "delete_because_no_resource_config"
        case .rename: return "rename_because_previous_names"
        default: return nil
        }
    }

    /// The secrets a plan could not read (`--secrets=unavailable-ok`), Tenancy's own member.
    static func unchecked(_ plan: Plan) -> JSON {
        .array(plan.uncheckedSecrets.map { .object(["address": .string($0.address.description), "path": .string($0.path)]) })
    }

    /// `after_unknown` of each resource with secrets the plan could not read: Terraform's "known
    /// after apply", which is what they are (apply reads them).
    static func unknownTrees(_ plan: Plan) -> [Address: JSON] {
        var trees: [Address: JSON] = [:]
        for secret in plan.uncheckedSecrets {
            var tree = trees[secret.address] ?? .object([:])
            insert(AttributePath.components(secret.path)[...], into: &tree)
            trees[secret.address] = tree
        }
        return trees
    }

    /// One resource change as it stands in `resource_changes` (two levels deep; `before` and
    /// `after` four levels deep); `unknown` is its `after_unknown`.
    static func write(_ change: Plan.ResourceChange, unknown: JSON?, to writer: inout JSONWriter) {
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
        writer.json(change.after.map(sensitiveTree) ?? .bool(false))
        writer.key("after_unknown")
        writer.json(unknown ?? .object([:]))
        writer.key("before")
        if let before = change.before { before.writeAttributes(to: &writer) } else { writer.null() }
        writer.key("before_sensitive")
        writer.json(change.before.map(sensitiveTree) ?? .bool(false))
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
        writer.key("mode")
        writer.string("managed")
        writer.key("name")
        writer.string(change.address.name)
        if let previous = change.previousAddress {
            writer.key("previous_address")
            writer.string(previous.description)
        }
        writer.key("provider_name")
        writer.string(providerName)
        writer.key("type")
        writer.string(change.address.kind.rawValue)
        writer.endObject()
    }

    /// The paths of a resource that hold a secret as Terraform nests them:
    /// `spec.sso.clientSecret` is `{"spec": {"sso": {"clientSecret": true}}}`, a list item's
    /// `[i]` an array with `false` for the items before it.
    static func sensitiveTree(_ resource: Resource) -> JSON {
        var tree = JSON.object([:])
        for path in resource.secretDigests.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            insert(AttributePath.components(path)[...], into: &tree)
        }
        return tree
    }

    static func insert(_ path: ArraySlice<AttributePath.Component>, into node: inout JSON) {
        guard let first = path.first else {
            node = .bool(true)
            return
        }
        switch first {
        case let .key(key):
            var members = node.objectValue ?? [:]
            var child = members[key] ?? .object([:])
            insert(path.dropFirst(), into: &child)
            members[key] = child
            node = .object(members)
        case let .index(index):
            var items = node.arrayValue ?? []
            while items.count <= index { items.append(.bool(false)) }
            var child = items[index]
            if path.count > 1, child.objectValue == nil, child.arrayValue == nil { child = .object([:]) }
            insert(path.dropFirst(), into: &child)
            items[index] = child
            node = .array(items)
        }
    }

    /// The tree of one change (what `write` prints).
    static func entry(_ change: Plan.ResourceChange, unknown: JSON? = nil) -> JSON {
        var entry: [String: JSON] = [
            "address": .string(change.address.description),
            "kind": .string(change.address.kind.rawValue), "type": .string(change.address.kind.rawValue),
            "mode": .string("managed"), "provider_name": .string(providerName),
            "name": .string(change.address.name),
            "change": .object([
                "actions": .array(actions(change).map { .string($0) }),
                "before": change.before?.attributes ?? .null,
                "after": change.after?.attributes ?? .null,
                "before_sensitive": change.before.map(sensitiveTree) ?? .bool(false),
                "after_sensitive": change.after.map(sensitiveTree) ?? .bool(false),
                "after_unknown": unknown ?? .object([:]),
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

}
