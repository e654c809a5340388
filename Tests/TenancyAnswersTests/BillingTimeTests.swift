import Foundation
import TenancyEngine
import TenancyModel
@testable import TenancyAnswers
import TenancySupport
import XCTest

/// A bill for a day depends on what was applied and measured for that day, never on when it is
/// asked: usage recorded under a workspace's previous name is the renamed workspace's, and days
/// after the last record are never billed as zero usage without a word.
final class BillingTimeTests: XCTestCase {
    var fixture: RuntimeFixture!

    override func setUpWithError() throws { fixture = try RuntimeFixture() }
    override func tearDown() { fixture.remove() }

    /// `alpha` applied on 2026-10-01, then renamed `beta` (`previousNames: [alpha]`) on 2026-11-16.
    func renameAlphaToBeta(spec: String) throws {
        try fixture.workspace("alpha", "billing: {tier: enterprise}")
        try fixture.apply(at: "2026-10-01")
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("workspaces/alpha.yaml"))
        try fixture.write("workspaces/beta.yaml", """
            apiVersion: tenancy/v1
            kind: Workspace
            metadata: {name: beta, previousNames: [alpha]}
            spec: \(spec)
            """)
        try fixture.apply(at: "2026-11-16")
    }

    func quantity(_ bill: WorkspaceBill, _ service: BillLine.Service, projected: Bool = false) -> Decimal {
        (projected ? bill.projectedLines : bill.lines).filter { $0.service == service }.reduce(Decimal(0)) { $0 + $1.quantity }
    }

    /// `alpha` renamed to `beta` on the 16th: the records under `alpha` before the rename are
    /// beta's — billed, and counted by the usage summary — and `--as-of` before the rename bills them.
    func testUsageUnderAPreviousNameIsTheRenamedWorkspaces() throws {
        try renameAlphaToBeta(spec: "{billing: {tier: enterprise}}")
        let usage = try fixture.usage(RuntimeFixture.days("alpha", 1, 15, "\"executions\":{\"total\":100}")
                                      + RuntimeFixture.days("beta", 16, 30, "\"executions\":{\"total\":100}"))
        let inputs = try fixture.inputs(usage: usage)
        XCTAssertEqual(inputs.warnings.map(\.summary), [], "no record is of an unknown workspace")
        XCTAssertEqual(inputs.usage.workspaces["beta"]?.days, 30)
        XCTAssertNil(inputs.usage.workspaces["alpha"])

        let bill = try XCTUnwrap(fixture.november(usage: usage).bills.first { $0.workspace == "beta" })
        XCTAssertEqual(bill.daysBilled, 30, "billed before the rename at the old version's settings")
        XCTAssertEqual(bill.daysMeasured, 30)
        XCTAssertEqual(quantity(bill, .executions), 3000)
        XCTAssertEqual(bill.lines.filter { $0.service == .base }.map(\.description), ["enterprise tier, 30 of 30 days"])

        let early = try XCTUnwrap(fixture.november(usage: usage, asOf: Day("2026-11-10")).bills.first { $0.workspace == "beta" })
        XCTAssertEqual(early.daysBilled, 10)
        XCTAssertEqual(quantity(early, .executions), 1000, "the old name's usage, billed as of a day before the rename")
    }

    /// A record on the same day under both names is one day twice: refused, naming the old name.
    func testASecondRecordOfTheSameDayUnderThePreviousNameIsRefused() throws {
        try renameAlphaToBeta(spec: "{}")
        let usage = try fixture.usage(RuntimeFixture.days("beta", 16, 16, "") + RuntimeFixture.days("alpha", 16, 16, ""))
        XCTAssertThrowsError(try fixture.inputs(usage: usage)) { error in
            XCTAssertTrue("\(error)".contains("a second record of beta for 2026-11-16 (this one under its previous name `alpha`)"), "\(error)")
        }
    }

    /// Records through the 20th, asked as of the 25th: the 21st to the 25th are billed their base
    /// fee, their usage projected with the rest of the month, and the bill says so.
    func testDaysAfterTheLastRecordAreProjectedAndSaidSo() throws {
        try fixture.workspace("steady", "billing: {tier: enterprise}")
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(RuntimeFixture.days("steady", 1, 20, "\"executions\":{\"total\":100}"))
        let statement = try fixture.november(usage: usage, asOf: Day("2026-11-25"))
        XCTAssertEqual(statement.through.description, "2026-11-25")
        let bill = try XCTUnwrap(statement.bills.first)
        XCTAssertEqual(bill.daysBilled, 25)
        XCTAssertEqual(bill.daysAfterLastRecord, 5)
        XCTAssertEqual(bill.lastMeasured?.description, "2026-11-20")
        XCTAssertEqual(quantity(bill, .executions), 2000, "no usage is invented for the days without records")
        XCTAssertEqual(quantity(bill, .executions, projected: true), 3000, "the 10 days after the 20th at the daily average")
        XCTAssertTrue(bill.notes.contains("no usage records after 2026-11-20: 2026-11-21 to 2026-11-25 are billed the base fee only, "
                                          + "their usage projected at the daily average, as the rest of the month is"), "\(bill.notes)")
        let json = BillingRenderer.json(bill)
        XCTAssertEqual(json["days_after_last_record"], .int(5))
        XCTAssertEqual(json["last_measured"], .string("2026-11-20"))
        XCTAssertTrue(BillingRenderer.text(statement, basis: try fixture.inputs(usage: usage).basis).contains("no usage records after 2026-11-20"))
    }

    /// Days with no record between records, and priced measures no record carries, are billed as
    /// nothing: the bill says so (a hostile try found both silent).
    func testGapsAndUnmeasuredPricedMeasuresAreSaid() throws {
        try fixture.workspace("gappy", "billing: {tier: enterprise, usagePricing: {perExecution: \"0.001\", perGiBMonth: \"0.10\", perThousandApiCalls: \"0.05\"}}")
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(RuntimeFixture.days("gappy", 1, 9, "\"executions\":{\"total\":100}")
                                      + RuntimeFixture.days("gappy", 21, 30, "\"executions\":{\"total\":100}"))
        let bill = try XCTUnwrap(try fixture.november(usage: usage).bills.first)
        XCTAssertEqual(bill.daysMeasured, 19)
        XCTAssertTrue(bill.notes.contains("11 days between usage records have no record: billed the base fee only, their usage not projected"), "\(bill.notes)")
        XCTAssertTrue(bill.notes.contains("storage, API calls are priced but not measured by any record: not billed"), "\(bill.notes)")
        XCTAssertFalse(bill.notes.contains { $0.contains("executions") && $0.contains("not measured") }, "executions are measured")

        // Executions measured on some days only: the bill says how many days bill none.
        let partial = try fixture.usage(RuntimeFixture.days("gappy", 1, 10, "\"executions\":{\"total\":100}")
                                        + RuntimeFixture.days("gappy", 11, 30, "\"users\":{\"total\":3}"))
        let partly = try XCTUnwrap(try fixture.november(usage: partial).bills.first)
        XCTAssertTrue(partly.notes.contains("executions not measured on 20 of 30 days with records: those days bill none of it"), "\(partly.notes)")
    }

    /// One workspace's bill runs through the export's last day, as the whole organization's does:
    /// a workspace whose records stop early is billed and said alike either way.
    func testOneWorkspacesBillRunsThroughTheExportsLastDay() throws {
        try fixture.workspace("early", "billing: {tier: enterprise}")
        try fixture.workspace("late", "billing: {tier: enterprise}")
        try fixture.apply(at: "2026-10-01")
        let usage = try fixture.usage(RuntimeFixture.days("early", 1, 20, "\"executions\":{\"total\":100}")
                                      + RuntimeFixture.days("late", 1, 30, "\"executions\":{\"total\":100}"))
        let alone = try XCTUnwrap(try fixture.november(["early"], usage: usage).bills.first)
        let together = try XCTUnwrap(try fixture.november(usage: usage).bills.first { $0.workspace == "early" })
        XCTAssertEqual(alone.daysAfterLastRecord, 10)
        XCTAssertEqual(alone.total, together.total)
        XCTAssertEqual(alone.projectedTotal, together.projectedTotal)
        XCTAssertEqual(alone.notes, together.notes)
    }
}
