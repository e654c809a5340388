import Dispatch
import Foundation
import TenancySupport
import TenancyDiagnostics
import TenancyModel
import TenancyYAML
import TenancyJSON

/// Turns a valid configuration into the resources it declares, one per address, canonical.
/// Templates and the project file are inputs, not resources: they appear in no state.
package struct DesiredState: Sendable {
    package let resources: [Address: Resource]

    package init(resources: [Address: Resource]) { self.resources = resources }

    package static let resourceKinds: [Kind] = [.organization, .integration, .role, .workspace, .team, .serviceAccount]

    /// `early`: resources already built from workspaces the loader finished early (see
    /// `DesiredStateCollector`). `stored`: the state, when read; a resource equal to its stored self
    /// shares the stored text instead of keeping its own copy.
    package static func build(_ configuration: Configuration, secrets: SecretSource, early: [Resource] = [],
                             stored: State? = nil) -> (DesiredState, Diagnostics) {
        let catalog = FieldCatalog.builtIn
        let manifests = configuration.manifests.filter { resourceKinds.contains($0.kind) }
        // Each manifest converts on its own: spread them over the cores.
        let results = Parallel.chunks(manifests.count, grain: 128,
                                      state: { (resources: [Resource](), diagnostics: Diagnostics(), scratch: Scratch()) }) { range, part in
            for i in range {
                let manifest = manifests[i]
                var defaults: Node?
                if manifest.kind == .workspace, let name = configuration.templateName(for: manifest)?.name {
                    defaults = configuration.templates[name]?.defaults
                }
                part.resources.append(resource(for: manifest, defaults: defaults, catalog: catalog, secrets: secrets,
                                               scratch: &part.scratch, stored: stored?.resources[manifest.address]?.resource,
                                               diagnostics: &part.diagnostics))
            }
        }
        var resources: [Address: Resource] = [:]
        resources.reserveCapacity(manifests.count + early.count)
        for resource in early { resources[resource.address] = resource }
        var diagnostics = Diagnostics()
        for part in results {
            for resource in part.resources { resources[resource.address] = resource }
            diagnostics.append(contentsOf: part.diagnostics)
        }
        return (DesiredState(resources: resources), diagnostics.sorted())
    }

    /// What converting one manifest after another on a thread reuses: memoised unit forms and the
    /// writer's buffer (so that each resource's text is written into warm memory and only its final
    /// bytes are allocated).
    struct Scratch: Sendable {
        var units = CanonicalUnits()
        var out: [UInt8] = []
    }

    /// One manifest's resource; `defaults` are a workspace's template's defaults. When its text is
    /// the same as `stored`'s, the resource holds the stored text rather than a copy of its own.
    static func resource(for manifest: Manifest, defaults: Node?, catalog: FieldCatalog, secrets: SecretSource,
                         scratch: inout Scratch, stored: Resource?, diagnostics: inout Diagnostics) -> Resource {
        var metadata: [String: JSON] = [:]
        if let description = manifest.description { metadata["description"] = .string(description) }
        let labels = manifest.labels
        if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
        let previous = manifest.previousNames
        if !previous.isEmpty { metadata["previousNames"] = .array(previous.sorted().map { .string($0) }) }
        // The memo table and the buffer are moved into the writer and back, never shared: a
        // shared one would be copied whole on the writer's first change (copy on write).
        var units = CanonicalUnits()
        swap(&units, &scratch.units)
        var buffer: [UInt8] = []
        swap(&buffer, &scratch.out)
        var writer = DesiredTextWriter(kind: manifest.kind, catalog: catalog, depth: StoredAttributes.indent,
                                       units: consume units, reusing: consume buffer)
        writer.writeAttributes(spec: manifest.spec, defaults: defaults, metadata: .object(metadata))
        swap(&scratch.units, &writer.units)
        scratch.out = writer.out.take()
        // Digested now when the state's key is known; else (converted before the state arrived)
        // later, by the collector, once it is.
        var resolved = SecretSource.Resolved()
        if secrets.keying != .pending {
            resolved = secrets.digests(of: writer.secrets, for: manifest.address, stored: stored)
            diagnostics.append(contentsOf: resolved.diagnostics)
        }
        let text: StoredAttributes
        if let theirs = stored?.storedAttributes, Resource.sameBytes(scratch.out[...], theirs.text) {
            text = theirs
        } else {
            // An exact-size copy: a configuration's worth of half-empty buffers would be a third
            // of the desired state's memory.
            text = StoredAttributes(text: scratch.out.withUnsafeBufferPointer { [UInt8]($0) })
        }
        var resource = Resource(address: manifest.address, stored: text,
                                dependencies: Self.dependencies(of: manifest, defaults: defaults), secretDigests: resolved.digests,
                                previousNames: previous.sorted())
        resource.plainSecretDigests = resolved.plain
        resource.uncheckedSecrets = resolved.unchecked
        if secrets.keying == .pending { resource.pendingSecrets = writer.secrets }
        return resource
    }

    /// The references that order creation: what must exist before this resource can.
    static func dependencies(of manifest: Manifest, defaults: Node?) -> [String] {
        var result = Set<String>()
        let spec = manifest.spec
        switch manifest.kind {
        case .workspace:
            // Lists are taken whole from the workspace when it sets them, else from its template.
            let routes = spec?["notifications"] ?? defaults?["notifications"]
            for route in routes?.items ?? [] {
                if let name = route["integration"]?.string { result.insert(Address(.integration, name).description) }
            }
        case .team:
            for grant in spec?["access"]?.items ?? [] {
                if let name = grant["workspace"]?.string { result.insert(Address(.workspace, name).description) }
                if let role = grant["role"]?.string, !ReferenceCatalog.builtInRoles.contains(role) {
                    result.insert(Address(.role, role).description)
                }
            }
        case .serviceAccount:
            if let name = spec?["workspace"]?.string { result.insert(Address(.workspace, name).description) }
            if let role = spec?["role"]?.string, !ReferenceCatalog.builtInRoles.contains(role) {
                result.insert(Address(.role, role).description)
            }
        case .organization:
            for name in spec?["sso"]?["allowedProviders"]?.items ?? [] {
                if let name = name.string { result.insert(Address(.integration, name).description) }
            }
            for route in spec?["notifications"]?.items ?? [] {
                if let name = route["integration"]?.string { result.insert(Address(.integration, name).description) }
            }
        default:
            break
        }
        return result.sorted()
    }
}
