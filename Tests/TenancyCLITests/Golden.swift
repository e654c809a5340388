import Foundation
import XCTest

/// Golden files: the expected output of a command, stored beside its fixture and compared exactly.
/// `TENANCY_UPDATE_GOLDEN=1 swift test` rewrites them; the diff is then reviewed like code.
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var updating: Bool { ProcessInfo.processInfo.environment["TENANCY_UPDATE_GOLDEN"] == "1" }

    static func check(_ actual: String, against url: URL, file: StaticString = #filePath, line: UInt = #line) {
        if updating {
            XCTAssertNoThrow(try Data(actual.utf8).write(to: url), file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file \(url.path); run with TENANCY_UPDATE_GOLDEN=1 to create it", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "output differs from \(url.lastPathComponent)", file: file, line: line)
    }

    /// The plan digest in a comment's marker (`<!-- tenancy-plan digest=… -->`) depends on the
    /// state's random lineage: golden files hold a placeholder.
    static func maskingPlanDigests(_ text: String) -> String {
        text.replacingOccurrences(of: #"digest=[0-9a-f]{64}"#, with: "digest=DIGEST", options: .regularExpression)
    }
}
