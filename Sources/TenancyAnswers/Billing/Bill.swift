import Foundation

/// One line of a workspace's bill: a service, how much of it at what unit price, and the amount,
/// rounded to the currency's minor unit at the line (docs/billing.md). The total is the sum of
/// the rounded lines, so the lines always add up to it, as on an invoice.
public struct BillLine: Sendable, Equatable {
    public enum Service: String, Sendable, CaseIterable {
        case base
        case executions
        case storage
        case api
        case executionOverage = "overage.executions"
        case storageOverage = "overage.storage"
        case overageCap = "overage.cap"
    }

    public let service: Service
    /// What the line is for (`enterprise, 12 of 30 days`, `executions within quota`).
    public let description: String
    /// Exact: executions, GiB-months, thousands of API calls, days.
    public let quantity: Decimal
    public let unit: String
    /// Nil for the base fee (a fraction of a monthly price) and the cap's adjustment.
    public let unitPrice: Decimal?
    public let amount: Decimal
    /// Why a line is not billed or is adjusted (overage not allowed, capped).
    public let note: String?
}

/// A workspace's bill for a period: so far (through "now") and projected to the period's end.
public struct WorkspaceBill: Sendable, Equatable {
    public let workspace: String
    public let currency: String
    /// The currency's minor unit: the amounts' decimals.
    public let digits: Int
    public let lines: [BillLine]
    public let total: Decimal
    public let projectedLines: [BillLine]
    public let projectedTotal: Decimal
    /// Days of the period with usage records, and days the workspace was billed (it existed).
    public let daysMeasured: Int
    public let daysBilled: Int
    public let budget: Decimal?
    public let budgetAlerts: [Double]
    /// The alert percentages the spend so far has reached, and those only the projection reaches.
    public let thresholdsCrossed: [Double]
    public let thresholdsProjected: [Double]
    /// The tiers billed, in order, with their days (`enterprise 18 days`).
    public let tiers: [(tier: String, days: Int)]
    public let notes: [String]

    /// How far through the budget the spend so far is, in percent.
    public var budgetPercent: Decimal? {
        guard let budget, budget > 0 else { return nil }
        return total / budget * 100
    }

    public var overBudget: Bool { budget.map { total > $0 } ?? false }

    public static func == (a: WorkspaceBill, b: WorkspaceBill) -> Bool {
        a.workspace == b.workspace && a.lines == b.lines && a.projectedLines == b.projectedLines && a.total == b.total
            && a.projectedTotal == b.projectedTotal && a.notes == b.notes
    }
}

/// Every chosen workspace's bill for one period, and the organization's totals by currency.
public struct BillingStatement: Sendable {
    public let period: Month
    /// The last day billed so far: now, or the period's last day when it is over.
    public let through: Day
    public let daysElapsed: Int
    public let bills: [WorkspaceBill]
    public let organization: String?
    /// What holds for every bill (days billed at settings older than the state knows).
    public let notes: [String]

    public struct Total: Sendable, Equatable {
        public let currency: String
        public let digits: Int
        public let total: Decimal
        public let projected: Decimal
        public let workspaces: Int
    }

    /// Totals per currency (amounts in different currencies are never added), by currency code.
    public var totals: [Total] {
        var sums: [String: Total] = [:]
        for bill in bills {
            let old = sums[bill.currency]
            sums[bill.currency] = Total(currency: bill.currency, digits: bill.digits, total: (old?.total ?? 0) + bill.total,
                                        projected: (old?.projected ?? 0) + bill.projectedTotal, workspaces: (old?.workspaces ?? 0) + 1)
        }
        return sums.values.sorted { $0.currency < $1.currency }
    }
}
