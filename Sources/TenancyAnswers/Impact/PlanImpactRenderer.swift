import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancySupport
import TenancyJSON

/// A plan's impact on tenants (`plan --usage`): after the text plan, leading the Markdown one
/// (like a cost diff in a pull request), and as the JSON plan's `impact` member.
package enum PlanImpactRenderer {
    static func signed(_ amount: Decimal, digits: Int) -> String {
        (amount > 0 ? "+" : "") + Currency.text(amount, digits: digits)
    }

    static func money(_ amount: Decimal?, digits: Int) -> String {
        amount.map { Currency.text($0, digits: digits) } ?? "-"
    }

    static func header(_ impact: PlanImpact, basis: AnswerBasis) -> String {
        "monthly cost for \(impact.month), projected to its end · \(basis.line)"
    }

    package static func text(_ impact: PlanImpact, basis: AnswerBasis) -> String {
        var out = "\nImpact on tenants: \(header(impact, basis: basis))\n"
        guard !impact.workspaces.isEmpty else { return out + "  no workspace changes\n" }
        var table = [["WORKSPACE", "CHANGE", "BEFORE", "AFTER", "DIFFERENCE", "QUOTAS BELOW CURRENT USE"]]
        for w in impact.workspaces {
            table.append([Terminal.escaped(w.address.name), w.action.rawValue, "\(w.currency) \(money(w.before, digits: w.digits))",
                          "\(w.currency) \(money(w.after, digits: w.digits))", signed(w.delta, digits: w.digits),
                          w.breaches.isEmpty ? (w.measured ? "-" : "(no usage records)") : w.breaches.map { breach($0) }.joined(separator: "; ")])
        }
        out += Table.render(table, rightAligned: [2, 3, 4], indent: 2)
        for total in impact.totals {
            out += "  Total \(total.currency): \(Currency.text(total.before, digits: total.digits)) → \(Currency.text(total.after, digits: total.digits)) "
                + "(\(signed(total.after - total.before, digits: total.digits)) a month)\n"
        }
        return out
    }

    static func breach(_ b: PlanImpact.Breach) -> String {
        let unit = b.measure.unit
        return "\(b.measure.rawValue) \(b.before.map { QuotaCheckRenderer.amount($0, unit) } ?? "(none)") → \(QuotaCheckRenderer.amount(b.after, unit)): "
            + "\(QuotaCheckRenderer.amount(b.used, unit)) in use"
    }

    /// What leads the Markdown plan: the cost change and the quota breaches.
    package static func markdown(_ impact: PlanImpact, basis: AnswerBasis) -> String {
        var out = "#### 💰 Cost change: "
        out += impact.totals.map { "\($0.currency) \(signed($0.after - $0.before, digits: $0.digits)) a month "
            + "(\(Currency.text($0.before, digits: $0.digits)) → \(Currency.text($0.after, digits: $0.digits)))" }.joined(separator: ", ")
        if impact.totals.isEmpty { out += "none" }
        out += "\n\n<sub>\(header(impact, basis: basis).replacingOccurrences(of: "|", with: "\\|"))</sub>\n\n"
        let breaches = impact.workspaces.flatMap { w in w.breaches.map { (w, $0) } }
        if !breaches.isEmpty {
            out += "> [!WARNING]\n> **\(breaches.count) quota\(breaches.count == 1 ? "" : "s") below current use:** "
            out += breaches.prefix(20).map { "`\($0.0.address.name)` \(breach($0.1))" }.joined(separator: "; ")
            out += breaches.count > 20 ? " and \(breaches.count - 20) more" : ""
            out += "\n\n"
        }
        if !impact.workspaces.isEmpty {
            out += "| workspace | change | before | after | difference |\n|---|---|---:|---:|---:|\n"
            for w in impact.workspaces.prefix(50) {
                out += "| `\(w.address.name)` | \(w.action.rawValue) | \(w.currency) \(money(w.before, digits: w.digits)) | "
                    + "\(w.currency) \(money(w.after, digits: w.digits)) | \(signed(w.delta, digits: w.digits)) |\n"
            }
            if impact.workspaces.count > 50 { out += "\n\(impact.workspaces.count - 50) more workspaces in `tenancy plan --usage --format json`.\n" }
            out += "\n"
        }
        return out
    }

    package static func json(_ impact: PlanImpact, basis: AnswerBasis) -> JSON {
        var members = basis.jsonMembers
        members["month"] = .string(impact.month.description)
        members["workspaces"] = .array(impact.workspaces.map { w in
            .object([
                "address": .string(w.address.description), "action": .string(w.action.rawValue), "currency": .string(w.currency),
                "monthly_before": w.before.map { .string(Currency.jsonText($0, digits: w.digits)) } ?? .null,
                "monthly_after": w.after.map { .string(Currency.jsonText($0, digits: w.digits)) } ?? .null,
                "monthly_difference": .string(Currency.jsonText(w.delta, digits: w.digits)),
                "measured": .bool(w.measured),
                "quotas_below_use": .array(w.breaches.map { b in
                    .object(["quota": .string(b.measure.rawValue), "before": b.before.map(QuotaCheckRenderer.number) ?? .null,
                             "after": QuotaCheckRenderer.number(b.after), "used": QuotaCheckRenderer.number(b.used),
                             "measured_on": .string(b.measuredOn.description)])
                }),
            ])
        })
        members["totals"] = .array(impact.totals.map { t in
            .object(["currency": .string(t.currency), "monthly_before": .string(Currency.jsonText(t.before, digits: t.digits)),
                     "monthly_after": .string(Currency.jsonText(t.after, digits: t.digits)),
                     "monthly_difference": .string(Currency.jsonText(t.after - t.before, digits: t.digits))])
        })
        return .object(members)
    }
}
