import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyNotify
import TenancyModel
import TenancySupport

/// `tenancy apply [PLANFILE]`: plan, show, confirm, and record the new state in one transition;
/// or apply exactly a saved plan.
enum ApplyCommand {
    static let spec = CommandSpec(
        name: "apply",
        summary: "Make the stored state match the configuration.",
        discussion: """
        Without a plan file, plans the configuration in the folder given with --dir (default: the \
        current folder) like `tenancy plan`, shows the plan and asks for `yes` on a terminal; off a \
        terminal (CI) it needs --auto-approve. With a plan file saved by `tenancy plan --out`, \
        applies exactly that plan, and refuses if the state or the manifests changed since. The new \
        state is written atomically, and each apply is recorded in the hash-chained audit log beside it.
        """,
        arguments: [ArgumentSpec(name: "PLANFILE", help: "A plan saved with `tenancy plan --out`.", variadic: false, optional: true)],
        options: [Options.dir, Options.autoApprove, Options.allowDestroy, allowMissingState, Options.lockTimeout, Options.target, Options.exclude],
        environment: PlanCommand.secretEnvironment + [("TENANCY_ACTOR", "Who the audit log records (else the CI's actor, else user@host).")],
        examples: ["tenancy apply --dir examples --auto-approve", "tenancy apply plan.tfplan"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                if let path = arguments.positional(0) { return try applySaved(path, arguments, context) }
                return try run(arguments, context)
            }
        }
    )

    static let allowMissingState = OptionSpec.flag("allow-missing-state", "Apply although the backend lost its state (it holds audit records or versions of earlier applies): creates everything again, in a new lineage.")

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        let session = try context.session(arguments.dir)
        var request = PlanCommand.request("apply", arguments)
        request.recordsCommit = true
        // The state records what it was applied from, for the runtime answers' file:line links.
        request.digesting = true
        var applied: Applied?
        defer { notifyApplied(applied, session, context) }
        return try session.planning(request) { (planned) throws(RunFailure) -> ExitCode in
            defer { context.console.keepUntilExit(planned) }
            context.report(planned.warnings, sources: planned.loaded.sources)
            PlanTextRenderer(useColor: context.useColor(forStderr: false)).text(planned.plan) { context.console.writeOut($0) }
            context.timer.lap("render")
            guard planned.plan.hasChanges else { return try completePublishing(planned, session, context) }
            // Before asking: a lost state is refused whatever the answer would be.
            try session.checkNoLostState(planned, allowed: arguments.isSet(allowMissingState))
            if !arguments.isSet(Options.autoApprove) {
                guard context.console.stdinIsTerminal else {
                    throw RunFailure(.error(.cliUsage, "apply needs --auto-approve when it cannot ask (standard input is not a terminal)",
                                            hint: "review the plan above, then run `tenancy apply --auto-approve`"))
                }
                context.console.writeOut("\nDo you want to perform these actions? Only 'yes' will be accepted.\n  Enter a value: ")
                guard context.console.readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                    context.console.writeOut("\nApply cancelled.\n")
                    return .failure
                }
            }
            return try commit(planned, session, context, applied: &applied)
        }
    }

    /// `tenancy apply PLANFILE`: the plan as saved, against the state and manifests it was made from.
    static func applySaved(_ path: String, _ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        let file: PlanFile
        do { file = try PlanFile(contentsOf: path, forApplying: true) } catch { throw RunFailure(error) }
        context.timer.lap("read the plan file")
        // --dir, else the configuration where the plan file says (relative to its own folder).
        let folder = arguments[Options.dir]
            ?? (file.configurationRoot.hasPrefix("/") ? file.configurationRoot : Paths.join(Paths.folder(of: path), file.configurationRoot))
        let session = try context.session(folder)
        var applied: Applied?
        defer { notifyApplied(applied, session, context) }
        return try session.applyingSaved(file, path: path, lockTimeout: arguments.lockTimeout,
                                         allowDestroy: arguments.isSet(Options.allowDestroy)) { (planned) throws(RunFailure) -> ExitCode in
            PlanTextRenderer(useColor: context.useColor(forStderr: false)).text(planned.plan) { context.console.writeOut($0) }
            guard planned.plan.hasChanges else { return try completePublishing(planned, session, context) }
            try session.checkNoLostState(planned, allowed: arguments.isSet(allowMissingState))
            return try commit(planned, session, context, applied: &applied)
        }
    }

    /// Records the plan's state and its audit record, as one transition, and says so.
    /// `made`: the transition, once made, for its notifications (sent after the state's lock is
    /// released, so that a slow receiver never holds the next apply).
    static func commit(_ planned: Planned, _ session: Session, _ context: CommandContext, applied made: inout Applied?) throws(RunFailure) -> ExitCode {
        let applied = try session.apply(planned)
        defer { context.console.keepUntilExit(applied) }
        if applied.stopRequested == nil { made = applied }
        let plan = applied.plan
        context.console.writeOut("\nApply complete! Resources: \(plan.count(.create)) added, \(plan.count(.update)) changed, \(plan.count(.delete)) destroyed, \(plan.count(.rename)) renamed. State serial \(applied.state.serial).\n")
        if let stop = applied.stopRequested { throw .stopped(stop, applied: true) }
        if let report = try session.publish(after: applied, from: planned.state) { say(report, session, context) }
        if let stop = context.cancellation.requested { throw .stopped(stop, applied: true) }
        return .success
    }

    /// `tenancy.applied` to the integrations the new state routes it to. A delivery that fails is
    /// recorded for `tenancy notify` and said as a warning: it never fails or undoes the apply.
    static func notifyApplied(_ applied: Applied?, _ session: Session, _ context: CommandContext) {
        guard let applied, context.cancellation.requested == nil else { return }
        do throws(RunFailure) {
            let report = try Notifier.applied(session, plan: applied.plan, state: applied.state,
                                              commit: session.environment.gitCommit(session.root), lockTimeout: 5)
            guard !report.deliveries.isEmpty || report.queued > 0 else { return }
            context.console.writeOut("\n" + NotifyRenderer.text(report))
            if let failure = report.recordFailure {
                context.report(Diagnostics([.warning(.notifyNotSent, "the outcome of serial \(applied.state.serial)'s notifications could not be recorded: \(failure.summary)",
                                                     detail: "The apply stands. Events recorded as not sent yet are sent by the next `tenancy notify`.")]))
            }
        } catch {
            context.report(Diagnostics([.warning(.notifyNotSent, "serial \(applied.state.serial)'s tenancy.applied notifications were not sent: "
                                                 + (error.diagnostics.first?.summary ?? "the delivery log could not be used"),
                                                 detail: "The apply stands; nothing of it depends on its notifications.")]))
        }
    }

    /// Nothing to change: a publish an earlier run left unfinished is completed (etcd).
    static func completePublishing(_ planned: Planned, _ session: Session, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        if let report = try session.publishIfBehind(planned.state) { say(report, session, context) }
        return .success
    }

    static func say(_ report: PublishReport, _ session: Session, _ context: CommandContext) {
        let location = session.backend.publisher?.location ?? "the backend"
        if let newer = report.supersededBy {
            context.console.writeOut("Serial \(newer.serial) is already published at \(location), newer than serial \(report.version.serial): nothing written (published settings never move backwards).\n")
            return
        }
        context.console.writeOut("Published serial \(report.version.serial) to \(location): \(report.written) written, \(report.removed) removed"
                                 + (report.unchanged > 0 ? ", \(report.unchanged) already current" : "") + ".\n")
    }
}
