import Foundation
import TenancyEngine
import TenancyModel
@testable import TenancyAnswers
import TenancySupport
import XCTest

/// Billing's rules (docs/billing.md), each with a case that a careless implementation gets wrong:
/// binary floating point, proration at a tier change, overage capped or not allowed.
final class BillingTests: XCTestCase {
    var fixture: RuntimeFixture!

    override func setUpWithError() throws { fixture = try RuntimeFixture() }
    override func tearDown() { fixture.remove() }

    func line(_ bill: WorkspaceBill, _ service: BillLine.Service, projected: Bool = false) -> [String] {
        (projected ? bill.projectedLines : bill.lines).filter { $0.service == service }
            .map { Currency.text($0.amount, digits: bill.digits) }
    }

    /// A tier change on the 16th: 15 days of a custom tier at 19.99 (19.99 × 15 ÷ 30 = 9.995) and
    /// 15 of enterprise (199.99 × 15 ÷ 30 = 99.995), each rounded half up: 10.00 and 100.00. In
    /// binary floating point the first is 9.99499…, which rounds to 9.99.
    func testATierChangeMidPeriodIsProratedByDayAndRoundedHalfUp() throws {
        try fixture.workspace("growth", "billing: {tier: custom, price: \"19.99\"}")
        try fixture.apply(at: "2026-10-20")
        try fixture.workspace("growth", "billing: {tier: enterprise}")
        try fixture.apply(at: "2026-11-16")
        let usage = try fixture.usage(RuntimeFixture.days("growth", 1, 30, ""))
        let bill = try XCTUnwrap(fixture.november(usage: usage).bills.first)
        XCTAssertEqual(line(bill, .base), ["10.00", "100.00"])
        XCTAssertEqual(bill.lines.filter { $0.service == .base }.map(\.description),
                       ["custom tier, 15 of 30 days", "enterprise tier, 15 of 30 days"])
        XCTAssertEqual(bill.tiers.map(\.tier), ["custom", "enterprise"])
        XCTAssertEqual(bill.tiers.map(\.days), [15, 15])
        XCTAssertEqual(Currency.text(bill.total, digits: 2), "110.00")
        XCTAssertEqual(Format.fixed(19.99 * 15 / 30, digits: 2), "9.99", "the case no longer shows what Double gets wrong")
        XCTAssertEqual(bill.notes, ["executions, storage, API calls are priced but not measured by any record: not billed"],
                       "the history covers the whole period; the records carry no measure (said, never a silent 0)")
    }

    /// The apply on the last day of the period, and one after it, do not change earlier days.
    func testTheDayOfAnApplyIsBilledAtTheNewSettingsAndLaterAppliesAreIgnored() throws {
        try fixture.workspace("growth", "billing: {tier: starter}")
        try fixture.apply(at: "2026-10-01")
        try fixture.workspace("growth", "billing: {tier: custom, price: \"300.00\"}")
        try fixture.apply(at: "2026-11-30")
        try fixture.workspace("growth", "billing: {tier: enterprise}")
        try fixture.apply(at: "2026-12-05")
        let usage = try fixture.usage(RuntimeFixture.days("growth", 1, 30, ""))
        let bill = try XCTUnwrap(fixture.november(usage: usage).bills.first)
        XCTAssertEqual(bill.lines.filter { $0.service == .base }.map(\.description),
                       ["starter tier, 29 of 30 days", "custom tier, 1 of 30 days"])
        XCTAssertEqual(line(bill, .base), ["28.99", "10.00"]) // 29.99 × 29 ÷ 30 = 28.9903…
    }

