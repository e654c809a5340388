import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport

/// `tenancy quota check` for people (a table per workspace) and for machines (JSON,
/// docs/quotas.md).
public enum QuotaCheckRenderer {
    public static func text(_ check: QuotaCheck, basis: AnswerBasis) -> String {
        var out = "Quota check · \(basis.line)\n"
        var counts: [QuotaCheck.Status: Int] = [:]
        for workspace in check.workspaces {
            out += "\n"
            let level = "warning at \(Format.number(workspace.warningPercent))%"
                + (workspace.warningPercentIsDefault ? ", the default" : ", its quota.warning notification")
            let name = Terminal.escaped(workspace.name)
            if workspace.rows.isEmpty {
                out += "Workspace \(name): sets no quotas\n"
                continue
            }
            if workspace.lastRecord == nil {
                let when = check.now.map { " on or before \($0)" } ?? ""
                out += "Workspace \(name): no usage records\(when); its \(Format.count(workspace.rows.count, "quota")) cannot be checked\n"
                counts[.noData, default: 0] += workspace.rows.count
                continue
            }
            out += "Workspace \(name) (\(level))\n"
            var table = [["QUOTA", "USED", "LIMIT", "USED %", "STATUS", "REACHED AT THIS RATE"]]
            for row in workspace.rows {
                counts[row.status, default: 0] += 1
                var used = row.used.map { amount($0, row.measure.unit) } ?? "-"
                if let day = row.measuredOn, day != workspace.lastRecord { used += " (\(day))" }
                table.append([row.measure.rawValue, used, amount(row.limit, row.measure.unit),
                              row.percent.map { Format.fixed($0, digits: 1) + "%" } ?? "-", row.status.name,
                              reached(row)])
            }
            out += Table.render(table, rightAligned: [1, 2, 3], indent: 2)
        }
        out += "\n" + summary(check, counts: counts) + "\n"
        return out
    }

    static func reached(_ row: QuotaCheck.Row) -> String {
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
    public static func amount(_ value: Double, _ unit: QuotaMeasure.Unit) -> String {
        switch unit {
        case .count: return value.rounded() == value && abs(value) < 9e15 ? Format.grouped(Int(value)) : Format.fixed(value, digits: 1)
        case .bytes: return abs(value) < 9e18 ? Format.bytes(Int(value)) : Format.number(value) + " B"
        case .seconds:
            let whole = value.rounded()
            return abs(whole) < 9e15 ? TimeSpan(seconds: Int64(whole)).description : Format.number(value) + "s"
        }
    }

    /// The JSON, written in pieces (the same bytes as `json(…).canonicalText()`).
    public static func writeJSON(_ check: QuotaCheck, basis: AnswerBasis, to emit: (UnsafeRawBufferPointer) -> Void) {
        var members = basis.jsonMembers
        members["format_version"] = .string("1")
        members["result"] = .string(check.status.name)
        let workspaces = check.workspaces
        AnswerDocument.write(members, workspaces: workspaces.count, { json(workspaces[$0]) }, to: emit)
    }

    public static func json(_ check: QuotaCheck, basis: AnswerBasis) -> JSON {
        var members = basis.jsonMembers
        members["format_version"] = .string("1")
        members["result"] = .string(check.status.name)
        members["workspaces"] = .array(check.workspaces.map(json))
        return .object(members)
    }

    static func json(_ workspace: QuotaCheck.Workspace) -> JSON {
        let members: [String: JSON] = [
            "name": .string(workspace.name),
            "status": .string(workspace.status.name),
            "warning_percent": number(workspace.warningPercent),
            "warning_percent_source": .string(workspace.warningPercentIsDefault ? "default" : "quota.warning"),
            "last_record": workspace.lastRecord.map { .string($0.description) } ?? .null,
            "quotas": .array(workspace.rows.map(json)),
        ]
        return .object(members)
    }

    static func json(_ row: QuotaCheck.Row) -> JSON {
        var members: [String: JSON] = [:]
        members["quota"] = .string(row.measure.rawValue)
        members["usage_field"] = .string(row.measure.usageField)
        members["unit"] = .string(row.measure.unit.rawValue)
        members["limit"] = number(row.limit)
        members["used"] = row.used.map(number) ?? .null
        members["measured_on"] = row.measuredOn.map { .string($0.description) } ?? .null
        members["percent"] = row.percent.map { number(($0 * 100).rounded() / 100) } ?? .null
        members["status"] = .string(row.status.name)
        members["trend_per_day"] = row.trendPerDay.map { number(($0 * 1000).rounded() / 1000) } ?? .null
        members["reached_on"] = row.reachedOn.map { .string($0.description) } ?? .null
        return .object(members)
    }

    /// A JSON number: whole values without a fraction, others as Swift prints the Double
    /// (the shortest text that reads back the same).
    static func number(_ value: Double) -> JSON {
        guard value.isFinite else { return .null }
        return .number(Format.number(value))
    }
}
