import Foundation
import TenancyEngine
import TenancyModel
import TenancyAnswers
import XCTest

/// `plan --usage`'s arithmetic: a created workspace costs nothing before, a deleted one nothing
/// after, a quota set below current use is a breach (one left as it was is not).
final class PlanImpactTests: XCTestCase {
    func testCreatesDeletesAndQuotasBelowUse() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        try fixture.workspace("old", "billing: {tier: starter}")
        try fixture.workspace("keep", "quotas: {users: 100, workflows: 10}\nbilling: {tier: enterprise}")
        try fixture.apply(at: "2026-10-01")
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("workspaces/old.yaml"))
        try fixture.workspace("new", "billing: {tier: starter}")
        try fixture.workspace("keep", "quotas: {users: 50, workflows: 10}\nbilling: {tier: enterprise}")
        let usagePath = try fixture.usage(RuntimeFixture.days("keep", 1, 30, "\"users\":{\"total\":80},\"workflows\":{\"count\":20}")
                                          + RuntimeFixture.days("old", 1, 30, "\"executions\":{\"total\":1000}"))
        var summary = UsageSummary()
        _ = UsageReader(workspaces: nil).read(usagePath) { summary.add($0) }
        var request = PlanRequest(operation: "plan")
        request.allowDestroy = true
        let session = try fixture.session()
        let impact = try session.planning(request) { (planned) throws(RunFailure) in PlanImpact(plan: planned.plan, usage: summary) }
        let byName = Dictionary(uniqueKeysWithValues: impact.workspaces.map { ($0.address.name, $0) })
        XCTAssertEqual(Set(byName.keys), ["old", "new", "keep"])
        XCTAssertNil(byName["new"]?.before)
        XCTAssertEqual(byName["new"]?.after.map { Currency.text($0, digits: 2) }, "29.99", "the base for the month, nothing measured")
        XCTAssertEqual(byName["new"]?.measured, false)
        XCTAssertNil(byName["old"]?.after)
        XCTAssertEqual(byName["old"]?.before.map { Currency.text($0, digits: 2) }, "59.99", "29.99 + 30,000 executions × 0.001")
        XCTAssertEqual(byName["keep"]?.breaches.map(\.measure), [.users], "workflows was over its quota already and is unchanged")
        XCTAssertEqual(byName["keep"]?.breaches.first?.used, 80)
        XCTAssertEqual(impact.totals.map { Currency.text($0.after - $0.before, digits: 2) }, ["-30.00"])
        XCTAssertEqual(impact.diagnostics(strict: true).items.map(\.severity), [.error])
        XCTAssertEqual(impact.diagnostics(strict: false).items.first?.summary, "quotas.users 100 → 50: 80 in use, over the new limit")
    }
}
