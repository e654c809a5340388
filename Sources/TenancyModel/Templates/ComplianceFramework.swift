import Foundation
import TenancyDiagnostics
import TenancySchema
import TenancyYAML

/// A compliance framework's catalog (`frameworks/*.yaml`, schema/framework.schema.json): its
/// controls, each with the template rules that show it or, where no setting can, what a person
/// must check. Catalogs are data, embedded in the binary like the templates; a control's title is
/// a short description in Tenancy's words, never the standard's text.
package struct ComplianceFramework: Sendable {
    package struct Control: Sendable {
        package let id: String
        package let title: String
        /// `healthcare/idle-logoff`: the qualified ids of the rules that show the control.
        package let rules: [String]
        /// What no setting can show; with rules, the control is manual once they pass.
        package let manual: String?
    }

    package let id: String
    package let title: String
    package let version: String
    /// The templates and profiles whose workspaces the framework applies to.
    package let scope: [String]
    package let controls: [Control]
    /// The catalog file, for messages.
    package let file: String

    /// The built-in catalogs, by id in name order; parsed, checked against their schema and
    /// against the built-in templates' rules once per process (they are part of the program).
    package static var builtIn: Result<[ComplianceFramework], FrameworkCatalogError> { loaded }

    private static let loaded: Result<[ComplianceFramework], FrameworkCatalogError> = {
        let schema: JSONSchema
        switch ManifestSchemas.dataSchema("framework.schema.json") {
        case let .success(compiled): schema = compiled
        case let .failure(error): return .failure(FrameworkCatalogError(file: "framework.schema.json", problems: [error.diagnostic]))
        }
        var frameworks: [ComplianceFramework] = []
        for file in EmbeddedFrameworks.files {
            switch parse(file.text + "\n", file: "<built-in>/frameworks/" + file.name, schema: schema) {
            case let .success(framework): frameworks.append(framework)
            case let .failure(error): return .failure(error)
            }
        }
        return .success(frameworks)
    }()

    /// A catalog from its YAML text, checked against `schema`.
    static func parse(_ text: String, file: String, schema: JSONSchema) -> Result<ComplianceFramework, FrameworkCatalogError> {
        let source = SourceFile(path: file, bytes: Data(text.utf8))
        let loaded = YAMLLoader().load(source)
        guard let root = loaded.documents.first?.root, loaded.diagnostics.isEmpty else {
            return .failure(FrameworkCatalogError(file: file, problems: Array(loaded.diagnostics)))
        }
        let problems = ManifestSchemas.diagnostics(validating: root, with: schema)
        guard problems.isEmpty else { return .failure(FrameworkCatalogError(file: file, problems: Array(problems))) }
        let controls = root["controls"]?.items.map { node in
            Control(id: node["id"]?.string ?? "", title: node["title"]?.string ?? "",
                    rules: node["rules"]?.items.compactMap(\.string) ?? [], manual: node["manual"]?.string)
        } ?? []
        return .success(ComplianceFramework(
            id: root["framework"]?.string ?? "", title: root["title"]?.string ?? "", version: root["version"]?.string ?? "",
            scope: root["scope"]?.items.compactMap(\.string) ?? [], controls: controls, file: file))
    }

    /// The rule ids the catalog names that `templates` do not hold (a catalog out of step with
    /// the templates: a test keeps the built-in ones in step).
    package func unknownRules(in templates: [String: Template]) -> [String] {
        let known = Set(templates.values.flatMap { $0.rules.map(\.qualifiedID) })
        return controls.flatMap(\.rules).filter { !known.contains($0) }
    }
}

/// A framework catalog that cannot be read: a defect of the program for the built-in ones.
package struct FrameworkCatalogError: Error, Sendable, DiagnosticError {
    package let file: String
    package let problems: [Diagnostic]

    package var code: Diagnostic.Code { .invalidFramework }
    package var summary: String { "the framework catalog \(file) is invalid: " + (problems.first?.summary ?? "it cannot be read") }
    package var detail: String { "The catalogs are part of Tenancy; this is a defect of the program." }
    package var hint: String? { "report it with `tenancy version`" }
}
