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

    func testUnsupportedSyntaxFallsBack() {
        for pattern in ["(?=a)", "\\bword", "(a)\\1", "\\p{L}", "\\u0041", "é", "a{2", "^*"] {
            XCTAssertNil(ByteRegex(pattern), pattern)
        }
    }
}
