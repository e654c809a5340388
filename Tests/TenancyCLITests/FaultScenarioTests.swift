import Foundation
import TenancyTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// What a machine can do to a run — a full disk, a write cut short, a closed or full output, an
/// unreadable input, a signal — and what must hold each time: nothing lost, nothing torn, no lock
/// left, a clear message, and the next run works with no manual repair.
final class FaultScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    private var locked: Bool {
        // The lock file exists only while a run holds it (a dead run's lock dies with it).
        scenario.exists(".tenancy/state.json.lock")
    }

    /// Runs tenancy under strace with one fault injected.
    private func withFault(_ inject: [String], _ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        let strace = try ScenarioFolder.strace()
        let shell = "exec \(strace) -f -qq -o /dev/null \(inject.joined(separator: " ")) \"$0\" \"$@\""
        return try scenario.tenancy(arguments, shell: shell)
    }

    // MARK: The comment's parts on a full disk

    /// `plan --split DIR` writes all of a comment's parts or none: the disk fills while the second
    /// part is written (its fsync fails), and the folder still holds the previous comment, whole,
    /// with no staged files left beside it.
    func testACommentIsWrittenWholeOrNotAtAll() throws {
        let arguments = ["plan", "--lock=false", "--format", "markdown", "--comment-limit", "1000", "--split", "comment"]
        let first = try scenario.tenancy(arguments)
        XCTAssertEqual(first.code, 0, first.err)
        let names = try FileManager.default.contentsOfDirectory(atPath: scenario.file("comment").path).sorted()
        XCTAssertGreaterThan(names.count, 2, "a comment of several parts: \(names)")
        let before = try names.map { try scenario.read("comment/\($0)") }
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        // fsync 1: part 1 staged; 2: its folder; 3: part 2 staged.
        let full = try withFault(["-e", "trace=fsync", "-e", "inject=fsync:error=ENOSPC:when=3"], arguments)
        XCTAssertEqual(full.code, 1, full.err)
        XCTAssertTrue(full.err.contains("cannot flush to disk comment/2.md: the disk is full"), full.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scenario.file("comment").path).sorted(), names)
        XCTAssertEqual(try names.map { try scenario.read("comment/\($0)") }, before, "the previous comment, whole")
        let retried = try scenario.tenancy(arguments)
        XCTAssertEqual(retried.code, 0, retried.err)
        let after = try FileManager.default.contentsOfDirectory(atPath: scenario.file("comment").path).sorted()
        XCTAssertNotEqual(try after.map { try scenario.read("comment/\($0)") }, before, "the new comment")
    }

    // MARK: The audit log on a full disk

    /// The disk fills before the commit point (the space the audit record needs is reserved before
    /// the state is written): exit 1 saying what failed; state, history and log as they were.
    func testAFullDiskBeforeTheCommitChangesNothing() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let state = try scenario.read(".tenancy/state.json"), log = try scenario.read(".tenancy/audit.jsonl")
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        for error in ["ENOSPC", "EFBIG", "EDQUOT"] {
            let full = try withFault(["-e", "trace=fallocate", "-e", "inject=fallocate:error=\(error)"], ["apply", "--auto-approve"])
            XCTAssertEqual(full.code, 1, full.err)
            XCTAssertTrue(full.err.contains("the new state was not written: cannot write .tenancy/audit.jsonl: "), full.err)
            XCTAssertTrue(full.err.contains("Nothing was recorded; the previous state is unchanged."), full.err)
            XCTAssertEqual(try scenario.read(".tenancy/state.json"), state)
            XCTAssertEqual(try scenario.read(".tenancy/audit.jsonl"), log)
            XCTAssertFalse(scenario.exists(".tenancy/audit.pending.json"))
            XCTAssertFalse(locked)
        }
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
        let retried = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(retried.code, 0, retried.err)
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
    }

    /// The append itself fails after the state was written (an I/O error): the partial line is
    /// truncated away, the record stays pending, readers show it, the next commit appends it.
    func testAnAppendCutShortIsCompletedByTheNextCommit() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let log = try scenario.read(".tenancy/audit.jsonl")
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let cut = try withFault(["-P", scenario.file(".tenancy/audit.jsonl").path, "-e", "trace=write", "-e", "inject=write:error=EIO"],
                                ["apply", "--auto-approve"])
        XCTAssertEqual(cut.code, 0, cut.err)
        XCTAssertTrue(cut.err.contains("serial 2 was applied, but its audit record could not be appended to .tenancy/audit.jsonl"), "said: \(cut.err)")
        XCTAssertTrue(cut.err.contains("[state.audit-pending]"), cut.err)
        XCTAssertEqual(try scenario.read(".tenancy/audit.jsonl"), log, "no torn line")
        XCTAssertTrue(scenario.exists(".tenancy/audit.pending.json"))
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0, "the pending record completes the chain for readers")
        XCTAssertTrue(try scenario.tenancy(["audit", "log"]).out.contains("serial 2"))
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 450", with: "users: 460") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertFalse(scenario.exists(".tenancy/audit.pending.json"))
        XCTAssertEqual(String(decoding: try scenario.read(".tenancy/audit.jsonl"), as: UTF8.self).split(separator: "\n").count, 3)
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
    }

    /// A torn last line left by an older version: repaired when the pending record completes it,
    /// otherwise explained with the exact command that removes it.
    func testATornTailIsRepairedOrExplained() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let lines = String(decoding: try scenario.read(".tenancy/audit.jsonl"), as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        // Killed mid-append: the record pending, half of its line in the log.
        try scenario.write(".tenancy/audit.pending.json", lines[1] + "\n")
        try scenario.write(".tenancy/audit.jsonl", lines[0] + "\n" + String(lines[1].prefix(lines[1].count / 2)))
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 450", with: "users: 460") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).out, "The audit log is intact: 3 records, chain verified.\n")
        // A torn tail nothing completes: every command that reads or writes the log says what to run.
        let complete = String(decoding: try scenario.read(".tenancy/audit.jsonl"), as: UTF8.self)
        try scenario.write(".tenancy/audit.jsonl", complete + "{\"sequence\": 4, \"ti")
        let verify = try scenario.tenancy(["audit", "verify"])
        XCTAssertEqual(verify.code, 1)
        let command = "truncate -s \(complete.utf8.count) \(scenario.file(".tenancy/audit.jsonl").path)"
        XCTAssertTrue(verify.err.contains(command), verify.err)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 460", with: "users: 470") }
        let apply = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(apply.code, 1)
        XCTAssertTrue(apply.err.contains(command), apply.err)
        XCTAssertFalse(locked)
        try scenario.write(".tenancy/audit.jsonl", complete) // what the command does
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
    }

    /// `audit verify` proves one record per stored serial: removing the last record, or the whole
    /// log, is found.
    func testVerifyFindsRecordsRemovedAtTheEnd() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let full = String(decoding: try scenario.read(".tenancy/audit.jsonl"), as: UTF8.self)
        let first = String(full.split(separator: "\n")[0]) + "\n"
        try scenario.write(".tenancy/audit.jsonl", first)
        let truncated = try scenario.tenancy(["audit", "verify"])
        XCTAssertEqual(truncated.code, 1)
        XCTAssertTrue(truncated.err.contains("the audit log's last record is of serial 1, but the state is at serial 2"), truncated.err)
        try FileManager.default.removeItem(at: scenario.file(".tenancy/audit.jsonl"))
        let removed = try scenario.tenancy(["audit", "verify"])
        XCTAssertEqual(removed.code, 1)
        XCTAssertTrue(removed.err.contains("the audit log has no records, but the state is at serial 2"), removed.err)
    }

    // MARK: Output

    /// A closed pipe, a closed descriptor, a full device: no crash, no lock left, exit 1 with one
    /// line (silently for a closed pipe, as git does), and apply changes nothing.
    func testOutputThatCannotBeWritten() throws {
        let cases: [(shell: String, message: String)] = [
            ("exec \"$0\" \"$@\" > /dev/full", "tenancy: cannot write the output: the disk is full"),
            ("exec \"$0\" \"$@\" >&-", "tenancy: cannot write the output: it is closed"),
        ]
        for (shell, message) in cases {
            for command in [["plan"], ["apply", "--auto-approve"], ["validate"], ["plan", "--format", "json"]] {
                let run = try scenario.tenancy(command, shell: shell)
                XCTAssertEqual(run.code, 1, "\(command) \(shell)")
                XCTAssertTrue(run.err.contains(message), "\(command): \(run.err)")
                XCTAssertEqual(run.err.split(separator: "\n").count, 1, "one line: \(run.err)")
                XCTAssertFalse(locked, "\(command) \(shell) left the lock")
                XCTAssertFalse(scenario.exists(".tenancy/state.json"), "\(command) \(shell): an apply whose plan could not be shown applied")
            }
        }
        // A pipe closed early (`| head -c 10`): quiet, no crash, no lock left.
        for command in [["plan"], ["plan", "--format", "json"], ["schema"]] {
            let run = try scenario.tenancy(command, shell: "\"$0\" \"$@\" | head -c 10 > /dev/null")
            XCTAssertFalse(run.err.contains("Fatal error") || run.err.contains("cannot write"), run.err)
            XCTAssertFalse(locked)
        }
        // An apply whose reader leaves after the plan: when the commit was made before the closed
        // pipe was met, it says so (exit 1, yet the state changed); never a silent exit 1 after
        // a commit.
        for _ in 0..<6 {
            try? FileManager.default.removeItem(at: scenario.file(".tenancy"))
            let codeFile = scenario.file("code").path
            let run = try scenario.tenancy(["apply", "--auto-approve"],
                                           shell: "{ \"$0\" \"$@\"; echo $? > '\(codeFile)'; } | head -c 4000 > /dev/null")
            let code = try String(contentsOfFile: codeFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertFalse(locked)
            if scenario.exists(".tenancy/state.json") {
                XCTAssertTrue(code == "0" || run.err.contains("standard output was closed (the state transition had been made and is recorded)"),
                              "committed: \(code) \(run.err)")
            } else {
                XCTAssertEqual(code, "1", run.err)
                XCTAssertFalse(run.err.contains("recorded"), run.err)
            }
        }
    }

    /// `--out` onto anything but a regular file or a new path is refused, never replaced.
    func testOutOntoSpecialFilesIsRefused() throws {
        let fifo = scenario.file("plan.fifo").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for (target, kind) in [("/dev/stdout", "a symbolic link"), (fifo, "a FIFO (named pipe)"), (scenario.file("teams").path, "a folder"),
                               ("/dev/null", "a character device")] {
            let run = try scenario.tenancy(["plan", "--out", target])
            XCTAssertEqual(run.code, 1, target)
            XCTAssertTrue(run.err.contains("cannot write \(target): it is \(kind), not a regular file"), run.err)
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType, .typeCharacterSpecial)
        XCTAssertFalse(locked)
    }

    // MARK: Reading the configuration

    /// Every file or folder that cannot be read is an error naming it, in plain words; nothing is
    /// skipped, and no plan proposes to delete what it could not read.
    func testUnreadableInputsAreErrors() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let fifo = scenario.file("teams/pipe.yaml").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertEqual(symlink(scenario.file("teams/loop.yaml").path, scenario.file("teams/loop.yaml").path), 0)
        XCTAssertEqual(symlink("nowhere.yaml", scenario.file("teams/dangling.yaml").path), 0)
        XCTAssertEqual(symlink("/dev/zero", scenario.file("teams/device.yaml").path), 0)
        let plan = try scenario.tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(plan.code, 1, plan.out)
        XCTAssertTrue(plan.err.contains("cannot read teams/pipe.yaml: it is a FIFO (named pipe), not a regular file [io.read]"), plan.err)
        XCTAssertTrue(plan.err.contains("teams/loop.yaml is a symbolic link that leads nowhere (too many levels of symbolic links"), plan.err)
        XCTAssertTrue(plan.err.contains("teams/dangling.yaml is a symbolic link that leads nowhere (it does not exist)"), plan.err)
        XCTAssertTrue(plan.err.contains("cannot read teams/device.yaml: it is a character device, not a regular file"), plan.err)
        XCTAssertFalse(plan.err.lowercased().contains("permission"), "a FIFO is not a permission problem")
        XCTAssertFalse(plan.out.contains("destroy"), plan.out)
    }

    /// A disk that fails while a manifest is read (EIO injected into its reads), and a manifest
    /// that vanishes between the folder's listing and its reading (ENOENT injected into its
    /// open): errors naming the file, no plan, nothing proposed for deletion.
    func testAnIOErrorOrAVanishedFileWhileReading() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let manifest = scenario.file("teams/clinical.yaml").path
        let failing = try withFault(["-P", manifest, "-e", "trace=read,pread64", "-e", "inject=read,pread64:error=EIO"],
                                    ["plan", "--detailed-exitcode"])
        XCTAssertEqual(failing.code, 1, failing.out)
        XCTAssertTrue(failing.err.contains("cannot read teams/clinical.yaml: an input/output error (a failing disk or network file system?)"), failing.err)
        XCTAssertFalse(failing.out.contains("destroy"), failing.out)
        // strace matches a path argument as written: the run opens it relative to its folder.
        let vanished = try withFault(["-P", "teams/clinical.yaml", "-P", manifest, "-e", "trace=openat", "-e", "inject=openat:error=ENOENT"],
                                     ["plan", "--detailed-exitcode"])
        XCTAssertEqual(vanished.code, 1, vanished.out)
        XCTAssertTrue(vanished.err.contains("cannot read teams/clinical.yaml: it does not exist"), vanished.err)
        XCTAssertFalse(vanished.out.contains("destroy"), vanished.out)
        XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 0, "nothing changed meanwhile")
    }

    /// A folder that cannot be listed (as an unprivileged user: root reads everything).
    func testAnUnreadableFolderIsAnError() throws {
        let teams = scenario.file("teams").path
        var shell: String?
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { throw MissingTool.skip("setpriv", "setpriv is not installed") }
            // The binary must be reachable by the unprivileged user.
            guard let binary = TestBinary.url?.path, access(binary, X_OK) == 0 else { throw XCTSkip("the binary is not reachable") }
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: scenario.path)
            shell = #"exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "$0" "$@""#
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: teams)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: teams) }
        let run = try scenario.tenancy(["validate"], shell: shell)
        guard !run.err.contains("cannot execute") else { throw XCTSkip("the binary cannot run as nobody here") }
        XCTAssertEqual(run.code, 1, run.err)
        XCTAssertTrue(run.err.contains("cannot list the folder teams: permission denied"), run.err)
    }

    // MARK: Text people read

    /// A line break or an escape in TENANCY_ACTOR cannot forge a line of `audit log`.
    func testControlCharactersCannotForgeLines() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"],
                                            environment: ["TENANCY_ACTOR": "mallory\n#2  2026-01-01T00:00:00Z  admin  serial 9\u{1b}[2J"]).code, 0)
        let log = try scenario.tenancy(["audit", "log"]).out
        XCTAssertEqual(log.split(separator: "\n").filter { $0.hasPrefix("#") }.count, 1, log)
        XCTAssertTrue(log.contains("mallory\\u{a}#2  2026-01-01T00:00:00Z  admin  serial 9\\u{1b}[2J"), log)
        XCTAssertFalse(log.contains("\u{1b}"))
    }

    // MARK: Serials

    /// A serial at the top of its range is refused where it comes in (push), and never traps.
    func testSerialsAtTheTopOfTheirRange() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let text = String(decoding: try scenario.read(".tenancy/state.json"), as: UTF8.self)
        let top = text.replacingOccurrences(of: "\"serial\": 1\n", with: "\"serial\": \(Int.max)\n")
        try scenario.write("top.json", top)
        let pushed = try scenario.tenancy(["state", "push", "top.json"])
        XCTAssertEqual(pushed.code, 1)
        XCTAssertTrue(pushed.err.contains("serial must be a whole number from 0 to \(Int.max - 1)"), pushed.err)
        try scenario.write("near.json", text.replacingOccurrences(of: "\"serial\": 1\n", with: "\"serial\": \(Int.max - 1)\n"))
        XCTAssertEqual(try scenario.tenancy(["state", "push", "near.json"]).code, 1, "pushing to the top leaves no room for the record")
        try scenario.write(".tenancy/state.json", text.replacingOccurrences(of: "\"serial\": 1\n", with: "\"serial\": \(Int.max - 1)\n"))
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let apply = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(apply.code, 1)
        XCTAssertTrue(apply.err.contains("at the top of the range a serial may take"), apply.err)
        XCTAssertFalse(apply.err.contains("Fatal error"), apply.err)
    }
}
