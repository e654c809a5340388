import TenancyDiagnostics
import TenancySupport

/// Why the stored state cannot be read or replaced. Each case says what to do; none is a crash.
package enum StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stored text is not a valid state document.
    case corrupt(path: String, reason: String)
    case newerFormat(path: String, found: Int)
    /// A file of the local backend could not be read or written.
    case file(FileError)
    /// The compare-and-swap found another version than the one the change was planned against.
    case stale(location: String, reason: String)
    /// The store cannot be reached (every endpoint tried).
    case unavailable(location: String, reason: String)
    /// A stored version in a backend that keeps versions (etcd) cannot be read back.
    case corruptVersion(location: String, serial: Int, reason: String)
    /// A serial at the top of its range: another apply could not count on from it.
    case serialOutOfRange(location: String, serial: Int)
    /// The audit log the transition must extend cannot be read or written.
    case audit(AuditError)
    /// The transition was sent but no answer came back (a connection cut, a timeout), and the
    /// store could not be asked afterwards: it was recorded whole or not at all, and only the
    /// store knows which.
    case outcomeUnknown(location: String, reason: String)

    package var description: String { summary }
}

extension StateError: DiagnosticError {
    package var code: Diagnostic.Code {
        switch self {
        case .corrupt: return .stateCorrupt
        case .newerFormat: return .stateNewerFormat
        case let .file(error): return error.code
        case .stale: return .stateStale
        case .unavailable: return .stateUnavailable
        case .corruptVersion: return .stateCorruptVersion
        case .serialOutOfRange: return .stateSerialRange
        case let .audit(error): return error.code
        case .outcomeUnknown: return .stateOutcomeUnknown
        }
    }

    package var summary: String {
        switch self {
        case let .corrupt(path, reason):
            return "the state file \(path) is not valid (\(reason))"
        case let .newerFormat(path, found):
            return "the state file \(path) has format version \(found), newer than this tenancy understands (\(StateFile.formatVersion))"
        case let .file(error):
            return error.description
        case let .stale(location, reason):
            return "the state at \(location) was not replaced: \(reason)"
        case let .unavailable(location, reason):
            return "cannot reach the state at \(location): \(reason)"
        case let .corruptVersion(location, serial, reason):
            return "the state version \(serial) at \(location) is not valid (\(reason))"
        case let .serialOutOfRange(location, serial):
            return "the state at \(location) has serial \(serial), at the top of the range a serial may take"
        case let .audit(error):
            return error.summary
        case let .outcomeUnknown(location, reason):
            return "the state at \(location) may or may not have been replaced: \(reason)"
        }
    }

    package var detail: String {
        switch self {
        case .stale: return "Nothing was written."
        case let .audit(error): return error.detail
        case .outcomeUnknown:
            return "The new state and its audit record were sent as one transaction: it was applied whole or not at all, never in part."
        default: return ""
        }
    }

    package var hint: String? {
        switch self {
        case let .corrupt(path, _):
            // A state applied once has no backup: the hint names only what is there.
            guard !path.hasPrefix("etcd "), FileIO.exists(path + ".backup") else {
                return "restore it from version control or a copy (a state applied only once has no backup)"
            }
            return "restore the previous version from \(path).backup (copy it over the state), or from version control"
        case .newerFormat:
            return "upgrade tenancy"
        case let .file(error):
            return error.hint
        case .stale:
            return "run the command again: it will plan against the state as it is now"
        case .unavailable:
            return "check that the endpoints are up and reachable from here"
        case .corruptVersion:
            return "restore a kept version: `tenancy state history`, then `tenancy state rollback SERIAL`"
        case .serialOutOfRange:
            return "push a state with a lower serial (`tenancy state push --force FILE`)"
        case let .audit(error):
            return error.hint
        case .outcomeUnknown:
            return "once the store answers, run `tenancy plan`: it shows whether the change was recorded (apply again if it still shows it)"
        }
    }
}
