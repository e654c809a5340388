import Foundation
import TenancyModel
import XCTest

@testable import TenancyEngine
import TenancyJSON

/// Reading a stored resource's text in place gives what its tree holds.
final class JSONTextTests: XCTestCase {
    /// Every value reachable in every resource of the examples' state, read both ways.
    func testStoredTextReadsAsTheTree() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let held = ConfigurationLoader().load(paths: [examples.path])
        let (desired, problems) = DesiredState.build(held.configuration, secrets: SecretSource(environment: [:], root: examples))
        XCTAssertEqual(problems.map(\.summary), [])
        let applied = Applier.apply(Planner().plan(desired: desired, state: nil).0, to: nil)
        let stored = try StateFile.read(StateFile.bytes(of: applied), path: "state.json")
        var checked = 0
        for (address, entry) in stored.resources {
            let tree = entry.resource.attributes
            for path in [["spec"], ["metadata"], ["spec", "quotas"], ["missing"], ["spec", "missing", "deeper"]] {
                var node: JSON? = tree
                for key in path { node = node?[key] }
                let expected = node
                entry.resource.readAttributes(at: path, stored: { text in
                    checked += Self.compare(text, expected, "\(address) \(path)")
                }, tree: { _ in XCTFail("\(address) was not read from its stored text") })
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }

    /// Compares everything under `tree` with the text read in place; returns the values compared.
    static func compare(_ text: JSONText?, _ tree: JSON?, _ place: String) -> Int {
        guard let tree else {
            XCTAssertNil(text, place)
            return 1
        }
        guard let text else {
            XCTFail("\(place): missing in the text")
            return 1
        }
        XCTAssertEqual(text.stringValue, tree.stringValue, place)
        XCTAssertEqual(text.boolValue, tree.boolValue, place)
        XCTAssertEqual(text.numberText, tree.numberText, place)
        XCTAssertEqual(text.stringMembers, tree.stringMembers, place)
        XCTAssertEqual(text.compactForm, tree.compactForm, place)
        XCTAssertEqual(text.objectMembers.map { $0.map(\.key).sorted() }, tree.objectMembers.map { $0.map(\.key).sorted() }, place)
        var count = 1
        switch tree {
        case let .object(members):
            for (key, value) in members { count += compare(text[key], value, place + "." + key) }
            XCTAssertNil(text["no such member"], place)
            XCTAssertNil(text.arrayValue, place)
        case let .array(elements):
            let read = text.arrayValue ?? []
            XCTAssertEqual(read.count, elements.count, place)
            for (i, (a, b)) in zip(read, elements).enumerated() { count += compare(a, b, place + "[\(i)]") }
            XCTAssertNil(text["x"], place)
        case .null:
            XCTAssertNil(text.arrayValue, place)
        default:
            XCTAssertNil(text["x"], place)
            XCTAssertNil(text.arrayValue, place)
        }
        return count
    }

    /// Escaped strings and keys, nesting that holds brackets inside strings, every scalar.
    func testEscapesNestingAndScalars() throws {
        let source = #"{"a": "x\"}{,", "b": {"c": [1, {"d": "]"}], "e": "\\"}, "f": -1.5e3, "g": null, "h\u0021": true, "i": false, "j": [], "k": {}}"#
        let tree = try JSONParser.parse(Array(source.utf8))
        let bytes = Array(source.utf8)
        JSONText.reading(bytes) { text in
            _ = Self.compare(text, tree, "document")
            XCTAssertEqual(text["a"]?.stringValue, "x\"}{,")
            XCTAssertEqual(text["h!"]?.boolValue, true, "a key with an escape is found by what it means")
            XCTAssertEqual(text["b"]?["c"]?.arrayValue?.count, 2)
            XCTAssertEqual(text["b"]?["c"]?.arrayValue?.last?["d"]?.stringValue, "]")
            XCTAssertEqual(text["f"]?.numberText, "-1.5e3")
            XCTAssertEqual(text["j"]?.arrayValue?.count, 0)
            XCTAssertNil(text["k"]?["x"])
            XCTAssertEqual(text["b"]?.stringMembers, ["e": "\\"], "only the members whose values are strings")
            XCTAssertEqual(text["b"]?.compactForm, #"{"c":[1,{"d":"]"}],"e":"\\"}"#)
        }
        // Broken before what is asked for: nothing is read, nothing traps. (The text is checked
        // JSON, read by the state's reader first; past what is asked for it is not looked at.)
        for broken in [#"{"a": "#, #"{"a" 1}"#, #"{"a": {"b" 1}}"#, #"{"a": 1 "b": 2}"#] {
            let bytes = Array(broken.utf8)
            JSONText.reading(bytes) { text in
                XCTAssertNil(text["b"], broken)
                XCTAssertNil(text["a"]?["b"], broken)
            }
        }
        for broken in [#"[1, 2"#, #"[1 2]"#, #"[1,, 2]"#, #"["a]"#] {
            let bytes = Array(broken.utf8)
            JSONText.reading(bytes) { XCTAssertNil($0.arrayValue, broken) }
        }
    }
}
