import Foundation

/// A period's bills from the usage and the settings in force day by day (docs/billing.md):
/// - base: the tier's monthly price × days at that tier ÷ days in the month;
/// - executions and API calls at the unit prices of the day's settings; storage in GiB-months
///   (each day's bytes ÷ 2^30, summed, ÷ days in the month);
/// - what lies past `quotas.executionsPerDay` or `quotas.storage` on a day is overage: billed at
///   the same unit prices when `overage.allowed`, at most `overage.cap` in all, otherwise listed
///   and not billed;
/// - every amount is exact (Decimal) until its line is rounded, half away from zero, to the
///   currency's minor unit; totals are sums of rounded lines;
/// - the projection adds the rest of the month at the last day's settings: executions and API
///   calls at their daily average so far, storage at its last measured level.
public struct BillingCalculator: Sendable {
    public let period: Month
    public let through: Day
    public let timeline: BillingTimeline

    static let gibibyte = Decimal(1 << 30)

    public init(period: Month, through: Day, timeline: BillingTimeline) {
        self.period = period
        self.through = through
        self.timeline = timeline
    }

    /// The last day billed for a period given "now": now when it falls in the period, the
    /// period's last day when it is over, and the day before its first when it has not begun.
    public static func through(_ period: Month, now: Day?) -> Day {
        guard let now else { return period.last }
        return min(max(now, period.first.adding(days: -1)), period.last)
    }

    public func statement(_ workspaces: [WorkspaceSettings], usage: UsageSummary, organization: String?) -> BillingStatement {
        let bills = workspaces.map { bill($0.name, usage: usage.workspaces[$0.name]) }
        var notes: [String] = []
        if period.first < timeline.knownFrom, period.first <= through {
            let first = timeline.spans[0]
            let before = min(first.from.adding(days: -1), through)
            notes.append("\(period.first) to \(before) precede the oldest kept version of the state (serial \(first.serial)): billed at its settings")
        }
        return BillingStatement(period: period, through: through, daysElapsed: max(0, through - period.first + 1), bills: bills,
                                organization: organization, notes: notes)
    }

    /// What one day adds to a line: a key (service, unit price, billed) and a quantity.
    struct Key: Hashable {
        let service: BillLine.Service
        let price: Decimal
        let billed: Bool
        /// The base fee's tier label, the order lines are printed in.
        let label: String
    }

    struct Ledger {
        var quantities: [Key: Decimal] = [:]
        var order: [Key] = []

        mutating func add(_ key: Key, _ quantity: Decimal) {
            if quantities[key] == nil { order.append(key) }
            quantities[key, default: 0] += quantity
        }
    }

    /// The usage of one day, as billing sees it.
    struct DayUsage: Sendable {
        var executions: Decimal
        var dataBytes: Decimal
        var apiCalls: Decimal
    }

    func charge(_ usage: DayUsage?, settings: WorkspaceSettings, into ledger: inout Ledger) {
        let billing = settings.billing
        let tier = billing.tier?.rawValue ?? "no tier"
        ledger.add(Key(service: .base, price: PriceList.base(billing), billed: true, label: tier), 1)
        guard let usage else { return }
        let prices = PriceList.unitPrices(billing)
        let overage = billing.overageAllowed
        let (executions, executionsOver) = split(usage.executions, limit: settings.quotas[.executionsPerDay])
        ledger.add(Key(service: .executions, price: prices.perExecution, billed: true, label: ""), executions)
        if executionsOver > 0 {
            ledger.add(Key(service: .executionOverage, price: prices.perExecution, billed: overage, label: ""), executionsOver)
        }
        let (bytes, bytesOver) = split(usage.dataBytes, limit: settings.quotas[.storage])
        ledger.add(Key(service: .storage, price: prices.perGiBMonth, billed: true, label: ""), bytes)
        if bytesOver > 0 {
            ledger.add(Key(service: .storageOverage, price: prices.perGiBMonth, billed: overage, label: ""), bytesOver)
        }
        ledger.add(Key(service: .api, price: prices.perThousandApiCalls, billed: true, label: ""), usage.apiCalls)
    }

    func split(_ amount: Decimal, limit: Double?) -> (within: Decimal, over: Decimal) {
        guard let limit, limit < 9e18 else { return (amount, 0) }
        let cap = Decimal(Int64(limit))
        return amount > cap ? (cap, amount - cap) : (amount, 0)
    }

