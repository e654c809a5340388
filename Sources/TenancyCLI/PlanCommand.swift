import Foundation
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
            .option("format", "FORMAT", "Output format (markdown: for pull-request comments).", allowed: ["text", "json", "markdown"]),
            .option("out", "FILE", "Save the plan for `tenancy apply FILE` (which then applies exactly it)."),
            .flag("detailed-exitcode", "Exit 2 when there are changes, 0 when none."),
            .flag("allow-destroy", "Allow plans that delete workspaces (never protected ones)."),
            .option("lock-timeout", "DUR", "How long to wait for the state lock (default 0s)."),
            .option("target", "ADDRESS", "Plan only this resource and what it depends on.", repeatable: true),
            .option("exclude", "ADDRESS", "Leave this resource, and what depends on it, out.", repeatable: true),
        ],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let planned = RunContext.plan("plan", arguments, context: context) else { return .failure }
        defer {
            planned.run.backend.unlock(planned.lock)
            context.console.keepUntilExit(planned)
        }
        if let out = arguments.value("out") {
            let file = PlanFile(plan: planned.plan, configurationDigest: planned.loaded.filesDigest(relativeTo: planned.run.root),
                                configurationRoot: URL(fileURLWithPath: planned.run.root).standardizedFileURL.path)
            do {
                try file.write(to: out)
            } catch {
                context.report(Diagnostics([.error("plan.write", "cannot save the plan: \(error)")]))
                return .failure
            }
        }
        let renderer = PlanRenderer(useColor: context.useColor(forStderr: false))
        if arguments.value("format") == "json" {
            renderer.json(planned.plan) { context.console.writeOut($0) }
        } else if arguments.value("format") == "markdown" {
            context.console.writeOut(MarkdownPlanRenderer().render(planned.plan))
        } else {
            renderer.text(planned.plan) { context.console.writeOut($0) }
            if let out = arguments.value("out") {
                context.console.writeOut("\nSaved the plan to \(out). To perform exactly these actions: tenancy apply \(out)\n")
            }
        }
        return arguments.flag("detailed-exitcode") && planned.plan.hasChanges ? .changes : .success
    }
}
