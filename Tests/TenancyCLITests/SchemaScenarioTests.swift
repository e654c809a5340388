import Foundation
import TenancyDiagnostics
import TenancySchema
import TenancyYAML
import TenancyTestSupport
import XCTest

/// The schemas as editors use them: every file has an `$id`; `tenancy schema KIND` is one
/// self-contained document that checks a manifest saved alone; `tenancy schema --write DIR`
/// writes the files as schema/ holds them; the examples carry their own copy, in step with it;
/// `tenancy init` maps the schema to the manifests for editors.
final class SchemaScenarioTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ arguments: [String], in folder: URL = FileManager.default.temporaryDirectory) throws -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: folder)
    }

    func document(_ text: String, _ name: String) throws -> Node {
        try XCTUnwrap(YAMLLoader().load(SourceFile(path: name, bytes: Data(text.utf8))).documents.first?.root, name)
    }

    /// No schema file has an `$id`: a relative one made validators resolve references against the
    /// working directory, an absolute https one makes them fetch the sibling over the network.
    /// Without one, a reference resolves against the file's own location, from any folder, offline.
    func testNoSchemaHasAnIdAndEveryKindsSchemaWorksAlone() throws {
        let folder = Self.root.appendingPathComponent("schema")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            XCTAssertNil(try document(text, name)["$id"], "\(name) has an $id")
        }
        let bundled = try run(["schema", "workspace"])
        XCTAssertEqual(bundled.code, 0, bundled.err)
        XCTAssertFalse(bundled.out.contains("tenancy.schema.json#"), "no reference leads out of the document")
        // Compiled alone, with no other document registered: every reference resolves inside it.
        let schema = try JSONSchema.compile(try document(bundled.out, "workspace.schema.json"), uri: "file:///tmp/workspace.schema.json")
        let engineering = try String(contentsOf: Self.root.appendingPathComponent("examples/workspaces/engineering.yaml"), encoding: .utf8)
        XCTAssertEqual(schema.validate(try document(engineering, "engineering.yaml")).map(\.message), [])
        let broken = engineering.replacingOccurrences(of: "sessionTimeout:", with: "sesionTimeout:")
        XCTAssertFalse(schema.validate(try document(broken, "broken.yaml")).isEmpty, "a misspelt field is caught")
        let unknown = try run(["schema", "Wrokspace"])
        XCTAssertEqual(unknown.code, 1)
        XCTAssertTrue(unknown.err.contains("did you mean `Workspace`?"), unknown.err)
    }

    func testWriteRefreshesACopyAndTheExamplesCarryTheirs() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-schemas-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: target) }
        let written = try run(["schema", "--write", target.path])
        XCTAssertEqual(written.code, 0, written.err)
        XCTAssertEqual(written.out, "Wrote 20 schema files to \(target.path)/.\n")
        for copy in [target, Self.root.appendingPathComponent("examples/schema")] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("schema").path).sorted()
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: copy.path).sorted(), names, copy.path)
            for name in names {
                XCTAssertEqual(try Data(contentsOf: copy.appendingPathComponent(name)), try Data(contentsOf: Self.root.appendingPathComponent("schema/\(name)")),
                               "\(copy.lastPathComponent)/\(name) is in step with schema/ (refresh: tenancy schema --write examples/schema)")
            }
        }
        // The examples' modelines point inside the examples' own folder.
        let engineering = try String(contentsOf: Self.root.appendingPathComponent("examples/workspaces/engineering.yaml"), encoding: .utf8)
        XCTAssertTrue(engineering.hasPrefix("# yaml-language-server: $schema=../schema/tenancy.schema.json\n"))
    }

    func testInitMapsTheSchemaForEditors() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: target) }
        XCTAssertEqual(try run(["init", "--dir", target.path]).code, 0)
        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: target.appendingPathComponent(".vscode/settings.json"))) as? [String: Any]
        let schemas = try XCTUnwrap(settings?["yaml.schemas"] as? [String: [String]])
        XCTAssertEqual(schemas["./schema/tenancy.schema.json"], ["*.yaml", "**/*.yaml"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: target.appendingPathComponent("schema/tenancy.schema.json").path))
    }

    /// Every command's help shows an example, and none keeps a source line continuation.
    func testEveryCommandsHelpShowsAnExampleAndNoStrayLineContinuation() throws {
        func commands(of help: String) -> [String] {
            guard let section = help.components(separatedBy: "\nCommands:\n").dropFirst().first else { return [] }
            return section.components(separatedBy: "\n\n")[0].split(separator: "\n").compactMap { line in
                line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            }
        }
        var leaves: [[String]] = []
        for command in commands(of: try run(["--help"]).out) {
            let subcommands = commands(of: try run([command, "--help"]).out)
            leaves += subcommands.isEmpty ? [[command]] : subcommands.map { [command, $0] }
        }
        XCTAssertGreaterThanOrEqual(leaves.count, 30, "every command and subcommand")
        for words in leaves {
            let help = try run(words + ["--help"]).out
            XCTAssertTrue(help.contains("\nExamples:\n  tenancy "), "\(words.joined(separator: " ")) shows no example")
            XCTAssertFalse(help.contains("\\\n") || help.contains(" \\ "), "\(words.joined(separator: " ")): a stray line continuation")
        }
    }

    /// The published schemas used as a user would, with check-jsonschema run from another folder
    /// (no network: references between the files resolve beside them): the examples' manifests
    /// pass their kind's schema and the bundle, a broken one fails, and the export passes its own.
    func testSchemasWorkFromAnyFolderWithCheckJSONSchema() throws {
        let bin = try PythonTools.venv("check-jsonschema", ["check-jsonschema==0.29.4"])
        let scenario = try ScenarioFolder()
        defer { scenario.remove() }
        let schema = Self.root.appendingPathComponent("schema").path
        let elsewhere = FileManager.default.temporaryDirectory
        let check = "'\(bin.path)/check-jsonschema' --no-cache --schemafile"
        for (file, kind) in [("workspaces/clinic.yaml", "workspace"), ("tenancy.yaml", "project"), ("teams/platform.yaml", "team"), ("organization.yaml", "organization")] {
            for schemaFile in ["\(kind).schema.json", "tenancy.schema.json"] {
                let run = PythonTools.shell("\(check) '\(schema)/\(schemaFile)' '\(scenario.file(file).path)'", in: elsewhere)
                XCTAssertEqual(run.code, 0, "\(file) against \(schemaFile), run from \(elsewhere.path): \(run.output)")
            }
        }
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 10 minutes") }
        let broken = PythonTools.shell("\(check) '\(schema)/workspace.schema.json' '\(scenario.file("workspaces/clinic.yaml").path)'", in: elsewhere)
        XCTAssertEqual(broken.code, 1, "a duration that is not one fails: \(broken.output)")
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"], environment: [:]).code, 1, "and tenancy agrees")
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10 minutes", with: "idle: 10m") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let export = try scenario.tenancy(["export", "--format", "json"])
        try Data(export.out.utf8).write(to: scenario.file("export.json"))
        let exported = PythonTools.shell("\(check) '\(schema)/export.schema.json' '\(scenario.file("export.json").path)'", in: elsewhere)
        XCTAssertEqual(exported.code, 0, "the export against export.schema.json: \(exported.output)")
    }
}
