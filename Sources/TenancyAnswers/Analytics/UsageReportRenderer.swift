import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancySupport
import TenancyJSON

/// `tenancy usage report` for people (metrics, week over week, the daily trend) and for
/// machines (JSON).
package enum UsageReportRenderer {
    package static func text(_ report: UsageReport, basis: AnswerBasis) -> String {
        let days = report.until - report.since + 1
        var out = "Usage report \(report.since) to \(report.until) (\(Format.count(days, "day"))) · \(basis.line)\n\n"
        // One workspace is its own total: shown once, with the daily trend.
        let single = report.workspaces.count == 1 ? report.workspaces.first : nil
        out += single.map { "Workspace \(Terminal.escaped($0.name))\n" } ?? "All \(Format.count(report.workspaces.count, "workspace"))\n"
        if report.total.days == 0 { return out + "  no usage records from \(report.since) to \(report.until)\n" }
        out += metrics(report.total, cost: costs(report.workspaces.compactMap(\.cost)), until: report.until)
        out += "\n" + weekOverWeek(report.totalWeekOverWeek, until: report.until)
        out += "\n  Daily\n"
        var table = [["DAY", "WORKSPACES", "ACTIVE USERS", "EXECUTIONS", "FAILED", "API CALLS", "STORAGE"]]
        // A column no record of the report carries is not measured: a dash, never 0.
        let t = report.total
        func cell(_ value: Int, _ measured: Bool, bytes: Bool = false) -> String {
            measured ? (bytes ? Format.bytes(value) : Format.grouped(value)) : "–"
        }
        for (day, totals) in report.daily {
            table.append([day.description, String(totals.workspaces), cell(totals.activeUsers, t.activeUsersPerDay != nil),
                          cell(totals.executions, t.executions != nil), cell(totals.failed, t.failed != nil),
                          cell(totals.apiCalls, t.apiCalls != nil), cell(totals.dataBytes, t.dataBytes != nil, bytes: true)])
        }
        if report.daily.isEmpty { out += "  (no records in the range)\n" } else { out += Table.render(table, rightAligned: [1, 2, 3, 4, 5, 6], indent: 2) }
        for workspace in report.workspaces where single == nil {
            out += "\nWorkspace \(Terminal.escaped(workspace.name))\n"
            if workspace.metrics.days == 0 {
                out += "  no usage records from \(report.since) to \(report.until)\n"
                continue
            }
            out += metrics(workspace.metrics, cost: workspace.cost.map { costs([$0]) } ?? nil, until: report.until)
            out += "\n" + weekOverWeek(workspace.weekOverWeek, until: report.until)
        }
        return out
    }

    static func costs(_ costs: [(currency: String, digits: Int, amount: Decimal)]) -> String? {
        guard !costs.isEmpty else { return nil }
        var sums: [String: (digits: Int, amount: Decimal)] = [:]
        for cost in costs { sums[cost.currency] = (cost.digits, (sums[cost.currency]?.amount ?? 0) + cost.amount) }
        return sums.sorted { $0.key < $1.key }.map { "\($0.key) \(Currency.text($0.value.amount, digits: $0.value.digits))" }
            .joined(separator: " · ")
    }

    static func metrics(_ m: UsageReport.Metrics, cost: String?, until: Day) -> String {
        var rows: [[String]] = []
        // Each measure no record carries says so: "not measured", never 0.
        func count(_ value: Int?, _ noun: String) -> String { value.map { "\(Format.grouped($0)) \(noun)" } ?? "\(noun) not measured" }
        var users = [count(m.members, "members")]
        if let active = m.activeUsersPerDay {
            users.append("\(Format.fixed(active, digits: 1)) active a day (peak \(m.peakActiveUsers.map(Format.grouped) ?? "not measured"))")
        } else {
            users.append("active users not measured")
        }
        users.append(m.newUsers.map { "\(Format.grouped($0)) new" } ?? "new users not measured")
        var sessions = count(m.sessions, "sessions")
        if let average = m.averageSessionSeconds { sessions += ", \(duration(average)) on average" }
        users.append(sessions)
        rows.append(["Users", users.joined(separator: " · ")])
        if !m.byRole.isEmpty {
            let total = m.byRole.values.reduce(0) { $0 &+ $1 }
            rows.append(["Roles", m.byRole.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                "\(Terminal.escaped($0.key)) \(Format.grouped($0.value))" + (total > 0 ? " (\(Format.fixed(Double($0.value) / Double(total) * 100, digits: 1))%)" : "")
            }.joined(separator: " · ")])
        }
        var workflows = [count(m.workflows, "workflows"), count(m.executions, "executions")]
        if let rate = m.successRate {
            workflows.append("\(Format.fixed(rate * 100, digits: 2))% succeeded, \(Format.fixed((1 - rate) * 100, digits: 2))% failed")
        }
        if let average = m.averageExecutionSeconds { workflows.append("\(duration(average)) on average") }
        rows.append(["Workflows", workflows.joined(separator: " · ")])
        rows.append(["Compute", [m.cpuUnitHours.map { "\(Format.grouped($0)) CPU unit-hours" } ?? "CPU unit-hours not measured",
                                 m.peakCpuUnits.map { "peak \(Format.grouped($0)) units" } ?? "peak units not measured",
                                 m.peakMemoryBytes.map { "peak memory \(Format.bytes($0))" } ?? "peak memory not measured"].joined(separator: " · ")])
        let storage = [m.dataBytes.map { "\(Format.bytes($0)) data" }, m.archiveBytes.map { "\(Format.bytes($0)) archive" }].compactMap { $0 }
        rows.append(["Storage", storage.isEmpty ? "not measured" : storage.joined(separator: " · ") + " (last day)"])
        rows.append(["API", [count(m.apiCalls, "calls"),
                             m.peakApiPerMinute.map { "peak \(Format.grouped($0)) a minute" } ?? "peak a minute not measured"].joined(separator: " · ")])
        if let cost { rows.append(["Cost", "\(cost) for \(until.month) through \(until) (tenancy billing)"]) }
        return rows.map { "  " + $0[0].padding(toLength: 11, withPad: " ", startingAt: 0) + $0[1] + "\n" }.joined()
    }

    static func weekOverWeek(_ changes: [UsageReport.Change], until: Day) -> String {
        var table = [["WEEK OVER WEEK", "\(until.adding(days: -6)) TO \(until)", "7 DAYS BEFORE", "CHANGE"]]
        for change in changes {
            let integral = change.metric != "active users a day"
            func value(_ x: Double?) -> String { x.map { integral ? Format.grouped($0) : Format.fixed($0, digits: 1) } ?? "–" }
            table.append([change.metric, value(change.this), value(change.previous),
                          change.percent.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, digits: 1) + "%" } ?? "-"])
        }
        return Table.render(table, rightAligned: [1, 2, 3], indent: 2)
    }

    /// `42s`, `12m 5s`, `1h 3m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 9.0e15 else { return Format.grouped(seconds) + "s" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m \(whole % 60)s" }
        return "\(whole / 3600)h \(whole % 3600 / 60)m"
    }

    package static func json(_ report: UsageReport, basis: AnswerBasis) -> JSON {
        var members = basis.jsonMembers
        members["format_version"] = .string("1")
        members["since"] = .string(report.since.description)
        members["until"] = .string(report.until.description)
        members["total"] = json(report.total)
        members["total_week_over_week"] = .array(report.totalWeekOverWeek.map(json))
        // A measure no record of the report carries is null in every day, never 0.
        let t = report.total
        func int(_ value: Int, _ measured: Bool) -> JSON { measured ? .int(value) : .null }
        members["daily"] = .array(report.daily.map { day, totals in
            .object(["date": .string(day.description), "workspaces": .int(totals.workspaces), "users": int(totals.users, t.members != nil),
                     "active_users": int(totals.activeUsers, t.activeUsersPerDay != nil), "new_users": int(totals.newUsers, t.newUsers != nil),
                     "executions": int(totals.executions, t.executions != nil), "succeeded": int(totals.succeeded, t.succeeded != nil),
                     "failed": int(totals.failed, t.failed != nil), "api_calls": int(totals.apiCalls, t.apiCalls != nil),
                     "data_bytes": int(totals.dataBytes, t.dataBytes != nil), "archive_bytes": int(totals.archiveBytes, t.archiveBytes != nil),
                     "cpu_unit_seconds": t.cpuUnitHours == nil ? .null : number(totals.cpuUnitSeconds)])
        })
        members["workspaces"] = .array(report.workspaces.map { workspace in
            var item: [String: JSON] = ["name": .string(workspace.name), "metrics": json(workspace.metrics),
                                        "week_over_week": .array(workspace.weekOverWeek.map(json))]
            if let cost = workspace.cost {
                item["cost"] = .object(["currency": .string(cost.currency), "month_to_date": .string(Currency.jsonText(cost.amount, digits: cost.digits))])
            }
            return .object(item)
        })
        return .object(members)
    }

    static func json(_ m: UsageReport.Metrics) -> JSON {
        var o: [String: JSON] = [:]
        o["days"] = .int(m.days)
        o["members"] = m.members.map(JSON.int) ?? .null
        o["active_users_per_day"] = m.activeUsersPerDay.map { number(($0 * 100).rounded() / 100) } ?? .null
        o["peak_active_users"] = m.peakActiveUsers.map(JSON.int) ?? .null
        o["new_users"] = m.newUsers.map(JSON.int) ?? .null
        o["sessions"] = m.sessions.map(JSON.int) ?? .null
        o["average_session_seconds"] = m.averageSessionSeconds.map { number($0.rounded()) } ?? .null
        o["by_role"] = .object(m.byRole.mapValues(JSON.int))
        o["workflows"] = m.workflows.map(JSON.int) ?? .null
        o["executions"] = m.executions.map(JSON.int) ?? .null
        o["succeeded"] = m.succeeded.map(JSON.int) ?? .null
        o["failed"] = m.failed.map(JSON.int) ?? .null
        o["success_rate"] = m.successRate.map { number(($0 * 10000).rounded() / 10000) } ?? .null
        o["average_execution_seconds"] = m.averageExecutionSeconds.map { number(($0 * 10).rounded() / 10) } ?? .null
        o["cpu_unit_hours"] = m.cpuUnitHours.map { number(($0 * 10).rounded() / 10) } ?? .null
        o["peak_cpu_units"] = m.peakCpuUnits.map(JSON.int) ?? .null
        o["peak_memory_bytes"] = m.peakMemoryBytes.map(JSON.int) ?? .null
        o["data_bytes"] = m.dataBytes.map(JSON.int) ?? .null
        o["archive_bytes"] = m.archiveBytes.map(JSON.int) ?? .null
        o["api_calls"] = m.apiCalls.map(JSON.int) ?? .null
        o["peak_api_per_minute"] = m.peakApiPerMinute.map(JSON.int) ?? .null
        return .object(o)
    }

    static func json(_ change: UsageReport.Change) -> JSON {
        .object(["metric": .string(change.metric), "this_week": change.this.map { number(($0 * 100).rounded() / 100) } ?? .null,
                 "previous_week": change.previous.map { number(($0 * 100).rounded() / 100) } ?? .null,
                 "change_percent": change.percent.map { number(($0 * 100).rounded() / 100) } ?? .null])
    }

    static func number(_ value: Double) -> JSON { value.isFinite ? .number(Format.number(value)) : .null }
}
