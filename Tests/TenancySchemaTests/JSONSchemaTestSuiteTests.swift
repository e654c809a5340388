import Foundation
import TenancyDiagnostics
import TenancyTestSupport
import TenancySchema
import TenancyYAML
import XCTest

/// Runs the official JSON-Schema-Test-Suite (draft 7, required tests) from ../shared. The suite's
/// JSON files are read with Tenancy's own loader (JSON is YAML 1.2), so this also proves the loader
/// reads JSON faithfully. Remote references to `http://localhost:1234/` are served from the suite's
/// `remotes/` folder on disk, never over the network.
final class JSONSchemaTestSuiteTests: XCTestCase {
    /// JSON writes a character outside the BMP as a surrogate pair (`\ud83d\udca9`); YAML, and so
    /// libyaml, wants one 8-digit escape (`\U0001f4a9`). The only translation the suite needs.
    static func yamlEscapes(_ json: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: #"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})"#, options: [.caseInsensitive]) else {
            return json
        }
        var result = json
        for match in regex.matches(in: json, range: NSRange(json.startIndex..., in: json)).reversed() {
            guard let whole = Range(match.range, in: json), let highRange = Range(match.range(at: 1), in: json),
                  let lowRange = Range(match.range(at: 2), in: json),
                  let high = UInt32(json[highRange], radix: 16), let low = UInt32(json[lowRange], radix: 16) else { continue }
            let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            result.replaceSubrange(whole, with: "\\U" + String(format: "%08x", scalar))
        }
        return result
    }

    struct Outcome {
        var passed = 0, failed = 0, skipped = 0, total = 0
        var failures: [String] = []
        var nowPassing: [String] = []
    }

    /// Runs the suite's files `names` (relative to tests/draft7) against the validator.
    func run(_ names: [String], suite: URL) throws -> Outcome {
        let folder = suite.appendingPathComponent("tests/draft7")
        let remotes = suite.appendingPathComponent("remotes")
        var outcome = Outcome()
        var options = LoadOptions()
        options.unknownTags = .keep
        let loader = YAMLLoader(options: options)
        let remoteLoader: (String) -> Node? = { uri in
            let prefix = "http://localhost:1234/"
            guard uri.hasPrefix(prefix) else { return nil }
            let path = remotes.appendingPathComponent(String(uri.dropFirst(prefix.count)))
            guard let source = try? SourceFile(contentsOf: path) else { return nil }
            return loader.load(source).documents.first?.root
        }
        for file in names {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let source = SourceFile(path: file, bytes: Data(Self.yamlEscapes(text).utf8))
            let result = loader.load(source)
            XCTAssertFalse(result.diagnostics.hasErrors, "\(file): \(result.diagnostics.map(\.summary))")
            guard let groups = result.documents.first?.root else { continue }
            for group in groups.items {
                let groupName = "\(file): \(group["description"]?.string ?? "?")"
                guard let schemaNode = group["schema"] else { continue }
                var registry = SchemaRegistry(loader: remoteLoader)
                registry.add(schemaNode, uri: "http://localhost:1234/draft7/\(file)")
                let compiled: JSONSchema?
                var compileError: String?
                do {
                    compiled = try JSONSchema.compile("http://localhost:1234/draft7/\(file)", in: &registry)
                } catch {
                    compiled = nil
                    compileError = error.description
                }
                for test in group["tests"]?.items ?? [] {
                    outcome.total += 1
                    let name = "\(groupName): \(test["description"]?.string ?? "?")"
                    let expected = test["valid"]?.bool ?? true
                    var problem: String?
                    if let compiled, let data = test["data"] {
                        let violations = compiled.validate(data)
                        if violations.isEmpty != expected {
                            problem = expected ? "rejected a valid instance: \(violations.first?.message ?? "")" : "accepted an invalid instance"
                        }
                    } else {
                        problem = "schema did not compile: \(compileError ?? "?")"
                    }
                    if let reason = JSONSchemaTestSuiteSkips.reason(for: name) {
                        outcome.skipped += 1
                        if problem == nil { outcome.nowPassing.append("\(name) (listed: \(reason))") }
                    } else if let problem {
                        outcome.failed += 1
                        outcome.failures.append("\(name): \(problem)")
                    } else {
                        outcome.passed += 1
                    }
                }
            }
        }
        return outcome
    }

    func testDraft7() throws {
        guard let suite = SuiteLocation.suite("json-schema-test-suite") else {
            throw XCTSkip("json-schema-test-suite: not found at ../shared/test-suites/json-schema-test-suite (set TENANCY_TEST_SUITES); skipped")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: suite.appendingPathComponent("tests/draft7").path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThan(files.count, 30)
        let outcome = try run(files, suite: suite)
        XCTAssertEqual(outcome.total, 927, "every required draft-7 test is counted")
        print("json-schema-test-suite: \(outcome.passed) passed, \(outcome.failed) failed, \(outcome.skipped) skipped of \(outcome.total)")
        XCTAssertTrue(outcome.failures.isEmpty, "failing tests not in the skip list:\n" + outcome.failures.joined(separator: "\n"))
        XCTAssertTrue(outcome.nowPassing.isEmpty, "skip-listed tests that pass now:\n" + outcome.nowPassing.joined(separator: "\n"))
    }

    /// The optional format tests of the formats Tenancy asserts (it refuses what they call
    /// invalid, as other validators that assert formats do): URIs as RFC 3986 defines them, e-mail
    /// addresses, host names, IP addresses, dates and times.
    func testDraft7AssertedFormats() throws {
        guard let suite = SuiteLocation.suite("json-schema-test-suite") else {
            throw XCTSkip("json-schema-test-suite: not found at ../shared/test-suites/json-schema-test-suite (set TENANCY_TEST_SUITES); skipped")
        }
        let formats = ["uri", "uri-reference", "email", "hostname", "ipv4", "ipv6", "date", "time", "date-time"]
        let outcome = try run(formats.map { "optional/format/\($0).json" }, suite: suite)
        XCTAssertGreaterThan(outcome.total, 100)
        print("json-schema-test-suite formats: \(outcome.passed) passed, \(outcome.failed) failed, \(outcome.skipped) skipped of \(outcome.total)")
        XCTAssertTrue(outcome.failures.isEmpty, "failing tests not in the skip list:\n" + outcome.failures.joined(separator: "\n"))
        XCTAssertTrue(outcome.nowPassing.isEmpty, "skip-listed tests that pass now:\n" + outcome.nowPassing.joined(separator: "\n"))
    }
}
