import Foundation
import TenancyEngine
import TenancyModel
import TenancyAnswers
import XCTest

/// The largest counts the schema admits (2^53 − 1), every day for three years: sums saturate
/// instead of trapping, and every answer and render comes out.
final class HugeUsageTests: XCTestCase {
    func testTheLargestCountsEveryDayForYearsAreAnsweredWithoutTrapping() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        try fixture.workspace("big", """
            quotas: {executionsPerDay: 9007199254740991, users: 5}
            billing: {tier: enterprise, overage: {allowed: true}}
            """)
        try fixture.apply(at: "2023-12-01")
        let most = 9_007_199_254_740_991
        let start = try XCTUnwrap(Day("2024-01-01"))
        let lines = (0..<1100).map { offset -> String in
            "{\"date\":\"\(start.adding(days: offset))\",\"workspace\":\"big\",\"users\":{\"total\":\(most),\"active\":\(most),\"new\":\(most),"
                + "\"sessions\":\(most),\"sessionSeconds\":\(most)},\"executions\":{\"total\":\(most),\"succeeded\":\(most),\"failed\":0,"
                + "\"durationSeconds\":\(most)},\"storage\":{\"dataBytes\":\(most)},\"api\":{\"calls\":\(most)}}"
        }
        let usage = try fixture.usage(lines)
        let inputs = try fixture.inputs(usage: usage, asOf: nil)
        let last = try XCTUnwrap(inputs.usage.lastDay)
        XCTAssertEqual(inputs.basis.records, 1100)

        let check = QuotaCheck(settings: inputs.workspaces, usage: inputs.usage)
        XCTAssertEqual(check.status, .exceeded, "users")
        XCTAssertFalse(QuotaCheckRenderer.text(check, basis: inputs.basis).isEmpty)

        let statement = try inputs.bills(for: last.month, through: last)
        XCTAssertGreaterThan(try XCTUnwrap(statement.bills.first).total, 1_000_000)
        XCTAssertFalse(BillingRenderer.text(statement, basis: inputs.basis).isEmpty)

        let since = try fixture.inputs(usage: usage, asOf: nil)
        var summary = UsageSummary(since: start)
        _ = UsageReader(workspaces: ["big"]).read(usage) { summary.add($0) }
        let report = UsageReport(["big"], usage: summary, since: start, until: last)
        XCTAssertEqual(report.total.executions, Int.max, "saturated, not wrapped")
        XCTAssertEqual(report.total.apiCalls, Int.max)
        XCTAssertFalse(UsageReportRenderer.text(report, basis: since.basis).isEmpty)
        XCTAssertFalse(UsageReportRenderer.json(report, basis: since.basis).canonicalText().isEmpty)
    }
}
