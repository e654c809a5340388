import CTenancyCurl
import Foundation
import TenancySupport

/// The files TLS needs beyond the system's trust store: what etcdctl takes as --cacert, --cert
/// and --key, what an integration names as its `caFile`. Absolute paths (the caller resolves them
/// against the configuration's root). The machine's trust store is never changed: a private CA is
/// trusted by the request that names it, and only there.
package struct TLSFiles: Sendable, Equatable {
    /// The CA that signed the server's certificate; nil: the system's trust store.
    package var caFile: String?
    /// The client certificate and its key, for a cluster with `--client-cert-auth`.
    package var certFile: String?
    package var keyFile: String?

    package init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }

    package var offersCertificate: Bool { certFile != nil }
}

/// Where a user sets the TLS files a message about them should name (etcd: the project file's
/// `spec.backend.etcd.tls` or its variables; an integration: its `caFile`).
package struct TLSSettingNames: Sendable {
    package let caFile: String
    /// The client certificate and key, or nil when there is no way to give one.
    package let clientCertificate: String?
    /// What the server is, in messages: "the members", "the receiver".
    package let server: String

    package init(caFile: String, clientCertificate: String?, server: String) {
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.server = server
    }
}

/// An HTTP answer with what a polite client reads besides the status and body.
package struct HTTPAnswer: Sendable {
    package let status: Int
    package let body: [UInt8]
    /// The delay a `Retry-After` header asks for, in seconds; nil when none is given.
    package let retryAfter: Int?
}

