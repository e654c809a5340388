import Foundation
import TenancyCLI
import XCTest

/// The built `tenancy` executable, next to the test bundle (SwiftPM builds it with the tests).
package enum TestBinary {
    package static var url: URL? {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here.appendingPathComponent("tenancy"), here.deletingLastPathComponent().appendingPathComponent("tenancy")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    package static func require() throws -> URL {
        guard let url else { throw XCTSkip("the tenancy executable is not built next to the tests") }
        return url
    }
}

/// The built `tenancy` running in a folder, its output collected, as CI would run it (no colour,
/// no terminal on standard input).
package struct RunningTenancy {
    package let process: Process
    private let out = Pipe()
    private let err = Pipe()

    /// `shell`: a /bin/sh script that runs the binary as `"$0" "$@"` (to set limits or change
    /// user first), e.g. `ulimit -f 16; exec "$0" "$@"`.
    package init(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:], shell: String? = nil) throws {
        process = Process()
        let binary = try TestBinary.require()
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell, binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the exit; the exit code and what the run printed.
    package func finish() -> (code: Int32, out: String, err: String) {
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// The one way tests run Tenancy: in this process, through `Tenancy.run` with a captured console
/// (fast; what parsing, help and golden-output tests use), or as the built binary in a folder, as
/// CI runs it (what scenarios with files, signals, pipes and backends use).
package enum TenancyRun {
    package static func inProcess(_ arguments: [String], environment: [String: String] = [:], terminal: Bool = false)
        -> (code: ExitCode, out: String, err: String) {
        let console = CapturedConsole(terminal: terminal)
        let code = Tenancy.run(arguments, environment: environment, console: console)
        return (code, console.out, console.err)
    }

    /// The binary run to its end in `directory` (default: the temporary folder).
    @discardableResult
    package static func binary(_ arguments: [String], in directory: URL = FileManager.default.temporaryDirectory,
                              environment: [String: String] = [:], shell: String? = nil) throws -> (code: Int32, out: String, err: String) {
        try RunningTenancy(arguments, in: directory, environment: environment, shell: shell).finish()
    }
}
