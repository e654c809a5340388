import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only log a backend keeps beside the state for a tool of Tenancy's own (the
/// notifications' delivery log): records of JSON, one per line, appended durably and read in
/// order, under a lock of the journal's own, apart from the state's, so that a run of that tool
/// (a cron job sending notifications, which may wait 30 s on a receiver) never holds up an apply,
/// and two runs of it never interleave. The backend stores bytes; what they mean is the tool's.
package protocol Journal: Sendable {
    /// Where it is, for messages: a file, or the keys under the prefix.
    var location: String { get }
    /// The records, oldest first. A record a run killed while writing left torn is left out (it
    /// was never acknowledged); every whole record is read.
    func records() throws(StateError) -> [[UInt8]]
    /// Appends records (each one line of JSON, without its newline) as one durable write.
    func append(_ records: [[UInt8]]) throws(StateError)
    /// Replaces the first `count` records (those a caller read) by `records` (compaction), as one
    /// transition; records appended since the caller read them are kept after them.
    func replace(first count: Int, with records: [[UInt8]]) throws(StateError)
    /// Takes the journal's lock, waiting up to `timeout` seconds; dies with its process.
    func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo
    func unlock(_ info: LockInfo)
    /// A stop signal ends the process: release every lock taken (see `StateBackend.abandonLocks`).
    func abandonLocks()
}

extension StateBackend {
    /// The journal named `name` (`deliveries`); nil for a backend that keeps none.
    package func journal(_ name: String) -> (any Journal)? { (self as? any JournalKeeping)?.journal(named: name) }
}

/// A backend that keeps journals beside its state.
package protocol JournalKeeping {
    func journal(named name: String) -> any Journal
}

/// The local backend's journal: `<name>.jsonl` beside the state, its lock an OS lock on
/// `<name>.json.lock` taken exactly as the state's lock is (the lock of a `LocalBackend` whose
/// state path is `<name>.json`, never written), so that it dies with its process.
package struct LocalJournal: Journal {
    package let path: String
    private let locks: LocalBackend

    package init(folder: String, name: String) {
        path = Paths.join(folder, name + ".jsonl")
        locks = LocalBackend(statePath: Paths.join(folder, name + ".json"))
    }

    package var location: String { path }

    package func records() throws(StateError) -> [[UInt8]] {
        let bytes: [UInt8]?
        do { bytes = try FileIO.read(path) } catch { throw .file(error) }
        guard let bytes else { return [] }
        // A last line without its newline is a write cut short: not a record.
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
        if bytes.last != UInt8(ascii: "\n"), !lines.isEmpty { lines.removeLast() }
        return lines
    }

    /// The log's file, open and locked against other writers for a moment (an append, a
    /// compaction's rewrite): every writer takes it, and one that finds the path renamed away
    /// meanwhile (a compaction) opens the new file, so that no append lands in a file replaced.
    private func withFile<T>(_ body: (Int32) throws(FileError) -> T) throws(FileError) -> T {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileError.lastError(path, .open) }
            defer { close(fd) }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { throw FileError(path: path, operation: .lock, reason: .errno(errno)) }
            }
            defer { flock(fd, LOCK_UN) }
            guard LocalBackend.names(path, fd) else { continue }
            return try body(fd)
        }
    }

    package func append(_ records: [[UInt8]]) throws(StateError) {
        guard !records.isEmpty else { return }
        do throws(FileError) {
            try FileIO.checkWritablePlace(path)
            try withFile { (fd) throws(FileError) in try append(records, to: fd) }
        } catch {
            throw .file(error)
        }
    }

    private func append(_ records: [[UInt8]], to fd: Int32) throws(FileError) {
        var before = stat()
        guard fstat(fd, &before) == 0 else { throw FileError.lastError(path, .stat) }
        var bytes: [UInt8] = []
        // A torn line left by a killed run ends here, so that the next record starts a line.
        if before.st_size > 0, let last = try? FileIO.read(fd, count: 1, at: Int(before.st_size) - 1, path: path),
           last != [UInt8(ascii: "\n")] {
            bytes.append(UInt8(ascii: "\n"))
        }
        for record in records { bytes += record + [UInt8(ascii: "\n")] }
        do throws(FileError) {
            try FileIO.write(fd, bytes, path: path)
            try FileIO.sync(fd, path: path)
        } catch {
            // Cut short (a full disk): back to the length before, so no torn record stays.
            _ = ftruncate(fd, before.st_size)
            throw error
        }
    }

    package func replace(first count: Int, with records: [[UInt8]]) throws(StateError) {
        do throws(FileError) {
            try FileIO.checkWritablePlace(path)
            try withFile { (fd) throws(FileError) in
                // The lines past the first `count` were appended since the caller read: kept.
                var size = stat()
                guard fstat(fd, &size) == 0 else { throw FileError.lastError(path, .stat) }
                let bytes = try FileIO.read(fd, count: Int(size.st_size), at: 0, path: path)
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
                if bytes.last != UInt8(ascii: "\n"), !lines.isEmpty { lines.removeLast() }
                let later = lines.dropFirst(count)
                try FileIO.atomicWrite((records + later).flatMap { $0 + [UInt8(ascii: "\n")] }, to: path)
            }
        } catch { throw .file(error) }
    }

    package func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo {
        try locks.lock(operation: operation, who: who, timeout: timeout)
    }

    package func unlock(_ info: LockInfo) { locks.unlock(info) }
    package func abandonLocks() { locks.abandonLocks() }
}

extension LocalBackend: JournalKeeping {
    package func journal(named name: String) -> any Journal { LocalJournal(folder: folder, name: name) }
}
