import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local backend's audit log: `audit.jsonl` beside the state, one compact record per line
/// (`AuditRecord`), appended and fsynced under the state lock.
public struct LocalAuditLog: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The records, in order; an unparsable line is reported, not skipped.
    public func records() throws(AuditError) -> [AuditRecord] {
        let bytes: [UInt8]?
        do { bytes = try FileIO.read(path) } catch { throw .file(error) }
        guard let bytes else { return [] }
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
    public func last() throws(AuditError) -> AuditRecord? {
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
    public func verify() throws(AuditError) -> Int {
        try AuditRecord.verify(try records())
    }

    /// Appends a record as one line and fsyncs it. The caller computed it from the last record,
    /// under the state lock.
    public func append(_ record: AuditRecord) throws(AuditError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .file(.lastError(path, .open)) }
        defer { close(fd) }
        do {
            try FileIO.write(fd, record.line, path: path)
            try FileIO.sync(fd, path: path)
        } catch {
            throw .file(error)
        }
    }
}
