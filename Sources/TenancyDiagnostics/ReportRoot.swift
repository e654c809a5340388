import Foundation
import TenancySupport

/// The folder machine-read reports name files relative to: the repository's top level (the
/// nearest folder holding `.git`, from the configuration's folder upwards), so that code
/// scanning, merge-request widgets and annotations place a file whatever the working directory
/// or `--dir` was (`--dir /abs/path` once gave `file:///…`, a subfolder `../…`). Without a
/// repository, the current folder. SARIF also names the root itself (`originalUriBaseIds`).
public struct ReportRoot: Sendable, Equatable {
    /// Absolute, without a trailing slash (`/` for the file system's root).
    public let path: String

    public init(path: String) { self.path = path }

    /// The repository holding `folder` (a `.git` folder, or a `.git` file as a worktree has), else
    /// the current folder.
    public static func find(from folder: String) -> ReportRoot {
        var current = Paths.absolute(folder)
        while true {
            if FileManager.default.fileExists(atPath: Paths.join(current, ".git")) { return ReportRoot(path: current) }
            let parent = Paths.folder(of: current)
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        return ReportRoot(path: Paths.absolute("."))
    }

    /// `filename` relative to the root when it lies below it; otherwise as it was (absolute).
    public func relative(_ filename: String) -> String {
        guard !filename.isEmpty, !filename.hasPrefix("<") else { return filename }
        let absolute = Paths.absolute(filename)
        let prefix = path == "/" ? "/" : path + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
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
