import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyEtcd
import TenancyModel
import TenancyYAML

/// The backend that `tenancy.yaml` names (`spec.backend`), completed from the environment: etcd
/// endpoints and credentials come from TENANCY_ETCD_ENDPOINTS, TENANCY_ETCD_USERNAME and
/// TENANCY_ETCD_PASSWORD when set, so that CI secrets stay out of git. The local file is the default.
enum BackendSettings {
    static let defaultStatePath = ".tenancy/state.json"

    enum Resolved {
        case success(any StateBackend)
        case failure(Diagnostics)
    }

    /// The backend, or the diagnostics that say why the settings cannot be used.
    static func backend(for project: Manifest?, root: String, environment: [String: String]) -> Resolved {
        let settings = project?.spec?["backend"]
        if let etcd = settings?["etcd"] {
            return etcdBackend(etcd, project: project, environment: environment)
        }
        let local = settings?["local"]
        let path = local?["path"]?.string ?? defaultStatePath
        let absolute = path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
        return .success(LocalBackend(statePath: absolute, keepVersions: local?["keepVersions"]?.int ?? 10))
    }

    static func etcdBackend(_ etcd: Node, project: Manifest?, environment: [String: String]) -> Resolved {
        var problems: [Diagnostic] = []
        var texts: [(String, SourceRange?)] = etcd["endpoints"]?.items.compactMap { item in item.string.map { ($0, item.range) } } ?? []
        var origin = "spec.backend.etcd.endpoints"
        if let fromEnvironment = environment["TENANCY_ETCD_ENDPOINTS"], !fromEnvironment.isEmpty {
            texts = fromEnvironment.split(separator: ",").map { (String($0).trimmingCharacters(in: .whitespaces), nil) }.filter { !$0.0.isEmpty }
            origin = "TENANCY_ETCD_ENDPOINTS"
        }
        var endpoints: [URL] = []
        for (text, range) in texts {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  url.host != nil else {
                problems.append(.error("backend.endpoint", "`\(text)` is not an etcd client URL",
                                       detail: "From \(origin).", hint: "write http://HOST:2379 or https://HOST:2379",
                                       range: range, path: "spec.backend.etcd.endpoints"))
                continue
            }
            endpoints.append(url)
        }
        if texts.isEmpty {
            problems.append(.error("backend.endpoint", "the etcd backend has no endpoints",
                                   hint: "list them under spec.backend.etcd.endpoints, or set TENANCY_ETCD_ENDPOINTS=http://HOST:2379,…",
                                   range: etcd.range, path: "spec.backend.etcd"))
        }
        let username = environment["TENANCY_ETCD_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment["TENANCY_ETCD_PASSWORD"] ?? ""
        if username == nil, !password.isEmpty {
            problems.append(.error("backend.credentials", "TENANCY_ETCD_PASSWORD is set without TENANCY_ETCD_USERNAME",
                                   hint: "set both, or neither for a cluster without authentication"))
        }
        func seconds(_ key: String, default value: Int) -> Int {
            guard let node = etcd[key], let text = node.string else { return value }
            guard let duration = Duration(text), duration.seconds > 0 else {
                problems.append(.error("backend.duration", "`\(text)` is not a positive duration", hint: "for example 30s or 2m",
                                       range: node.range, path: "spec.backend.etcd.\(key)"))
                return value
            }
            return Int(duration.seconds)
        }
        let lockTTL = seconds("lockTTL", default: 30)
        let timeout = seconds("timeout", default: 5)
        guard problems.isEmpty else { return .failure(Diagnostics(problems)) }
        let name = project?.name ?? "default"
        let prefix = etcd["prefix"]?.string ?? "/tenancy/\(name)/"
        let client = EtcdClient(endpoints: endpoints,
                                credentials: username.map { EtcdClient.Credentials(username: $0, password: password) },
                                timeout: Double(timeout),
                                trace: environment["TENANCY_ETCD_TRACE"].map { !$0.isEmpty && $0 != "0" } ?? false)
        return .success(EtcdBackend(client: client, prefix: prefix, lockTTL: lockTTL,
                                    keepVersions: etcd["keepVersions"]?.int ?? 10))
    }
}
