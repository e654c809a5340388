import TenancyEngine
import TenancyModel

/// Which applied settings were in force on each day of a period, per workspace: a tier, price or
/// quota changed mid-period is billed day by day at what was applied then (docs/billing.md).
/// The rule: a day is billed at the version applied last on or before that day (UTC), so the day
/// of an apply is billed at the new settings. Days before the oldest kept version are billed at
/// that version's settings (the state knows nothing older), and the bill says so.
package struct BillingTimeline: Sendable {
    /// A version in force from `from` (inclusive) on.
    package struct Span: Sendable, Equatable {
        package let from: Day
        package let serial: Int
        package let settings: [String: WorkspaceSettings]

        package init(from: Day, serial: Int, settings: [String: WorkspaceSettings]) {
            self.from = from
            self.serial = serial
            self.settings = settings
        }
    }

    /// Oldest first; never empty.
    package let spans: [Span]

    /// `spans` in any order; none at all is a timeline in which nothing was ever applied.
    package init(spans: [Span]) {
        let sorted = spans.sorted { $0.from < $1.from }
        self.spans = sorted.isEmpty ? [Span(from: Day(ordinal: Int.min / 4), serial: 0, settings: [:])] : sorted
    }

    /// The current settings only, in force on every day.
    package init(current: [String: WorkspaceSettings], serial: Int) {
        self.init(spans: [Span(from: Day(ordinal: Int.min / 4), serial: serial, settings: current)])
    }

    /// A workspace's settings on `day`; nil when the version in force then does not hold it.
    package func settings(_ workspace: String, on day: Day) -> WorkspaceSettings? {
        settings(workspace, inSpan: spanIndex(on: day))
    }

    /// Which span is in force on `day` (days before the first are billed at the first).
    package func spanIndex(on day: Day) -> Int {
        spans.lastIndex { $0.from <= day } ?? 0
    }

    package func settings(_ workspace: String, inSpan index: Int) -> WorkspaceSettings? {
        spans.indices.contains(index) ? spans[index].settings[workspace] : nil
    }

    /// The first day the state has a version for: days of a period before it are billed at the
    /// oldest kept version's settings.
    package var knownFrom: Day { spans[0].from }

    /// The versions that were in force from `start` to `end`, read from the history: the one in
    /// force on `start` and each applied after it up to `end`; when none was applied on or before
    /// `end`, the oldest kept one. Reads only what it must: when the current state was in force
    /// the whole period, nothing. Versions without a time count as applied long before.
    /// `aliases`: the current workspaces' previous names (`WorkspaceAliases`), under which older
    /// versions hold renamed workspaces.
    package static func read(_ session: Session, state: State, current: [String: WorkspaceSettings], aliases: [String: String] = [:],
                            from start: Day, through end: Day) throws(RunFailure) -> BillingTimeline {
        let history = try session.history().filter { $0.lineage == state.lineage && $0.serial <= state.serial }
        // When each version was made, from the audit log (a file's time stamp changes when it is
        // copied or restored; the log's records do not), else from the history.
        var made: [Int: String] = [:]
        for record in try session.auditRecords() where record.lineage == state.lineage { made[record.serial] = record.time }
        let longAgo = Day(ordinal: Int.min / 4)
        func day(_ entry: StateHistoryEntry) -> Day { (made[entry.serial] ?? entry.time).flatMap { Day(String($0.prefix(10))) } ?? longAgo }
        var dated = history.map { (serial: $0.serial, day: day($0)) }
        if !dated.contains(where: { $0.serial == state.serial }) { dated.append((state.serial, longAgo)) }
        dated.sort { $0.serial < $1.serial }
        let upToEnd = dated.filter { $0.day <= end }
        var chosen = (upToEnd.last { $0.day <= start }.map { [$0] } ?? []) + upToEnd.filter { $0.day > start }
        if chosen.isEmpty, let oldest = dated.first { chosen = [oldest] }
        // One version per day: the last applied that day.
        var byDay: [(serial: Int, day: Day)] = []
        for item in chosen {
            if let last = byDay.last, last.day == item.day { byDay.removeLast() }
            byDay.append(item)
        }
        var spans: [Span] = []
        for item in byDay {
            if item.serial == state.serial {
                spans.append(Span(from: item.day, serial: item.serial, settings: current))
            } else if let version = try session.readState(serial: item.serial) {
                spans.append(Span(from: item.day, serial: item.serial,
                                  settings: WorkspaceAliases.renaming(WorkspaceSettings.all(in: version), aliases)))
            }
        }
        if spans.isEmpty { return BillingTimeline(current: current, serial: state.serial) }
        return BillingTimeline(spans: spans)
    }
}
