import TenancyDiagnostics
import TenancyEngine
import TenancyNotify

/// `tenancy force-unlock LOCK_ID`: removes a lock left by a run that died.
enum ForceUnlockCommand {
    static let spec = CommandSpec(
        name: "force-unlock",
        summary: "Remove a stale state lock by its ID.",
        discussion: "Only for a lock whose run is no longer running: the error that reports a held lock prints the exact command.",
        arguments: [ArgumentSpec(name: "LOCK_ID", help: "The lock's ID, as the lock error printed it.", variadic: false, optional: false)],
        options: [Options.dir],
        examples: ["tenancy force-unlock 0f6c1e6a-… --dir examples"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let id = arguments.positional(0) ?? ""
                let session = try context.session(arguments.dir)
                let holder = (try? session.backend.holder())?.map { $0.holderDescription } ?? "nobody it could read"
                try session.forceUnlock(id: id)
                context.console.writeOut("Lock \(id) removed. The state is unlocked.\n")
                NotifyCommand.alert(.lockForced(id: id, holder: holder), session, context)
                return .success
            }
        }
    )
}
