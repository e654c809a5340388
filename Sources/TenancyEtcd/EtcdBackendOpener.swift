import Foundation
import TenancyDiagnostics
import TenancySupport
import TenancyTransport
#if canImport(Glibc)
import Glibc
#endif
import TenancyEngine
import TenancyModel

/// Opens the etcd backend a project names (`spec.backend.etcd`), completed from the run's
/// environment: endpoints and credentials come from TENANCY_ETCD_ENDPOINTS, TENANCY_ETCD_USERNAME
/// and TENANCY_ETCD_PASSWORD when set, so that CI secrets stay out of git.
package struct EtcdBackendOpener: BackendOpener {
    package init() {}

    package func open(_ settings: ProjectSettings, root: String, environment: RunEnvironment) throws(RunFailure) -> (any StateBackend)? {
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
                  let host = url.host, Self.isUsableHost(host), url.port.map({ (1...65535).contains($0) }) ?? true,
                  url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil, url.user == nil else {
                problems.append(.error(.backendEndpoint, "`\(text.value)` is not an etcd client URL",
                                       detail: "From \(origin).", hint: "write http://HOST:2379 or https://HOST:2379 (a host, a port from 1 to 65535, no path, query or user)",
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
        let tls = Self.tls(etcd, root: root, variables: variables, endpoints: endpoints, problems: &problems, warn: environment.notice)
        guard problems.isEmpty else { throw RunFailure(Diagnostics(problems)) }
        let prefix = etcd.prefix ?? "/tenancy/\(settings.name ?? "default")/"
        let client = EtcdClient(endpoints: endpoints,
                                credentials: username.map { EtcdClient.Credentials(username: $0, password: password) },
                                tls: tls,
                                timeout: Double(etcd.timeout),
                                trace: variables["TENANCY_ETCD_TRACE"].map { !$0.isEmpty && $0 != "0" } ?? false)
        return EtcdBackend(client: client, prefix: prefix, lockTTL: etcd.lockTTL, keepVersions: etcd.keepVersions)
    }

    /// A host an endpoint can name: not empty, and an IPv4 address (digits and dots) only when
    /// each of its four parts is at most 255.
    static func isUsableHost(_ host: String) -> Bool {
        guard !host.isEmpty else { return false }
        guard host.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && (Int($0) ?? 256) <= 255 }
    }

    /// The TLS files: each from its environment variable when set, else from `spec.backend.etcd.tls`;
    /// relative paths against the configuration's root. Each must be a readable regular file, a
    /// certificate comes with its key, and they only make sense with an https:// endpoint.
    static func tls(_ etcd: ProjectSettings.Etcd, root: String, variables: [String: String], endpoints: [URL],
                    problems: inout [Diagnostic], warn: (Diagnostic) -> Void) -> EtcdTLS {
        func file(_ written: Located<String>?, _ variable: String, _ key: String) -> (path: String, origin: String, range: SourceRange?)? {
            if let value = variables[variable], !value.isEmpty { return (value, variable, nil) }
            guard let written else { return nil }
            return (written.value, "spec.backend.etcd.tls.\(key)", written.range)
        }
        let ca = file(etcd.caFile, "TENANCY_ETCD_CA_FILE", "caFile")
        let cert = file(etcd.certFile, "TENANCY_ETCD_CERT_FILE", "certFile")
        let key = file(etcd.keyFile, "TENANCY_ETCD_KEY_FILE", "keyFile")
        var tls = EtcdTLS()
        for (found, assign) in [(ca, { (p: String) in tls.caFile = p }), (cert, { tls.certFile = $0 }), (key, { tls.keyFile = $0 })] {
            guard let found else { continue }
            let path = found.path.hasPrefix("/") ? found.path : Paths.join(Paths.absolute(root), found.path)
            if let reason = unusable(path) {
                problems.append(.error(.backendTLS, "the TLS file \(found.path) cannot be used: \(reason)",
                                       detail: "From \(found.origin)\(found.path.hasPrefix("/") ? "" : ", relative to the configuration's root").",
                                       hint: "name a PEM file that this user can read", range: found.range,
                                       path: found.origin.hasPrefix("spec.") ? found.origin : nil))
            }
            assign(path)
        }
        if (cert == nil) != (key == nil) {
            let missing = cert == nil ? "certFile (TENANCY_ETCD_CERT_FILE)" : "keyFile (TENANCY_ETCD_KEY_FILE)"
            problems.append(.error(.backendTLS, "a client certificate needs both its certificate and its key: \(missing) is missing",
                                   hint: "set both, as etcdctl's --cert and --key", range: (cert ?? key)?.range))
        }
        if tls != EtcdTLS(), !endpoints.isEmpty, !endpoints.contains(where: { $0.scheme?.lowercased() == "https" }) {
            warn(.warning(.backendTLS, "TLS files are set but no endpoint is https://",
                                     detail: "They are used for https:// endpoints only; these are plain HTTP.",
                                     hint: "write the endpoints as https://HOST:2379", range: etcd.endpointsRange))
        }
        return tls
    }

    /// Why `path` cannot be read as a TLS file, or nil.
    static func unusable(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return FileError(path: path, operation: .open, reason: .errno(errno)).plainReason }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return "it is not a regular file" }
        guard access(path, R_OK) == 0 else { return FileError(path: path, operation: .open, reason: .errno(errno)).plainReason }
        return nil
    }
}
