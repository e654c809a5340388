import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local backend's audit log: `audit.jsonl` beside the state, one compact record per line
/// (`AuditRecord`), appended and fsynced under the state lock.
package struct LocalAuditLog: Sendable {
    package let path: String

    package init(path: String) { self.path = path }

    /// The records, in order; an unparsable line is reported, not skipped. `length`: read only
    /// the first this many bytes (the log without a torn last line).
    package func records(upTo length: Int? = nil) throws(AuditError) -> [AuditRecord] {
        let read: [UInt8]?
        do { read = try FileIO.read(path) } catch { throw .file(error) }
        guard var bytes = read else { return [] }
        if let length, length < bytes.count { bytes.removeSubrange(length...) }
        var records: [AuditRecord] = []
        for (i, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).enumerated() {
            guard let record = AuditRecord(bytes: Array(line)) else { throw .broken(line: i + 1, reason: "not a valid audit record") }
            records.append(record)
        }
        return records
    }

    /// The last record, read from the end of the file: what each commit chains its record to, at
    /// a cost that does not grow with the log (the first apply's record alone can be megabytes).
    /// A last line that does not parse is reported as `records()` reports it.
    package func last() throws(AuditError) -> AuditRecord? {
        let opened: (fd: Int32, size: Int)?
        do { opened = try FileIO.openRegular(path) } catch { throw .file(error) }
        guard let (fd, size) = opened else { return nil }
        defer { close(fd) }
        // Read backwards in blocks until the line before the last one ends (or the file starts).
        var tail: [UInt8] = []
        var offset = size
        while offset > 0 {
            let start = max(0, offset - max(64 << 10, tail.count)) // blocks double: a long line costs linear time
            let piece: [UInt8]
            do { piece = try FileIO.read(fd, count: offset - start, at: start, path: path) } catch { throw .file(error) }
            guard piece.count == offset - start else { throw .file(FileError(path: path, operation: .read, reason: .changedWhileRead)) }
            tail = piece + tail
            offset = start
            // The last line is complete once a newline precedes its first byte.
            var end = tail.count
            while end > 0, tail[end - 1] == UInt8(ascii: "\n") { end -= 1 }
            if end == 0 { continue }
            if tail[..<end].lastIndex(of: UInt8(ascii: "\n")) != nil { break }
        }
        var end = tail.count
        while end > 0, tail[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        guard end > 0 else { return nil }
        let lineStart = (tail[..<end].lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        guard let record = AuditRecord(bytes: Array(tail[lineStart..<end])) else {
            return try records().last // names the broken line
        }
        return record
    }

    /// Checks the chain of the file's records.
    package func verify() throws(AuditError) -> Int {
        try AuditRecord.verify(try records())
    }

    /// Appends a record as one line and fsyncs it. The caller computed it from the last record,
    /// under the state lock. A write cut short (a full disk: ENOSPC, EFBIG, a quota) is undone:
    /// the file is truncated back to its length before, so no torn line is ever left by this
    /// version (the record stays pending, and the next commit appends it).
    package func append(_ record: AuditRecord) throws(AuditError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .file(.lastError(path, .open)) }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0 else { throw .file(.lastError(path, .stat)) }
        do {
            try FileIO.write(fd, record.line, path: path)
            try FileIO.sync(fd, path: path)
        } catch {
            _ = ftruncate(fd, before.st_size)
            _ = fsync(fd)
            throw .file(error)
        }
    }

    /// Reserves the disk space an append of `record` needs (before the state it records is
    /// written): a full disk or a file-size limit then stops the commit while nothing has changed,
    /// rather than after the state moved with its record not appended.
    package func reserve(for record: AuditRecord) throws(AuditError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .file(.lastError(path, .open)) }
        defer { close(fd) }
        do { try FileIO.reserve(fd, appending: record.line.count, path: path) } catch { throw .file(error) }
    }

    /// How the log ends: cleanly (empty, or after a line break), or with a line cut short.
    package enum Tail: Sendable, Equatable {
        case clean
        /// The bytes from `validLength` on are the start of a line that was never finished.
        case torn(validLength: Int)
    }

    package func tail() throws(AuditError) -> Tail {
        let opened: (fd: Int32, size: Int)?
        do { opened = try FileIO.openRegular(path) } catch { throw .file(error) }
        guard let (fd, size) = opened, size > 0 else { return .clean }
        defer { close(fd) }
        var offset = size
        while offset > 0 {
            let start = max(0, offset - (64 << 10))
            let piece: [UInt8]
            do { piece = try FileIO.read(fd, count: offset - start, at: start, path: path) } catch { throw .file(error) }
            if offset == size, piece.last == UInt8(ascii: "\n") { return .clean }
            if let newline = piece.lastIndex(of: UInt8(ascii: "\n")) { return .torn(validLength: start + newline + 1) }
            offset = start
        }
        return .torn(validLength: 0)
    }

    /// Removes a torn last line when it is the beginning of `line` (the pending record whose
    /// append was cut short): the repair needs nobody's judgement. False when there is nothing
    /// to repair or the torn bytes are something else.
    package func repairTornTail(startOf line: [UInt8]) throws(AuditError) -> Bool {
        guard case let .torn(validLength) = try tail() else { return false }
        let opened: (fd: Int32, size: Int)?
        do { opened = try FileIO.openRegular(path) } catch { throw .file(error) }
        guard let (readable, size) = opened else { return false }
        let torn: [UInt8]
        do { torn = try FileIO.read(readable, count: size - validLength, at: validLength, path: path) } catch {
            close(readable)
            throw .file(error)
        }
        close(readable)
        guard torn.count < line.count, line.starts(with: torn) else { return false }
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .file(.lastError(path, .open)) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(validLength)) == 0 else { throw .file(.lastError(path, .write)) }
        _ = fsync(fd)
        return true
    }
}
