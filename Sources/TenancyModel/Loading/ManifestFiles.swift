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
package struct ManifestFiles: Sendable {
    /// The root's patterns when they are already known (a run has read its project file); nil
    /// reads each folder's own project file for them.
    let rootPatterns: (folder: String, patterns: [PathPattern]?)?

    package init() { rootPatterns = nil }

    /// For a run whose project settings are read: `folder`'s files are chosen by `patterns`.
    package init(root folder: String, patterns: [PathPattern]?) { rootPatterns = (folder, patterns) }

    /// Paths in a stable order (sorted within each folder), each once, plus a diagnostic for every
    /// argument that does not exist and every entry that cannot be read.
    package func find(_ arguments: [String]) -> (paths: [String], diagnostics: Diagnostics) {
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
            walk.visit(folder: argument, relative: "", identity: FileIO.FileIdentity(info))
            diagnostics.append(contentsOf: walk.diagnostics)
            var leftOut = walk.leftOut
            for relative in walk.found.sorted() {
                let path = prefix + relative
                // With a project file that lists `paths`, only those (and the project file) load.
                if let patterns, relative != ProjectSettings.fileName, !patterns.contains(where: { $0.matches(relative) }) {
                    leftOut.append((relative, "tenancy.yaml's spec.paths do not match it"))
                    continue
                }
                if seen.insert(path).inserted { paths.append(path) }
            }
            // A file that is a Tenancy manifest by its content but is not loaded (renamed to
            // `.yml` under `**/*.yaml`, hidden, `x.yaml~`): said, since the resources it defines
            // would otherwise be planned for deletion without a word.
            for (relative, why) in leftOut.sorted(by: { $0.0 < $1.0 }) where ConfigurationProbe.declaresTenancy(prefix + relative) {
                diagnostics.append(.warning(.manifestLeftOut, "\(Terminal.escaped(prefix + relative)) declares a Tenancy document but is not loaded: \(why)",
                                            detail: "Resources defined only there are missing from the configuration: a plan deletes them if they were applied (and then names them).",
                                            hint: "rename it to *.yaml (or match it in spec.paths), or move it out of the configuration",
                                            range: SourceRange(filename: prefix + relative, at: SourceLocation(line: 1, column: 1, byte: 0))))
            }
        }
        return (paths, diagnostics)
    }

    /// A depth-first walk of one folder argument. Every entry it meets is loaded (a manifest's
    /// name), walked (a folder), or reported — or, for any other file with a readable name, left
    /// alone as not a manifest by its name.
    private struct Walk {
        let prefix: String
        var found: [String] = []
        var diagnostics = Diagnostics()
        /// The folders on the way down (device, inode): a symbolic link back to one is a loop.
        var ancestors: [FileIdentity] = []
        /// Every real folder walked: one reached again through another link is not walked again,
        /// so links that fan out cost one walk per folder, not one per route.
        var walked = Set<FileIdentity>()
        /// Every manifest found: one reached through two routes loads once.
        var files = Set<FileIdentity>()
        /// Regular files that look like YAML (`.yaml`/`.yml` in their name, hidden ones too) but are
        /// not taken as manifests by their name: checked afterwards for Tenancy content.
        var leftOut: [(String, String)] = []

        typealias FileIdentity = FileIO.FileIdentity

        mutating func visit(folder: String, relative: String, identity: FileIdentity) {
            if ancestors.contains(identity) {
                diagnostics.append(.error(.ioRead, "\(folder) leads back to a folder above it (a symbolic-link loop)",
                                          hint: "remove the link, or point it elsewhere"))
                return
            }
            guard walked.insert(identity).inserted else { return } // already walked through another route
            if let kernel = ConfigurationProbe.kernelFolder(containing: folder) {
                diagnostics.append(.error(.ioRead, "\(folder) leads into \(kernel), which holds the kernel's files, not a configuration",
                                          hint: "remove the link, or point it at a folder of manifests"))
                return
            }
            ancestors.append(identity)
            defer { ancestors.removeLast() }
            let entries: [FileIO.FolderEntry]
            do { entries = try FileIO.entries(in: folder) } catch {
                diagnostics.append(error.diagnostic)
                return
            }
            for entry in entries.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
                if entry.bytes.first == UInt8(ascii: ".") {
                    // Hidden: never loaded (`.tenancy/`, `.git/`); a hidden file that looks like
                    // YAML is looked at afterwards.
                    if let name = entry.name, Self.looksLikeYAML(name), !name.hasPrefix(".tenancy"),
                       let info = FileIO.status(of: entry, in: folder), (info.st_mode & S_IFMT) == S_IFREG {
                        leftOut.append((relative.isEmpty ? name : relative + "/" + name, "it is hidden (its name starts with a dot)"))
                    }
                    continue
                }
                guard let name = entry.name else {
                    // No text names it, so it cannot be loaded: an error when it could be or hold a
                    // manifest (a folder, a manifest's name, or a link that leads nowhere).
                    let info = FileIO.status(of: entry, in: folder, following: true)
                    if info.map({ ($0.st_mode & S_IFMT) == S_IFDIR }) ?? true || Self.isManifestName(entry.display) {
                        diagnostics.append(FileError(path: Paths.join(folder, entry.display), operation: .read, reason: .undecodableName).diagnostic)
                    }
                    continue
                }
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
                        // A link that dangles or loops, whatever its name: it may have led to a
                        // folder of manifests, so it is never passed over in silence.
                        let code = errno
                        diagnostics.append(.error(.ioRead, "\(path) is a symbolic link that leads nowhere (\(FileError.words(for: code)))",
                                                  detail: "What it pointed to may have held manifests; nothing is planned without them.",
                                                  hint: "fix or remove the symbolic link at \(path)"))
                        continue
                    }
                }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    visit(folder: path, relative: child, identity: FileIdentity(info))
                case S_IFSOCK where Self.isManifestName(name):
                    diagnostics.append(FileError(path: path, operation: .read, reason: .notRegular("a socket")).diagnostic)
                default:
                    // A FIFO or device with a manifest's name is reported when it is read.
                    guard Self.isManifestName(name) else {
                        if (info.st_mode & S_IFMT) == S_IFREG, Self.looksLikeYAML(name) {
                            leftOut.append((child, "its name does not end in .yaml or .yml"))
                        }
                        continue
                    }
                    if (info.st_mode & S_IFMT) == S_IFREG, !files.insert(FileIdentity(info)).inserted { continue }
                    found.append(child)
                }
            }
        }

        /// `.yaml` or `.yml` anywhere in the name, in any letter case (`x.YAML`, `x.yaml~`, `x.yml.bak`).
        static func looksLikeYAML(_ name: String) -> Bool {
            let lower = name.lowercased()
            return lower.contains(".yaml") || lower.contains(".yml")
        }

        static func isManifestName(_ name: String) -> Bool {
            let lower = name.lowercased()
            return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        }
    }
}
