import Foundation
import TenancyDiagnostics
import TenancyModel
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

final class PathPatternTests: XCTestCase {
    func testGlobs() {
        let any = PathPattern("**/*.yaml")
        XCTAssertTrue(any.matches("organization.yaml"))
        XCTAssertTrue(any.matches("workspaces/eu/one.yaml"))
        XCTAssertFalse(any.matches("notes.yml"))
        let workspaces = PathPattern("workspaces/*.yaml")
        XCTAssertTrue(workspaces.matches("workspaces/one.yaml"))
        XCTAssertFalse(workspaces.matches("workspaces/eu/one.yaml"), "* stays within one segment")
        XCTAssertTrue(PathPattern("teams/**").matches("teams/a/b.yaml"))
        XCTAssertTrue(PathPattern("w?.yaml").matches("w1.yaml"))
        XCTAssertFalse(PathPattern("*.yaml").matches(".hidden.yaml"), "a leading dot is not matched by *")
    }

    func testProjectPathsLimitWhatLoads() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-paths-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            "tenancy.yaml": "apiVersion: tenancy/v1\nkind: Project\nmetadata: {name: p}\nspec:\n  paths: [\"workspaces/**/*.yaml\"]\n",
            "workspaces/eu/one.yaml": "a: 1\n", "docker-compose.yaml": "services: {}\n", "other/x.yml": "b: 2\n",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let (paths, _) = ManifestFiles().find([root.path])
        XCTAssertEqual(paths.map { String($0.dropFirst(root.path.count + 1)) }, ["tenancy.yaml", "workspaces/eu/one.yaml"])
    }
}
