import Foundation
import TenancySupport
import TenancyTestSupport
import XCTest

/// The project's `.pre-commit-hooks.yaml`, run by the real pre-commit (from PyPI, into a virtual
/// environment this test makes) against a git repository of the examples: a changed manifest that
/// breaks a rule fails the commit hook with the diagnostic; a changed manifest whose references
/// are defined in files the commit does not touch passes (it is checked in its configuration's
/// context). Skipped, saying why, when python3 or PyPI is not reachable.
final class PreCommitTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testTheHookChecksChangedFilesInTheirConfiguration() throws {
        let binary = try TestBinary.require()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-pre-commit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let venv = work.appendingPathComponent("venv")
        guard run("/usr/bin/env", ["python3", "-m", "venv", venv.path], in: work).code == 0 else {
            throw MissingTool.skip("python3-venv", "python3 -m venv is not available: the pre-commit test is skipped")
        }
        let pip = run(venv.appendingPathComponent("bin/pip").path, ["install", "--quiet", "pre-commit==4.0.1"], in: work)
        guard pip.code == 0 else { throw MissingTool.skip("pypi", "pre-commit could not be installed from PyPI (\(pip.err.suffix(200))): skipped") }
        let preCommit = venv.appendingPathComponent("bin/pre-commit").path

        let repository = work.appendingPathComponent("config")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples"), to: repository)
        try? FileManager.default.removeItem(at: repository.appendingPathComponent(".tenancy"))
        let git = ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
        XCTAssertEqual(run("/usr/bin/env", ["git", "init", "-q"], in: repository).code, 0)
        XCTAssertEqual(run("/usr/bin/env", ["git"] + git + ["add", "-A"], in: repository).code, 0)
        XCTAssertEqual(run("/usr/bin/env", ["git"] + git + ["commit", "-q", "-m", "examples"], in: repository).code, 0)

