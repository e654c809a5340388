import Foundation
import TenancyDiagnostics
@testable import TenancyAnswers
import TenancyEngine
import TenancyTestSupport
import XCTest
import TenancyJSON

/// The usage export's reader: good records handed on in order, bad ones with diagnostics as
/// precise as a manifest's (golden), a folder read in name order.
final class UsageReaderTests: XCTestCase {
    static let fixtures = RuntimeFixture.fixtures.appendingPathComponent("usage")
    func golden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        Golden.check(actual, against: Self.fixtures.appendingPathComponent(name), file: file, line: line)
    }

    /// Every kind of bad record in one file: a negative count, an unknown workspace (a warning,
    /// with a suggestion), more succeeded than executed, a day twice, a day out of order, a day
    /// that does not exist, a size written as text, an unknown field, a cut line, a line that is
    /// not JSON, a fraction where a count belongs. Blank lines are allowed.
    func testBadRecordsAreDiagnosedAtTheirLinesAndColumns() throws {
        let path = Self.fixtures.appendingPathComponent("bad.jsonl").path
        var good: [String] = []
        let result = UsageReader(workspaces: ["growth"]).read(path) { good.append("\($0.date) \($0.workspace)") }
        XCTAssertEqual(good, ["2026-11-01 growth", "2026-11-03 growth"])
        let text = TextDiagnosticRenderer(useColor: false).render(result.diagnostics, sources: result.sources)
            .replacingOccurrences(of: Self.fixtures.path + "/", with: "")
        try golden(text, "bad.diagnostics.txt")
        XCTAssertEqual(result.diagnostics.items.filter { $0.severity == .warning }.map(\.code), [.usageUnknownWorkspace])
    }

    /// The fast decoder (straight from bytes) and the general one (JSON tree) agree on every line
    /// the fast one takes, and it takes the platform's usual lines (all of examples/usage).
    func testTheFastDecoderAgreesWithTheGeneralOne() throws {
        let examples = RuntimeFixture.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/usage/2026-11.jsonl")
        var lines = try String(contentsOf: examples, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 178)
        let usual = lines.count
        lines += try String(contentsOf: Self.fixtures.appendingPathComponent("bad.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        lines += [#"{"workspace":"a","date":"2026-11-01","executions":{"total":5e2}}"#, #"{"date":"2026-11-01","workspace":"a","users":{"total":5.0}}"#,
                  #"{"date":"2026-11-01","workspace":"a","api":{"calls":1},"api":{"calls":2}}"#, #"{"date":"2026-11-01","workspace":"\u0061"}"#,
                  #" { "date" : "2026-11-01" , "workspace" : "a" , "users" : { "byRole" : { "owner" : 1 } } } "#,
                  #"{"date":"2026-11-01","workspace":"a","compute":{"cpuUnitSeconds":0.5}}"#]
        var fast = 0
        for (n, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            let general = (try? JSONParser.parse(bytes)).flatMap(UsageDecoding.decode)
            guard let quick = bytes.withUnsafeBufferPointer(UsageLineDecoder.decode) else {
                XCTAssertTrue(n >= usual, "a usual line took the general path: \(line)")
                continue
            }
            fast += 1
            XCTAssertEqual(quick, general, line)
        }
        XCTAssertGreaterThan(fast, usual + 2, "the spaced and fractional lines are taken too")
    }

    /// Read in shares on several cores, the usage gives the same records and the same problems as
    /// read by one reader: each line handled once, each problem reported once (lines whose
    /// workspace is not plain to see, too).
    func testSharesReadTheSameAsOneReader() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        let examples = RuntimeFixture.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/usage/2026-11.jsonl")
        var lines = try String(contentsOf: examples, encoding: .utf8).split(separator: "\n").map(String.init)
        lines += try String(contentsOf: Self.fixtures.appendingPathComponent("bad.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines += [#"{ "date" : "2026-12-01" , "workspace" : "clinic" }"#, #"{"date":"2026-12-01","workspace":"clin\u0069c"}"#,
                  #"{"date":"2026-12-02","workspace" : "nowhere"}"#, "garbage"]
        let path = try fixture.usage(lines)
        let names: Set<String> = ["clinic", "data-science", "engineering", "federal", "marketing", "payments", "growth"]
        var single: [String] = []
        let one = UsageReader(workspaces: names).read(path) { single.append("\($0.workspace) \($0.date)") }
        for shares in [2, 3] {
            let (merged, parts) = UsageReader(workspaces: names).read(path, shares: shares, sink: { [String]() }, add: {
                $0.append("\($1.workspace) \($1.date)")
            })
            XCTAssertEqual(parts.flatMap { $0 }.sorted(), single.sorted(), "\(shares) shares")
            XCTAssertEqual(merged.diagnostics.items.map { "\($0.range?.start.line ?? 0) \($0.code) \($0.summary)" },
                           one.diagnostics.items.map { "\($0.range?.start.line ?? 0) \($0.code) \($0.summary)" }, "\(shares) shares")
            XCTAssertEqual(merged.records, one.records)
            XCTAssertEqual(merged.skipped, one.skipped)
        }
        XCTAssertTrue(one.diagnostics.items.contains { $0.code == .usageDuplicateDay }, "the clinic line twice, one of them spaced")
    }

    func testAFolderIsReadInNameOrderAndOnlyItsJSONLinesFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-usage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{\"date\":\"2026-11-02\",\"workspace\":\"a\"}\n".utf8).write(to: folder.appendingPathComponent("2026-11-02.jsonl"))
        try Data("{\"date\":\"2026-11-01\",\"workspace\":\"a\"}\n".utf8).write(to: folder.appendingPathComponent("2026-11-01.jsonl"))
        try Data("not usage".utf8).write(to: folder.appendingPathComponent("README.md"))
        var days: [String] = []
        let result = UsageReader(workspaces: ["a"]).read(folder.path) { days.append($0.date.description) }
        XCTAssertEqual(result.diagnostics.items.map(\.summary), [])
        XCTAssertEqual(days, ["2026-11-01", "2026-11-02"])
        XCTAssertEqual(result.files, 2)
    }

    /// A workspace the state does not hold is one warning at its first record, however many.
    func testAnUnknownWorkspaceIsOneWarningCountingItsRecords() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        let path = try fixture.usage(RuntimeFixture.days("sales", 1, 3, "") + RuntimeFixture.days("a", 1, 2, ""))
        var kept = 0
        let result = UsageReader(workspaces: ["a"]).read(path) { _ in kept += 1 }
        XCTAssertEqual(kept, 2)
        XCTAssertEqual(result.skipped, 3)
        XCTAssertEqual(result.diagnostics.items.map(\.detail), ["Its 3 records are skipped (the first is here)."])
        XCTAssertEqual(result.diagnostics.items.first?.range?.start.line, 1)
    }

    /// Lines across the reader's blocks, a last line without its line break, and a line past the
    /// limit (an error at its line; the reading stops there).
    func testBlocksLongLinesAndALastLineWithoutItsBreak() throws {
        let fixture = try RuntimeFixture()
        defer { fixture.remove() }
        // 30,000 records is about 2 MB: the 4 MiB blocks see many, and the last one ends unbroken.
        var text = (0..<30_000).map { i in
            "{\"date\":\"\(Day(ordinal: 20_000 + i))\",\"workspace\":\"a\",\"users\":{\"total\":\(i)},\"api\":{\"calls\":\(String(repeating: "0", count: 1))}}"
        }.joined(separator: "\n")
        text += "\n" + String(repeating: "x", count: 9_000_000)
        try Data(text.utf8).write(to: fixture.root.appendingPathComponent("big.jsonl"))
        var count = 0
        let result = UsageReader(workspaces: ["a"]).read(fixture.root.appendingPathComponent("big.jsonl").path) { _ in count += 1 }
        XCTAssertEqual(count, 30_000)
        XCTAssertEqual(result.diagnostics.items.map(\.summary), ["a line longer than 1.0 MiB"])
        XCTAssertEqual(result.diagnostics.items.first?.range?.start.line, 30_001)
        try Data(text.prefix(text.count - 9_000_001).utf8).write(to: fixture.root.appendingPathComponent("big.jsonl"))
        count = 0
        let unbroken = UsageReader(workspaces: ["a"]).read(fixture.root.appendingPathComponent("big.jsonl").path) { _ in count += 1 }
        XCTAssertEqual(unbroken.diagnostics.items.map(\.summary), [])
        XCTAssertEqual(count, 30_000, "the last line, without its line break, is read")
    }

    func testAMissingOrEmptyPathIsAnErrorNamingIt() throws {
        let missing = UsageReader(workspaces: nil).read("/nonexistent/usage") { _ in }
        XCTAssertEqual(missing.diagnostics.items.count, 1)
        XCTAssertTrue(missing.diagnostics.items[0].summary.contains("/nonexistent/usage"), missing.diagnostics.items[0].summary)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-usage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let empty = UsageReader(workspaces: nil).read(folder.path) { _ in }
        XCTAssertEqual(empty.diagnostics.items.map(\.code), [.usageEmpty])
    }
}