    /// Ten days of 0.0001 × 1,000 executions, billed as one line of 10,000 × 0.0001 = 1.00;
    /// the same sum in Double is 0.9999999999999999, and unit prices of four decimals multiply
    /// exactly (0.0015 × 4,430 = 6.645 → 6.65, which Double holds as 6.6450000000000005).
    func testMoneyIsExactDecimalsAndLinesRoundOnce() throws {
        try fixture.workspace("lab", """
            billing:
              tier: custom
              price: "0.10"
              usagePricing: {perExecution: "0.0001", perThousandApiCalls: "0.0015"}
            """)
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(RuntimeFixture.days("lab", 1, 10, "\"executions\":{\"total\":1000},\"api\":{\"calls\":443000}"))
        let statement = try fixture.november(usage: usage, asOf: Day("2026-11-10"))
        let bill = try XCTUnwrap(statement.bills.first)
        XCTAssertEqual(line(bill, .executions), ["1.00"])
        XCTAssertEqual(line(bill, .api), ["6.65"])
        XCTAssertEqual(line(bill, .base), ["0.03"]) // 0.10 × 10 ÷ 30 = 0.0333…
        XCTAssertEqual(Currency.text(bill.total, digits: 2), "7.68")
        var double = 0.0
        for _ in 0..<10 { double += 1000 * 0.0001 }
        XCTAssertNotEqual(double, 1.0, "the case no longer shows what Double gets wrong")
        // The projection: 20 more days at the daily average and the base for the whole month.
        XCTAssertEqual(line(bill, .executions, projected: true), ["3.00"])
        XCTAssertEqual(line(bill, .base, projected: true), ["0.10"])
    }

    /// Overage allowed: billed past the day's quota, at most the cap in all (an adjusting line
    /// says so). Not allowed: listed, never billed.
    func testOverageIsCappedWhereAllowedAndNeverBilledWhereNot() throws {
        try fixture.workspace("burst", """
            quotas: {executionsPerDay: 1000, storage: 1GiB}
            billing:
              tier: enterprise
              overage: {allowed: true, cap: "5.00"}
            """)
        try fixture.workspace("steady", """
            quotas: {executionsPerDay: 1000}
            billing: {tier: starter, overage: {allowed: false}}
            """)
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(
            RuntimeFixture.days("burst", 1, 30, "\"executions\":{\"total\":2000},\"storage\":{\"dataBytes\":2147483648}")
            + RuntimeFixture.days("steady", 1, 30, "\"executions\":{\"total\":1500}"))
        let statement = try fixture.november(usage: usage)
        let burst = try XCTUnwrap(statement.bills.first { $0.workspace == "burst" })
        // 30,000 executions past the quota × 0.0004 = 12.00; 1 GiB-month past it × 0.08 = 0.08.
        XCTAssertEqual(line(burst, .executionOverage), ["12.00"])
        XCTAssertEqual(line(burst, .storageOverage), ["0.08"])
        XCTAssertEqual(line(burst, .overageCap), ["-7.08"])
        XCTAssertEqual(line(burst, .executions), ["12.00"])
        // 199.99 base + 12.00 + 0.08 within the quotas + 5.00 of overage.
        XCTAssertEqual(Currency.text(burst.total, digits: 2), "217.07")
        let steady = try XCTUnwrap(statement.bills.first { $0.workspace == "steady" })
        XCTAssertEqual(line(steady, .executionOverage), ["0.00"])
        XCTAssertEqual(steady.lines.first { $0.service == .executionOverage }?.quantity, 15000)
        XCTAssertEqual(steady.lines.first { $0.service == .executionOverage }?.note, "not billed: billing.overage.allowed is false")
    }

    /// A custom tier pays its price and only the unit prices its contract names.
    func testACustomTierPaysItsPriceAndItsOwnUnitPrices() throws {
        try fixture.workspace("lab", """
            billing:
              tier: custom
              price: "1450.00"
              usagePricing: {perGiBMonth: "0.021"}
            """)
        try fixture.apply(at: "2026-10-01")
        // 30 GiB every day of a 30-day month: 30 GiB-months × 0.021 = 0.63; executions free.
        let usage = try fixture.usage(RuntimeFixture.days("lab", 1, 30, "\"executions\":{\"total\":5000},\"storage\":{\"dataBytes\":32212254720}"))
        let bill = try XCTUnwrap(fixture.november(usage: usage).bills.first)
        XCTAssertEqual(line(bill, .base), ["1,450.00"])
        XCTAssertEqual(line(bill, .storage), ["0.63"])
        XCTAssertEqual(line(bill, .executions), ["0.00"])
        XCTAssertEqual(Currency.text(bill.total, digits: 2), "1,450.63")
    }

