import Dispatch
import Foundation
import TenancySupport
import TenancyDiagnostics
import TenancySchema
import TenancyYAML

/// Loads a configuration: finds the manifest files, reads them through the YAML loader, checks each
/// document against its kind's schema, then runs the semantic rules and the templates' rules over
/// the whole. Every problem is collected; nothing stops at the first.
package struct ConfigurationLoader: Sendable {
    /// The largest manifest file read (docs/ranges.md): far above any real configuration file
    /// (a 100 MB one validates in seconds), low enough that a mistaken path cannot make a run
    /// read a disk image.
    package static let maximumFileSize = 256 << 20

    package init() {}

    package struct Result: Sendable {
        /// What passed the schema (possibly with semantic errors: see `diagnostics`).
        package let configuration: Configuration
        package var diagnostics: Diagnostics
        /// The files read, by display path, for quoting lines in diagnostics.
        package let sources: [String: SourceFile]
        package let documentCount: Int
        /// How many of the configuration's files were read (built-in templates not counted).
        package let fileCount: Int
        /// SHA-256 of each file's bytes as they were read, by display path (when asked for with
        /// `digesting`): what `filesDigest` is made of, taken before the bytes are let go.
        package var fileDigests: [String: String] = [:]

        /// SHA-256 over the configuration's own files (paths relative to `root`, each with the
        /// SHA-256 of its bytes as read, in path order): what a saved plan records (format 2), so
        /// that applying it after the manifests changed is refused, wherever the folder is named
        /// from. Made of `fileDigests` where they were taken, so the files' bytes need not be kept.
        package func filesDigest(relativeTo root: String) -> String {
            var hasher = SHA256()
            for (path, source) in ownFiles(relativeTo: root) {
                hasher.update(Array(path.utf8) + [0])
                hasher.update(Array((fileDigests[source.path] ?? SHA256.hex(source.bytes)).utf8) + [0])
            }
            return SHA256.hexString(hasher.finalize())
        }

        /// The configuration's files by path relative to `root`, in path order.
        private func ownFiles(relativeTo root: String) -> [(String, SourceFile)] {
            let prefix = root == "." ? "" : (root.hasSuffix("/") ? root : root + "/")
            var files: [(String, SourceFile)] = []
            for (path, source) in sources where !path.hasPrefix(BuiltInTemplates.displayPrefix) {
                files.append((path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path, source))
            }
            return files.sorted { $0.0 < $1.0 }
        }

        /// The digest saved plans of format 1 recorded: the files' bytes themselves, hashed in path
        /// order (so the bytes must still be held, or are read again).
        package func digest(relativeTo root: String) -> String {
            var hasher = SHA256()
            for (path, source) in ownFiles(relativeTo: root) {
                hasher.update(Array(path.utf8) + [0])
                hasher.update(Array(source.bytes) + [0])
            }
            return SHA256.hexString(hasher.finalize())
        }
    }

    /// Reads the configuration at `paths`. With `streaming`, a workspace that names a built-in
    /// template is finished while its file is read: its own rules and its template's run at once,
    /// `sink` (if any) takes what it needs of it, and its tree is dropped, so that memory holds one
    /// workspace's tree per core rather than all of them. Such workspaces are absent from
    /// `configuration.manifests`; the rules over the whole configuration (unique names, references,
    /// the organization's caps) still see them. Without `streaming`, every manifest is held.
    /// `releasingText` lets each file's bytes go once it has been parsed (they are read again if a
    /// diagnostic quotes them); leave it off when the configuration's digest will be taken.
    /// `digesting`: take each file's SHA-256 as it is read (for `Result.filesDigest`).
    /// `files`: how folders are searched (a run passes the patterns of its project file, read once).
    package func load(paths: [String], files finder: ManifestFiles = ManifestFiles(), streaming: Bool = false,
                     sink: (any WorkspaceSink)? = nil, releasingText: Bool = false, digesting: Bool = false) -> Result {
        let (files, findDiagnostics) = finder.find(paths)
        var diagnostics = findDiagnostics
        var sources: [SourceFile] = []
        for path in files {
            do {
                sources.append(try SourceFile(reading: path, limit: Self.maximumFileSize))
            } catch {
                diagnostics.append(error.diagnostic)
            }
        }
        var digests: [String: String] = [:]
        if digesting {
            let read = sources
            digests = Dictionary(uniqueKeysWithValues: zip(read.map(\.path), Parallel.map(read.count) { SHA256.hex(read[$0].bytes) }))
        }
        var result = load(sources: sources, diagnostics: diagnostics, streaming: streaming, sink: sink, releasingText: releasingText)
        result.fileDigests = digests
        result.diagnostics = result.diagnostics.removingDuplicates()
        return result
    }

    /// A workspace's profiles when every one is built in (it can then be finished early), else nil.
    private static func builtInProfiles(of workspace: Manifest, in builtIn: [String: Template]) -> [(Template, Node)]? {
        var profiles: [(Template, Node)] = []
        for node in workspace.spec?["profiles"]?.items ?? [] {
            guard let name = node.string, let profile = builtIn[name] else { return nil }
            profiles.append((profile, node))
        }
        return profiles
    }

    package func load(sources: [SourceFile], diagnostics initial: Diagnostics = Diagnostics(), streaming: Bool = false,
                     sink: (any WorkspaceSink)? = nil, releasingText: Bool = false) -> Result {
        guard streaming else { return check(YAMLLoader().load(sources), diagnostics: initial) }
        var diagnostics = initial
        guard let (checker, builtIn) = Self.checker(diagnostics: &diagnostics) else {
            return Result(configuration: Configuration(manifests: [], templates: [:]), diagnostics: diagnostics,
                          sources: [:], documentCount: 0, fileCount: 0)
        }
        let outcomes = Parallel.map(sources.count) { i -> FileOutcome in
            var outcome = FileOutcome()
            let yamlDiagnostics = checker.loader.forEachDocument(in: sources[i]) { document in
                guard let manifest = checker.check(document, file: i, into: &outcome.diagnostics, documents: &outcome.documents) else {
                    return
                }
                guard manifest.kind == .workspace, let templateNode = manifest.spec?["template"],
                      let name = templateNode.string, let template = builtIn[name],
                      let profiles = Self.builtInProfiles(of: manifest, in: builtIn) else {
                    outcome.manifests.append(manifest)
                    return
                }
                outcome.early.append(SemanticRules.finishEarly(manifest, template: template, templateNode: templateNode,
                                                               profiles: profiles, into: &outcome.diagnostics))
                sink?.consume(manifest, defaults: template.defaults)
            }
            outcome.diagnostics.append(contentsOf: yamlDiagnostics)
            if releasingText { sources[i].releaseBytes() }
            return outcome
        }
        let early = outcomes.flatMap(\.early)
        // A template of the configuration's own that replaces a built-in one which early workspaces
        // were finished with: they were checked and converted against the wrong defaults and rules.
        // Rare (it is warned about), so read everything again the plain way.
        let usedBuiltIns = Set(early.flatMap(\.templates))
        if !usedBuiltIns.isEmpty, outcomes.contains(where: { $0.manifests.contains { $0.kind == .template && usedBuiltIns.contains($0.name) } }) {
            sink?.discardAll()
            return load(sources: sources, diagnostics: initial, streaming: false)
        }
        return finish(outcomes, early: early, builtIn: builtIn, sources: sources, diagnostics: diagnostics)
    }

    /// The schema checker and the built-in templates; nil (with the reason in `diagnostics`) if the
    /// embedded schemas do not compile, which would be a defect of the build.
    private static func checker(diagnostics: inout Diagnostics) -> (DocumentChecker, [String: Template])? {
        switch ManifestSchemas.builtIn {
        case let .success(compiled):
            let checker = DocumentChecker(schema: compiled.bundle)
            return (checker, BuiltInTemplates.load(diagnostics: &diagnostics))
        case let .failure(error):
            diagnostics.append(error.diagnostic)
            return nil
        }
    }

    /// What checking one file found.
    private struct FileOutcome {
        var manifests: [Manifest] = []
        var early: [EarlyWorkspace] = []
        var diagnostics = Diagnostics()
        var documents = 0
    }

    /// Checks documents already loaded: the schema of each, then the semantic rules and the
    /// templates' rules over the whole. Separate from loading so that the two can be measured apart.
    package func check(_ loaded: [LoadResult], diagnostics initial: Diagnostics = Diagnostics()) -> Result {
        var diagnostics = initial
        guard let (checker, builtIn) = Self.checker(diagnostics: &diagnostics) else {
            return Result(configuration: Configuration(manifests: [], templates: [:]), diagnostics: diagnostics,
                          sources: [:], documentCount: 0, fileCount: 0)
        }
        let outcomes = Parallel.map(loaded.count) { i -> FileOutcome in
            var outcome = FileOutcome()
            for document in loaded[i].documents {
                if let manifest = checker.check(document, file: i, into: &outcome.diagnostics, documents: &outcome.documents) {
                    outcome.manifests.append(manifest)
                }
            }
            outcome.diagnostics.append(contentsOf: loaded[i].diagnostics)
            return outcome
        }
        return finish(outcomes, early: [], builtIn: builtIn, sources: loaded.map(\.source),
                      diagnostics: diagnostics)
    }

    /// The templates, then the rules over the whole configuration.
    private func finish(_ outcomes: [FileOutcome], early: [EarlyWorkspace], builtIn: [String: Template], sources: [SourceFile],
                        diagnostics initial: Diagnostics) -> Result {
        var diagnostics = initial
        var manifests: [Manifest] = []
        var documentCount = 0
        for (i, outcome) in outcomes.enumerated() {
            // A file under the configuration's paths that holds no document at all (empty, or only
            // comments) is not a Tenancy document: an error, so that emptying a file by mistake
            // never plans the destruction of what it held.
            if outcome.documents == 0, outcome.early.isEmpty, outcome.manifests.isEmpty, outcome.diagnostics.isEmpty, i < sources.count {
                diagnostics.append(.error(.manifestEmptyFile, "\(sources[i].path) holds no Tenancy document",
                                          detail: "Every *.yaml file under the configuration's paths is a Tenancy document (apiVersion: tenancy/v1 and a kind); this one is empty or only comments.",
                                          hint: "delete the file, or narrow spec.paths in tenancy.yaml to leave it out",
                                          range: SourceRange(filename: sources[i].path, at: SourceLocation(line: 1, column: 1, byte: 0))))
            }
            manifests.append(contentsOf: outcome.manifests)
            diagnostics.append(contentsOf: outcome.diagnostics)
            documentCount += outcome.documents
        }
        var templates = builtIn
        for manifest in manifests where manifest.kind == .template {
            if let builtIn = templates[manifest.name], builtIn.builtIn {
                diagnostics.append(.warning(.templateOverride, "template `\(manifest.name)` replaces the built-in template of that name",
                                            hint: "rename it if both should be available", range: manifest.nameNode.range,
                                            address: manifest.address.description))
            }
            templates[manifest.name] = Template(manifest: manifest, builtIn: false, diagnostics: &diagnostics)
        }
        // Documents that are there but were refused (their own errors are reported): references to
        // them are not also reported as dangling.
        let refused = Set(diagnostics.filter { $0.severity == .error }.compactMap { $0.address.flatMap(Address.init) })
        let configuration = Configuration(manifests: manifests, templates: templates, early: early, refused: refused)
        SemanticRules.check(configuration, into: &diagnostics)
        var sourceMap = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for template in templates.values where template.builtIn { sourceMap[template.manifest.file] = template.manifest.root.source }
        return Result(configuration: configuration, diagnostics: diagnostics.sorted(), sources: sourceMap,
                      documentCount: documentCount, fileCount: sources.count)
    }
}

