import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyJSON

/// One run against one configuration: the project opened (its settings read once), its backend,
/// and the environment the run was given. Every command that touches a configuration or its state
/// goes through a session: it takes the lock for the length of a closure (released on every path
/// out, a thrown error or a stop request included), reads the state beside the streaming load,
/// builds the desired state and the plan, and commits a plan with its audit record as one
/// transition. Commands parse their arguments, call a session, and render what it returns.
package struct Session: Sendable {
    /// The configuration's folder, as given.
    package let root: String
    package let settings: ProjectSettings
    package let backend: any StateBackend
    package let environment: RunEnvironment

    package init(root: String, settings: ProjectSettings, backend: any StateBackend, environment: RunEnvironment) {
        self.root = root
        self.settings = settings
        self.backend = backend
        self.environment = environment
    }

    /// The configuration's folder as an absolute path (what format 2 plan files record).
    package var absoluteRoot: String { URL(fileURLWithPath: root).standardizedFileURL.path }

    /// The project file's path (whether or not there is one).
    package var projectPath: String { Paths.join(root, ProjectSettings.fileName) }

    /// Opens the configuration at `root`: its project file alone is read and checked (so that
    /// state, audit and lock commands work while a manifest is broken), and its backend opened by
    /// the first opener that knows it (local state by default).
    package static func open(_ root: String, environment: RunEnvironment,
                            openers: [any BackendOpener] = [LocalBackendOpener()]) throws(RunFailure) -> Session {
        guard FileIO.isFolder(root) else {
            let isFile = FileIO.exists(root)
            throw RunFailure(.error(.noSuchFolder, isFile ? "\(root) is a file, not a folder" : "no such folder: \(root)",
                                    detail: isFile ? "--dir names the configuration's folder; files are given to validate as operands." : "",
                                    hint: "give the configuration's folder (the one with tenancy.yaml or the manifests) with --dir"))
        }
        // Refused before anything walks it or writes in it: a folder that is not a configuration
        // (and has no state of one applied there).
        if !ConfigurationProbe.isConfiguration(root), !FileIO.exists(Paths.join(root, ProjectSettings.Local.defaultPath)) {
            let nested = ConfigurationProbe.nestedProjects(root)
            let isFileSystemRoot = ConfigurationProbe.isFileSystemRoot(root)
            throw RunFailure(.error(.notAConfiguration, "\(Paths.absolute(root)) is not a Tenancy configuration",
                                    detail: (isFileSystemRoot ? "The file system's root is never one, whatever lies below it"
                                             : "Looked for \(ConfigurationProbe.lookedFor), and found none")
                                        + (nested.isEmpty ? "." : "; a subfolder with its own tenancy.yaml is a project of its own: \(nested.prefix(3).joined(separator: ", "))\(nested.count > 3 ? ", …" : "")."),
                                    hint: nested.first.map { "give the project's folder: --dir \($0)" }
                                        ?? "give the configuration's folder with --dir, or start one here with `tenancy init`"))
        }
        let (settings, diagnostics, sources) = ProjectSettings.read(folder: root)
        guard let settings else {
            var failure = RunFailure(diagnostics, sources: sources)
            failure.isCheck = true
            throw failure
        }
        for opener in openers {
            if let backend = try opener.open(settings, root: root, environment: environment) {
                return Session(root: root, settings: settings, backend: backend, environment: environment)
            }
        }
        throw RunFailure(.error(.backendSetting, "no backend of this build can open the state that \(settings.file ?? "tenancy.yaml") names",
                                hint: "use a local or etcd backend"))
    }

    // MARK: The lock

    /// Runs `body` holding the state lock, which is released on every path out of it: a return,
    /// a thrown failure, or a stop requested meanwhile (the stop's cleanup releases it before the
    /// process ends).
    package func withLock<T>(_ operation: String, timeout: Double, _ body: (Lease) throws(RunFailure) -> T) throws(RunFailure) -> T {
        try environment.checkStop()
        let backend = self.backend
        // Registered before the lock is asked for: a stop that ends the process while the lock is
        // being taken (or at any moment after) leaves none behind.
        let cleanup = environment.cancellation.onStop { backend.abandonLocks() }
        defer { environment.cancellation.release(cleanup) }
        environment.cancellation.noteLocked(for: operation)
        let info: LockInfo
        do {
            info = try backend.lock(operation: operation, who: environment.actor, timeout: timeout)
        } catch {
            throw RunFailure(lockDiagnostic(error))
        }
        if let previous = info.tookOverFrom {
            environment.notice(.warning(.lockTakenOver, "took over the state lock left by \(previous)",
                                        detail: "That run is no longer running (its lock died with it); nothing of it was applied unless its apply had finished."))
        }
        defer { backend.unlock(info) }
        try environment.checkStop()
        return try body(Lease(info: info))
    }

    /// A lock error as a diagnostic; a held lock's hint is the exact command that removes it,
    /// from any folder.
    func lockDiagnostic(_ error: LockError) -> Diagnostic {
        var diagnostic = error.diagnostic
        if case let .held(info) = error {
            diagnostic.hint = "if that run is no longer running: \(forceUnlockCommand(info.id))"
        }
        return diagnostic
    }

    /// `tenancy force-unlock ID --dir ROOT`, the folder spelt as an absolute path so that the
    /// command works from any directory, and quoted for a POSIX shell.
    package func forceUnlockCommand(_ id: String) -> String {
        "tenancy force-unlock \(Shell.quoted(id)) --dir \(Shell.quoted(absoluteRoot))"
    }

    // MARK: Loading

    /// The configuration read and checked, streaming (workspaces go to `sink` as they are read and
    /// their trees are dropped). Errors throw; warnings come back in `diagnostics` to be shown.
    /// `keepText`: hold the files' bytes (for the digest saved plans of format 1 carry);
    /// `digesting`: take each file's digest as it is read (for the one format 2 carries).
    package func load(sink: (any WorkspaceSink)? = nil, keepText: Bool = false, digesting: Bool = false)
        throws(RunFailure) -> ConfigurationLoader.Result {
        let result = checkedLoad(sink: sink, keepText: keepText, digesting: digesting)
        if result.diagnostics.hasErrors {
            var failure = RunFailure(result.diagnostics, sources: result.sources)
            failure.isCheck = true
            throw failure
        }
        return result
    }

    /// The configuration read with every check a run makes of it (`load` and `validate` share
    /// them), its problems returned rather than thrown.
    package func checkedLoad(sink: (any WorkspaceSink)? = nil, keepText: Bool = false, digesting: Bool = false,
                            streaming: Bool = true) -> ConfigurationLoader.Result {
        var result = ConfigurationLoader().load(paths: [root], files: ManifestFiles(root: root, patterns: settings.paths),
                                                streaming: streaming, sink: sink, releasingText: !keepText, digesting: digesting)
        checkWhole(&result)
        return result
    }

    /// The checks only a whole configuration can make, after the loader's: the Project manifest
    /// stands in `tenancy.yaml` at the root. `standingIn`: a file that stands in for part of the
    /// configuration (`validate -`), whose Project is taken to be where it belongs.
    func checkWhole(_ result: inout ConfigurationLoader.Result, standingIn: String? = nil) {
        var diagnostics = result.diagnostics
        for project in result.configuration.all(.project) where project.file != projectPath && project.file != standingIn {
            diagnostics.append(.error(
                .projectMisplaced, "a Project manifest belongs in tenancy.yaml at the configuration's root",
                detail: "The state's backend is read from \(projectPath) before anything else, so this one would be ignored.",
                // A tenancy.yaml of a subfolder is a project of its own inside this one.
                hint: (project.file as NSString).lastPathComponent == ProjectSettings.fileName
                    ? "\(Paths.folder(of: project.file)) is a project of its own: give it with --dir, or keep it out of spec.paths (or move it out of \(root))"
                    : "move it to \(projectPath)",
                range: project.nameNode.range, address: project.address.description))
        }
        result.diagnostics = diagnostics.sorted()
    }

    /// The configuration with every manifest's tree held and each file's digest taken, its
    /// problems returned rather than thrown: for answers that point at file:line in the checkout
    /// and say whether it is what was applied (access links, compliance evidence).
    package func loadHoldingTrees() -> ConfigurationLoader.Result {
        ConfigurationLoader().load(paths: [root], files: ManifestFiles(root: root, patterns: settings.paths),
                                   streaming: false, releasingText: true, digesting: true)
    }

    // MARK: Reading state

    /// The stored state (nil when nothing was applied yet), read without the lock: a reader always
    /// sees one complete version.
    package func readState() throws(RunFailure) -> State? {
        do { return try backend.read() } catch { throw RunFailure(error) }
    }

    /// A kept version by its serial (nil when it is not kept), read without the lock.
    package func readState(serial: Int) throws(RunFailure) -> State? {
        do { return try backend.read(serial: serial) } catch { throw RunFailure(error) }
    }

    /// The kept versions, oldest first.
    package func history() throws(RunFailure) -> [StateHistoryEntry] {
        do { return try backend.history() } catch { throw RunFailure(error) }
    }

    /// The audit records, oldest first.
    package func auditRecords() throws(RunFailure) -> [AuditRecord] {
        do { return try backend.auditRecords() } catch { throw RunFailure(error) }
    }

    /// Checks the audit chain: each record follows from the one before, and the last one is the
    /// record of the state stored now (so a record removed at the end, or the whole log removed
    /// while the state has serial > 0, is found as surely as an altered one). The number of
    /// records, or the failure naming what is wrong.
    package func verifyAudit() throws(RunFailure) -> Int {
        let hint = "compare the audit log at \(backend.auditLocation) with a backup"
        let records: [AuditRecord]
        do { records = try backend.auditRecords() } catch {
            var diagnostic = error.diagnostic
            if diagnostic.hint == nil { diagnostic.hint = hint }
            throw RunFailure(diagnostic)
        }
        do { _ = try AuditRecord.verify(records) } catch {
            var diagnostic = error.diagnostic
            diagnostic.hint = hint
            throw RunFailure(diagnostic)
        }
        let state = try readState()
        if let state, state.serial > 0 {
            guard let last = records.last else {
                throw RunFailure(.error(.auditBroken, "the audit log has no records, but the state is at serial \(state.serial)",
                                        detail: "Every change of the state is recorded; the log (or all of it) was removed.", hint: hint))
            }
            guard last.lineage == state.lineage, last.serial == state.serial else {
                throw RunFailure(.error(
                    .auditBroken, "the audit log's last record is of serial \(last.serial), but the state is at serial \(state.serial)",
                    detail: last.lineage == state.lineage
                        ? "Records were removed from the end of the log, or the state was replaced outside Tenancy."
                        : "The last record is of lineage \(last.lineage), the state of \(state.lineage).", hint: hint))
            }
        }
        return records.count
    }

    /// Removes the lock with this ID (`tenancy force-unlock`).
    package func forceUnlock(id: String) throws(RunFailure) {
        do { try backend.forceUnlock(id: id) } catch {
            var diagnostic = lockDiagnostic(error)
            if case .notHeld = error, let holder = try? backend.holder() { diagnostic.hint = "the lock held now has ID \(holder.id)" }
            throw RunFailure(diagnostic)
        }
    }

    // MARK: Committing

    /// An audit entry for a change made now by whoever runs this.
    func auditEntry(_ operation: String, planDigest: String, changes: [JSON], commit: String?) -> AuditEntry {
        AuditEntry(operation: operation, time: environment.timestamp(), actor: environment.actor, commit: commit,
                   planDigest: planDigest, changes: changes)
    }

    /// Writes `next` in place of `expected` with its audit record, as one transition that a stop
    /// request cannot cut short. Must be called with the lock held (`lease`).
    func commit(_ next: State, expecting expected: State?, audit entry: AuditEntry, lease: Lease) throws(RunFailure) {
        guard next.serial <= State.maximumSerial else {
            throw RunFailure(StateError.serialOutOfRange(location: backend.location, serial: next.serial))
        }
        guard environment.cancellation.beginCommit() else {
            throw .stopped(environment.cancellation.requested ?? .interrupt, applied: false)
        }
        defer { environment.cancellation.endCommit() }
        do {
            try backend.commit(next, expecting: expected.map(StateVersion.init), audit: entry)
            environment.cancellation.markApplied()
            if let notice = backend.takeCommitNotice() { environment.notice(notice) }
        } catch {
            var diagnostic = error.diagnostic
            // Only the store can say whether a transition whose answer was lost was recorded.
            if case .outcomeUnknown = error { throw RunFailure(diagnostic) }
            diagnostic.summary = "the new state was not written: " + diagnostic.summary
            diagnostic.detail = [diagnostic.detail, "Nothing was recorded; the previous state is unchanged."]
                .filter { !$0.isEmpty }.joined(separator: " ")
            throw RunFailure(diagnostic)
        }
    }
}

