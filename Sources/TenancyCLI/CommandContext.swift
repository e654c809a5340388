import TenancyDiagnostics

/// What a running command may use of the outside world: its console, environment and working
/// directory. Passing these in (rather than reading globals) keeps commands testable in-process.
final class CommandContext {
    let console: Console
    let environment: [String: String]
    let noColorFlag: Bool

    init(console: Console, environment: [String: String], noColorFlag: Bool) {
        self.console = console
        self.environment = environment
        self.noColorFlag = noColorFlag
    }

    /// Colour only on a terminal, never with `--no-color` or a non-empty NO_COLOR (no-color.org).
    func useColor(forStderr: Bool) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return forStderr ? console.stderrIsTerminal : console.stdoutIsTerminal
    }

    /// Prints diagnostics as text to standard error, quoting the offending source lines.
    func report(_ diagnostics: Diagnostics, sources: [String: SourceFile] = [:]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = TextDiagnosticRenderer(useColor: useColor(forStderr: true))
        console.writeError(renderer.render(diagnostics, sources: sources))
    }
}
