import TenancyDiagnostics
import Foundation
import TenancyJSON

/// What the caller knows of a state change; the backend adds the sequence number, the chain hashes,
/// the lineage and the serial when it records it in the same transition as the state.
package struct AuditEntry: Sendable, Equatable {
    package let operation: String
    package let time: String
    package let actor: String
    package let commit: String?
    package let planDigest: String
    package let changes: [JSON]

    package init(operation: String, time: String, actor: String, commit: String?, planDigest: String, changes: [JSON]) {
        self.operation = operation
        self.time = time
        self.actor = actor
        self.commit = commit
        self.planDigest = planDigest
        self.changes = changes
    }
}

/// One kept version of the state, for `tenancy state history`.
package struct StateHistoryEntry: Sendable, Equatable {
    package let serial: Int
    package let lineage: String
    /// When it was written (ISO 8601), or nil when the backend did not record it.
    package let time: String?
    package let bytes: Int
    /// SHA-256 of the version's canonical text.
    package let digest: String?

    package init(serial: Int, lineage: String, time: String?, bytes: Int, digest: String?) {
        self.serial = serial
        self.lineage = lineage
        self.time = time
        self.bytes = bytes
        self.digest = digest
    }
}

/// Where state lives. Every backend keeps the same promises, which `BackendConformance` (in the
/// test support target) checks for each of them alike:
/// - a reader sees one complete state, never a torn one;
/// - `commit` is a compare-and-swap on (lineage, serial) and records its audit entry in the same
///   transition: all of it or none of it;
/// - one lock at a time, whose holder is reported to whoever is refused;
/// - the last versions are kept, so that one can be restored.
package protocol StateBackend: Sendable {
    /// Where the state is, for messages: a file path, or the etcd prefix and endpoints.
    var location: String { get }
    /// Where the audit log is, for messages about it (the log file, or the keys under the prefix).
    var auditLocation: String { get }
    /// What the last commit of this process wants said although it succeeded (its audit record
    /// left pending, say), once; nil when nothing.
    func takeCommitNotice() -> Diagnostic?

    /// The current state, or nil when there is none yet.
    func read() throws(StateError) -> State?

    /// Replaces the state if the stored one is still `expected` (nil: there is none), and appends
    /// `audit` to the audit log, as one transition. Returns the record written.
    @discardableResult
    func commit(_ state: State, expecting expected: StateVersion?, audit: AuditEntry) throws(StateError) -> AuditRecord

    /// Takes the lock, waiting up to `timeout` seconds for the holder to release it.
    func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo

    /// Releases a lock this process took; a lock someone else holds now is left alone.
    func unlock(_ info: LockInfo)

    /// The process is about to end on a stop signal: release every lock this backend holds or is
    /// in the middle of taking. Called from the signal's thread at any moment, possibly while
    /// `lock` or `unlock` runs on another, so it must close nothing another thread may be using
    /// (the process's end closes the rest).
    func abandonLocks()

    /// Who holds the lock now, if anyone.
    func holder() throws(LockError) -> LockInfo?

    /// Removes the lock if it has this ID (`tenancy force-unlock`).
    func forceUnlock(id: String) throws(LockError)

    /// The audit records, oldest first.
    func auditRecords() throws(AuditError) -> [AuditRecord]

    /// The kept versions, oldest first (the current one last).
    func history() throws(StateError) -> [StateHistoryEntry]

    /// A kept version, or nil when it is not kept.
    func read(serial: Int) throws(StateError) -> State?

    /// Where the effective settings are published for the platform's services (etcd); nil for a
    /// backend that publishes nothing (local state: `tenancy export` serves instead).
    var publisher: (any SettingsPublisher)? { get }
}

extension StateBackend {
    package var publisher: (any SettingsPublisher)? { nil }
    package func takeCommitNotice() -> Diagnostic? { nil }
}

extension StateBackend {
    /// Checks the audit chain as stored: the number of records, or the first broken one.
    package func verifyAudit() throws(AuditError) -> Int {
        try AuditRecord.verify(try auditRecords())
    }
}
