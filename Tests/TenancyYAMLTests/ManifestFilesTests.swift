import Foundation
import TenancyYAML
import XCTest

final class ManifestFilesTests: XCTestCase {
    func testFindsYAMLUnderFoldersAndSkipsStateAndHiddenFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["b.yaml", "a.yml", "notes.txt", "teams/z.yaml", ".tenancy/state.yaml", ".git/x.yaml"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("a: 1\n".utf8).write(to: url)
        }
        let (paths, diagnostics) = ManifestFiles().find([root.path, root.appendingPathComponent("b.yaml").path, "/nonexistent/x"])
        let prefix = root.path + "/"
        XCTAssertEqual(paths, [prefix + "a.yml", prefix + "b.yaml", prefix + "teams/z.yaml"])
        XCTAssertEqual(diagnostics.map(\.code), [.ioRead])
    }
}
