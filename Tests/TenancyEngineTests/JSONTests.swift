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

final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // FIPS 180-4's two-block message of 896 bits.
        XCTAssertEqual(SHA256.hex(Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                         + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    /// Input fed in pieces of every awkward size (and as a non-contiguous sequence) hashes as the
    /// whole does: the block buffering and the direct path agree.
    func testPiecesHashAsTheWhole() {
        var state: UInt64 = 7
        let input = (0..<10_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let whole = SHA256.hex(input)
        for size in [1, 3, 63, 64, 65, 127, 128, 1000, 9999] {
            var hasher = SHA256()
            var start = 0
            while start < input.count {
                hasher.update(input[start..<min(input.count, start + size)])
                start += size
            }
            XCTAssertEqual(SHA256.hexString(hasher.finalize()), whole, "pieces of \(size)")
        }
        XCTAssertEqual(SHA256.hex(input.lazy.map { $0 }), whole, "a sequence without contiguous storage")
    }
}
