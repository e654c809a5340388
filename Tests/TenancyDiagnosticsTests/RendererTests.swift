import Foundation
import TenancyDiagnostics
import XCTest

final class RendererTests: XCTestCase {
    let source = SourceFile(path: "ws/clinic.yaml", bytes: Data("spec:\n\tpolicy:\n    sessionTimeout: {idle: 30m}\n".utf8))

    var diagnostics: Diagnostics {
        Diagnostics([
            .error("schema.rule", "healthcare requires policy.sessionTimeout.idle ≤ 15m",
                   detail: "HIPAA 164.312(a)(2)(iii) automatic logoff.\nThis workspace sets 30m.",
                   hint: "set idle to 15m or less",
                   range: SourceRange(filename: "ws/clinic.yaml", start: source.location(line: 3, column: 28),
                                      end: source.location(line: 3, column: 31)),
                   path: "spec.policy.sessionTimeout.idle", address: "Workspace/clinic"),
            .warning("yaml.tab", "tab", range: SourceRange(filename: "ws/clinic.yaml", at: source.location(line: 2, column: 2))),
            .error("io.read", "no such file or folder: x"),
        ])
    }

    func testTextRenderingWithoutColour() {
        let text = TextDiagnosticRenderer(useColor: false).render(diagnostics, sources: [source.path: source])
        XCTAssertEqual(text, """
        ws/clinic.yaml:3:28: error: healthcare requires policy.sessionTimeout.idle ≤ 15m [schema.rule]
          3 |     sessionTimeout: {idle: 30m}
            |                            ^~~
          resource: Workspace/clinic
          at: spec.policy.sessionTimeout.idle
          HIPAA 164.312(a)(2)(iii) automatic logoff.
          This workspace sets 30m.
          hint: set idle to 15m or less
        ws/clinic.yaml:2:2: warning: tab [yaml.tab]
          2 | \tpolicy:
            | \t^
        error: no such file or folder: x [io.read]

        """)
        XCTAssertFalse(text.contains("\u{1B}"))
        XCTAssertEqual(TextDiagnosticRenderer(useColor: false).summary(diagnostics), "2 errors, 1 warning.")
        XCTAssertEqual(TextDiagnosticRenderer(useColor: false).summary(Diagnostics()), "No problems found.")
    }

    func testColourWhenAsked() {
        let text = TextDiagnosticRenderer(useColor: true).render(diagnostics, sources: [:])
        XCTAssertTrue(text.contains("\u{1B}[1;31merror:\u{1B}[0m"))
        XCTAssertTrue(text.contains("\u{1B}[1;33mwarning:\u{1B}[0m"))
    }

    func testJSONHasTerraformValidateShape() throws {
        let text = JSONDiagnosticRenderer().render(diagnostics)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        XCTAssertEqual(object["format_version"] as? String, "1.0")
        XCTAssertEqual(object["valid"] as? Bool, false)
        XCTAssertEqual(object["error_count"] as? Int, 2)
        XCTAssertEqual(object["warning_count"] as? Int, 1)
        let entries = try XCTUnwrap(object["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 3)
        let first = entries[0]
        XCTAssertEqual(first["severity"] as? String, "error")
        XCTAssertEqual(first["summary"] as? String, "healthcare requires policy.sessionTimeout.idle ≤ 15m")
        XCTAssertEqual(first["code"] as? String, "schema.rule")
        XCTAssertEqual(first["path"] as? String, "spec.policy.sessionTimeout.idle")
        XCTAssertEqual(first["address"] as? String, "Workspace/clinic")
        let range = try XCTUnwrap(first["range"] as? [String: Any])
        XCTAssertEqual(range["filename"] as? String, "ws/clinic.yaml")
        let start = try XCTUnwrap(range["start"] as? [String: Int])
        XCTAssertEqual(start, ["line": 3, "column": 28, "byte": 42])
        let end = try XCTUnwrap(range["end"] as? [String: Int])
        XCTAssertEqual(end, ["line": 3, "column": 31, "byte": 45])
        XCTAssertNil(entries[2]["range"], "a diagnostic without a file has no range")
        let valid = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONDiagnosticRenderer().render(Diagnostics()).utf8)) as? [String: Any])
        XCTAssertEqual(valid["valid"] as? Bool, true)
    }

    func testSortingPutsFilelessFirstThenByPosition() {
        let sorted = diagnostics.sorted()
        XCTAssertEqual(sorted.map(\.code.rawValue), ["io.read", "yaml.tab", "schema.rule"])
    }
}
