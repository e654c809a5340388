import TenancyEngine
import XCTest
import TenancyJSON

/// The one canonical writer against an independent reference printer (a plain recursive one, as
/// the engine printed JSON before the writer existed), over random trees; and its raw-text paths.
final class JSONWriterTests: XCTestCase {
    /// The reference: canonical JSON printed recursively from a tree.
    static func reference(_ value: JSON, indent: Int, pretty: Bool) -> String {
        func string(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let pad = { (n: Int) in pretty ? "\n" + String(repeating: "  ", count: n) : "" }
        switch value {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n
        case let .string(s): return string(s)
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[" + items.map { pad(indent + 1) + reference($0, indent: indent + 1, pretty: pretty) }.joined(separator: ",") + pad(indent) + "]"
        case let .object(members):
            if members.isEmpty { return "{}" }
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return "{" + sorted.map { pad(indent + 1) + string($0.key) + (pretty ? ": " : ":") + reference($0.value, indent: indent + 1, pretty: pretty) }
                .joined(separator: ",") + pad(indent) + "}"
        }
    }

    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func string() -> String {
            let alphabet: [String] = ["a", "Z", "é", "日", "😀", "\"", "\\", "\n", "\t", "\u{1}", "\u{7f}", " ", "/", "\u{1b}"]
            return (0..<next(6)).map { _ in alphabet[next(alphabet.count)] }.joined()
        }
        mutating func value(depth: Int) -> JSON {
            switch next(depth > 3 ? 4 : 6) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2: return .number(["0", "-12", "3.5", "1e100"][next(4)])
            case 3: return .string(string())
            case 4: return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
            default:
                var members: [String: JSON] = [:]
                for _ in 0..<next(5) { members[string()] = value(depth: depth + 1) }
                return .object(members)
            }
        }
    }

    func testTreesPrintAsTheReferenceDoes() throws {
        var random = Random(state: 42)
        for _ in 0..<2000 {
            let value = random.value(depth: 0)
            XCTAssertEqual(value.canonicalText(), Self.reference(value, indent: 0, pretty: true) + "\n")
            XCTAssertEqual(value.compactText(), Self.reference(value, indent: 0, pretty: false))
            XCTAssertEqual(value.canonicalText(indent: 3), Self.reference(value, indent: 3, pretty: true))
            XCTAssertEqual(try JSONParser.parse(value.canonicalBytes()), value, "read back")
        }
    }

    /// Stored text copied in at another depth is the same bytes as the tree printed there; compacted,
    /// the same as the compact tree; moved up a level and back, unchanged.
    func testRawTextAtAnyDepthEqualsTheTreePrintedThere() throws {
        var random = Random(state: 7)
        for _ in 0..<500 {
            let value = JSON.object(["a": random.value(depth: 1), "b": .array([random.value(depth: 2)])])
            let stored = value.canonicalBytes(indent: 3)
            for depth in 0..<6 {
                var writer = JSONWriter(depth: depth)
                writer.raw(stored[...], standingAt: 3)
                XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), value.canonicalText(indent: depth))
            }
            var compact = JSONWriter(layout: .compact)
            compact.raw(stored[...], standingAt: 3)
            XCTAssertEqual(String(decoding: compact.bytes, as: UTF8.self), value.compactText())
            let up = try XCTUnwrap(JSONWriter.moved(stored[...], from: 3, to: 1))
            XCTAssertEqual(JSONWriter.moved(up[...], from: 1, to: 3), stored)
        }
        // Text laid out otherwise cannot be moved up: it is printed again from its tree.
        let odd = Array("{\n\"a\": 1\n}".utf8)
        XCTAssertNil(JSONWriter.moved(odd[...], from: 3, to: 2))
        var writer = JSONWriter(depth: 2)
        writer.raw(odd[...], standingAt: 3)
        XCTAssertEqual(String(decoding: writer.bytes, as: UTF8.self), JSON.object(["a": .number("1")]).canonicalText(indent: 2))
    }

    /// Members written one by one, arrays with elements rendered elsewhere, and draining in pieces.
    func testStreamedDocumentsEqualTheirTrees() {
        var writer = JSONWriter()
        var pieces: [UInt8] = []
        writer.beginObject()
        writer.key("list")
        writer.beginArray()
        for i in 0..<3 {
            var element = JSONWriter(depth: 2)
            element.json(.object(["i": .int(i), "s": .string("x\(i)")]))
            writer.prerendered(element.take())
            writer.drain { (piece: UnsafeRawBufferPointer) in pieces.append(contentsOf: piece) }
        }
        writer.endArray()
        writer.key("name")
        writer.string("tenancy")
        writer.key("none")
        writer.null()
        writer.endObject()
        writer.finishDocument()
        writer.drain { (piece: UnsafeRawBufferPointer) in pieces.append(contentsOf: piece) }
        let tree = JSON.object(["list": .array((0..<3).map { .object(["i": .int($0), "s": .string("x\($0)")]) }),
                                "name": .string("tenancy"), "none": .null])
        XCTAssertEqual(String(decoding: pieces, as: UTF8.self), tree.canonicalText())
    }

    /// The leaf walk lists what a tree's leaves are, in key order, nested objects walked into.
    func testLeavesOfCanonicalText() throws {
        let value = JSON.object(["spec": .object(["quotas": .object(["users": .int(10)]), "tags": .array([.string("a")]), "empty": .object([:])]),
                                 "metadata": .object(["name": .string("x")])])
        let (bytes, leaves) = try XCTUnwrap(JSONParser.leaves(value.canonicalBytes(indent: 3)[...]))
        XCTAssertEqual(leaves.map(\.path), ["metadata.name", "spec.quotas.users", "spec.tags"])
        XCTAssertEqual(leaves.map { String(decoding: bytes[$0.range], as: UTF8.self) }, ["\"x\"", "10", JSON.array([.string("a")]).canonicalText(indent: 5)])
        XCTAssertNil(JSONParser.leaves(JSON.object(["é": .int(1)]).canonicalBytes()[...]), "non-ASCII keys go to the tree")
        XCTAssertNil(JSONParser.leaves(Array("{\"a\": }".utf8)[...]), "broken text")
    }
}
