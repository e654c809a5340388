import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TenancySupport

/// The folder machine-read reports name files relative to: the repository's top level (the
/// nearest folder holding `.git`, from the configuration's folder upwards), so that code
/// scanning, merge-request widgets and annotations place a file whatever the working directory
/// or `--dir` was (`--dir /abs/path` once gave `file:///…`, a subfolder `../…`). Without a
/// repository, the configuration's own folder. SARIF also names the root itself
/// (`originalUriBaseIds`). Symbolic links are resolved on both sides (a linked `--dir`, macOS's
/// `/tmp`), so that one file has one name however it was reached.
public struct ReportRoot: Sendable, Equatable {
    /// Absolute, without a trailing slash (`/` for the file system's root), links resolved.
    public let path: String

    public init(path: String) { self.path = path }

    /// The repository holding `folder` (a `.git` folder, or a `.git` file as a worktree has), else
    /// `folder` itself (the configuration's root).
    public static func find(from folder: String) -> ReportRoot {
        let start = resolved(Paths.absolute(folder))
        var current = start
        while true {
            if FileManager.default.fileExists(atPath: Paths.join(current, ".git")) { return ReportRoot(path: current) }
            let parent = Paths.folder(of: current)
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        return ReportRoot(path: start)
    }

    /// `filename` relative to the root when it lies below it (as written, or once its links are
    /// resolved); otherwise as it was (absolute).
    public func relative(_ filename: String) -> String {
        guard !filename.isEmpty, !filename.hasPrefix("<") else { return filename }
        let prefix = path == "/" ? "/" : path + "/"
        let absolute = Paths.absolute(filename)
        if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        let real = Self.resolved(absolute)
        return real.hasPrefix(prefix) ? String(real.dropFirst(prefix.count)) : absolute
    }

    /// realpath(3) of `path`; the path itself when it cannot be resolved (gone, unreadable).
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// The root as a `file://` URI ending in `/` (SARIF's `originalUriBaseIds`).
    public var uri: String { SARIF.uri(path == "/" ? "/" : path + "/") }
}

extension Diagnostics {
    /// The same diagnostics with each file named relative to `root`.
    public func relative(to root: ReportRoot) -> Diagnostics {
        Diagnostics(map { diagnostic in
            var moved = diagnostic
            if let range = diagnostic.range { moved.range = SourceRange(filename: root.relative(range.filename), start: range.start, end: range.end) }
            return moved
        })
    }
}

extension Dictionary where Key == String, Value == SourceFile {
    /// Sources keyed by their file's name relative to `root` (to go with `Diagnostics.relative`).
    public func relative(to root: ReportRoot) -> [String: SourceFile] {
        Dictionary(map { (root.relative($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
