import TenancyDiagnostics
import TenancySupport
import TenancyYAML

/// The project file's settings (`tenancy.yaml` at the configuration's root, kind Project),
/// decoded once into types: where state lives and which files make the configuration. Nothing
/// reads the project's nodes again after this.
package struct ProjectSettings: Sendable {
    /// The file name of the project file at a configuration's root.
    package static let fileName = "tenancy.yaml"

    /// `metadata.name`, when there is a project file.
    package var name: String?
    package var backend: Backend
    /// `spec.paths`: which files load, relative to the root; nil loads every `*.yaml`/`*.yml`.
    package var paths: [PathPattern]?
    /// Where the settings were read from (nil: there is no project file, all defaults).
    package var file: String?
    /// `spec.secrets.allowedFolders`: folders outside the configuration that `file:` secrets may
    /// name, as written (absolute, or relative to the root).
    package var secretFolders: [String] = []

    /// Where the state lives.
    package enum Backend: Sendable, Equatable {
        case local(Local)
        case etcd(Etcd)
    }

    package struct Local: Sendable, Equatable {
        /// The state file, relative to the root unless absolute.
        package var path: String
        package var keepVersions: Int

        package static let defaultPath = ".tenancy/state.json"
        package init(path: String = Local.defaultPath, keepVersions: Int = 10) {
            self.path = path
            self.keepVersions = keepVersions
        }
    }

    package struct Etcd: Sendable, Equatable {
        /// The endpoints as written, each with where it was written (the environment may replace them).
        package var endpoints: [Located<String>]
        /// Where `endpoints` stand in the file (for "no endpoints" diagnostics).
        package var endpointsRange: SourceRange?
        package var prefix: String?
        package var lockTTL: Int
        package var timeout: Int
        package var keepVersions: Int
        /// `tls`: the CA file, client certificate and key as written (relative to the root unless
        /// absolute), each with where it was written.
        package var caFile: Located<String>?
        package var certFile: Located<String>?
        package var keyFile: Located<String>?
    }

    /// The defaults: local state in `.tenancy/state.json`, every manifest loaded.
    package init() {
        backend = .local(Local())
    }

    /// The settings a Project manifest gives; problems with its values (a duration that is not
    /// one) are diagnostics at their lines, and the defaults stand in for them.
    package init(_ project: Manifest?, diagnostics: inout Diagnostics) {
        self.init()
        guard let project else { return }
        name = project.name
        file = project.file
        let spec = project.spec
        if let patterns = spec?["paths"], patterns.isSequence {
            let list = patterns.items.compactMap(\.string).map(PathPattern.init)
            paths = list.isEmpty ? nil : list
        }
        secretFolders = spec?["secrets"]?["allowedFolders"]?.items.compactMap(\.string) ?? []
        let settings = spec?["backend"]
        if let etcd = settings?["etcd"] {
            backend = .etcd(Self.etcd(etcd, in: project, diagnostics: &diagnostics))
        } else if let local = settings?["local"] {
            backend = .local(Local(path: local["path"]?.string ?? Local.defaultPath, keepVersions: local["keepVersions"]?.int ?? 10))
        }
    }

    private static func etcd(_ etcd: Node, in project: Manifest, diagnostics: inout Diagnostics) -> Etcd {
        func seconds(_ key: String, default value: Int) -> Int {
            guard let node = etcd[key], let text = node.string else { return value }
            guard let span = TimeSpan(text), span.seconds > 0, span.seconds <= 86_400 else {
                diagnostics.append(.error(.invalidValue, "`\(text)` is not a positive duration of at most a day", hint: "for example 30s or 2m",
                                          range: node.range, path: "spec.backend.etcd.\(key)", address: project.address.description))
                return value
            }
            return Int(span.seconds)
        }
        let endpoints = etcd["endpoints"]?.items.compactMap { item in item.string.map { Located($0, range: item.range) } } ?? []
        func file(_ key: String) -> Located<String>? {
            guard let node = etcd["tls"]?[key], let text = node.string else { return nil }
            return Located(text, range: node.range)
        }
        return Etcd(endpoints: endpoints, endpointsRange: etcd.range, prefix: etcd["prefix"]?.string,
                    lockTTL: seconds("lockTTL", default: 30), timeout: seconds("timeout", default: 5),
                    keepVersions: etcd["keepVersions"]?.int ?? 10,
                    caFile: file("caFile"), certFile: file("certFile"), keyFile: file("keyFile"))
    }

    /// The project file of a folder, read and checked alone (the rest of the configuration is
    /// not read): the settings, or the diagnostics that say why they cannot be used, with the
    /// file for quoting. A folder without one has the defaults.
    package static func read(folder: String) -> (settings: ProjectSettings?, diagnostics: Diagnostics, sources: [String: SourceFile]) {
        let path = Paths.join(folder, fileName)
        guard FileIO.exists(path) else { return (ProjectSettings(), Diagnostics(), [:]) }
        var loaded = ConfigurationLoader().load(paths: [path])
        // Only what concerns the project (or the file as YAML) matters here: other manifests in
        // the file refer to the rest of the configuration, which a full load reads and checks.
        loaded.diagnostics = Diagnostics(loaded.diagnostics.filter { $0.address == nil || $0.address?.hasPrefix("Project/") == true })
        var diagnostics = loaded.diagnostics
        let projects = loaded.configuration.all(.project)
        if projects.count > 1, let second = projects.dropFirst().first {
            diagnostics.append(.error(.duplicateName, "\(path) holds more than one Project",
                                      hint: "keep one Project manifest in the project file", range: second.nameNode.range,
                                      address: second.address.description))
        }
        let settings = ProjectSettings(projects.first, diagnostics: &diagnostics)
        return (diagnostics.hasErrors ? nil : settings, diagnostics.sorted(), loaded.sources)
    }
}

/// A value and where the configuration wrote it.
package struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
    package let value: Value
    package let range: SourceRange?

    package init(_ value: Value, range: SourceRange?) {
        self.value = value
        self.range = range
    }
}
