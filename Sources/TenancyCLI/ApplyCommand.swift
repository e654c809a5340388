import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy apply [DIR]`: plan, show, confirm, and record the new state in one transition.
enum ApplyCommand {
    static let spec = CommandSpec(
        name: "apply",
        summary: "Make the platform match the configuration.",
        discussion: """
        Plans like `tenancy plan`, shows the plan and asks for `yes` on a terminal; off a terminal \\
        (CI) it needs --auto-approve. The new state is written atomically: all of the apply or none.
        """,
        arguments: [ArgumentSpec(name: "DIR", help: "The configuration's folder (default: .).", variadic: false, optional: true)],
        options: [
            .flag("auto-approve", "Apply without asking."),
            .flag("allow-destroy", "Allow deleting workspaces (never protected ones)."),
            .option("lock-timeout", "DUR", "How long to wait for the state lock (default 0s)."),
        ],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let planned = RunContext.plan("apply", arguments, context: context) else { return .failure }
        defer { planned.run.backend.unlock(planned.lock) }
        let (run, state, plan) = (planned.run, planned.state, planned.plan)
        let renderer = PlanRenderer(useColor: context.useColor(forStderr: false))
        context.console.writeOut(renderer.text(plan))
        guard plan.hasChanges else { return .success }
        if !arguments.flag("auto-approve") {
            guard context.console.stdinIsTerminal else {
                context.report(Diagnostics([.error(.cliUsage, "apply needs --auto-approve when it cannot ask (standard input is not a terminal)",
                                                   hint: "review the plan above, then run `tenancy apply --auto-approve`")]))
                return .failure
            }
            context.console.writeOut("\nDo you want to perform these actions? Only 'yes' will be accepted.\n  Enter a value: ")
            guard context.console.readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                context.console.writeOut("\nApply cancelled.\n")
                return .failure
            }
        }
        let next = Applier.apply(plan, to: state)
        do {
            try run.backend.write(next, expecting: state.map { ($0.lineage, $0.serial) })
        } catch {
            context.report(Diagnostics([.error("state.write", "the new state was not written: \(error.description)",
                                               detail: "Nothing was recorded; the previous state is unchanged.")]))
            return .failure
        }
        context.console.writeOut("\nApply complete! Resources: \(plan.count(.create)) added, \(plan.count(.update)) changed, \(plan.count(.delete)) destroyed, \(plan.count(.rename)) renamed. State serial \(next.serial).\n")
        return .success
    }
}
