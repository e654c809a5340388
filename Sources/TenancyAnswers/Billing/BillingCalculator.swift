import Foundation
import TenancySupport

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
///   calls at their daily average so far, storage at its last measured level;
/// - days billed after a workspace's last usage record (an `--as-of` past the export, or a
///   workspace whose records stop early) are billed the base fee only, and their usage is
///   projected as the rest of the month is; the bill says so (never zero usage without a word).
package struct BillingCalculator: Sendable {
    package let period: Month
    package let through: Day
    package let timeline: BillingTimeline

    static let gibibyte = Decimal(1 << 30)

    package init(period: Month, through: Day, timeline: BillingTimeline) {
        self.period = period
        self.through = through
        self.timeline = timeline
    }

    /// The last day billed for a period given "now": now when it falls in the period, the
    /// period's last day when it is over, and the day before its first when it has not begun.
    package static func through(_ period: Month, now: Day?) -> Day {
        guard let now else { return period.last }
        return min(max(now, period.first.adding(days: -1)), period.last)
    }

    package func statement(_ workspaces: [WorkspaceSettings], usage: UsageSummary, organization: String?) -> BillingStatement {
        // Each workspace's bill on its own (all cores): thousands of them, a few dozen decimal
        // operations each.
        let bills = Parallel.map(workspaces.count, grain: 64) { i in bill(workspaces[i].name, usage: usage.workspaces[workspaces[i].name]) }
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

    /// The usage of a day, as billing sees it (a projected day's is an average: not whole).
    struct DayUsage: Sendable {
        var executions: Decimal
        var dataBytes: Decimal
        var apiCalls: Decimal
    }

    /// A run of days billed at one version's settings, in whole numbers until it is priced:
    /// per-day arithmetic stays in integers, and Decimal is used once per line.
    struct SpanTotals {
        var days = 0
        var executions = 0, executionsOver = 0
        var byteDays = 0, byteDaysOver = 0
        var apiCalls = 0

        mutating func add(_ record: UsageRecord?, executionLimit: Int?, storageLimit: Int?) {
            days += 1
            guard let record else { return }
            let executions = record.executions ?? 0, bytes = record.dataBytes ?? 0
            let overExecutions = executionLimit.map { max(0, executions - $0) } ?? 0
            let overBytes = storageLimit.map { max(0, bytes - $0) } ?? 0
            self.executions.addSaturating(executions - overExecutions)
            executionsOver.addSaturating(overExecutions)
            byteDays.addSaturating(bytes - overBytes)
            byteDaysOver.addSaturating(overBytes)
            apiCalls.addSaturating(record.apiCalls)
        }
    }

    /// A limit as a whole number of the usage's unit, when the quota sets one.
    static func wholeLimit(_ limit: Double?) -> Int? {
        guard let limit, limit >= 0, limit < 9e18 else { return nil }
        return Int(limit)
    }

    /// Adds a span's totals (or a projection's: `days` at the average day) to the ledger.
    func charge(days: Decimal, executions: Decimal, executionsOver: Decimal, byteDays: Decimal, byteDaysOver: Decimal,
                apiCalls: Decimal, settings: WorkspaceSettings, into ledger: inout Ledger) {
        let billing = settings.billing
        ledger.add(Key(service: .base, price: PriceList.base(billing), billed: true, label: billing.tier?.rawValue ?? "no tier"), days)
        let prices = PriceList.unitPrices(billing)
        let overage = billing.overageAllowed
        if executions > 0 { ledger.add(Key(service: .executions, price: prices.perExecution, billed: true, label: ""), executions) }
        if executionsOver > 0 {
            ledger.add(Key(service: .executionOverage, price: prices.perExecution, billed: overage, label: ""), executionsOver)
        }
        if byteDays > 0 { ledger.add(Key(service: .storage, price: prices.perGiBMonth, billed: true, label: ""), byteDays) }
        if byteDaysOver > 0 {
            ledger.add(Key(service: .storageOverage, price: prices.perGiBMonth, billed: overage, label: ""), byteDaysOver)
        }
        if apiCalls > 0 { ledger.add(Key(service: .api, price: prices.perThousandApiCalls, billed: true, label: ""), apiCalls) }
    }

    func charge(_ span: SpanTotals, settings: WorkspaceSettings, into ledger: inout Ledger) {
        guard span.days > 0 else { return }
        charge(days: Decimal(span.days), executions: Decimal(span.executions), executionsOver: Decimal(span.executionsOver),
               byteDays: Decimal(span.byteDays), byteDaysOver: Decimal(span.byteDaysOver), apiCalls: Decimal(span.apiCalls),
               settings: settings, into: &ledger)
    }

    /// `days` more days at `average`, split at the settings' limits day by day (each the same).
    /// `baseFee`: false for days already billed their base fee (those after the last record).
    func project(_ average: DayUsage?, days: Int, baseFee: Bool = true, settings: WorkspaceSettings, into ledger: inout Ledger) {
        let count = Decimal(days)
        guard let average else {
            if baseFee {
                charge(days: count, executions: 0, executionsOver: 0, byteDays: 0, byteDaysOver: 0, apiCalls: 0, settings: settings, into: &ledger)
            }
            return
        }
        func split(_ amount: Decimal, _ limit: Int?) -> (Decimal, Decimal) {
            guard let limit else { return (amount, 0) }
            let cap = Decimal(limit)
            return amount > cap ? (cap, amount - cap) : (amount, 0)
        }
        let (executions, executionsOver) = split(average.executions, Self.wholeLimit(settings.quotas[.executionsPerDay]))
        let (bytes, bytesOver) = split(average.dataBytes, Self.wholeLimit(settings.quotas[.storage]))
        charge(days: baseFee ? count : 0, executions: executions * count, executionsOver: executionsOver * count, byteDays: bytes * count,
               byteDaysOver: bytesOver * count, apiCalls: average.apiCalls * count, settings: settings, into: &ledger)
    }

    func bill(_ workspace: String, usage: WorkspaceUsage?) -> WorkspaceBill {
        // The recent records are in date order, one a day (the reader refuses others): walked
        // beside the days, not copied into a table by day.
        let recent = usage?.recent ?? RecentRecords(capacity: 1)
        var next = recent.firstIndex { $0.date >= period.first } ?? recent.endIndex
        var ledger = Ledger()
        var measured = 0, billed = 0
        var tiers: [(tier: String, days: Int)] = []
        var last: WorkspaceSettings?
        var executionSum = 0, apiSum = 0
        var lastBytes: Int?
        var lastMeasured: Day?
        // Days billed after the last record so far (reset by each record); days without a
        // record between two records, and before the first; the measures the records carried.
        var after = 0, gaps = 0, before = 0
        var carried = UsageRecord.Measures()
        // Records without each priced measure (executions, storage, API calls).
        var lacking = [0, 0, 0]
        // Days at one version's settings are summed as one span, then priced.
        var span = SpanTotals()
        var spanSettings: WorkspaceSettings?
        var spanIndex = -1
        var day = period.first
        while day <= through {
            defer { day = day.adding(days: 1) }
            let index = timeline.spanIndex(on: day)
            if index != spanIndex {
                if let spanSettings { charge(span, settings: spanSettings, into: &ledger) }
                span = SpanTotals()
                spanIndex = index
                spanSettings = timeline.settings(workspace, inSpan: index)
            }
            guard let settings = spanSettings else { continue }
            billed += 1
            let tier = settings.billing.tier?.rawValue ?? "no tier"
            if tiers.last?.tier == tier { tiers[tiers.count - 1].days += 1 } else { tiers.append((tier, 1)) }
            while next < recent.endIndex, recent[next].date < day { next += 1 }
            let record = next < recent.endIndex && recent[next].date == day ? recent[next] : nil
            if let record {
                measured += 1
                lastMeasured = day
                gaps += after
                after = 0
                carried.formUnion(record.measures)
                for (i, measure) in [UsageRecord.Measures.executions, .dataBytes, .apiCalls].enumerated() where !record.measures.contains(measure) {
                    lacking[i] += 1
                }
                executionSum.addSaturating(record.executions)
                apiSum.addSaturating(record.apiCalls)
                lastBytes = record.dataBytes ?? 0
            }
            if record == nil { if lastMeasured != nil { after += 1 } else { before += 1 } }
            span.add(record, executionLimit: Self.wholeLimit(settings.quotas[.executionsPerDay]),
                     storageLimit: Self.wholeLimit(settings.quotas[.storage]))
            last = settings
        }
        if let spanSettings { charge(span, settings: spanSettings, into: &ledger) }
        let final = last ?? timeline.settings(workspace, on: period.last) ?? WorkspaceSettings(name: workspace)
        let currency = final.billing.currency
        let digits = Currency.minorUnits(currency)
        let lines = self.lines(ledger, settings: final, digits: digits)

        // The rest of the month at the last day's settings.
        var projected = ledger
        var remaining = period.last - max(through, period.first.adding(days: -1))
        if last == nil, timeline.settings(workspace, on: period.last) == nil { remaining = 0 }
        // Decimal division is dear (tens of thousands of instructions): only for a projection.
        if remaining > 0 || after > 0 {
            let average = measured > 0
                ? DayUsage(executions: Decimal(executionSum) / Decimal(measured), dataBytes: Decimal(lastBytes ?? 0),
                           apiCalls: Decimal(apiSum) / Decimal(measured))
                : nil
            if remaining > 0 { project(average, days: remaining, settings: final, into: &projected) }
            // The days after the last record: their base fee is billed, their usage projected.
            if after > 0 { project(average, days: after, baseFee: false, settings: final, into: &projected) }
        }
        // A month that is over, with a record on its last day, projects to what was billed.
        let projectedLines = remaining > 0 || after > 0 ? self.lines(projected, settings: final, digits: digits) : lines

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
        if measured > 0 {
            // Days inside the export with no record of the workspace, and measures priced but
            // carried by no record: billed as nothing, so said (never a silent zero).
            if before > 0 { notes.append("no usage record before \(period.first.adding(days: before)) in \(period) (\(Format.count(before, "day"))): billed the base fee only") }
            if gaps > 0 { notes.append("\(Format.count(gaps, "day")) between usage records \(gaps == 1 ? "has" : "have") no record: billed the base fee only, \(gaps == 1 ? "its" : "their") usage not projected") }
            let prices = PriceList.unitPrices(final.billing)
            let unmeasured = [(prices.perExecution, UsageRecord.Measures.executions, "executions"), (prices.perGiBMonth, .dataBytes, "storage"),
                              (prices.perThousandApiCalls, .apiCalls, "API calls")].filter { $0.0 > 0 && !carried.contains($0.1) }.map(\.2)
            if !unmeasured.isEmpty {
                notes.append("\(unmeasured.joined(separator: ", ")) \(unmeasured.count == 1 ? "is" : "are") priced but not measured by any record: not billed")
            }
            // Measured on some days only: the other days bill none of it, and say so.
            for (i, (price, measure, noun)) in [(prices.perExecution, UsageRecord.Measures.executions, "executions"), (prices.perGiBMonth, .dataBytes, "storage"),
                                                (prices.perThousandApiCalls, .apiCalls, "API calls")].enumerated()
            where price > 0 && carried.contains(measure) && lacking[i] > 0 {
                notes.append("\(noun) not measured on \(lacking[i]) of \(Format.count(measured, "day")) with records: those days bill none of it")
            }
        }
        if measured > 0, after > 0, let lastMeasured {
            let first = lastMeasured.adding(days: 1), last = lastMeasured.adding(days: after)
            notes.append("no usage records after \(lastMeasured): \(first == last ? "\(first) is" : "\(first) to \(last) are") billed the base fee only, "
                         + "\(after == 1 ? "its" : "their") usage projected at the daily average, as the rest of the month is")
        }
        if !alerts.isEmpty, budget == nil {
            notes.append("budgetAlerts are set but billing.budget is not: no threshold can be checked")
        }
        return WorkspaceBill(workspace: workspace, currency: currency, digits: digits, lines: lines, total: total,
                             projectedLines: projectedLines, projectedTotal: projectedTotal, daysMeasured: measured,
                             daysBilled: billed, lastMeasured: lastMeasured, daysAfterLastRecord: after, budget: budget, budgetAlerts: alerts, thresholdsCrossed: crossed,
                             thresholdsProjected: projectedOnly, tiers: tiers, notes: notes)
    }

    /// A percentage as exact decimal text (budget alerts are written as JSON numbers).
    static func percentText(_ value: Double) -> String {
        // Only whole numbers an Int holds are printed as one (a state pushed by hand may hold anything).
        value == value.rounded() && abs(value) < 9e15 ? String(Int(value)) : String(value)
    }

    /// The ledger as rounded lines, in service order, the overage cap applied.
    func lines(_ ledger: Ledger, settings: WorkspaceSettings, digits: Int) -> [BillLine] {
        let monthDays = Decimal(period.days)
        // Byte-days in a GiB-month: one division per line.
        let gibibyteDays = Self.gibibyte * monthDays
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
                case .storage: (measured, unit, description) = (quantity / gibibyteDays, "GiB-months", "storage within quota")
                case .storageOverage: (measured, unit, description) = (quantity / gibibyteDays, "GiB-months", "storage past quotas.storage")
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
