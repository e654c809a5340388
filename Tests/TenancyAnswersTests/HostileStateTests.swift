import Foundation
import TenancyEngine
import TenancyModel
import TenancyAnswers
import XCTest
import TenancyJSON

/// A state pushed by hand (`state push --force`) is not checked against the schema: the runtime
/// answers read it leniently, and values of any size or shape never trap.
final class HostileStateTests: XCTestCase {
    func testValuesOfAnySizeOrShapeAreAnsweredWithoutTrapping() throws {
        let spec: JSON = .object([
            "quotas": .object(["users": .number("-1e300"), "workflows": .number("1e300"), "storage": .string("99999999PiB"),
                               "executionsPerDay": .number("-1e300"), "maxExecutionTime": .string("9999999999999y")]),
            "billing": .object(["tier": .string("platinum"), "budget": .string("100.00"), "budgetAlerts": .array([.number("1e300"), .number("-5")]),
                                "currency": .string("XXXX"), "price": .string("-1"), "overage": .object(["cap": .number("5")])]),
            "notifications": .array([.object(["event": .string("quota.warning"), "percent": .number("1e300")]), .string("odd")]),
            "policy": .object(["approvals": .object(["minApprovers": .number("1e300"), "approverTeams": .string("x")])]),
        ])
        let address = Address(.workspace, "odd")
        let resource = Resource(address: address, attributes: .object(["spec": spec, "metadata": .object(["labels": .number("1")])]))
        let state = State(serial: 3, resources: [address: StateResource(id: "x", resource: resource, created: "t", updated: "t")])
        let settings = WorkspaceSettings.all(in: state)
        let odd = try XCTUnwrap(settings["odd"])
        var usage = UsageSummary()
        let start = try XCTUnwrap(Day("2026-11-01"))
        for i in 0..<30 {
            var record = UsageRecord(date: start.adding(days: i), workspace: "odd")
            record.users = 9_007_199_254_740_991
            record.executions = 9_007_199_254_740_991
            record.dataBytes = 9_007_199_254_740_991
            record.maxExecutionSeconds = 9_007_199_254_740_991
            usage.add(record)
        }
        let basis = AnswerBasis(serial: 3, lineage: "l", usagePath: "u", records: 30, files: 1, firstDay: usage.firstDay,
                                lastDay: usage.lastDay, now: usage.now, asOfGiven: false)
        let check = QuotaCheck(settings: [odd], usage: usage)
        XCTAssertFalse(QuotaCheckRenderer.text(check, basis: basis).isEmpty)
        XCTAssertFalse(QuotaCheckRenderer.json(check, basis: basis).canonicalText().isEmpty)
        let period = try XCTUnwrap(Month("2026-11"))
        let statement = BillingCalculator(period: period, through: period.last, timeline: BillingTimeline(current: settings, serial: 3))
            .statement([odd], usage: usage, organization: nil)
        XCTAssertFalse(BillingRenderer.text(statement, basis: basis).isEmpty)
        XCTAssertFalse(BillingRenderer.json(statement, basis: basis).canonicalText().isEmpty)
        let report = UsageReport(["odd"], usage: usage, since: start, until: period.last)
        XCTAssertFalse(UsageReportRenderer.text(report, basis: basis).isEmpty)
        let model = AccessModel(state)
        XCTAssertFalse(AccessCheck(model).decide("a@b.c", workspace: "odd", permission: "workflow.read").allowed)
        XCTAssertFalse(YAMLWriter.document(EffectiveSettings.document(state)).isEmpty)
    }
}
