import TenancyEngine
import TenancyModel
import TenancyJSON

/// The effective settings of applied resources in the shape platform services read
/// (schema/export.schema.json, docs/export-format.md), so that they never parse Tenancy's state
/// file: template defaults merged, units in their canonical spelling, secrets as references only
/// (with the version of each, a digest that changes when the secret is rotated). The same shape
/// is published to etcd for services that watch a prefix.
package enum EffectiveSettings {
    package static let formatVersion = "1"

    /// One resource's published value: its shape, compact (what `<prefix>published/<Kind>/<name>` holds).
    package static func value(_ address: Address, _ entry: StateResource) -> [UInt8] {
        resource(address, entry).compactBytes()
    }

    /// One resource: identity, metadata, settings.
    package static func resource(_ address: Address, _ entry: StateResource) -> JSON {
        let attributes = entry.resource.attributes
        var members: [String: JSON] = [
            "kind": .string(address.kind.rawValue),
            "name": .string(address.name),
            "id": .string(entry.id),
            "created": .string(entry.created),
            "updated": .string(entry.updated),
            "settings": attributes["spec"] ?? .object([:]),
            "depends_on": .array(entry.resource.dependencies.map(JSON.string)),
            "secret_versions": .object(entry.resource.secretDigests.mapValues(JSON.string)),
        ]
        let metadata = attributes["metadata"]
        members["description"] = metadata?["description"] ?? .null
        members["labels"] = metadata?["labels"] ?? .object([:])
        return .object(members)
    }

    /// Every resource of `state` (or only the named workspaces), in address order.
    package static func document(_ state: State, workspaces: [String] = []) -> JSON {
        let wanted = Set(workspaces)
        let chosen = state.resources.keys.sorted().filter { wanted.isEmpty || ($0.kind == .workspace && wanted.contains($0.name)) }
        return .object([
            "format_version": .string(formatVersion),
            "state": .object(["lineage": .string(state.lineage), "serial": .int(state.serial)]),
            "resources": .array(chosen.compactMap { address in state.resources[address].map { resource(address, $0) } }),
        ])
    }

    /// The formats `tenancy export` writes the document in.
    package enum Format: String, Sendable, CaseIterable {
        case json, yaml
    }

    /// The document as `tenancy export` prints it: canonical JSON (keys sorted, so two exports of
    /// one serial are the same bytes) or YAML.
    package static func text(_ state: State, workspaces: [String] = [], format: Format) -> String {
        let document = document(state, workspaces: workspaces)
        switch format {
        case .json: return document.canonicalText()
        case .yaml: return YAMLWriter.document(document)
        }
    }
}
