import Foundation
import TenancyAnswers
import TenancyJSON
import TenancySupport

/// `billing.threshold` and `billing.over-budget` from the bills (the same computation as `tenancy
/// billing`): each budget alert percentage the spend so far reaches, once per billing month; each
/// one only the projection to the month's end reaches, once per month too (a projection
/// crossing); spend past the budget, once per month.
package enum BillingEvents {
    package static func due(_ statement: BillingStatement, subscriptions: Subscriptions, history: DeliveryHistory) -> [DueEvent] {
        var due: [DueEvent] = []
        let month = statement.period.description
        for bill in statement.bills {
            guard let budget = bill.budget else { continue }
            let money = { (amount: Decimal) in Currency.text(amount, digits: bill.digits, grouped: false) }
            func data(_ threshold: Double?, basis: String) -> JSON {
                var members: [String: JSON] = [
                    "period": .string(month), "budget": .string(money(budget)), "spent": .string(money(bill.total)),
                    "projected": .string(money(bill.projectedTotal)), "currency": .string(bill.currency),
                    "basis": .string(basis), "through": .string(statement.through.description),
                ]
                if let threshold { members["threshold"] = .number(Format.number(threshold)) }
                return .object(members)
            }
            /// The event once for the routes that have not had it (asked of the log before it is built).
            func add(series: String, to routes: [NotificationRoute], percent: Double?, _ make: () -> NotificationEvent) {
                let key = series + "/" + month
                let waiting = routes.filter { ($0.percent == nil || $0.percent == percent) && history.latest(key: key, integration: $0.integration) == nil }
                guard !waiting.isEmpty else { return }
                let event = make()
                for route in waiting { due.append(DueEvent(event: event, integration: route.integration, isRetry: false)) }
            }
            let thresholds = subscriptions.routes(.billingThreshold, workspace: bill.workspace)
            if !thresholds.isEmpty {
                // The spend so far, and the projection to the month's end, each at its own levels.
                let crossings = [(bill.thresholdsCrossed, "", "spent"), (bill.thresholdsProjected, "/projected", "projected")]
                for (levels, suffix, basis) in crossings {
                    for level in levels {
                        let series = "billing.threshold/\(bill.workspace)/\(Format.number(level))" + suffix
                        add(series: series, to: thresholds, percent: level) {
                            let what = basis == "spent" ? "spend reached \(Format.number(level))% of its \(money(budget)) \(bill.currency) budget for \(month) (\(money(bill.total)) so far)"
                                : "projected to reach \(Format.number(level))% of its \(money(budget)) \(bill.currency) budget for \(month) (\(money(bill.projectedTotal)) by the month's end)"
                            return NotificationEvent(name: .billingThreshold, workspace: bill.workspace, series: series, period: month,
                                              title: "\(bill.workspace): " + what, occurred: statement.through.description,
                                              data: data(level, basis: basis))
                        }
                    }
                }
            }
            let over = subscriptions.routes(.billingOverBudget, workspace: bill.workspace)
            if !over.isEmpty, bill.overBudget {
                let series = "billing.over-budget/\(bill.workspace)"
                add(series: series, to: over, percent: nil) {
                    NotificationEvent(
                        name: .billingOverBudget, workspace: bill.workspace, series: series, period: month,
                        title: "\(bill.workspace): over its \(money(budget)) \(bill.currency) budget for \(month) (\(money(bill.total)) so far)",
                        occurred: statement.through.description, data: data(nil, basis: "spent"))
                }
            }
        }
        return due
    }
}
