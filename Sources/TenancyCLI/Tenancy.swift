import TenancyDiagnostics

/// The `tenancy` command line: the command table and the one entry point the executable calls.
public enum Tenancy {
    public static let version = "0.1.0"

    static let rootCommand = CommandSpec(
        name: "tenancy",
        summary: "Tenancy: the workspaces of a multi-tenant platform as code (plan, apply, audit).",
        subcommands: [InitCommand.spec, ValidateCommand.spec, PlanCommand.spec, ApplyCommand.spec, ShowCommand.spec, StateCommand.spec, AuditCommand.spec, ForceUnlockCommand.spec, SchemaCommand.spec, TemplatesCommand.spec, VersionCommand.spec]
    )

    /// Runs one command line (without the program name) and returns the process exit code.
    public static func run(_ arguments: [String], environment: [String: String], console: Console) -> ExitCode {
        let parser = ArgumentParser(root: rootCommand)
        let noColor = arguments.contains("--no-color")
        switch parser.parse(arguments) {
        case let .help(command, path):
            console.writeOut(HelpText.render(command, path: path))
            return .success
        case let .failure(diagnostic, _):
            let context = CommandContext(console: console, environment: environment, noColorFlag: noColor)
            context.report(Diagnostics([diagnostic]))
            return .failure
        case let .run(command, _, parsed):
            let context = CommandContext(console: console, environment: environment,
                                         noColorFlag: parsed.isSet(ArgumentParser.noColor))
            return command.run?(parsed, context) ?? .failure
        }
    }
}
