import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancySupport
import TenancyJSON

/// `tenancy billing` for people (a bill per workspace, the organization's totals) and for
/// machines (JSON, amounts as decimal strings: docs/billing.md).
package enum BillingRenderer {
    package enum Result: String, Sendable {
        case ok
        /// A budget alert threshold is crossed by the spend so far.
        case threshold
        /// The spend so far is past the budget.
        case overBudget = "over-budget"
    }

    package static func result(_ statement: BillingStatement) -> Result {
        if statement.bills.contains(where: \.overBudget) { return .overBudget }
        if statement.bills.contains(where: { !$0.thresholdsCrossed.isEmpty }) { return .threshold }
        return .ok
    }

    package static func text(_ statement: BillingStatement, basis: AnswerBasis) -> String {
        AnswerText.collect { writeText(statement, basis: basis, to: $0) }
    }

    /// The text, written in pieces (`AnswerText`).
    package static func writeText(_ statement: BillingStatement, basis: AnswerBasis, to emit: (UnsafeRawBufferPointer) -> Void) {
        let period = statement.period, through = statement.through, bills = statement.bills
        var heading = "Billing for \(period) through \(through) (\(statement.daysElapsed) of \(period.days) days) · \(basis.line)\n"
        for note in statement.notes { heading += "Note: \(note)\n" }
        AnswerText.write(heading: heading, sections: bills.count, { section(bills[$0], period: period, through: through) }, ending: {
            var out = "\n" + (statement.organization.map { "Organization \(Terminal.escaped($0))" } ?? "All workspaces") + "\n"
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
        }, to: emit)
    }

    /// One workspace's bill: a blank line, its heading, its lines, total and budget.
    static func section(_ bill: WorkspaceBill, period: Month, through: Day) -> String {
        var out = "\n"
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
        out += through < period.last
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
        return out
    }

    /// `5,712,345 executions`, `1,612.345 GiB-months`, `30 days`.
    package static func quantity(_ line: BillLine) -> String {
        switch line.service {
        case .overageCap: return ""
        case .base: return "\(Currency.text(line.quantity, digits: 0)) \(line.unit)"
        case .storage, .storageOverage, .api: return "\(Currency.text(line.quantity, digits: 3)) \(line.unit)"
        default: return "\(Currency.text(line.quantity, digits: 0)) \(line.unit)"
        }
    }

    /// A unit price with the decimals it was written with (at least two).
    package static func price(_ value: Decimal, grouped: Bool = true) -> String {
        var digits = 2
        while digits < 6, Currency.rounded(value, digits: digits) != value { digits += 1 }
        return Currency.text(value, digits: digits, grouped: grouped)
    }

    /// The JSON, written in pieces (the same bytes as `json(…).canonicalText()`).
    package static func writeJSON(_ statement: BillingStatement, basis: AnswerBasis, to emit: (UnsafeRawBufferPointer) -> Void) {
        guard case var .object(members) = json(statement, basis: basis, bills: false) else { return }
        members.removeValue(forKey: "workspaces")
        let bills = statement.bills
        AnswerDocument.write(members, workspaces: bills.count, writing: { i, writer in write(bills[i], into: &writer) }, to: emit)
    }

    package static func json(_ statement: BillingStatement, basis: AnswerBasis) -> JSON {
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

    package static func json(_ bill: WorkspaceBill) -> JSON {
        var writer = JSONWriter(layout: .compact)
        write(bill, into: &writer)
        return (try? JSONParser.parse(writer.take())) ?? .null
    }

    /// One workspace's bill, its keys in byte order (the canonical writer checks them in debug).
    static func write(_ bill: WorkspaceBill, into w: inout JSONWriter) {
        func money(_ amount: Decimal) { w.string(Currency.jsonText(amount, digits: bill.digits)) }
        func numbers(_ values: [Double]) {
            w.beginArray()
            for value in values { w.number(Format.number(value)) }
            w.endArray()
        }
        func lines(_ lines: [BillLine]) {
            w.beginArray()
            for line in lines { write(line, digits: bill.digits, into: &w) }
            w.endArray()
        }
        w.beginObject()
        w.key("budget")
        if let budget = bill.budget { money(budget) } else { w.null() }
        w.key("budget_alerts"); numbers(bill.budgetAlerts)
        w.key("currency"); w.string(bill.currency)
        w.key("days_after_last_record"); w.int(bill.daysAfterLastRecord)
        w.key("days_billed"); w.int(bill.daysBilled)
        w.key("days_measured"); w.int(bill.daysMeasured)
        w.key("last_measured")
        if let day = bill.lastMeasured { w.string(day.description) } else { w.null() }
        w.key("lines"); lines(bill.lines)
        w.key("name"); w.string(bill.workspace)
        w.key("notes")
        w.beginArray()
        for note in bill.notes { w.string(note) }
        w.endArray()
        w.key("over_budget"); w.bool(bill.overBudget)
        w.key("projected_lines"); lines(bill.projectedLines)
        w.key("projected_total"); money(bill.projectedTotal)
        w.key("thresholds_crossed"); numbers(bill.thresholdsCrossed)
        w.key("thresholds_projected"); numbers(bill.thresholdsProjected)
        w.key("tiers")
        w.beginArray()
        for tier in bill.tiers {
            w.beginObject()
            w.key("days"); w.int(tier.days)
            w.key("tier"); w.string(tier.tier)
            w.endObject()
        }
        w.endArray()
        w.key("total"); money(bill.total)
        w.endObject()
    }

    static func write(_ line: BillLine, digits: Int, into w: inout JSONWriter) {
        w.beginObject()
        w.key("amount"); w.string(Currency.jsonText(line.amount, digits: digits))
        w.key("description"); w.string(line.description)
        w.key("note")
        if let note = line.note { w.string(note) } else { w.null() }
        w.key("quantity")
        w.string(Currency.text(line.quantity, digits: line.service == .base || line.service == .overageCap ? 0 : 6, grouped: false))
        w.key("service"); w.string(line.service.rawValue)
        w.key("unit"); w.string(line.unit)
        w.key("unit_price")
        if let price = line.unitPrice { w.string(Self.price(price, grouped: false)) } else { w.null() }
        w.endObject()
    }

    /// Money in JSON: a decimal string with the currency's decimals, never a binary float.
    static func money(_ amount: Decimal, _ digits: Int) -> JSON { .string(Currency.jsonText(amount, digits: digits)) }
}
