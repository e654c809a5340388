import Foundation
@testable import TenancyReport
import TenancyAnswers
import TenancySupport
import XCTest

/// The report's building blocks: escaping, anchors, and charts that are the same bytes for the
/// same numbers and say in words what they draw.
final class ReportHTMLTests: XCTestCase {
    func testEscapingKeepsMarkupAsText() {
        XCTAssertEqual(HTML.escape("<script>alert('x') & \"y\"</script>"),
                       "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        XCTAssertEqual(HTML.escape("plain text, ünïcode"), "plain text, ünïcode")
        // A bidirectional override would make a name read as another; a NUL has no business in a page.
        XCTAssertEqual(HTML.escape("abc\u{202E}def\u{0}"), "abc\\u{202e}def\\u{0}")
        XCTAssertEqual(HTML.escape("line\nbreak\ttab"), "line\nbreak\ttab")
    }

    func testAnchorsAreStableAndSafe() {
        XCTAssertEqual(HTML.anchor("ws", "data-science"), "ws-data-science")
        XCTAssertEqual(HTML.anchor("control", "hipaa", "164.312(b)"), "control-hipaa-164.312_28b_29")
        // Distinct names never share an anchor: `_` is escaped too.
        XCTAssertNotEqual(HTML.anchor("ws", "a_28"), HTML.anchor("ws", "a("))
        let hostile = HTML.anchor("ws", "\"><script>")
        XCTAssertTrue(hostile.allSatisfy { $0.isLetter || $0.isNumber || "-._".contains($0) }, hostile)
    }

    func testCoordinatesAreWrittenExactly() {
        XCTAssertEqual(SVGCharts.coordinate(0), "0")
        XCTAssertEqual(SVGCharts.coordinate(12.25), "12.3")
        XCTAssertEqual(SVGCharts.coordinate(240), "240")
        XCTAssertEqual(SVGCharts.coordinate(-3.04), "-3")
        XCTAssertEqual(SVGCharts.coordinate(.nan), "0")
        XCTAssertEqual(SVGCharts.coordinate(.infinity), "0")
    }

    func testChartsSayWhatTheyDraw() throws {
        let first = try XCTUnwrap(Day("2026-11-01"))
        let points = (0..<5).map { (day: first.adding(days: $0), value: $0 == 2 ? nil : Double($0 * 10) as Double?) }
        let svg = SVGCharts.trend(points, title: "Executions a day", id: "t", format: { Format.number($0) })
        XCTAssertTrue(svg.contains("role=\"img\" aria-labelledby=\"t-t t-d\""))
        XCTAssertTrue(svg.contains("<title id=\"t-t\">Executions a day</title>"))
        XCTAssertTrue(svg.contains("<desc id=\"t-d\">4 days from 2026-11-01 to 2026-11-05: first 0, last 40, lowest 0, highest 40</desc>"), svg)
        XCTAssertEqual(svg, SVGCharts.trend(points, title: "Executions a day", id: "t", format: { Format.number($0) }), "the same bytes")
        let empty = SVGCharts.trend(points.map { ($0.day, nil) }, title: "none", id: "e", format: { Format.number($0) })
        XCTAssertTrue(empty.contains("no usage records in the period"))
        let bar = SVGCharts.quotaBar(percent: 150, warning: 80, status: "exceeded", label: HTML.escape("users: 150.0% <of> the limit"))
        XCTAssertTrue(bar.contains("width=\"240\" height=\"10\" rx=\"2\"/><rect class=\"fill exceeded\" x=\"0\" y=\"2\" width=\"240\""), "capped at the bar's end: \(bar)")
        XCTAssertTrue(bar.contains("aria-label=\"users: 150.0% &lt;of&gt; the limit\""))
        XCTAssertTrue(bar.contains("x1=\"192\""), "the warning tick at 80%")
    }

    /// The data a large organization's sections wait in: nothing in it can end its script
    /// element, and the strings the sections repeat are written once.
    func testTheEmbeddedDataCannotEndItsScript() {
        XCTAssertEqual(ReportData.q("</script><b>\"x\"\\\n"), #""\u003c/script>\u003cb>\"x\"\\\n""#)
        var data = ReportData()
        for text in ["90d", "true", "true", "once", "90d", "true"] { _ = data.s(text) }
        data.finishCounting()
        XCTAssertEqual(data.s("true"), "0", "the most used first")
        XCTAssertEqual(data.s("90d"), "1")
        XCTAssertEqual(data.s("once"), #""once""#, "a string used once is written in place")
        XCTAssertEqual(data.s(nil as String?), "null")
        XCTAssertEqual(data.table, #""s":["true","90d"]"#)
        XCTAssertEqual(ReportData.heights([0, 35, 36, nil, 1295]), "000z10--zz")
    }

    /// Sections recorded in runs on several cores, their numbers put in afterwards, are the bytes
    /// one pass that counts and then writes gives: the same table, the same numbers.
    func testRecordedRunsWriteWhatOnePassWrites() {
        func row(_ label: String, _ via: [String], _ permissions: Set<String>, service: Bool = false) -> AccessMatrix.Row {
            AccessMatrix.Row(label: label, isServiceAccount: service, via: via, permissions: permissions)
        }
        let matrices: [[AccessMatrix.Row]] = [
            [row("ana@example.com", ["admin (platform)"], ["workflows.read", "workflows.write"]), row("ci", ["editor (service account)"], ["workflows.read"], service: true)],
            [row("ana@example.com", ["admin (platform)"], ["workflows.read", "workflows.write"])],
            [],
            [row("bo@example.com", ["viewer (finance)"], ["workflows.read"]), row("ana@example.com", ["auditor (platform)"], ["audit.read"])],
        ]
        var onePass = ReportData()
        for matrix in matrices { _ = onePass.access(matrix) }
        onePass.finishCounting()
        let expected = matrices.map { onePass.access($0) }
        for split in 1..<matrices.count {
            var first = ReportData.recorder(), second = ReportData.recorder()
            for matrix in matrices[..<split] { _ = first.access(matrix) }
            for matrix in matrices[split...] { _ = second.access(matrix) }
            var table = ReportData()
            table.addCounts(of: [first, second])
            table.finishCounting()
            XCTAssertEqual(table.table, onePass.table, "split at \(split)")
            let written = [first, second].flatMap { part in part.recorded.map { ReportData.render($0, table.references(for: part)) } }
            XCTAssertEqual(written, expected, "split at \(split)")
        }
        XCTAssertTrue(onePass.table.contains("ana@example.com"), "a string two sections use is in the table")
    }

    /// WCAG 2 contrast of every text colour of the stylesheet against the backgrounds it is set
    /// on: at least 4.5:1.
    func testTextColoursHaveContrast() throws {
        func colour(_ name: String) throws -> (Double, Double, Double) {
            let css = ReportAssets.css
            let range = try XCTUnwrap(css.range(of: "--\(name): #"), name)
            let hex = String(css[range.upperBound...].prefix(6))
            let value = try XCTUnwrap(Int(hex, radix: 16), hex)
            return (Double(value >> 16 & 255), Double(value >> 8 & 255), Double(value & 255))
        }
        func luminance(_ c: (Double, Double, Double)) -> Double {
            func channel(_ v: Double) -> Double { let s = v / 255; return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
            return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
        }
        func ratio(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
            let (x, y) = (luminance(a), luminance(b))
            return (max(x, y) + 0.05) / (min(x, y) + 0.05)
        }
        let white = (255.0, 255.0, 255.0)
        let panel = try colour("panel")
        for name in ["text", "muted", "link", "ok", "warning", "exceeded"] {
            let text = try colour(name)
            XCTAssertGreaterThanOrEqual(ratio(text, white), 4.5, "\(name) on white")
            XCTAssertGreaterThanOrEqual(ratio(text, panel), 4.5, "\(name) on the panel colour")
        }
    }
}
