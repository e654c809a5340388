import Dispatch
import Synchronization
import TenancyDiagnostics
import TenancyYAML

/// The rules no schema can express: uniqueness, references between manifests, sums across
/// workspaces, sane combinations. Each rule is a small function over the whole configuration.
enum SemanticRules {
    static func check(_ configuration: Configuration, into diagnostics: inout Diagnostics) {
        ReferenceRules.checkUniqueness(configuration, into: &diagnostics)
        // Each manifest's references, and each workspace's own rules and template rules, depend
        // on nothing but the (immutable) configuration: spread them over the cores.
        let manifests = configuration.manifests
        let chunks = Swift.max(1, Swift.min(manifests.count / 256, 64))
        let found = Mutex<[Diagnostic]>([])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var local = Diagnostics()
            for i in Swift.stride(from: chunk, to: manifests.count, by: chunks) {
                let manifest = manifests[i]
                let effective = manifest.kind == .workspace ? configuration.effective(manifest) : nil
                ReferenceRules.checkReferences(of: manifest, effective: effective, in: configuration, into: &local)
                guard let effective else { continue }
                WorkspaceRules.check(manifest, effective: effective, into: &local)
                TemplateEnforcement.check(manifest, effective: effective, in: configuration, into: &local)
            }
            found.withLock { $0.append(contentsOf: local.items) }
        }
        diagnostics.append(contentsOf: found.withLock { $0 })
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
