import Foundation
import TenancyJSON
import TenancyNotify
import XCTest

/// The delivery log read back: records with their events (the data left unparsed until asked
/// for), marks, lines of a newer version kept; and its compaction, which drops only what no run
/// consults again.
final class DeliveryLogTests: XCTestCase {
    static func record(_ series: String, period: String, outcome: DeliveryOutcome, time: String, integration: String = "hook") -> [UInt8] {
        let event = NotificationEvent(name: .quotaWarning, workspace: "payments", series: series, period: period,
                                      title: "payments: \(series)", occurred: period, data: .object(["used": .int(85), "quota": .string("users")]))
        return DeliveryRecord(event: event, integration: integration, outcome: outcome, attempts: 1, status: 200, reason: nil,
                              time: time, message: "m", fingerprint: "f").line
    }

    func testRecordsReadBackWithTheirData() throws {
        let lines = [Self.record("quota.warning/payments/users/80", period: "2026-11-02", outcome: .failed, time: "2026-11-02T00:00:00Z"),
                     Self.record("quota.warning/payments/users/80", period: "2026-11-02", outcome: .delivered, time: "2026-11-02T00:05:00Z"),
                     DeliveryHistory.markLine("compliance-evaluated/l/3"),
                     Array(#"{"v":2,"future":true}"#.utf8)]
        let history = DeliveryHistory(lines: lines)
        XCTAssertEqual(history.records.count, 2)
        XCTAssertEqual(history.unreadable, 1, "a newer version's line is counted, not read")
        XCTAssertEqual(history.marks, ["compliance-evaluated/l/3"])
        let latest = try XCTUnwrap(history.latest(key: "quota.warning/payments/users/80/2026-11-02", integration: "hook"))
        XCTAssertEqual(latest.outcome, .delivered)
        XCTAssertEqual(history.records[0].event.data["used"], .int(85), "a failed event keeps its data, parsed when asked for")
        XCTAssertEqual(latest.event.data, .object([:]), "a delivered event keeps its summary only")
        XCTAssertEqual(latest.event.title, "payments: quota.warning/payments/users/80")
        // A line with an escape in a string is read by the full parser, to the same record.
        let event = NotificationEvent(name: .quotaExceeded, workspace: "payments", series: "s", period: "p", title: "say \"hi\"\n",
                                      occurred: "2026-11-02", data: .object(["a": .int(1)]))
        let escaped = DeliveryRecord(event: event, integration: "hook", outcome: .refused, attempts: 1, status: 400,
                                     reason: "the receiver answered 400: \"no\"", time: "2026-11-02T00:00:00Z", message: "m", fingerprint: "f")
        let read = try XCTUnwrap(DeliveryRecord(line: escaped.line))
        XCTAssertEqual(read.reason, escaped.reason)
        XCTAssertEqual(read.title, "say \"hi\"\n")
        XCTAssertEqual(read.event.data["a"], .int(1))
        XCTAssertEqual(read.line, escaped.line)
        XCTAssertEqual(history.latest(series: "quota.warning/payments/users/80", integration: "hook")?.time, "2026-11-02T00:05:00Z")
        XCTAssertNil(history.compacted(now: Date()), "a small log is left as it is")
    }

    func testCompactionKeepsWhatRunsConsult() throws {
        var lines: [[UInt8]] = []
        // 600 rate-quota days long past, each tried and then delivered (superseded pairs).
        for day in 0..<600 {
            let period = "2024-\(String(format: "%02d", day % 12 + 1))-\(String(format: "%02d", day % 28 + 1))-\(day)"
            lines.append(Self.record("quota.warning/payments/executionsPerDay/80", period: period, outcome: .pending, time: "2024-01-01T00:00:00Z"))
            lines.append(Self.record("quota.warning/payments/executionsPerDay/80", period: period, outcome: .delivered, time: "2024-01-01T00:00:01Z"))
        }
        // An open level episode from long ago, a recent failure, a newer version's line, marks.
        lines.append(Self.record("quota.warning/payments/users/80", period: "2024-02-01", outcome: .delivered, time: "2024-02-01T00:00:00Z"))
        lines.append(Self.record("billing.threshold/payments/50", period: "2026-11", outcome: .failed, time: "2026-11-30T00:00:00Z"))
        lines.append(Array(#"{"v":2,"future":true}"#.utf8))
        for serial in 0..<30 { lines.append(DeliveryHistory.markLine("compliance-evaluated/l/\(serial)")) }
        let history = DeliveryHistory(lines: lines)
        let now = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))
        let kept = try XCTUnwrap(history.compacted(now: now))
        let again = DeliveryHistory(lines: kept)
        XCTAssertNotNil(again.latest(series: "quota.warning/payments/users/80", integration: "hook"), "an open episode stays")
        XCTAssertNotNil(again.latest(key: "billing.threshold/payments/50/2026-11", integration: "hook"), "a recent record stays")
        XCTAssertEqual(again.latest(series: "quota.warning/payments/executionsPerDay/80", integration: "hook")?.outcome, .delivered,
                       "the last of a series stays")
        XCTAssertEqual(again.records.count, 3)
        XCTAssertEqual(again.unreadable, 1, "a newer version's line stays")
        XCTAssertEqual(again.marks.count, 20)
        XCTAssertTrue(again.marks.contains("compliance-evaluated/l/29"))
    }

    /// A workspace renamed (`metadata.previousNames`) keeps its records: a crossing sent under
    /// the old name is not sent again under the new one, and its episode stays open.
    func testRecordsUnderAPreviousNameAreTheWorkspacesOwn() {
        let lines = [Self.record("quota.warning/data-science/users/80", period: "2026-11-02", outcome: .delivered, time: "2026-11-02T00:00:00Z")]
        let renamed = DeliveryHistory(lines: lines, renames: ["data-science": "ds-lab"])
        XCTAssertNotNil(renamed.latest(key: "quota.warning/ds-lab/users/80/2026-11-02", integration: "hook"))
        XCTAssertEqual(renamed.latest(series: "quota.warning/ds-lab/users/80", integration: "hook")?.phase, .firing)
        XCTAssertNil(DeliveryHistory(lines: lines).latest(key: "quota.warning/ds-lab/users/80/2026-11-02", integration: "hook"))
    }
}
