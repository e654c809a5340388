import Foundation

/// Every quota of the chosen workspaces against the usage "now" (the last usage day, or
/// `--as-of`): used, limit, percent, status, and from the trend of the recent days the day the
/// quota will be reached at the current rate (docs/quotas.md).
package struct QuotaCheck: Sendable {
    package struct Row: Sendable, Equatable {
        package let measure: QuotaMeasure
        package let limit: Double
        /// Nil when the usage does not measure it on or before now.
        package let used: Double?
        /// The day `used` was measured (now, or the workspace's last record before it).
        package let measuredOn: Day?
        package let status: Status
        /// The day the limit is reached if the trend holds; nil when it is already past, the
        /// trend is flat or falling, or there are too few days to tell.
        package let reachedOn: Day?
        /// Growth per day over the recent days (least squares).
        package let trendPerDay: Double?

        package var percent: Double? {
            guard let used else { return nil }
            return limit > 0 ? used / limit * 100 : (used > 0 ? .infinity : 0)
        }
    }

    /// Ordered from best to worst: the worst decides a workspace's and a run's result.
    package enum Status: Int, Sendable, Comparable {
        /// The usage does not measure this quota (never counted as fine or as a problem).
        case noData = 0
        case ok = 1
        /// At or past the warning level, up to and including the limit itself.
        case warning = 2
        /// Past the limit.
        case exceeded = 3

        package var name: String {
            switch self {
            case .noData: return "no-data"
            case .ok: return "ok"
            case .warning: return "warning"
            case .exceeded: return "exceeded"
            }
        }

        package static func < (a: Status, b: Status) -> Bool { a.rawValue < b.rawValue }
    }

    package struct Workspace: Sendable, Equatable {
        package let name: String
        package let warningPercent: Double
        /// Whether the warning level is the workspace's own (`quota.warning`) or the default.
        package let warningPercentIsDefault: Bool
        package let rows: [Row]
        /// The day of its last record on or before now; nil when it has none.
        package let lastRecord: Day?
        package var status: Status { rows.lazy.map { $0.status }.max() ?? .noData }
    }

    package let now: Day?
    package let workspaces: [Workspace]

    /// How far ahead a reached day is forecast; past that the quota is "not within a year".
    package static let horizonDays = 366

    package init(settings: [WorkspaceSettings], usage: UsageSummary) {
        let now = usage.now
        self.now = now
        workspaces = settings.map { Self.check($0, usage: usage.workspaces[$0.name], now: now) }
    }

    static func check(_ settings: WorkspaceSettings, usage: WorkspaceUsage?, now: Day?) -> Workspace {
        let latest = now.flatMap { usage?.latest(onOrBefore: $0) }
        var rows: [Row] = []
        for measure in QuotaMeasure.allCases {
            guard let limit = settings.quotas[measure] else { continue }
            var used: Double?, measuredOn: Day?
            if let now, let usage {
                // The latest record that measures this quota (a day may leave a field out).
                if let record = usage.recent.last(where: { $0.date <= now && measure.value(in: $0) != nil }) {
                    used = measure.value(in: record)
                    measuredOn = record.date
                }
            }
            let trend = now.flatMap { usage?.trend(measure, upTo: $0) }
            rows.append(Row(measure: measure, limit: limit, used: used, measuredOn: measuredOn,
                            status: status(used: used, limit: limit, warningPercent: settings.warningPercent),
                            reachedOn: reached(used: used, limit: limit, trend: trend, from: measuredOn),
                            trendPerDay: trend))
        }
        return Workspace(name: settings.name, warningPercent: settings.warningPercent,
                         warningPercentIsDefault: settings.quotaWarningPercent == nil, rows: rows,
                         lastRecord: latest?.date)
    }

    /// Exceeded only past the limit: a quota exactly at its limit is a warning (it is full, not over).
    static func status(used: Double?, limit: Double, warningPercent: Double) -> Status {
        guard let used else { return .noData }
        if used > limit { return .exceeded }
        if used >= limit * warningPercent / 100 { return .warning }
        return .ok
    }

    /// The first day on which `used + trend × days` passes the limit: the day after the last one
    /// it still fits, counted from the day `used` was measured.
    static func reached(used: Double?, limit: Double, trend: Double?, from day: Day?) -> Day? {
        guard let used, let trend, let day, trend > 0, used <= limit else { return nil }
        let days = ((limit - used) / trend).rounded(.down) + 1
        guard days.isFinite, days <= Double(horizonDays) else { return nil }
        return day.adding(days: Int(days))
    }

    package var status: Status { workspaces.lazy.map { $0.status }.max() ?? .noData }
}
