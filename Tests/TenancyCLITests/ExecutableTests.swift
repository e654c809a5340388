import Foundation
import TenancyTestSupport
import XCTest

/// Runs the built `tenancy` binary as a user would: real process, real exit codes, real streams.
final class ExecutableTests: XCTestCase {

    private func run(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    func testExitCodesOfTheRealProcess() throws {
        let fixtures = Golden.fixtures.appendingPathComponent("validate")
        XCTAssertEqual(try run(["validate", fixtures.appendingPathComponent("valid").path]).code, 0)
        let broken = try run(["validate", fixtures.appendingPathComponent("aliases/input").path])
        XCTAssertEqual(broken.code, 1)
        XCTAssertTrue(broken.err.contains("[yaml.alias-budget]"), broken.err)
        XCTAssertEqual(try run(["frobnicate"]).code, 1)
        XCTAssertEqual(try run(["version"]).code, 0)
    }

    func testExamplesValidate() throws {
        let examples = Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        let result = try run(["validate", examples.path])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.hasPrefix("Success!"), result.out)
    }
}
