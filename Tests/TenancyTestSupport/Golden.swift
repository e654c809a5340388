import Foundation
import XCTest

/// Golden files: expected output stored in the source tree and compared exactly, and files
/// generated from others (the embedded schemas, templates and report assets). One switch
/// rewrites them all — `TENANCY_UPDATE_GOLDEN=1 swift test` — and the diff is then reviewed like
/// code.
package enum Golden {
    /// The repository's root (the folder holding Package.swift).
    package static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    package static var updating: Bool { ProcessInfo.processInfo.environment["TENANCY_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the file at `url`, or writes it there when updating.
    package static func check(_ actual: String, against url: URL, file: StaticString = #filePath, line: UInt = #line) {
        if updating {
            XCTAssertNoThrow(try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true),
                             file: file, line: line)
            XCTAssertNoThrow(try Data(actual.utf8).write(to: url), file: file, line: line)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file \(url.path); run with TENANCY_UPDATE_GOLDEN=1 to create it", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "output differs from \(url.lastPathComponent): run TENANCY_UPDATE_GOLDEN=1 swift test and review the diff",
                       file: file, line: line)
    }

    /// The same for a file named by its path in the repository (`Sources/…`).
    package static func check(_ actual: String, atRepositoryPath path: String, file: StaticString = #filePath, line: UInt = #line) {
        check(actual, against: repositoryRoot.appendingPathComponent(path), file: file, line: line)
    }

    /// `text` as a Swift multi-line raw string literal (`#"""` … `"""#`) whose value is `text`
    /// exactly; nil when it holds the closing delimiter or a raw interpolation, which such a
    /// literal cannot.
    package static func rawStringLiteral(_ text: String) -> String? {
        guard !text.contains("\"\"\"#"), !text.contains("\\#(") else { return nil }
        return "#\"\"\"\n" + text + "\n\"\"\"#"
    }
}
