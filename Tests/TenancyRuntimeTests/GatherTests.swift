import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyRuntime
import XCTest

/// The usage read while the state is (quota check, billing) answers exactly as the usage read once
/// the state is known (usage report): the same records, the same warnings, the same errors, for
/// workspaces that are applied and for those that are not.
final class GatherTests: XCTestCase {
    func outcome(_ fixture: RuntimeFixture, _ usage: String, totals: Bool, names: [String] = []) throws -> [String] {
        do {
            let inputs = try RuntimeInputs.gather(try fixture.session(), workspaces: names, usagePath: usage, asOf: nil, totals: totals)
            let days = inputs.usage.workspaces.keys.sorted().map { "\($0): \(inputs.usage.workspaces[$0]?.days ?? 0) days" }
            return ["records \(inputs.basis.records), \(inputs.basis.firstDay?.description ?? "-")…\(inputs.basis.lastDay?.description ?? "-")"]
                + days + inputs.warnings.items.map { "\($0.severity) \($0.range?.start.line ?? 0) \($0.summary) \($0.detail)" }
        } catch {
            return ((error as? RunFailure)?.diagnostics.items ?? []).map { "\($0.severity) \($0.range?.start.line ?? 0) \($0.summary)" }
        }
    }

    func testReadingBesideTheStateAnswersAsReadingAfterIt() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        try fixture.workspace("a", "billing: {tier: starter}")
        try fixture.workspace("b", "billing: {tier: starter}")
        try fixture.apply(at: "2026-10-01")
        let clean = try fixture.usage(RuntimeFixture.days("a", 1, 5, "") + RuntimeFixture.days("ghost", 3, 9, "")
                                      + RuntimeFixture.days("b", 2, 3, "") + RuntimeFixture.days("ghost", 1, 1, "")
                                      + [#"{"date":"2026-11-20","workspace":"ghost","executions":{"total":1,"succeeded":2}}"#])
        let early = try outcome(fixture, clean, totals: false), late = try outcome(fixture, clean, totals: true)
        XCTAssertEqual(early, late)
        XCTAssertEqual(early.first, "records 7, 2026-11-01…2026-11-05", "the ghost's records, good or bad, are neither counted nor checked")
        XCTAssertTrue(early.contains { $0.contains("no workspace named `ghost`") && $0.contains("Its 9 records are skipped") }, "\(early)")
        XCTAssertEqual(try outcome(fixture, clean, totals: false, names: ["b"]), try outcome(fixture, clean, totals: true, names: ["b"]))

        let broken = try fixture.usage(RuntimeFixture.days("a", 1, 2, "") + RuntimeFixture.days("a", 2, 2, "")
                                       + [#"{"date":"2026-11-09","workspace":"b","users":{"total":1,"active":4}}"#])
        let earlyErrors = try outcome(fixture, broken, totals: false)
        XCTAssertEqual(earlyErrors, try outcome(fixture, broken, totals: true))
        XCTAssertEqual(earlyErrors.filter { $0.hasPrefix("error") }.count, 2, "\(earlyErrors)")
    }
}
