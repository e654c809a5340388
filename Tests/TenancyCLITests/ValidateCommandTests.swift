import Foundation
import TenancyCLI
import TenancyTestSupport
import XCTest

/// `tenancy validate` over fixture folders, compared with golden text and JSON output.
final class ValidateCommandTests: XCTestCase {
    static let cases = ["valid", "duplicate-key", "syntax-errors", "aliases", "tags", "encoding", "multi-document"]

    private func run(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false)
        -> (code: ExitCode, out: String, err: String) {
        TenancyRun.inProcess(arguments, environment: environment, terminal: terminal)
    }

    func testGoldenOutputs() {
        for name in Self.cases {
            let folder = Golden.fixtures.appendingPathComponent("validate/\(name)")
            let prefix = folder.path + "/"
            let text = run(["validate", prefix + "input"])
            let transcript = "exit: \(text.code.rawValue)\n--- stdout\n\(text.out)--- stderr\n\(text.err)"
            Golden.check(transcript.replacingOccurrences(of: prefix, with: ""),
                         against: folder.appendingPathComponent("expected.txt"))
            let json = run(["validate", "--format", "json", prefix + "input"])
            XCTAssertEqual(json.code, text.code, name)
            XCTAssertEqual(json.err, "", "JSON mode writes nothing to stderr (\(name))")
            // Machine formats name files from the repository's top level (or the current folder).
            let fromRoot = String(prefix.dropFirst(Golden.repositoryRoot.path.count + 1))
            XCTAssertTrue(json.out.contains("\"" + fromRoot) || !json.out.contains("input/"), "\(name): paths from the repository's root\n\(json.out)")
            Golden.check(json.out.replacingOccurrences(of: fromRoot, with: ""),
                         against: folder.appendingPathComponent("expected.json"))
        }
    }

    func testExitCodes() {
        XCTAssertEqual(run(["validate", Golden.fixtures.appendingPathComponent("validate/valid").path]).code, .success)
        XCTAssertEqual(run(["validate", Golden.fixtures.appendingPathComponent("validate/tags").path]).code, .failure)
        XCTAssertEqual(run(["validate", "/no/such/folder"]).code, .failure)
    }

    func testColourOnlyOnATerminalAndNeverWithNoColor() {
        let path = Golden.fixtures.appendingPathComponent("validate/duplicate-key").path
        XCTAssertTrue(run(["validate", path], terminal: true).err.contains("\u{1B}["))
        XCTAssertFalse(run(["validate", path], terminal: false).err.contains("\u{1B}["))
        XCTAssertFalse(run(["validate", path], environment: ["NO_COLOR": "1"], terminal: true).err.contains("\u{1B}["))
        XCTAssertFalse(run(["validate", "--no-color", path], terminal: true).err.contains("\u{1B}["))
        XCTAssertTrue(run(["validate", path], environment: ["NO_COLOR": ""], terminal: true).err.contains("\u{1B}["),
                      "an empty NO_COLOR does not count (no-color.org)")
    }
}
