import Foundation

/// One line of a workspace's bill: a service, how much of it at what unit price, and the amount,
/// rounded to the currency's minor unit at the line (docs/billing.md). The total is the sum of
/// the rounded lines, so the lines always add up to it, as on an invoice.
package struct BillLine: Sendable, Equatable {
    package enum Service: String, Sendable, CaseIterable {
        case base
        case executions
        case storage
        case api
        case executionOverage = "overage.executions"
        case storageOverage = "overage.storage"
        case overageCap = "overage.cap"
    }

    package let service: Service
    /// What the line is for (`enterprise, 12 of 30 days`, `executions within quota`).
    package let description: String
    /// Exact: executions, GiB-months, thousands of API calls, days.
    package let quantity: Decimal
    package let unit: String
    /// Nil for the base fee (a fraction of a monthly price) and the cap's adjustment.
    package let unitPrice: Decimal?
    package let amount: Decimal
    /// Why a line is not billed or is adjusted (overage not allowed, capped).
    package let note: String?
}

/// A workspace's bill for a period: so far (through "now") and projected to the period's end.
package struct WorkspaceBill: Sendable, Equatable {
    package let workspace: String
    package let currency: String
    /// The currency's minor unit: the amounts' decimals.
    package let digits: Int
    package let lines: [BillLine]
    package let total: Decimal
    package let projectedLines: [BillLine]
    package let projectedTotal: Decimal
    /// Days of the period with usage records, and days the workspace was billed (it existed).
    package let daysMeasured: Int
    package let daysBilled: Int
    /// The last day of the period with a usage record (nil: none), and the days billed after it:
    /// those are billed the base fee only, their usage projected with the rest of the month
    /// (never billed as zero usage without a word).
    package let lastMeasured: Day?
    package let daysAfterLastRecord: Int
    package let budget: Decimal?
    package let budgetAlerts: [Double]
    /// The alert percentages the spend so far has reached, and those only the projection reaches.
    package let thresholdsCrossed: [Double]
    package let thresholdsProjected: [Double]
    /// The tiers billed, in order, with their days (`enterprise 18 days`).
    package let tiers: [(tier: String, days: Int)]
    package let notes: [String]

    /// How far through the budget the spend so far is, in percent.
    package var budgetPercent: Decimal? {
        guard let budget, budget > 0 else { return nil }
        return total / budget * 100
    }

    package var overBudget: Bool { budget.map { total > $0 } ?? false }

    package static func == (a: WorkspaceBill, b: WorkspaceBill) -> Bool {
        a.workspace == b.workspace && a.lines == b.lines && a.projectedLines == b.projectedLines && a.total == b.total
            && a.projectedTotal == b.projectedTotal && a.notes == b.notes
    }
}

/// Every chosen workspace's bill for one period, and the organization's totals by currency.
package struct BillingStatement: Sendable {
    package let period: Month
    /// The last day billed so far: now, or the period's last day when it is over.
    package let through: Day
    package let daysElapsed: Int
    package let bills: [WorkspaceBill]
    package let organization: String?
    /// What holds for every bill (days billed at settings older than the state knows).
    package let notes: [String]

    package struct Total: Sendable, Equatable {
        package let currency: String
        package let digits: Int
        package let total: Decimal
        package let projected: Decimal
        package let workspaces: Int
    }

    /// Totals per currency (amounts in different currencies are never added), by currency code.
    package var totals: [Total] {
        var sums: [String: Total] = [:]
        for bill in bills {
            let old = sums[bill.currency]
            sums[bill.currency] = Total(currency: bill.currency, digits: bill.digits, total: (old?.total ?? 0) + bill.total,
                                        projected: (old?.projected ?? 0) + bill.projectedTotal, workspaces: (old?.workspaces ?? 0) + 1)
        }
        return sums.values.sorted { $0.currency < $1.currency }
    }
}
