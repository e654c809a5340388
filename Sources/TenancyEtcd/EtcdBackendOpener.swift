import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// Opens the etcd backend a project names (`spec.backend.etcd`), completed from the run's
/// environment: endpoints and credentials come from TENANCY_ETCD_ENDPOINTS, TENANCY_ETCD_USERNAME
/// and TENANCY_ETCD_PASSWORD when set, so that CI secrets stay out of git.
public struct EtcdBackendOpener: BackendOpener {
    public init() {}

    public func open(_ settings: ProjectSettings, root: String, environment: RunEnvironment) throws(RunFailure) -> (any StateBackend)? {
        guard case let .etcd(etcd) = settings.backend else { return nil }
        let variables = environment.variables
        var problems: [Diagnostic] = []
        var texts = etcd.endpoints
        var origin = "spec.backend.etcd.endpoints"
        if let fromEnvironment = variables["TENANCY_ETCD_ENDPOINTS"], !fromEnvironment.isEmpty {
            texts = fromEnvironment.split(separator: ",").map { Located(String($0).trimmingCharacters(in: .whitespaces), range: nil) }
                .filter { !$0.value.isEmpty }
            origin = "TENANCY_ETCD_ENDPOINTS"
        }
        var endpoints: [URL] = []
        for text in texts {
            guard let url = URL(string: text.value), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  url.host != nil else {
                problems.append(.error(.backendEndpoint, "`\(text.value)` is not an etcd client URL",
                                       detail: "From \(origin).", hint: "write http://HOST:2379 or https://HOST:2379",
                                       range: text.range, path: "spec.backend.etcd.endpoints"))
                continue
            }
            endpoints.append(url)
        }
        if texts.isEmpty {
            problems.append(.error(.backendEndpoint, "the etcd backend has no endpoints",
                                   hint: "list them under spec.backend.etcd.endpoints, or set TENANCY_ETCD_ENDPOINTS=http://HOST:2379,…",
                                   range: etcd.endpointsRange, path: "spec.backend.etcd"))
        }
        let username = variables["TENANCY_ETCD_USERNAME"].flatMap { $0.isEmpty ? nil : $0 }
        let password = variables["TENANCY_ETCD_PASSWORD"] ?? ""
        if username == nil, !password.isEmpty {
            problems.append(.error(.backendCredentials, "TENANCY_ETCD_PASSWORD is set without TENANCY_ETCD_USERNAME",
                                   hint: "set both, or neither for a cluster without authentication"))
        }
        guard problems.isEmpty else { throw RunFailure(Diagnostics(problems)) }
        let prefix = etcd.prefix ?? "/tenancy/\(settings.name ?? "default")/"
        let client = EtcdClient(endpoints: endpoints,
                                credentials: username.map { EtcdClient.Credentials(username: $0, password: password) },
                                timeout: Double(etcd.timeout),
                                trace: variables["TENANCY_ETCD_TRACE"].map { !$0.isEmpty && $0 != "0" } ?? false)
        return EtcdBackend(client: client, prefix: prefix, lockTTL: etcd.lockTTL, keepVersions: etcd.keepVersions)
    }
}
