import TenancyDiagnostics
import TenancyYAML

/// The rules no schema can express: uniqueness, references between manifests, sums across
/// workspaces, sane combinations. Each rule is a small function over the whole configuration.
enum SemanticRules {
    static func check(_ configuration: Configuration, into diagnostics: inout Diagnostics) {
        ReferenceRules.checkUniqueness(configuration, into: &diagnostics)
        ReferenceRules.checkReferences(configuration, into: &diagnostics)
        for workspace in configuration.all(.workspace) {
            let effective = configuration.effective(workspace)
            WorkspaceRules.check(workspace, effective: effective, into: &diagnostics)
        }
        WorkspaceRules.checkOrganizationCaps(configuration, into: &diagnostics)
        for team in configuration.all(.team) { ReferenceRules.checkMaintainers(team, into: &diagnostics) }
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
