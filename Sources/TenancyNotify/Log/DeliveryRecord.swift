import TenancyJSON

/// One line of the delivery log: an event's delivery to one integration, its outcome and the
/// event itself (so that a failed one is sent again as it was). Never a secret: the event's data
/// and the receiver's words, scrubbed (docs/notifications.md, "The delivery log").
package struct DeliveryRecord: Sendable, Equatable {
    package static let version = 1

    package let event: NotificationEvent
    package let integration: String
    package let outcome: DeliveryOutcome
    package let attempts: Int
    package let status: Int?
    package let reason: String?
    /// The wall-clock time of the last attempt (RFC 3339, UTC).
    package let time: String
    /// The message's idempotency key.
    package let message: String
    /// The integration's settings digest when it was sent (`Receiver.fingerprint`).
    package let fingerprint: String

    package init(event: NotificationEvent, integration: String, outcome: DeliveryOutcome, attempts: Int, status: Int?,
                 reason: String?, time: String, message: String, fingerprint: String) {
        self.event = event
        self.integration = integration
        self.outcome = outcome
        self.attempts = attempts
        self.status = status
        self.reason = reason
        self.time = time
        self.message = message
        self.fingerprint = fingerprint
    }

    package var json: JSON {
        var members: [String: JSON] = [
            "v": .int(Self.version), "event": event.json, "integration": .string(integration), "outcome": .string(outcome.rawValue),
            "attempts": .int(attempts), "time": .string(time), "message": .string(message), "fingerprint": .string(fingerprint),
        ]
        if let status { members["status"] = .int(status) }
        if let reason { members["reason"] = .string(reason) }
        return .object(members)
    }

    package var line: [UInt8] { json.compactBytes() }

    /// A record from its line; nil when the line is not one (a newer version's, or damaged).
    package init?(line: [UInt8]) {
        guard let json = try? JSONParser.parse(line), json["v"]?.intValue == Self.version,
              let eventJSON = json["event"], let event = NotificationEvent(json: eventJSON),
              let integration = json["integration"]?.stringValue,
              let outcome = json["outcome"]?.stringValue.flatMap(DeliveryOutcome.init(rawValue:)),
              let time = json["time"]?.stringValue else { return nil }
        self.init(event: event, integration: integration, outcome: outcome, attempts: json["attempts"]?.intValue ?? 0,
                  status: json["status"]?.intValue, reason: json["reason"]?.stringValue, time: time,
                  message: json["message"]?.stringValue ?? "", fingerprint: json["fingerprint"]?.stringValue ?? "")
    }
}

/// The delivery log read: the latest record of each event and integration, and of each series
/// (a level quota's episodes), so that evaluation asks "was this sent?" at constant cost.
package struct DeliveryHistory: Sendable {
    package private(set) var records: [DeliveryRecord] = []
    private var byKey: [String: Int] = [:]
    private var bySeries: [String: Int] = [:]
    /// Lines that are not records (a newer version's, or damaged): kept, and said.
    package private(set) var unreadable = 0

    package init(lines: [[UInt8]]) {
        for line in lines {
            guard let record = DeliveryRecord(line: line) else {
                unreadable += 1
                continue
            }
            add(record)
        }
    }

    package mutating func add(_ record: DeliveryRecord) {
        records.append(record)
        byKey[record.event.key + "\u{0}" + record.integration] = records.count - 1
        bySeries[record.event.series + "\u{0}" + record.integration] = records.count - 1
    }

    /// The latest record of this occurrence's delivery to `integration`.
    package func latest(key: String, integration: String) -> DeliveryRecord? {
        byKey[key + "\u{0}" + integration].map { records[$0] }
    }

    /// The latest record of any occurrence in `series` delivered (or tried) to `integration`.
    package func latest(series: String, integration: String) -> DeliveryRecord? {
        bySeries[series + "\u{0}" + integration].map { records[$0] }
    }

    /// The latest record of each event and integration, in log order.
    package var current: [DeliveryRecord] {
        let latest = Set(byKey.values)
        return records.indices.filter { latest.contains($0) }.map { records[$0] }
    }
}
