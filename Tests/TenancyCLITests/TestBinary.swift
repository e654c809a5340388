import Foundation
import XCTest

/// The built `tenancy` executable, next to the test bundle (SwiftPM builds it with the tests).
enum TestBinary {
    static var url: URL? {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here.appendingPathComponent("tenancy"), here.deletingLastPathComponent().appendingPathComponent("tenancy")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    static func require() throws -> URL {
        guard let url else { throw XCTSkip("the tenancy executable is not built next to the tests") }
        return url
    }
}
