import TenancyAnswers
/// Text made safe for HTML. Every string from a manifest, the state or the usage goes through
/// here before it reaches the page: a description holding `<script>` stays text, and an
/// attribute value cannot end its quotes.
enum HTML {
    /// Text content and attribute values alike: `&`, `<`, `>`, both quotes, and the controls a
    /// page has no use for (shown as `\u{…}`, as the terminal shows them).
    static func escape(_ text: String) -> String {
        // One pass over the bytes decides for ASCII text (nearly all of it); only text with other
        // characters is looked at scalar by scalar for controls.
        var needs = false, ascii = true
        for unit in text.utf8 {
            if unit == 0x26 || unit == 0x3C || unit == 0x3E || unit == 0x22 || unit == 0x27 || unit < 0x20 || unit == 0x7F {
                needs = true
                break
            }
            if unit >= 0x80 { ascii = false }
        }
        guard needs || (!ascii && text.unicodeScalars.contains(where: isControl)) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if isControl(scalar) { out += "\\u{" + String(scalar.value, radix: 16) + "}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// C0 and C1 controls (but tab and line feed) and the bidirectional overrides, which could
    /// make a name read as another.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v)
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029
    }

    /// A fragment identifier from a name: letters, digits, `-`, `_` and `.` kept, anything else
    /// as `_XX` hex, so that every workspace and control has a stable anchor no markup can break.
    static func anchor(_ prefix: String, _ parts: String...) -> String {
        var out = prefix
        for part in parts {
            out += "-"
            for unit in part.utf8 {
                switch unit {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "."):
                    out.unicodeScalars.append(Unicode.Scalar(unit))
                default:
                    out += "_" + String(unit, radix: 16, uppercase: true)
                }
            }
        }
        return out
    }
}
