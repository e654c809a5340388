import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancySupport

/// `tenancy billing` for people (a bill per workspace, the organization's totals) and for
/// machines (JSON, amounts as decimal strings: docs/billing.md).
public enum BillingRenderer {
    public enum Result: String, Sendable {
        case ok
        /// A budget alert threshold is crossed by the spend so far.
        case threshold
        /// The spend so far is past the budget.
        case overBudget = "over-budget"
    }

    public static func result(_ statement: BillingStatement) -> Result {
        if statement.bills.contains(where: \.overBudget) { return .overBudget }
        if statement.bills.contains(where: { !$0.thresholdsCrossed.isEmpty }) { return .threshold }
        return .ok
    }

    public static func text(_ statement: BillingStatement, basis: AnswerBasis) -> String {
        let period = statement.period
        var out = "Billing for \(period) through \(statement.through) (\(statement.daysElapsed) of \(period.days) days) · \(basis.line)\n"
        for note in statement.notes { out += "Note: \(note)\n" }
        for bill in statement.bills {
            out += "\n"
            let tiers = bill.tiers.map { bill.tiers.count > 1 ? "\($0.tier) \(Format.count($0.days, "day"))" : $0.tier }
            out += "Workspace \(Terminal.escaped(bill.workspace)) · \(tiers.isEmpty ? "no day billed yet" : tiers.joined(separator: " then ")) · \(bill.currency)\n"
            var table = [["SERVICE", "QUANTITY", "UNIT PRICE", "AMOUNT"]]
            for line in bill.lines {
                table.append([line.description, quantity(line), line.unitPrice.map { price($0) } ?? "",
                              Currency.text(line.amount, digits: bill.digits)])
            }
            if !bill.lines.isEmpty { out += Table.render(table, rightAligned: [1, 2, 3], indent: 2) }
            for line in bill.lines { if let note = line.note { out += "    \(line.description): \(note)\n" } }
            out += "  Total so far: \(bill.currency) \(Currency.text(bill.total, digits: bill.digits))"
            out += statement.through < period.last
                ? " · projected for \(period): \(bill.currency) \(Currency.text(bill.projectedTotal, digits: bill.digits))\n" : "\n"
            if let budget = bill.budget {
                out += "  Budget: \(bill.currency) \(Currency.text(budget, digits: bill.digits)) a month"
                if let percent = bill.budgetPercent { out += ", \(Currency.text(percent, digits: 1))% spent" }
                if !bill.budgetAlerts.isEmpty {
                    out += "; alerts at " + bill.budgetAlerts.map { Format.number($0) + "%" }.joined(separator: ", ") + ": "
                    out += bill.thresholdsCrossed.isEmpty ? "none crossed" : "crossed " + bill.thresholdsCrossed.map { Format.number($0) + "%" }.joined(separator: ", ")
                    if !bill.thresholdsProjected.isEmpty {
                        out += ", projected to cross " + bill.thresholdsProjected.map { Format.number($0) + "%" }.joined(separator: ", ")
                    }
                }
                out += bill.overBudget ? " · OVER BUDGET\n" : "\n"
            }
            for note in bill.notes { out += "  Note: \(note)\n" }
        }
        out += "\n" + (statement.organization.map { "Organization \(Terminal.escaped($0))" } ?? "All workspaces") + "\n"
        var table: [[String]] = [["CURRENCY", "SO FAR", "PROJECTED", "WORKSPACES"]]
        for total in statement.totals {
            table.append([total.currency, Currency.text(total.total, digits: total.digits),
                          Currency.text(total.projected, digits: total.digits), String(total.workspaces)])
        }
        out += Table.render(table, rightAligned: [1, 2, 3], indent: 2)
        switch result(statement) {
        case .ok: break
        case .threshold: out += "\nResult: a budget alert threshold is crossed\n"
        case .overBudget: out += "\nResult: over budget\n"
        }
        return out
    }

    /// `5,712,345 executions`, `1,612.345 GiB-months`, `30 days`.
    static func quantity(_ line: BillLine) -> String {
        switch line.service {
        case .overageCap: return ""
        case .base: return "\(Currency.text(line.quantity, digits: 0)) \(line.unit)"
        case .storage, .storageOverage, .api: return "\(Currency.text(line.quantity, digits: 3)) \(line.unit)"
        default: return "\(Currency.text(line.quantity, digits: 0)) \(line.unit)"
        }
    }

