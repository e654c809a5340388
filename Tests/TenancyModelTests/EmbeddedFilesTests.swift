import Foundation
@testable import TenancyModel
import TenancyTestSupport
import XCTest

/// The schemas and templates are compiled into the binary; these tests prove the embedded copies
/// equal the files in schema/ and templates/ (so they cannot drift), and regenerate them when
/// TENANCY_UPDATE_GOLDEN=1.
final class EmbeddedFilesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEmbeddedSchemasEqualSchemaFolder() throws {
        try check(folder: "schema", suffix: ".schema.json", embedded: EmbeddedSchemas.files, enumName: "EmbeddedSchemas",
                  swiftFile: "Sources/TenancyModel/Generated/EmbeddedSchemas.swift", description: "The JSON Schemas of `schema/`, compiled into the binary so that `tenancy` needs no files beside it.")
    }

    func testEmbeddedTemplatesEqualTemplatesFolder() throws {
        try check(folder: "templates", suffix: ".yaml", embedded: EmbeddedTemplates.files, enumName: "EmbeddedTemplates",
                  swiftFile: "Sources/TenancyModel/Generated/EmbeddedTemplates.swift", description: "The built-in templates of `templates/`, compiled into the binary.")
    }

    func testEmbeddedFrameworksEqualFrameworksFolder() throws {
        try check(folder: "frameworks", suffix: ".yaml", embedded: EmbeddedFrameworks.files, enumName: "EmbeddedFrameworks",
                  swiftFile: "Sources/TenancyModel/Generated/EmbeddedFrameworks.swift", description: "The compliance framework catalogs of `frameworks/`, compiled into the binary.")
    }

    /// Every built-in rule has an id, a source and a reason; every framework catalog is valid
    /// against its schema and names only rules that exist; every rule of a compliance template
    /// or profile shows at least one control.
    func testEveryRuleIsCitedAndEveryCatalogIsInStep() throws {
        let templates = ConfigurationLoader().load(sources: []).configuration.templates
        for template in templates.values where template.builtIn {
            for rule in template.rules {
                XCTAssertNotNil(rule.node["id"], "\(template.name): the rule on \(rule.fieldPath) has no id")
                XCTAssertFalse(rule.source.isEmpty, "\(rule.qualifiedID) has no source")
                XCTAssertFalse((rule.reason ?? "").isEmpty, "\(rule.qualifiedID) has no reason")
            }
        }
        let frameworks = try ComplianceFramework.builtIn.get()
        XCTAssertEqual(frameworks.map(\.id), ["fedramp-moderate", "gdpr", "hipaa", "pci-dss", "sec-17a-4", "soc2"])
        var shown = Set<String>()
        for framework in frameworks {
            XCTAssertEqual(framework.unknownRules(in: templates), [], "\(framework.id) names rules that do not exist")
            for name in framework.scope { XCTAssertNotNil(templates[name], "\(framework.id)'s scope names \(name)") }
            XCTAssertEqual(Set(framework.controls.map(\.id)).count, framework.controls.count, "\(framework.id) repeats a control")
            shown.formUnion(framework.controls.flatMap(\.rules))
        }
        for name in ["healthcare", "financial-services", "government", "soc2", "gdpr"] {
            for rule in templates[name]?.rules ?? [] {
                XCTAssertTrue(shown.contains(rule.qualifiedID), "\(rule.qualifiedID) shows no control of any framework")
            }
        }
        // A catalog that breaks its schema is refused with the schema's message.
        let schema = try ManifestSchemas.dataSchema("framework.schema.json").get()
        switch ComplianceFramework.parse("framework: x\ntitle: X\nversion: '1'\nscope: [a]\ncontrols: [{id: c1, title: C}]\n", file: "x.yaml", schema: schema) {
        case .success: XCTFail("a control with neither rules nor a manual note is refused")
        case let .failure(error): XCTAssertTrue(error.summary.contains("x.yaml"), error.summary)
        }
    }

    func testBuiltInSchemasCompileAndTemplatesAreValid() throws {
        _ = try ManifestSchemas.builtIn.get()
        // Loading templates/ as a configuration: valid, each file only warned about as replacing its built-in twin.
        let folder = ConfigurationLoader().load(paths: [Self.root.appendingPathComponent("templates").path])
        XCTAssertEqual(folder.diagnostics.filter { $0.severity == .error }.map(\.summary), [])
        XCTAssertEqual(Set(folder.diagnostics.map(\.code)), [.templateOverride])
        let result = ConfigurationLoader().load(sources: [])
        XCTAssertEqual(result.diagnostics.map(\.summary), [])
        let templates = result.configuration.templates.values.filter(\.builtIn)
        XCTAssertEqual(Set(templates.map(\.name)), ["enterprise-starter", "financial-services", "healthcare", "government", "soc2", "gdpr"])
        for template in templates {
            XCTAssertFalse(template.rules.isEmpty, template.name)
            for rule in template.rules { XCTAssertFalse(rule.source.isEmpty) }
        }
    }

    private func check(folder: String, suffix: String, embedded: [(name: String, text: String)], enumName: String,
                       swiftFile: String, description: String) throws {
        let directory = Self.root.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(suffix) }.sorted()
        let files = try names.map { ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
        if Golden.updating {
            var out = "// Generated from \(folder)/*\(suffix) by `TENANCY_UPDATE_GOLDEN=1 swift test --filter EmbeddedFilesTests`.\n"
            out += "// Do not edit: edit the files in \(folder)/ and regenerate; a test fails when the two differ.\n\n"
            out += "/// \(description)\nenum \(enumName) {\n    static let files: [(name: String, text: String)] = [\n"
            for (name, text) in files {
                let literal = Golden.rawStringLiteral(text.trimmingCharacters(in: .newlines))
                XCTAssertNotNil(literal, "\(name) cannot be embedded as a raw string")
                out += "        (\"\(name)\", " + (literal ?? "") + "),\n"
            }
            out += "    ]\n}\n"
            try Data(out.utf8).write(to: Self.root.appendingPathComponent(swiftFile))
            return
        }
        XCTAssertEqual(embedded.map(\.name), files.map(\.0), "\(swiftFile) is stale: run TENANCY_UPDATE_GOLDEN=1 swift test")
        for ((name, text), file) in zip(files, embedded) {
            XCTAssertEqual(file.text + "\n", text, "\(name) differs from its embedded copy: run TENANCY_UPDATE_GOLDEN=1 swift test")
        }
    }
}
