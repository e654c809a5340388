import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// `tenancy quota check` for people (a table per workspace) and for machines (JSON,
/// docs/quotas.md).
package enum QuotaCheckRenderer {
    package static func text(_ check: QuotaCheck, basis: AnswerBasis) -> String {
        AnswerText.collect { writeText(check, basis: basis, to: $0) }
    }

    /// The text, written in pieces (`AnswerText`).
    package static func writeText(_ check: QuotaCheck, basis: AnswerBasis, to emit: (UnsafeRawBufferPointer) -> Void) {
        let workspaces = check.workspaces, now = check.now
        AnswerText.write(heading: "Quota check · \(basis.line)\n", sections: workspaces.count, { section(workspaces[$0], now: now) }, ending: {
            var counts: [QuotaCheck.Status: Int] = [:]
            for workspace in workspaces where !workspace.rows.isEmpty {
                if workspace.lastRecord == nil {
                    counts[.noData, default: 0] += workspace.rows.count
                } else {
                    for row in workspace.rows { counts[row.status, default: 0] += 1 }
                }
            }
            return "\n" + summary(check, counts: counts) + "\n"
        }, to: emit)
    }

    /// One workspace's part: a blank line, its heading, its table.
    static func section(_ workspace: QuotaCheck.Workspace, now: Day?) -> String {
        var out = "\n"
        let level = "warning at \(Format.number(workspace.warningPercent))%"
            + (workspace.warningPercentIsDefault ? ", the default" : ", its quota.warning notification")
        let name = Terminal.escaped(workspace.name)
        if workspace.rows.isEmpty {
            out += "Workspace \(name): sets no quotas\n"
            return out
        }
        if workspace.lastRecord == nil {
            let when = now.map { " on or before \($0)" } ?? ""
            out += "Workspace \(name): no usage records\(when); its \(Format.count(workspace.rows.count, "quota")) cannot be checked\n"
            return out
        }
        out += "Workspace \(name) (\(level))\n"
        var table = [["QUOTA", "USED", "LIMIT", "USED %", "STATUS", "REACHED AT THIS RATE"]]
        for row in workspace.rows {
            var used = row.used.map { amount($0, row.measure.unit) } ?? "-"
            if let day = row.measuredOn, day != workspace.lastRecord { used += " (\(day))" }
            table.append([row.measure.rawValue, used, amount(row.limit, row.measure.unit),
                          row.percent.map { Format.fixed($0, digits: 1) + "%" } ?? "-", row.status.name,
                          reached(row)])
        }
        out += Table.render(table, rightAligned: [1, 2, 3], indent: 2)
        return out
    }

    package static func reached(_ row: QuotaCheck.Row) -> String {
        if let day = row.reachedOn { return "\(day)" }
        switch row.status {
        case .exceeded: return "already past"
        case .noData: return "-"
        default:
            guard let trend = row.trendPerDay else { return "too few days" }
            return trend > 0 ? "not within a year" : "not at this rate"
        }
    }

    static func summary(_ check: QuotaCheck, counts: [QuotaCheck.Status: Int]) -> String {
        let parts = [(QuotaCheck.Status.exceeded, "exceeded"), (.warning, "at warning"), (.ok, "ok"), (.noData, "without data")]
            .compactMap { status, label in counts[status].map { "\($0) \(label)" } }
        let quotas = counts.values.reduce(0, +)
        let result = check.status == .noData ? "no data" : check.status.name
        return "Result: \(result) — \(Format.count(quotas, "quota")) in \(Format.count(check.workspaces.count, "workspace"))"
            + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    /// A quota amount as people read it: counts grouped, bytes in binary units, seconds as a duration.
    package static func amount(_ value: Double, _ unit: QuotaMeasure.Unit) -> String {
        switch unit {
        case .count: return value.rounded() == value && abs(value) < 9e15 ? Format.grouped(Int(value)) : Format.fixed(value, digits: 1)
        case .bytes: return abs(value) < 9e18 ? Format.bytes(Int(value)) : Format.number(value) + " B"
        case .seconds:
            let whole = value.rounded()
            return abs(whole) < 9e15 ? TimeSpan(seconds: Int64(whole)).description : Format.number(value) + "s"
        }
    }

    /// The JSON, written in pieces (the same bytes as `json(…).canonicalText()`).
    package static func writeJSON(_ check: QuotaCheck, basis: AnswerBasis, to emit: (UnsafeRawBufferPointer) -> Void) {
        var members = basis.jsonMembers
        members["format_version"] = .string("1")
        members["result"] = .string(check.status.name)
        let workspaces = check.workspaces
        AnswerDocument.write(members, workspaces: workspaces.count, writing: { i, writer in write(workspaces[i], into: &writer) }, to: emit)
    }

    package static func json(_ check: QuotaCheck, basis: AnswerBasis) -> JSON {
        var members = basis.jsonMembers
        members["format_version"] = .string("1")
        members["result"] = .string(check.status.name)
        members["workspaces"] = .array(check.workspaces.map(json))
        return .object(members)
    }

    static func json(_ workspace: QuotaCheck.Workspace) -> JSON {
        var writer = JSONWriter(layout: .compact)
        write(workspace, into: &writer)
        return (try? JSONParser.parse(writer.take())) ?? .null
    }

    /// One workspace's quotas, keys in byte order (the canonical writer checks them in debug).
    static func write(_ workspace: QuotaCheck.Workspace, into w: inout JSONWriter) {
        w.beginObject()
        w.key("last_record")
        if let day = workspace.lastRecord { w.string(day.description) } else { w.null() }
        w.key("name"); w.string(workspace.name)
        w.key("quotas")
        w.beginArray()
        for row in workspace.rows { write(row, into: &w) }
        w.endArray()
        w.key("status"); w.string(workspace.status.name)
        w.key("warning_percent"); w.json(number(workspace.warningPercent))
        w.key("warning_percent_source"); w.string(workspace.warningPercentIsDefault ? "default" : "quota.warning")
        w.endObject()
    }

    static func write(_ row: QuotaCheck.Row, into w: inout JSONWriter) {
        func day(_ day: Day?) {
            if let day { w.string(day.description) } else { w.null() }
        }
        w.beginObject()
        w.key("limit"); w.json(number(row.limit))
        w.key("measured_on"); day(row.measuredOn)
        w.key("percent"); w.json(row.percent.map { number(($0 * 100).rounded() / 100) } ?? .null)
        w.key("quota"); w.string(row.measure.rawValue)
        w.key("reached_on"); day(row.reachedOn)
        w.key("status"); w.string(row.status.name)
        w.key("trend_per_day"); w.json(row.trendPerDay.map { number(($0 * 1000).rounded() / 1000) } ?? .null)
        w.key("unit"); w.string(row.measure.unit.rawValue)
        w.key("usage_field"); w.string(row.measure.usageField)
        w.key("used"); w.json(row.used.map(number) ?? .null)
        w.endObject()
    }

    /// A JSON number: whole values without a fraction, others as Swift prints the Double
    /// (the shortest text that reads back the same).
    static func number(_ value: Double) -> JSON {
        guard value.isFinite else { return .null }
        return .number(Format.number(value))
    }
}
