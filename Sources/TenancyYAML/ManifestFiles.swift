import Foundation
import TenancyDiagnostics

/// Finds the manifest files named on a command line: files as given, folders searched for
/// `*.yaml` / `*.yml`, never inside `.tenancy/` (state) or hidden folders such as `.git/`.
public struct ManifestFiles: Sendable {
    public init() {}

    /// Paths in a stable order (sorted within each folder), each once, plus a diagnostic for every
    /// argument that does not exist.
    public func find(_ arguments: [String]) -> (paths: [String], diagnostics: Diagnostics) {
        var paths: [String] = []
        var seen = Set<String>()
        var diagnostics = Diagnostics()
        let fm = FileManager.default
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                diagnostics.append(.error(.ioRead, "no such file or folder: \(argument)",
                                          hint: "check the path; folders are searched for *.yaml and *.yml files"))
                continue
            }
            if !isDirectory.boolValue {
                if seen.insert(argument).inserted { paths.append(argument) }
                continue
            }
            for path in yamlFiles(under: argument) where seen.insert(path).inserted {
                paths.append(path)
            }
        }
        return (paths, diagnostics)
    }

    private func yamlFiles(under folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isDirectoryKey],
            options: [.skipsHiddenFiles, .skipsPackageDescendants]) else { return [] }
        var found: [String] = []
        let prefix = folder == "." ? "" : (folder.hasSuffix("/") ? folder : folder + "/")
        let rootComponents = root.standardizedFileURL.pathComponents.count
        for case let url as URL in enumerator {
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isDirectory {
                // `.tenancy` is hidden and skipped above; `.build`-like tool folders too.
                continue
            }
            let ext = url.pathExtension.lowercased()
            guard ext == "yaml" || ext == "yml" else { continue }
            let relative = url.standardizedFileURL.pathComponents.dropFirst(rootComponents).joined(separator: "/")
            found.append(prefix + relative)
        }
        return found.sorted()
    }
}
