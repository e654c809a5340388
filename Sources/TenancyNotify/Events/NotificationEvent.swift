import TenancyJSON

/// One occurrence of an event, as it is delivered and recorded: what happened, to which
/// workspace, and the key that makes it the same occurrence in every later run (so that it is
/// sent once: docs/notifications.md lists each event's key and when it fires again).
package struct NotificationEvent: Sendable, Equatable {
    /// A quota back below its level (`resolved`) after a crossing (`firing`).
    package enum Phase: String, Sendable { case firing, resolved }

    package let name: EventName
    /// The workspace it concerns; nil for the organization's own (a forced unlock).
    package let workspace: String?
    /// What makes it this occurrence: the event, workspace, subject, threshold and period.
    package let key: String
    /// The key without its period: occurrences of one thing over time (a level quota's episodes).
    package let series: String
    package let phase: Phase
    /// One line for people: "engineering: users at 84% of its quota (336 of 400)".
    package let title: String
    /// When it happened: a usage day (quota), a month (billing), a time (an apply).
    package let occurred: String
    /// The event's documented data (docs/notifications.md, schema/notification-event-*.schema.json).
    /// Read back from the delivery log only when asked for: a log of a hundred thousand records
    /// is consulted for keys, and a few events are ever sent again.
    package var data: JSON {
        switch storedData {
        case let .parsed(json): return json
        case let .text(bytes): return (try? JSONParser.parse(Array(bytes))) ?? .object([:])
        }
    }

    enum StoredData: Sendable, Equatable {
        case parsed(JSON)
        /// The data's JSON text, its syntax already checked.
        case text(ArraySlice<UInt8>)
    }

    let storedData: StoredData

    package init(name: EventName, workspace: String?, series: String, period: String, phase: Phase = .firing,
                 title: String, occurred: String, data: JSON) {
        self.name = name
        self.workspace = workspace
        self.series = series
        self.key = series + "/" + period + (phase == .resolved ? "/resolved" : "")
        self.phase = phase
        self.title = title
        self.occurred = occurred
        storedData = .parsed(data)
    }

    init(name: EventName, workspace: String?, key: String, series: String, phase: Phase, title: String, occurred: String, data: StoredData) {
        self.name = name
        self.workspace = workspace
        self.key = key
        self.series = series
        self.phase = phase
        self.title = title
        self.occurred = occurred
        storedData = data
    }

    /// The event as its payload carries it (and the delivery log keeps it).
    package var json: JSON {
        var members: [String: JSON] = [
            "event": .string(name.rawValue), "key": .string(key), "series": .string(series), "phase": .string(phase.rawValue),
            "title": .string(title), "occurred": .string(occurred), "data": data,
        ]
        if let workspace { members["workspace"] = .string(workspace) }
        return .object(members)
    }

    /// An event read back from the log; nil when the record's event is not one. `data`: its data's
    /// text when it was left unparsed (else the tree's own `data`).
    package init?(json: JSON, data text: ArraySlice<UInt8>? = nil) {
        guard let nameText = json["event"]?.stringValue, let name = EventName(rawValue: nameText),
              let key = json["key"]?.stringValue, let series = json["series"]?.stringValue,
              let phase = json["phase"]?.stringValue.flatMap(Phase.init(rawValue:)),
              let title = json["title"]?.stringValue, let occurred = json["occurred"]?.stringValue else { return nil }
        self.init(name: name, workspace: json["workspace"]?.stringValue, key: key, series: series, phase: phase,
                  title: title, occurred: occurred, data: text.map(StoredData.text) ?? .parsed(json["data"] ?? .object([:])))
    }
}
