import Foundation
import TenancyTestSupport
import XCTest

/// `tenancy report` on examples/ as a user runs it: the whole page (golden), the same bytes
/// twice, hostile strings kept as text, large organizations kept usable (sections in
/// `<template>`s), and the mistakes a user makes. The browser's view is ReportBrowserTests'.
final class ReportScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws {
        scenario = try ScenarioFolder()
        let applied = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(applied.code, 0, applied.err)
    }

    override func tearDown() { scenario.remove() }

    static let goldens = Golden.fixtures.appendingPathComponent("report")
    static let epoch = ["SOURCE_DATE_EPOCH": "1796083200"] // 2026-12-01T00:00:00Z

    /// The lineage, the audit chain's head and the digests are random or depend on the copy.
    static func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "LINEAGE", options: .regularExpression)
            .replacingOccurrences(of: #"[0-9a-f]{64}"#, with: "HEX64", options: .regularExpression)
    }

    /// A pending change that lowers a quota below current use (engineering: 352 users).
    func pendingPlan() throws {
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 300") }
        let plan = try scenario.tenancy(["plan", "--out", "pending.plan"])
        XCTAssertEqual(plan.code, 0, plan.err)
    }

    func testTheReportOfTheExamples() throws {
        try pendingPlan()
        let arguments = ["report", "--usage", "usage", "--plan", "pending.plan", "--out", "report.html"]
        let run = try scenario.tenancy(arguments, environment: Self.epoch)
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertTrue(run.out.hasPrefix("Wrote the report of 6 workspaces to report.html ("), run.out)
        let html = String(decoding: try scenario.read("report.html"), as: UTF8.self)
        Golden.check(Self.masked(html), against: Self.goldens.appendingPathComponent("examples.html"))
        // Self-contained: nothing is loaded from anywhere.
        for reference in ["src=", "href=\"http", "url(", "@import", "<link"] {
            XCTAssertFalse(html.contains(reference), "the page loads nothing: found \(reference)")
        }
        XCTAssertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\""))
        // The stamp: what it shows.
        XCTAssertTrue(html.contains("<dt>Generated</dt><dd>2026-12-01T00:00:00Z</dd>"), "SOURCE_DATE_EPOCH, never the clock")
        XCTAssertTrue(html.contains("<dt>Usage</dt><dd>2026-11-01 to 2026-11-30 (178 records)</dd>"))
        XCTAssertTrue(html.contains("the checkout differs from what serial 1 was applied from"), "the pending change is not applied")
        // The same inputs, the same bytes.
        XCTAssertEqual(try scenario.tenancy(arguments, environment: Self.epoch).code, 0)
        XCTAssertEqual(String(decoding: try scenario.read("report.html"), as: UTF8.self), html)
        // The pending plan's quota impact, and its cost.
        XCTAssertTrue(html.contains("users → 300: 352 used on 2026-11-30"), "the quota the change puts below use")
        // Without the clock's stamp: the last usage day.
        let stdout = try scenario.tenancy(["report", "--usage", "usage"])
        XCTAssertEqual(stdout.code, 0, stdout.err)
        XCTAssertTrue(stdout.out.hasPrefix("<!DOCTYPE html>\n"))
        XCTAssertTrue(stdout.out.contains("<dt>Generated</dt><dd>2026-11-30 (the last usage day)</dd>"))
        // No usage: still a report, saying so.
        let bare = try scenario.tenancy(["report"])
        XCTAssertEqual(bare.code, 0, bare.err)
        XCTAssertTrue(bare.out.contains("<dt>Usage</dt><dd>none given</dd>"))
        XCTAssertTrue(bare.out.contains("No usage records: nothing billed yet."))
    }

    /// Every string from a manifest is escaped: a description holding markup stays text, a label
    /// cannot end its attribute's quotes.
    func testHostileStringsStayText() throws {
        try scenario.edit("workspaces/marketing.yaml") {
            $0.replacingOccurrences(of: "  description: Campaign and lead-routing workflows",
                                    with: "  description: \"<script>alert(1)</script><img src=x onerror=alert(2)>\"")
                .replacingOccurrences(of: "labels: {", with: "labels: {note: \"\\\"><b>bold</b>\", ")
        }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let run = try scenario.tenancy(["report"])
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertFalse(run.out.contains("<script>alert"), "markup from a manifest never reaches the page as markup")
        XCTAssertFalse(run.out.contains("<img"))
        XCTAssertFalse(run.out.contains("<b>bold"))
        XCTAssertTrue(run.out.contains("<p class=\"description\">&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</p>"), run.out)
        XCTAssertTrue(run.out.contains("data-labels=\"department=marketing note=&quot;&gt;&lt;b&gt;bold&lt;/b&gt;\""), run.out)
        XCTAssertEqual(run.out.components(separatedBy: "<script").count - 1, 1, "one script: the page's own")
    }

    /// Above `--inline N` workspaces, each section waits as data (rendered by the page's script
    /// when shown), with an index that links to every one.
    func testLargeOrganizationsKeepSectionsUntilTheyAreShown() throws {
        let run = try scenario.tenancy(["report", "--usage", "usage", "--inline", "2"])
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertEqual(run.out.components(separatedBy: "<div class=\"slot\" id=\"ws-").count - 1, 6, "each workspace in its slot")
        XCTAssertTrue(run.out.contains("6 workspaces: each section is put in the page when it is opened, filtered to or printed."))
        XCTAssertTrue(run.out.contains("<li data-name=\"payments\""))
        XCTAssertTrue(run.out.contains("<script type=\"application/json\" id=\"report-data\">{\"w\":[["), "the sections as data")
        XCTAssertFalse(ReportBrowserTests.withoutScripts(run.out).contains("<article class=\"ws\""), "no section in the page until it is shown")
        let inline = try scenario.tenancy(["report", "--usage", "usage"])
        XCTAssertFalse(inline.out.contains("id=\"report-data\">"), "a small organization has every section in the page")
    }

    /// A pending plan the state has moved past: shown, and marked stale (apply would refuse it).
    func testAStalePendingPlanIsMarked() throws {
        try pendingPlan()
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 300", with: "users: 400") }
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "users: 80", with: "users: 90") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let run = try scenario.tenancy(["report", "--plan", "pending.plan"])
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertTrue(run.out.contains("<span class=\"status exceeded\">stale</span> This plan cannot be applied as it is: "), run.out)
        XCTAssertTrue(run.out.contains("serial"), "says why: the serial moved")
        let fresh = try scenario.tenancy(["plan", "--out", "fresh.plan"])
        XCTAssertEqual(fresh.code, 0)
        XCTAssertFalse(try scenario.tenancy(["report", "--plan", "fresh.plan"]).out.contains("This plan cannot be applied"))
    }

    func testMistakes() throws {
        let empty = try ScenarioFolder()
        defer { empty.remove() }
        let nothing = try empty.tenancy(["report"])
        XCTAssertEqual(nothing.code, 1)
        XCTAssertTrue(nothing.err.contains("[runtime.no-state]"), nothing.err)

        let missing = try scenario.tenancy(["report", "--plan", "nowhere.plan"])
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.err.contains("nowhere.plan"), missing.err)

        // The folder is --dir, as for every command: an operand is refused, naming --dir.
        for operand in [".", "examples", "no-such-folder"] {
            let positional = try scenario.tenancy(["report", operand])
            XCTAssertEqual(positional.code, 1, operand)
            XCTAssertTrue(positional.err.contains("unexpected argument `\(operand)`"), positional.err)
            XCTAssertTrue(positional.err.contains("the configuration's folder is given with --dir: `tenancy report --dir \(operand)`"), positional.err)
        }

        let inline = try scenario.tenancy(["report", "--inline", "many"])
        XCTAssertEqual(inline.code, 1)
        XCTAssertTrue(inline.err.contains("`many` is not a number of workspaces"), inline.err)

        let framework = try scenario.tenancy(["report", "--framework", "hipa"])
        XCTAssertEqual(framework.code, 1)
        XCTAssertTrue(framework.err.contains("did you mean `hipaa`?"), framework.err)

        // An output that is not a file is never replaced by the rename.
        let device = try scenario.tenancy(["report", "--out", "/dev/stdout"])
        XCTAssertEqual(device.code, 1)
        XCTAssertTrue(device.err.contains("/dev/stdout: it is a symbolic link, not a regular file"), device.err)

        // An output that cannot be written: a clear error, and nothing half-written.
        let unwritable = try scenario.tenancy(["report", "--out", "no-such-folder/report.html"])
        XCTAssertEqual(unwritable.code, 1)
        XCTAssertTrue(unwritable.err.contains("no-such-folder/report.html"), unwritable.err)
        XCTAssertFalse(scenario.exists("no-such-folder"))
    }
}
