import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy apply [DIR | PLANFILE]`: plan, show, confirm, and record the new state in one
/// transition; or apply exactly a saved plan.
enum ApplyCommand {
    static let spec = CommandSpec(
        name: "apply",
        summary: "Make the platform match the configuration.",
        discussion: """
        With a folder (default: .), plans like `tenancy plan`, shows the plan and asks for `yes` on \\
        a terminal; off a terminal (CI) it needs --auto-approve. With a plan file saved by \\
        `tenancy plan --out`, applies exactly that plan, and refuses if the state or the manifests \\
        changed since. The new state is written atomically, and each apply is recorded in the \\
        hash-chained audit log beside it.
        """,
        arguments: [ArgumentSpec(name: "DIR|PLANFILE", help: "The configuration's folder (default: .), or a saved plan.",
                                 variadic: false, optional: true)],
        options: [
            .flag("auto-approve", "Apply without asking."),
            .flag("allow-destroy", "Allow deleting workspaces (never protected ones)."),
            .option("lock-timeout", "DUR", "How long to wait for the state lock (default 0s)."),
            .option("target", "ADDRESS", "Plan only this resource and what it depends on.", repeatable: true),
            .option("exclude", "ADDRESS", "Leave this resource, and what depends on it, out.", repeatable: true),
        ],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        var isDirectory: ObjCBool = false
        if let target = arguments.positional.first, FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory),
           !isDirectory.boolValue {
            return applySaved(target, arguments, context)
        }
        guard let planned = RunContext.plan("apply", arguments, context: context) else { return .failure }
        defer {
            planned.run.backend.unlock(planned.lock)
            context.console.keepUntilExit(planned)
        }
        var timer = PhaseTimer(environment: context.environment)
        let renderer = PlanRenderer(useColor: context.useColor(forStderr: false))
        renderer.text(planned.plan) { context.console.writeOut($0) }
        timer.lap("render")
        defer { timer.lap("apply and write") }
        guard planned.plan.hasChanges else { return .success }
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
        return commit(planned.plan, state: planned.state, run: planned.run, context: context)
    }

    /// `tenancy apply PLANFILE`: the plan as saved, against the state and manifests it was made from.
    static func applySaved(_ path: String, _ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let file: PlanFile
        do {
            file = try PlanFile(contentsOf: path, forApplying: true)
        } catch {
            context.report(Diagnostics([.error("plan.read", "cannot use \(path): \(error)",
                                               hint: "make a plan file with `tenancy plan --out FILE`")]))
            return .failure
        }
        guard let timeout = RunContext.lockTimeout(arguments, context: context),
              var run = RunContext.open(file.configurationRoot, context: context) else { return .failure }
        run.lookUpCommit()
        // Format 1 plans carry a digest of the files' bytes themselves; later ones of their digests.
        let legacy = file.sourceFormatVersion < 2
        guard let loaded = run.load(context: context, keepText: legacy, digesting: !legacy) else { return .failure }
        let digest = legacy ? loaded.digest(relativeTo: run.root) : loaded.filesDigest(relativeTo: run.root)
        guard digest == file.configurationDigest else {
            context.report(Diagnostics([.error("plan.stale", "the manifests changed since the plan was made",
                                               detail: "\(path) was planned from other contents of \(file.configurationRoot).",
                                               hint: "make a new plan: tenancy plan --out \(path)")]))
            return .failure
        }
        guard let lock = run.lock("apply", timeout: timeout, context: context) else { return .failure }
        defer { run.backend.unlock(lock) }
        let state: State?
        do { state = try run.backend.read() } catch {
            context.report(Diagnostics([.error("state.read", error.description)]))
            return .failure
        }
        if let problem = file.staleness(against: state) {
            context.report(Diagnostics([.error("plan.stale", problem, detail: "Nothing was applied.",
                                               hint: "make a new plan against the current state: tenancy plan --out \(path)")]))
            return .failure
        }
        PlanRenderer(useColor: context.useColor(forStderr: false)).text(file.plan) { context.console.writeOut($0) }
        guard file.plan.hasChanges else { return .success }
        return commit(file.plan, state: state, run: run, context: context)
    }

    /// What identifies an applied plan in the audit log: SHA-256 over its changes (addresses,
    /// actions, previous addresses, the changed field paths of updates and renames), in apply order. Cheap for any size, and
    /// equal for equal plans; the values themselves are in the state the record's serial names.
    static func planDigest(_ plan: Plan) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(plan.changes.count * 64)
        func add(_ string: String) {
            var string = string
            string.withUTF8 { text.append(contentsOf: $0) }
        }
        for change in plan.effectiveChanges {
            add(change.action.rawValue)
            text.append(UInt8(ascii: " "))
            add(change.address.description)
            text.append(UInt8(ascii: " "))
            add(change.previousAddress?.description ?? "-")
            // Field paths say what an update changed; a create's or delete's fields are all of
            // them, and the state of the record's serial holds their values.
            if change.action == .update || change.action == .rename {
                for field in change.fieldChanges {
                    text.append(UInt8(ascii: " "))
                    add(field.path)
                }
            }
            text.append(UInt8(ascii: "\n"))
        }
        return SHA256.hex(text)
    }

    /// Writes the new state (compare-and-swap) and its audit record, as one transition.
    static func commit(_ plan: Plan, state: State?, run: RunContext, context: CommandContext) -> ExitCode {
        var timer = PhaseTimer(environment: context.environment)
        let next = Applier.apply(plan, to: state)
        defer { context.console.keepUntilExit(next) }
        timer.lap("apply the plan to the state")
        let changes = plan.effectiveChanges.map { change -> JSON in
            var entry: [String: JSON] = ["address": .string(change.address.description), "action": .string(change.action.rawValue)]
            if let previous = change.previousAddress { entry["previous_address"] = .string(previous.description) }
            return .object(entry)
        }
        let entry = run.auditEntry("apply", planDigest: planDigest(plan), changes: changes, context: context)
        timer.lap("audit entry")
        defer { timer.lap("commit") }
        do {
            try run.backend.commit(next, expecting: state.map(StateVersion.init), audit: entry)
        } catch {
            context.report(Diagnostics([.error("state.write", "the new state was not written: \(error.description)",
                                               detail: "Nothing was recorded; the previous state is unchanged.")]))
            return .failure
        }
        context.console.writeOut("\nApply complete! Resources: \(plan.count(.create)) added, \(plan.count(.update)) changed, \(plan.count(.delete)) destroyed, \(plan.count(.rename)) renamed. State serial \(next.serial).\n")
        return .success
    }
}
