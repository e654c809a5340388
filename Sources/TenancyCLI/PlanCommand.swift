import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy plan [DIR]`: what apply would change, for reviewers and for CI.
enum PlanCommand {
    static let spec = CommandSpec(
        name: "plan",
        summary: "Show what apply would change.",
        discussion: """
        Loads and checks the configuration in DIR (default: .), compares it with the stored state \\
        and prints the changes. Exit status: 0 success, 1 error; with --detailed-exitcode, 0 no \\
        changes, 2 changes present.
        """,
        arguments: [ArgumentSpec(name: "DIR", help: "The configuration's folder (default: .).", variadic: false, optional: true)],
        options: [
            .option("format", "FORMAT", "Output format.", allowed: ["text", "json"]),
            .flag("detailed-exitcode", "Exit 2 when there are changes, 0 when none."),
            .flag("allow-destroy", "Allow plans that delete workspaces (never protected ones)."),
            .option("lock-timeout", "DUR", "How long to wait for the state lock (default 0s)."),
        ],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let timeout = RunContext.lockTimeout(arguments, context: context),
              let run = RunContext.load(arguments.positional.first ?? ".", context: context),
              let lock = run.lock("plan", timeout: timeout, context: context) else { return .failure }
        defer { run.backend.unlock(lock) }
        let state: State?
        do { state = try run.backend.read() } catch {
            context.report(Diagnostics([.error("state.read", error.description)]))
            return .failure
        }
        guard let desired = run.desired(context: context) else { return .failure }
        let (plan, diagnostics) = Planner(allowDestroy: arguments.flag("allow-destroy")).plan(desired: desired, state: state)
        if diagnostics.hasErrors {
            context.report(diagnostics)
            return .failure
        }
        let renderer = PlanRenderer(useColor: context.useColor(forStderr: false))
        if arguments.value("format") == "json" {
            context.console.writeOut(renderer.json(plan).canonicalText())
        } else {
            context.console.writeOut(renderer.text(plan))
        }
        return arguments.flag("detailed-exitcode") && plan.hasChanges ? .changes : .success
    }
}
