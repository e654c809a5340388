import Foundation

/// A JSON value for comparing the loader's trees with the suite's `in.json`. Numbers compare as
/// Doubles; objects compare without regard to key order. Foundation's JSONSerialization cannot be
/// used: it conflates `true` with `1` and does not read a stream of several values.
enum JSONValue: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var description: String {
        switch self {
        case .null: return "null"
        case let .bool(b): return String(b)
        case let .number(n): return String(n)
        case let .string(s): return "\"\(s)\""
        case let .array(a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case let .object(o):
            return "{" + o.keys.sorted().map { "\"\($0)\": \(o[$0]!.description)" }.joined(separator: ", ") + "}"
        }
    }

    struct ParseError: Error { let message: String }

    /// Parses a stream of JSON values separated by whitespace.
    static func parseStream(_ text: String) throws -> [JSONValue] {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        var values: [JSONValue] = []
        parser.skipWhitespace()
        while !parser.atEnd {
            values.append(try parser.value())
            parser.skipWhitespace()
        }
        return values
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0
        var atEnd: Bool { i >= scalars.count }

        mutating func skipWhitespace() {
            while i < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[i]) { i += 1 }
        }

        mutating func expect(_ s: String) throws {
            for c in s.unicodeScalars {
                guard i < scalars.count, scalars[i] == c else { throw ParseError(message: "expected \(s) at \(i)") }
                i += 1
            }
        }

        mutating func value() throws -> JSONValue {
            skipWhitespace()
            guard i < scalars.count else { throw ParseError(message: "unexpected end") }
            switch scalars[i] {
            case "n": try expect("null"); return .null
            case "t": try expect("true"); return .bool(true)
            case "f": try expect("false"); return .bool(false)
            case "\"": return .string(try string())
            case "[":
                i += 1
                var items: [JSONValue] = []
                skipWhitespace()
                if i < scalars.count, scalars[i] == "]" { i += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipWhitespace()
                    guard i < scalars.count else { throw ParseError(message: "unterminated array") }
                    if scalars[i] == "," { i += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case "{":
                i += 1
                var object: [String: JSONValue] = [:]
                skipWhitespace()
                if i < scalars.count, scalars[i] == "}" { i += 1; return .object(object) }
                while true {
                    skipWhitespace()
                    let key = try string()
                    skipWhitespace()
                    try expect(":")
                    object[key] = try value()
                    skipWhitespace()
                    guard i < scalars.count else { throw ParseError(message: "unterminated object") }
                    if scalars[i] == "," { i += 1; continue }
                    try expect("}")
                    return .object(object)
                }
            default:
                let start = i
                while i < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[i]) { i += 1 }
                let text = String(String.UnicodeScalarView(scalars[start..<i]))
                guard let number = Double(text) else { throw ParseError(message: "bad number \(text)") }
                return .number(number)
            }
        }

        mutating func string() throws -> String {
            try expect("\"")
            var out = String.UnicodeScalarView()
            while i < scalars.count {
                let c = scalars[i]
                i += 1
                if c == "\"" { return String(out) }
                guard c == "\\" else { out.append(c); continue }
                guard i < scalars.count else { break }
                let e = scalars[i]
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "/": out.append("/")
                case "\\": out.append("\\")
                case "\"": out.append("\"")
                case "u":
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code), i + 1 < scalars.count, scalars[i] == "\\", scalars[i + 1] == "u" {
                        i += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: throw ParseError(message: "bad escape")
                }
            }
            throw ParseError(message: "unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= scalars.count,
                  let v = UInt32(String(String.UnicodeScalarView(scalars[i..<i + 4])), radix: 16) else {
                throw ParseError(message: "bad \\u escape")
            }
            i += 4
            return v
        }
    }
}
