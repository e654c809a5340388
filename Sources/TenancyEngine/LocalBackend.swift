import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// write(2), named apart from `LocalBackend.write(_:expecting:)`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// read(2), named apart from `LocalBackend.read()`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

/// Who holds the state lock, as written into the lock file (Terraform's fields).
public struct LockInfo: Sendable, Equatable {
    public let id: String
    public let operation: String
    public let who: String
    public let created: String
    public let path: String

    public var json: JSON {
        .object(["ID": .string(id), "Operation": .string(operation), "Who": .string(who),
                 "Created": .string(created), "Path": .string(path)])
    }

    public init?(json: JSON) {
        guard let id = json["ID"]?.stringValue else { return nil }
        self.id = id
        operation = json["Operation"]?.stringValue ?? "?"
        who = json["Who"]?.stringValue ?? "?"
        created = json["Created"]?.stringValue ?? "?"
        path = json["Path"]?.stringValue ?? "?"
    }

    /// A lock that is held but whose info cannot be read (being written, or damaged).
    public static func unreadable(path: String) -> LockInfo {
        LockInfo(id: "unknown", operation: "?", who: "?", created: "?", path: path)
    }

    public init(id: String, operation: String, who: String, created: String, path: String) {
        self.id = id
        self.operation = operation
        self.who = who
        self.created = created
        self.path = path
    }
}

/// Why a lock could not be taken or released.
public enum LockError: Error, Sendable, Equatable, CustomStringConvertible {
    case held(LockInfo)
    case notHeld(id: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .held(info):
            return "the state is locked by \(info.who) since \(info.created) (operation: \(info.operation), lock ID \(info.id))"
        case let .notHeld(id): return "no lock with ID \(id) is held"
        case let .io(path, reason): return "cannot lock \(path): \(reason)"
        }
    }
}

/// The embedded default: state in a file beside the configuration. Writes never tear: a temporary
/// file in the same folder, fsync, rename over the old one, fsync of the folder; the previous
/// version is kept as `state.json.backup`, and the last `keepVersions` ones as hard links under
/// `history/` (no extra bytes written). The lock is a file created exclusively.
///
/// The audit record of a commit is first written as `audit.pending.json`, then the state, then the
/// record is appended to `audit.jsonl`: a run killed in between leaves a pending record that the
/// next commit (and every reader) completes when the state it names is the one stored, and
/// discards otherwise. So the state and its record are one transition here too.
public struct LocalBackend: StateBackend {
    public let statePath: String
    public let keepVersions: Int
    public var backupPath: String { statePath + ".backup" }
    public var lockPath: String { statePath + ".lock" }
    public var folder: String {
        let folder = (statePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
    public var historyFolder: String { (folder as NSString).appendingPathComponent("history") }
    public var auditLog: AuditLog { AuditLog(path: (folder as NSString).appendingPathComponent("audit.jsonl")) }
    var pendingAuditPath: String { (folder as NSString).appendingPathComponent("audit.pending.json") }
    public var location: String { statePath }

    public init(statePath: String, keepVersions: Int = 10) {
        self.statePath = statePath
        self.keepVersions = max(1, keepVersions)
    }

    // MARK: State

    public func read() throws(StateError) -> State? {
        guard let bytes = try Self.contents(of: statePath) else { return nil }
        return try State(bytes: bytes, path: statePath)
    }

    /// An open descriptor and the file's size; nil when there is no such file.
    private static func openForReading(_ path: String) throws(StateError) -> (Int32, Int)? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .io(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .io(path: path, reason: reason)
        }
        return (fd, Int(info.st_size))
    }

    /// A file's bytes read straight into one array (no intermediate Data: a state file, or a saved
    /// plan, can be hundreds of megabytes, and every copy is peak memory); nil when there is no
    /// such file.
    public static func contents(of path: String) throws(StateError) -> [UInt8]? {
        guard let (fd, size) = try Self.openForReading(path) else { return nil }
        defer { close(fd) }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = posixRead(fd, buffer.baseAddress! + done, size - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            count = done
        }
        if failure != 0 { throw .io(path: path, reason: String(cString: strerror(failure))) }
        return bytes
    }

    /// The stored state's lineage and serial, without decoding its resources.
    private func storedVersion() throws(StateError) -> StateVersion? {
        // A file this tool wrote says its version in its first and last lines: read just those
        // (the commit's compare-and-swap should not read, let alone hold, a second copy of the state).
        guard let ends = try ends(of: statePath) else { return nil }
        if let version = State.peekVersion(head: ends.head[...], tail: ends.tail[...]) { return version }
        guard let bytes = try Self.contents(of: statePath) else { return nil }
        return StateVersion(try State(bytes: bytes, path: statePath))
    }

    /// The first 512 and last 64 bytes of a file; nil when there is no such file.
    private func ends(of path: String) throws(StateError) -> (head: [UInt8], tail: [UInt8])? {
        guard let (fd, size) = try Self.openForReading(path) else { return nil }
        defer { close(fd) }
        func read(_ count: Int, at offset: Int) throws(StateError) -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .io(path: path, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                done += n
            }
            return Array(buffer.prefix(done))
        }
        return (try read(min(512, size), at: 0), try read(min(64, size), at: max(0, size - 64)))
    }

