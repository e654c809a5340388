/// Text from users and the environment (names, descriptions, the actor, a lock holder's fields)
/// made safe to print on a terminal: control characters, including line breaks and escapes, and
/// the Unicode controls that reorder text (bidirectional overrides) are shown as `\u{…}`. A line
/// break in TENANCY_ACTOR cannot forge a line of `audit log`, and an escape sequence in a
/// description cannot repaint the screen.
public enum Terminal {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 controls but the tab, DEL, C1 controls, line and paragraph separators, and the
    /// bidirectional formatting characters (embeddings, overrides, isolates, marks).
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// A line of a file shown as it is (`templates show` of a configuration's own template):
    /// escaped as above, and where its first characters after any indentation would make a CI
    /// runner take the line as a command (`::error …` for GitHub, `##[group]` for Azure), those
    /// characters are shown escaped too, so that the line cannot be one.
    public static func escapedLine(_ line: Substring) -> String {
        var text = escaped(String(line))
        let indentation = text.prefix { $0 == " " || $0 == "\t" }
        let rest = text.dropFirst(indentation.count)
        if rest.hasPrefix("::") {
            text = indentation + "\\u{3a}\\u{3a}" + rest.dropFirst(2)
        } else if rest.hasPrefix("##[") {
            text = indentation + "\\u{23}\\u{23}" + rest.dropFirst(2)
        }
        return text
    }
}
