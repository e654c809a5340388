import Dispatch
import Foundation
import Synchronization
import TenancyDiagnostics
import TenancySchema
import TenancyYAML

/// Loads a configuration: finds the manifest files, reads them through the YAML loader, checks each
/// document against its kind's schema, then runs the semantic rules and the templates' rules over
/// the whole. Every problem is collected; nothing stops at the first.
public struct ConfigurationLoader: Sendable {
    public init() {}

    public struct Result: Sendable {
        /// What passed the schema (possibly with semantic errors: see `diagnostics`).
        public let configuration: Configuration
        public let diagnostics: Diagnostics
        /// The files read, by display path, for quoting lines in diagnostics.
        public let sources: [String: SourceFile]
        public let documentCount: Int
        /// How many of the configuration's files were read (built-in templates not counted).
        public let fileCount: Int

        /// SHA-256 over the configuration's own files (paths relative to `root`, and contents, in
        /// path order): what a saved plan records, so that applying it after the manifests changed
        /// is refused, wherever the folder is named from.
        public func digest(relativeTo root: String) -> String {
            let prefix = root == "." ? "" : (root.hasSuffix("/") ? root : root + "/")
            var files: [(String, SourceFile)] = []
            for (path, source) in sources where !path.hasPrefix(BuiltInTemplates.displayPrefix) {
                files.append((path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path, source))
            }
            var hasher = SHA256()
            for (path, source) in files.sorted(by: { $0.0 < $1.0 }) {
                hasher.update(Array(path.utf8) + [0])
                hasher.update(Array(source.bytes) + [0])
            }
            return SHA256.hexString(hasher.finalize())
        }
    }

    public func load(paths: [String]) -> Result {
        let (files, findDiagnostics) = ManifestFiles().find(paths)
        var diagnostics = findDiagnostics
        var sources: [SourceFile] = []
        for path in files {
            do {
                sources.append(try SourceFile(contentsOf: URL(fileURLWithPath: path), displayPath: path))
            } catch {
                diagnostics.append(.error(.ioRead, "cannot read \(path)", detail: error.localizedDescription))
            }
        }
        return load(sources: sources, diagnostics: diagnostics)
    }

    public func load(sources: [SourceFile], diagnostics initial: Diagnostics = Diagnostics()) -> Result {
        check(YAMLLoader().load(sources), diagnostics: initial)
    }

    /// Checks documents already loaded: the schema of each, then the semantic rules and the
    /// templates' rules over the whole. Separate from loading so that the two can be measured apart.
    public func check(_ loaded: [LoadResult], diagnostics initial: Diagnostics = Diagnostics()) -> Result {
        var diagnostics = initial
        let schemas: ManifestSchemas
        switch ManifestSchemas.builtIn {
        case let .success(compiled): schemas = compiled
        case let .failure(error):
            diagnostics.append(error.diagnostic)
            return Result(configuration: Configuration(manifests: [], templates: [:]), diagnostics: diagnostics,
                          sources: [:], documentCount: 0, fileCount: 0)
        }
        let checker = DocumentChecker(schema: schemas.bundle)
        let perFile = Mutex<[(manifests: [Manifest], diagnostics: Diagnostics, documents: Int)?]>(Array(repeating: nil, count: loaded.count))
        DispatchQueue.concurrentPerform(iterations: loaded.count) { i in
            var outcome = checker.check(loaded[i].documents)
            outcome.diagnostics.append(contentsOf: loaded[i].diagnostics)
            perFile.withLock { $0[i] = outcome }
        }
        var manifests: [Manifest] = []
        var documentCount = 0
        for outcome in perFile.withLock({ $0 }) {
            guard let outcome else { continue }
            manifests.append(contentsOf: outcome.manifests)
            diagnostics.append(contentsOf: outcome.diagnostics)
            documentCount += outcome.documents
        }
        var templates = BuiltInTemplates.load(checker: checker, diagnostics: &diagnostics)
        for manifest in manifests where manifest.kind == .template {
            if let builtIn = templates[manifest.name], builtIn.builtIn {
                diagnostics.append(.warning(.templateOverride, "template `\(manifest.name)` replaces the built-in template of that name",
                                            hint: "rename it if both should be available", range: manifest.nameNode.range,
                                            address: manifest.address.description))
            }
            templates[manifest.name] = Template(manifest: manifest, builtIn: false, diagnostics: &diagnostics)
        }
        let configuration = Configuration(manifests: manifests, templates: templates)
        SemanticRules.check(configuration, into: &diagnostics)
        var sourceMap = Dictionary(loaded.map { ($0.source.path, $0.source) }, uniquingKeysWith: { a, _ in a })
        for template in templates.values where template.builtIn { sourceMap[template.manifest.file] = template.manifest.root.source }
        return Result(configuration: configuration, diagnostics: diagnostics.sorted(), sources: sourceMap,
                      documentCount: documentCount, fileCount: loaded.count)
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
            let root = document.root
            if root.isNull { continue } // an empty document, e.g. after a trailing `---`
            documents += 1
            guard root.isMapping else {
                diagnostics.append(.error(.manifestNotAnObject, "a manifest is a mapping of apiVersion, kind, metadata and spec",
                                          detail: "This document is \(root.isSequence ? "a list" : "a single value").",
                                          range: root.range))
                continue
            }
            let violations = schema.validate(root)
            // Field names are checked where the schema found something wrong: in a valid document
            // every field is one the schema defines, and none of those holds a plain secret.
            var secrets = Diagnostics()
            SecretScanner.scan(document, address: nil, checkFieldNames: !violations.isEmpty, into: &secrets)
            if violations.isEmpty && secrets.isEmpty {
                if let manifest = Manifest(root: root) { manifests.append(manifest) }
                continue
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
        }
        return (manifests, diagnostics, documents)
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
