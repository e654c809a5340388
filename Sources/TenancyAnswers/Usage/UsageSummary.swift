/// What the commands need of the usage, gathered as the records stream past: per workspace its
/// last 31 days (for current values, trends, week-over-week changes and a month's bill) and its
/// sums over the reported range, and across workspaces the daily totals (for the report's
/// trends). Memory grows with workspaces and days, never with the number of records read.
package struct UsageSummary: Sendable {
    /// Records after this day are left out (`--as-of`, `--until`).
    package let until: Day?
    /// Sums are kept from this day on (`--since`); nil: over every record.
    package let since: Day?
    package private(set) var workspaces: [String: WorkspaceUsage] = [:]
    /// Totals across every workspace, by day.
    package private(set) var days: [Day: DayTotals] = [:]
    /// The last day of the records kept.
    package private(set) var lastDay: Day?
    package private(set) var firstDay: Day?

    /// How many recent days each workspace keeps.
    package static let recentDays = 31

    /// Whether the sums over the range and the daily totals are kept (the usage report's); the
    /// quota check and billing read only each workspace's recent days.
    package let keepsTotals: Bool

    package init(until: Day? = nil, since: Day? = nil, keepsTotals: Bool = true) {
        self.until = until
        self.since = since
        self.keepsTotals = keepsTotals
    }

    /// Takes one record (records of a workspace come in date order).
    package mutating func add(_ record: UsageRecord) {
        if let until, record.date > until { return }
        let inRange = keepsTotals && (since.map { record.date >= $0 } ?? true)
        workspaces[record.workspace, default: WorkspaceUsage(workspace: record.workspace)].add(record, inRange: inRange)
        if inRange { days[record.date, default: DayTotals()].add(record) }
        lastDay = max(lastDay ?? record.date, record.date)
        firstDay = min(firstDay ?? record.date, record.date)
    }

    /// The whole export's first and last days (records of workspaces not asked about too): an
    /// answer about one workspace runs through the export's last day, as the answer about every
    /// workspace does, so that a workspace whose records stop early is said to, and billed alike.
    package mutating func spanExport(first: Day?, last: Day?) {
        if let first, until.map({ first <= $0 }) ?? true { firstDay = min(firstDay ?? first, first) }
        if let last {
            let capped = until.map { min($0, last) } ?? last
            lastDay = max(lastDay ?? capped, capped)
        }
    }

    /// Another summary of other workspaces' records (a share read on another core), added in.
    package mutating func merge(_ other: UsageSummary) {
        workspaces.merge(other.workspaces) { mine, _ in mine }
        for (day, totals) in other.days { days[day, default: DayTotals()].merge(totals) }
        lastDay = [lastDay, other.lastDay].compactMap { $0 }.max()
        firstDay = [firstDay, other.firstDay].compactMap { $0 }.min()
    }

    /// "Now": `--as-of` when given, else the last day of the usage (never the clock).
    package var now: Day? { until ?? lastDay }
}

/// One workspace's usage.
package struct WorkspaceUsage: Sendable {
    package let workspace: String
    /// Its last `UsageSummary.recentDays` records, oldest first.
    package private(set) var recent = RecentRecords(capacity: UsageSummary.recentDays)
    /// Sums over the records from `UsageSummary.since` on.
    package private(set) var range = RangeUsage()
    package private(set) var days = 0

    init(workspace: String) { self.workspace = workspace }

    mutating func add(_ record: UsageRecord, inRange: Bool) {
        days += 1
        recent.append(record)
        if inRange { range.add(record) }
    }

    /// The record of `day`, or the last one before it.
    package func latest(onOrBefore day: Day) -> UsageRecord? { recent.last { $0.date <= day } }

    /// The growth per day of a measure over the recent days up to `day` (least squares), nil
    /// with fewer than two days that measure it.
    package func trend(_ measure: QuotaMeasure, upTo day: Day) -> Double? {
        var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for record in recent where record.date <= day {
            guard let y = measure.value(in: record) else { continue }
            let x = Double(record.date - day)
            n += 1; sx += x; sy += y; sxx += x * x; sxy += x * y
        }
        let denominator = n * sxx - sx * sx
        guard n >= 2, denominator != 0 else { return nil }
        return (n * sxy - sx * sy) / denominator
    }

    /// Sums over the recent records from `first` to `last`.
    package func range(from first: Day, to last: Day) -> RangeUsage {
        var range = RangeUsage()
        for record in recent where record.date >= first && record.date <= last { range.add(record) }
        return range
    }
}

