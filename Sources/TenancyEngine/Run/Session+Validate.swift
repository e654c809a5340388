import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyYAML

/// What `tenancy validate` found.
package struct ValidationResult: Sendable {
    package var diagnostics: Diagnostics
    package var sources: [String: SourceFile]
    package var fileCount: Int
    package var documentCount: Int
    /// The configurations' folders checked whole (absolute), so that an unexpected root shows.
    package var roots: [String] = []
    /// Files given that are not manifests of the configuration they lie in (outside its
    /// `spec.paths` or hidden, and not a Tenancy document: a CI workflow, `.gitlab-ci.yml`), and
    /// the configuration's folder: passed over, said, never checked as manifests.
    package var skipped: [(path: String, root: String)] = []
}

extension Session {
    /// Checks the files and folders given (`tenancy validate`) with exactly the checks a plan runs
    /// before it reads the state: the project file and the backend it names (`open`), then the
    /// configuration's load and the whole-configuration checks (`checkedLoad`). One list, so that
    /// validate never says "Success" for a configuration that plan refuses.
    ///
    /// - A folder is a configuration's root, checked whole.
    /// - A file inside a configuration (a `tenancy.yaml` in its folder or one above) is checked in
    ///   the context of the whole configuration, and only its own problems are reported (with those
    ///   of the project file, which would stop a plan), and every reference that no longer
    ///   resolves anywhere (a deleted file's): what pre-commit passes is a few changed files, and a
    ///   reference to a team defined in another file is not dangling.
    /// - `stdin` (the text of `-`) is checked in the context of the configuration at `context`
    ///   (`--dir`), standing in for the documents of the same kind and name there, or added to it;
    ///   alone when `context` is not a configuration.
    package static func validate(_ paths: [String], stdin: SourceFile? = nil, context: String = ".",
                                environment: RunEnvironment, openers: [any BackendOpener] = [LocalBackendOpener()]) -> ValidationResult {
        var alone: [String] = []
        var folders: [String] = []
        var inContext: [String: [String]] = [:]
        var skippedAlone: [String] = []
        for path in paths where path != "-" {
            if FileIO.isFolder(path) {
                folders.append(path)
            } else if let root = configurationRoot(containing: path) {
                inContext[root, default: []].append(path)
            } else if ConfigurationProbe.looksLikeManifest(path) || !FileIO.exists(path) {
                alone.append(path)
            } else {
                // In no configuration and no manifest (a CI workflow at the repository's root
                // beside a configuration in a subfolder): passed over, and said.
                skippedAlone.append(path)
            }
        }
        var result = ValidationResult(diagnostics: Diagnostics(), sources: [:], fileCount: 0, documentCount: 0)
        result.skipped = skippedAlone.map { ($0, "") }
        func add(_ loaded: ConfigurationLoader.Result, files: Int? = nil, documents: Int? = nil, only: Set<String>? = nil) {
            // The given files' own problems, and every reference that no longer resolves: a
            // deletion breaks files it does not touch, and no file of the deletion is given.
            let kept = only.map { wanted in
                loaded.diagnostics.filter { d in
                    d.code == .danglingReference || (d.range.map { wanted.contains(Paths.absolute($0.filename)) } ?? false)
                }
            }
            result.diagnostics.append(contentsOf: kept.map(Diagnostics.init) ?? loaded.diagnostics)
            result.sources.merge(loaded.sources) { first, _ in first }
            result.fileCount += files ?? loaded.fileCount
            result.documentCount += documents ?? loaded.documentCount
        }
        func opened(_ root: String) -> Session? {
            do { return try Session.open(root, environment: environment, openers: openers) } catch {
                result.diagnostics.append(contentsOf: error.diagnostics)
                result.sources.merge(error.sources) { first, _ in first }
                return nil
            }
        }
        if !alone.isEmpty { add(ConfigurationLoader().load(paths: alone, streaming: true)) }
        for folder in folders {
            result.roots.append(Paths.absolute(folder))
            guard let session = opened(folder) else { continue }
            add(session.checkedLoad())
        }
        for root in inContext.keys.sorted() {
            let files = inContext[root] ?? []
            let wanted = Set(files.map(Paths.absolute))
            guard let session = opened(root) else { continue }
            let loaded = session.checkedLoad(streaming: false)
            let loadedFiles = Set(loaded.sources.keys.map(Paths.absolute))
            // A file the configuration does not load is checked on its own when it is a Tenancy
            // document (`apiVersion: tenancy/…`, left out by `spec.paths`); any other YAML there
            // (a CI workflow that pre-commit's `\.ya?ml$` passes) is not a manifest at all.
            let unloaded = files.filter { !loadedFiles.contains(Paths.absolute($0)) }
            let outside = unloaded.filter(ConfigurationProbe.declaresTenancy)
            for path in unloaded where !outside.contains(path) { result.skipped.append((path, root)) }
            let documents = loaded.configuration.manifests.filter { wanted.contains(Paths.absolute($0.file)) }.count
            add(loaded, files: files.count - unloaded.count, documents: documents,
                only: wanted.union([Paths.absolute(session.projectPath)]))
            if !outside.isEmpty { add(ConfigurationLoader().load(paths: outside, streaming: true)) }
        }
        if let stdin {
            if FileIO.isFolder(context), ConfigurationProbe.isConfiguration(context), let session = opened(context) {
                result.roots.append(Paths.absolute(context))
                let loaded = session.checkedLoad(replacingWith: stdin)
                let documents = loaded.configuration.manifests.filter { $0.file == stdin.path }.count
                add(loaded, files: 1, documents: documents, only: [Paths.absolute(stdin.path)])
            } else {
                add(ConfigurationLoader().load(sources: [stdin]))
            }
        }
        result.diagnostics = result.diagnostics.removingDuplicates().sorted()
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

    /// The configuration with `replacement`'s documents standing in for those of the same kind and
    /// name (or added): how `validate -` checks a manifest in the context of its configuration.
    func checkedLoad(replacingWith replacement: SourceFile) -> ConfigurationLoader.Result {
        let (paths, findDiagnostics) = ManifestFiles(root: root, patterns: settings.paths).find([root])
        let loader = YAMLLoader()
        var diagnostics = findDiagnostics
        var loaded: [LoadResult] = []
        for path in paths {
            do { loaded.append(loader.load(try SourceFile(reading: path, limit: ConfigurationLoader.maximumFileSize))) } catch {
                diagnostics.append(error.diagnostic)
            }
        }
        let given = loader.load(replacement)
        let replaced = Set(given.documents.compactMap(Self.identity))
        for i in loaded.indices {
            loaded[i].documents.removeAll { document in Self.identity(document).map(replaced.contains) ?? false }
        }
        loaded.append(given)
        var result = ConfigurationLoader().check(loaded, diagnostics: diagnostics)
        checkWhole(&result, standingIn: replacement.path)
        return result
    }

    /// `Kind/name` of a document, as written (nil when it names neither).
    private static func identity(_ document: YAMLDocument) -> String? {
        guard let kind = document.root["kind"]?.string, let name = document.root["metadata"]?["name"]?.string else { return nil }
        return kind + "/" + name
    }
}
