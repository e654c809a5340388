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

    /// One file out of a wheel on PyPI (downloaded once into the cache, nothing installed): a
    /// tool's data, such as axe-core's script inside axe-playwright-python.
    static func fileFromWheel(_ requirement: String, member: String) throws -> URL {
        let folder = cache.appendingPathComponent("wheels")
        let file = folder.appendingPathComponent(requirement.replacingOccurrences(of: "=", with: "-") + "-" + (member as NSString).lastPathComponent)
        if FileManager.default.fileExists(atPath: file.path) { return file }
        let bin = try venv("pip-only", ["pip"])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let fetch = shell("'\(bin.path)/pip' download --quiet --disable-pip-version-check --no-deps -d '\(folder.path)' '\(requirement)' && "
                          + "'\(bin.path)/python' -c 'import sys, zipfile, glob; w = sorted(glob.glob(sys.argv[1] + \"/*.whl\")); "
                          + "data = [zipfile.ZipFile(x).read(sys.argv[2]) for x in w if sys.argv[2] in zipfile.ZipFile(x).namelist()]; "
                          + "open(sys.argv[3], \"wb\").write(data[-1])' '\(folder.path)' '\(member)' '\(file.path)'")
        guard fetch.code == 0, FileManager.default.fileExists(atPath: file.path) else {
            throw MissingTool.skip("pypi", "\(requirement) could not be downloaded from PyPI: \(fetch.output.suffix(300))")
        }
        return file
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
