import Foundation
import TenancyEngine
import TenancySupport
import TenancyTransport

/// Sends messages to receivers over their real protocols — Slack's incoming webhooks and generic
/// webhooks over https, e-mail over SMTP with TLS — through the system's libcurl, with the
/// retries, timeouts and pacing of `DeliveryPolicy`. Secrets are read at the moment of sending and
/// scrubbed from every reason it gives.
package final class Courier: @unchecked Sendable {
    let policy: DeliveryPolicy
    let secrets: SecretSource
    let root: String
    let cancellation: Cancellation?
    let clock: @Sendable () -> Date
    /// When each host was last sent to (Slack's pacing). Used by one thread: a run sends in turn.
    private var lastSend: [String: Date] = [:]
    /// Receivers (`host:port`) that let a request time out in this run: not tried again in it.
    private var unresponsive: Set<String> = []

    package init(policy: DeliveryPolicy = DeliveryPolicy(), secrets: SecretSource, root: String, cancellation: Cancellation? = nil,
                 clock: @escaping @Sendable () -> Date = { Date() }) {
        self.policy = policy
        self.secrets = secrets
        self.root = root
        self.cancellation = cancellation
        self.clock = clock
    }

    /// Why a message could not even be tried.
    struct Unsendable: Error {
        let outcome: DeliveryOutcome
        let reason: String
    }

    /// A secret's value for sending: a file's final line break is not part of it.
    func secret(_ reference: String, for what: String) throws(Unsendable) -> String {
        switch secrets.value(of: reference) {
        case let .success(bytes):
            var text = String(decoding: bytes, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        case let .failure(problem):
            throw Unsendable(outcome: .failed, reason: "the \(what) (\(reference)) cannot be read: \(problem.description)")
        }
    }

    /// Delivers `message` to `receiver`, trying as the policy says.
    package func deliver(_ message: Message, to receiver: Receiver) -> DeliveryResult {
        let started = clock()
        var secretValues: [String] = []
        let attempt: (_ started: Date) -> (DeliveryOutcome, Int?, String?, Double?)
        do throws(Unsendable) {
            switch receiver.kind {
            case let .slack(slack):
                let url = try secret(slack.url, for: "Slack webhook URL")
                secretValues.append(url)
                attempt = https(url, body: message.slackBody(), headers: ["Content-Type": "application/json; charset=utf-8"],
                                receiver: receiver, pacing: true)
            case let .webhook(webhook):
                let url: String
                switch webhook.url {
                case let .literal(text): url = text
                case let .secret(reference):
                    url = try secret(reference, for: "webhook URL")
                    secretValues.append(url)
                }
                var signing: String?
                if let reference = webhook.signingSecret {
                    let value = try secret(reference, for: "signing secret")
                    secretValues.append(value)
                    signing = value
                }
                attempt = signedWebhook(url, message: message, signing: signing, receiver: receiver)
            case let .email(email):
                var login: (user: String, password: String)?
                if let user = email.username {
                    let password = try email.password.map { reference throws(Unsendable) in try secret(reference, for: "SMTP password") } ?? ""
                    if !password.isEmpty { secretValues.append(password) }
                    login = (user, password)
                }
                let text = message.email(from: email.from, to: email.addresses, date: clock())
                attempt = mail(email, login: login, message: text, receiver: receiver)
            }
        } catch {
            return DeliveryResult(outcome: error.outcome, attempts: 0, status: nil, reason: error.reason, seconds: 0)
        }
        var attempts = 0
        var last: (DeliveryOutcome, Int?, String?, Double?) = (.failed, nil, "not tried", nil)
        while attempts < policy.attempts {
            let result = attempt(started)
            // A receiver that timed out is not tried again in this run: its first answer stands,
            // and a message for it not sent at all is said as such, at once (no backoff).
            if result.2?.hasPrefix("not tried:") == true {
                if attempts == 0 { last = result }
                break
            }
            attempts += 1
            last = result
            guard last.0 == .failed, attempts < policy.attempts, cancellation?.requested == nil else { break }
            // Backoff, or what the receiver asked for when that fits the run's budget.
            let planned = policy.backoff[min(attempts - 1, policy.backoff.count - 1)]
            let wait = max(planned, last.3 ?? 0)
            let remaining = policy.budget - clock().timeIntervalSince(started)
            // Another attempt must have time to run: a wait that leaves none ends the tries.
            guard wait + 1 < remaining else { break }
            pause(wait)
        }
        // Scrubbed whole, then cut: a secret is never half left (a receiver may echo the URL).
        let reason = last.2.map { Message.cut(Self.scrubbed($0, secrets: secretValues), 300) }
        return DeliveryResult(outcome: last.0, attempts: attempts, status: last.1, reason: reason,
                              seconds: clock().timeIntervalSince(started))
    }

    /// Sleeps, waking early for a stop request.
    private func pause(_ seconds: Double) {
        let end = clock().addingTimeInterval(seconds)
        while clock() < end, cancellation?.requested == nil { usleep(50_000) }
    }

    /// The seconds one request may take now: the policy's, within what is left of the budget.
    private func timeout(since started: Date) -> Double {
        max(1, min(policy.requestTimeout, policy.budget - clock().timeIntervalSince(started)))
    }

    private func transport(for receiver: Receiver) -> CurlTransport {
        CurlTransport(tls: TLSFiles(caFile: receiver.caFile(root: root)),
                      names: TLSSettingNames(caFile: "the integration's caFile", clientCertificate: nil, server: "the receiver"))
    }

    private func https(_ url: String, body: [UInt8], headers: [String: String], receiver: Receiver,
                       pacing: Bool) -> (Date) -> (DeliveryOutcome, Int?, String?, Double?) {
        let transport = transport(for: receiver)
        return { [self] started in
            guard let target = URL(string: url), target.scheme?.lowercased() == "https", let host = target.host, !host.isEmpty else {
                return (.refused, nil, "the URL is not an https URL", nil)
            }
            let endpoint = host + ":" + String(target.port ?? 443)
            if unresponsive.contains(endpoint) {
                return (.failed, nil, "not tried: \(endpoint) timed out earlier in this run", nil)
            }
            if pacing, let previous = lastSend[host] {
                let gap = policy.slackSpacing - clock().timeIntervalSince(previous)
                if gap > 0 { pause(gap) }
            }
            defer { if pacing { lastSend[host] = clock() } }
            do throws(TransportError) {
                let answer = try transport.send(target, body: body, headers: headers, timeout: timeout(since: started),
                                                bodyLimit: Self.answerLimit)
                return Self.classify(status: answer.status, body: answer.body, retryAfter: answer.retryAfter)
            } catch {
                if error.reason.hasPrefix("timed out") { unresponsive.insert(endpoint) }
                return (.failed, nil, error.reason, nil)
            }
        }
    }

    private func signedWebhook(_ url: String, message: Message, signing: String?, receiver: Receiver)
        -> (Date) -> (DeliveryOutcome, Int?, String?, Double?) {
        return { [self] started in
            // Signed afresh for each attempt: the timestamp is the attempt's.
            let now = clock()
            let body = message.webhookBody(sentAt: ISO8601DateFormatter().string(from: now))
            var headers = ["Content-Type": "application/json", "Tenancy-Idempotency-Key": message.idempotencyKey,
                           "User-Agent": "tenancy-notifications"]
            if let signing {
                let timestamp = Int(now.timeIntervalSince1970)
                headers["Tenancy-Timestamp"] = String(timestamp)
                headers["Tenancy-Signature"] = Message.signature(body: body, secret: Array(signing.utf8), timestamp: timestamp)
            }
            return https(url, body: body, headers: headers, receiver: receiver, pacing: false)(started)
        }
    }

    private func mail(_ email: Receiver.Email, login: (user: String, password: String)?, message: [UInt8], receiver: Receiver)
        -> (Date) -> (DeliveryOutcome, Int?, String?, Double?) {
        let transport = transport(for: receiver)
        let endpoint = email.host + ":" + String(email.port)
        return { [self] started in
            if unresponsive.contains(endpoint) {
                return (.failed, nil, "not tried: \(endpoint) timed out earlier in this run", nil)
            }
            do throws(TransportError) {
                let reply = try transport.mail(email.url, from: email.from, to: email.addresses, login: login,
                                               message: message, timeout: timeout(since: started))
                return (.delivered, reply, nil, nil)
            } catch {
                if error.reason.hasPrefix("timed out") { unresponsive.insert(endpoint) }
                return Self.classifyMail(error.reason)
            }
        }
    }

    /// An HTTP answer's outcome: 2xx delivered; 408, 425, 429 and 5xx failed (tried again);
    /// any other status refused (a redirect is not followed: the URL is to be fixed).
    static func classify(status: Int, body: [UInt8], retryAfter: Int?) -> (DeliveryOutcome, Int?, String?, Double?) {
        if (200..<300).contains(status) { return (.delivered, status, nil, nil) }
        let said = String(decoding: body, as: UTF8.self)
        let text = Message.oneLine(said).trimmingCharacters(in: .whitespaces)
        let reason = "the receiver answered \(status)" + (text.isEmpty ? "" : ": " + text)
        if status == 408 || status == 425 || status == 429 || status >= 500 {
            return (.failed, status, reason, retryAfter.map(Double.init))
        }
        return (.refused, status, reason, nil)
    }

    /// An SMTP failure's outcome from libcurl's words: a login denied or a sender or recipient
    /// refused (a 5xx reply) is a refusal; anything else (no connection, a timeout, a 4xx reply)
    /// is tried again.
    static func classifyMail(_ reason: String) -> (DeliveryOutcome, Int?, String?, Double?) {
        let lower = reason.lowercased()
        var status: Int?
        if let range = reason.range(of: #"answered [0-9]{3}"#, options: .regularExpression) {
            status = Int(reason[range].suffix(3))
        }
        let refused = lower.contains("login denied") || lower.contains("authentication") || (status.map { (500..<600).contains($0) } ?? false)
        return (refused ? .refused : .failed, status, reason, nil)
    }

    /// The most of a receiver's answer read (its status and first words are what matter).
    static let answerLimit = 64 << 10

    /// `reason` with every secret value replaced: the value itself, and for a secret URL (whose
    /// path and query are its credential) the path and query, each of their segments, and each
    /// percent-encoded, whatever precedes them (a host with a port, another host): a receiver may
    /// echo the URL it was called on.
    static func scrubbed(_ reason: String, secrets: [String]) -> String {
        var pieces: [String] = []
        for secret in secrets where secret.count >= 4 {
            pieces.append(secret)
            guard let components = URLComponents(string: secret), components.host != nil else { continue }
            let path = components.percentEncodedPath
            var parts = [path] + path.split(separator: "/").map(String.init)
            if let query = components.percentEncodedQuery {
                parts.append(query)
                parts += query.split(separator: "&").flatMap { $0.split(separator: "=").map(String.init) }
            }
            for part in parts where part.count >= 4 {
                pieces.append(part)
                if let decoded = part.removingPercentEncoding { pieces.append(decoded) }
                if let encoded = part.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { pieces.append(encoded) }
            }
        }
        // Percent-encoding undone first (twice over: a receiver may encode every byte, or encode
        // an encoding), so that an encoded echo is the text the secrets are looked for in.
        var text = reason
        for _ in 0..<3 {
            guard text.contains("%"), let decoded = text.removingPercentEncoding, decoded != text else { break }
            text = decoded
        }
        // Longest first, so that a whole URL goes before the parts inside it.
        for piece in Set(pieces).sorted(by: { $0.count > $1.count }) where piece.count >= 4 {
            text = text.replacingOccurrences(of: piece, with: "<secret>", options: .caseInsensitive)
        }
        return text
    }

}
