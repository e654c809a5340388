import TenancyDiagnostics
import TenancySupport

/// Who holds the state lock, as stored with it (Terraform's fields): shown to whoever is refused.
public struct LockInfo: Sendable, Equatable {
    public let id: String
    public let operation: String
    public let who: String
    public let created: String
    public let path: String

    public init(id: String, operation: String, who: String, created: String, path: String) {
        self.id = id
        self.operation = operation
        self.who = who
        self.created = created
        self.path = path
    }

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

    /// The lock info from its stored bytes; nil when they are not lock info.
    public init?(bytes: [UInt8]) {
        guard let json = try? JSONParser.parse(bytes) else { return nil }
        self.init(json: json)
    }

    /// A lock that is held but whose info cannot be read (being written, or damaged).
    public static func unreadable(path: String) -> LockInfo {
        LockInfo(id: "unknown", operation: "?", who: "?", created: "?", path: path)
    }

    /// Whether the info could not be read (see `unreadable`).
    public var isUnreadable: Bool { id == "unknown" && who == "?" }
}

/// Why a lock could not be taken or released.
public enum LockError: Error, Sendable, Equatable, CustomStringConvertible {
    case held(LockInfo)
    case notHeld(id: String)
    /// The local lock file cannot be created, read or removed.
    case file(FileError)
    /// The store holding the lock cannot be reached.
    case unavailable(location: String, reason: String)

    public var description: String { summary }
}

extension LockError: DiagnosticError {
    public var code: Diagnostic.Code {
        switch self {
        case .held: return .stateLocked
        case .notHeld: return .lockNotHeld
        case let .file(error): return error.code
        case .unavailable: return .lockFailed
        }
    }

    public var summary: String {
        switch self {
        case let .held(info):
            if info.isUnreadable { return "the state at \(info.path) is locked, and the lock's holder cannot be read" }
            return "the state is locked by \(info.who) since \(info.created)"
        case let .notHeld(id): return "no lock with ID \(id) is held"
        case let .file(error): return "cannot take the state lock: \(error.description)"
        case let .unavailable(location, reason): return "cannot take the state lock at \(location): \(reason)"
        }
    }

    public var detail: String {
        switch self {
        case let .held(info) where !info.isUnreadable:
            return "Lock ID \(info.id), taken for `\(info.operation)` on \(info.path). Another run may be planning or applying; waiting longer is what --lock-timeout is for."
        default: return ""
        }
    }

    public var hint: String? {
        switch self {
        case let .held(info): return "if that run is no longer running: tenancy force-unlock \(info.id)"
        case let .file(error): return error.hint
        default: return nil
        }
    }
}
