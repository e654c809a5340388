import TenancySupport
import TenancyEngine
import TenancyModel
import XCTest
import TenancyJSON

final class JSONTests: XCTestCase {
    func testRoundTripAndCanonicalOrder() throws {
        let text = #"{"b": [1, 2.5e3, -0.5, true, null], "a": {"z": "é\n\"q\"", "y": {}}, "c": []}"#
        let value = try JSONParser.parse(Array(text.utf8))
        XCTAssertEqual(value.compactText(), #"{"a":{"y":{},"z":"é\n\"q\""},"b":[1,2.5e3,-0.5,true,null],"c":[]}"#)
        XCTAssertEqual(try JSONParser.parse(Array(value.canonicalText().utf8)), value)
        XCTAssertEqual(value.canonicalText(), """
        {
          "a": {
            "y": {},
            "z": "é\\n\\"q\\""
          },
          "b": [
            1,
            2.5e3,
            -0.5,
            true,
            null
          ],
          "c": []
        }

        """)
    }

    func testNumbersKeepTheirText() throws {
        XCTAssertEqual(try JSONParser.parse(Array("12345678901234567890".utf8)), .number("12345678901234567890"))
        XCTAssertEqual(try JSONParser.parse(Array(#""\ud83d\ude00""#.utf8)), .string("😀"))
    }

    func testErrorsSayWhere() {
        for (text, offset) in [("{\"a\": }", 6), ("[1, 2", 5), ("01", 0), ("{\"a\":1,\"a\":2}", 11), ("\"\\x\"", 3), ("[1] x", 4)] {
            XCTAssertThrowsError(try JSONParser.parse(Array(text.utf8)), text) { error in
                XCTAssertEqual((error as? JSONParser.Error)?.offset, offset, "\(text): \(error)")
            }
        }
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        XCTAssertThrowsError(try JSONParser.parse(Array(deep.utf8)), "deep nesting is an error, not a stack overflow")
    }

    /// Values left unbuilt (a state file's attributes) are checked all the same: later reads of
    /// them rely on it.
    func testDeferredValuesAreCheckedAndRanged() throws {
        let good = Array(#"{"r": {"a": {"attributes": {"n": [1, -2.5e3, "x\"y", "é", true, null]}, "id": "1"}}}"#.utf8)
        let parsed = try JSONParser.parse(good, deferring: "attributes", atDepth: 3)
        XCTAssertEqual(parsed.deferred.map(\.path), [["r", "a", "attributes"]])
        let range = try XCTUnwrap(parsed.deferred.first?.range)
        XCTAssertEqual(try JSONParser.parse(Array(good[range]))["n"]?.arrayValue?.count, 6)
        XCTAssertEqual(parsed.json["r"]?["a"]?["id"], .string("1"))
        let broken: [(String, [UInt8])] = [
            ("control character", Array(#"{"r": {"a": {"attributes": {"n": ""#.utf8) + [0x01] + Array(#""}}}}"#.utf8)),
            ("invalid UTF-8", Array(#"{"r": {"a": {"attributes": {"n": ""#.utf8) + [0xC3, 0x28] + Array(#""}}}}"#.utf8)),
            ("leading zero", Array(#"{"r": {"a": {"attributes": {"n": 012}}}}"#.utf8)),
            ("bad exponent", Array(#"{"r": {"a": {"attributes": {"n": 1e}}}}"#.utf8)),
            ("unterminated", Array(#"{"r": {"a": {"attributes": {"n": "abc"#.utf8)),
        ]
        for (what, bytes) in broken {
            XCTAssertThrowsError(try JSONParser.parse(bytes, deferring: "attributes", atDepth: 3), what)
        }
    }
}
