import TenancyAnswers
import TenancyDiagnostics

/// What a machine format prints when its command fails before it wrote its document: a bad
/// option, a framework that does not exist, a configuration that does not load, a setting
/// refused. The tools that read these formats (code scanning, a CI's test tab, a merge-request
/// widget, a script) refuse an empty file and say nothing of why; given a valid document that
/// holds the error, they show it. The error is said on standard error too, and the exit is 1.
enum ErrorDocument {
    /// The commands whose formats other tools read, and those formats.
    static let machineFormats: [String: Set<String>] = [
        "validate": ["json", "sarif", "gitlab", "github"],
        "compliance": ["json", "sarif", "junit", "markdown"],
        "plan": ["json", "markdown"],
    ]

    /// The document for `command`'s `format`, holding `diagnostics` (their errors, else all of
    /// them); nil when the format is not a machine one.
    static func render(command: String, format: String, diagnostics: Diagnostics, frameworks: [String], root: ReportRoot) -> String? {
        guard machineFormats[command]?.contains(format) == true else { return nil }
        let errors = diagnostics.filter { $0.severity == .error }
        let shown = (errors.isEmpty ? diagnostics : Diagnostics(errors)).relative(to: root)
        let problems = shown.isEmpty ? ["tenancy \(command) failed before it wrote its report"] : shown.map(SARIF.problemLine)
        switch format {
        case "sarif":
            let id = command == "compliance" ? ComplianceSARIFRenderer.automationID(frameworks) : SARIFDiagnosticRenderer.automationID
            return SARIF.errorLog(automationID: id, problems: problems, toolVersion: Tenancy.version)
        case "junit":
            return ComplianceJUnitRenderer.error(problems)
        case "gitlab":
            return GitLabCodeQualityRenderer().render(shown.isEmpty ? Diagnostics([.error(.cliUsage, problems[0])]) : shown)
        case "github":
            return GitHubAnnotationRenderer().render(shown.isEmpty ? Diagnostics([.error(.cliUsage, problems[0])]) : shown)
        case "json":
            return JSONDiagnosticRenderer().render(shown.isEmpty ? Diagnostics([.error(.cliUsage, problems[0])]) : shown)
        case "markdown":
            return "### `tenancy \(command)` could not run\n\n" + problems.map { "- " + Self.markdown($0) }.joined(separator: "\n") + "\n"
        default:
            return nil
        }
    }

    /// A line for a Markdown list: what Markdown would read as markup is escaped.
    static func markdown(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_{}[]<>()#+!|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// An option's values as written on the command line (`--format sarif`, `--format=sarif`),
    /// for a command line the parser refused.
    static func values(of option: String, in arguments: [String]) -> [String] {
        var values: [String] = []
        var rest = arguments[...]
        while let word = rest.first {
            rest = rest.dropFirst()
            if word == "--" { break }
            if word == "--" + option, let value = rest.first {
                values.append(value)
                rest = rest.dropFirst()
            } else if word.hasPrefix("--" + option + "=") {
                values.append(String(word.dropFirst(option.count + 3)))
            }
        }
        return values
    }
}
