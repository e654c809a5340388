import Foundation
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

    /// A record from its line; nil when the line is not one (a newer version's, or damaged). The
    /// event's data is left unparsed until asked for.
    package init?(line: [UInt8]) {
        guard let (json, deferred) = try? JSONParser.parse(line, deferring: "data", atDepth: 2), json["v"]?.intValue == Self.version,
              let eventJSON = json["event"],
              let event = NotificationEvent(json: eventJSON, data: deferred.first { $0.path == ["event", "data"] }.map { line[$0.range] }),
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
    /// Marks: what a run did once and need not do again (`compliance-evaluated/<lineage>/<serial>`).
    package private(set) var marks: Set<String> = []
    /// The lines as read, in order, for compaction (each a record, a mark, or unreadable).
    private var lines: [(line: [UInt8], record: Int?, mark: String?)] = []

    package init(lines: [[UInt8]]) {
        for line in lines {
            if let record = DeliveryRecord(line: line) {
                add(record)
                self.lines.append((line, records.count - 1, nil))
            } else if let mark = Self.mark(in: line) {
                marks.insert(mark)
                self.lines.append((line, nil, mark))
            } else {
                unreadable += 1
                self.lines.append((line, nil, nil))
            }
        }
    }

    /// The lines worth keeping, when dropping the rest is worth a rewrite (nil otherwise): a
    /// record superseded by a later one of the same event and integration goes; so does one older
    /// than `window` seconds (by its attempt's time) unless it is the last of its series (an open
    /// episode, or the one that closed it); the last 20 marks stay; a line this version cannot
    /// read stays (a newer version's).
    package func compacted(now: Date, window: Double = 62 * 86_400) -> [[UInt8]]? {
        guard lines.count > 1_000 else { return nil }
        let formatter = ISO8601DateFormatter()
        let latestByKey = Set(byKey.values), latestBySeries = Set(bySeries.values)
        let markLines = lines.indices.filter { lines[$0].mark != nil }
        let keptMarks = Set(markLines.suffix(20))
        var kept: [[UInt8]] = []
        for (i, entry) in lines.enumerated() {
            if entry.mark != nil {
                if keptMarks.contains(i) { kept.append(entry.line) }
                continue
            }
            guard let index = entry.record else {
                kept.append(entry.line)
                continue
            }
            let record = records[index]
            let recent = formatter.date(from: record.time).map { now.timeIntervalSince($0) < window } ?? true
            if latestBySeries.contains(index) || (latestByKey.contains(index) && recent) { kept.append(entry.line) }
        }
        return kept.count * 2 <= lines.count ? kept : nil
    }

    /// A mark's line: `{"mark":"…","v":1}`.
    package static func markLine(_ mark: String) -> [UInt8] {
        JSON.object(["v": .int(DeliveryRecord.version), "mark": .string(mark)]).compactBytes()
    }

    static func mark(in line: [UInt8]) -> String? {
        guard let json = try? JSONParser.parse(line), json["v"]?.intValue == DeliveryRecord.version else { return nil }
        return json["mark"]?.stringValue
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
