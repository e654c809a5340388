import Foundation
import XCTest

/// The release binary as scripts/install.sh builds it (the Swift runtime linked statically),
/// checked by scripts/check-binary: it needs only the C library's, libstdc++, libgcc_s and
/// libyaml, and runs from another folder with an empty LD_LIBRARY_PATH. A release build takes
/// minutes: opt in with TENANCY_STATIC_BINARY=1.
final class StaticBinaryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTheInstalledBinaryNeedsNoSwiftRuntime() throws {
        guard ProcessInfo.processInfo.environment["TENANCY_STATIC_BINARY"] == "1" else {
            throw XCTSkip("the static release build takes minutes: run with TENANCY_STATIC_BINARY=1")
        }
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let process = Process()
        process.executableURL = Self.root.appendingPathComponent("scripts/install.sh")
        process.arguments = [prefix.path]
        process.currentDirectoryURL = Self.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("check-binary: "), text)
        XCTAssertFalse(text.contains("libswift") || text.contains("libFoundation") || text.contains("libdispatch"), text)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: prefix.appendingPathComponent("bin/tenancy").path))
    }
}
