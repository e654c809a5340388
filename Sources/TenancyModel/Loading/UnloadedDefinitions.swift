import TenancyDiagnostics
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plan that deletes resources looks once more, wider than the walk, for a file that still
/// defines one of them but is not loaded: moved into a hidden folder (`.old/`), renamed without
/// `.yaml` (`team`, `team.json`, `team.ya ml`). Such a file is what its author meant to keep, and
/// the plan says so beside the deletes instead of deleting in silence.
///
/// The walk itself loads only `*.yaml` / `*.yml` outside hidden folders (`ManifestFiles`); this
/// search runs only when something is to be deleted, so a configuration's everyday plan pays
/// nothing for it. Bounded: files searched up to 16 MiB (a larger one that declares a Tenancy
/// document is named without a search), at most 20,000 entries, symbolic
/// links not followed, `.git` and `.tenancy` not entered.
package enum UnloadedDefinitions {
    static let maximumEntries = 20_000
    static let maximumFileSize = 16 << 20

    /// A warning for each file under `root` that declares a Tenancy document naming one of
    /// `deleted` (kind and name) and is not among `loaded` (device and inode of the files read).
    package static func find(_ deleted: [(kind: String, name: String)], under root: String, loaded: [String]) -> Diagnostics {
        guard !deleted.isEmpty else { return Diagnostics() }
        var loadedFiles = Set<FileIO.FileIdentity>()
        for path in loaded {
            var info = stat()
            if stat(path, &info) == 0 { loadedFiles.insert(FileIO.FileIdentity(info)) }
        }
        var diagnostics = Diagnostics()
        var queue = [(folder: root, relative: "")]
        var seen = 0
        while let (folder, relative) = queue.popLast(), seen < maximumEntries {
            guard let entries = try? FileIO.entries(in: folder) else { continue }
            for entry in entries.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
                seen += 1
                guard seen < maximumEntries, let name = entry.name, name != ".git", name != ".tenancy",
                      let info = FileIO.status(of: entry, in: folder) else { continue }
                let path = Paths.join(folder, name)
                let child = relative.isEmpty ? name : relative + "/" + name
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    queue.append((path, child))
                case S_IFREG:
                    guard !loadedFiles.contains(FileIO.FileIdentity(info)),
                          ConfigurationProbe.declaresTenancy(path) else { continue }
                    let defines: String
                    if info.st_size > maximumFileSize {
                        defines = "Tenancy documents (too large to search, \(Format.bytes(Int(info.st_size))))"
                    } else if let named = definitions(in: path, of: deleted) {
                        defines = named
                    } else {
                        continue
                    }
                    let why = child.split(separator: "/").contains { $0.hasPrefix(".") } ? "it is hidden, or in a hidden folder"
                        : (name.lowercased().hasSuffix(".yaml") || name.lowercased().hasSuffix(".yml")) ? "tenancy.yaml's spec.paths do not match it"
                        : "its name does not end in .yaml or .yml"
                    diagnostics.append(.warning(.manifestLeftOut, "\(Terminal.escaped(Paths.prefix(root) + child)) defines \(defines), which this plan deletes, but it is not loaded: \(why)",
                                                detail: "Only *.yaml and *.yml files outside hidden folders are read (and those spec.paths matches); the resources of this file are missing from the configuration, so the plan deletes them.",
                                                hint: "move it back among the manifests (as *.yaml), or delete the file if the deletion is meant",
                                                range: SourceRange(filename: Paths.prefix(root) + child, at: SourceLocation(line: 1, column: 1, byte: 0))))
                default:
                    continue
                }
            }
        }
        return diagnostics
    }

    /// Which of `deleted` the file names (`kind: K` and `name: N` in its first megabyte), as
    /// `Kind/name` words; nil when none.
    static func definitions(in path: String, of deleted: [(kind: String, name: String)]) -> String? {
        guard let bytes = (try? FileIO.read(path)) ?? nil, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let found = deleted.filter { resource in
            text.range(of: "kind:\\s*[\"']?\(resource.kind)[\"']?\\s*($|[,}\\s#])", options: .regularExpression) != nil
                && text.range(of: "name:\\s*[\"']?\(resource.name)[\"']?\\s*($|[,}\\s#])", options: [.regularExpression]) != nil
        }
        guard !found.isEmpty else { return nil }
        return found.prefix(3).map { "\($0.kind)/\($0.name)" }.joined(separator: ", ") + (found.count > 3 ? " and \(found.count - 3) more" : "")
    }
}
