import Foundation
import TenancyDiagnostics
import TenancyTestSupport
import TenancyYAML
import XCTest

/// Runs the official yaml-test-suite (data branch) from ../shared: event streams must equal
/// `test.event`, trees must equal `in.json`, error cases must be rejected. Cases that libyaml 0.2.5
/// itself gets wrong are listed in `YAMLTestSuiteSkips` with a reason; a listed case that starts
/// passing fails the test too, so that the list stays true.
final class YAMLTestSuiteTests: XCTestCase {
    struct Case {
        let id: String
        let folder: URL
    }

    func testYAMLTestSuite() throws {
        guard let suite = SuiteLocation.suite("yaml-test-suite") else {
            throw XCTSkip("yaml-test-suite: not found at ../shared/test-suites/yaml-test-suite (set TENANCY_TEST_SUITES); skipped")
        }
        let cases = try Self.cases(in: suite)
        XCTAssertGreaterThan(cases.count, 300, "the suite looks incomplete")
        var passed = 0, failed = 0, skipped = 0
        var failures: [String] = []
        var nowPassing: [String] = []
        for testCase in cases {
            let problem = Self.check(testCase)
            if let reason = YAMLTestSuiteSkips.reasons[testCase.id] {
                skipped += 1
                if problem == nil { nowPassing.append("\(testCase.id) (listed: \(reason))") }
                continue
            }
            if let problem {
                failed += 1
                failures.append("\(testCase.id): \(problem)")
            } else {
                passed += 1
            }
        }
        print("yaml-test-suite: \(passed) passed, \(failed) failed, \(skipped) skipped of \(cases.count)")
        XCTAssertTrue(failures.isEmpty, "cases failing that are not in the skip list:\n" + failures.joined(separator: "\n"))
        XCTAssertTrue(nowPassing.isEmpty, "skip-listed cases that pass now; remove them from the list:\n"
                      + nowPassing.joined(separator: "\n"))
    }

    /// Each case once, by its ID folder (`229Q`, or `2G84/00` for a case with several parts).
    /// The data branch also has `name/` and `tags/` folders of symbolic links to the same cases:
    /// links are never followed, and a folder reached twice is read once.
    static func cases(in suite: URL) throws -> [Case] {
        let fm = FileManager.default
        var cases: [Case] = []
        var seen = Set<String>()
        func isRealFolder(_ url: URL) -> Bool {
            guard let attributes = try? fm.attributesOfItem(atPath: url.path) else { return false }
            return attributes[.type] as? FileAttributeType == .typeDirectory
        }
        func add(_ id: String, _ folder: URL) {
            if seen.insert(folder.resolvingSymlinksInPath().path).inserted { cases.append(Case(id: id, folder: folder)) }
        }
        for id in try fm.contentsOfDirectory(atPath: suite.path).sorted() {
            let folder = suite.appendingPathComponent(id)
            guard isRealFolder(folder) else { continue }
            if fm.fileExists(atPath: folder.appendingPathComponent("in.yaml").path) {
                add(id, folder)
                continue
            }
            let subfolders = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            for sub in subfolders.sorted() {
                let case_ = folder.appendingPathComponent(sub)
                if isRealFolder(case_), fm.fileExists(atPath: case_.appendingPathComponent("in.yaml").path) { add("\(id)/\(sub)", case_) }
            }
        }
        return cases
    }

    /// nil when the case passes, else what went wrong.
    static func check(_ testCase: Case) -> String? {
        let fm = FileManager.default
        guard let bytes = fm.contents(atPath: testCase.folder.appendingPathComponent("in.yaml").path) else {
            return "cannot read in.yaml"
        }
        let source = SourceFile(path: "\(testCase.id)/in.yaml", bytes: bytes)
        var options = LoadOptions()
        options.unknownTags = .keep
        let result = YAMLLoader(options: options).load(source)
        let expectsError = fm.fileExists(atPath: testCase.folder.appendingPathComponent("error").path)
        if expectsError {
            return result.diagnostics.hasErrors ? nil : "accepted an invalid document"
        }
        let (events, eventError) = EventNotation.events(in: source)
        if let eventError { return "libyaml rejected it: \(eventError.summary) at \(eventError.range.map { "\($0.start.line):\($0.start.column)" } ?? "?")" }
        if let expected = try? String(contentsOf: testCase.folder.appendingPathComponent("test.event"), encoding: .utf8) {
            let wanted = expected.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            if events != wanted {
                let index = Array(zip(events, wanted)).firstIndex { $0.0 != $0.1 } ?? min(events.count, wanted.count)
                let got = index < events.count ? events[index] : "<end>"
                let want = index < wanted.count ? wanted[index] : "<end>"
                return "event \(index + 1): got `\(got)`, want `\(want)`"
            }
        }
        if let diagnostic = result.diagnostics.first(where: { $0.severity == .error }) {
            return "loader reported: \(diagnostic.summary)"
        }
        let jsonURL = testCase.folder.appendingPathComponent("in.json")
        guard let jsonText = try? String(contentsOf: jsonURL, encoding: .utf8) else { return nil }
        guard let expected = try? JSONValue.parseStream(jsonText) else { return "cannot parse in.json" }
        let actual = result.documents.map { json($0.root) }
        if actual != expected {
            return "tree differs: got \(actual.map(\.description).joined(separator: " ")), want \(expected.map(\.description).joined(separator: " "))"
        }
        return nil
    }

    static func json(_ node: Node) -> JSONValue {
        switch node.kind {
        case .scalar:
            switch node.scalarType {
            case .null?: return .null
            case .bool?: return .bool(node.bool ?? false)
            case .int?, .float?: return node.double.map(JSONValue.number) ?? .string(node.string ?? "")
            default: return .string(node.string ?? "")
            }
        case .sequence:
            return .array(node.items.map(json))
        case .mapping:
            var object: [String: JSONValue] = [:]
            for (key, value) in node.pairs { object[key.string ?? json(key).description] = json(value) }
            return .object(object)
        }
    }

    /// Laid out as upstream's data branch is, with `name/` and `tags/` folders of links to the
    /// cases, every case is still read once.
    func testCasesAreReadOnceWhateverLinksPointAtThem() throws {
        let fm = FileManager.default
        let suite = fm.temporaryDirectory.appendingPathComponent("yaml-suite-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: suite) }
        for folder in ["229Q", "2G84/00", "2G84/01", "name", "tags/alias"] {
            try fm.createDirectory(at: suite.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for folder in ["229Q", "2G84/00", "2G84/01"] {
            try Data("a: 1\n".utf8).write(to: suite.appendingPathComponent("\(folder)/in.yaml"))
        }
        try fm.createSymbolicLink(atPath: suite.appendingPathComponent("name/spec-example-2-1").path, withDestinationPath: "../229Q")
        try fm.createSymbolicLink(atPath: suite.appendingPathComponent("name/multi").path, withDestinationPath: "../2G84")
        try fm.createSymbolicLink(atPath: suite.appendingPathComponent("tags/alias/229Q").path, withDestinationPath: "../../229Q")
        try fm.createSymbolicLink(atPath: suite.appendingPathComponent("ZZZZ").path, withDestinationPath: "229Q")
        XCTAssertEqual(try Self.cases(in: suite).map(\.id), ["229Q", "2G84/00", "2G84/01"])
    }
}
