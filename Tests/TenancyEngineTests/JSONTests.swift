import TenancyEngine
import TenancyModel
import XCTest

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
}

final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