    /// A unit price with the decimals it was written with (at least two).
    static func price(_ value: Decimal) -> String {
        var digits = 2
        while digits < 6, Currency.rounded(value, digits: digits) != value { digits += 1 }
        return Currency.text(value, digits: digits)
    }

    /// The JSON, written in pieces (the same bytes as `json(…).canonicalText()`).
    public static func writeJSON(_ statement: BillingStatement, basis: AnswerBasis, to emit: (UnsafeRawBufferPointer) -> Void) {
        guard case var .object(members) = json(statement, basis: basis, bills: false) else { return }
        members.removeValue(forKey: "workspaces")
        let bills = statement.bills
        AnswerDocument.write(members, workspaces: bills.count, { json(bills[$0]) }, to: emit)
    }

    public static func json(_ statement: BillingStatement, basis: AnswerBasis) -> JSON {
        json(statement, basis: basis, bills: true)
    }

    static func json(_ statement: BillingStatement, basis: AnswerBasis, bills: Bool) -> JSON {
        var members = basis.jsonMembers
        members["format_version"] = .string("1")
        members["period"] = .string(statement.period.description)
        members["through"] = .string(statement.through.description)
        members["days_elapsed"] = .int(statement.daysElapsed)
        members["days_in_period"] = .int(statement.period.days)
        members["result"] = .string(result(statement).rawValue)
        members["notes"] = .array(statement.notes.map(JSON.string))
        members["workspaces"] = bills ? .array(statement.bills.map(json)) : .array([])
        members["organization"] = .object([
            "name": statement.organization.map(JSON.string) ?? .null,
            "totals": .array(statement.totals.map { total in
                .object(["currency": .string(total.currency), "total": money(total.total, total.digits),
                         "projected": money(total.projected, total.digits), "workspaces": .int(total.workspaces)])
            }),
        ])
        return .object(members)
    }

    static func json(_ bill: WorkspaceBill) -> JSON {
        var members: [String: JSON] = [:]
        members["name"] = .string(bill.workspace)
        members["currency"] = .string(bill.currency)
        members["tiers"] = .array(bill.tiers.map { .object(["tier": .string($0.tier), "days": .int($0.days)]) })
        members["days_billed"] = .int(bill.daysBilled)
        members["days_measured"] = .int(bill.daysMeasured)
        let lines = JSON.array(bill.lines.map { json($0, digits: bill.digits) })
        members["lines"] = lines
        members["total"] = money(bill.total, bill.digits)
        // A month that is over projects to its bill: the same lines, formatted once.
        members["projected_lines"] = bill.projectedLines == bill.lines ? lines : .array(bill.projectedLines.map { json($0, digits: bill.digits) })
        members["projected_total"] = money(bill.projectedTotal, bill.digits)
        members["budget"] = bill.budget.map { money($0, bill.digits) } ?? .null
        members["budget_alerts"] = .array(bill.budgetAlerts.map { .number(Format.number($0)) })
        members["thresholds_crossed"] = .array(bill.thresholdsCrossed.map { .number(Format.number($0)) })
        members["thresholds_projected"] = .array(bill.thresholdsProjected.map { .number(Format.number($0)) })
        members["over_budget"] = .bool(bill.overBudget)
        members["notes"] = .array(bill.notes.map(JSON.string))
        return .object(members)
    }

    static func json(_ line: BillLine, digits: Int) -> JSON {
        var members: [String: JSON] = [:]
        members["service"] = .string(line.service.rawValue)
        members["description"] = .string(line.description)
        members["quantity"] = .string(Currency.text(line.quantity, digits: line.service == .base || line.service == .overageCap ? 0 : 6, grouped: false))
        members["unit"] = .string(line.unit)
        members["unit_price"] = line.unitPrice.map { .string(price($0).replacingOccurrences(of: ",", with: "")) } ?? .null
        members["amount"] = money(line.amount, digits)
        members["note"] = line.note.map(JSON.string) ?? .null
        return .object(members)
    }

    /// Money in JSON: a decimal string with the currency's decimals, never a binary float.
    static func money(_ amount: Decimal, _ digits: Int) -> JSON { .string(Currency.jsonText(amount, digits: digits)) }
}