/// Sums over a range of days for one workspace: flows summed, levels as of the last day, peaks.
package struct RangeUsage: Sendable, Equatable {
    package var days = 0
    package var firstDay: Day?
    package var lastDay: Day?
    /// The last record's levels (members, workflows, storage, roles).
    package var last: UsageRecord?
    package var activeUserDays = 0
    package var peakActiveUsers = 0
    package var newUsers = 0
    package var sessions = 0
    package var sessionSeconds = 0.0
    package var executions = 0
    package var succeeded = 0
    package var failed = 0
    package var executionSeconds = 0.0
    package var cpuUnitSeconds = 0.0
    package var peakCpuUnits = 0
    package var peakMemoryBytes = 0
    package var apiCalls = 0
    package var peakApiPerMinute = 0
    /// The measures any record of the range carries: a sum of a measure no record carries is
    /// "not measured", never 0.
    package var measures = UsageRecord.Measures()

    package init() {}

    mutating func add(_ record: UsageRecord) {
        days += 1
        measures.formUnion(record.measures)
        firstDay = min(firstDay ?? record.date, record.date)
        lastDay = max(lastDay ?? record.date, record.date)
        last = record
        activeUserDays.addSaturating(record.activeUsers)
        peakActiveUsers = max(peakActiveUsers, record.activeUsers ?? 0)
        newUsers.addSaturating(record.newUsers)
        sessions.addSaturating(record.sessions)
        sessionSeconds += record.sessionSeconds ?? 0
        executions.addSaturating(record.executions)
        succeeded.addSaturating(record.succeeded)
        failed.addSaturating(record.failed)
        executionSeconds += record.executionSeconds ?? 0
        cpuUnitSeconds += record.cpuUnitSeconds ?? 0
        peakCpuUnits = max(peakCpuUnits, record.peakCpuUnits ?? 0)
        peakMemoryBytes = max(peakMemoryBytes, record.peakMemoryBytes ?? 0)
        apiCalls.addSaturating(record.apiCalls)
        peakApiPerMinute = max(peakApiPerMinute, record.apiPeakPerMinute ?? 0)
    }
}

/// One day's totals across workspaces (or several days', combined).
package struct DayTotals: Sendable, Equatable {
    /// Records added.
    package var workspaces = 0
    /// Days combined (a week's totals: how many of its days had records).
    package var dayCount = 0
    package var users = 0
    package var activeUsers = 0
    package var newUsers = 0
    package var sessions = 0
    package var sessionSeconds = 0.0
    package var executions = 0
    package var succeeded = 0
    package var failed = 0
    package var executionSeconds = 0.0
    package var dataBytes = 0
    package var archiveBytes = 0
    package var cpuUnitSeconds = 0.0
    package var apiCalls = 0
    /// The measures any of the records carried: one no record carried is not measured, not 0.
    package var measures = UsageRecord.Measures()

    init() {}

    /// One record's counts.
    init(_ record: UsageRecord) {
        workspaces = 1
        measures = record.measures
        users = record.users ?? 0
        activeUsers = record.activeUsers ?? 0
        newUsers = record.newUsers ?? 0
        sessions = record.sessions ?? 0
        sessionSeconds = record.sessionSeconds ?? 0
        executions = record.executions ?? 0
        succeeded = record.succeeded ?? 0
        failed = record.failed ?? 0
        executionSeconds = record.executionSeconds ?? 0
        dataBytes = record.dataBytes ?? 0
        archiveBytes = record.archiveBytes ?? 0
        cpuUnitSeconds = record.cpuUnitSeconds ?? 0
        apiCalls = record.apiCalls ?? 0
    }

    /// Adds one record (a workspace's day) to these totals.
    mutating func add(_ record: UsageRecord) {
        let days = dayCount
        combine(DayTotals(record))
        dayCount = days
    }

    /// Adds another day's totals (its levels too: a week's storage is not a sum, so the report
    /// shows flows only).
    mutating func combine(_ other: DayTotals) {
        merge(other)
        dayCount += 1 - other.dayCount
    }

    /// Adds the totals of other workspaces for the same days.
    mutating func merge(_ other: DayTotals) {
        workspaces.addSaturating(other.workspaces)
        measures.formUnion(other.measures)
        dayCount += other.dayCount
        users.addSaturating(other.users)
        activeUsers.addSaturating(other.activeUsers)
        newUsers.addSaturating(other.newUsers)
        sessions.addSaturating(other.sessions)
        sessionSeconds += other.sessionSeconds
        executions.addSaturating(other.executions)
        succeeded.addSaturating(other.succeeded)
        failed.addSaturating(other.failed)
        executionSeconds += other.executionSeconds
        dataBytes.addSaturating(other.dataBytes)
        archiveBytes.addSaturating(other.archiveBytes)
        cpuUnitSeconds += other.cpuUnitSeconds
        apiCalls.addSaturating(other.apiCalls)
    }
}

extension Int {
    /// Adds a count from the usage, stopping at Int.max: counts are at most 2^53 each, but tens
    /// of thousands of them summed could pass 2^63, and a sum of what a file says must not trap.
    mutating func addSaturating(_ value: Int?) {
        guard let value else { return }
        let (sum, overflow) = addingReportingOverflow(value)
        self = overflow ? (value < 0 ? Int.min : Int.max) : sum
    }
}
