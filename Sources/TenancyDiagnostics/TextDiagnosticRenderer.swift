/// Renders diagnostics the way compilers do: `file:line:col: error: summary [code]`, the source line
/// with a caret (and tildes across the range), then the detail and a hint.
public struct TextDiagnosticRenderer: Sendable {
    /// ANSI colour; the CLI turns it on only for a terminal and never when NO_COLOR is set.
    public var useColor: Bool

    public init(useColor: Bool) { self.useColor = useColor }

    public func render(_ diagnostics: Diagnostics, sources: [String: SourceFile]) -> String {
        var out = ""
        for diagnostic in diagnostics {
            render(diagnostic, source: diagnostic.range.flatMap { sources[$0.filename] }, into: &out)
        }
        return out
    }

    /// The closing line of a run: `2 errors, 1 warning.` or `No problems found.`
    public func summary(_ diagnostics: Diagnostics) -> String {
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        if errors == 0 && warnings == 0 { return "No problems found." }
        var parts: [String] = []
        if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ") + "."
    }

    public func render(_ diagnostic: Diagnostic, source: SourceFile?, into out: inout String) {
        var header = ""
        if let range = diagnostic.range {
            header = "\(range.filename):\(range.start.line):\(range.start.column): "
        }
        let label = diagnostic.severity.rawValue
        let labelColor = diagnostic.severity == .error ? "31" : "33"
        out += style(header, "1") + style(label + ":", "1;" + labelColor) + " "
            + style(diagnostic.summary, "1") + " [\(diagnostic.code.rawValue)]\n"
        if let range = diagnostic.range, let source {
            if source.changedSinceRead {
                out += "  (\(range.filename) changed after it was read: its line is not quoted)\n"
            } else if let line = source.lineText(range.start.line) {
                out += snippet(line: line, range: range)
            }
        }
        if let address = diagnostic.address { out += "  resource: \(address)\n" }
        if let path = diagnostic.path, !path.isEmpty { out += "  at: \(path)\n" }
        if !diagnostic.detail.isEmpty {
            for detailLine in diagnostic.detail.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "  \(detailLine)\n"
            }
        }
        if let hint = diagnostic.hint { out += "  " + style("hint:", "36") + " \(hint)\n" }
    }

    /// Lines longer than this are shown as a window around the column.
    static let maxSnippetWidth = 120

    private func snippet(line: String, range: SourceRange) -> String {
        let number = String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        // Control characters (a NUL, an escape) would garble the terminal: show their pictures.
        var characters = line.map { c -> Character in
            guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1,
                  scalar.value < 0x20, scalar != "\t" else { return c }
            return Character(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
        }
        var caretColumn = min(max(range.start.column - 1, 0), characters.count)
        var underlineWidth = 1
        if range.end.line == range.start.line, range.end.column - range.start.column > 1 {
            underlineWidth = min(range.end.column - range.start.column, max(characters.count - caretColumn, 1))
        }
        if characters.count > Self.maxSnippetWidth {
            let half = Self.maxSnippetWidth / 2
            let start = max(0, min(caretColumn - half, characters.count - Self.maxSnippetWidth))
            let end = min(characters.count, start + Self.maxSnippetWidth)
            var window = Array(characters[start..<end])
            caretColumn -= start
            if start > 0 { window.insert("…", at: 0); caretColumn += 1 }
            if end < characters.count { window.append("…") }
            characters = window
            underlineWidth = min(underlineWidth, max(characters.count - caretColumn, 1))
        }
        // Keep tabs so that the caret lines up under tab-indented text.
        var pad = ""
        for character in characters[0..<caretColumn] { pad.append(character == "\t" ? "\t" : " ") }
        let marker = "^" + String(repeating: "~", count: max(underlineWidth - 1, 0))
        return "  \(number) | \(String(characters))\n  \(gutter) | \(pad)\(style(marker, "1;32"))\n"
    }

    private func style(_ text: String, _ code: String) -> String {
        guard useColor, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
