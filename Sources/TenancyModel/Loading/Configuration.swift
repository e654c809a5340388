import TenancyDiagnostics
import TenancyYAML

/// Everything a configuration declares, after the schema accepted it: the manifests by address,
/// and the templates (built-in and the configuration's own) by name.
package struct Configuration: Sendable {
    package let manifests: [Manifest]
    package let templates: [String: Template]
    private let byAddress: [Address: Int]
    private let byKind: [Kind: Range<Int>]
    /// The (first) Organization, looked up once: every workspace asks for its default template.
    package let organization: Manifest?
    /// Workspaces finished while their files were read (their trees gone): only what the rules
    /// over the whole configuration need of them. Empty unless the loader streamed.
    let early: [EarlyWorkspace]
    private let earlyNames: Set<String>
    /// Documents of the configuration that were refused (they failed their schema): they exist,
    /// so a reference to one is not dangling; their own errors say what is wrong.
    let refused: Set<Address>

    /// How many workspaces the configuration declares, held or finished early.
    package var workspaceCount: Int { all(.workspace).count + early.count }

    init(manifests: [Manifest], templates: [String: Template], early: [EarlyWorkspace] = [], refused: Set<Address> = []) {
        // By kind, then name by bytes: names are ASCII DNS labels, and byte order is both correct
        // and much cheaper than String's Unicode ordering.
        // Indexes are sorted, not the manifests themselves: moving a manifest costs reference counts.
        let order = manifests.indices.sorted { i, j in
            let a = manifests[i], b = manifests[j]
            return a.kind != b.kind ? a.kind < b.kind : a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        let sorted = order.map { manifests[$0] }
        self.manifests = sorted
        self.templates = templates
        var index: [Address: Int] = [:]
        var kinds: [Kind: Range<Int>] = [:]
        for (i, manifest) in sorted.enumerated() {
            if index[manifest.address] == nil { index[manifest.address] = i }
            kinds[manifest.kind] = (kinds[manifest.kind]?.lowerBound ?? i)..<(i + 1)
        }
        byAddress = index
        byKind = kinds
        organization = kinds[.organization].map { sorted[$0.lowerBound] }
        self.early = early
        earlyNames = Set(early.map(\.name))
        self.refused = refused
    }

    /// The manifests of one kind, in name order: a view of the sorted list (no copying) indexed
    /// from 0, so that `all(.organization)[0]` is the first Organization whatever comes before it.
    package func all(_ kind: Kind) -> ManifestList { ManifestList(byKind[kind].map { manifests[$0] } ?? []) }
    package subscript(address: Address) -> Manifest? { byAddress[address].map { manifests[$0] } }
    package func contains(_ address: Address) -> Bool {
        byAddress[address] != nil || (address.kind == .workspace && earlyNames.contains(address.name)) || refused.contains(address)
    }

    /// The names declared for a kind, early workspaces included.
    package func names(of kind: Kind) -> [String] {
        all(kind).map(\.name) + (kind == .workspace ? early.map(\.name) : [])
    }

    /// The template a workspace uses: its own `spec.template`, else the organization's default.
    package func templateName(for workspace: Manifest) -> (name: String, node: Node)? {
        if let node = workspace.spec?["template"], let name = node.string { return (name, node) }
        if let node = organization?.spec?["defaultTemplate"], let name = node.string { return (name, node) }
        return nil
    }

    /// The templates whose rules a workspace must satisfy: its template, then the profiles of its
    /// `spec.profiles` in order (names that are not defined are reported by the reference rules).
    package func ruleSources(for workspace: Manifest) -> [RuleSource] {
        var sources: [RuleSource] = []
        if let (name, node) = templateName(for: workspace), let template = templates[name] {
            sources.append(.init(template: template, node: node, asProfile: false))
        }
        for node in workspace.spec?["profiles"]?.items ?? [] {
            guard let name = node.string, let profile = templates[name] else { continue }
            sources.append(.init(template: profile, node: node, asProfile: true))
        }
        return sources
    }

    /// The rules that apply to a workspace, each with the template or profile that holds it.
    package func rules(for workspace: Manifest) -> [TemplateRule] {
        ruleSources(for: workspace).filter(\.isWellFormed).flatMap(\.template.rules)
    }

    /// A workspace's effective settings: its spec over its template's defaults.
    package func effective(_ workspace: Manifest) -> LayeredNode {
        var layers: [Node] = []
        if let spec = workspace.spec { layers.append(spec) }
        if let name = templateName(for: workspace)?.name, let defaults = templates[name]?.defaults { layers.append(defaults) }
        return LayeredNode(layers)
    }
}

/// Manifests of one kind, in name order: a zero-based view of a slice of the configuration's list.
/// (An `ArraySlice` keeps its parent's indices, and indexing one from 0 traps.)
package struct ManifestList: RandomAccessCollection, Sendable {
    private let base: ArraySlice<Manifest>

    init(_ base: ArraySlice<Manifest>) { self.base = base }

    package var startIndex: Int { 0 }
    package var endIndex: Int { base.count }
    package subscript(position: Int) -> Manifest { base[base.startIndex + position] }
}
