/// Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`), so that
/// they appear as annotations on the changed lines of a pull request. GitHub shows at most 10
/// errors and 10 warnings of a step: the first of each (diagnostics come sorted, errors of a file
/// in line order) are printed as annotations, then one notice counts what was left out; the job's
/// log (standard error) still lists every diagnostic.
public struct GitHubAnnotationRenderer: Sendable {
    /// What GitHub shows of a step, per severity.
    public static let shownPerSeverity = 10

    public init() {}

    public func render(_ diagnostics: Diagnostics) -> String {
        var out = ""
        var shown: [Severity: Int] = [:]
        var omitted: [Severity: Int] = [:]
        for severity in [Severity.error, .warning] {
            for diagnostic in diagnostics where diagnostic.severity == severity {
                guard shown[severity, default: 0] < Self.shownPerSeverity else {
                    omitted[severity, default: 0] += 1
                    continue
                }
                shown[severity, default: 0] += 1
                out += command(diagnostic)
            }
        }
        let errors = omitted[.error, default: 0], warnings = omitted[.warning, default: 0]
        if errors + warnings > 0 {
            var parts: [String] = []
            if errors > 0 { parts.append("\(errors) more error\(errors == 1 ? "" : "s")") }
            if warnings > 0 { parts.append("\(warnings) more warning\(warnings == 1 ? "" : "s")") }
            out += "::notice title=tenancy::" + Self.data("\(parts.joined(separator: " and ")) not shown as annotations "
                + "(GitHub shows \(Self.shownPerSeverity) of each a step); the job's log lists every one.") + "\n"
        }
        return out
    }

    /// One workflow command: `::error file=F,line=L,endLine=E,col=C,endColumn=D,title=CODE::message`.
    func command(_ diagnostic: Diagnostic) -> String {
        let name = diagnostic.severity == .error ? "error" : "warning"
        var properties: [String] = []
        if let range = diagnostic.range {
            properties.append("file=" + Self.property(range.filename))
            // A range that ends at the start of a line ends with the line before it (a document's
            // span ends where the next line begins): a one-line file is one line, not two.
            let endsAtLineStart = range.end.line > range.start.line && range.end.column <= 1
            let endLine = endsAtLineStart ? range.end.line - 1 : range.end.line
            properties.append("line=\(max(1, range.start.line))")
            properties.append("endLine=\(max(range.start.line, endLine, 1))")
            // Columns only on one line: GitHub ignores them across lines.
            if range.end.line <= range.start.line {
                properties.append("col=\(max(1, range.start.column))")
                properties.append("endColumn=\(max(range.start.column, range.end.column - 1, 1))")
            } else if endLine <= range.start.line {
                properties.append("col=\(max(1, range.start.column))")
            }
        }
        properties.append("title=" + Self.property("\(diagnostic.code.rawValue)" + (diagnostic.address.map { " · \($0)" } ?? "")))
        // Each line made safe on its own: the line breaks between them are the message's.
        var lines = [diagnostic.summary]
        if let path = diagnostic.path { lines.append("at: \(path)") }
        if !diagnostic.detail.isEmpty { lines.append(diagnostic.detail) }
        if let hint = diagnostic.hint { lines.append("hint: " + hint) }
        let message = lines.map(Terminal.escaped).joined(separator: "\n")
        return "::\(name) \(properties.joined(separator: ","))::\(Self.data(message))\n"
    }

    /// A command's message: `%`, CR and LF escaped (as @actions/core does).
    static func data(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property's value: as `data`, and `:` and `,` too.
    static func property(_ text: String) -> String {
        data(Terminal.escaped(text)).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
