import Foundation
import TenancyDiagnostics
import TenancySupport

/// What a run takes from the world outside it, handed in by the caller (the CLI reads the
/// process's environment, the engine never does): environment variables (secrets and backend
/// credentials come from them), who is running, the clock, how to ask git for the commit, where
/// a stop request arrives, and who wants to hear about phases.
package struct RunEnvironment: Sendable {
    /// The variables `env:` secrets and backend settings read.
    package var variables: [String: String]
    /// Who the audit log records (TENANCY_ACTOR, the CI's actor, else user@host).
    package var actor: String
    /// The time state changes and audit records are stamped with.
    package var now: @Sendable () -> Date
    /// The git commit the configuration at a folder is at, if any (for the audit record).
    package var gitCommit: @Sendable (String) -> String?
    /// Stop requests (Ctrl-C, SIGTERM) for the run to honour between phases.
    package var cancellation: Cancellation
    /// Called with the name of each phase as it ends (`TENANCY_TIMINGS`).
    package var phaseEnded: @Sendable (String) -> Void
    /// Told of what a run wants said while it goes on (a warning: a stale lock taken over).
    package var notice: @Sendable (Diagnostic) -> Void

    package init(variables: [String: String] = [:], actor: String = "unknown", now: @escaping @Sendable () -> Date = { Date() },
                gitCommit: @escaping @Sendable (String) -> String? = { _ in nil }, cancellation: Cancellation = Cancellation(),
                phaseEnded: @escaping @Sendable (String) -> Void = { _ in },
                notice: @escaping @Sendable (Diagnostic) -> Void = { _ in }) {
        self.variables = variables
        self.actor = actor
        self.now = now
        self.gitCommit = gitCommit
        self.cancellation = cancellation
        self.phaseEnded = phaseEnded
        self.notice = notice
    }

    /// An ISO 8601 time stamp of now, in UTC.
    func timestamp() -> String { ISO8601DateFormatter().string(from: now()) }

    /// Throws the stop that was requested, if one was.
    func checkStop() throws(RunFailure) {
        if let reason = cancellation.requested { throw .stopped(reason, applied: false) }
    }
}
