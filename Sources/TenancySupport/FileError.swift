#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or written, in words a user can act on: never a Foundation error
/// string, and never "permission denied" for what is really a FIFO or a folder.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done when it failed.
    public enum Operation: String, Sendable, Equatable {
        case read, write, create, open, rename, link, remove, sync, list, lock, stat
    }

    /// Why, beyond an errno: kinds of file that are not what was expected, and size limits.
    public enum Reason: Sendable, Equatable {
        case errno(Int32)
        /// Not a regular file: a FIFO, a device, a socket, a folder.
        case notRegular(String)
        case tooLarge(limit: Int)
        /// The file changed size or disappeared while it was read.
        case changedWhileRead
        /// The name is not valid UTF-8 (as legacy tools and unzip write them): `path` shows its
        /// bytes escaped (`caf\xe9.yaml`), since no text can name it exactly.
        case undecodableName
        /// A path Tenancy writes is a symbolic link: never written through, since a link planted in
        /// a shared or pre-created folder would make it overwrite the link's target.
        case symbolicLink
        /// The folder Tenancy writes in is not safe to write in: its words say why (another owner,
        /// writable by everyone).
        case unsafeFolder(String)
    }

    public let path: String
    public let operation: Operation
    public let reason: Reason

    public init(path: String, operation: Operation, reason: Reason) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    /// The error of the last failed system call.
    public static func lastError(_ path: String, _ operation: Operation) -> FileError {
        FileError(path: path, operation: operation, reason: .errno(errno))
    }

    /// The system's code, when the failure was one.
    public var code: Int32? {
        if case let .errno(code) = reason { return code }
        return nil
    }

    /// A full disk, a quota or a file-size limit: the cases where freeing space and retrying works.
    public var isOutOfSpace: Bool {
        guard let code else { return false }
        return code == ENOSPC || code == EFBIG || code == EDQUOT
    }

    /// "cannot write .tenancy/state.json: the disk is full"
    public var description: String { "cannot \(verb) \(path): \(plainReason)" }

    /// The reason alone, in plain words.
    public var plainReason: String {
        switch reason {
        case let .errno(code): return Self.words(for: code)
        case let .notRegular(kind): return "it is \(kind), not a regular file"
        case let .tooLarge(limit): return "it is larger than the limit of \(Format.bytes(limit))"
        case .changedWhileRead: return "it changed while it was read"
        case .undecodableName: return "its name is not valid UTF-8 text"
        case .symbolicLink: return "it is a symbolic link, and Tenancy never writes through one"
        case let .unsafeFolder(why): return why
        }
    }

    private var verb: String {
        switch operation {
        case .read: return "read"
        case .write: return "write"
        case .create: return "create"
        case .open: return "open"
        case .rename: return "replace"
        case .link: return "link"
        case .remove: return "remove"
        case .sync: return "flush to disk"
        case .list: return "list the folder"
        case .lock: return "lock"
        case .stat: return "look at"
        }
    }

    /// errno in words; the system's own text for the rare codes not named here.
    public static func words(for code: Int32) -> String {
        switch code {
        case ENOENT: return "it does not exist"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "it is a folder"
        case ENOTDIR: return "a part of the path is not a folder"
        case ENOSPC: return "the disk is full"
        case EFBIG: return "the file would exceed the file-size limit"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the file system is read-only"
        case ELOOP: return "too many levels of symbolic links (a symlink loop?)"
        case EIO: return "an input/output error (a failing disk or network file system?)"
        case ENAMETOOLONG: return "the path is too long"
        case EMFILE, ENFILE: return "too many files are open"
        case EEXIST: return "it already exists"
        case EXDEV: return "it is on another file system"
        case ENXIO: return "no device answers for it"
        case EBUSY, ETXTBSY: return "it is busy"
        case EAGAIN: return "it is temporarily unavailable"
        case EINVAL: return "the operation is not valid for it"
        case ENOMEM: return "not enough memory"
        case EPIPE: return "the other end was closed"
        case EBADF: return "it is closed"
        default: return String(cString: strerror(code))
        }
    }
}
