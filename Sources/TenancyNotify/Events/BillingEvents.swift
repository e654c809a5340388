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
            func add(_ event: NotificationEvent, to routes: [NotificationRoute], percent: Double?) {
                for route in routes where route.percent == nil || route.percent == percent {
                    if history.latest(key: event.key, integration: route.integration) == nil {
                        due.append(DueEvent(event: event, integration: route.integration, isRetry: false))
                    }
                }
            }
            let thresholds = subscriptions.routes(.billingThreshold, workspace: bill.workspace)
            if !thresholds.isEmpty {
                for level in bill.thresholdsCrossed {
                    let event = NotificationEvent(
                        name: .billingThreshold, workspace: bill.workspace, series: "billing.threshold/\(bill.workspace)/\(Format.number(level))",
                        period: month, title: "\(bill.workspace): spend reached \(Format.number(level))% of its \(money(budget)) \(bill.currency) budget for \(month) (\(money(bill.total)) so far)",
                        occurred: statement.through.description, data: data(level, basis: "spent"))
                    add(event, to: thresholds, percent: level)
                }
                for level in bill.thresholdsProjected {
                    let event = NotificationEvent(
                        name: .billingThreshold, workspace: bill.workspace, series: "billing.threshold/\(bill.workspace)/\(Format.number(level))/projected",
                        period: month, title: "\(bill.workspace): projected to reach \(Format.number(level))% of its \(money(budget)) \(bill.currency) budget for \(month) (\(money(bill.projectedTotal)) by the month's end)",
                        occurred: statement.through.description, data: data(level, basis: "projected"))
                    add(event, to: thresholds, percent: level)
                }
            }
            let over = subscriptions.routes(.billingOverBudget, workspace: bill.workspace)
            if !over.isEmpty, bill.overBudget {
                let event = NotificationEvent(
                    name: .billingOverBudget, workspace: bill.workspace, series: "billing.over-budget/\(bill.workspace)", period: month,
                    title: "\(bill.workspace): over its \(money(budget)) \(bill.currency) budget for \(month) (\(money(bill.total)) so far)",
                    occurred: statement.through.description, data: data(nil, basis: "spent"))
                add(event, to: over, percent: nil)
            }
        }
        return due
    }
}
