import Foundation
import TenancySupport
import TenancyDiagnostics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded default: state in a file beside the configuration. Writes never tear: a temporary
/// file in the same folder, fsync, rename over the old one, fsync of the folder; the previous
/// version is kept as `state.json.backup`, and the last `keepVersions` ones (and every one in
/// force since the previous month began: `VersionRetention`) as hard links under `history/` (no
/// extra bytes written). The lock is a file created exclusively.
///
/// The audit record of a commit is first written as `audit.pending.json`, then the state, then the
/// record is appended to `audit.jsonl`: a run killed in between leaves a pending record that the
/// next commit (and every reader) completes when the state it names is the one stored, and
/// discards otherwise. So the state and its record are one transition here too.
package struct LocalBackend: StateBackend {
    package let statePath: String
    package let retention: VersionRetention
    package var keepVersions: Int { retention.keepVersions }
    package var backupPath: String { statePath + ".backup" }
    package var lockPath: String { statePath + ".lock" }
    package var folder: String { Paths.folder(of: statePath) }
    package var historyFolder: String { Paths.join(folder, "history") }
    package var auditLog: LocalAuditLog { LocalAuditLog(path: Paths.join(folder, "audit.jsonl")) }
    var pendingAuditPath: String { Paths.join(folder, "audit.pending.json") }
    package var location: String { statePath }
    package var auditLocation: String { auditLog.path }

    package func takeCommitNotice() -> Diagnostic? { commitNotice.withLock { notice in defer { notice = nil }; return notice } }

    /// The lock files this backend (and its copies) hold open.
    let heldLocks = HeldLocks()
    /// Said after a commit that succeeded with its audit record left pending.
    let commitNotice = Locked<Diagnostic?>(nil)

    /// The state path is used as given. Nothing under it is written through a symbolic link: the
    /// state, its lock, backup, history and audit log, and the folder holding them, are checked
    /// before anything is written (`checkPlaces`), and files are opened with O_NOFOLLOW, so that a
    /// link planted in a shared or pre-created folder can never make Tenancy overwrite its target.
    package init(statePath: String, keepVersions: Int = 10, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.statePath = statePath
        self.retention = VersionRetention(keepVersions: keepVersions, clock: clock)
    }

    /// Every place this backend writes: not a symbolic link, in a folder that is safe to write in;
    /// the kept versions too (a link planted among them would be restored by a rollback).
    func checkPlaces() throws(FileError) {
        // Each check looks at the path and at its folder (not a link, whose, writable by whom).
        for path in [statePath, lockPath, backupPath, pendingAuditPath, auditLog.path, historyFolder] {
            try FileIO.checkWritablePlace(path)
        }
        // The state's folder itself must not be swappable for a link by someone else.
        try FileIO.checkNotWritableByAnyone(Paths.folder(of: folder))
        guard FileIO.isFolder(historyFolder) else { return }
        try FileIO.checkWritablePlace(Paths.join(historyFolder, "state-0.json"))
        for serial in historySerials() { try FileIO.checkWritablePlace(historyPath(serial)) }
    }

    // MARK: State

    package func read() throws(StateError) -> State? {
        guard let bytes = try Self.contents(of: statePath) else { return nil }
        return try StateFile.read(bytes, path: statePath)
    }

    /// A file's bytes, or nil when there is no such file.
    static func contents(of path: String) throws(StateError) -> [UInt8]? {
        do { return try FileIO.read(path) } catch { throw .file(error) }
    }

    /// The stored state's lineage and serial, without decoding its resources.
    private func storedVersion() throws(StateError) -> StateVersion? {
        // A file this tool wrote says its version in its first and last lines: read just those
        // (the commit's compare-and-swap should not read, let alone hold, a second copy of the state).
        let ends: (head: [UInt8], tail: [UInt8])?
        do { ends = try FileIO.ends(of: statePath, head: 512, tail: 64) } catch { throw .file(error) }
        guard let ends else { return nil }
        if let version = StateFile.peekVersion(head: ends.head[...], tail: ends.tail[...]) { return version }
        guard let bytes = try Self.contents(of: statePath) else { return nil }
        return StateVersion(try StateFile.read(bytes, path: statePath))
    }

    /// Compatibility with callers that record no audit entry (tests, tools).
    package func write(_ state: State, expecting expected: (lineage: String, serial: Int)?) throws(StateError) {
        try commitState(state, expecting: expected.map { StateVersion(lineage: $0.lineage, serial: $0.serial) }, pending: nil)
    }

    @discardableResult
    package func commit(_ state: State, expecting expected: StateVersion?, audit entry: AuditEntry) throws(StateError) -> AuditRecord {
        guard locksStillHeld() else {
            throw .stale(location: statePath, reason: "the state lock was removed (force-unlock?) while this run held it")
        }
        try completePendingAudit()
        let last = try lastAuditRecord()
        if let last, last.sequence == Int.max {
            throw .audit(.broken(line: last.sequence, reason: "its sequence number is at the top of its range"))
        }
        let record = AuditRecord(after: last, entry: entry, version: StateVersion(state))
        try commitState(state, expecting: expected, pending: record)
        return record
    }

    /// The log's last record; a torn last line (a write cut short by a full disk or a crash, by
    /// this version before it truncated such writes, or by an older one) is an error that says
    /// exactly how to remove it.
    private func lastAuditRecord() throws(StateError) -> AuditRecord? {
        do { return try auditLog.last() } catch {
            if case let .torn(offset) = try? auditLog.tail() {
                throw .audit(.torn(path: auditLog.path, validLength: offset))
            }
            throw .audit(error)
        }
    }

    private func commitState(_ state: State, expecting expected: StateVersion?, pending record: AuditRecord?) throws(StateError) {
        guard locksStillHeld() else {
            throw .stale(location: statePath, reason: "the state lock was removed (force-unlock?) while this run held it")
        }
        guard state.serial <= State.maximumSerial else { throw .serialOutOfRange(location: statePath, serial: state.serial) }
        do { try checkPlaces() } catch { throw .file(error) }
        let current = try storedVersion()
        switch (current, expected) {
        case (nil, nil): break
        case let (current?, expected?) where current == expected: break
        case let (current?, _):
            throw .stale(location: statePath, reason: "it changed since it was read (now \(current))")
        case (nil, _?):
            throw .stale(location: statePath, reason: "it was removed since it was read")
        }
        do { try FileIO.createFolder(historyFolder) } catch { throw .file(error) }
        if let record {
            do { try FileIO.atomicWrite(record.line, to: pendingAuditPath) } catch { throw .file(error) }
            do { try auditLog.reserve(for: record) } catch {
                unlink(pendingAuditPath)
                if case let .file(failure) = error { throw .file(failure) }
                throw .audit(error)
            }
        }
        do {
            if let current { try keep(current) }
            try FileIO.atomicWrite(to: statePath, mapError: { StateError.file($0) }) {
                (write) throws(StateError) in try StateFile.write(state, to: write)
            }
        } catch {
            // No transition happened (a full disk, say): the record of it goes too. Were this
            // process killed here instead, readers would ignore the record and the next commit
            // discard it, since the state it names is not the one stored.
            if record != nil { unlink(pendingAuditPath) }
            throw error
        }
        // The state is written: the transition happened. Should the append fail (the disk full
        // now), the pending record stays, readers show it, and the next commit appends it.
        if let record {
            do {
                try auditLog.append(record)
                unlink(pendingAuditPath)
            } catch {
                commitNotice.withLock {
                    $0 = .warning(.auditPending, "serial \(state.serial) was applied, but its audit record could not be appended to \(auditLog.path): \(error.summary)",
                                  detail: "The record is kept in \(pendingAuditPath): every reader (audit log, audit verify) shows it, and the next commit appends it.",
                                  hint: "free the disk or fix the error, then the next apply completes the log")
                }
            }
        }
        pruneHistory()
        removeLeftovers()
    }

    /// The version being replaced, kept: `state.json.backup` and `history/state-N.json` become
    /// hard links to it (no bytes copied). The state file is only ever replaced by rename, never
    /// rewritten in place, and the current one is linked nowhere else: so copying the backup over
    /// the state (the recovery a corrupt state's message suggests) writes into a file no kept
    /// version shares, and a version is listed only once it was committed and then superseded.
    private func keep(_ current: StateVersion) throws(StateError) {
        let temporary = "\(backupPath).tmp-\(getpid())"
        unlink(temporary)
        guard link(statePath, temporary) == 0 else { throw .file(.lastError(backupPath, .link)) }
        guard rename(temporary, backupPath) == 0 else {
            let failure = FileError.lastError(backupPath, .rename)
            unlink(temporary)
            throw .file(failure)
        }
        let kept = historyPath(current.serial)
        if !FileIO.exists(kept), link(statePath, kept) != 0 { throw .file(.lastError(kept, .link)) }
        FileIO.syncFolder(historyFolder)
    }

    func historyPath(_ serial: Int) -> String {
        Paths.join(historyFolder, "state-\(serial).json")
    }

    private func historySerials() -> [Int] {
        let entries = (try? FileIO.names(in: historyFolder)) ?? []
        return entries.compactMap { name -> Int? in
            guard name.hasPrefix("state-"), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst(6).dropLast(5))
        }.sorted()
    }

    /// The last `keepVersions` versions are kept (the current one and the newest superseded
    /// ones), and every one in force since the previous month began (`VersionRetention`). A kept
    /// version's file was written when it was made, and hard links keep that time.
    private func pruneHistory() {
        let superseded = historySerials().map { (serial: $0, made: Self.modified(historyPath($0))) }
        for serial in retention.removable(superseded, currentMade: Self.modified(statePath)) { unlink(historyPath(serial)) }
    }

    /// A file's modification time (ISO 8601, UTC); nil when it cannot be read.
    private static func modified(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return modified(info)
    }

    /// The modification time of what `info` describes, as the history shows it.
    private static func modified(_ info: stat) -> String {
        #if canImport(Darwin)
        let seconds = info.st_mtimespec.tv_sec
        #else
        let seconds = info.st_mtim.tv_sec
        #endif
        return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    package func history() throws(StateError) -> [StateHistoryEntry] {
        var entries = historySerials().compactMap { serial in entry(at: historyPath(serial), serial: serial) }
        if let current = try storedVersion(), !entries.contains(where: { $0.serial == current.serial }),
           let now = entry(at: statePath, serial: current.serial) {
            entries.append(now)
        }
        return entries
    }

    private func entry(at path: String, serial: Int) -> StateHistoryEntry? {
        var info = stat()
        guard stat(path, &info) == 0, let (head, _) = try? FileIO.ends(of: path, head: 512, tail: 0) else { return nil }
        return StateHistoryEntry(serial: serial, lineage: StateFile.peekLineage(head) ?? "?",
                                 time: Self.modified(info), bytes: Int(info.st_size), digest: nil)
    }

    package func read(serial: Int) throws(StateError) -> State? {
        let path = historyPath(serial)
        // A kept version is Tenancy's own file, never one a link leads to.
        do { try FileIO.checkWritablePlace(path) } catch { throw .file(error) }
        if let bytes = try Self.contents(of: path) { return try StateFile.read(bytes, path: path) }
        if let current = try storedVersion(), current.serial == serial { return try read() }
        return nil
    }

    // MARK: Audit

    /// The records; a pending record (its state written, its append not done yet) is shown as
    /// the last one. A torn last line is that pending record's cut-short append when it is its
    /// beginning (the next commit repairs it); otherwise it is reported with the exact command
    /// that removes it.
    package func auditRecords() throws(AuditError) -> [AuditRecord] {
        var records: [AuditRecord]
        if case let .torn(validLength) = try auditLog.tail() {
            let pending = (try? Self.contents(of: pendingAuditPath)).flatMap { $0 }.flatMap(AuditRecord.init(bytes:))
            let torn = (try? FileIO.read(auditLog.path)).flatMap { $0 }.map { Array($0[validLength...]) } ?? []
            guard let pending, pending.line.starts(with: torn) else {
                throw .torn(path: auditLog.path, validLength: validLength)
            }
            records = try auditLog.records(upTo: validLength)
        } else {
            records = try auditLog.records()
        }
        if let pending = try? pendingRecord(after: records.last) { records.append(pending) }
        return records
    }

    /// The pending record, when the state it names is the one stored and the log lacks it.
    private func pendingRecord(after last: AuditRecord?) throws(StateError) -> AuditRecord? {
        guard let bytes = try Self.contents(of: pendingAuditPath), let record = AuditRecord(bytes: bytes) else { return nil }
        guard record.sequence == (last?.sequence ?? 0) + 1, record.previousHash == (last?.hash ?? AuditRecord.genesis),
              try storedVersion() == StateVersion(lineage: record.lineage, serial: record.serial) else { return nil }
        return record
    }

    /// Under the lock: appends the record of a commit killed after its state was written, or
    /// discards the record of one killed before.
    private func completePendingAudit() throws(StateError) {
        guard FileIO.exists(pendingAuditPath) else { return }
        // An append of this record cut short by an older version, or by a crash mid-write: its
        // torn start is removed before the record is appended whole.
        if let bytes = try Self.contents(of: pendingAuditPath), let record = AuditRecord(bytes: bytes) {
            do { _ = try auditLog.repairTornTail(startOf: record.line) } catch {
                if case let .file(failure) = error { throw .file(failure) }
            }
        }
        let last = try lastAuditRecord()
        if let record = try pendingRecord(after: last) {
            do { try auditLog.append(record) } catch {
                if case let .file(failure) = error { throw .file(failure) }
                throw .audit(error)
            }
        }
        unlink(pendingAuditPath)
    }

    /// Temporary files of runs killed mid-write. Called under the lock, after a successful write,
    /// so no other writer can own one.
    private func removeLeftovers() {
        let name = Paths.name(of: statePath)
        let entries = (try? FileIO.names(in: folder)) ?? []
        for entry in entries where entry.hasPrefix(name + ".tmp-") || entry.hasPrefix(name + ".backup.tmp-")
            || entry.hasPrefix("audit.pending.json.tmp-") {
            unlink(Paths.join(folder, entry))
        }
    }

    // MARK: Lock

    /// The lock is an OS lock (flock) on `state.json.lock`, so that it dies with its process: a run
    /// that is killed, or a machine that reboots, leaves no lock behind. The file's contents only
    /// say who holds it. Taking it: open, flock, then check that the path still names the file
    /// locked (a holder that releases removes the file; a waiter may have opened it before), and
    /// write the holder's info. A file with info in it but no lock on it is what a dead run left:
    /// it is taken over, and the run is told (`tookOverFrom`).
    package func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo {
        var info = LockInfo(id: UUID().uuidString.lowercased(), operation: operation, who: who,
                            created: ISO8601DateFormatter().string(from: Date()), path: statePath, pid: getpid())
        do {
            try checkPlaces()
            let folder = Paths.folder(of: lockPath)
            if !FileIO.isFolder(folder) {
                try FileIO.createFolder(folder)
                heldLocks.createdFolder(folder)
            }
        } catch { throw .file(error) }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        heldLocks.taking(true)
        defer { heldLocks.taking(false) }
        while true {
            let fd = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw .file(.lastError(lockPath, .create)) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // Registered at once, so that a stop signal from here on removes the file.
                heldLocks.add(info.id, fd)
                guard Self.names(lockPath, fd) else {
                    _ = heldLocks.remove(info.id)
                    close(fd) // released and removed meanwhile: the lock is a new file now
                    continue
                }
                var size = stat()
                let previous = fstat(fd, &size) == 0 && size.st_size > 0
                    ? ((try? FileIO.read(fd, count: Int(min(size.st_size, 64 << 10)), at: 0, path: lockPath)) ?? []) : []
                if !previous.isEmpty {
                    info.tookOverFrom = LockInfo(bytes: previous)?.holderDescription ?? "a run whose lock file cannot be read"
                }
                do throws(FileError) {
                    guard ftruncate(fd, 0) == 0 else { throw FileError.lastError(lockPath, .write) }
                    try FileIO.write(fd, info.json.canonicalBytes() + [UInt8(ascii: "\n")], path: lockPath)
                    try FileIO.sync(fd, path: lockPath)
                } catch {
                    _ = heldLocks.remove(info.id)
                    unlink(lockPath)
                    close(fd)
                    throw .file(error)
                }
                return info
            }
            let failure = errno
            guard failure == EWOULDBLOCK || failure == EAGAIN || failure == EINTR else {
                close(fd)
                throw .file(FileError(path: lockPath, operation: .lock, reason: .errno(failure)))
            }
            let holder = Self.info(fd, path: lockPath)
            close(fd)
            if Date() >= deadline { throw .held(holder ?? .unreadable(path: statePath)) }
            usleep(100_000)
        }
    }

    /// Whether `path` still names the file open at `fd` (same device and inode).
    static func names(_ path: String, _ fd: Int32) -> Bool {
        var open = stat(), named = stat()
        return fstat(fd, &open) == 0 && stat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// The holder info in a lock file.
    static func info(_ fd: Int32, path: String) -> LockInfo? {
        var size = stat()
        guard fstat(fd, &size) == 0, size.st_size > 0,
              let bytes = try? FileIO.read(fd, count: Int(min(size.st_size, 64 << 10)), at: 0, path: path) else { return nil }
        return LockInfo(bytes: bytes)
    }

    /// Who holds the lock now: nil when nobody does (a file left by a dead run holds no lock).
    package func holder() throws(LockError) -> LockInfo? {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .file(.lastError(lockPath, .open))
        }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return Self.info(fd, path: lockPath) ?? .unreadable(path: statePath)
    }

    package func unlock(_ info: LockInfo) {
        guard let fd = heldLocks.remove(info.id) else { return }
        // Removed while still locked, so that a waiter that opened this file retries on a new one.
        if Self.names(lockPath, fd) { unlink(lockPath) }
        close(fd)
        removeCreatedFolderIfEmpty()
    }

    /// The state's folder this process created for its lock is removed again when nothing else was
    /// written in it (a plan that did not apply, a run refused or stopped): a command that changes
    /// nothing leaves nothing behind. rmdir removes only an empty folder.
    private func removeCreatedFolderIfEmpty() {
        guard heldLocks.all.isEmpty, let folder = heldLocks.takeCreatedFolder() else { return }
        rmdir(folder)
    }

    /// Removes the lock files this process holds, still locked (a waiter that opened one retries
    /// on a new file); the descriptors are left to the process's end, which releases the locks.
    ///
    /// While `lock` runs on another thread, the lock may be taken before `lock` knows it (flock
    /// returned in the kernel, not yet to the caller), or the file created and not yet locked.
    /// The kernel's lock table says which: a lock file this process holds by the table is removed,
    /// and so is an empty one that nobody holds (one this run just created).
    package func abandonLocks() {
        for fd in heldLocks.all where Self.names(lockPath, fd) { unlink(lockPath) }
        defer { if let folder = heldLocks.takeCreatedFolder() { rmdir(folder) } }
        guard heldLocks.isTaking else { return }
        var named = stat()
        guard stat(lockPath, &named) == 0 else { return }
        if Self.flockHolders(of: named).contains(getpid()) {
            unlink(lockPath)
        } else if named.st_size == 0 {
            let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return }
            // Unlocked and empty: nobody's lock (a waiter that opened it retries on a new file).
            if flock(fd, LOCK_SH | LOCK_NB) == 0, Self.names(lockPath, fd) { unlink(lockPath) }
            close(fd)
        }
    }

    /// The processes holding a flock lock on the file `file` describes, from the kernel's lock
    /// table (`/proc/locks`: `1: FLOCK  ADVISORY  WRITE 2084 08:01:1234 0 EOF`, the device's major
    /// and minor numbers in hex). Empty where there is no such table.
    static func flockHolders(of file: stat) -> [pid_t] {
        guard let table = try? FileIO.read("/proc/locks", limit: 16 << 20) else { return [] }
        let device = file.st_dev
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~0xfff), minor = (device & 0xff) | ((device >> 12) & ~0xff)
        let id = String(major, radix: 16, uppercase: false).leftPadded(2) + ":" + String(minor, radix: 16).leftPadded(2) + ":\(file.st_ino)"
        var holders: [pid_t] = []
        for line in table.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == id, let pid = pid_t(fields[4]) else { continue }
            holders.append(pid)
        }
        return holders
    }

    /// Removes the lock with this ID (`unknown`: a lock whose info cannot be read). A lock whose
    /// run still holds it is removed all the same (its file is unlinked): that run's next commit
    /// sees that its lock is gone and writes nothing.
    package func forceUnlock(id: String) throws(LockError) {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .notHeld(id: id) }
        defer { close(fd) }
        let info = Self.info(fd, path: lockPath)
        guard info?.id == id || (info == nil && id == LockInfo.unreadable(path: statePath).id) else { throw .notHeld(id: id) }
        guard unlink(lockPath) == 0 else { throw .file(.lastError(lockPath, .remove)) }
    }

    /// Whether every lock this backend holds is still the lock file's (not force-unlocked).
    func locksStillHeld() -> Bool {
        heldLocks.all.allSatisfy { Self.names(lockPath, $0) }
    }
}

/// The descriptors of the lock files a process holds, by lock ID (shared by copies of a backend).
final class HeldLocks: Sendable {
    private let descriptors = Locked<[String: Int32]>([:])
    /// How many `lock` calls are under way.
    private let takers = Locked(0)
    func taking(_ starts: Bool) { takers.withLock { $0 += starts ? 1 : -1 } }
    var isTaking: Bool { takers.withLock { $0 > 0 } }
    func add(_ id: String, _ fd: Int32) { descriptors.withLock { $0[id] = fd } }
    func remove(_ id: String) -> Int32? { descriptors.withLock { $0.removeValue(forKey: id) } }
    var all: [Int32] { descriptors.withLock { Array($0.values) } }
    /// The folder `lock` created (nil when it was there before), to remove it again if empty.
    private let created = Locked<String?>(nil)
    func createdFolder(_ folder: String) { created.withLock { $0 = $0 ?? folder } }
    func takeCreatedFolder() -> String? { created.withLock { folder in defer { folder = nil }; return folder } }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