    /// Compatibility with callers that record no audit entry (tests, tools).
    public func write(_ state: State, expecting expected: (lineage: String, serial: Int)?) throws(StateError) {
        try commitState(state, expecting: expected.map { StateVersion(lineage: $0.lineage, serial: $0.serial) }, pending: nil)
    }

    @discardableResult
    public func commit(_ state: State, expecting expected: StateVersion?, audit entry: AuditEntry) throws(StateError) -> AuditLog.Record {
        try completePendingAudit()
        let last: AuditLog.Record?
        do { last = try auditLog.last() } catch {
            throw .io(path: auditLog.path, reason: "\(error)")
        }
        let record = AuditLog.Record(after: last, entry: entry, version: StateVersion(state))
        try commitState(state, expecting: expected, pending: record)
        return record
    }

    private func commitState(_ state: State, expecting expected: StateVersion?, pending record: AuditLog.Record?) throws(StateError) {
        let current = try storedVersion()
        switch (current, expected) {
        case (nil, nil): break
        case let (current?, expected?) where current == expected: break
        case let (current?, _):
            throw .stale(location: statePath, reason: "it changed since it was read (now \(current))")
        case (nil, _?):
            throw .stale(location: statePath, reason: "it was removed since it was read")
        }
        do {
            try FileManager.default.createDirectory(atPath: historyFolder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: historyFolder, reason: error.localizedDescription)
        }
        if let record { try Self.atomicWrite(Array(record.line.utf8), to: pendingAuditPath) }
        do {
            if current != nil { try keepBackup() }
            try Self.atomicWrite(to: statePath, alsoLinkedAt: historyPath(state.serial)) { (write) throws(StateError) in
                try state.writeCanonical(write)
            }
        } catch {
            // No transition happened (a full disk, say): the record of it goes too. Were this
            // process killed here instead, readers would ignore the record and the next commit
            // discard it, since the state it names is not the one stored.
            if record != nil { unlink(pendingAuditPath) }
            throw error
        }
        // The state is written: the transition happened. Should the append fail, the pending
        // record stays, readers show it, and the next commit appends it.
        if let record, (try? auditLog.append(record)) != nil { unlink(pendingAuditPath) }
        pruneHistory()
        removeLeftovers()
    }