    /// No records for the period: the base fee alone, said so; a budget crossed is reported with
    /// its thresholds.
    func testAPeriodWithoutUsageBillsTheBaseAndBudgetsAreChecked() throws {
        try fixture.workspace("quiet", "billing: {tier: enterprise, budget: \"150.00\", budgetAlerts: [50, 100]}")
        try fixture.workspace("busy", "billing: {tier: starter}")
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(RuntimeFixture.days("busy", 1, 30, "\"executions\":{\"total\":10}"))
        let statement = try fixture.november(usage: usage)
        let quiet = try XCTUnwrap(statement.bills.first { $0.workspace == "quiet" })
        XCTAssertEqual(quiet.lines.map(\.service), [.base])
        XCTAssertEqual(quiet.notes.first, "no usage records in 2026-11 through 2026-11-30: only the base fee is billed")
        XCTAssertEqual(quiet.thresholdsCrossed, [50, 100])
        XCTAssertTrue(quiet.overBudget)
        XCTAssertEqual(BillingRenderer.result(statement), .overBudget)
        XCTAssertEqual(statement.totals.map { Currency.text($0.total, digits: 2) }, ["230.28"]) // 199.99 + 29.99 + 300 × 0.001
    }

    /// Different currencies are never added: one total each.
    func testTotalsArePerCurrencyAndMinorUnitsFollowTheCurrency() throws {
        try fixture.workspace("tokyo", "billing: {tier: custom, price: \"1001\", currency: JPY}") // a price finer than a yen is refused where it is written
        try fixture.workspace("berlin", "billing: {tier: enterprise, currency: EUR}")
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(RuntimeFixture.days("tokyo", 1, 30, "") + RuntimeFixture.days("berlin", 1, 30, ""))
        let statement = try fixture.november(usage: usage)
        XCTAssertEqual(statement.totals.map(\.currency), ["EUR", "JPY"])
        XCTAssertEqual(statement.totals.map { Currency.text($0.total, digits: $0.digits) }, ["199.99", "1,001"])
    }

    func testRoundingIsHalfAwayFromZeroAtTheMinorUnit() {
        func rounded(_ text: String, _ digits: Int) -> String {
            Currency.text(Decimal(string: text) ?? 0, digits: digits, grouped: false)
        }
        XCTAssertEqual(rounded("1.005", 2), "1.01")
        XCTAssertEqual(rounded("1.0049999", 2), "1.00")
        XCTAssertEqual(rounded("2.5", 0), "3")
        XCTAssertEqual(rounded("-7.085", 2), "-7.09")
        XCTAssertEqual(rounded("0.0005", 3), "0.001")
        XCTAssertEqual(rounded("1234567.5", 0), "1234568")
    }

    /// Amounts printed from their digits as an integer read as Decimal's own printing reads them,
    /// each side of where the integer path hands over (18 digits), signs, trailing zeros, every
    /// number of decimals.
    func testAmountsPrintAsDecimalsOwnPrintingDoes() throws {
        var texts = ["0", "-0.001", "0.5", "-7.085", "1000", "1000.500", "123456789012345678", "999999999999999999.99",
                     "1000000000000000000", "12345678901234567890.12", "0.0000001", "-99999999999999.995", "5e3", "1e-9"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let whole = UInt64.random(in: 0...UInt64(1) << UInt64.random(in: 1...62, using: &generator), using: &generator)
            let fraction = String(UInt32.random(in: 0...999_999, using: &generator)).prefix(Int.random(in: 0...6, using: &generator))
            texts.append((Bool.random(using: &generator) ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction))
        }
        for text in texts {
            let amount = try XCTUnwrap(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), text)
            for digits in 0...4 {
                let value = Currency.rounded(amount, digits: digits)
                for grouped in [true, false] {
                    XCTAssertEqual(Currency.text(amount, digits: digits, grouped: grouped),
                                   Currency.decimalText(value, digits: digits, grouped: grouped), "\(text) \(digits) \(grouped)")
                }
            }
        }
        XCTAssertNotNil(Currency.integerText(Decimal(string: "1234.5")!, digits: 2, grouped: true), "the fast path is taken")
        XCTAssertNil(Currency.integerText(Decimal(string: "12345678901234567890")!, digits: 2, grouped: true), "past 18 digits")
    }
}
