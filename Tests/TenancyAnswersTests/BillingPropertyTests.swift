import Foundation
import TenancyJSON
@testable import TenancyAnswers
import TenancyTestSupport
import XCTest

/// Billing's arithmetic over random prices, currencies (0, 2 and 3 minor digits), usage, limits
/// and periods, seeded so that a failure names a case that can be run again: every bill's lines
/// add up exactly to its total (so far and projected), every amount has its currency's
/// decimals, the JSON's strings say the same, and every percentage shown is of the amount shown.
final class BillingPropertyTests: XCTestCase {
    static let currencies: [(code: String, digits: Int)] = [("JPY", 0), ("KRW", 0), ("USD", 2), ("EUR", 2), ("BHD", 3), ("KWD", 3)]

    /// A random amount with at most `digits` decimals, up to `whole`.
    static func amount(_ rng: inout SeededRandom, whole: Int, digits: Int) -> String {
        let units = Int.random(in: 0...whole, using: &rng)
        guard digits > 0 else { return String(units) }
        let fraction = Int.random(in: 0..<Int(pow(10, Double(digits))), using: &rng)
        return "\(units)." + String(format: "%0\(digits)d", fraction)
    }

    func testLinesAddUpToTheTotalAndPercentagesAreOfTheAmountsShown() throws {
        var rng = SeededRandom(20261207)
        var checked = 0
        for run in 0..<400 {
            let (currency, digits) = Self.currencies[Int.random(in: 0..<Self.currencies.count, using: &rng)]
            var billing: [String: JSON] = ["currency": .string(currency)]
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: billing["tier"] = .string("starter")
            case 1: billing["tier"] = .string("enterprise")
            default:
                billing["tier"] = .string("custom")
                billing["price"] = .string(Self.amount(&rng, whole: 5000, digits: digits))
            }
            if Bool.random(using: &rng) {
                // Usage prices may be finer than the currency, up to four decimals (docs/billing.md).
                billing["usagePricing"] = .object([
                    "perExecution": .string(Self.amount(&rng, whole: 0, digits: 4)),
                    "perGiBMonth": .string(Self.amount(&rng, whole: 3, digits: 4)),
                    "perThousandApiCalls": .string(Self.amount(&rng, whole: 1, digits: 4)),
                ])
            }
            var overage: [String: JSON] = ["allowed": .bool(Bool.random(using: &rng))]
            if Bool.random(using: &rng) { overage["cap"] = .string(Self.amount(&rng, whole: 50, digits: digits)) }
            billing["overage"] = .object(overage)
            if Bool.random(using: &rng) {
                billing["budget"] = .string(Self.amount(&rng, whole: 3000, digits: digits))
                billing["budgetAlerts"] = .array([.number("50"), .number("90"), .number("100")])
            }
            var quotas: [String: JSON] = [:]
            if Bool.random(using: &rng) { quotas["executionsPerDay"] = .number(String(Int.random(in: 0...5000, using: &rng))) }
            if Bool.random(using: &rng) { quotas["storage"] = .string("\(Int.random(in: 1...50, using: &rng))GiB") }
            let spec = JSON.object(["billing": .object(billing), "quotas": .object(quotas)])
            let settings = WorkspaceSettings(name: "w", spec: spec)

            let period = Month(year: Int.random(in: 2023...2028, using: &rng), month: Int.random(in: 1...12, using: &rng))
            let through = period.first.adding(days: Int.random(in: -1..<period.days, using: &rng))
            var usage = UsageSummary(keepsTotals: false)
            for offset in 0..<period.days where Int.random(in: 0..<10, using: &rng) < 8 {
                var record = UsageRecord(date: period.first.adding(days: offset), workspace: "w")
                if Bool.random(using: &rng) { record.executions = Int.random(in: 0...10_000, using: &rng) }
                if Bool.random(using: &rng) { record.apiCalls = Int.random(in: 0...2_000_000, using: &rng) }
                if Bool.random(using: &rng) { record.dataBytes = Int.random(in: 0...(80 << 30), using: &rng) }
                usage.add(record)
            }
            let calculator = BillingCalculator(period: period, through: through,
                                               timeline: BillingTimeline(current: ["w": settings], serial: 1))
            let statement = calculator.statement([settings], usage: usage, organization: nil)
            let bill = try XCTUnwrap(statement.bills.first)
            let label = "case \(run): \(currency) \(spec.compactForm) \(period) through \(through)"
            XCTAssertEqual(bill.digits, digits, label)
            XCTAssertEqual(bill.total, bill.lines.reduce(Decimal(0)) { $0 + $1.amount }, label)
            XCTAssertEqual(bill.projectedTotal, bill.projectedLines.reduce(Decimal(0)) { $0 + $1.amount }, label)
            for line in bill.lines + bill.projectedLines {
                XCTAssertEqual(line.amount, Currency.rounded(line.amount, digits: digits), "\(label): \(line.description) has more decimals than \(currency)")
            }
            // The JSON says the same: its strings parse back to amounts that add up.
            let json = BillingRenderer.json(bill)
            let lines = try XCTUnwrap(json["lines"]?.arrayValue)
            let sum = lines.compactMap { $0["amount"]?.stringValue.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }
                .reduce(Decimal(0), +)
            XCTAssertEqual(lines.count, bill.lines.count, label)
            XCTAssertEqual(json["total"]?.stringValue, Currency.jsonText(sum, digits: digits), label)
            // The percentage shown is of the total shown, to its one decimal.
            if let budget = bill.budget, budget > 0 {
                let text = BillingRenderer.text(statement, basis: Self.basis)
                let shownTotal = try XCTUnwrap(Decimal(string: Currency.jsonText(bill.total, digits: digits), locale: Locale(identifier: "en_US_POSIX")))
                let expected = Currency.text(shownTotal / budget * 100, digits: 1) + "% spent"
                XCTAssertTrue(text.contains(expected), "\(label): \(expected) not in\n\(text)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100, "enough cases had a budget to check percentages")
    }

    static let basis = AnswerBasis(serial: 1, lineage: "l", usagePath: "usage.jsonl", records: 0, files: 1, firstDay: nil, lastDay: nil,
                                   now: nil, asOfGiven: false)
}
