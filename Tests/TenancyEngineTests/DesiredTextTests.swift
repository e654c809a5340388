import Foundation
import TenancyDiagnostics
@testable import TenancyEngine
import TenancyModel
import XCTest
import TenancyJSON

/// The desired attributes are written as text straight from the YAML nodes; these tests hold that
/// text to the canonical form (parsed and printed again, it is the same bytes: keys sorted, sets
/// sorted, units canonical), so that a state written by any version compares equal when nothing
/// changed.
final class DesiredTextTests: XCTestCase {
    func assertCanonical(_ desired: DesiredState, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(desired.resources.isEmpty, file: file, line: line)
        for (address, resource) in desired.resources {
            let text = resource.stateText()
            let tree = try JSONParser.parse(Array(text))
            XCTAssertEqual(String(decoding: text, as: UTF8.self), tree.canonicalText(indent: StoredAttributes.indent),
                           "\(address) is not in canonical form", file: file, line: line)
            // The plan lists a create's fields from this text: the same as from the tree.
            let fromTree = Planner.fields(of: resource, created: true).filter { !$0.sensitive }
                .map { "\($0.path) = \($0.after?.compactText() ?? "")" }
            let (bytes, leaves) = try XCTUnwrap(JSONParser.leaves(text), "\(address): not listable from text", file: file, line: line)
            let fromText = leaves.map { leaf -> String in
                var value: [UInt8] = []
                JSONWriter.compact(bytes[leaf.range], into: &value)
                return "\(leaf.path) = \(String(decoding: value, as: UTF8.self))"
            }
            XCTAssertEqual(fromText, fromTree, "\(address)", file: file, line: line)
        }
    }

    func testExamplesWriteCanonicalText() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let loaded = ConfigurationLoader().load(paths: [examples.path])
        XCTAssertFalse(loaded.diagnostics.hasErrors)
        let (desired, problems) = DesiredState.build(loaded.configuration, secrets: .init(environment: [:], root: examples))
        XCTAssertEqual(problems.map(\.summary), [])
        XCTAssertEqual(desired.resources.count, 21)
        try assertCanonical(desired)
    }

    /// Escapes, control characters, non-ASCII, numbers of every YAML form, nulls, merge keys,
    /// duplicate keys through a merge, a set of objects, template defaults merged at depth.
    func testAwkwardValuesWriteCanonicalText() throws {
        let yaml = """
        apiVersion: tenancy/v1
        kind: Template
        metadata: {name: base}
        spec:
          defaults:
            policy: {sessionTimeout: {idle: 30m, absolute: 12h}, mfa: {required: true}}
            retention: {executionLogs: 90d}
        ---
        apiVersion: tenancy/v1
        kind: Workspace
        metadata:
          name: awkward
          description: "tab\\there, quote \\" backslash \\\\ bell \\a é 日本 \\U0001F600"
          labels: {b: "2", a: "1"}
          previousNames: [zeta, alpha]
        spec:
          template: base
          displayName: "line one\\nline two"
          quotas: {users: 0x10, concurrentConnections: 1000, storage: 2048GiB}
          policy: {sessionTimeout: {idle: 900s}}
          security: {ipAllowlist: [10.9.0.0/16, 10.1.0.0/16, 10.1.0.0/24]}
          billing: {tier: custom, price: "1200.50", budgetAlerts: [50, 75.5, 90.0, 1e2]}
        """
        let loaded = ConfigurationLoader().load(sources: [SourceFile(path: "awkward.yaml", bytes: Data(yaml.utf8))])
        let errors = loaded.diagnostics.filter { $0.severity == .error }.map { "\($0.path ?? ""): \($0.summary)" }
        XCTAssertEqual(errors, [])
        let (desired, _) = DesiredState.build(loaded.configuration, secrets: .init(environment: [:], root: URL(fileURLWithPath: "/")))
        try assertCanonical(desired)
        let spec = try XCTUnwrap(desired.resources[Address(.workspace, "awkward")]?.attributes["spec"])
        XCTAssertEqual(spec["policy"]?["sessionTimeout"]?["idle"], .string("15m"), "own value, canonical unit")
        XCTAssertEqual(spec["policy"]?["sessionTimeout"]?["absolute"], .string("12h"), "the template's value beneath")
        XCTAssertEqual(spec["policy"]?["mfa"]?["required"], .bool(true))
        XCTAssertEqual(spec["quotas"]?["users"], .number("16"))
        XCTAssertEqual(spec["quotas"]?["storage"], .string("2TiB"))
        XCTAssertEqual(spec["billing"]?["budgetAlerts"], .array([.number("50"), .number("75.5"), .number("90"), .number("100")]))
        XCTAssertEqual(spec["security"]?["ipAllowlist"]?.arrayValue?.compactMap(\.stringValue), ["10.1.0.0/16", "10.1.0.0/24", "10.9.0.0/16"])
    }
}
