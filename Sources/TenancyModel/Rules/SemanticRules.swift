import Dispatch
import TenancySupport
import TenancyDiagnostics
import TenancyYAML

/// The rules no schema can express: uniqueness, references between manifests, sums across
/// workspaces, sane combinations. Each rule is a small function over the whole configuration.
enum SemanticRules {
    static func check(_ configuration: Configuration, into diagnostics: inout Diagnostics) {
        ReferenceRules.checkUniqueness(configuration, into: &diagnostics)
        ReferenceRules.checkPreviousNames(configuration, into: &diagnostics)
        // Each manifest's references, and each workspace's own rules and template rules, depend
        // on nothing but the (immutable) configuration: spread them over the cores.
        let manifests = configuration.manifests
        let found = Parallel.chunks(manifests.count, grain: 256, state: { Diagnostics() }) { range, local in
            for i in range {
                let manifest = manifests[i]
                let effective = manifest.kind == .workspace ? configuration.effective(manifest) : nil
                ReferenceRules.checkReferences(of: manifest, effective: effective, in: configuration, into: &local)
                guard let effective else { continue }
                WorkspaceRules.check(manifest, effective: effective, into: &local)
                TemplateEnforcement.check(manifest, effective: effective, in: configuration, into: &local)
            }
        }
        for part in found { diagnostics.append(contentsOf: part) }
        for workspace in configuration.early {
            for reference in workspace.references {
                ReferenceRules.resolve(reference, from: workspace.address, in: configuration, into: &diagnostics)
            }
        }
        if configuration.organization?.spec?["limits"] != nil {
            var tallies = configuration.all(.workspace).map { QuotaTally(name: $0.name, effective: configuration.effective($0)) }
            if !configuration.early.isEmpty {
                tallies += configuration.early.map(\.quotas)
                tallies.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            }
            WorkspaceRules.checkOrganizationCaps(configuration, tallies: tallies, into: &diagnostics)
        }
        for team in configuration.all(.team) { ReferenceRules.checkMaintainers(team, into: &diagnostics) }
    }

    /// A workspace's own rules and its (built-in) template's, run while its file is read; what the
    /// rules over the whole configuration need of it is returned.
    static func finishEarly(_ workspace: Manifest, template: Template, templateNode: Node, profiles: [(Template, Node)],
                            into diagnostics: inout Diagnostics) -> EarlyWorkspace {
        var layers: [Node] = []
        if let spec = workspace.spec { layers.append(spec) }
        if let defaults = template.defaults { layers.append(defaults) }
        let effective = LayeredNode(layers)
        WorkspaceRules.check(workspace, effective: effective, into: &diagnostics)
        let sources = [RuleSource(template: template, node: templateNode, asProfile: false)]
            + profiles.map { RuleSource(template: $0.0, node: $0.1, asProfile: true) }
        TemplateEnforcement.check(workspace, effective: effective, sources: sources, into: &diagnostics)
        return EarlyWorkspace(name: workspace.name, nameSpan: workspace.nameNode.span, ordinal: workspace.ordinal,
                              templates: [template.name] + profiles.map(\.0.name), references: ReferenceRules.references(ofWorkspace: workspace, effective: effective),
                              quotas: QuotaTally(name: workspace.name, effective: effective), previousNames: PreviousName.of(workspace))
    }

    /// A helper shared by the rules: an error about a node of a manifest.
    static func error(_ code: Diagnostic.Code, _ summary: String, at node: Node, in manifest: Manifest,
                      path: String? = nil, detail: String = "", hint: String? = nil) -> Diagnostic {
        .error(code, summary, detail: detail, hint: hint, range: node.range, path: path, address: manifest.address.description)
    }

    static func warning(_ code: Diagnostic.Code, _ summary: String, at node: Node, in manifest: Manifest,
                        path: String? = nil, detail: String = "", hint: String? = nil) -> Diagnostic {
        .warning(code, summary, detail: detail, hint: hint, range: node.range, path: path, address: manifest.address.description)
    }
}