        // The hooks file as this checkout has it, in a repository of its own (pre-commit reads
        // hooks from a repository's committed tree).
        let hooks = work.appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent(".pre-commit-hooks.yaml"),
                                         to: hooks.appendingPathComponent(".pre-commit-hooks.yaml"))
        XCTAssertEqual(run("/usr/bin/env", ["git", "init", "-q"], in: hooks).code, 0)
        XCTAssertEqual(run("/usr/bin/env", ["git"] + git + ["add", "-A"], in: hooks).code, 0)
        XCTAssertEqual(run("/usr/bin/env", ["git"] + git + ["commit", "-q", "-m", "hooks"], in: hooks).code, 0)

        // PATH finds the built tenancy first (the hook's language is `system`).
        let environment = ["PATH": binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                           "PRE_COMMIT_HOME": work.appendingPathComponent("cache").path, "NO_COLOR": "1"]
        // The repository laid out as the recipes say: workflows and a GitLab pipeline beside the manifests.
        try FileManager.default.createDirectory(at: repository.appendingPathComponent(".github/workflows"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/ci/github/.github/workflows/tenancy.yml"),
                                         to: repository.appendingPathComponent(".github/workflows/tenancy.yml"))
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/ci/gitlab/.gitlab-ci.yml"),
                                         to: repository.appendingPathComponent(".gitlab-ci.yml"))
        let clinic = repository.appendingPathComponent("workspaces/clinic.yaml")
        let text = try String(contentsOf: clinic, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "idle: 10m", with: "idle: 30m").utf8).write(to: clinic)
        for hook in ["tenancy-validate", "tenancy-validate-changed"] {
            let failing = run(preCommit, ["try-repo", hooks.path, hook, "--files", "workspaces/clinic.yaml", ".gitlab-ci.yml"],
                              in: repository, environment: environment)
            XCTAssertEqual(failing.code, 1, "\(hook): \(failing.out)\(failing.err)")
            XCTAssertTrue(failing.out.contains("workspaces/clinic.yaml:13:28: error: healthcare requires policy.sessionTimeout.idle ≤ 15m"),
                          "\(hook): \(failing.out)\(failing.err)")
            XCTAssertFalse(failing.out.contains("literal-secret"), "\(hook): the pipeline is not taken for a manifest: \(failing.out)")
        }
        try Data(text.utf8).write(to: clinic)

        // Workflow files alone, and manifests whose references lie in files the commit does not touch.
        for hook in ["tenancy-validate", "tenancy-validate-changed"] {
            let passing = run(preCommit, ["try-repo", hooks.path, hook, "--files", "workspaces/engineering.yaml", "teams/platform.yaml",
                                          ".github/workflows/tenancy.yml", ".gitlab-ci.yml"],
                              in: repository, environment: environment)
            XCTAssertEqual(passing.code, 0, "\(hook): references into files the commit does not touch are not dangling, workflows are not manifests: \(passing.out)\(passing.err)")
            XCTAssertTrue(passing.out.contains("tenancy validate") && passing.out.contains("Passed"), passing.out)
        }
        let changedOnly = run(preCommit, ["try-repo", hooks.path, "tenancy-validate-changed", "--verbose", "--files", ".gitlab-ci.yml"],
                              in: repository, environment: environment)
        XCTAssertTrue(changedOnly.out.contains("Skipped .gitlab-ci.yml: not a manifest of the configuration"), changedOnly.out)

        // A deletion passes no file at all: both hooks still run (always_run) and fail on the
        // references the deleted workspace leaves dangling.
        XCTAssertEqual(run("/usr/bin/env", ["git", "rm", "-q", "workspaces/engineering.yaml"], in: repository).code, 0)
        for hook in ["tenancy-validate", "tenancy-validate-changed"] {
            let deleted = run(preCommit, ["try-repo", hooks.path, hook], in: repository, environment: environment)
            XCTAssertEqual(deleted.code, 1, "\(hook): \(deleted.out)\(deleted.err)")
            XCTAssertTrue(deleted.out.contains("[semantic.dangling-reference]"), "\(hook): \(deleted.out)")
        }
        // With another file changed beside the deletion, the changed files' hook reports the
        // references the deletion broke in files the commit does not touch.
        let beside = run(preCommit, ["try-repo", hooks.path, "tenancy-validate-changed", "--files", "workspaces/clinic.yaml"],
                         in: repository, environment: environment)
        XCTAssertEqual(beside.code, 1, beside.out + beside.err)
        XCTAssertTrue(beside.out.contains("[semantic.dangling-reference]"), beside.out)

        // The configuration in a subfolder, the CI files where their hosts want them (the
        // repository's root), the hooks from a .pre-commit-config.yaml with `--dir`.
        let mono = work.appendingPathComponent("mono")
        try FileManager.default.createDirectory(at: mono.appendingPathComponent("infra"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples"), to: mono.appendingPathComponent("infra/tenancy"))
        try? FileManager.default.removeItem(at: mono.appendingPathComponent("infra/tenancy/.tenancy"))
        try FileManager.default.createDirectory(at: mono.appendingPathComponent(".github/workflows"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/ci/github/.github/workflows/tenancy.yml"),
                                         to: mono.appendingPathComponent(".github/workflows/tenancy.yml"))
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/ci/gitlab/.gitlab-ci.yml"),
                                         to: mono.appendingPathComponent(".gitlab-ci.yml"))
        let revision = run("/usr/bin/env", ["git", "rev-parse", "HEAD"], in: hooks).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("""
            repos:
              - repo: \(hooks.path)
                rev: \(revision)
                hooks:
                  - id: tenancy-validate-changed
                    args: [--dir, infra/tenancy]

            """.utf8).write(to: mono.appendingPathComponent(".pre-commit-config.yaml"))
        XCTAssertEqual(run("/usr/bin/env", ["git", "init", "-q"], in: mono).code, 0)
        XCTAssertEqual(run("/usr/bin/env", ["git"] + git + ["add", "-A"], in: mono).code, 0)
        let all = run(preCommit, ["run", "--all-files", "--verbose"], in: mono, environment: environment)
        XCTAssertEqual(all.code, 0, "workflows, .gitlab-ci.yml and .pre-commit-config.yaml are not manifests: \(all.out)\(all.err)")
        XCTAssertTrue(all.out.contains("Skipped .gitlab-ci.yml: in no configuration"), all.out)
        XCTAssertFalse(all.out.contains("literal-secret") || all.out.contains("apiVersion`"), all.out)
        XCTAssertEqual(run("/usr/bin/env", ["git"] + git + ["commit", "-q", "-m", "mono"], in: mono).code, 0)
        XCTAssertEqual(run("/usr/bin/env", ["git", "rm", "-q", "infra/tenancy/workspaces/engineering.yaml"], in: mono).code, 0)
        let deletedInMono = run(preCommit, ["run"], in: mono, environment: environment)
        XCTAssertEqual(deletedInMono.code, 1, deletedInMono.out + deletedInMono.err)
        XCTAssertTrue(deletedInMono.out.contains("[semantic.dangling-reference]"), deletedInMono.out)
    }

    private func run(_ executable: String, _ arguments: [String], in folder: URL, environment extra: [String: String] = [:])
        -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "", "\(error)") }
        // Read both pipes while it runs: a full pipe would stall it.
        let collected = DispatchGroup()
        let outData = Locked(Data())
        let reader = out.fileHandleForReading
        collected.enter()
        DispatchQueue.global().async {
            let data = reader.readDataToEndOfFile()
            outData.withLock { $0 = data }
            collected.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        collected.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData.withLock { $0 }, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
