import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy validate [PATH…]`: load every manifest and report every problem, text or JSON.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "Check manifests and report every problem found.",
        discussion: """
        Loads the given files and every *.yaml / *.yml file under the given folders (default: the \
        current folder; .tenancy/ and hidden folders are skipped), checks YAML, the schema of each \
        kind, references between manifests, the semantic rules and the templates' enforced rules, \
        and reports all problems at once. Exit status: 0 when valid (warnings allowed), 1 when any \
        error was found.
        """,
        arguments: [ArgumentSpec(name: "PATH", help: "Files or folders to check (default: the --dir folder, else the current one).", variadic: true, optional: true)],
        options: [Options.dir, Options.format([.text, .json])],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let targets = arguments.positional.isEmpty ? [arguments.dir] : arguments.positional
        let result = Session.validate(targets)
        let diagnostics = result.diagnostics
        if arguments.format == .json {
            context.console.writeOut(JSONDiagnosticRenderer().render(diagnostics, sources: result.sources))
        } else {
            context.report(diagnostics, sources: result.sources)
            let renderer = TextDiagnosticRenderer(useColor: context.useColor(forStderr: false))
            if diagnostics.hasErrors {
                context.console.writeOut(renderer.summary(diagnostics) + "\n")
            } else {
                let files = result.fileCount
                let documents = "\(result.documentCount) document\(result.documentCount == 1 ? "" : "s")"
                let warnings = diagnostics.isEmpty ? "" : " (\(renderer.summary(diagnostics).dropLast()))"
                context.console.writeOut("Success! \(files) file\(files == 1 ? "" : "s"), \(documents) valid\(warnings).\n")
            }
        }
        return diagnostics.hasErrors ? .failure : .success
    }
}
