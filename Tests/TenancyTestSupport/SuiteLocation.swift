import Foundation

/// Where the shared conformance suites live: `../shared/test-suites` beside the package (as on
/// developer machines and in CI), or `TENANCY_TEST_SUITES` when set.
package enum SuiteLocation {
    package static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    package static func suite(_ name: String) -> URL? {
        let base = ProcessInfo.processInfo.environment["TENANCY_TEST_SUITES"].map(URL.init(fileURLWithPath:))
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/test-suites")
        let url = base.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
