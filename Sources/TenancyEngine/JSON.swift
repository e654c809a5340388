/// A JSON value as state files and plans hold it. Numbers keep their canonical decimal text, so
/// that integers never pass through a Double and `2` never turns into `2.0`. Objects are
/// dictionaries: the canonical writer sorts keys, so equal values always print the same.
public indirect enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public static func int(_ value: Int) -> JSON { .number(String(value)) }

    public subscript(key: String) -> JSON? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? { if case let .string(s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case let .bool(b) = self { return b } else { return nil } }
    public var intValue: Int? { if case let .number(n) = self { return Int(n) } else { return nil } }
    public var arrayValue: [JSON]? { if case let .array(a) = self { return a } else { return nil } }
    public var objectValue: [String: JSON]? { if case let .object(o) = self { return o } else { return nil } }

    // MARK: Canonical text

    /// Canonical JSON: sorted keys, two-space indentation, one value per line, so that a state
    /// file's diff in git shows exactly what changed.
    public func canonicalText() -> String {
        var out = ""
        write(&out, indent: 0, pretty: true)
        out.append("\n")
        return out
    }

    /// The canonical text as it appears nested `indent` levels deep (no trailing newline): how a
    /// value stands inside a larger canonical document.
    public func canonicalText(indent: Int) -> String {
        var out = ""
        write(&out, indent: indent, pretty: true)
        return out
    }

    /// The same canonical form on one line (for hashing and for compact plan files).
    public func compactText() -> String {
        var out = ""
        write(&out, indent: 0, pretty: false)
        return out
    }

    private func write(_ out: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n): out += n
        case let .string(s): Self.writeString(s, into: &out)
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(&out, indent: indent + 1, pretty: pretty)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                Self.writeString(member.key, into: &out)
                out += pretty ? ": " : ":"
                member.value.write(&out, indent: indent + 1, pretty: pretty)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        // Fast path: nothing to escape (the usual case), append the string whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
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
        out += "\""
    }
}
