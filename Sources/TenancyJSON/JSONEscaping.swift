/// The one JSON string escaper. Every JSON text Tenancy writes — state files, plans, answers,
/// diagnostics, SARIF, and the data inside the HTML report's `<script>` — quotes its strings here,
/// so there is one answer to "how is this character written?".
///
/// `"` and `\` are escaped; control characters as `\n`, `\r`, `\t` or `\u00XX`; everything else
/// (UTF-8 included) is copied as it is. The script-safe mode also writes `<` as `\u003c` (so no
/// `</script>` or `<!--` can end or change the block the JSON stands in) and U+2028/U+2029 as
/// `\u2028`/`\u2029` (line terminators to older JavaScript parsers); the text means the same JSON.
public enum JSONEscaping {
    public enum Mode: Sendable {
        /// RFC 8259's minimum: what canonical files and answers use.
        case standard
        /// Safe to place inside an HTML `<script>` element as well.
        case script
    }

    /// Appends `text` as a quoted JSON string to `out`.
    public static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, mode: Mode = .standard, to out: inout [UInt8]) {
        // Two copies of one loop, each with its mode a constant: the standard one (every state
        // file, plan and answer) tests three conditions a byte, as before the script mode existed.
        switch mode {
        case .standard: appendQuoted(text, script: false, to: &out)
        case .script: appendQuoted(text, script: true, to: &out)
        }
    }

    @inline(__always)
    private static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, script: Bool, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        var i = 0
        let count = text.count
        while i < count {
            let byte = text[i]
            // The common case first: a byte copied as it is.
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C && !(script && (byte == 0x3C || byte == 0xE2)) {
                i += 1
                continue
            }
            var escape: StaticString?
            var skip = 1
            switch byte {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x3C where script: escape = "\\u003c"
            case 0xE2 where script && i + 2 < count && text[i + 1] == 0x80 && (text[i + 2] == 0xA8 || text[i + 2] == 0xA9):
                escape = text[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                skip = 3
            case 0x20...: // `<` or U+2028/U+2029's first byte outside script mode, or another U+E2xxxx
                i += 1
                continue
            default: break // another control character: \u00XX
            }
            if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i])) }
            if let escape {
                escape.withUTF8Buffer { out.append(contentsOf: $0) }
            } else {
                let hex: StaticString = "0123456789abcdef"
                "\\u00".utf8.forEach { out.append($0) }
                hex.withUTF8Buffer { digits in
                    out.append(digits[Int(byte >> 4)])
                    out.append(digits[Int(byte & 0xF)])
                }
            }
            i += skip
            start = i
        }
        if start < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<count])) }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a quoted JSON string.
    public static func quoted(_ text: String, mode: Mode = .standard) -> String {
        var text = text
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        text.withUTF8 { appendQuoted($0, mode: mode, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
