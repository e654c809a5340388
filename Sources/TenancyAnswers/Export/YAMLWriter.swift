import TenancyEngine
import TenancyJSON

/// JSON values as block-style YAML, for `--format yaml`: keys in sorted order (as the JSON), a
/// string plain only when no YAML 1.1 or 1.2 reader could take it for anything else, otherwise
/// double-quoted with JSON's escapes (which YAML's double-quoted style shares). Reads back as
/// the same JSON with any YAML library (tested through libyaml).
package enum YAMLWriter {
    package static func document(_ value: JSON) -> String {
        var out = "---\n"
        write(value, indent: 0, into: &out, inline: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    static func write(_ value: JSON, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case let .object(members) where !members.isEmpty:
            var first = true
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                if !(inline && first) { out += pad }
                first = false
                out += scalar(key) + ":"
                writeValue(member, indent: indent, into: &out)
            }
        case let .array(items) where !items.isEmpty:
            var first = true
            for item in items {
                if !(inline && first) { out += pad }
                first = false
                out += "-"
                switch item {
                case .object(let m) where !m.isEmpty:
                    out += " "
                    write(item, indent: indent + 1, into: &out, inline: true)
                case .array(let a) where !a.isEmpty:
                    out += "\n"
                    write(item, indent: indent + 1, into: &out, inline: false)
                default:
                    out += " " + flow(item) + "\n"
                }
            }
        default:
            out += (inline ? "" : pad) + flow(value) + "\n"
        }
    }

    /// What follows `key:`: a scalar on the line, or a nested block below it.
    static func writeValue(_ value: JSON, indent: Int, into out: inout String) {
        switch value {
        case .object(let m) where !m.isEmpty:
            out += "\n"
            write(value, indent: indent + 1, into: &out, inline: false)
        case .array(let a) where !a.isEmpty:
            out += "\n"
            write(value, indent: indent + 1, into: &out, inline: false)
        default:
            out += " " + flow(value) + "\n"
        }
    }

    static func flow(_ value: JSON) -> String {
        switch value {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return n
        case let .string(s): return scalar(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// Words a YAML 1.1 reader takes for booleans or null.
    static let reserved: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]

    /// A string plain when it is safe: letters, digits and `_ . / @ -` (not first), no word a
    /// reader would take for a boolean, null or number; anything else double-quoted.
    static func scalar(_ text: String) -> String {
        let bytes = Array(text.utf8)
        func plainByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "/") || b == UInt8(ascii: "@") || b == UInt8(ascii: "-")
        }
        let startsWithLetter = bytes.first.map { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) } ?? false
        if startsWithLetter, bytes.allSatisfy(plainByte), !reserved.contains(text.lowercased()) {
            return text
        }
        // JSON's escapes, which YAML's double-quoted style shares, and beyond them what YAML reads
        // otherwise: DEL and the C1 controls are not printable there, and NEL, U+2028 and U+2029
        // are line breaks it would fold into a space (a BOM, too, is escaped). As `\uXXXX`, which
        // YAML reads back as the same character.
        let quoted = JSON.string(text).canonicalText(indent: 0)
        guard quoted.unicodeScalars.contains(where: Self.yamlEscaped) else { return quoted }
        var out = ""
        for scalar in quoted.unicodeScalars {
            if Self.yamlEscaped(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func yamlEscaped(_ scalar: Unicode.Scalar) -> Bool {
        (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
    }
}
