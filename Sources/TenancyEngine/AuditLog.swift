import Foundation
import TenancyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hash-chained record of state changes: one JSON object per apply (or `state` repair), each
/// carrying the hash of the one before, so that altering, removing or reordering a record breaks
/// the chain where it happened. The local backend keeps it as `audit.jsonl` beside the state; the
/// etcd backend as one key per record, written in the transaction that moves the state.
public struct AuditLog: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public struct Record: Sendable, Equatable {
        public let sequence: Int
        /// What made the change: nil for `apply` (records written before the field existed), else
        /// `state rm`, `state mv`, `state push`, `state rollback`.
        public let operation: String?
        public let time: String
        public let actor: String
        public let commit: String?
        public let lineage: String
        public let serial: Int
        public let planDigest: String
        public let changes: [JSON]
        public let previousHash: String
        public let hash: String

        /// Everything but `hash`, canonically: what `hash` is the SHA-256 of.
        var body: JSON {
            Self.body(sequence: sequence, operation: operation, time: time, actor: actor, commit: commit, lineage: lineage,
                      serial: serial, planDigest: planDigest, changes: changes, previousHash: previousHash)
        }

        static func body(sequence: Int, operation: String?, time: String, actor: String, commit: String?, lineage: String,
                         serial: Int, planDigest: String, changes: [JSON], previousHash: String) -> JSON {
            var members: [String: JSON] = [
                "sequence": .int(sequence), "time": .string(time), "actor": .string(actor),
                "commit": commit.map { .string($0) } ?? .null, "lineage": .string(lineage), "serial": .int(serial),
                "plan_digest": .string(planDigest), "changes": .array(changes), "previous_hash": .string(previousHash),
            ]
            if let operation, operation != "apply" { members["operation"] = .string(operation) }
            return .object(members)
        }

        public var json: JSON {
            guard case var .object(members) = body else { return body }
            members["hash"] = .string(hash)
            return .object(members)
        }

        /// A record; its hash is computed unless given (when read back from the log).
        init(sequence: Int, operation: String?, time: String, actor: String, commit: String?, lineage: String, serial: Int,
             planDigest: String, changes: [JSON], previousHash: String, storedHash: String? = nil) {
            self.sequence = sequence
            self.operation = operation == "apply" ? nil : operation
            self.time = time
            self.actor = actor
            self.commit = commit
            self.lineage = lineage
            self.serial = serial
            self.planDigest = planDigest
            self.changes = changes
            self.previousHash = previousHash
            self.hash = storedHash ?? SHA256.hex(Array(Self.body(
                sequence: sequence, operation: operation, time: time, actor: actor, commit: commit, lineage: lineage,
                serial: serial, planDigest: planDigest, changes: changes, previousHash: previousHash).compactText().utf8))
        }

        /// The record that follows `previous` (nil: the first) for a change that produced `version`.
        public init(after previous: Record?, entry: AuditEntry, version: StateVersion) {
            self.init(sequence: (previous?.sequence ?? 0) + 1, operation: entry.operation, time: entry.time, actor: entry.actor,
                      commit: entry.commit, lineage: version.lineage, serial: version.serial, planDigest: entry.planDigest,
                      changes: entry.changes, previousHash: previous?.hash ?? AuditLog.genesis)
        }

        /// The record as one line of compact JSON, newline included.
        public var line: String { json.compactText() + "\n" }

        var computedHash: String { SHA256.hex(Array(body.compactText().utf8)) }

        public init?(json: JSON) {
            guard let sequence = json["sequence"]?.intValue, let time = json["time"]?.stringValue,
                  let actor = json["actor"]?.stringValue, let lineage = json["lineage"]?.stringValue,
                  let serial = json["serial"]?.intValue, let planDigest = json["plan_digest"]?.stringValue,
                  let changes = json["changes"]?.arrayValue, let previous = json["previous_hash"]?.stringValue,
                  let hash = json["hash"]?.stringValue else { return nil }
            self.init(sequence: sequence, operation: json["operation"]?.stringValue, time: time, actor: actor,
                      commit: json["commit"]?.stringValue, lineage: lineage, serial: serial, planDigest: planDigest, changes: changes, previousHash: previous, storedHash: hash)
        }
    }

    public enum Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        case unreadable(String)
        /// The first record (1-based line) that does not follow from the one before.
        case broken(line: Int, reason: String)

        public var description: String {
            switch self {
            case let .unreadable(reason): return "the audit log cannot be read: \(reason)"
            case let .broken(line, reason): return "the audit log is broken at line \(line): \(reason)"
            }
        }
    }

    static let genesis = String(repeating: "0", count: 64)

    /// The records, in order; an unparsable line is reported, not skipped.
    public func records() throws(Error) -> [Record] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable("permission denied or I/O error") }
        var records: [Record] = []
        for (i, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).enumerated() {
            guard let json = try? JSONParser.parse(Array(line)), let record = Record(json: json) else {
                throw .broken(line: i + 1, reason: "not a valid audit record")
            }
            records.append(record)
        }
        return records
    }

    /// The last record, read from the end of the file: what each commit chains its record to, at
    /// a cost that does not grow with the log (the first apply's record alone can be megabytes).
    /// A last line that does not parse is reported as `records()` reports it.
    public func last() throws(Error) -> Record? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        // Read backwards in blocks until the line before the last one ends (or the file starts).
        var tail: [UInt8] = []
        var offset = Int(info.st_size)
        while offset > 0 {
            let start = max(0, offset - max(64 << 10, tail.count)) // blocks double: a long line costs linear time
            var piece = [UInt8](repeating: 0, count: offset - start)
            let count = piece.count
            let n = piece.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(start)) }
            guard n == count else { throw .unreadable(n < 0 ? String(cString: strerror(errno)) : "the file shrank while it was read") }
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
        guard let json = try? JSONParser.parse(Array(tail[lineStart..<end])), let record = Record(json: json) else {
            return try records().last // names the broken line
        }
        return record
    }

    /// Checks the chain of a file's records.
    public func verify() throws(Error) -> Int {
        try Self.verify(try records())
    }

    /// Checks a chain: sequence numbers, previous-hash links and each record's own hash. Returns
    /// the number of records, or names (1-based) the first that does not follow from the one before.
    public static func verify(_ all: [Record]) throws(Error) -> Int {
        var previous = Self.genesis
        for (i, record) in all.enumerated() {
            if record.sequence != i + 1 { throw .broken(line: i + 1, reason: "sequence \(record.sequence) where \(i + 1) was expected (a record was removed or reordered)") }
            if record.previousHash != previous { throw .broken(line: i + 1, reason: "it does not follow the record before it (a record was removed, reordered or altered)") }
            if record.computedHash != record.hash { throw .broken(line: i + 1, reason: "its content does not match its hash (it was altered)") }
            previous = record.hash
        }
        return all.count
    }

    /// Appends a record as one line and fsyncs it. The caller computed it from the last record,
    /// under the state lock.
    public func append(_ record: Record) throws(Error) {
        let line = Array(record.line.utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = line.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            #if canImport(Glibc)
            return Glibc.write(fd, base, line.count)
            #else
            return Darwin.write(fd, base, line.count)
            #endif
        }
        guard written == line.count, fsync(fd) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
    }
}
