import TenancyModel
import TenancySupport
import TenancyJSON

/// Renders plans for machines: Terraform's JSON plan representation (`terraform show -json`)
/// where it names the same thing, so that tools written for Terraform plans (policy checks,
/// summarisers) read Tenancy's; Tenancy's own members beside them (docs/plan-format.md).
/// Secrets never appear: sensitive fields carry no values, only that they change.
package struct PlanJSONRenderer: Sendable {
    /// Terraform's JSON plan format version, which readers check first (most accept only 0.x and
    /// 1.0–1.2): the level of `terraform show -json` this representation imitates.
    package static let formatVersion = "1.2"
    /// Tenancy's own version of the format, bumped on incompatible changes (docs/plan-format.md):
    /// 2.0 took Terraform's representation; 3.0 reports Terraform's format version in
    /// `format_version`, adds `configuration`, and leaves out members without a value (never null).
    package static let tenancyFormatVersion = "3.0"
    /// A Terraform release whose plans carry `format_version` 1.2: readers that check the version
    /// refuse one outside the releases they know.
    package static let terraformVersion = "1.9.8"
    /// The `provider_name` of every resource: Tenancy manages them all.
    package static let providerName = "tenancy"

    /// `timestamp`: when the plan was rendered (RFC 3339, UTC).
    package let timestamp: String
    /// Tenancy's version (`tenancy_version`).
    package let toolVersion: String
    /// One line, as `terraform show -json` prints it (readers such as terraform-compliance want
    /// that), or pretty for people (`--pretty`).
    package let layout: JSONWriter.Layout

    package init(timestamp: String = "1970-01-01T00:00:00Z", toolVersion: String = "0.0.0", layout: JSONWriter.Layout = .compact) {
        self.timestamp = timestamp
        self.toolVersion = toolVersion
        self.layout = layout
    }

    /// The plan as a tree, for tests and tools: the parse of what `write` prints (its one
    /// encoding).
    package func json(_ plan: Plan) -> JSON {
        (try? JSONParser.parse(Array(text(plan).utf8))) ?? .null
    }

    /// The plan's canonical JSON handed to `emit` piece by piece: each resource's `before` and
    /// `after` copied from their canonical text, entries written on all cores in runs, and neither
    /// the whole tree nor the whole text ever held (a plan over 10,000 workspaces is about 200 MB).
    /// `impact`: what `plan --usage` adds (the cost and quota impact), as the `impact` member.
    package func write<Failure: Error>(_ plan: Plan, impact: JSON? = nil,
                                      to emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        var writer = JSONWriter(layout: layout)
        writer.beginObject()
        writer.key("applyable")
        writer.bool(plan.hasChanges)
        // As Terraform's: false when applying the plan would not bring the state level with the
        // configuration (--target/--exclude left changes out).
        writer.key("complete")
        writer.bool(plan.leftOutBySelection == 0)
        let changes = plan.changes
        // An entry is about 10 KB (its attributes twice): four runs of 64 in flight keep a few
        // megabytes of text in memory while both cores render.
        let planned = changes.indices.filter { changes[$0].after != nil }
        writer.key("configuration")
        try writeConfiguration(planned.map { changes[$0].address }, to: &writer, emit)
        writer.key("errored")
        writer.bool(false)
        writer.key("format_version")
        writer.string(Self.formatVersion)
        if let impact {
            writer.key("impact")
            writer.json(impact)
        }
        writer.key("planned_values")
        try writeValues(planned.count, to: &writer, emit) { i, entry in Self.writeValue(changes[planned[i]].after, to: &entry) }
        if plan.priorLineage != nil || plan.priorSerial != nil {
            // Left out for a first plan (no state): a reader crashes on `"prior_state": null`.
            writer.key("prior_state")
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
        writer.key("tenancy_format_version")
        writer.string(Self.tenancyFormatVersion)
        writer.key("tenancy_version")
        writer.string(toolVersion)
        writer.key("terraform_version")
        writer.string(Self.terraformVersion)
        writer.key("timestamp")
        writer.string(timestamp)
        if !plan.uncheckedSecrets.isEmpty {
            writer.key("unchecked_secrets")
            writer.json(Self.unchecked(plan))
        }
        writer.endObject()
        writer.finishDocument()
        if layout == .compact { writer.lineBreak() }
        try writer.drain(into: emit)
    }

    /// Terraform's `configuration`: the provider, and the root module's resources as the
    /// configuration declares them (every resource the plan leaves in place), which readers such
    /// as Checkov take for the resources a plan has.
    private func writeConfiguration<Failure: Error>(_ addresses: [Address], to writer: inout JSONWriter,
                                                    _ emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        writer.beginObject()
        writer.key("provider_config")
        writer.beginObject()
        writer.key(Self.providerName)
        writer.beginObject()
        writer.member("full_name", "registry.terraform.io/tenancy/\(Self.providerName)")
        writer.member("name", Self.providerName)
        writer.endObject()
        writer.endObject()
        writer.key("root_module")
        writer.beginObject()
        writer.key("resources")
        writer.beginArray()
        try writer.elements(addresses.count, draining: emit) { i, entry in
            let address = addresses[i]
            entry.beginObject()
            entry.member("address", address.description)
            entry.key("expressions")
            entry.beginObject()
            entry.endObject()
            entry.member("mode", "managed")
            entry.member("name", address.name)
            entry.member("provider_config_key", Self.providerName)
            entry.member("schema_version", 0)
            entry.member("type", address.kind.rawValue)
            entry.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endObject()
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
        guard let resource else { return }
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
    package func text(_ plan: Plan) -> String {
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
        // Both sides are always there (readers such as Checkov index them), an absent one as an
        // empty object: Terraform writes null, and no member here is ever null.
        writer.key("after")
        if let after = change.after { after.writeAttributes(to: &writer) } else { Self.writeEmptyObject(to: &writer) }
        writer.key("after_sensitive")
        writer.json(change.after.map(sensitiveTree) ?? .bool(false))
        writer.key("after_unknown")
        writer.json(unknown ?? .object([:]))
        writer.key("before")
        if let before = change.before { before.writeAttributes(to: &writer) } else { Self.writeEmptyObject(to: &writer) }
        writer.key("before_sensitive")
        writer.json(change.before.map(sensitiveTree) ?? .bool(false))
        writer.key("fields")
        writer.beginArray()
        for field in change.fieldChanges {
            // A value the field does not have (added, removed) or may not show (sensitive) is
            // left out, never null.
            writer.beginObject()
            if !field.sensitive, let after = field.after {
                writer.key("after")
                writer.json(after)
            }
            if !field.sensitive, let before = field.before {
                writer.key("before")
                writer.json(before)
            }
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

    static func writeEmptyObject(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.endObject()
    }
}
