import Foundation
import TenancyModel
import XCTest

@testable import TenancyEngine

/// Reading a few members of a stored resource without its tree gives what the tree holds.
final class JSONMembersTests: XCTestCase {
    func testSelectedMembersEqualTheFullTree() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let held = ConfigurationLoader().load(paths: [examples.path])
        let (desired, problems) = DesiredState.build(held.configuration, secrets: SecretSource(environment: [:], root: examples))
        XCTAssertEqual(problems.map(\.summary), [])
        let applied = Applier.apply(Planner().plan(desired: desired, state: nil).0, to: nil)
        let stored = try StateFile.read(StateFile.bytes(of: applied), path: "state.json")
        var checked = 0
        for (address, entry) in stored.resources {
            let spec = try XCTUnwrap(entry.resource.attributes["spec"]?.objectValue, "\(address)")
            for keys in [Set(spec.keys), ["quotas", "billing", "notifications"], ["nothing"], []] as [Set<String>] {
                XCTAssertEqual(entry.resource.attributes(at: ["spec"], only: keys), spec.filter { keys.contains($0.key) }, "\(address) \(keys)")
                checked += 1
            }
            XCTAssertEqual(entry.resource.attributes(at: ["metadata"], only: ["description"])["description"],
                           entry.resource.attributes["metadata"]?["description"], "\(address)")
            XCTAssertEqual(entry.resource.attributes(at: ["missing"], only: ["x"]), [:])
        }
        XCTAssertGreaterThan(checked, 80)
    }

    func testStringsWithEscapesAndNestingAreSkippedWhole() throws {
        let text = Array(#"{"a": "x\"}{,", "b": {"c": [1, {"d": "]"}], "e": "\\"}, "f": -1.5e3, "g": null}"#.utf8)
        let members = try XCTUnwrap(text.withUnsafeBufferPointer { JSONMembers.of($0, in: 0..<text.count) })
        XCTAssertEqual(members.map(\.key), ["a", "b", "f", "g"])
        XCTAssertEqual(members.map { String(decoding: text[$0.value], as: UTF8.self) },
                       [#""x\"}{,""#, #"{"c": [1, {"d": "]"}], "e": "\\"}"#, "-1.5e3", "null"])
        for broken in [#"{"a": "#, #"{"a" 1}"#, #"["a"]"#, #"{"a": {"b": 1}"#] {
            let bytes = Array(broken.utf8)
            XCTAssertNil(bytes.withUnsafeBufferPointer { JSONMembers.of($0, in: 0..<bytes.count) }, broken)
        }
    }
}
