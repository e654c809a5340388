import Foundation

/// The product's analytics over a range of days (docs/usage-format.md, "Reports"): user metrics
/// (members, active users, sessions, roles, new users), workflow metrics (executions, success
/// and failure rates, durations, resources), system metrics (compute, storage, API, cost), with
/// the daily totals and week-over-week changes; per workspace and for all of them together.
package struct UsageReport: Sendable {
    /// A range's metrics. A measure no record of the range carries is nil — "not measured" in
    /// text, null in JSON — never 0, which would say the workspace did none of it.
    package struct Metrics: Sendable, Equatable {
        package var days = 0
        package var members: Int?
        package var activeUsersPerDay: Double?
        package var peakActiveUsers: Int?
        package var newUsers: Int?
        package var sessions: Int?
        package var averageSessionSeconds: Double?
        package var byRole: [String: Int] = [:]
        package var workflows: Int?
        package var executions: Int?
        package var succeeded: Int?
        package var failed: Int?
        /// Of the executions that ended succeeded or failed.
        package var successRate: Double?
        package var averageExecutionSeconds: Double?
        package var cpuUnitHours: Double?
        package var peakCpuUnits: Int?
        package var peakMemoryBytes: Int?
        package var dataBytes: Int?
        package var archiveBytes: Int?
        package var apiCalls: Int?
        package var peakApiPerMinute: Int?

        init() {}

        init(_ range: RangeUsage) {
            let m = range.measures
            func measured<T>(_ value: T, _ measure: UsageRecord.Measures) -> T? { m.contains(measure) ? value : nil }
            days = range.days
            members = range.last?.users
            if range.days > 0, m.contains(.activeUsers) { activeUsersPerDay = Double(range.activeUserDays) / Double(range.days) }
            peakActiveUsers = measured(range.peakActiveUsers, .activeUsers)
            newUsers = measured(range.newUsers, .newUsers)
            sessions = measured(range.sessions, .sessions)
            if range.sessions > 0 { averageSessionSeconds = range.sessionSeconds / Double(range.sessions) }
            byRole = range.last?.usersByRole ?? [:]
            workflows = range.last?.workflows
            executions = measured(range.executions, .executions)
            succeeded = measured(range.succeeded, .succeeded)
            failed = measured(range.failed, .failed)
            if range.succeeded + range.failed > 0 { successRate = Double(range.succeeded) / Double(range.succeeded + range.failed) }
            if range.executions > 0 { averageExecutionSeconds = range.executionSeconds / Double(range.executions) }
            cpuUnitHours = measured(range.cpuUnitSeconds / 3600, .cpuUnitSeconds)
            peakCpuUnits = measured(range.peakCpuUnits, .peakCpuUnits)
            peakMemoryBytes = measured(range.peakMemoryBytes, .peakMemoryBytes)
            dataBytes = range.last?.dataBytes
            archiveBytes = range.last?.archiveBytes
            apiCalls = measured(range.apiCalls, .apiCalls)
            peakApiPerMinute = measured(range.peakApiPerMinute, .apiPeakPerMinute)
        }

        /// Several workspaces' metrics together: sums, peaks of the peaks, levels added up; a
        /// measure none of them carries stays unmeasured.
        mutating func combine(_ other: Metrics) {
            func add(_ a: Int?, _ b: Int?) -> Int? {
                guard a != nil || b != nil else { return nil }
                var sum = a ?? 0
                sum.addSaturating(b)
                return sum
            }
            func peak<T: Comparable>(_ a: T?, _ b: T?) -> T? {
                guard let a else { return b }
                guard let b else { return a }
                return max(a, b)
            }
            let activeSum = (activeUsersPerDay ?? 0) + (other.activeUsersPerDay ?? 0)
            let sessionTotal = (averageSessionSeconds ?? 0) * Double(sessions ?? 0) + (other.averageSessionSeconds ?? 0) * Double(other.sessions ?? 0)
            let executionTotal = (averageExecutionSeconds ?? 0) * Double(executions ?? 0)
                + (other.averageExecutionSeconds ?? 0) * Double(other.executions ?? 0)
            days = max(days, other.days)
            members = add(members, other.members)
            activeUsersPerDay = activeUsersPerDay == nil && other.activeUsersPerDay == nil ? nil : activeSum
            peakActiveUsers = add(peakActiveUsers, other.peakActiveUsers)
            newUsers = add(newUsers, other.newUsers)
            sessions = add(sessions, other.sessions)
            averageSessionSeconds = (sessions ?? 0) > 0 ? sessionTotal / Double(sessions ?? 1) : nil
            for (role, count) in other.byRole { byRole[role, default: 0].addSaturating(count) }
            workflows = add(workflows, other.workflows)
            executions = add(executions, other.executions)
            succeeded = add(succeeded, other.succeeded)
            failed = add(failed, other.failed)
            let ended = (succeeded ?? 0) + (failed ?? 0)
            successRate = ended > 0 ? Double(succeeded ?? 0) / Double(ended) : nil
            averageExecutionSeconds = (executions ?? 0) > 0 ? executionTotal / Double(executions ?? 1) : nil
            cpuUnitHours = cpuUnitHours == nil && other.cpuUnitHours == nil ? nil : (cpuUnitHours ?? 0) + (other.cpuUnitHours ?? 0)
            peakCpuUnits = peak(peakCpuUnits, other.peakCpuUnits)
            peakMemoryBytes = peak(peakMemoryBytes, other.peakMemoryBytes)
            dataBytes = add(dataBytes, other.dataBytes)
            archiveBytes = add(archiveBytes, other.archiveBytes)
            apiCalls = add(apiCalls, other.apiCalls)
            peakApiPerMinute = peak(peakApiPerMinute, other.peakApiPerMinute)
        }
    }

    /// One metric this week against the week before.
    package struct Change: Sendable, Equatable {
        package let metric: String
        /// Nil when no record of the week carries the measure: not measured, never 0.
        package let this: Double?
        package let previous: Double?
        /// Nil when the week before had none of it, or either week did not measure it.
        package var percent: Double? {
            guard let this, let previous, previous != 0 else { return nil }
            return (this - previous) / previous * 100
        }
    }

    package struct Workspace: Sendable {
        package let name: String
        package let metrics: Metrics
        package let weekOverWeek: [Change]
        /// Month-to-date cost through the report's last day, when billing was asked.
        package let cost: (currency: String, digits: Int, amount: Decimal)?
    }

    package let since: Day
    package let until: Day
    package let workspaces: [Workspace]
    package let total: Metrics
    package let totalWeekOverWeek: [Change]
    /// Every day of the range with records, oldest first.
    package let daily: [(day: Day, totals: DayTotals)]

    /// The report of `names` over `since`…`until`. Sums come from the recent days when the range
    /// lies within them, else from the summary's range sums (`UsageSummary.since`).
    package init(_ names: [String], usage: UsageSummary, since: Day, until: Day, costs: [String: WorkspaceBill] = [:]) {
        self.since = since
        self.until = until
        var total = Metrics()
        var rows: [Workspace] = []
        for name in names {
            let usage = usage.workspaces[name]
            var range = RangeUsage()
            if let usage {
                // The recent days hold the whole range when they reach back to its start or are
                // every record the workspace has; otherwise the sums kept from --since on.
                let covered = usage.days == usage.recent.count || (usage.recent.first.map { $0.date <= since } ?? true)
                range = covered ? usage.range(from: since, to: until) : usage.range
            }
            let metrics = Metrics(range)
            total.combine(metrics)
            let weeks = usage.map { Self.changes($0.weeks(endingAt: until)) } ?? []
            rows.append(Workspace(name: name, metrics: metrics, weekOverWeek: weeks,
                                  cost: costs[name].map { ($0.currency, $0.digits, $0.total) }))
        }
        workspaces = rows
        daily = usage.days.filter { $0.key >= since && $0.key <= until }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        // Together, the peak is the busiest day's, not the sum of each workspace's own peak.
        if total.peakActiveUsers != nil { total.peakActiveUsers = daily.map(\.totals.activeUsers).max() ?? 0 }
        self.total = total
        var this = DayTotals(), previous = DayTotals()
        for (day, totals) in daily {
            if until - day < 7 { this.combine(totals) } else if until - day < 14 { previous.combine(totals) }
        }
        totalWeekOverWeek = Self.changes((this, previous))
    }

    static func changes(_ weeks: (this: DayTotals, previous: DayTotals)) -> [Change] {
        let (a, b) = weeks
        func perDay(_ sum: Int, _ days: Int) -> Double { days == 0 ? 0 : Double(sum) / Double(days) }
        func change(_ metric: String, _ measure: UsageRecord.Measures, _ value: (DayTotals) -> Double) -> Change {
            Change(metric: metric, this: a.measures.contains(measure) ? value(a) : nil, previous: b.measures.contains(measure) ? value(b) : nil)
        }
        return [
            change("executions", .executions) { Double($0.executions) },
            change("failed executions", .failed) { Double($0.failed) },
            change("active users a day", .activeUsers) { perDay($0.activeUsers, $0.dayCount) },
            change("new users", .newUsers) { Double($0.newUsers) },
            change("API calls", .apiCalls) { Double($0.apiCalls) },
        ]
    }
}

extension WorkspaceUsage {
    /// Its records of the 7 days up to `day` and of the 7 before, as totals.
    func weeks(endingAt day: Day) -> (this: DayTotals, previous: DayTotals) {
        var this = DayTotals(), previous = DayTotals()
        for record in recent where record.date <= day {
            if day - record.date < 7 {
                this.add(record)
                this.dayCount += 1
            } else if day - record.date < 14 {
                previous.add(record)
                previous.dayCount += 1
            }
        }
        return (this, previous)
    }
}
