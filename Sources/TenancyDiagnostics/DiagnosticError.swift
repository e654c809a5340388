import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error that knows how it is shown to a user: a stable code, one line saying what went wrong,
/// the why, and what to do. Every typed error at a module's edge (state, lock, plan file, audit,
/// etcd, file I/O) adopts it, so that the CLI turns any of them into a diagnostic the same way and
/// never prints `"\(error)"`.
public protocol DiagnosticError: Error, Sendable {
    var code: Diagnostic.Code { get }
    /// One line: what is wrong.
    var summary: String { get }
    /// Why, in sentences; empty when the summary says it all.
    var detail: String { get }
    /// What to do about it.
    var hint: String? { get }
}

extension DiagnosticError {
    public var detail: String { "" }
    public var hint: String? { nil }

    /// The error as an error diagnostic (no source location: these are not about a manifest line).
    public var diagnostic: Diagnostic { .error(code, summary, detail: detail, hint: hint) }
}

extension Diagnostic {
    /// The diagnostic of any error: its own when it is a `DiagnosticError`; otherwise (an error a
    /// module let through that it should have typed) a generic one that still names its type, so
    /// that the gap can be found and closed.
    public static func from(_ error: any Error, code: Code = .internalError) -> Diagnostic {
        if let error = error as? any DiagnosticError { return error.diagnostic }
        return .error(code, "an unexpected error: \(String(describing: type(of: error)))",
                      detail: "This is a defect of Tenancy: the error should have been described.",
                      hint: "report it with the command that caused it")
    }
}


extension FileError: DiagnosticError {
    public var code: Diagnostic.Code {
        switch operation {
        case .read, .open, .list, .stat: return .ioRead
        default: return .ioWrite
        }
    }

    public var summary: String { description }

    public var hint: String? {
        if isOutOfSpace { return "free some space (or raise the limit), then run the command again" }
        switch reason {
        case .notRegular: return "name regular files only; rename or remove \(path)"
        case .tooLarge: return "split the file, or check that it is the file you meant"
        case .changedWhileRead: return "run the command again once nothing is writing to the file"
        case .undecodableName: return "rename it to UTF-8 (for example with `convmv -f latin1 -t utf8 --notest`)"
        case .symbolicLink: return "remove the link at \(path) (to keep state elsewhere, name that path in tenancy.yaml's spec.backend.local.path)"
        case .unsafeFolder: return "make it your own and writable by you alone (chown, chmod go-w), or keep the state elsewhere (spec.backend.local.path)"
        case let .errno(code) where code == EACCES || code == EPERM:
            return "check the permissions of \(path) and of the folders above it"
        case let .errno(code) where code == ELOOP:
            return "fix or remove the symbolic link at \(path)"
        default: return nil
        }
    }
}
