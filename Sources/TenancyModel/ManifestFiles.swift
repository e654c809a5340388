import TenancyDiagnostics
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the manifest files named on a command line: files as given, folders searched for
/// `*.yaml` / `*.yml`, never inside hidden folders (`.tenancy/` holds the state, `.git/` the
/// repository). A folder's project file narrows what loads with `spec.paths`.
///
/// Nothing is skipped silently: a folder that cannot be listed, an entry that cannot be looked at,
/// a symbolic link that loops or dangles is an error naming it, so that a plan never proposes to
/// delete what it simply could not read.
public struct ManifestFiles: Sendable {
    /// The root's patterns when they are already known (a run has read its project file); nil
    /// reads each folder's own project file for them.
    let rootPatterns: (folder: String, patterns: [PathPattern]?)?

    public init() { rootPatterns = nil }

    /// For a run whose project settings are read: `folder`'s files are chosen by `patterns`.
    public init(root folder: String, patterns: [PathPattern]?) { rootPatterns = (folder, patterns) }

    /// Paths in a stable order (sorted within each folder), each once, plus a diagnostic for every
    /// argument that does not exist and every entry that cannot be read.
    public func find(_ arguments: [String]) -> (paths: [String], diagnostics: Diagnostics) {
        var paths: [String] = []
        var seen = Set<String>()
        var diagnostics = Diagnostics()
        for argument in arguments {
            var info = stat()
            guard stat(argument, &info) == 0 else {
                let code = errno
                if code == ENOENT, !FileIO.exists(argument) {
                    diagnostics.append(.error(.ioRead, "no such file or folder: \(argument)",
                                              hint: "check the path; folders are searched for *.yaml and *.yml files"))
                } else {
                    diagnostics.append(FileError(path: argument, operation: .stat, reason: .errno(code)).diagnostic)
                }
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                if seen.insert(argument).inserted { paths.append(argument) }
                continue
            }
            let patterns: [PathPattern]?
            if let rootPatterns, rootPatterns.folder == argument {
                patterns = rootPatterns.patterns
            } else {
                patterns = ProjectSettings.read(folder: argument).settings?.paths
            }
            let prefix = Paths.prefix(argument)
            var walk = Walk(prefix: prefix)
            walk.visit(folder: argument, relative: "", device: UInt64(truncatingIfNeeded: info.st_dev),
                       inode: UInt64(truncatingIfNeeded: info.st_ino))
            diagnostics.append(contentsOf: walk.diagnostics)
            for relative in walk.found.sorted() {
                let path = prefix + relative
                // With a project file that lists `paths`, only those (and the project file) load.
                if let patterns, relative != ProjectSettings.fileName, !patterns.contains(where: { $0.matches(relative) }) { continue }
                if seen.insert(path).inserted { paths.append(path) }
            }
        }
        return (paths, diagnostics)
    }

    /// A depth-first walk of one folder argument.
    private struct Walk {
        let prefix: String
        var found: [String] = []
        var diagnostics = Diagnostics()
        /// The folders on the way down (device, inode): a symbolic link back to one is a loop.
        var ancestors: [(UInt64, UInt64)] = []

        mutating func visit(folder: String, relative: String, device: UInt64, inode: UInt64) {
            if ancestors.contains(where: { $0 == (device, inode) }) {
                diagnostics.append(.error(.ioRead, "\(folder) leads back to a folder above it (a symbolic-link loop)",
                                          hint: "remove the link, or point it elsewhere"))
                return
            }
            ancestors.append((device, inode))
            defer { ancestors.removeLast() }
            let names: [String]
            do { names = try FileIO.names(in: folder) } catch {
                diagnostics.append(error.diagnostic)
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let path = Paths.join(folder, name)
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else {
                    let code = errno
                    if code != ENOENT { diagnostics.append(FileError(path: path, operation: .stat, reason: .errno(code)).diagnostic) }
                    continue // vanished since the folder was listed: nothing to read
                }
                if (info.st_mode & S_IFMT) == S_IFLNK {
                    guard stat(path, &info) == 0 else {
                        let code = errno
                        if Self.isManifestName(name) || code == ELOOP {
                            diagnostics.append(FileError(path: path, operation: .read, reason: .errno(code)).diagnostic)
                        }
                        continue
                    }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    visit(folder: path, relative: child, device: UInt64(truncatingIfNeeded: info.st_dev),
                          inode: UInt64(truncatingIfNeeded: info.st_ino))
                default:
                    // A FIFO or device with a manifest's name is reported when it is read.
                    if Self.isManifestName(name) { found.append(child) }
                }
            }
        }

        static func isManifestName(_ name: String) -> Bool {
            let lower = name.lowercased()
            return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        }
    }
}
