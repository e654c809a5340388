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
          HIPAA 164.312(a)(2)(iii) automatic logoff.\\u{a}This workspace sets 30m.
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

    /// A 16 MB line is quoted as a window of at most 120 characters around the range (and
    /// quickly: one pass over its bytes), a 1 MB value is not repeated in the message, and the
    /// quoted line shows control characters as pictures.
    func testHostileSizesStayBounded() {
        let long = String(repeating: "x", count: 16 << 20) // (a 64 MB line in scripts/hostile-inputs.sh)
        let file = SourceFile(path: "big.yaml", bytes: Array(("name: " + long + "\u{1b}tail\n").utf8))
        let column = 6 + (16 << 20) + 1
        let range = SourceRange(filename: "big.yaml", start: file.location(line: 1, column: column), end: file.location(line: 1, column: column + 1))
        let name = String(repeating: "n", count: 1 << 20)
        let diagnostic = Diagnostic.error("value.invalid", "`\(name)` is not a name", range: range)
        let start = Date()
        let text = TextDiagnosticRenderer(useColor: false).render(Diagnostics([diagnostic]), sources: ["big.yaml": file])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertLessThan(text.utf8.count, 3000, "bounded output")
        XCTAssertTrue(text.contains("… (\((1 << 20) + 16 - 1000) more characters)"), String(text.prefix(1200)))
        XCTAssertTrue(text.contains("\u{241B}tail"), "the escape is shown as its picture")
        let lines = text.split(separator: "\n")
        XCTAssertLessThanOrEqual(lines[1].count, 130)
        let json = JSONDiagnosticRenderer().render(Diagnostics([diagnostic]), sources: ["big.yaml": file])
        XCTAssertLessThan(json.utf8.count, 5000)
    }

    /// Thousands of diagnostics: the text shows the first hundred and counts the rest; JSON lists
    /// ten thousand and says how many more there were.
    func testTheNumberShownIsCapped() throws {
        let many = Diagnostics((0..<12_000).map { Diagnostic.error("x.y", "problem \($0)") })
        let text = TextDiagnosticRenderer(useColor: false).render(many, sources: [:])
        XCTAssertEqual(text.split(separator: "\n").count, 101)
        XCTAssertTrue(text.hasSuffix("… and 11900 errors more not shown (`--format json` lists every one).\n"), String(text.suffix(120)))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONDiagnosticRenderer().render(many).utf8)) as? [String: Any])
        XCTAssertEqual((json["diagnostics"] as? [Any])?.count, 10_000)
        XCTAssertEqual(json["diagnostics_omitted"] as? Int, 2000)
        XCTAssertEqual(json["error_count"] as? Int, 12_000)
    }

    /// A diagnostic about a secret in a manifest quotes its line with the secret masked, in text
    /// and in JSON; user text with line breaks or escapes cannot forge lines.
    func testSecretsAreMaskedAndControlsEscaped() throws {
        let file = SourceFile(path: "i.yaml", bytes: Array("  password: hunter2hunter2\n".utf8))
        var diagnostic = Diagnostic.error("semantic.literal-secret", "a secret\nerror: forged line",
                                          range: SourceRange(filename: "i.yaml", start: file.location(line: 1, column: 13),
                                                             end: file.location(line: 1, column: 27)), address: "Integration/\u{1b}[31mred")
        diagnostic.masksSource = true
        let text = TextDiagnosticRenderer(useColor: false).render(Diagnostics([diagnostic]), sources: ["i.yaml": file])
        XCTAssertFalse(text.contains("hunter2"), text)
        XCTAssertTrue(text.contains("  1 |   password: **************\n"), text)
        XCTAssertTrue(text.contains("a secret\\u{a}error: forged line"), text)
        XCTAssertFalse(text.contains("\u{1b}"), "no escape reaches the terminal")
        let json = JSONDiagnosticRenderer().render(Diagnostics([diagnostic]), sources: ["i.yaml": file])
        XCTAssertFalse(json.contains("hunter2"), json)
        XCTAssertTrue(json.contains("\"code\": \"  password: **************\""), json)
    }

    /// A line with two secrets (and another problem) is quoted three times: every quote hides
    /// both secrets, not only the one its own diagnostic is about (a hostile try found the second
    /// secret in the clear in the first one's quote).
    func testEveryQuoteOfALineHidesEverySecretOnIt() throws {
        let line = "  hooks: {a: \"https://hooks.slack.com/services/T1/B1/SEKRETA\", b: \"https://u:SEKRETC@h.example/\", c: 12x}\n"
        let file = SourceFile(path: "w.yaml", bytes: Array(line.utf8))
        func range(_ needle: String) -> SourceRange {
            let start = line.distance(from: line.startIndex, to: line.range(of: needle)!.lowerBound)
            return SourceRange(filename: "w.yaml", start: file.location(line: 1, column: start + 1),
                               end: file.location(line: 1, column: start + 1 + needle.count))
        }
        var first = Diagnostic.error("semantic.literal-secret", "a Slack webhook URL", range: range("\"https://hooks.slack.com/services/T1/B1/SEKRETA\""))
        first.masksSource = true
        var second = Diagnostic.error("semantic.literal-secret", "a URL with a password in it", range: range("\"https://u:SEKRETC@h.example/\""))
        second.masksSource = true
        let third = Diagnostic.error("schema.type", "expected integer", range: range("12x"))
        for diagnostics in [[first, second, third], [third, second, first]] {
            let text = TextDiagnosticRenderer(useColor: false).render(Diagnostics(diagnostics), sources: ["w.yaml": file])
            XCTAssertFalse(text.contains("SEKRET"), text)
            XCTAssertEqual(text.components(separatedBy: "  1 |").count - 1, 3, "three quotes")
            XCTAssertTrue(text.contains("c: 12x}"), "the rest of the line is shown: \(text)")
            let json = JSONDiagnosticRenderer().render(Diagnostics(diagnostics), sources: ["w.yaml": file])
            XCTAssertFalse(json.contains("SEKRET"), json)
        }
    }
}
