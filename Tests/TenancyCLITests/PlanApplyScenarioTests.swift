import Foundation
import TenancyTestSupport
import XCTest

/// End to end: the built `tenancy` binary plans and applies a copy of `examples/` in a temporary
/// folder, as CI would.
final class PlanApplyScenarioTests: XCTestCase {
    var folder: URL!


    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-scenario-\(UUID().uuidString)")
        let examples = Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        try FileManager.default.copyItem(at: examples, to: folder)
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(".tenancy"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    private func tenancy(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: folder, environment: ["TENANCY_ACTOR": "scenario-test"].merging(extra) { $1 })
    }

    private func edit(_ path: String, _ transform: (String) -> String) throws {
        let url = folder.appendingPathComponent(path)
        try Data(transform(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    func testCreateUpdateAndDetailedExitCodes() throws {
        let first = try tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(first.code, 2, first.err)
        XCTAssertTrue(first.out.hasSuffix("Plan: 21 to add, 0 to change, 0 to destroy, 0 to rename.\n"), first.out)
        XCTAssertEqual(try tenancy(["plan"]).code, 0, "without --detailed-exitcode, changes are still success")
        let refused = try tenancy(["apply"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("apply needs --auto-approve"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".tenancy/state.json").path))
        let applied = try tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(applied.code, 0, applied.err)
        XCTAssertTrue(applied.out.contains("Apply complete! Resources: 21 added, 0 changed, 0 destroyed, 0 renamed. State serial 1."), applied.out)
        let again = try tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(again.code, 0, again.out + again.err)
        XCTAssertEqual(again.out, "No changes. The stored state matches the configuration.\n")

        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        try edit("teams/clinical.yaml") { $0.replacingOccurrences(of: "name: growth\n", with: "name: growth-team\n  previousNames: [growth]\n") }
        try Data("rotated-webhook\n".utf8).write(to: folder.appendingPathComponent("secrets/slack-eng-webhook"))
        let update = try tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(update.code, 2)
        Golden.check(update.out, against: Golden.fixtures.appendingPathComponent("plan/update.txt"))
        let markdown = try tenancy(["plan", "--format", "markdown"])
        Golden.check(Golden.maskingPlanDigests(markdown.out), against: Golden.fixtures.appendingPathComponent("plan/update.md"))
        let line = try tenancy(["plan", "--format", "json"]).out
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one line by default, as terraform show -json prints it")
        var json = try tenancy(["plan", "--format", "json", "--pretty"]).out
        if let range = json.range(of: #""lineage": "[0-9a-f-]{36}""#, options: .regularExpression) {
            json.replaceSubrange(range, with: "\"lineage\": \"<lineage>\"")
        }
        json = json.replacingOccurrences(of: #""timestamp": "[0-9T:Z-]+""#, with: #""timestamp": "<timestamp>""#, options: .regularExpression)
        Golden.check(json, against: Golden.fixtures.appendingPathComponent("plan/update.json"))
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertEqual(try tenancy(["plan", "--detailed-exitcode"]).code, 0)
    }

    func testSecretsNeverAppearInStatePlansOrOutput() throws {
        let secrets = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("secrets").path)
            .filter { !$0.hasSuffix(".md") }
            .map { try String(contentsOf: folder.appendingPathComponent("secrets/\($0)"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(secrets.count, 4)
        let outputs = [try tenancy(["plan"]), try tenancy(["plan", "--format", "json"]), try tenancy(["apply", "--auto-approve"])]
        let state = try String(contentsOf: folder.appendingPathComponent(".tenancy/state.json"), encoding: .utf8)
        for secret in secrets {
            for output in outputs { XCTAssertFalse((output.out + output.err).contains(secret), "a secret leaked into output") }
            XCTAssertFalse(state.contains(secret), "a secret leaked into the state")
        }
        XCTAssertTrue(state.contains("secret_digests"))
    }

    func testProtectedWorkspaceAndDestroyFlag() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        // marketing is not protected: deleting it needs --allow-destroy (its team's grant goes too).
        try FileManager.default.removeItem(at: folder.appendingPathComponent("workspaces/marketing.yaml"))
        try edit("teams/clinical.yaml") { $0.replacingOccurrences(of: "    - {workspace: marketing, role: editor}\n", with: "") }
        let refused = try tenancy(["plan"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("deleting Workspace/marketing needs --allow-destroy"), refused.err)
        let allowed = try tenancy(["plan", "--allow-destroy"])
        XCTAssertEqual(allowed.code, 0, allowed.err)
        XCTAssertTrue(allowed.out.contains("- Workspace/marketing  will be destroyed"), allowed.out)
        // payments is protected: refused even with the flag.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("workspaces/payments.yaml"))
        try edit("teams/finance.yaml") { _ in
            """
            apiVersion: tenancy/v1
            kind: Team
            metadata: {name: compliance}
            spec:
              members: [jo.chen@acme.example]
              access: [{workspace: federal, role: compliance-reviewer}]
            """
        }
        try edit("service-accounts.yaml") { $0.components(separatedBy: "---")[0] }
        let protected = try tenancy(["plan", "--allow-destroy"])
        XCTAssertEqual(protected.code, 1, protected.out)
        XCTAssertTrue(protected.err.contains("Workspace/payments is protected and cannot be deleted"), protected.err)
    }

    /// A lock held by a live process (here util-linux's `flock`, holding the lock file's OS lock as
    /// a running tenancy would) is refused with the holder's info and the exact command that
    /// removes it, the folder included so that it works from any directory; after it, plans run.
    func testHeldLockIsReportedWithTheForceUnlockCommand() throws {
        let lockFile = folder.appendingPathComponent(".tenancy/state.json.lock")
        try FileManager.default.createDirectory(at: lockFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lock = #"{"Created": "2026-11-27T10:00:00Z", "ID": "7c1e-test", "Operation": "apply", "Path": "x", "Pid": 4242, "Who": "ci@runner-7"}"#
        try Data(lock.utf8).write(to: lockFile)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { throw MissingTool.skip("flock", "util-linux's flock is not installed") }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [lockFile.path, "sleep", "30"]
        try holder.run()
        defer { holder.terminate() }
        usleep(300_000)
        let elsewhere = folder.deletingLastPathComponent()
        let held = try RunningTenancy(["plan", "--dir", folder.path], in: elsewhere).finish()
        XCTAssertEqual(held.code, 1)
        XCTAssertTrue(held.err.contains("the state is locked by ci@runner-7 since 2026-11-27T10:00:00Z"), held.err)
        XCTAssertTrue(held.err.contains("(process 4242)"), held.err)
        XCTAssertTrue(held.err.contains("hint: if that run is no longer running: tenancy force-unlock 7c1e-test --dir \(folder.path)"), held.err)
        let unlocked = try RunningTenancy(["force-unlock", "7c1e-test", "--dir", folder.path], in: elsewhere).finish()
        XCTAssertEqual(unlocked.code, 0, unlocked.err)
        XCTAssertEqual(try tenancy(["plan"]).code, 0)
    }

    /// A lock left by a run that died (its file is there, but no process holds its OS lock) is
    /// recognised as stale: taken over, with a warning that says whose it was.
    func testALockLeftByADeadRunIsTakenOver() throws {
        let lockFile = folder.appendingPathComponent(".tenancy/state.json.lock")
        try FileManager.default.createDirectory(at: lockFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lock = #"{"Created": "2026-11-27T10:00:00Z", "ID": "dead", "Operation": "apply", "Path": "x", "Pid": 999999, "Who": "ci@runner-7"}"#
        try Data(lock.utf8).write(to: lockFile)
        let plan = try tenancy(["plan"])
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.err.contains("warning: took over the state lock left by ci@runner-7, process 999999, since 2026-11-27T10:00:00Z, for `apply` [state.lock-taken-over]"), plan.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lockFile.path), "released after the plan")
        try Data("garbage\u{1b}[2J".utf8).write(to: lockFile)
        let again = try tenancy(["plan"])
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertTrue(again.err.contains("took over the state lock left by a run whose lock file cannot be read"), again.err)
    }
}

extension PlanApplyScenarioTests {
    func testSavedPlanAppliesExactlyAndRefusesStaleOrForeignState() throws {
        let planFile = folder.appendingPathComponent("tfplan.json").path
        XCTAssertEqual(try tenancy(["plan", "--out", planFile]).code, 0)
        let shown = try tenancy(["show", planFile])
        XCTAssertTrue(shown.out.hasSuffix("Plan: 21 to add, 0 to change, 0 to destroy, 0 to rename.\n"), shown.out)
        let applied = try tenancy(["apply", planFile])
        XCTAssertEqual(applied.code, 0, applied.err)
        XCTAssertTrue(applied.out.contains("State serial 1."), applied.out)
        let stale = try tenancy(["apply", planFile])
        XCTAssertEqual(stale.code, 1)
        XCTAssertTrue(stale.err.contains("plan is stale"), stale.err)

        XCTAssertEqual(try tenancy(["plan", "--out", planFile]).code, 0)
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 401") }
        let changed = try tenancy(["apply", planFile])
        XCTAssertEqual(changed.code, 1)
        XCTAssertTrue(changed.err.contains("the manifests changed since the plan was made"), changed.err)

        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 401", with: "users: 400") }
        XCTAssertEqual(try tenancy(["plan", "--out", planFile]).code, 0)
        let statePath = folder.appendingPathComponent(".tenancy/state.json")
        let original = try String(contentsOf: statePath, encoding: .utf8)
        let lineage = try XCTUnwrap(original.components(separatedBy: "\"lineage\": \"").dropFirst().first?.prefix(36))
        try Data(original.replacingOccurrences(of: String(lineage), with: "00000000-0000-0000-0000-000000000000").utf8).write(to: statePath)
        let foreign = try tenancy(["apply", planFile])
        XCTAssertEqual(foreign.code, 1)
        XCTAssertTrue(foreign.err.contains("does not match"), foreign.err)
        XCTAssertEqual(try String(contentsOf: statePath, encoding: .utf8).contains("00000000-0000"), true, "nothing written")
    }

    func testAuditLogRecordsAppliesAndDetectsTampering() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 410") }
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let log = try tenancy(["audit", "log"])
        XCTAssertTrue(log.out.contains("#1 ") && log.out.contains("#2 "), log.out)
        XCTAssertTrue(log.out.contains("scenario-test"), "the actor comes from TENANCY_ACTOR")
        XCTAssertTrue(log.out.contains("update Workspace/engineering"), log.out)
        let json = try tenancy(["audit", "log", "--format", "json"])
        XCTAssertTrue(json.out.contains("\"previous_hash\""), json.out)
        XCTAssertEqual(try tenancy(["audit", "verify"]).code, 0)

        let path = folder.appendingPathComponent(".tenancy/audit.jsonl")
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
        try Data((lines[0].replacingOccurrences(of: "scenario-test", with: "someone-else") + "\n" + lines[1] + "\n").utf8).write(to: path)
        let altered = try tenancy(["audit", "verify"])
        XCTAssertEqual(altered.code, 1)
        XCTAssertTrue(altered.err.contains("broken at line 1"), altered.err)
        try Data((lines[1] + "\n").utf8).write(to: path)
        let removed = try tenancy(["audit", "verify"])
        XCTAssertEqual(removed.code, 1)
        XCTAssertTrue(removed.err.contains("broken at line 1"), removed.err)
        try Data((lines[1] + "\n" + lines[0] + "\n").utf8).write(to: path)
        XCTAssertEqual(try tenancy(["audit", "verify"]).code, 1, "reordering is detected")
    }

    /// Inside a git repository each applied record names the commit the configuration is at (looked
    /// up while the plan is made); outside one, none.
    func testAuditRecordsNameTheGitCommit() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else { throw MissingTool.skip("git", "git is not installed") }
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertFalse(try tenancy(["audit", "log", "--format", "json"]).out.contains("\"commit\": \""), "not a repository yet")
        func git(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", folder.path] + arguments
            process.environment = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                                   "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": folder.path, "PATH": "/usr/bin:/bin"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["init", "-q"])
        _ = try git(["add", "."])
        _ = try git(["commit", "-q", "-m", "configuration"])
        let head = try git(["rev-parse", "HEAD"])
        XCTAssertEqual(head.count, 40, head)
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 410") }
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 410", with: "users: 420") }
        XCTAssertEqual(try tenancy(["plan", "--out", "change.plan"]).code, 0)
        XCTAssertEqual(try tenancy(["apply", "change.plan"]).code, 0)
        let records = try String(contentsOf: folder.appendingPathComponent(".tenancy/audit.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        XCTAssertEqual(records.count, 3)
        XCTAssertFalse(records[0].contains(head))
        XCTAssertTrue(records[1].contains("\"commit\":\"\(head)\""), String(records[1]))
        XCTAssertTrue(records[2].contains("\"commit\":\"\(head)\""), "a saved plan's apply too: \(records[2])")
    }

    func testStateSubcommands() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let list = try tenancy(["state", "list"])
        XCTAssertEqual(list.out.split(separator: "\n").count, 21)
        XCTAssertTrue(list.out.contains("Workspace/engineering\n"))
        let shown = try tenancy(["state", "show", "Team/platform"])
        XCTAssertTrue(shown.out.contains("\"kind\": \"Team\""), shown.out)
        XCTAssertTrue(try tenancy(["state", "show", "Team/platfrom"]).err.contains("did you mean `Team/platform`?"))
        let pulled = try tenancy(["state", "pull"])
        let stored = try String(contentsOf: folder.appendingPathComponent(".tenancy/state.json"), encoding: .utf8)
        XCTAssertEqual(pulled.out, stored, "pull prints the stored file as it is")
        // `show` prints the same state without its digest key (CI logs print it).
        let key = try XCTUnwrap(stored.range(of: #"  "secret_key": "[0-9a-f]{64}",\n"#, options: .regularExpression))
        XCTAssertEqual(try tenancy(["show", "--format", "json"]).out, stored.replacingCharacters(in: key, with: ""))
        let backupFile = folder.appendingPathComponent("pulled.json")
        try Data(pulled.out.utf8).write(to: backupFile)
        XCTAssertEqual(try tenancy(["state", "mv", "Team/growth", "Team/growth-renamed"]).code, 0)
        XCTAssertTrue(try tenancy(["state", "list"]).out.contains("Team/growth-renamed"))
        XCTAssertEqual(try tenancy(["state", "rm", "Team/growth-renamed"]).code, 0)
        XCTAssertFalse(try tenancy(["state", "list"]).out.contains("Team/growth"))
        let older = try tenancy(["state", "push", backupFile.path])
        XCTAssertEqual(older.code, 1, "an older serial needs --force")
        XCTAssertTrue(older.err.contains("not newer"), older.err)
        XCTAssertEqual(try tenancy(["state", "push", backupFile.path, "--force"]).code, 0)
        XCTAssertEqual(try tenancy(["plan", "--detailed-exitcode"]).code, 0, "back where it was")

        // The state, audit and lock commands read the project file only: a broken manifest stops
        // plans, not the repair of state.
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: [400") }
        XCTAssertEqual(try tenancy(["plan"]).code, 1)
        let listed = try tenancy(["state", "list"])
        XCTAssertEqual(listed.code, 0, listed.err)
        XCTAssertEqual(listed.out.split(separator: "\n").count, 21)
        XCTAssertEqual(try tenancy(["audit", "verify"]).code, 0)
    }

    /// A full disk while the new state is written: a clear error, exit 1, the previous state and
    /// the audit log as they were, nothing half-written left behind. A file-size limit stands in
    /// for the full disk (writes past it fail with EFBIG where a full disk fails with ENOSPC; the
    /// code path is the same).
    func testAFullDiskLeavesThePreviousStateUntouched() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let stateFolder = folder.appendingPathComponent(".tenancy")
        let before = try Data(contentsOf: stateFolder.appendingPathComponent("state.json"))
        XCTAssertGreaterThan(before.count, 16 * 1024, "the state must be larger than the limit below")
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let full = try RunningTenancy(["apply", "--auto-approve"], in: folder, environment: ["TENANCY_ACTOR": "scenario-test"],
                                      shell: #"trap '' XFSZ; ulimit -f 16; exec "$0" "$@""#).finish()
        XCTAssertEqual(full.code, 1, full.out + full.err)
        XCTAssertTrue(full.err.contains("the new state was not written"), full.err)
        XCTAssertTrue(full.err.contains("cannot write .tenancy/state.json: the file would exceed the file-size limit"), full.err)
        XCTAssertEqual(try Data(contentsOf: stateFolder.appendingPathComponent("state.json")), before)
        let left = try FileManager.default.contentsOfDirectory(atPath: stateFolder.path).sorted()
        XCTAssertEqual(left.filter { $0.contains(".tmp-") || $0.hasSuffix(".pending.json") || $0.hasSuffix(".lock") }, [], "\(left)")
        XCTAssertEqual(try tenancy(["audit", "verify"]).code, 0)
        XCTAssertEqual(try tenancy(["audit", "log"]).out.split(separator: "\n").filter { $0.hasPrefix("#") }.count, 1,
                       "the failed apply recorded nothing")
        let retried = try tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(retried.code, 0, retried.err)
        XCTAssertTrue(retried.out.contains("0 added, 1 changed"), retried.out)
    }

    /// A damaged state file and one from a newer tenancy: plan and apply stop with a clear error
    /// (what is wrong, where, what to do), exit 1, and leave the file as it is.
    func testCorruptAndNewerStateFilesAreClearErrors() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let statePath = folder.appendingPathComponent(".tenancy/state.json")
        var text = try String(contentsOf: statePath, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"users\": 400", with: "\"users\": 4OO")
        try Data(text.utf8).write(to: statePath)
        for command in [["plan"], ["apply", "--auto-approve"], ["state", "list"]] {
            let refused = try tenancy(command)
            XCTAssertEqual(refused.code, 1, "\(command): \(refused.out)")
            XCTAssertTrue(refused.err.contains("the state file .tenancy/state.json is not valid"), "\(command): \(refused.err)")
            XCTAssertTrue(refused.err.contains("at byte "), refused.err)
            XCTAssertTrue(refused.err.contains("hint: restore it from version control or a copy (a state applied only once has no backup)"), refused.err)
        }
        XCTAssertEqual(try String(contentsOf: statePath, encoding: .utf8), text, "left as it was")

        text = text.replacingOccurrences(of: "\"users\": 4OO", with: "\"users\": 400")
            .replacingOccurrences(of: "\"format_version\": 2,", with: "\"format_version\": 7,")
        try Data(text.utf8).write(to: statePath)
        let newer = try tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(newer.code, 1)
        XCTAssertTrue(newer.err.contains("has format version 7, newer than this tenancy understands (2)"), newer.err)
        XCTAssertTrue(newer.err.contains("hint: upgrade tenancy"), newer.err)
        XCTAssertEqual(try String(contentsOf: statePath, encoding: .utf8), text)
    }

    /// A state folder the runner may not write to: a clear error, exit 1, the state untouched. Run
    /// as an unprivileged user (root writes anywhere): as `nobody` through setpriv when the tests
    /// run as root.
    func testAReadOnlyStateFolderIsAClearError() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let stateFolder = folder.appendingPathComponent(".tenancy")
        let before = try Data(contentsOf: stateFolder.appendingPathComponent("state.json"))
        try edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        var shell: String?
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                throw MissingTool.skip("setpriv", "running as root without setpriv: cannot drop privileges to test a read-only folder")
            }
            // The unprivileged user must be able to reach the binary (and the temporary folder).
            for path in [try TestBinary.require().path, folder.path] {
                var url = URL(fileURLWithPath: path)
                while url.path != "/" {
                    let mode = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? 0
                    guard mode & 0o001 != 0 || url.path == folder.path else {
                        throw XCTSkip("\(url.path) is not open to other users: cannot run tenancy as nobody to test a read-only folder")
                    }
                    url.deleteLastPathComponent()
                }
            }
            // Everything the unprivileged run reads is made its own; only the state folder is read-only.
            let enumerator = FileManager.default.enumerator(atPath: folder.path)
            try FileManager.default.setAttributes([.ownerAccountID: 65534, .groupOwnerAccountID: 65534], ofItemAtPath: folder.path)
            while let relative = enumerator?.nextObject() as? String {
                try FileManager.default.setAttributes([.ownerAccountID: 65534, .groupOwnerAccountID: 65534],
                                                      ofItemAtPath: folder.appendingPathComponent(relative).path)
            }
            shell = #"exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "$0" "$@""#
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: stateFolder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stateFolder.path) }
        let refused = try RunningTenancy(["apply", "--auto-approve"], in: folder, environment: ["TENANCY_ACTOR": "scenario-test"],
                                         shell: shell).finish()
        XCTAssertEqual(refused.code, 1, refused.out + refused.err)
        XCTAssertTrue(refused.err.contains("permission denied"), refused.err)
        XCTAssertEqual(try Data(contentsOf: stateFolder.appendingPathComponent("state.json")), before)
    }

    /// The backend is read from tenancy.yaml before anything else; a Project anywhere else would be
    /// silently ignored, so it is an error that says where it belongs.
    func testAProjectOutsideTenancyYamlIsRefused() throws {
        let project = try String(contentsOf: folder.appendingPathComponent("tenancy.yaml"), encoding: .utf8)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tenancy.yaml"))
        try Data(project.utf8).write(to: folder.appendingPathComponent("project.yaml"))
        let refused = try tenancy(["plan"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("project.yaml:5:9: error: a Project manifest belongs in tenancy.yaml at the configuration's root [project.misplaced]"),
                      refused.err)
        XCTAssertTrue(refused.err.contains("hint: move it to tenancy.yaml"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".tenancy/state.json").path))
    }

    /// tenancy.yaml may hold other manifests beside the Project: reading the backend from it
    /// judges only the Project (the rest refers to manifests elsewhere, checked with them).
    func testTenancyYamlMayHoldMoreThanTheProject() throws {
        let team = try String(contentsOf: folder.appendingPathComponent("teams/clinical.yaml"), encoding: .utf8)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("teams/clinical.yaml"))
        try edit("tenancy.yaml") { $0 + "---\n" + team }
        let planned = try tenancy(["plan"])
        XCTAssertEqual(planned.code, 0, planned.err)
        XCTAssertTrue(planned.out.hasSuffix("Plan: 21 to add, 0 to change, 0 to destroy, 0 to rename.\n"), planned.out)
        // A broken Project stops every command that needs the backend, with its place in the file.
        try edit("tenancy.yaml") { $0.replacingOccurrences(of: "local: {path: .tenancy/state.json}", with: "locale: {path: x}") }
        let broken = try tenancy(["state", "list"])
        XCTAssertEqual(broken.code, 1)
        XCTAssertTrue(broken.err.contains("tenancy.yaml:8:5: error: unknown field `locale`"), broken.err)
    }
}

extension PlanApplyScenarioTests {
    func testTargetAndExcludeFromTheCommandLine() throws {
        let target = try tenancy(["plan", "--target", "Team/platform", "--target=ServiceAccount/ci-deployer"])
        XCTAssertEqual(target.code, 0, target.err)
        XCTAssertTrue(target.out.hasSuffix("Plan: 7 to add, 0 to change, 0 to destroy, 0 to rename. 14 changes are left out by --target/--exclude.\n"), target.out)
        XCTAssertTrue(target.err.contains("--target/--exclude leave 14 changes out of this plan (") && target.err.contains("[plan.selection]"), target.err)
        XCTAssertTrue(target.out.contains("+ Integration/slack-eng"), "dependencies come along")
        let json = try tenancy(["plan", "--target", "Team/platform", "--format", "json"])
        XCTAssertTrue(json.out.contains("\"complete\":false"), "changes left out: not complete, as Terraform says under -target")
        XCTAssertTrue(try tenancy(["plan", "--format", "json"]).out.contains("\"complete\":true"))
        XCTAssertEqual(try tenancy(["apply", "--auto-approve", "--target", "Team/platform"]).code, 0)
        let rest = try tenancy(["plan", "--exclude", "Workspace/payments"])
        XCTAssertFalse(rest.out.contains("Workspace/payments"), rest.out)
        XCTAssertFalse(rest.out.contains("Team/finance-ops"), "what depends on an excluded resource is excluded")
        let both = try tenancy(["plan", "--target", "Team/platform", "--exclude", "Team/platform"])
        XCTAssertEqual(both.code, 1)
        XCTAssertTrue(both.err.contains("`Team/platform` is both targeted and excluded [plan.target-excluded]"), both.err)
        let bad = try tenancy(["plan", "--target", "Workspace/enginering"])
        XCTAssertEqual(bad.code, 1)
        XCTAssertTrue(bad.err.contains("did you mean `Workspace/engineering`?"), bad.err)
    }
}

extension PlanApplyScenarioTests {
    func testInitScaffoldsAConfigurationThatPlans() throws {
        let target = folder.appendingPathComponent("new-config").path
        let created = try tenancy(["init", "--dir", target, "--template", "government"])
        XCTAssertEqual(created.code, 0, created.err)
        XCTAssertTrue(created.out.contains("created  workspaces/example.yaml"), created.out)
        XCTAssertEqual(try tenancy(["validate", "--dir", target]).code, 0)
        let plan = try tenancy(["plan", "--dir", target, "--detailed-exitcode"])
        XCTAssertEqual(plan.code, 2, plan.err)
        XCTAssertTrue(plan.out.hasSuffix("Plan: 3 to add, 0 to change, 0 to destroy, 0 to rename.\n"), plan.out)
        let again = try tenancy(["init", "--dir", target])
        XCTAssertTrue(again.out.contains("kept     tenancy.yaml (exists)"), "never overwrites")
        XCTAssertEqual(try tenancy(["init", "--dir", target, "--template", "helthcare"]).code, 1)
    }

    /// A scaffold that cannot be written whole (a path that grows too long below the folder) is
    /// not written at all: the files and folders the run made are removed again.
    func testInitWritesAllOrNothing() throws {
        // Short enough for tenancy.yaml, too long for schema/tenancy.schema.json and .vscode/settings.json.
        var deep = folder.path
        while deep.utf8.count < 4096 - 30 { deep += "/" + String(repeating: "d", count: min(200, 4096 - 30 - deep.utf8.count - 1)) }
        let run = try tenancy(["init", "--dir", deep])
        XCTAssertEqual(run.code, 1, run.out)
        XCTAssertTrue(run.err.contains("[io.write]"), run.err)
        XCTAssertFalse(run.out.contains("created"), "nothing is said to be created: \(run.out)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(String(deep.dropFirst(folder.path.count + 1)).components(separatedBy: "/")[0]).path),
                       "the folders the run made are gone")
    }
}
