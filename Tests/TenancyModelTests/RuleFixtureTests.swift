import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancyYAML
import TenancyTestSupport
import XCTest

/// One folder per rule under Fixtures/rules, named after the diagnostic code it must produce, with
/// a broken configuration and its expected diagnostics (`expected.txt`, regenerated with
/// TENANCY_UPDATE_GOLDEN=1 and reviewed in the diff).
final class RuleFixtureTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func render(_ folder: URL, streaming: Bool = false) -> (text: String, diagnostics: Diagnostics) {
        let prefix = folder.path + "/"
        let result = ConfigurationLoader().load(paths: [folder.path], streaming: streaming, releasingText: streaming)
        let text = TextDiagnosticRenderer(useColor: false).render(result.diagnostics, sources: result.sources)
            + TextDiagnosticRenderer(useColor: false).summary(result.diagnostics) + "\n"
        return (text.replacingOccurrences(of: prefix, with: ""), result.diagnostics)
    }

    func testEveryRuleFixture() throws {
        let rules = Self.fixtures.appendingPathComponent("rules")
        let folders = try FileManager.default.contentsOfDirectory(atPath: rules.path).sorted()
        XCTAssertGreaterThanOrEqual(folders.count, 25)
        for name in folders {
            let folder = rules.appendingPathComponent(name)
            let (text, diagnostics) = Self.render(folder)
            // The folder's name is the code it exists to prove (a suffix after the code names a variant).
            let code = name.hasPrefix("template.rule-violated") ? "template.rule-violated" : name
            XCTAssertTrue(diagnostics.contains { $0.code.rawValue == code }, "\(name): no \(code) diagnostic in\n\(text)")
            let expected = folder.appendingPathComponent("expected.txt")
            Golden.check(text, against: expected)
            // Streaming (workspaces finished as their files are read, their trees and the files'
            // bytes dropped) must find exactly the same problems, worded the same.
            XCTAssertEqual(Self.render(folder, streaming: true).text, text, "\(name): the streaming loader disagrees")
        }
    }

    func testValidFixturesAndExamplesAreClean() {
        let examples = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        for folder in [Self.fixtures.appendingPathComponent("valid"), examples] {
            for streaming in [false, true] {
                let (text, diagnostics) = Self.render(folder, streaming: streaming)
                XCTAssertEqual(diagnostics.count, 0, "\(folder.lastPathComponent) should be clean:\n\(text)")
            }
        }
        let result = ConfigurationLoader().load(paths: [examples.path])
        XCTAssertEqual(result.configuration.all(.workspace).count, 6)
        XCTAssertEqual(Set(result.configuration.all(.workspace).compactMap { result.configuration.templateName(for: $0)?.name }),
                       ["enterprise-starter", "financial-services", "healthcare", "government"])
        // Streaming, the workspaces naming built-in templates are finished early: not held, but
        // still counted and known by name.
        let streamed = ConfigurationLoader().load(paths: [examples.path], streaming: true)
        XCTAssertEqual(streamed.configuration.workspaceCount, 6)
        XCTAssertLessThan(streamed.configuration.all(.workspace).count, 6)
        for workspace in result.configuration.all(.workspace) {
            XCTAssertTrue(streamed.configuration.contains(workspace.address), "\(workspace.address) unknown when streaming")
        }
    }

    /// Workspaces finished early and held ones side by side (one name defined by both, references
    /// from early workspaces to manifests read later, caps summed over both, a team naming an early
    /// workspace with a typo): the same diagnostics both ways, as in expected.txt.
    func testEarlyAndHeldWorkspacesTogether() throws {
        let folder = Self.fixtures.appendingPathComponent("streaming/mixed")
        let (text, diagnostics) = Self.render(folder)
        let expected = folder.appendingPathComponent("expected.txt")
        Golden.check(text, against: expected)
        XCTAssertEqual(Self.render(folder, streaming: true).text, text, "the streaming loader disagrees")
        for needle in ["did you mean `platform`?", "did you mean `slack`?", "did you mean `alpha`?", "first defined at a-early.yaml:6",
                       "add up to 115", "3 workspaces exceed"] {
            XCTAssertTrue(text.contains(needle), "\(needle) missing from\n\(text)")
        }
        XCTAssertEqual(diagnostics.errorCount, 7)
        let streamed = ConfigurationLoader().load(paths: [folder.path], streaming: true)
        XCTAssertEqual(streamed.configuration.all(.workspace).map(\.name), ["alpha", "beta"], "the held ones")
        XCTAssertEqual(streamed.configuration.workspaceCount, 3)
    }

    /// The digest a saved plan records is made of each file's digest taken as it was read: the
    /// same whether the files' bytes were kept or let go, different when one byte of one file
    /// differs, independent of how the folder is named.
    func testFilesDigestNeedsNoBytesKept() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
        let examples = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        try FileManager.default.copyItem(at: examples, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let kept = ConfigurationLoader().load(paths: [folder.path], streaming: true, digesting: true)
        let released = ConfigurationLoader().load(paths: [folder.path], streaming: true, releasingText: true, digesting: true)
        let digest = kept.filesDigest(relativeTo: folder.path)
        XCTAssertEqual(released.filesDigest(relativeTo: folder.path), digest)
        XCTAssertEqual(released.filesDigest(relativeTo: folder.path + "/"), digest)
        XCTAssertEqual(kept.fileDigests.count, kept.fileCount)
        XCTAssertEqual(ConfigurationLoader().load(paths: [folder.path]).filesDigest(relativeTo: folder.path), digest,
                       "taken on demand when not taken while reading")
        XCTAssertNotEqual(kept.digest(relativeTo: folder.path), digest, "format 1's digest is another")
        let file = folder.appendingPathComponent("workspaces/engineering.yaml")
        try Data(try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "users: 400", with: "users: 401").utf8).write(to: file)
        XCTAssertNotEqual(ConfigurationLoader().load(paths: [folder.path], streaming: true, digesting: true).filesDigest(relativeTo: folder.path), digest)
    }

    /// A configuration that replaces a built-in template which its workspaces use: what they were
    /// finished with early is void, the sink hears so, and the loader falls back to holding every
    /// tree, with the same diagnostics and every workspace held.
    func testStreamingFallsBackWhenABuiltInTemplateIsReplaced() {
        final class Recorder: WorkspaceSink, @unchecked Sendable {
            let lock = NSLock()
            var consumed: [String] = []
            var discarded = 0
            func consume(_ workspace: Manifest, defaults: TenancyYAML.Node?) { lock.withLock { consumed.append(workspace.name) } }
            func discardAll() { lock.withLock { discarded += 1; consumed = [] } }
        }
        let folder = Self.fixtures.appendingPathComponent("streaming/replaced-built-in")
        let recorder = Recorder()
        let streamed = ConfigurationLoader().load(paths: [folder.path], streaming: true, sink: recorder)
        let held = ConfigurationLoader().load(paths: [folder.path])
        XCTAssertEqual(recorder.discarded, 1)
        XCTAssertEqual(recorder.consumed, [])
        XCTAssertEqual(streamed.configuration.all(.workspace).count, held.configuration.all(.workspace).count)
        XCTAssertGreaterThan(held.configuration.all(.workspace).count, 0)
        XCTAssertEqual(streamed.diagnostics.items.map(\.summary), held.diagnostics.items.map(\.summary))
        XCTAssertTrue(held.diagnostics.contains { $0.summary.contains("Clinic policy CP-1") }, "\(held.diagnostics.items.map(\.summary))")

        // Without a replaced template, every workspace naming a built-in one reaches the sink once.
        let plain = Recorder()
        let examples = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let result = ConfigurationLoader().load(paths: [examples.path], streaming: true, sink: plain)
        XCTAssertEqual(plain.discarded, 0)
        XCTAssertEqual(plain.consumed.count + result.configuration.all(.workspace).count, 6)
        XCTAssertEqual(Set(plain.consumed).count, plain.consumed.count)
    }
}
