/// A request to stop a run (Ctrl-C, SIGTERM), shared between whoever receives the signal and the
/// run that must honour it. The run checks it between phases; around the one transition that
/// must not be cut short (a state commit) it marks itself committing, and a stop requested then
/// waits for the commit to finish. Cleanups registered while a resource is held (the state lock)
/// run once when a stop is requested outside a commit, so that whoever exits at once leaves no
/// lock behind.
package final class Cancellation: Sendable {
    /// Why a run was asked to stop.
    package enum Reason: Sendable, Equatable {
        case interrupt   // SIGINT, Ctrl-C
        case terminate   // SIGTERM
        case hangup      // SIGHUP, the terminal closed
        case quit        // SIGQUIT, Ctrl-\
        /// Standard output cannot be written (a closed pipe, a full device): what the run would
        /// do could not be shown, so it does nothing more.
        case outputFailed
    }

    private struct Flags: Sendable {
        var requested: Reason?
        var committing = false
        var applied = false
        var lockedFor: String?
        var cleanups: [Int: @Sendable () -> Void] = [:]
        var nextCleanup = 0
    }

    private let flags = Locked(Flags())

    package init() {}

    /// The stop requested, if any.
    package var requested: Reason? { flags.withLock { $0.requested } }

    /// Asks the run to stop. Returns whether the caller may end the process now (no commit in
    /// progress); in that case the registered cleanups have run. During a commit it returns false:
    /// the commit finishes and the run then stops by itself. Later requests change nothing.
    /// `exiting`: the caller ends the process at once when allowed (a signal handler), so the
    /// cleanups run now; otherwise (the run itself noticed) the run unwinds and releases what it
    /// holds the normal way.
    @discardableResult
    package func request(_ reason: Reason, exiting: Bool = true) -> Bool {
        let cleanups: [@Sendable () -> Void]? = flags.withLock { flags in
            if flags.requested == nil { flags.requested = reason }
            guard !flags.committing else { return nil }
            guard exiting else { return [] }
            let all = flags.cleanups.sorted { $0.key > $1.key }.map(\.value)
            flags.cleanups = [:]
            return all
        }
        guard let cleanups else { return false }
        for cleanup in cleanups { cleanup() }
        return true
    }

    /// The run itself ends stopped (it noticed the stop and unwound, rather than being ended by
    /// the signal's thread): what is still registered is undone now. The locks are released by
    /// then; what remains is what must not outlive a stopped run (a saved plan).
    package func undoRemaining() {
        let cleanups = flags.withLock { flags in
            let all = flags.cleanups.sorted { $0.key > $1.key }.map(\.value)
            flags.cleanups = [:]
            return all
        }
        for cleanup in cleanups { cleanup() }
    }

    /// Registers what must be undone if the run is stopped while it holds something; returns a
    /// token for `release`.
    package func onStop(_ cleanup: @escaping @Sendable () -> Void) -> Int {
        flags.withLock { flags in
            let token = flags.nextCleanup
            flags.nextCleanup += 1
            flags.cleanups[token] = cleanup
            return token
        }
    }

    /// The resource was released the normal way: its cleanup is no longer needed.
    package func release(_ token: Int) {
        _ = flags.withLock { $0.cleanups.removeValue(forKey: token) }
    }

    /// Starts the transition that must not be cut short; false (nothing started) when a stop was
    /// already requested.
    package func beginCommit() -> Bool {
        flags.withLock { flags in
            guard flags.requested == nil else { return false }
            flags.committing = true
            return true
        }
    }

    /// The transition is over; a stop requested meanwhile is now honoured by the run itself.
    package func endCommit() {
        flags.withLock { $0.committing = false }
    }

    /// The transition was made: a stop from now on says so (what remains is rendering, publishing).
    package func markApplied() {
        flags.withLock { $0.applied = true }
    }

    /// The run takes the state lock for `operation` (`plan`, `apply`, `state rm`…): a stop from
    /// now on says the state is unchanged and unlocked, rather than only that nothing changed.
    package func noteLocked(for operation: String) {
        flags.withLock { $0.lockedFor = $0.lockedFor ?? operation }
    }

    /// The operation this run took the state lock for, if it did.
    package var lockedFor: String? { flags.withLock { $0.lockedFor } }

    /// Whether this run has made its state transition.
    package var hasApplied: Bool { flags.withLock { $0.applied } }

    /// Whether a commit is in progress (a signal then waits for it).
    package var isCommitting: Bool { flags.withLock { $0.committing } }
}
