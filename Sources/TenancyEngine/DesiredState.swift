import Dispatch
import Foundation
import Synchronization
import TenancyDiagnostics
import TenancyModel
import TenancyYAML

/// Turns a valid configuration into the resources it declares, one per address, canonical.
/// Templates and the project file are inputs, not resources: they appear in no state.
public struct DesiredState: Sendable {
    public let resources: [Address: Resource]

    /// Where secrets come from: environment variables and files (relative to the configuration root).
    public struct SecretSource: Sendable {
        public let environment: [String: String]
        public let root: URL

        public init(environment: [String: String], root: URL) {
            self.environment = environment
            self.root = root
        }
    }

    public static let resourceKinds: [Kind] = [.organization, .integration, .role, .workspace, .team, .serviceAccount]

    public static func build(_ configuration: Configuration, secrets: SecretSource) -> (DesiredState, Diagnostics) {
        let catalog = FieldCatalog.builtIn
        let manifests = configuration.manifests.filter { resourceKinds.contains($0.kind) }
        // Each manifest converts on its own: spread them over the cores.
        let chunks = max(1, min(manifests.count / 128, 64))
        let results = Mutex<[(resources: [Resource], diagnostics: Diagnostics)]>([])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var resources: [Resource] = []
            var diagnostics = Diagnostics()
            for i in stride(from: chunk, to: manifests.count, by: chunks) {
                resources.append(resource(for: manifests[i], in: configuration, catalog: catalog, secrets: secrets,
                                          diagnostics: &diagnostics))
            }
            results.withLock { $0.append((resources, diagnostics)) }
        }
        var resources: [Address: Resource] = [:]
        resources.reserveCapacity(manifests.count)
        var diagnostics = Diagnostics()
        for part in results.withLock({ $0 }) {
            for resource in part.resources { resources[resource.address] = resource }
            diagnostics.append(contentsOf: part.diagnostics)
        }
        return (DesiredState(resources: resources), diagnostics.sorted())
    }

    static func resource(for manifest: Manifest, in configuration: Configuration, catalog: FieldCatalog,
                         secrets: SecretSource, diagnostics: inout Diagnostics) -> Resource {
        var builder = Builder(kind: manifest.kind, catalog: catalog, secrets: secrets, manifest: manifest)
        var spec = manifest.spec.map { builder.convert($0) } ?? .object([:])
        if manifest.kind == .workspace, let name = configuration.templateName(for: manifest)?.name,
           let defaults = configuration.templates[name]?.defaults {
            spec = Self.merge(builder.convert(defaults), under: spec)
        }
        diagnostics.append(contentsOf: builder.diagnostics)
        var metadata: [String: JSON] = [:]
        if let description = manifest.description { metadata["description"] = .string(description) }
        let labels = manifest.labels
        if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
        let previous = manifest.previousNames
        if !previous.isEmpty { metadata["previousNames"] = .array(previous.sorted().map { .string($0) }) }
        let attributes = JSON.object(["metadata": .object(metadata), "spec": spec])
        return Resource(address: manifest.address, attributes: attributes,
                        dependencies: Self.dependencies(of: manifest, spec: spec), secretDigests: builder.digests)
    }

    /// Template defaults under a workspace's own values: mappings merge key by key, anything else
    /// (lists included) is taken whole from the workspace when it sets it.
    static func merge(_ defaults: JSON, under own: JSON) -> JSON {
        guard case let .object(base) = defaults, case let .object(top) = own else { return own }
        var merged = base
        for (key, value) in top { merged[key] = merged[key].map { merge($0, under: value) } ?? value }
        return .object(merged)
    }

    /// The references that order creation: what must exist before this resource can.
    static func dependencies(of manifest: Manifest, spec: JSON) -> [String] {
        var result = Set<String>()
        switch manifest.kind {
        case .workspace:
            for route in spec["notifications"]?.arrayValue ?? [] {
                if let name = route["integration"]?.stringValue { result.insert(Address(.integration, name).description) }
            }
        case .team:
            for grant in spec["access"]?.arrayValue ?? [] {
                if let name = grant["workspace"]?.stringValue { result.insert(Address(.workspace, name).description) }
                if let role = grant["role"]?.stringValue, !ReferenceCatalog.builtInRoles.contains(role) {
                    result.insert(Address(.role, role).description)
                }
            }
        case .serviceAccount:
            if let name = spec["workspace"]?.stringValue { result.insert(Address(.workspace, name).description) }
            if let role = spec["role"]?.stringValue, !ReferenceCatalog.builtInRoles.contains(role) {
                result.insert(Address(.role, role).description)
            }
        case .organization:
            for name in spec["sso"]?["allowedProviders"]?.arrayValue ?? [] {
                if let name = name.stringValue { result.insert(Address(.integration, name).description) }
            }
        default:
            break
        }
        return result.sorted()
    }

    /// Node → canonical JSON, guided by the field catalog; secrets become references plus digests.
    struct Builder {
        let kind: Kind
        let tree: FieldCatalog.Tree
        let secrets: SecretSource
        let manifest: Manifest
        var diagnostics = Diagnostics()
        var digests: [String: String] = [:]
        /// Where the walk is, for naming a secret's path (`spec.slack.webhook`); list items as `[i]`.
        private var path: [String] = []

        init(kind: Kind, catalog: FieldCatalog, secrets: SecretSource, manifest: Manifest) {
            self.kind = kind
            tree = catalog.tree(for: kind)
            self.secrets = secrets
            self.manifest = manifest
        }

        /// A spec (or a template's defaults) as canonical JSON.
        mutating func convert(_ node: Node) -> JSON {
            path.removeAll(keepingCapacity: true)
            return convert(node, at: 0)
        }

        /// `at` is the node's entry in the catalog tree, nil where the schema says nothing more.
        private mutating func convert(_ node: Node, at entry: Int?) -> JSON {
            switch node.kind {
            case .scalar:
                switch node.scalarType {
                case .null?: return .null
                case .bool?: return .bool(node.bool ?? false)
                case .int?: return .number(node.int.map(String.init) ?? (node.string ?? "0"))
                case .float?:
                    guard let value = node.double, value.isFinite else { return .string(node.string ?? "") }
                    return .number(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
                default:
                    let text = node.string ?? ""
                    return .string(canonical(text, unit: entry.flatMap { tree.entries[$0].unit }))
                }
            case .sequence:
                let itemEntry = entry.flatMap { tree.child($0, "[]") }
                var items: [JSON] = []
                items.reserveCapacity(node.count)
                for (i, item) in node.items.enumerated() {
                    path.append("[\(i)]")
                    items.append(convert(item, at: itemEntry))
                    path.removeLast()
                }
                if let entry, tree.entries[entry].isSet {
                    items.sort { $0.compactText().utf8.lexicographicallyPrecedes($1.compactText().utf8) }
                }
                return .array(items)
            case .mapping:
                if node.count == 1, let reference = node["secretRef"]?.string {
                    resolveSecret(reference, at: node, path: "spec." + pathText)
                    return .object(["secretRef": .string(reference)])
                }
                var members: [String: JSON] = [:]
                members.reserveCapacity(node.count)
                node.forEachPair { key, value in
                    guard let name = key.string else { return }
                    path.append(name)
                    members[name] = convert(value, at: entry.flatMap { tree.child($0, name) })
                    path.removeLast()
                }
                return .object(members)
            }
        }

        private var pathText: String {
            var out = ""
            for component in path {
                if component.hasPrefix("[") { out += component } else { out += out.isEmpty ? component : "." + component }
            }
            return out
        }

        func canonical(_ text: String, unit: FieldCatalog.Unit?) -> String {
            switch unit {
            case .duration?: return Duration(text)?.description ?? text
            case .size?: return ByteSize(text)?.description ?? text
            case .money?: return Money(text)?.description ?? text
            case .cidr?: return (try? CIDR.parse(text).get())?.description ?? text
            case nil: return text
            }
        }

        /// Reads a secret to digest it; its value goes no further than this function.
        mutating func resolveSecret(_ reference: String, at node: Node, path: String) {
            var value: [UInt8]?
            var problem = ""
            if reference.hasPrefix("env:") {
                let name = String(reference.dropFirst(4))
                value = secrets.environment[name].map { Array($0.utf8) }
                problem = "the environment variable \(name) is not set"
            } else if reference.hasPrefix("file:") {
                let relative = String(reference.dropFirst(5))
                let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : secrets.root.appendingPathComponent(relative)
                value = (try? Data(contentsOf: url)).map { Array($0) }
                problem = "the file \(url.path) cannot be read"
            }
            guard let value else {
                diagnostics.append(.error(
                    "secret.missing", "secret `\(reference)` is not available: \(problem)",
                    detail: "Tenancy reads each secret at plan time to store a digest of it, so that a rotated secret shows as a change. The value itself is never stored or printed.",
                    hint: reference.hasPrefix("env:") ? "export \(reference.dropFirst(4)) before running, or use file:PATH" : "create the file, or use env:NAME",
                    range: node.range, path: path, address: manifest.address.description))
                return
            }
            digests[path] = SHA256.hex(value)
        }
    }
}
