import TenancyDiagnostics

/// Why a call to etcd failed, naming the endpoint(s) so that the operator knows where to look.
package enum EtcdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No endpoint answered within the retries: each endpoint with its last failure.
    case unreachable([String])
    /// etcd answered with an error (gRPC code and message), e.g. a request over its size limit.
    case server(endpoint: String, code: Int, message: String)
    /// The answer was not what the v3 JSON API returns.
    case malformed(endpoint: String, reason: String)
    /// Authentication was refused.
    case authentication(endpoint: String, message: String)

    package var description: String {
        switch self {
        case let .unreachable(failures):
            return "no etcd endpoint answered (\(failures.joined(separator: "; ")))"
        case let .server(endpoint, code, message):
            let hint = message.contains("user name is empty") || message.contains("permission denied")
                ? "; the cluster requires authentication: set TENANCY_ETCD_USERNAME and TENANCY_ETCD_PASSWORD" : ""
            return "etcd at \(endpoint) refused the request: \(message) (code \(code))\(hint)"
        case let .malformed(endpoint, reason):
            return "etcd at \(endpoint) answered something unexpected: \(reason)"
        case let .authentication(endpoint, message):
            return "etcd at \(endpoint) refused the credentials: \(message); check TENANCY_ETCD_USERNAME and TENANCY_ETCD_PASSWORD"
        }
    }

    /// gRPC status codes that etcd's gateway passes on.
    enum Code {
        static let invalidArgument = 3
        static let notFound = 5
        static let failedPrecondition = 9
        static let outOfRange = 11
        static let unavailable = 14
        static let unauthenticated = 16
    }

    /// The requested revision was compacted away: read again from the current head.
    var isCompacted: Bool {
        if case let .server(_, code, message) = self { return code == Code.outOfRange || message.contains("compacted") }
        return false
    }
}


extension EtcdError: DiagnosticError {
    package var code: Diagnostic.Code {
        switch self {
        case .unreachable: return .etcdUnreachable
        case .server: return .etcdRefused
        case .malformed: return .etcdMalformed
        case .authentication: return .etcdAuthentication
        }
    }

    package var summary: String { description }
}
