import Foundation
import TenancyModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hash-chained record of applies (`audit.jsonl` beside the state): one JSON line per apply,
/// each carrying the hash of the one before, so that altering, removing or reordering a record
/// breaks the chain where it happened.
public struct AuditLog: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public struct Record: Sendable, Equatable {
        public let sequence: Int
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
            Self.body(sequence: sequence, time: time, actor: actor, commit: commit, lineage: lineage, serial: serial,
                      planDigest: planDigest, changes: changes, previousHash: previousHash)
        }

        static func body(sequence: Int, time: String, actor: String, commit: String?, lineage: String, serial: Int,
                         planDigest: String, changes: [JSON], previousHash: String) -> JSON {
            .object([
                "sequence": .int(sequence), "time": .string(time), "actor": .string(actor),
                "commit": commit.map { .string($0) } ?? .null, "lineage": .string(lineage), "serial": .int(serial),
                "plan_digest": .string(planDigest), "changes": .array(changes), "previous_hash": .string(previousHash),
            ])
        }

        public var json: JSON {
            guard case var .object(members) = body else { return body }
            members["hash"] = .string(hash)
            return .object(members)
        }

        /// A record; its hash is computed unless given (when read back from the log).
        init(sequence: Int, time: String, actor: String, commit: String?, lineage: String, serial: Int, planDigest: String,
             changes: [JSON], previousHash: String, storedHash: String? = nil) {
            self.sequence = sequence
            self.time = time
            self.actor = actor
            self.commit = commit
            self.lineage = lineage
            self.serial = serial
            self.planDigest = planDigest
            self.changes = changes
            self.previousHash = previousHash
            self.hash = storedHash ?? SHA256.hex(Array(Self.body(
                sequence: sequence, time: time, actor: actor, commit: commit, lineage: lineage, serial: serial,
                planDigest: planDigest, changes: changes, previousHash: previousHash).compactText().utf8))
        }

        var computedHash: String { SHA256.hex(Array(body.compactText().utf8)) }

        init?(json: JSON) {
            guard let sequence = json["sequence"]?.intValue, let time = json["time"]?.stringValue,
                  let actor = json["actor"]?.stringValue, let lineage = json["lineage"]?.stringValue,
                  let serial = json["serial"]?.intValue, let planDigest = json["plan_digest"]?.stringValue,
                  let changes = json["changes"]?.arrayValue, let previous = json["previous_hash"]?.stringValue,
                  let hash = json["hash"]?.stringValue else { return nil }
            self.init(sequence: sequence, time: time, actor: actor, commit: json["commit"]?.stringValue, lineage: lineage,
                      serial: serial, planDigest: planDigest, changes: changes, previousHash: previous, storedHash: hash)
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

    /// Checks the chain: sequence numbers, previous-hash links and each record's own hash.
    public func verify() throws(Error) -> Int {
        let all = try records()
        var previous = Self.genesis
        for (i, record) in all.enumerated() {
            if record.sequence != i + 1 { throw .broken(line: i + 1, reason: "sequence \(record.sequence) where \(i + 1) was expected (a record was removed or reordered)") }
            if record.previousHash != previous { throw .broken(line: i + 1, reason: "it does not follow the record before it (a record was removed, reordered or altered)") }
            if record.computedHash != record.hash { throw .broken(line: i + 1, reason: "its content does not match its hash (it was altered)") }
            previous = record.hash
        }
        return all.count
    }

    /// Appends the record of an apply and fsyncs it.
    @discardableResult
    public func append(time: String, actor: String, commit: String?, lineage: String, serial: Int, planDigest: String,
                       changes: [JSON]) throws(Error) -> Record {
        let existing = try records()
        let record = Record(sequence: existing.count + 1, time: time, actor: actor, commit: commit, lineage: lineage, serial: serial,
                            planDigest: planDigest, changes: changes, previousHash: existing.last?.hash ?? Self.genesis)
        let line = Array((record.json.compactText() + "\n").utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = line.withUnsafeBytes { raw -> Int in
            #if canImport(Glibc)
            return Glibc.write(fd, raw.baseAddress!, line.count)
            #else
            return Darwin.write(fd, raw.baseAddress!, line.count)
            #endif
        }
        guard written == line.count, fsync(fd) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        return record
    }
}
