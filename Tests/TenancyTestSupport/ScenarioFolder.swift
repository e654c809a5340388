import Foundation
import XCTest

/// A copy of `examples/` in a temporary folder, and the built binary run in it as CI would.
public struct ScenarioFolder {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-scenario-\(UUID().uuidString)")
        let examples = Golden.repositoryRoot.appendingPathComponent("examples")
        try FileManager.default.copyItem(at: examples, to: url)
        try? FileManager.default.removeItem(at: url.appendingPathComponent(".tenancy"))
    }

    public func remove() { try? FileManager.default.removeItem(at: url) }

    public var path: String { url.path }
    public func file(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    @discardableResult
    public func tenancy(_ arguments: [String], environment extra: [String: String] = [:], shell: String? = nil) throws
        -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: url, environment: ["TENANCY_ACTOR": "scenario-test"].merging(extra) { $1 }, shell: shell)
    }

    public func edit(_ relative: String, _ transform: (String) -> String) throws {
        let file = self.file(relative)
        try Data(transform(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
    }

    public func read(_ relative: String) throws -> Data { try Data(contentsOf: file(relative)) }
    public func write(_ relative: String, _ text: String) throws { try Data(text.utf8).write(to: file(relative)) }
    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: file(relative).path) }

    /// `strace`, which injects faults into chosen system calls; nil (a skip) when not installed.
    public static func strace() throws -> String {
        for path in ["/usr/bin/strace", "/bin/strace"] where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw XCTSkip("strace is not installed (apt-get install strace): the injected-fault tests are skipped")
    }
}
