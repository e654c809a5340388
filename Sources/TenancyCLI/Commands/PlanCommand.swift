import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyAnswers
import TenancySupport

/// `tenancy plan`: what apply would change, for reviewers and for CI.
enum PlanCommand {
    static let spec = CommandSpec(
        name: "plan",
        summary: "Show what apply would change.",
        discussion: """
        Loads and checks the configuration in the folder given with --dir (default: the current \
        folder), compares it with the stored state and prints the changes. Exit status: 0 success, \
        1 error; with --detailed-exitcode, 0 no changes, 2 changes present.
        """,
        options: [
            Options.dir,
            Options.format([.text, .json, .markdown, .github],
                           help: "Output format (markdown: for pull-request comments; github: the text plan, workflow annotations, and the Markdown plan in $GITHUB_STEP_SUMMARY)."),
            Options.out, Options.detailedExitCode, Options.pretty,
            Options.allowDestroy,
            Options.lockTimeout, Options.target, Options.exclude,
            PlanComment.commentLimit, PlanComment.split,
            lock, secrets, usage, strictUsage,
        ],
        environment: secretEnvironment,
        examples: ["tenancy plan --dir examples", "tenancy plan --out plan.tfplan --format markdown > comment.md",
                   "tenancy plan --target Workspace/engineering --detailed-exitcode",
                   "tenancy plan --lock=false --secrets=unavailable-ok --out tenancy.plan"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                do throws(RunFailure) { return try run(arguments, context) } catch {
                    // A failed plan annotates the lines at fault too (the log has the full text).
                    if arguments.format == .github {
                        let root = ReportRoot.find(from: arguments.dir)
                        context.console.writeOut(GitHubAnnotationRenderer().render(error.diagnostics.relative(to: root)))
                    }
                    throw error
                }
            }
        }
    )

    static let lock = OptionSpec.option("lock", "true|false", "false: read the state without taking the lock, for a pull request's plan with read-only credentials (the plan can be saved; applying it re-checks the state under the lock).",
                                        allowed: ["true", "false"])
    static let secrets = OptionSpec.option("secrets", "required|unavailable-ok", "unavailable-ok: a secret that cannot be read is a warning and shows as \"(not checked: secret unavailable)\", for a pull request's plan without production secrets; applying the saved plan reads every such secret and refuses if one differs from what the plan shows.",
                                           allowed: ["required", "unavailable-ok"])
    static let usage = OptionSpec.option("usage", "PATH", "The platform's usage: add each workspace change's monthly cost before → after and the quotas it puts below current use (docs/usage-format.md).")
    static let strictUsage = OptionSpec.flag("strict-usage", "With --usage: a quota below current use is an error, not a warning.")

    /// What commands that read secrets and backends document in their help.
    static let secretEnvironment: [(name: String, help: String)] = [
        ("NAME of env:NAME", "A secret a manifest names with secretRef: env:NAME."),
        ("TENANCY_ETCD_ENDPOINTS", "etcd client URLs, comma-separated (replaces spec.backend.etcd.endpoints)."),
        ("TENANCY_ETCD_USERNAME/PASSWORD", "etcd credentials."),
        ("NO_COLOR", "Never colour the output."),
        ("TENANCY_TIMINGS", "Print each phase's time and peak memory on standard error."),
    ]

    static func request(_ operation: String, _ arguments: ParsedArguments) -> PlanRequest {
        var request = PlanRequest(operation: operation)
        request.allowDestroy = arguments.isSet(Options.allowDestroy)
        request.targets = arguments.addresses(Options.target)
        request.excludes = arguments.addresses(Options.exclude)
        request.lockTimeout = arguments.lockTimeout
        return request
    }

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        let session = try context.session(arguments.dir)
        var request = request("plan", arguments)
        let out = arguments[Options.out]
        request.digesting = out != nil
        request.lock = arguments[lock] != "false"
        request.secrets = arguments[secrets].flatMap(SecretSource.Unavailable.init(rawValue:)) ?? .refused
        if (arguments[PlanComment.split] != nil || arguments[PlanComment.commentLimit] != nil), arguments.format != .markdown {
            throw RunFailure(.error(.cliUsage, "--split and --comment-limit shape the Markdown comment: they need --format markdown",
                                    hint: "tenancy plan --format markdown --split comment/"))
        }
        if let folder = arguments[PlanComment.split], FileIO.exists(folder), !FileIO.isFolder(folder) {
            // Said before planning, so that a saved plan is never written beside a failed render.
            throw RunFailure(.error(.cliUsage, "--split \(folder) is not a folder", hint: "name a folder for the comment's parts (it is created if it does not exist)"))
        }
        if arguments.isSet(strictUsage), arguments[usage] == nil {
            throw RunFailure(.error(.cliUsage, "--strict-usage needs --usage PATH", hint: "for example --usage examples/usage --strict-usage"))
        }
        // A plan saved by a run that is then stopped is removed again: "stopped" leaves no plan
        // to apply (the saved file withdraws itself: `PlanFile.write`).
        return try planAndRender(session, request, out: out, arguments, context)
    }

    private static func planAndRender(_ session: Session, _ request: PlanRequest, out: String?,
                                      _ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        try session.planning(request) { (planned) throws(RunFailure) -> ExitCode in
            defer { context.console.keepUntilExit(planned) }
            context.report(planned.warnings, sources: planned.loaded.sources)
            var annotations = planned.warnings
            var impact: MeasuredImpact?
            if let path = arguments[usage] {
                let measured = try MeasuredImpact.measure(planned.plan, state: planned.state, usagePath: path,
                                                          strict: arguments.isSet(strictUsage))
                // The reader's warnings (a byte-order mark, say) are shown as quota check shows them.
                context.report(measured.warnings, sources: measured.sources)
                annotations.append(contentsOf: measured.warnings)
                impact = measured
                context.timer.lap("usage impact")
            }
            if let out {
                try session.save(planned, to: out, cancellation: context.cancellation)
            }
            switch arguments.format {
            case .json:
                PlanJSONRenderer(timestamp: context.timestamp(), toolVersion: Tenancy.version, layout: arguments.isSet(Options.pretty) ? .pretty : .compact)
                    .write(planned.plan, impact: impact?.json) {
                    (piece: UnsafeRawBufferPointer) in context.console.writeOut(bytes: piece)
                }
            case .markdown:
                let markdown = PlanMarkdownRenderer().render(planned.plan, lead: impact?.markdown ?? "")
                try PlanComment.emit(markdown, plan: planned.plan, arguments: arguments, context: context)
            default: // text, and github (which adds annotations and the job summary)
                if planned.state == nil {
                    // Said first: a wiped cluster or a wrong prefix looks exactly like a new project.
                    context.console.writeOut("No state at \(Terminal.escaped(session.backend.location)): this plan creates everything.\n")
                    if let earlier = try session.earlierApplies(state: nil) {
                        context.console.writeOut("Warning: \(earlier.describe(Terminal.escaped(session.backend.location))): "
                                                 + "its state is gone. apply refuses this plan without --allow-missing-state.\n")
                    }
                    context.console.writeOut("\n")
                }
                PlanTextRenderer(useColor: context.useColor(forStderr: false)).text(planned.plan) { context.console.writeOut($0) }
                if let impact { context.console.writeOut(impact.text) }
                if let out {
                    // Applying a saved plan that deletes workspaces needs the flag again (SavedPlanCheck).
                    let destroys = planned.plan.changes.contains { $0.action == .delete && $0.address.kind == .workspace }
                    let command = "tenancy apply \(destroys ? "--allow-destroy " : "")\(out)"
                    context.console.writeOut("\nSaved the plan to \(out). To perform exactly these actions: \(command)\n")
                }
            }
            if arguments.format == .github {
                context.console.writeOut(GitHubAnnotationRenderer().render(annotations.relative(to: ReportRoot.find(from: session.root))))
                JobSummary.append(PlanMarkdownRenderer().render(planned.plan, lead: impact?.markdown ?? ""),
                                  environment: context.environment) { context.report(Diagnostics([$0])) }
            }
            context.timer.lap("render")
            return arguments.isSet(Options.detailedExitCode) && planned.plan.hasChanges ? .changes : .success
        }
    }
}
