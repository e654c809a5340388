import Foundation
@testable import TenancySchema
import XCTest

/// The fast matcher must agree with NSRegularExpression (ICU) wherever it is used: a differential
/// test over the schemas' own patterns and tricky ones, on generated strings.
final class ByteRegexTests: XCTestCase {
    static let patterns = [
        "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "^([0-9]+(s|m|h|d|w|y))+$",
        "^[0-9]+(\\.[0-9]+)?(B|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$", "^[0-9]+(\\.[0-9]{1,4})?$",
        "^[0-9a-fA-F:.]+/[0-9]{1,3}$", "^https://[^/@\\s]+(/\\S*)?$", "^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$",
        "^[A-Z]{3}$", "^#[a-z0-9._-]{1,80}$", "a+b", "(a|ab)(c|bcd)(d*)", "x*", "^$", "\\d{2,}\\w?\\s", "[^abc]+$",
        "colou?r", "^(?:ab)+$", "a.c", "[\\d-]+", "^a{3}$", "b{2,4}", "(a*)*b", "[a-]", "[\\]x]",
    ]

    func testAgreesWithICU() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        let alphabet = Array("ab cdx-_./:#@0123456789smhdwyGiBKMTeEnvfl\tAZUSDhttps".utf8)
        for pattern in Self.patterns {
            let fast = try XCTUnwrap(ByteRegex(pattern), pattern)
            let icu = try NSRegularExpression(pattern: pattern)
            for _ in 0..<2000 {
                let length = Int(next() % 14)
                let bytes = (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
                let text = String(decoding: bytes, as: UTF8.self)
                let expected = icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                let actual = bytes.withUnsafeBufferPointer { fast.matches($0) }
                XCTAssertEqual(actual, expected, "/\(pattern)/ on \(text.debugDescription)")
                XCTAssertEqual(bytes.withUnsafeBufferPointer { fast.simulate($0) }, expected, "NFA: /\(pattern)/ on \(text.debugDescription)")
                if actual != expected { break }
            }
        }
        let samples = ["engineering", "a", "-a", "a-", "15m", "1h30m", "500GiB", "1.5TiB", "199.99", "10.0.0.0/8",
                       "https://example.com/x", "https://u@x", "env:SLACK_TOKEN", "file:secrets/x", "USD", "#eng-alerts"]
        for pattern in Self.patterns.prefix(9) {
            let fast = try XCTUnwrap(ByteRegex(pattern))
            let icu = try NSRegularExpression(pattern: pattern)
            for text in samples {
                let expected = icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                XCTAssertEqual(Array(text.utf8).withUnsafeBufferPointer { fast.matches($0) }, expected, "/\(pattern)/ on \(text)")
            }
        }
    }

    func testSchemaPatternsCompileToDFAs() throws {
        for pattern in Self.patterns { XCTAssertNotNil(try XCTUnwrap(ByteRegex(pattern)).dfa, pattern) }
    }

    /// The schema's largest patterns (an exact CIDR network, an e-mail address) get their DFA only
    /// once used often enough to pay for building it; before and after, every answer is ICU's.
    func testLargePatternsDeferTheirDFAAndAgreeBeforeAndAfter() throws {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/tenancy.schema.json")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: schema)) as? [String: Any])
        let definitions = try XCTUnwrap(document["definitions"] as? [String: Any])
        let samples = ["10.0.0.0/8", "10.0.0.0/08", "256.1.1.0/24", "2001:db8::/32", "1:2:3:4:5:6:7:8/128", "1::2::/8", "::ffff:10.0.0.0/104",
                       "::/0", "fe80::/129", "jo.chen@acme.example", "a..b@x.io", "user@localhost", "x@" + String(repeating: "a", count: 64) + ".io",
                       "o'brien@a-b.example", "", "@", "a@b.c"]
        for name in ["cidr", "email"] {
            let pattern = try XCTUnwrap((definitions[name] as? [String: Any])?["pattern"] as? String)
            let fast = try XCTUnwrap(ByteRegex(pattern))
            XCTAssertGreaterThan(fast.program.count, ByteRegex.eagerLimit, "\(name) is one of the large ones")
            let icu = try NSRegularExpression(pattern: pattern)
            let dfa = try XCTUnwrap(fast.dfa, "\(name): a DFA can be built")
            for round in 0..<(ByteRegex.Deferred.threshold / samples.count + 2) {
                for text in samples {
                    let expected = icu.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                    Array(text.utf8).withUnsafeBufferPointer { bytes in
                        XCTAssertEqual(fast.matches(bytes), expected, "\(name) round \(round): \(text)")
                        XCTAssertEqual(fast.simulate(bytes), expected, "\(name) simulated: \(text)")
                        XCTAssertEqual(dfa.matches(bytes), expected, "\(name) as a DFA: \(text)")
                    }
                }
            }
        }
    }

    func testUnsupportedSyntaxFallsBack() {
        for pattern in ["(?=a)", "\\bword", "(a)\\1", "\\p{L}", "\\u0041", "é", "a{2", "^*"] {
            XCTAssertNil(ByteRegex(pattern), pattern)
        }
    }
}
