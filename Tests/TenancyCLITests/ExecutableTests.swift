import Foundation
import XCTest

/// Runs the built `tenancy` binary as a user would: real process, real exit codes, real streams.
final class ExecutableTests: XCTestCase {

    private func run(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        let binary = try TestBinary.require()
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    func testExitCodesOfTheRealProcess() throws {
        let fixtures = Golden.fixtures.appendingPathComponent("validate")
        XCTAssertEqual(try run(["validate", fixtures.appendingPathComponent("valid").path]).code, 0)
        let broken = try run(["validate", fixtures.appendingPathComponent("aliases").path])
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