/// HTTPS (and SMTP) through libcurl (`CTenancyCurl`, which loads `libcurl.so.4` at run time): the
/// CA file and client certificate etcd in production asks for, which URLSession on Linux cannot
/// give, and HTTP/2, whose trailers (how etcd's gateway sends errors) libcurl reads; SMTP with
/// STARTTLS and a login for e-mail notifications. Connections, with their TLS sessions, are kept
/// in a pool and reused by later requests.
package final class CurlTransport: HTTPTransport {
    package let tls: TLSFiles
    private let names: TLSSettingNames
    private let pool = Locked<[Connection]>([])

    /// One libcurl easy handle, used by one request at a time.
    private struct Connection: @unchecked Sendable {
        let handle: OpaquePointer
    }

    package init(tls: TLSFiles, names: TLSSettingNames) {
        self.tls = tls
        self.names = names
    }

    deinit {
        for connection in pool.withLock({ $0 }) { tenancy_curl_free(connection.handle) }
    }

    /// Why https cannot be used on this machine (libcurl missing), or nil.
    package static var unavailableReason: String? { tenancy_curl_load_error().map { String(cString: $0) } }

    package func post(_ url: URL, body: [UInt8], headers: [String: String], timeout: Double) throws(TransportError) -> (status: Int, body: [UInt8]) {
        let answer = try send(url, body: body, headers: headers, timeout: timeout)
        return (answer.status, answer.body)
    }

    /// A connection from the pool, or a new one.
    private func connection(for what: String) throws(TransportError) -> Connection {
        if let reason = Self.unavailableReason { throw TransportError(reason: "\(what) needs libcurl: \(reason)") }
        if let reused = pool.withLock({ $0.popLast() }) { return reused }
        guard let handle = tenancy_curl_new() else { throw TransportError(reason: "libcurl gave no connection") }
        return Connection(handle: handle)
    }

    /// POSTs `body`, with the answer's `Retry-After`. `bodyLimit`: the most of the answer's body
    /// kept; past it the transfer stops and the answer is what came (a receiver's status matters,
    /// not a gigabyte of its words).
    package func send(_ url: URL, body: [UInt8], headers: [String: String], timeout: Double,
                      bodyLimit: Int = Response.maximumBody) throws(TransportError) -> HTTPAnswer {
        let connection = try connection(for: "https")
        let answer = Answer(limit: bodyLimit)
        var result = tenancy_curl_answer(status: 0, retry_after: -1)
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
                    code = message.withUnsafeMutableBufferPointer { buffer in
                        tenancy_curl_post(connection.handle, &request, { data, length, context in
                            guard let context, let data else { return 0 }
                            return Unmanaged<Answer>.fromOpaque(context).takeUnretainedValue().append(data, length) ? 0 : 1
                        }, context, &result, buffer.baseAddress, buffer.count)
                    }
                }
            }
        }
        pool.withLock { $0.append(connection) }
        // A body past the caller's limit: the answer stands as far as it came.
        if code != 0, answer.tooLarge, bodyLimit < Response.maximumBody, result.status > 0 {
            return HTTPAnswer(status: result.status, body: answer.bytes, retryAfter: nil)
        }
        guard code == 0 else {
            throw TransportError(reason: Self.explain(code: code, message: Self.text(message), tls: tls, names: names, tooLarge: answer.tooLarge))
        }
        return HTTPAnswer(status: result.status, body: answer.bytes, retryAfter: result.retry_after > 0 ? Int(clamping: result.retry_after) : nil)
    }

    /// One e-mail over SMTP (`smtp://` with STARTTLS required, or `smtps://`): the server's last
    /// reply code (250), or why it was not accepted.
    package func mail(_ url: String, from: String, to recipients: [String], login: (user: String, password: String)?,
                      message: [UInt8], timeout: Double) throws(TransportError) -> Int {
        let connection = try connection(for: "SMTP with TLS")
        var result = tenancy_curl_answer(status: 0, retry_after: -1)
        var code: Int32 = 0
        var text = [CChar](repeating: 0, count: 512)
        let fixed = [url, from, login?.user ?? "", login?.password ?? "", tls.caFile ?? ""]
        withCStrings(fixed + recipients) { strings in
            let rcpt = Array(strings[fixed.count...])
            rcpt.withUnsafeBufferPointer { list in
                message.withUnsafeBufferPointer { bytes in
                    var request = tenancy_curl_mail_request(
                        url: strings[0], from: strings[1], recipients: list.baseAddress, recipient_count: list.count,
                        username: login == nil ? nil : strings[2], password: login == nil ? nil : strings[3],
                        message: bytes.baseAddress, message_length: bytes.count, timeout_ms: max(1, Int(timeout * 1000)),
                        ca_file: tls.caFile == nil ? nil : strings[4])
                    code = text.withUnsafeMutableBufferPointer { buffer in
                        tenancy_curl_mail(connection.handle, &request, &result, buffer.baseAddress, buffer.count)
                    }
                }
            }
        }
        pool.withLock { $0.append(connection) }
        guard code == 0 else {
            let said = result.status > 0 ? " (the server answered \(result.status))" : ""
            throw TransportError(reason: Self.explain(code: code, message: Self.text(text), tls: tls, names: names, tooLarge: false) + said)
        }
        return result.status
    }

    private static func text(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { pointer in
            guard let base = pointer.baseAddress, pointer.contains(0) else { return "" }
            return String(cString: base)
        }
    }

    /// libcurl's words, with what to do about the usual TLS problems.
    static func explain(code: Int32, message: String, tls: TLSFiles, names: TLSSettingNames, tooLarge: Bool) -> String {
        if tooLarge { return "an answer over the 1 GiB limit" }
        let lower = message.lowercased()
        switch code {
        case 60, 83: // peer failed verification, issuer check failed
            return "the server's certificate is not trusted (\(message)); "
                + (tls.caFile.map { "check that \($0) is the CA that signed \(names.server)'s certificates" }
                    ?? "name the CA that signed it in \(names.caFile)")
        case 77: // CA file unusable
            return "the CA file cannot be used (\(message))"
        case 58: // client certificate or key unusable
            return "the client certificate or key cannot be used (\(message)); check that certFile and keyFile are a matching PEM pair"
        default:
            if lower.contains("certificate required") || lower.contains("alert bad certificate") || lower.contains("unknown ca")
                || lower.contains("alert handshake failure") || code == 98 {
                guard let certificate = names.clientCertificate else { return "the server refused the TLS handshake (\(message))" }
                return "the server refused the TLS handshake (\(message)); "
                    + (tls.offersCertificate ? "it does not accept this client certificate (is it signed by the CA in etcd's --trusted-ca-file?)"
                                             : "it asks for a client certificate (--client-cert-auth): set \(certificate)")
            }
            // A server that wants a client certificate may also just close the connection once the
            // handshake is over (TLS 1.3): the client then sees the socket gone, in words that
            // depend on the moment. Say what it probably means, as a possibility.
            let closed = ["getpeername", "connection reset", "unexpected eof", "transport endpoint is not connected", "broken pipe",
                          "ssl_read", "ssl_write", "empty reply", "connection was reset"].contains { lower.contains($0) }
            if closed, let certificate = names.clientCertificate {
                return "the server closed the TLS connection (\(message)); "
                    + (tls.offersCertificate ? "it may not accept this client certificate (is it signed by the CA in etcd's --trusted-ca-file?)"
                                             : "it may be asking for a client certificate (--client-cert-auth): set \(certificate)")
            }
            if code == 7 { return "the connection was refused (\(message))" }
            if code == 28 { return "timed out (\(message))" }
            return message.isEmpty ? "libcurl error \(code)" : message
        }
    }

    /// The answer's body, filled by libcurl's callbacks on the calling thread.
    private final class Answer {
        var bytes: [UInt8] = []
        var tooLarge = false
        let limit: Int

        init(limit: Int = Response.maximumBody) { self.limit = limit }

        func append(_ data: UnsafePointer<UInt8>, _ length: Int) -> Bool {
            guard bytes.count + length <= limit else {
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
