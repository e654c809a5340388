import TenancyDiagnostics
import TenancyEngine

/// `tenancy force-unlock LOCK_ID [DIR]`: removes a lock left by a run that died.
enum ForceUnlockCommand {
    static let spec = CommandSpec(
        name: "force-unlock",
        summary: "Remove a stale state lock by its ID.",
        discussion: "Only for a lock whose run is no longer running: the error that reports a held lock prints the exact command.",
        arguments: [
            ArgumentSpec(name: "LOCK_ID", help: "The lock's ID, as the lock error printed it.", variadic: false, optional: false),
            ArgumentSpec(name: "DIR", help: "The configuration's folder (default: .).", variadic: false, optional: true),
        ],
        run: { arguments, context in
            guard let run = RunContext.open(arguments.positional.count > 1 ? arguments.positional[1] : ".", context: context) else {
                return .failure
            }
            do {
                try run.backend.forceUnlock(id: arguments.positional[0])
            } catch {
                context.report(Diagnostics([.error("state.lock", "\(error)",
                                                   hint: ((try? run.backend.holder()) ?? nil).map { "the lock held now has ID \($0.id)" })]))
                return .failure
            }
            context.console.writeOut("Lock \(arguments.positional[0]) removed. The state is unlocked.\n")
            return .success
        }
    )
}
