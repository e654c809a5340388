import Foundation
import TenancyAnswers
import XCTest

/// Quota statuses at their edges and the day a quota is reached (docs/quotas.md).
final class QuotaCheckTests: XCTestCase {
    func settings(_ name: String, _ quotas: [QuotaMeasure: Double], warning: Double? = nil) -> WorkspaceSettings {
        var settings = WorkspaceSettings(name: name)
        settings.quotas = quotas
        settings.quotaWarningPercent = warning
        return settings
    }

    func summary(_ name: String, users: [Int], from first: String = "2026-11-01") throws -> UsageSummary {
        var summary = UsageSummary()
        let start = try XCTUnwrap(Day(first))
        for (i, count) in users.enumerated() {
            var record = UsageRecord(date: start.adding(days: i), workspace: name)
            record.users = count
            summary.add(record)
        }
        return summary
    }

    func row(_ check: QuotaCheck) throws -> QuotaCheck.Row { try XCTUnwrap(check.workspaces.first?.rows.first) }

    func testAQuotaExactlyAtItsLimitIsAWarningAndOnePastItExceeded() throws {
        let at = QuotaCheck(settings: [settings("a", [.users: 100])], usage: try summary("a", users: [100]))
        XCTAssertEqual(try row(at).status, .warning)
        XCTAssertEqual(try row(at).percent, 100)
        let past = QuotaCheck(settings: [settings("a", [.users: 100])], usage: try summary("a", users: [101]))
        XCTAssertEqual(try row(past).status, .exceeded)
        XCTAssertEqual(past.status, .exceeded)
    }

    func testTheWarningLevelIsTheWorkspacesOwnElseTheDefault() throws {
        let usage = try summary("a", users: [70])
        XCTAssertEqual(try row(QuotaCheck(settings: [settings("a", [.users: 100])], usage: usage)).status, .ok)
        let own = QuotaCheck(settings: [settings("a", [.users: 100], warning: 70)], usage: usage)
        XCTAssertEqual(try row(own).status, .warning)
        XCTAssertEqual(own.workspaces[0].warningPercentIsDefault, false)
        XCTAssertEqual(try row(QuotaCheck(settings: [settings("a", [.users: 100])], usage: try summary("a", users: [80]))).status,
                       .warning, "the default, 80%, is a warning from 80% on")
    }

    /// Growing by 2 a day from 80 to 90 over 6 days: 100 is passed 6 days after the last (at 102).
    func testTheDayAQuotaIsReachedFollowsTheTrend() throws {
        let check = QuotaCheck(settings: [settings("a", [.users: 100])], usage: try summary("a", users: [80, 82, 84, 86, 88, 90]))
        let row = try row(check)
        XCTAssertEqual(row.trendPerDay ?? 0, 2, accuracy: 1e-9)
        XCTAssertEqual(row.reachedOn, Day("2026-11-12"))
        let falling = QuotaCheck(settings: [settings("a", [.users: 100])], usage: try summary("a", users: [90, 85, 80]))
        XCTAssertNil(try self.row(falling).reachedOn)
        let one = QuotaCheck(settings: [settings("a", [.users: 100])], usage: try summary("a", users: [90]))
        XCTAssertNil(try self.row(one).trendPerDay, "one day is no trend")
    }

    func testAWorkspaceWithoutRecordsOrAMeasureIsNoDataNotOk() throws {
        let check = QuotaCheck(settings: [settings("a", [.users: 100, .storage: 1_073_741_824.0]), settings("b", [.users: 5])],
                               usage: try summary("a", users: [10]))
        XCTAssertEqual(check.workspaces[0].rows.map(\.status), [.ok, .noData], "storage is not measured")
        XCTAssertEqual(check.workspaces[1].rows.map(\.status), [.noData])
        XCTAssertNil(check.workspaces[1].lastRecord)
        XCTAssertEqual(check.status, .ok)
    }

    /// `--as-of` answers as of a day: later records are left out.
    func testAsOfLeavesLaterDaysOut() throws {
        var usage = UsageSummary(until: Day("2026-11-02"))
        for (day, users) in [("2026-11-01", 10), ("2026-11-02", 20), ("2026-11-03", 200)] {
            var record = UsageRecord(date: try XCTUnwrap(Day(day)), workspace: "a")
            record.users = users
            usage.add(record)
        }
        let check = QuotaCheck(settings: [settings("a", [.users: 100])], usage: usage)
        XCTAssertEqual(try row(check).used, 20)
        XCTAssertEqual(check.now, Day("2026-11-02"))
    }
}