/// Proof that the state lock is held: what the operations that write the state require.
package struct Lease: Sendable {
    package let info: LockInfo
}

/// Quoting for the commands messages print, so that they can be pasted into a POSIX shell.
enum Shell {
    static func quoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./:=@%+,".unicodeScalars.contains(scalar))
        }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// What a backend location with no state still holds of earlier applies: audit records or kept
/// versions. A location that has them lost its state (a wiped etcd prefix, a deleted
/// `state.json`) or is not the one the configuration was applied to; applying there would create
/// everything again in a new lineage, so it takes an explicit flag.
package struct EarlierApplies: Sendable {
    package let auditRecords: Int
    package let keptVersions: Int
    package let last: AuditRecord?

    /// `LOCATION holds 3 audit records of earlier applies (the last: serial 7, lineage …, at …, by …)`.
    package func describe(_ location: String) -> String {
        var parts: [String] = []
        if auditRecords > 0 { parts.append("\(auditRecords) audit record\(auditRecords == 1 ? "" : "s")") }
        if keptVersions > 0 { parts.append("\(keptVersions) kept state version\(keptVersions == 1 ? "" : "s")") }
        var text = "\(location) has no state, but holds \(parts.joined(separator: " and ")) of earlier applies"
        if let last { text += " (the last: serial \(last.serial) of lineage \(last.lineage), at \(last.time) by \(Terminal.escaped(last.actor)))" }
        return text
    }
}

extension Session {
    /// What the backend holds of earlier applies when it has no state; nil when it holds none
    /// (a new project) or has a state.
    package func earlierApplies(state: State?) throws(RunFailure) -> EarlierApplies? {
        guard state == nil else { return nil }
        let records = try auditRecords()
        let versions = try history()
        guard !records.isEmpty || !versions.isEmpty else { return nil }
        return EarlierApplies(auditRecords: records.count, keptVersions: versions.count, last: records.last)
    }

    /// Refuses to apply against a backend that lost its state unless `allowed`.
    package func checkNoLostState(_ planned: Planned, allowed: Bool) throws(RunFailure) {
        guard !allowed, let earlier = try earlierApplies(state: planned.state) else { return }
        throw RunFailure(.error(.stateMissing, earlier.describe(backend.location),
                                detail: "Its state was removed, or the configuration points at another store than the one it was applied to (a wiped or new etcd cluster, a wrong prefix, a restored folder). Applying now would create every resource again, in a new lineage.",
                                hint: "restore the state (`tenancy state push FILE`), or pass --allow-missing-state to start over"))
    }
}
