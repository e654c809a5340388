import Foundation
import TenancyJSON
import TenancySupport

/// What one run sends one integration: every event due for it, in one message (a threshold
/// crossed in thousands of workspaces is one message per integration, not thousands), under an
/// idempotency key that names exactly these events, so that a receiver can drop a message it has
/// already taken (a run killed between sending and recording sends again).
package struct Message: Sendable {
    package let integration: String
    package let events: [NotificationEvent]
    /// Hex, 32 digits: the digest of the integration and the events' keys.
    package let idempotencyKey: String
    /// Who sent it, for the payloads.
    package let organization: String?

    package init(integration: String, events: [NotificationEvent], organization: String?) {
        self.integration = integration
        self.events = events.sorted { ($0.workspace ?? "", $0.key) < ($1.workspace ?? "", $1.key) }
        self.organization = organization
        let identity = ([integration] + self.events.map(\.key)).joined(separator: "\n")
        idempotencyKey = String(SHA256.hex(Array(identity.utf8)).prefix(32))
    }

    /// "3 notifications: quota.exceeded (2), billing.threshold (1)".
    package var subject: String {
        if events.count == 1, let only = events.first { return "[Tenancy] " + Self.oneLine(only.title) }
        var counts: [EventName: Int] = [:]
        for event in events { counts[event.name, default: 0] += 1 }
        let parts = counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) (\($0.value))" }
        return "[Tenancy] \(events.count) notifications: " + parts.joined(separator: ", ")
    }

    /// Text for a header or a single line: control characters (a line break) become spaces.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    // MARK: Generic webhook

    /// The JSON body (docs/notifications.md, schema/notification.schema.json).
    package func webhookBody(sentAt: String) -> [UInt8] {
        var members: [String: JSON] = [
            "id": .string(idempotencyKey), "type": .string("tenancy.notification"), "sent": .string(sentAt),
            "integration": .string(integration), "count": .int(events.count), "events": .array(events.map(\.json)),
        ]
        if let organization { members["organization"] = .string(organization) }
        return JSON.object(members).compactBytes()
    }

    /// The signature header's value, as Stripe signs: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of
    /// "<t>.<body>" under the signing secret>`. The receiver recomputes it and rejects a
    /// timestamp more than five minutes away from its clock.
    package static func signature(body: [UInt8], secret: [UInt8], timestamp: Int) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        return "t=\(timestamp),v1=" + HMACSHA256.hex(key: secret, signed)
    }

    // MARK: Slack

    /// Slack's incoming-webhook payload: `text` (the notification's fallback, within 3,000
    /// characters) and `blocks` (at most 50: a header, one section per event up to 45, and a
    /// line that counts the rest), each section within Slack's 3,000 characters.
    package func slackBody() -> [UInt8] {
        let shown = events.prefix(Self.slackSections)
        var blocks: [JSON] = [
            .object(["type": .string("header"), "text": .object(["type": .string("plain_text"),
                                                                   "text": .string(Self.cut(Self.slackEscaped(subject.replacingOccurrences(of: "[Tenancy] ", with: "Tenancy: ")), 150))])]),
        ]
        for event in shown {
            let facts = Self.facts(event).map { "*\(Self.slackEscaped($0.0))*: \(Self.slackEscaped(Self.oneLine($0.1)))" }.joined(separator: "\n")
            let text = "*\(Self.slackEscaped(Self.oneLine(event.title)))*\n" + facts
            blocks.append(.object(["type": .string("section"), "text": .object(["type": .string("mrkdwn"), "text": .string(Self.cut(text, 3000))])]))
        }
        if events.count > shown.count {
            blocks.append(.object(["type": .string("context"), "elements": .array([.object([
                "type": .string("mrkdwn"), "text": .string("… and \(events.count - shown.count) more (`tenancy notify log` lists every one)"),
            ])])]))
        }
        // Every piece of text Slack reads as mrkdwn escaped, on one line each (a title carries the
        // actor's name, which anyone who runs Tenancy chooses).
        let fallback = events.prefix(20).map { "• " + Self.slackEscaped(Self.oneLine($0.title)) }.joined(separator: "\n")
            + (events.count > 20 ? "\n… and \(events.count - 20) more" : "")
        return JSON.object(["text": .string(Self.cut(Self.slackEscaped(subject) + "\n" + fallback, 3000)), "blocks": .array(blocks)]).compactBytes()
    }

    static let slackSections = 45

    /// Slack's three control characters in message text (api.slack.com: "Escaping text").
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// At most `limit` characters, with an ellipsis when cut.
    static func cut(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    // MARK: E-mail

    /// The whole RFC 5322 message: headers, a blank line, a plain-text body, CRLF line ends, lines
    /// within 998 bytes; a subject that is not ASCII as an encoded word (RFC 2047).
    package func email(from: String, to: [String], date: Date) -> [UInt8] {
        let dateFormatter = DateFormatter()
        dateFormatter.locale = Locale(identifier: "en_US_POSIX")
        dateFormatter.timeZone = TimeZone(identifier: "UTC")
        dateFormatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let headers = [
            "From: Tenancy <\(Self.oneLine(from))>",
            "To: " + to.map(Self.oneLine).joined(separator: ", "),
            "Subject: " + Self.encodedHeader(subject),
            "Date: " + dateFormatter.string(from: date),
            "Message-ID: <\(idempotencyKey)@tenancy.notifications>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
            "X-Tenancy-Idempotency-Key: \(idempotencyKey)",
        ]
        var body: [String] = []
        for event in events {
            body.append(event.title)
            for (label, value) in Self.facts(event) { body.append("  \(label): \(value)") }
            body.append("")
        }
        body.append("Sent by Tenancy (idempotency key \(idempotencyKey)). `tenancy notify log` lists every delivery.")
        let lines = headers + [""] + body.flatMap { Self.wrapped(Self.oneLine($0), limit: 990) }
        return Array(lines.joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
    }

    /// RFC 2047 for a header that is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        let line = oneLine(text)
        guard line.unicodeScalars.contains(where: { !$0.isASCII }) else { return line }
        return "=?UTF-8?B?" + Data(line.utf8).base64EncodedString() + "?="
    }

    /// A line cut into pieces of at most `limit` bytes, at character boundaries.
    static func wrapped(_ line: String, limit: Int) -> [String] {
        guard line.utf8.count > limit else { return [line] }
        var pieces: [String] = [], current = ""
        for character in line {
            if current.utf8.count + character.utf8.count > limit {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    // MARK: Facts

    /// The lines under an event's title, from its data: what a person reads in Slack or a mail.
    static func facts(_ event: NotificationEvent) -> [(String, String)] {
        var facts: [(String, String)] = []
        if let workspace = event.workspace { facts.append(("Workspace", workspace)) }
        facts.append(("Event", event.name.rawValue + (event.phase == .resolved ? " (resolved)" : "")))
        facts.append(("When", event.occurred))
        for key in ["quota", "used", "limit", "percent", "threshold", "period", "spent", "projected", "budget", "serial", "actor", "commit", "reason"] {
            guard let value = event.data[key] else { continue }
            let text: String
            switch value {
            case let .string(s): text = s
            case let .number(n): text = n
            case let .bool(b): text = b ? "yes" : "no"
            default: continue
            }
            facts.append((key.prefix(1).uppercased() + key.dropFirst(), text))
        }
        return facts
    }
}
