import Foundation
import TenancyDiagnostics
import TenancyModel
import XCTest

/// One folder per rule under Fixtures/rules, named after the diagnostic code it must produce, with
/// a broken configuration and its expected diagnostics (`expected.txt`, regenerated with
/// TENANCY_UPDATE_GOLDEN=1 and reviewed in the diff).
final class RuleFixtureTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func render(_ folder: URL) -> (text: String, diagnostics: Diagnostics) {
        let prefix = folder.path + "/"
        let result = ConfigurationLoader().load(paths: [folder.path])
        let text = TextDiagnosticRenderer(useColor: false).render(result.diagnostics, sources: result.sources)
            + TextDiagnosticRenderer(useColor: false).summary(result.diagnostics) + "\n"
        return (text.replacingOccurrences(of: prefix, with: ""), result.diagnostics)
    }

    func testEveryRuleFixture() throws {
        let rules = Self.fixtures.appendingPathComponent("rules")
        let folders = try FileManager.default.contentsOfDirectory(atPath: rules.path).sorted()
        XCTAssertGreaterThanOrEqual(folders.count, 25)
        for name in folders {
            let folder = rules.appendingPathComponent(name)
            let (text, diagnostics) = Self.render(folder)
            // The folder's name is the code it exists to prove (a suffix after the code names a variant).
            let code = name.hasPrefix("template.rule-violated") ? "template.rule-violated" : name
            XCTAssertTrue(diagnostics.contains { $0.code.rawValue == code }, "\(name): no \(code) diagnostic in\n\(text)")
            let expected = folder.appendingPathComponent("expected.txt")
            if ProcessInfo.processInfo.environment["TENANCY_UPDATE_GOLDEN"] == "1" {
                try Data(text.utf8).write(to: expected)
            } else {
                XCTAssertEqual(text, try String(contentsOf: expected, encoding: .utf8), "\(name): diagnostics differ from expected.txt")
            }
        }
    }

    func testValidFixturesAndExamplesAreClean() {
        let examples = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        for folder in [Self.fixtures.appendingPathComponent("valid"), examples] {
            let (text, diagnostics) = Self.render(folder)
            XCTAssertEqual(diagnostics.count, 0, "\(folder.lastPathComponent) should be clean:\n\(text)")
        }
        let result = ConfigurationLoader().load(paths: [examples.path])
        XCTAssertEqual(result.configuration.all(.workspace).count, 6)
        XCTAssertEqual(Set(result.configuration.all(.workspace).compactMap { result.configuration.templateName(for: $0)?.name }),
                       ["enterprise-starter", "financial-services", "healthcare", "government"])
    }
}