    /// `state.json.backup` as a hard link to the state being replaced: the state file is only ever
    /// replaced by rename, never rewritten, so the link keeps the old content.
    private func keepBackup() throws(StateError) {
        let temporary = "\(backupPath).tmp-\(getpid())"
        unlink(temporary)
        guard link(statePath, temporary) == 0 else { throw .io(path: backupPath, reason: String(cString: strerror(errno))) }
        guard rename(temporary, backupPath) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: backupPath, reason: reason)
        }
    }

    func historyPath(_ serial: Int) -> String {
        (historyFolder as NSString).appendingPathComponent("state-\(serial).json")
    }

    private func historySerials() -> [Int] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: historyFolder)) ?? []
        return entries.compactMap { name -> Int? in
            guard name.hasPrefix("state-"), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst(6).dropLast(5))
        }.sorted()
    }

    private func pruneHistory() {
        let serials = historySerials()
        for serial in serials.dropLast(keepVersions) { unlink(historyPath(serial)) }
    }

    public func history() throws(StateError) -> [StateHistoryEntry] {
        historySerials().compactMap { serial -> StateHistoryEntry? in
            let path = historyPath(serial)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            let head = Array((try? handle.read(upToCount: 512)) ?? Data())
            let time = (attributes[.modificationDate] as? Date).map { ISO8601DateFormatter().string(from: $0) }
            return StateHistoryEntry(serial: serial, lineage: State.peekLineage(head) ?? "?", time: time,
                                     bytes: (attributes[.size] as? Int) ?? 0, digest: nil)
        }
    }

    public func read(serial: Int) throws(StateError) -> State? {
        let path = historyPath(serial)
        guard let bytes = try Self.contents(of: path) else { return nil }
        return try State(bytes: bytes, path: path)
    }

    // MARK: Audit

    public func auditRecords() throws(AuditLog.Error) -> [AuditLog.Record] {
        var records = try auditLog.records()
        if let pending = try? pendingRecord(after: records.last) { records.append(pending) }
        return records
    }

    /// The pending record, when the state it names is the one stored and the log lacks it.
    private func pendingRecord(after last: AuditLog.Record?) throws(StateError) -> AuditLog.Record? {
        guard let bytes = try Self.contents(of: pendingAuditPath), let json = try? JSONParser.parse(bytes),
              let record = AuditLog.Record(json: json) else { return nil }
        guard record.sequence == (last?.sequence ?? 0) + 1, record.previousHash == (last?.hash ?? AuditLog.genesis),
              try storedVersion() == StateVersion(lineage: record.lineage, serial: record.serial) else { return nil }
        return record
    }

    /// Under the lock: appends the record of a commit killed after its state was written, or
    /// discards the record of one killed before.
    private func completePendingAudit() throws(StateError) {
        guard FileManager.default.fileExists(atPath: pendingAuditPath) else { return }
        let last: AuditLog.Record?
        do { last = try auditLog.last() } catch { throw .io(path: auditLog.path, reason: "\(error)") }
        if let record = try pendingRecord(after: last) {
            do { try auditLog.append(record) } catch { throw .io(path: auditLog.path, reason: "\(error)") }
        }
        unlink(pendingAuditPath)
    }

    /// Temporary files of runs killed mid-write. Called under the lock, after a successful write,
    /// so no other writer can own one.
    private func removeLeftovers() {
        let name = (statePath as NSString).lastPathComponent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for entry in entries where entry.hasPrefix(name + ".tmp-") || entry.hasPrefix(name + ".backup.tmp-")
            || entry.hasPrefix("audit.pending.json.tmp-") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(entry))
        }
    }

    /// Temporary file, write, fsync, (hard link at `alsoLinkedAt`), rename, fsync of the folder;
    /// mode 0600. Either the old or the new content is at `path` afterwards, whatever happens in
    /// between.
    public static func atomicWrite(_ bytes: [UInt8], to path: String, alsoLinkedAt extra: String? = nil) throws(StateError) {
        try atomicWrite(to: path, alsoLinkedAt: extra) { (write) throws(StateError) in
            try bytes.withUnsafeBufferPointer { (buffer) throws(StateError) in try write(buffer) }
        }
    }

    /// The same with the contents produced piece by piece (`produce` calls its argument with each
    /// piece, in order), so that a large state is never held whole to be written.
    public static func atomicWrite(to path: String, alsoLinkedAt extra: String? = nil,
                                   producing produce: ((UnsafeBufferPointer<UInt8>) throws(StateError) -> Void) throws(StateError) -> Void)
        throws(StateError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, reason: String(cString: strerror(errno))) }
        do {
            try produce { (piece) throws(StateError) in
                var written = 0
                while written < piece.count {
                    let n = posixWrite(fd, piece.baseAddress! + written, piece.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw .io(path: path, reason: String(cString: strerror(errno)))
                    }
                    written += n
                }
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw .io(path: path, reason: reason)
        }
        close(fd)
        if let extra {
            unlink(extra)
            guard link(temporary, extra) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw .io(path: extra, reason: reason)
            }
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: path, reason: reason)
        }
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    // MARK: Lock

    public func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo {
        let info = LockInfo(id: UUID().uuidString.lowercased(), operation: operation, who: who,
                            created: ISO8601DateFormatter().string(from: Date()), path: statePath)
        let folder = (lockPath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, reason: error.localizedDescription)
        }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while true {
            let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                let bytes = Array(info.json.canonicalText().utf8)
                let ok = bytes.withUnsafeBytes { raw in raw.baseAddress.map { posixWrite(fd, $0, bytes.count) } ?? 0 } == bytes.count
                    && fsync(fd) == 0
                close(fd)
                guard ok else {
                    unlink(lockPath)
                    throw .io(path: lockPath, reason: String(cString: strerror(errno)))
                }
                return info
            }
            guard errno == EEXIST else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
            if Date() >= deadline {
                throw .held(heldBy() ?? .unreadable(path: statePath))
            }
            usleep(100_000)
        }
    }

    private func heldBy() -> LockInfo? {
        guard let data = FileManager.default.contents(atPath: lockPath), let json = try? JSONParser.parse(Array(data)) else {
            return nil
        }
        return LockInfo(json: json)
    }

    public func holder() throws(LockError) -> LockInfo? { heldBy() }

    public func unlock(_ info: LockInfo) {
        if heldBy()?.id == info.id { unlink(lockPath) }
    }

    public func forceUnlock(id: String) throws(LockError) {
        guard let info = heldBy(), info.id == id else { throw .notHeld(id: id) }
        guard unlink(lockPath) == 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
    }
}