/// Loads one file and checks each of its documents against the schema.
struct DocumentChecker: Sendable {
    let schema: JSONSchema
    let loader = YAMLLoader()

    func check(_ source: SourceFile) -> (manifests: [Manifest], diagnostics: Diagnostics, documents: Int) {
        let loaded = loader.load(source)
        var outcome = check(loaded.documents)
        outcome.diagnostics.append(contentsOf: loaded.diagnostics)
        return outcome
    }

    func check(_ loadedDocuments: [YAMLDocument]) -> (manifests: [Manifest], diagnostics: Diagnostics, documents: Int) {
        var manifests: [Manifest] = []
        var diagnostics = Diagnostics()
        var documents = 0
        for document in loadedDocuments {
            if let manifest = check(document, file: 0, into: &diagnostics, documents: &documents) { manifests.append(manifest) }
        }
        return (manifests, diagnostics, documents)
    }

    /// One document: its manifest when the schema accepts it and it holds no literal secret,
    /// else nil and the problems. `documents` counts the non-empty documents seen.
    func check(_ document: YAMLDocument, file: Int, into diagnostics: inout Diagnostics, documents: inout Int) -> Manifest? {
        let root = document.root
        if root.isNull { return nil } // an empty document, e.g. after a trailing `---`
        documents += 1
        guard root.isMapping else {
            diagnostics.append(.error(.manifestNotAnObject, "a manifest is a mapping of apiVersion, kind, metadata and spec",
                                      detail: "This document is \(root.isSequence ? "a list" : "a single value").",
                                      range: root.range))
            return nil
        }
        let violations = schema.validate(root)
        // Field names are checked where the schema found something wrong: in a valid document
        // every field is one the schema defines, and none of those holds a plain secret.
        var secrets = Diagnostics()
        SecretScanner.scan(document, address: nil, checkFieldNames: !violations.isEmpty, into: &secrets)
        if violations.isEmpty && secrets.isEmpty {
            guard var manifest = Manifest(root: root) else {
                // The schema accepted what the model cannot read: never dropped in silence.
                diagnostics.append(.error(.manifestNotAnObject, "this document passed the schema but could not be read as a manifest",
                                          hint: "report this as a defect of Tenancy, with the document", range: root.range))
                return nil
            }
            manifest.ordinal = file << 32 | document.index
            // Values spelt right but past the range Tenancy holds are errors at their lines.
            UnitRules.check(manifest, into: &diagnostics)
            return manifest
        }
        // The address is worked out only for documents with problems.
        let address = Self.address(of: root)
        for var secret in secrets {
            secret.address = address
            diagnostics.append(secret)
        }
        // A literal secret is reported once, by the scanner, whose message says what to do.
        let secretRanges = Set(secrets.compactMap(\.range))
        for violation in violations where !secretRanges.contains(violation.range) {
            diagnostics.append(Self.diagnostic(violation, address: address))
        }
        // Values past their range are reported too (all problems at once), where the schema said
        // nothing about them already.
        if let manifest = Manifest(root: root) {
            var outOfRange = Diagnostics()
            UnitRules.check(manifest, into: &outOfRange)
            let reported = Set(violations.map(\.range)).union(secretRanges)
            for problem in outOfRange where !(problem.range.map(reported.contains) ?? false) { diagnostics.append(problem) }
        }
        return nil
    }

    static func address(of root: Node) -> String? {
        guard let kind = root["kind"]?.string, let name = root["metadata"]?["name"]?.string else { return nil }
        return "\(kind)/\(name)"
    }

    static func diagnostic(_ violation: SchemaViolation, address: String?) -> Diagnostic {
        let describesValue = !["additionalProperties", "required", "propertyNames", "dependencies", "minProperties", "maxProperties"]
            .contains(violation.keyword)
        return .error(.schema(violation.keyword), violation.message,
                      detail: describesValue ? (violation.detail ?? "") : "",
                      hint: violation.hint, range: violation.range,
                      path: violation.path.isEmpty ? nil : violation.path, address: address)
    }
}
