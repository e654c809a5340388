import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// What a plan does to real tenants (`tenancy plan --usage`): each changed workspace's monthly
/// cost before and after (the month of "now", projected to its end as `tenancy billing` does, once
/// with the applied settings and once with the planned ones), and every quota the change puts
/// below current use.
package struct PlanImpact: Sendable {
    /// A quota the change sets below what the workspace uses now.
    package struct Breach: Sendable, Equatable {
        package let measure: QuotaMeasure
        package let before: Double?
        package let after: Double
        package let used: Double
        package let measuredOn: Day
    }

    package struct Workspace: Sendable {
        package let address: Address
        package let action: Plan.Action
        package let currency: String
        package let digits: Int
        /// Nil for a workspace created by the plan.
        package let before: Decimal?
        /// Nil for one the plan deletes.
        package let after: Decimal?
        package let breaches: [Breach]
        /// Whether the usage holds records of it.
        package let measured: Bool

        package var delta: Decimal { (after ?? 0) - (before ?? 0) }
    }

    package let month: Month
    package let now: Day?
    package let workspaces: [Workspace]

    /// Totals by currency: before, after, and the change.
    package var totals: [(currency: String, digits: Int, before: Decimal, after: Decimal)] {
        var sums: [String: (digits: Int, before: Decimal, after: Decimal)] = [:]
        for w in workspaces {
            let old = sums[w.currency] ?? (w.digits, 0, 0)
            sums[w.currency] = (w.digits, old.before + (w.before ?? 0), old.after + (w.after ?? 0))
        }
        return sums.keys.sorted().compactMap { key in sums[key].map { (key, $0.digits, $0.before, $0.after) } }
    }

    package init(plan: Plan, usage: UsageSummary) {
        let now = usage.now
        let month = (now ?? Day(ordinal: 0)).month
        self.month = month
        self.now = now
        let through = BillingCalculator.through(month, now: now)
        var rows: [Workspace] = []
        for change in plan.effectiveChanges where change.address.kind == .workspace && change.action != .noop {
            let name = change.address.name
            // Records come under the name the platform knows: the old one until a rename applies.
            let used = usage.workspaces[name] ?? change.previousAddress.flatMap { usage.workspaces[$0.name] }
            let before = change.before.map { WorkspaceSettings(name: name, attributes: $0.attributes) }
            let after = change.after.map { WorkspaceSettings(name: name, attributes: $0.attributes) }
            // The workspace's recent days under its new name, once for both bills.
            var summary = UsageSummary(until: now, keepsTotals: false)
            for record in used?.recent ?? RecentRecords(capacity: 1) {
                var renamed = record
                renamed.workspace = name
                summary.add(renamed)
            }
            func cost(_ settings: WorkspaceSettings?) -> (amount: Decimal, currency: String)? {
                guard let settings else { return nil }
                let timeline = BillingTimeline(current: [name: settings], serial: 0)
                let bill = BillingCalculator(period: month, through: through, timeline: timeline)
                    .statement([settings], usage: summary, organization: nil).bills.first
                return bill.map { ($0.projectedTotal, $0.currency) }
            }
            let old = cost(before), new = cost(after)
            let currency = new?.currency ?? old?.currency ?? "USD"
            var breaches: [Breach] = []
            if let after, let used, let now {
                for measure in QuotaMeasure.allCases {
                    guard let limit = after.quotas[measure], limit != before?.quotas[measure],
                          let record = used.recent.last(where: { $0.date <= now && measure.value(in: $0) != nil }),
                          let value = measure.value(in: record), value > limit else { continue }
                    breaches.append(Breach(measure: measure, before: before?.quotas[measure], after: limit, used: value, measuredOn: record.date))
                }
            }
            rows.append(Workspace(address: change.address, action: change.action, currency: currency, digits: Currency.minorUnits(currency),
                                  before: old?.amount, after: new?.amount, breaches: breaches, measured: used != nil))
        }
        workspaces = rows
    }

    /// The breaches as diagnostics: warnings, or errors with `--strict-usage`.
    package func diagnostics(strict: Bool) -> Diagnostics {
        var items: [Diagnostic] = []
        for workspace in workspaces {
            for breach in workspace.breaches {
                let unit = breach.measure.unit
                let summary = "quotas.\(breach.measure.rawValue) \(breach.before.map { QuotaCheckRenderer.amount($0, unit) } ?? "(none)") → "
                    + "\(QuotaCheckRenderer.amount(breach.after, unit)): \(QuotaCheckRenderer.amount(breach.used, unit)) in use, over the new limit"
                let detail = "\(breach.measure.usageField) was \(QuotaCheckRenderer.amount(breach.used, unit)) on \(breach.measuredOn) in the usage; "
                    + "the platform would hold \(workspace.address.name) over its quota as soon as this applies."
                let hint = "keep the quota at or above current use, or bring the use down first"
                items.append(strict
                    ? .error(.planQuotaBelowUsage, summary, detail: detail, hint: hint, address: workspace.address.description)
                    : .warning(.planQuotaBelowUsage, summary, detail: detail, hint: hint + " (--strict-usage makes this an error)",
                               address: workspace.address.description))
            }
        }
        return Diagnostics(items)
    }
}

