import TenancyDiagnostics
import TenancySchema
import TenancySupport
import TenancyYAML

/// Checks manifests that were not just read from the configuration's files — the resources of a
/// saved plan, written back as manifests — the way the loader checks each one it reads: its kind's
/// schema, the documented ranges, literal secrets, and for a workspace its own rules and its
/// template's (with the templates and the organization's default of `configuration`).
///
/// Rules across manifests (references, unique names, the organization's caps) are the caller's:
/// only it knows the whole set the manifests are about to join.
package struct ManifestRecheck: Sendable {
    let checker: DocumentChecker
    let configuration: Configuration

    /// Throws when the embedded schemas do not compile (a defect of the build).
    package init(configuration: Configuration) throws(SchemaCompileError) {
        switch ManifestSchemas.builtIn {
        case let .success(compiled): checker = DocumentChecker(schema: compiled.bundle)
        case let .failure(error): throw error
        }
        self.configuration = configuration
    }

    /// Each document of `source` checked alone: the manifests that passed the schema (possibly
    /// with errors of the ranges or the rules, in `diagnostics`) and every problem found.
    package func check(_ source: SourceFile) -> (manifests: [Manifest], diagnostics: Diagnostics) {
        var (manifests, diagnostics, _) = checker.check(source)
        for manifest in manifests where manifest.kind == .workspace {
            let effective = configuration.effective(manifest)
            WorkspaceRules.check(manifest, effective: effective, into: &diagnostics)
            TemplateEnforcement.check(manifest, effective: effective, in: configuration, into: &diagnostics)
        }
        return (manifests, diagnostics)
    }
}
