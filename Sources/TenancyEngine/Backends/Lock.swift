import TenancyDiagnostics
import TenancySupport
import TenancyJSON

/// Who holds the state lock, as stored with it (Terraform's fields): shown to whoever is refused.
package struct LockInfo: Sendable, Equatable {
    package let id: String
    package let operation: String
    package let who: String
    package let created: String
    package let path: String
    /// The holder's process ID, on the host `who` names (local locks).
    package let pid: Int32?
    /// Set when the lock was taken over from a run that died holding it: who that was.
    package var tookOverFrom: String?

    package init(id: String, operation: String, who: String, created: String, path: String, pid: Int32? = nil) {
        self.id = id
        self.operation = operation
        self.who = who
        self.created = created
        self.path = path
        self.pid = pid
    }

    package var json: JSON {
        var members: [String: JSON] = ["ID": .string(id), "Operation": .string(operation), "Who": .string(who),
                                       "Created": .string(created), "Path": .string(path)]
        if let pid { members["Pid"] = .int(Int(pid)) }
        return .object(members)
    }

    package init?(json: JSON) {
        guard let id = json["ID"]?.stringValue else { return nil }
        self.id = id
        operation = json["Operation"]?.stringValue ?? "?"
        who = json["Who"]?.stringValue ?? "?"
        created = json["Created"]?.stringValue ?? "?"
        path = json["Path"]?.stringValue ?? "?"
        pid = json["Pid"]?.intValue.flatMap { Int32(exactly: $0) }
    }

    /// Who held it, in a few words for messages (escaped: every field comes from a file).
    package var holderDescription: String {
        let process = pid.map { ", process \($0)" } ?? ""
        return "\(Terminal.escaped(who))\(process), since \(Terminal.escaped(created)), for `\(Terminal.escaped(operation))`"
    }

    /// The lock info from its stored bytes; nil when they are not lock info.
    package init?(bytes: [UInt8]) {
        guard let json = try? JSONParser.parse(bytes) else { return nil }
        self.init(json: json)
    }

    /// A lock that is held but whose info cannot be read (being written, or damaged).
    package static func unreadable(path: String) -> LockInfo {
        LockInfo(id: "unknown", operation: "?", who: "?", created: "?", path: path)
    }

    /// Whether the info could not be read (see `unreadable`).
    package var isUnreadable: Bool { id == "unknown" && who == "?" }
}

/// Why a lock could not be taken or released.
package enum LockError: Error, Sendable, Equatable, CustomStringConvertible {
    case held(LockInfo)
    case notHeld(id: String)
    /// The local lock file cannot be created, read or removed.
    case file(FileError)
    /// The store holding the lock cannot be reached.
    case unavailable(location: String, reason: String)

    package var description: String { summary }
}

extension LockError: DiagnosticError {
    package var code: Diagnostic.Code {
        switch self {
        case .held: return .stateLocked
        case .notHeld: return .lockNotHeld
        case let .file(error): return error.code
        case .unavailable: return .lockFailed
        }
    }

    package var summary: String {
        switch self {
        case let .held(info):
            if info.isUnreadable { return "the state at \(Terminal.escaped(info.path)) is locked, and the lock's holder cannot be read" }
            return "the state is locked by \(Terminal.escaped(info.who)) since \(Terminal.escaped(info.created))"
        case let .notHeld(id): return "no lock with ID \(id) is held"
        case let .file(error): return "cannot take the state lock: \(error.description)"
        case let .unavailable(location, reason): return "cannot take the state lock at \(location): \(reason)"
        }
    }

    package var detail: String {
        switch self {
        case let .held(info) where !info.isUnreadable:
            let process = info.pid.map { " (process \($0))" } ?? ""
            return "Lock ID \(Terminal.escaped(info.id)), taken for `\(Terminal.escaped(info.operation))`\(process) on \(Terminal.escaped(info.path)). Another run may be planning or applying; waiting longer is what --lock-timeout is for."
        default: return ""
        }
    }

    package var hint: String? {
        switch self {
        case let .held(info): return "if that run is no longer running: tenancy force-unlock \(info.id)"
        case let .file(error): return error.hint
        default: return nil
        }
    }
}
