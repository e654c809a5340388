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
            let patterns = projectPatterns(in: argument)
            let prefix = argument == "." ? "" : (argument.hasSuffix("/") ? argument : argument + "/")
            for path in yamlFiles(under: argument) where seen.insert(path).inserted {
                let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
                // With a project file that lists `paths`, only those (and the project file) load.
                if let patterns, relative != "tenancy.yaml", !patterns.contains(where: { $0.matches(relative) }) { continue }
                paths.append(path)
            }
        }
        return (paths, diagnostics)
    }

    /// `spec.paths` of the folder's `tenancy.yaml`, if it has one; nil means "every manifest".
    /// A project file that does not parse is left to the loader to report.
    func projectPatterns(in folder: String) -> [PathPattern]? {
        let url = URL(fileURLWithPath: folder).appendingPathComponent("tenancy.yaml")
        guard let source = try? SourceFile(contentsOf: url, displayPath: url.path),
              let root = YAMLLoader().load(source).documents.first?.root,
              root["kind"]?.string == "Project", let paths = root["spec"]?["paths"], paths.isSequence else { return nil }
        let patterns = paths.items.compactMap(\.string).map(PathPattern.init)
        return patterns.isEmpty ? nil : patterns
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
