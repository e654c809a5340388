#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path text as commands and messages use it: joined, split, made relative to the configuration's
/// root. Plain string work on `/`-separated paths (what POSIX and every CI runner uses); nothing
/// here touches the file system.
package enum Paths {
    /// `folder/relative`, or `relative` alone when it is absolute or the folder is `.` or empty.
    package static func join(_ folder: String, _ relative: String) -> String {
        if relative.hasPrefix("/") || folder.isEmpty || folder == "." { return relative }
        return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    /// The prefix that `join` puts before a relative path: "" for `.`, else the folder and `/`.
    package static func prefix(_ folder: String) -> String {
        if folder.isEmpty || folder == "." { return "" }
        return folder.hasSuffix("/") ? folder : folder + "/"
    }

    /// The folder part (`a/b` of `a/b/c.json`); `.` for a bare name, `/` for a file at the root.
    package static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component (`c.json` of `a/b/c.json`).
    package static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` relative to `root` when it lies under it (as `join(root, x)` made it), else unchanged.
    package static func relative(_ path: String, to root: String) -> String {
        let prefix = self.prefix(root)
        return !prefix.isEmpty && path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `.` and `..` components folded and repeated slashes removed, lexically (symbolic links are
    /// not followed): `a/./b/../c` is `a/c`. A relative path that climbs above its start keeps its
    /// leading `..` components.
    package static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path` made absolute against the current directory (lexically normalized): for commands a
    /// message prints, which must work from wherever they are pasted.
    package static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalized(path) }
        var buffer = [CChar](repeating: 0, count: 4097)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return normalized(join(cwd, path))
    }

    /// The relative path that leads from folder `from` to `to` (both absolute, or both relative to
    /// the same folder), lexically: `relativePath(from: "/a/b", to: "/a/c/d")` is `../c/d`.
    package static func relativePath(from: String, to: String) -> String {
        let source = normalized(from).split(separator: "/"), target = normalized(to).split(separator: "/")
        var common = 0
        while common < source.count, common < target.count, source[common] == target[common] { common += 1 }
        let up = Array(repeating: "..", count: source.count - common)
        let down = target[common...].map(String.init)
        let parts = up + down
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Whether a relative path stays inside the folder it is relative to (no `..` escape).
    package static func staysInside(_ relative: String) -> Bool {
        guard !relative.hasPrefix("/") else { return false }
        let normal = normalized(relative)
        return normal != ".." && !normal.hasPrefix("../")
    }
}
