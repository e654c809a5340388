import TenancyDiagnostics

extension Session {
    /// Runs `body` holding the lock of the backend's journal `name` (not the state's: a run that
    /// waits on a receiver never holds up an apply), released on every path out of it, a stop
    /// signal included. A backend without journals is an error naming what it lacks.
    package func withJournal<T>(_ name: String, operation: String, timeout: Double,
                                _ body: (any Journal) throws(RunFailure) -> T) throws(RunFailure) -> T {
        try environment.checkStop()
        guard let journal = backend.journal(name) else {
            throw RunFailure(.error(.backendSetting, "the state's backend keeps no \(name) log", hint: "use a local or etcd backend"))
        }
        let cleanup = environment.cancellation.onStop { journal.abandonLocks() }
        defer { environment.cancellation.release(cleanup) }
        environment.cancellation.noteLocked(for: operation)
        let info: LockInfo
        do {
            info = try journal.lock(operation: operation, who: environment.actor, timeout: timeout)
        } catch {
            var diagnostic = error.diagnostic
            if case .file = error { diagnostic.summary = diagnostic.summary.replacingOccurrences(of: "the state lock", with: "the \(name) log's lock") }
            if case let .held(holder) = error {
                diagnostic.summary = "another run holds the lock of the \(name) log at \(journal.location)"
                    + (holder.isUnreadable ? "" : ": \(holder.holderDescription)")
                diagnostic.detail = "Runs that send notifications take turns, so that no event is sent twice; this one gave up after \(Int(timeout)) s."
                diagnostic.hint = "run again when it is done (it ends within a few minutes, however its receivers behave), or wait longer with --lock-timeout"
            }
            throw RunFailure(diagnostic)
        }
        defer { journal.unlock(info) }
        try environment.checkStop()
        return try body(journal)
    }
}
