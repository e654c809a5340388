import CTenancyCurl
import Foundation
import TenancySupport

/// The files TLS needs beyond the system's trust store: what etcdctl takes as --cacert, --cert
/// and --key. Absolute paths (the opener resolves them against the configuration's root).
package struct EtcdTLS: Sendable, Equatable {
    /// The CA that signed the members' certificates; nil: the system's trust store.
    package var caFile: String?
    /// The client certificate and its key, for a cluster with `--client-cert-auth`.
    package var certFile: String?
    package var keyFile: String?

    package init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }

    var offersCertificate: Bool { certFile != nil }
}

/// HTTPS through libcurl (`CTenancyCurl`, which loads `libcurl.so.4` at run time): the CA file and
/// client certificate etcd in production asks for, which URLSession on Linux cannot give, and
/// HTTP/2, whose trailers (how etcd's gateway sends errors) libcurl reads. Connections, with their
/// TLS sessions, are kept in a pool and reused by later requests.
final class CurlTransport: HTTPTransport {
    let tls: EtcdTLS
    private let pool = Locked<[Connection]>([])

    /// One libcurl easy handle, used by one request at a time.
    private struct Connection: @unchecked Sendable {
        let handle: OpaquePointer
    }

    init(tls: EtcdTLS) { self.tls = tls }

    deinit {
        for connection in pool.withLock({ $0 }) { tenancy_curl_free(connection.handle) }
    }

    /// Why https cannot be used on this machine (libcurl missing), or nil.
    static var unavailableReason: String? { tenancy_curl_load_error().map { String(cString: $0) } }

    func post(_ url: URL, body: [UInt8], headers: [String: String], timeout: Double) throws(TransportError) -> (status: Int, body: [UInt8]) {
        if let reason = Self.unavailableReason { throw TransportError(reason: "https needs libcurl: \(reason)") }
        let connection: Connection
        if let reused = pool.withLock({ $0.popLast() }) {
            connection = reused
        } else if let handle = tenancy_curl_new() {
            connection = Connection(handle: handle)
        } else {
            throw TransportError(reason: "libcurl gave no connection")
        }
        let answer = Answer()
        var status = 0
        var code: Int32 = 0
        var message = [CChar](repeating: 0, count: 512)
        let lines = headers.map { "\($0.key): \($0.value)" }
        withCStrings(lines + [url.absoluteString, tls.caFile ?? "", tls.certFile ?? "", tls.keyFile ?? ""]) { strings in
            let (headerPointers, rest) = (Array(strings[..<lines.count]), Array(strings[lines.count...]))
            headerPointers.withUnsafeBufferPointer { headerList in
                body.withUnsafeBufferPointer { bytes in
                    var request = tenancy_curl_request(
                        url: rest[0], headers: headerList.baseAddress, header_count: headerList.count,
                        body: bytes.baseAddress, body_length: bytes.count, timeout_ms: max(1, Int(timeout * 1000)),
                        ca_file: tls.caFile == nil ? nil : rest[1], cert_file: tls.certFile == nil ? nil : rest[2],
                        key_file: tls.keyFile == nil ? nil : rest[3])
                    let context = Unmanaged.passUnretained(answer).toOpaque()
                    var answered = 0
                    code = message.withUnsafeMutableBufferPointer { buffer in
                        tenancy_curl_post(connection.handle, &request, { data, length, context in
                            guard let context, let data else { return 0 }
                            return Unmanaged<Answer>.fromOpaque(context).takeUnretainedValue().append(data, length) ? 0 : 1
                        }, context, &answered, buffer.baseAddress, buffer.count)
                    }
                    status = answered
                }
            }
        }
        pool.withLock { $0.append(connection) }
        guard code == 0 else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw TransportError(reason: Self.explain(code: code, message: text, tls: tls, tooLarge: answer.tooLarge))
        }
        return (status, answer.bytes)
    }

    /// libcurl's words, with what to do about the usual TLS problems.
    static func explain(code: Int32, message: String, tls: EtcdTLS, tooLarge: Bool) -> String {
        if tooLarge { return "an answer over the 1 GiB limit" }
        let lower = message.lowercased()
        switch code {
        case 60, 83: // peer failed verification, issuer check failed
            return "the server's certificate is not trusted (\(message)); "
                + (tls.caFile.map { "check that \($0) is the CA that signed the members' certificates" }
                    ?? "name the CA that signed it in spec.backend.etcd.tls.caFile or TENANCY_ETCD_CA_FILE")
        case 77: // CA file unusable
            return "the CA file cannot be used (\(message))"
        case 58: // client certificate or key unusable
            return "the client certificate or key cannot be used (\(message)); check that certFile and keyFile are a matching PEM pair"
        default:
            if lower.contains("certificate required") || lower.contains("alert bad certificate") || lower.contains("unknown ca")
                || lower.contains("alert handshake failure") || code == 98 {
                return "the server refused the TLS handshake (\(message)); "
                    + (tls.offersCertificate ? "it does not accept this client certificate (is it signed by the CA in etcd's --trusted-ca-file?)"
                                             : "it asks for a client certificate (--client-cert-auth): set spec.backend.etcd.tls.certFile and keyFile, or TENANCY_ETCD_CERT_FILE and TENANCY_ETCD_KEY_FILE")
            }
            // A server that wants a client certificate may also just close the connection once the
            // handshake is over (TLS 1.3): the client then sees the socket gone, in words that
            // depend on the moment. Say what it probably means, as a possibility.
            let closed = ["getpeername", "connection reset", "unexpected eof", "transport endpoint is not connected", "broken pipe",
                          "ssl_read", "ssl_write", "empty reply", "connection was reset"].contains { lower.contains($0) }
            if closed {
                return "the server closed the TLS connection (\(message)); "
                    + (tls.offersCertificate ? "it may not accept this client certificate (is it signed by the CA in etcd's --trusted-ca-file?)"
                                             : "it may be asking for a client certificate (--client-cert-auth): set spec.backend.etcd.tls.certFile and keyFile, or TENANCY_ETCD_CERT_FILE and TENANCY_ETCD_KEY_FILE")
            }
            if code == 28 { return "timed out (\(message))" }
            return message.isEmpty ? "libcurl error \(code)" : message
        }
    }

    /// The answer's body, filled by libcurl's callbacks on the calling thread.
    private final class Answer {
        var bytes: [UInt8] = []
        var tooLarge = false

        func append(_ data: UnsafePointer<UInt8>, _ length: Int) -> Bool {
            guard bytes.count + length <= Response.maximumBody else {
                tooLarge = true
                return false
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
            return true
        }
    }
}

/// C strings for `strings`, alive for the call.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}
