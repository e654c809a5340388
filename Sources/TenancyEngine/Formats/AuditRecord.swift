import TenancyDiagnostics
import TenancySupport
import TenancyJSON

/// One record of the hash-chained audit log: who changed the state, when, from which commit, to
/// which serial, and what changed. Each record carries the hash of the one before it and of its own
/// body, so that altering, removing or reordering a record breaks the chain where it happened
/// (docs/audit-format.md). Stored one per line (local backend) or one per key (etcd), compact.
package struct AuditRecord: Sendable, Equatable {
    package let sequence: Int
    /// What made the change: nil for `apply` (records written before the field existed), else
    /// `state rm`, `state mv`, `state push`, `state rollback`.
    package let operation: String?
    package let time: String
    package let actor: String
    package let commit: String?
    package let lineage: String
    package let serial: Int
    package let planDigest: String
    package let changes: [JSON]
    package let previousHash: String
    package let hash: String

    /// The hash the first record follows.
    package static let genesis = String(repeating: "0", count: 64)

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

    package var json: JSON {
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
        self.hash = storedHash ?? SHA256.hex(Self.body(
            sequence: sequence, operation: operation, time: time, actor: actor, commit: commit, lineage: lineage,
            serial: serial, planDigest: planDigest, changes: changes, previousHash: previousHash).compactBytes())
    }

    /// The record that follows `previous` (nil: the first) for a change that produced `version`.
    package init(after previous: AuditRecord?, entry: AuditEntry, version: StateVersion) {
        self.init(sequence: (previous?.sequence ?? 0) + 1, operation: entry.operation, time: entry.time, actor: entry.actor,
                  commit: entry.commit, lineage: version.lineage, serial: version.serial, planDigest: entry.planDigest,
                  changes: entry.changes, previousHash: previous?.hash ?? Self.genesis)
    }

    /// The record as one line of compact JSON, newline included.
    package var line: [UInt8] { json.compactBytes() + [UInt8(ascii: "\n")] }

    var computedHash: String { SHA256.hex(body.compactBytes()) }

    package init?(json: JSON) {
        guard let sequence = json["sequence"]?.intValue, let time = json["time"]?.stringValue,
              let actor = json["actor"]?.stringValue, let lineage = json["lineage"]?.stringValue,
              let serial = json["serial"]?.intValue, let planDigest = json["plan_digest"]?.stringValue,
              let changes = json["changes"]?.arrayValue, let previous = json["previous_hash"]?.stringValue,
              let hash = json["hash"]?.stringValue else { return nil }
        self.init(sequence: sequence, operation: json["operation"]?.stringValue, time: time, actor: actor,
                  commit: json["commit"]?.stringValue, lineage: lineage, serial: serial, planDigest: planDigest, changes: changes,
                  previousHash: previous, storedHash: hash)
    }

    /// A record from its stored bytes; nil when they are not one.
    package init?(bytes: [UInt8]) {
        guard let json = try? JSONParser.parse(bytes) else { return nil }
        self.init(json: json)
    }

    /// Checks a chain: sequence numbers, previous-hash links and each record's own hash. Returns
    /// the number of records, or names (1-based) the first that does not follow from the one before.
    package static func verify(_ all: [AuditRecord]) throws(AuditError) -> Int {
        var previous = Self.genesis
        for (i, record) in all.enumerated() {
            if record.sequence != i + 1 { throw .broken(line: i + 1, reason: "sequence \(record.sequence) where \(i + 1) was expected (a record was removed or reordered)") }
            if record.previousHash != previous { throw .broken(line: i + 1, reason: "it does not follow the record before it (a record was removed, reordered or altered)") }
            if record.computedHash != record.hash { throw .broken(line: i + 1, reason: "its content does not match its hash (it was altered)") }
            previous = record.hash
        }
        return all.count
    }
}

/// Why the audit log cannot be read, or where its chain breaks.
package enum AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store holding the log cannot be reached or read.
    case unreadable(String)
    /// The local log's file cannot be read or written.
    case file(FileError)
    /// The first record (1-based line) that does not follow from the one before.
    case broken(line: Int, reason: String)
    /// The local log's last line was cut short (a write stopped by a full disk or a crash) and
    /// nothing completes it: the first `validLength` bytes are the log.
    case torn(path: String, validLength: Int)

    package var description: String { summary }
}

extension AuditError: DiagnosticError {
    package var code: Diagnostic.Code {
        switch self {
        case .unreadable: return .auditUnreadable
        case let .file(error): return error.code
        case .broken, .torn: return .auditBroken
        }
    }

    package var summary: String {
        switch self {
        case let .unreadable(reason): return "the audit log cannot be read: \(reason)"
        case let .file(error): return "the audit log: \(error.description)"
        case let .broken(line, reason): return "the audit log is broken at line \(line): \(reason)"
        case let .torn(path, _): return "the audit log \(path) ends with a line cut short (by a full disk or a crash)"
        }
    }

    package var detail: String {
        switch self {
        case .unreadable, .file: return ""
        case .broken: return "Each record holds the hash of the one before it and of itself; this one does not match."
        case .torn: return "No pending record completes it, so it is not repaired by itself; the records before it are intact."
        }
    }

    package var hint: String? {
        switch self {
        case let .file(error): return error.hint
        case let .torn(path, validLength):
            return "remove it with `truncate -s \(validLength) \(Shell.quoted(Paths.absolute(path)))`, then run `tenancy audit verify`"
        default: return nil
        }
    }
}
