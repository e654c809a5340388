import Foundation
import TenancyEngine
import TenancyJSON
import TenancyModel
import TenancyAnswers
import XCTest

/// `usage report` never shows a measure no record carries as 0: in text it is "not measured",
/// in JSON null — per workspace, in the total, and in the daily trend's columns.
final class UnmeasuredUsageTests: XCTestCase {
    func testAMeasureNoRecordCarriesIsNotMeasuredNeverZero() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        try fixture.workspace("lean", "quotas: {users: 5}")
        try fixture.workspace("full", "quotas: {users: 5}")
        try fixture.apply(at: "2026-10-01")
        // `lean` carries only users; `full` carries executions too. Nothing carries API calls,
        // sessions, new users, compute or storage.
        let lines = (1...3).flatMap { day -> [String] in [
            "{\"date\":\"2026-11-0\(day)\",\"workspace\":\"lean\",\"users\":{\"total\":4,\"active\":2}}",
            "{\"date\":\"2026-11-0\(day)\",\"workspace\":\"full\",\"users\":{\"total\":3,\"active\":1},\"executions\":{\"total\":10,\"succeeded\":9,\"failed\":1}}",
        ] }
        let usage = try fixture.usage(lines)
        let inputs = try fixture.inputs(usage: usage, asOf: nil)
        var summary = UsageSummary(since: try XCTUnwrap(Day("2026-11-01")))
        _ = UsageReader(workspaces: ["lean", "full"]).read(usage) { summary.add($0) }
        let report = UsageReport(["full", "lean"], usage: summary, since: try XCTUnwrap(Day("2026-11-01")), until: try XCTUnwrap(Day("2026-11-03")))

        let lean = try XCTUnwrap(report.workspaces.first { $0.name == "lean" }).metrics
        XCTAssertNil(lean.executions, "lean never reported executions")
        XCTAssertNil(lean.apiCalls)
        XCTAssertEqual(lean.activeUsersPerDay, 2)
        XCTAssertEqual(report.total.executions, 30, "measured by one workspace: its sum")
        XCTAssertNil(report.total.apiCalls)
        XCTAssertNil(report.total.newUsers)
        XCTAssertNil(report.total.cpuUnitHours)

        let text = UsageReportRenderer.text(report, basis: inputs.basis)
        let leanSection = try XCTUnwrap(text.components(separatedBy: "Workspace lean\n").last)
        XCTAssertTrue(leanSection.contains("executions not measured"), leanSection)
        XCTAssertTrue(text.contains("calls not measured"), text)
        XCTAssertTrue(text.contains("new users not measured"), text)
        XCTAssertTrue(text.contains("CPU unit-hours not measured"), text)
        XCTAssertFalse(text.contains("0 calls"), text)
        XCTAssertFalse(text.contains(" 0 new"), text)
        XCTAssertFalse(leanSection.contains("0 executions"), leanSection)

        let json = UsageReportRenderer.json(report, basis: inputs.basis)
        let workspaces = try XCTUnwrap(json["workspaces"]?.arrayValue)
        let leanJSON = try XCTUnwrap(workspaces.first { $0["name"]?.stringValue == "lean" }?["metrics"])
        XCTAssertEqual(leanJSON["executions"], .null)
        XCTAssertEqual(leanJSON["api_calls"], .null)
        XCTAssertEqual(json["total"]?["executions"], .int(30))
        XCTAssertEqual(json["total"]?["api_calls"], .null)
        let firstDay = try XCTUnwrap(json["daily"]?.arrayValue?.first)
        XCTAssertEqual(firstDay["api_calls"], .null, "a column nothing carries is null every day")
        XCTAssertEqual(firstDay["executions"], .int(10))

        // Week over week: lean's executions and both weeks' API calls are not measured, never 0.
        let leanWeeks = try XCTUnwrap(report.workspaces.first { $0.name == "lean" }).weekOverWeek
        XCTAssertEqual(leanWeeks.first { $0.metric == "executions" }?.this, nil)
        XCTAssertEqual(leanWeeks.first { $0.metric == "API calls" }?.previous, nil)
        XCTAssertEqual(report.totalWeekOverWeek.first { $0.metric == "executions" }?.this, 30)
        XCTAssertEqual(report.totalWeekOverWeek.first { $0.metric == "executions" }?.previous, nil, "the week before has no record at all")
        let leanTable = try XCTUnwrap(leanSection.components(separatedBy: "WEEK OVER WEEK").last)
        let executionsRow = try XCTUnwrap(leanTable.split(separator: "\n").first { $0.contains("executions") && !$0.contains("failed") })
        XCTAssertFalse(executionsRow.contains(" 0"), "not 0: \(executionsRow)")
        XCTAssertTrue(executionsRow.contains("–"), String(executionsRow))
        let leanWeekJSON = try XCTUnwrap(workspaces.first { $0["name"]?.stringValue == "lean" }?["week_over_week"]?.arrayValue)
        XCTAssertEqual(leanWeekJSON.first { $0["metric"]?.stringValue == "API calls" }?["this_week"], .null)
    }
}
