/// Renders diagnostics the way compilers do: `file:line:col: error: summary [code]`, the source line
/// with a caret (and tildes across the range), then the detail and a hint.
public struct TextDiagnosticRenderer: Sendable {
    /// ANSI colour; the CLI turns it on only for a terminal and never when NO_COLOR is set.
    public var useColor: Bool

    public init(useColor: Bool) { self.useColor = useColor }

    /// At most this many diagnostics are printed; a closing line counts the rest (all of them
    /// are in `--format json`). Thousands of errors in one file help nobody read the first.
    public static let maximumShown = 100

    public func render(_ diagnostics: Diagnostics, sources: [String: SourceFile], limit: Int = TextDiagnosticRenderer.maximumShown) -> String {
        var out = ""
        let secrets = Diagnostic.secretRanges(diagnostics)
        for diagnostic in diagnostics.prefix(limit) {
            render(diagnostic, source: diagnostic.range.flatMap { sources[$0.filename] }, masks: diagnostic.range.flatMap { secrets[$0.filename] } ?? [],
                   into: &out)
        }
        if diagnostics.count > limit {
            let rest = Diagnostics(Array(diagnostics.dropFirst(limit)))
            out += "… and \(summary(rest).dropLast()) more not shown (`--format json` lists every one).\n"
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

    public func render(_ diagnostic: Diagnostic, source: SourceFile?, masks: [SourceRange] = [], into out: inout String) {
        var header = ""
        if let range = diagnostic.range {
            header = "\(Terminal.escaped(range.filename)):\(range.start.line):\(range.start.column): "
        }
        let label = diagnostic.severity.rawValue
        let labelColor = diagnostic.severity == .error ? "31" : "33"
        let limit = Diagnostic.maximumTextLength
        out += style(header, "1") + style(label + ":", "1;" + labelColor) + " "
            + style(Terminal.escaped(diagnostic.summary.clipped(to: limit)), "1") + " [\(diagnostic.code.rawValue)]\n"
        if let range = diagnostic.range, let source {
            if source.changedSinceRead {
                out += "  (\(Terminal.escaped(range.filename)) changed after it was read: its line is not quoted)\n"
            } else if let snippet = Snippet.make(range, in: source, masked: diagnostic.masksSource, masks: masks) {
                out += render(snippet)
            }
        }
        if let address = diagnostic.address { out += "  resource: \(Terminal.escaped(address.clipped(to: 200)))\n" }
        if let path = diagnostic.path, !path.isEmpty { out += "  at: \(Terminal.escaped(path.clipped(to: 400)))\n" }
        // One line, escaped whole: a detail quotes manifest text (a rule's reason), and a line
        // break in it must not start a line a CI runner reads as a command (`::error …`).
        if !diagnostic.detail.isEmpty { out += "  \(Terminal.escaped(diagnostic.detail.clipped(to: limit)))\n" }
        if let hint = diagnostic.hint { out += "  " + style("hint:", "36") + " \(Terminal.escaped(hint.clipped(to: limit)))\n" }
    }

    private func render(_ snippet: Snippet) -> String {
        let number = String(snippet.line)
        let gutter = String(repeating: " ", count: number.count)
        // Keep tabs so that the caret lines up under tab-indented text.
        var pad = ""
        for scalar in snippet.text.unicodeScalars.prefix(snippet.highlightStart) { pad.append(scalar == "\t" ? "\t" : " ") }
        let marker = "^" + String(repeating: "~", count: max(snippet.highlightLength - 1, 0))
        return "  \(number) | \(snippet.text)\n  \(gutter) | \(pad)\(style(marker, "1;32"))\n"
    }

    private func style(_ text: String, _ code: String) -> String {
        guard useColor, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
