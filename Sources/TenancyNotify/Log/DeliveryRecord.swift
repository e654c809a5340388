import Foundation
import TenancyJSON

/// One line of the delivery log: an event's delivery to one integration, its outcome and the
/// event itself (so that a failed one is sent again as it was). Never a secret: the event's data
/// and the receiver's words, scrubbed (docs/notifications.md, "The delivery log").
package struct DeliveryRecord: Sendable, Equatable {
    package static let version = 1

    /// What the log is consulted for, at the line's top level: the event's key, series, phase,
    /// name, workspace and when it occurred. The event itself is read only when asked for (a
    /// retry, a rendering): a log of a hundred thousand records is read for these alone.
    package let key: String
    package let series: String
    package let phase: NotificationEvent.Phase
    package let name: EventName
    package let workspace: String?
    package let occurred: String
    /// The event's one line for people.
    package let title: String
    private let storedEvent: StoredEvent
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

    private enum StoredEvent: Sendable, Equatable {
        case parsed(NotificationEvent)
        /// The event's JSON text, its syntax checked.
        case text(ArraySlice<UInt8>)
        /// Not kept: a delivered event is never sent again, and its summary says what it was.
        case summary
    }

    /// The event, as it was sent (parsed from the log when it was read from there); of a
    /// delivered one, whose data the log does not keep, its summary.
    package var event: NotificationEvent {
        let summary = NotificationEvent(name: name, workspace: workspace, key: key, series: series, phase: phase, title: title,
                                        occurred: occurred, data: .parsed(.object([:])))
        switch storedEvent {
        case let .parsed(event): return event
        case let .text(bytes):
            if let json = try? JSONParser.parse(Array(bytes)), let event = NotificationEvent(json: json) { return event }
            return summary
        case .summary: return summary
        }
    }

    package init(event: NotificationEvent, integration: String, outcome: DeliveryOutcome, attempts: Int, status: Int?,
                 reason: String?, time: String, message: String, fingerprint: String) {
        (key, series, phase, name, workspace, occurred, title) = (event.key, event.series, event.phase, event.name, event.workspace, event.occurred, event.title)
        storedEvent = .parsed(event)
        self.integration = integration
        self.outcome = outcome
        self.attempts = attempts
        self.status = status
        self.reason = reason
        self.time = time
        self.message = message
        self.fingerprint = fingerprint
    }

    /// The record as its line holds it: the event whole only while it may be sent again (failed,
    /// refused, pending); a delivered one keeps its summary, which is all a later run consults.
    package var json: JSON {
        var members: [String: JSON] = [
            "v": .int(Self.version), "integration": .string(integration), "outcome": .string(outcome.rawValue),
            "attempts": .int(attempts), "time": .string(time), "message": .string(message), "fingerprint": .string(fingerprint),
            "key": .string(key), "series": .string(series), "phase": .string(phase.rawValue), "name": .string(name.rawValue),
            "occurred": .string(occurred), "title": .string(title),
        ]
        if outcome != .delivered { members["event"] = event.json }
        if let workspace { members["workspace"] = .string(workspace) }
        if let status { members["status"] = .int(status) }
        if let reason { members["reason"] = .string(reason) }
        return .object(members)
    }

    package var line: [UInt8] { json.compactBytes() }

    /// A record from its line; nil when the line is not one (a newer version's, or damaged). The
    /// event is left unparsed until asked for.
    package init?(line: [UInt8]) {
        if let scanned = RecordLineScanner(line), scanned.numbers["v"] == Self.version,
           let integration = scanned.strings["integration"], let outcome = scanned.strings["outcome"].flatMap(DeliveryOutcome.init(rawValue:)),
           let time = scanned.strings["time"], let key = scanned.strings["key"], let series = scanned.strings["series"],
           let phase = scanned.strings["phase"].flatMap(NotificationEvent.Phase.init(rawValue:)),
           let name = scanned.strings["name"].flatMap(EventName.init(rawValue:)), let occurred = scanned.strings["occurred"] {
            // The usual line, as Tenancy writes it: read without a tree.
            (self.key, self.series, self.phase, self.name, self.workspace, self.occurred) = (key, series, phase, name, scanned.strings["workspace"], occurred)
            title = scanned.strings["title"] ?? key
            storedEvent = scanned.nested["event"].map { .text(line[$0]) } ?? .summary
            self.integration = integration
            self.outcome = outcome
            attempts = scanned.numbers["attempts"] ?? 0
            status = scanned.numbers["status"]
            reason = scanned.strings["reason"]
            self.time = time
            message = scanned.strings["message"] ?? ""
            fingerprint = scanned.strings["fingerprint"] ?? ""
            return
        }
        guard let (json, deferred) = try? JSONParser.parse(line, deferring: "event", atDepth: 1), json["v"]?.intValue == Self.version,
              let integration = json["integration"]?.stringValue,
              let outcome = json["outcome"]?.stringValue.flatMap(DeliveryOutcome.init(rawValue:)),
              let time = json["time"]?.stringValue else { return nil }
        let eventRange = deferred.first(where: { $0.path == ["event"] })?.range
        if let key = json["key"]?.stringValue, let series = json["series"]?.stringValue,
           let phase = json["phase"]?.stringValue.flatMap(NotificationEvent.Phase.init(rawValue:)),
           let name = json["name"]?.stringValue.flatMap(EventName.init(rawValue:)), let occurred = json["occurred"]?.stringValue {
            (self.key, self.series, self.phase, self.name, self.workspace, self.occurred) = (key, series, phase, name, json["workspace"]?.stringValue, occurred)
            title = json["title"]?.stringValue ?? key
            storedEvent = eventRange.map { .text(line[$0]) } ?? .summary
        } else {
            // A line without the summary (written before it was added): the event read whole.
            guard let eventRange, let eventJSON = try? JSONParser.parse(Array(line[eventRange])),
                  let event = NotificationEvent(json: eventJSON) else { return nil }
            (key, series, phase, name, workspace, occurred, title) = (event.key, event.series, event.phase, event.name, event.workspace, event.occurred, event.title)
            storedEvent = .parsed(event)
        }
        self.integration = integration
        self.outcome = outcome
        attempts = json["attempts"]?.intValue ?? 0
        status = json["status"]?.intValue
        reason = json["reason"]?.stringValue
        self.time = time
        message = json["message"]?.stringValue ?? ""
        fingerprint = json["fingerprint"]?.stringValue ?? ""
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

    /// A workspace's previous names (`metadata.previousNames`, previous → current): its records
    /// under an old name are its own, so that a rename neither sends a crossing again nor leaves
    /// an old episode open.
    private var renames: [String: String] = [:]

    package init(lines: [[UInt8]], renames: [String: String] = [:]) {
        self.renames = renames
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
        let latestByKey = Set(byKey.values), latestBySeries = Set(bySeries.values)
        let markLines = lines.indices.filter { lines[$0].mark != nil }
        // Most logs have little to drop: say so before reading a single time.
        let droppable = records.count - latestBySeries.count + max(0, markLines.count - 20)
        guard droppable * 2 >= lines.count else { return nil }
        let formatter = ISO8601DateFormatter()
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
            if latestBySeries.contains(index) {
                kept.append(entry.line)
            } else if latestByKey.contains(index), formatter.date(from: records[index].time).map({ now.timeIntervalSince($0) < window }) ?? true {
                kept.append(entry.line)
            }
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

    /// The first record of each event and integration: when it was first tried.
    private var first: [String: Int] = [:]

    /// When this event was first tried on this integration (RFC 3339).
    package func firstAttempt(key: String, integration: String) -> String? {
        first[renamed(key) + "\u{0}" + integration].map { records[$0].time }
    }

    package mutating func add(_ record: DeliveryRecord) {
        records.append(record)
        let key = renamed(record.key) + "\u{0}" + record.integration
        if first[key] == nil { first[key] = records.count - 1 }
        byKey[key] = records.count - 1
        bySeries[renamed(record.series) + "\u{0}" + record.integration] = records.count - 1
    }

    /// A key or series (`event/workspace/…`) under the workspace's current name.
    private func renamed(_ key: String) -> String {
        guard !renames.isEmpty else { return key }
        let parts = key.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count > 1, let current = renames[String(parts[1])] else { return key }
        return ([String(parts[0]), current] + parts.dropFirst(2).map(String.init)).joined(separator: "/")
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
