import Foundation
import TenancySupport
import TenancyTransport
import TenancyEngine
import TenancyJSON

/// A client of etcd's v3 JSON API (the gRPC gateway: `POST /v3/kv/range` and friends) over plain
/// HTTP/1.1 or, for `https://`, libcurl (see `HTTPTransport` for why both), so that
/// Tenancy needs no gRPC stack. Calls are synchronous, like the
/// commands that make them.
///
/// Fails over: a call goes to the endpoint that answered last, and on a transport error, a timeout
/// or an "unavailable" answer (no leader, a member cut off from the quorum) to the next, for a
/// bounded number of rounds with a growing pause between them. Every failure names its endpoint.
package final class EtcdClient: Sendable {
    package struct Credentials: Sendable, Equatable {
        package let username: String
        package let password: String
        package init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    package let endpoints: [URL]
    let credentials: Credentials?
    let timeout: Double
    let rounds: Int
    /// Print each request (method and endpoint) on standard error (`TENANCY_ETCD_TRACE`).
    let trace: Bool
    /// The files of TLS (a CA, a client certificate): for `https://` endpoints.
    package let tls: EtcdTLS
    private let plain = SocketTransport()
    private let secure: CurlTransport
    private let state = Locked<(preferred: Int, token: String?)>((0, nil))

    /// - Parameters:
    ///   - timeout: seconds for one request to one endpoint.
    ///   - rounds: how many times every endpoint is tried before a call fails.
    ///   - trace: print each request on standard error.
    ///   - tls: the CA file and client certificate for `https://` endpoints.
    package init(endpoints: [URL], credentials: Credentials? = nil, tls: EtcdTLS = EtcdTLS(), timeout: Double = 5, rounds: Int = 2,
                trace: Bool = false) {
        self.endpoints = endpoints
        self.tls = tls
        self.credentials = credentials
        self.timeout = timeout
        self.rounds = max(1, rounds)
        self.trace = trace
        secure = CurlTransport(tls: tls, names: Self.tlsSettingNames)
    }

    /// Calls one API method (`kv/range`, `kv/txn`, `lease/grant`, …) and returns the answer.
    package func call(_ method: String, _ body: JSON) throws(EtcdError) -> JSON {
        try exchange(method, Array(body.compactText().utf8)).json
    }

    /// An answer: its JSON, with the values of a range's keys (`kvs[].value`, base64 that can be a
    /// megabyte) left as byte ranges of `body` rather than built into strings.
    struct Answer {
        let json: JSON
        let body: [UInt8]
        let values: [Range<Int>]
    }

    /// Sends a request body as it is (callers that write megabytes build it without a JSON tree).
    func exchange(_ method: String, _ payload: [UInt8]) throws(EtcdError) -> Answer {
        var failures: [String: String] = [:]
        for round in 0..<rounds {
            if round > 0 { usleep(UInt32(200_000 * round)) }
            let first = state.withLock { $0.preferred }
            for step in 0..<endpoints.count {
                let index = (first + step) % endpoints.count
                let endpoint = endpoints[index]
                do {
                    let answer = try send(method, payload, to: endpoint, reauthenticate: true)
                    state.withLock { $0.preferred = index }
                    return answer
                } catch let error {
                    switch error {
                    case let .unreachable(reasons):
                        failures[endpoint.absoluteString] = reasons.joined(separator: "; ")
                    case let .server(_, code, message) where Self.isTransient(code: code, message: message):
                        failures[endpoint.absoluteString] = message
                    default:
                        throw error
                    }
                }
            }
        }
        throw .unreachable(endpoints.map { "\($0.absoluteString): \(failures[$0.absoluteString] ?? "not tried")" })
    }

    /// Answers that another member (or the same one a moment later) may not give.
    static func isTransient(code: Int, message: String) -> Bool {
        code == EtcdError.Code.unavailable || code == 4 /* deadline exceeded */
            || message.contains("no leader") || message.contains("leader changed") || message.contains("timed out")
            || message.contains("not capable") || message.contains("too many requests")
    }

    private func token(for endpoint: URL, refresh: Bool) throws(EtcdError) -> String? {
        guard let credentials else { return nil }
        if !refresh, let token = state.withLock({ $0.token }) { return token }
        let body = JSON.object(["name": .string(credentials.username), "password": .string(credentials.password)])
        let answer: JSON
        do {
            answer = try post("auth/authenticate", Array(body.compactText().utf8), to: endpoint, token: nil).json
        } catch let error {
            if case let .server(_, code, message) = error, !Self.isTransient(code: code, message: message) {
                if message.contains("authentication is not enabled") { return nil }
                throw .authentication(endpoint: endpoint.absoluteString, message: message)
            }
            throw error
        }
        guard let token = answer["token"]?.stringValue else {
            throw .malformed(endpoint: endpoint.absoluteString, reason: "auth/authenticate returned no token")
        }
        state.withLock { $0.token = token }
        return token
    }

    private func send(_ method: String, _ payload: [UInt8], to endpoint: URL, reauthenticate: Bool) throws(EtcdError) -> Answer {
        let token = try token(for: endpoint, refresh: false)
        do {
            return try post(method, payload, to: endpoint, token: token)
        } catch let error {
            if reauthenticate, credentials != nil, case let .server(_, code, message) = error,
               code == EtcdError.Code.unauthenticated || message.contains("invalid auth token") {
                let fresh = try self.token(for: endpoint, refresh: true)
                return try post(method, payload, to: endpoint, token: fresh)
            }
            throw error
        }
    }

    /// One HTTP request to one endpoint.
    private func post(_ method: String, _ payload: [UInt8], to endpoint: URL, token: String?) throws(EtcdError) -> Answer {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = token }
        if trace { FileHandle.standardError.write(Data("etcd \(method) \(endpoint)\n".utf8)) }
        let transport: any HTTPTransport = endpoint.scheme?.lowercased() == "https" ? secure : plain
        let answer: (status: Int, body: [UInt8])
        do { answer = try transport.post(endpoint.appendingPathComponent("v3/" + method), body: payload, headers: headers, timeout: timeout) } catch {
            throw .unreachable([error.reason])
        }
        return try Self.decode(status: answer.status, body: answer.body, endpoint: endpoint.absoluteString)
    }

    /// An HTTP answer of the gateway as the JSON it holds, or the error it reports.
    static func decode(status: Int, body: [UInt8], endpoint name: String) throws(EtcdError) -> Answer {
        let json: JSON
        var values: [Range<Int>] = []
        do {
            let parsed = try JSONParser.parse(body, deferring: "value", atDepth: 3)
            json = parsed.json
            values = parsed.deferred.filter { $0.path == ["kvs", "value"] }.map(\.range)
        } catch {
            if status >= 500 { throw .unreachable(["HTTP \(status)"]) }
            throw .malformed(endpoint: name, reason: "HTTP \(status), not JSON (is this an etcd client URL?)")
        }
        if let message = json["error"]?.stringValue ?? json["message"]?.stringValue, json["header"] == nil || status >= 400 {
            throw .server(endpoint: name, code: json["code"]?.intValue ?? 2, message: message)
        }
        guard (200..<300).contains(status) else {
            throw .server(endpoint: name, code: 2, message: "HTTP \(status)")
        }
        return Answer(json: json, body: body, values: values)
    }
}

extension EtcdClient {
    /// Where a user sets etcd's TLS files, for messages about them.
    package static let tlsSettingNames = TLSSettingNames(
        caFile: "spec.backend.etcd.tls.caFile or TENANCY_ETCD_CA_FILE",
        clientCertificate: "spec.backend.etcd.tls.certFile and keyFile, or TENANCY_ETCD_CERT_FILE and TENANCY_ETCD_KEY_FILE",
        server: "the members")
}

/// The TLS files of an etcd cluster's clients (etcdctl's --cacert, --cert, --key).
package typealias EtcdTLS = TLSFiles
