// libFuzzer target: billing's arithmetic with every choice taken from the input's bytes —
// currency (0, 2, 3 and 4 minor digits), tier, prices up to the schema's limits (12 digits, four
// decimals), overage and its cap, budgets, limits, a period, a day, and records with counts up
// to 2^53 − 1. The bill must come out without trapping, its lines adding up exactly to its
// totals, every amount rounded to its currency's decimals.
import CFuzzDriver
import Foundation
import TenancyAnswers
import TenancyJSON

/// The input read as a stream of choices (zeros once it runs out).
struct Choices {
    var bytes: [UInt8]
    var at = 0
    mutating func byte() -> UInt8 {
        defer { at += 1 }
        return at < bytes.count ? bytes[at] : 0
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return range.lowerBound + Int(value % UInt64(range.upperBound - range.lowerBound + 1))
    }
    mutating func bool() -> Bool { byte() & 1 == 1 }
    /// A decimal amount: up to 12 whole digits, up to `decimals` decimals.
    mutating func amount(decimals: Int) -> String {
        let whole = int(0...999_999_999_999)
        let places = int(0...decimals)
        guard places > 0 else { return String(whole) }
        return "\(whole)." + String(format: "%0\(places)d", int(0...(Int(pow(10, Double(places))) - 1)))
    }
}

let currencies: [(String, Int)] = [("JPY", 0), ("USD", 2), ("EUR", 2), ("BHD", 3), ("CLF", 4)]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBilling(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var c = Choices(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let (currency, digits) = currencies[c.int(0...(currencies.count - 1))]
    var billing: [String: JSON] = ["currency": .string(currency)]
    billing["tier"] = .string(["starter", "enterprise", "custom", "none"][c.int(0...3)])
    if c.bool() { billing["price"] = .string(c.amount(decimals: digits)) }
    if c.bool() {
        billing["usagePricing"] = .object(["perExecution": .string(c.amount(decimals: 4)), "perGiBMonth": .string(c.amount(decimals: 4)),
                                           "perThousandApiCalls": .string(c.amount(decimals: 4))])
    }
    var overage: [String: JSON] = ["allowed": .bool(c.bool())]
    if c.bool() { overage["cap"] = .string(c.amount(decimals: digits)) }
    billing["overage"] = .object(overage)
    if c.bool() {
        billing["budget"] = .string(c.amount(decimals: digits))
        billing["budgetAlerts"] = .array([.number(String(c.int(1...200))), .number(String(c.int(1...200)))])
    }
    var quotas: [String: JSON] = [:]
    if c.bool() { quotas["executionsPerDay"] = .number(String(c.int(0...9_007_199_254_740_991))) }
    if c.bool() { quotas["storage"] = .string("\(c.int(0...1_000_000))GiB") }
    let settings = WorkspaceSettings(name: "w", spec: JSON.object(["billing": .object(billing), "quotas": .object(quotas)]))
    let period = Month(year: c.int(1970...2400), month: c.int(1...12))
    let through = period.first.adding(days: c.int(-40...70))
    var usage = UsageSummary(keepsTotals: false)
    let most = 9_007_199_254_740_991
    for offset in 0..<period.days where c.bool() {
        var record = UsageRecord(date: period.first.adding(days: offset), workspace: "w")
        if c.bool() { record.executions = c.int(0...most) }
        if c.bool() { record.apiCalls = c.int(0...most) }
        if c.bool() { record.dataBytes = c.int(0...most) }
        usage.add(record)
    }
    let timeline = BillingTimeline(current: ["w": settings], serial: 1)
    let statement = BillingCalculator(period: period, through: through, timeline: timeline).statement([settings], usage: usage, organization: nil)
    guard let bill = statement.bills.first else { fatalError("no bill") }
    guard bill.total == bill.lines.reduce(Decimal(0), { $0 + $1.amount }),
          bill.projectedTotal == bill.projectedLines.reduce(Decimal(0), { $0 + $1.amount }) else {
        fatalError("lines do not add up to the total")
    }
    for line in bill.lines + bill.projectedLines where line.amount != Currency.rounded(line.amount, digits: digits) {
        fatalError("\(line.amount) has more decimals than \(currency)")
    }
    _ = BillingRenderer.json(bill).canonicalText()
    return 0
}

// The entry point (see scripts/fuzz/run): libFuzzer's driver, with this target's test.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector) { data, size in fuzzBilling(data ?? UnsafePointer(bitPattern: 1)!, size) })
