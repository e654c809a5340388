import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport

/// What `tenancy validate` found.
public struct ValidationResult: Sendable {
    public var diagnostics: Diagnostics
    public var sources: [String: SourceFile]
    public var fileCount: Int
    public var documentCount: Int
}

extension Session {
    /// Checks the files and folders given (`tenancy validate`): everything the configuration's
    /// checks find, with nothing read of the state. Each folder's own project file chooses what
    /// loads in it; the workspaces stream, as in a plan.
    ///
    /// A file inside a configuration (a `tenancy.yaml` in its folder or one above) is checked in
    /// the context of the whole configuration, and only its own problems are reported: what
    /// pre-commit passes is a few changed files, and a reference to a team defined in another
    /// file is not dangling. `stdin` is the text of `-` (a manifest checked on its own).
    public static func validate(_ paths: [String], stdin: SourceFile? = nil) -> ValidationResult {
        var alone: [String] = []
        var inContext: [String: [String]] = [:]
        for path in paths where path != "-" {
            if let root = configurationRoot(containing: path) {
                inContext[root, default: []].append(path)
            } else {
                alone.append(path)
            }
        }
        var result = ValidationResult(diagnostics: Diagnostics(), sources: [:], fileCount: 0, documentCount: 0)
        func add(_ loaded: ConfigurationLoader.Result, files: Int? = nil, documents: Int? = nil, only: Set<String>? = nil) {
            let kept = only.map { wanted in loaded.diagnostics.filter { d in d.range.map { wanted.contains(Paths.absolute($0.filename)) } ?? false } }
            result.diagnostics.append(contentsOf: kept.map(Diagnostics.init) ?? loaded.diagnostics)
            result.sources.merge(loaded.sources) { first, _ in first }
            result.fileCount += files ?? loaded.fileCount
            result.documentCount += documents ?? loaded.documentCount
        }
        if !alone.isEmpty || (paths.isEmpty && stdin == nil) {
            add(ConfigurationLoader().load(paths: alone, streaming: true))
        }
        for root in inContext.keys.sorted() {
            let files = inContext[root] ?? []
            let wanted = Set(files.map(Paths.absolute))
            let loaded = ConfigurationLoader().load(paths: [root])
            let loadedFiles = Set(loaded.sources.keys.map(Paths.absolute))
            // A file the configuration's `spec.paths` leaves out is checked on its own.
            let outside = files.filter { !loadedFiles.contains(Paths.absolute($0)) }
            let documents = loaded.configuration.manifests.filter { wanted.contains(Paths.absolute($0.file)) }.count
            add(loaded, files: files.count - outside.count, documents: documents, only: wanted)
            if !outside.isEmpty { add(ConfigurationLoader().load(paths: outside, streaming: true)) }
        }
        if let stdin {
            add(ConfigurationLoader().load(sources: [stdin]))
        }
        result.diagnostics = result.diagnostics.sorted()
        return result
    }

    /// The folder of the configuration a regular file belongs to: the nearest folder holding
    /// `tenancy.yaml`, from the file's own folder upwards; nil for folders and files outside any.
    static func configurationRoot(containing path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
        var folder = Paths.folder(of: Paths.absolute(path))
        while true {
            if FileManager.default.fileExists(atPath: Paths.join(folder, ProjectSettings.fileName)) {
                return relativeIfBelow(folder, of: path)
            }
            let parent = Paths.folder(of: folder)
            if parent == folder || parent.isEmpty { return nil }
            folder = parent
        }
    }

    /// `folder` as the user would write it: relative to the current folder when the file was
    /// given relative and the folder is the current one or below it (diagnostics then name files
    /// as the user does), absolute otherwise.
    private static func relativeIfBelow(_ folder: String, of path: String) -> String {
        guard !path.hasPrefix("/") else { return folder }
        let current = Paths.absolute(".")
        if folder == current { return "." }
        if folder.hasPrefix(current + "/") { return String(folder.dropFirst(current.count + 1)) }
        return folder
    }
}