    func bill(_ workspace: String, usage: WorkspaceUsage?) -> WorkspaceBill {
        var byDay: [Day: DayUsage] = [:]
        for record in usage.map({ Array($0.recent) }) ?? [] where record.date >= period.first && record.date <= through {
            byDay[record.date] = DayUsage(executions: Decimal(record.executions ?? 0), dataBytes: Decimal(record.dataBytes ?? 0),
                                      apiCalls: Decimal(record.apiCalls ?? 0))
        }
        var ledger = Ledger()
        var measured = 0, billed = 0
        var tiers: [(tier: String, days: Int)] = []
        var last: WorkspaceSettings?
        var sums = DayUsage(executions: 0, dataBytes: 0, apiCalls: 0)
        var lastBytes: Decimal?
        var day = period.first
        while day <= through {
            defer { day = day.adding(days: 1) }
            guard let settings = timeline.settings(workspace, on: day) else { continue }
            billed += 1
            let tier = settings.billing.tier?.rawValue ?? "no tier"
            if tiers.last?.tier == tier { tiers[tiers.count - 1].days += 1 } else { tiers.append((tier, 1)) }
            let usage = byDay[day]
            if let usage {
                measured += 1
                sums.executions += usage.executions
                sums.apiCalls += usage.apiCalls
                lastBytes = usage.dataBytes
            }
            charge(usage, settings: settings, into: &ledger)
            last = settings
        }
        let final = last ?? timeline.settings(workspace, on: period.last) ?? WorkspaceSettings(name: workspace)
        let currency = final.billing.currency
        let digits = Currency.minorUnits(currency)
        let lines = self.lines(ledger, settings: final, digits: digits)

        // The rest of the month at the last day's settings.
        var projected = ledger
        var remaining = period.last - max(through, period.first.adding(days: -1))
        if last == nil, timeline.settings(workspace, on: period.last) == nil { remaining = 0 }
        if remaining > 0 {
            let average = measured > 0
                ? DayUsage(executions: sums.executions / Decimal(measured), dataBytes: lastBytes ?? 0, apiCalls: sums.apiCalls / Decimal(measured))
                : nil
            for _ in 0..<remaining { charge(average, settings: final, into: &projected) }
        }
        let projectedLines = self.lines(projected, settings: final, digits: digits)

        let total = lines.reduce(Decimal(0)) { $0 + $1.amount }
        let projectedTotal = projectedLines.reduce(Decimal(0)) { $0 + $1.amount }
        let budget = final.billing.budget?.amount
        let alerts = final.billing.budgetAlerts
        var crossed: [Double] = [], projectedOnly: [Double] = []
        if let budget {
            for alert in alerts {
                let threshold = budget * (Decimal(string: Self.percentText(alert)) ?? Decimal(alert)) / 100
                if total >= threshold { crossed.append(alert) } else if projectedTotal >= threshold { projectedOnly.append(alert) }
            }
        }
        var notes: [String] = []
        if through < period.first { notes.append("\(period) has not begun: only the projection") }
        else if billed == 0 { notes.append("not applied during \(period): nothing billed") }
        else if measured == 0 { notes.append("no usage records in \(period) through \(through): only the base fee is billed") }
        if !alerts.isEmpty, budget == nil {
            notes.append("budgetAlerts are set but billing.budget is not: no threshold can be checked")
        }
        return WorkspaceBill(workspace: workspace, currency: currency, digits: digits, lines: lines, total: total,
                             projectedLines: projectedLines, projectedTotal: projectedTotal, daysMeasured: measured,
                             daysBilled: billed, budget: budget, budgetAlerts: alerts, thresholdsCrossed: crossed,
                             thresholdsProjected: projectedOnly, tiers: tiers, notes: notes)
    }

    /// A percentage as exact decimal text (budget alerts are written as JSON numbers).
    static func percentText(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The ledger as rounded lines, in service order, the overage cap applied.
    func lines(_ ledger: Ledger, settings: WorkspaceSettings, digits: Int) -> [BillLine] {
        let monthDays = Decimal(period.days)
        var lines: [BillLine] = []
        var overage = Decimal(0)
        let keys = ledger.order.sorted {
            let a = BillLine.Service.allCases.firstIndex(of: $0.service) ?? 0, b = BillLine.Service.allCases.firstIndex(of: $1.service) ?? 0
            return a < b
        }
        for key in keys {
            let quantity = ledger.quantities[key] ?? 0
            if key.service != .base, quantity == 0 { continue }
            switch key.service {
            case .base:
                let amount = Currency.rounded(key.price * quantity / monthDays, digits: digits)
                let days = NSDecimalNumber(decimal: quantity).intValue
                lines.append(BillLine(service: .base, description: "\(key.label) tier, \(days) of \(period.days) days",
                                      quantity: quantity, unit: "days", unitPrice: nil, amount: amount,
                                      note: key.label == "custom" ? "custom price \(Currency.text(key.price, digits: digits))/month" : nil))
            case .executions, .executionOverage, .storage, .storageOverage, .api:
                // What the ledger counts (executions, byte-days, calls) in the unit it is priced in.
                let (measured, unit, description): (Decimal, String, String)
                switch key.service {
                case .executions: (measured, unit, description) = (quantity, "executions", "executions within quota")
                case .executionOverage: (measured, unit, description) = (quantity, "executions", "executions past quotas.executionsPerDay")
                case .storage: (measured, unit, description) = (quantity / Self.gibibyte / monthDays, "GiB-months", "storage within quota")
                case .storageOverage: (measured, unit, description) = (quantity / Self.gibibyte / monthDays, "GiB-months", "storage past quotas.storage")
                default: (measured, unit, description) = (quantity / 1000, "thousand calls", "API calls")
                }
                let amount = key.billed ? Currency.rounded(measured * key.price, digits: digits) : 0
                if key.service == .executionOverage || key.service == .storageOverage, key.billed { overage += amount }
                lines.append(BillLine(service: key.service, description: description, quantity: measured, unit: unit,
                                      unitPrice: key.price, amount: amount, note: key.billed ? nil : "not billed: billing.overage.allowed is false"))
            case .overageCap:
                break
            }
        }
        if let cap = settings.billing.overageCap?.amount, settings.billing.overageAllowed, overage > cap {
            lines.append(BillLine(service: .overageCap, description: "overage capped at billing.overage.cap", quantity: 1, unit: "cap",
                                  unitPrice: nil, amount: cap - overage,
                                  note: "overage of \(Currency.text(overage, digits: digits)) capped at \(Currency.text(cap, digits: digits))"))
        }
        return lines
    }
}
