import Foundation
import XCTest

/// A copy of `examples/` in a temporary folder, and the built binary run in it as CI would.
package struct ScenarioFolder {
    package let url: URL

    package init() throws { try self.init(empty: false) }

    /// An empty folder instead, for a test that writes its whole configuration.
    package init(empty: Bool) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-scenario-\(UUID().uuidString)")
        if empty {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } else {
            try FileManager.default.copyItem(at: Golden.repositoryRoot.appendingPathComponent("examples"), to: url)
            try? FileManager.default.removeItem(at: url.appendingPathComponent(".tenancy"))
        }
    }

    package func remove() { try? FileManager.default.removeItem(at: url) }

    package var path: String { url.path }
    package func file(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    @discardableResult
    package func tenancy(_ arguments: [String], environment extra: [String: String] = [:], shell: String? = nil) throws
        -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: url, environment: ["TENANCY_ACTOR": "scenario-test"].merging(extra) { $1 }, shell: shell)
    }

    package func edit(_ relative: String, _ transform: (String) -> String) throws {
        let file = self.file(relative)
        try Data(transform(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
    }

    package func read(_ relative: String) throws -> Data { try Data(contentsOf: file(relative)) }
    package func write(_ relative: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: file(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file(relative))
    }
    package func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: file(relative).path) }

    /// `strace`, which injects faults into chosen system calls; nil (a skip) when not installed.
    package static func strace() throws -> String {
        for path in ["/usr/bin/strace", "/bin/strace"] where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw MissingTool.skip("strace", "strace is not installed (apt-get install strace): the injected-fault tests are skipped")
    }
}
