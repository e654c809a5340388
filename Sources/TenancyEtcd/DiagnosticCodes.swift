import TenancyDiagnostics

/// Codes of the etcd backend.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: etcd

    /// No etcd member answered (refused, timed out, name not resolved).
    package static let etcdUnreachable: Self = "etcd.unreachable"
    /// etcd answered with an error (permission denied, a request too large, no leader).
    package static let etcdRefused: Self = "etcd.refused"
    /// etcd's answer is not what its v3 JSON API returns (a proxy, another service on the port).
    package static let etcdMalformed: Self = "etcd.malformed"
    /// etcd refused the credentials or the client certificate.
    package static let etcdAuthentication: Self = "etcd.authentication"
}
