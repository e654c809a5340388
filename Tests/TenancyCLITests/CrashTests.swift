import Foundation
import TenancyTestSupport
import XCTest
import TenancyJSON
#if canImport(Glibc)
import Glibc
#endif

/// Kills and stops `tenancy apply` at random moments while it writes a large state, and checks
/// after each trial that the state is the old one or the new one, complete and valid, that the
/// lock died with the run, that history lists only versions that were applied, that the audit
/// log verifies, and that a new plan works and converges. The normal suite runs 50 SIGKILL trials
/// and 10 of each stop signal; `TENANCY_LONG=1 swift test --filter CrashTests` runs 1,000 and 100
/// (RELIABILITY.md).
final class CrashTests: XCTestCase {
    var folder: URL!
    /// How many workspaces the configuration has now (what a complete state holds).
    var count = 300


    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func process(_ arguments: [String]) throws -> Process {
        let binary = try TestBinary.require()
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        return process
    }

    private func run(_ arguments: [String]) throws -> Int32 {
        let p = try process(arguments)
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    private func writeConfiguration(users: Int, count: Int) throws {
        self.count = count
        var text = ""
        for i in 0..<count {
            text += """
            ---
            apiVersion: tenancy/v1
            kind: Workspace
            metadata: {name: ws-\(i), labels: {batch: b\(i % 10)}}
            spec:
              template: enterprise-starter
              quotas: {users: \(users + i % 7), concurrentConnections: \(users + 100), storage: \(10 + i % 50)GiB}
              security: {ipAllowlist: [10.\(i % 250).0.0/16]}

            """
        }
        try Data(text.utf8).write(to: folder.appendingPathComponent("workspaces.yaml"))
    }

    private func storedSerial() throws -> Int? {
        let path = folder.appendingPathComponent(".tenancy/state.json")
        guard let data = FileManager.default.contents(atPath: path.path) else { return nil }
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], "state.json is not valid JSON")
        XCTAssertEqual((object["resources"] as? [String: Any])?.count, count, "the state is complete")
        return object["serial"] as? Int
    }

    /// Opt-in long trials: `TENANCY_LONG=1`.
    static var long: Bool { ProcessInfo.processInfo.environment["TENANCY_LONG"].map { !$0.isEmpty && $0 != "0" } ?? false }

    private func output(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        try RunningTenancy(arguments, in: folder).finish()
    }

    /// What must hold after any trial, however it ended: one of the two serials, history listing
    /// only applied versions, no temporary file listed, the audit log verified.
    private func checkConsistent(_ trial: String, before: Int, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let after = try XCTUnwrap(try storedSerial(), "\(trial): the state vanished", file: file, line: line)
        XCTAssertTrue(after == before || after == before + 1, "\(trial): serial \(before) became \(after)", file: file, line: line)
        let history = try output(["state", "history"])
        XCTAssertEqual(history.code, 0, "\(trial): \(history.err)", file: file, line: line)
        let listed = history.out.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        XCTAssertTrue(listed.allSatisfy { $0 <= after }, "\(trial): history lists \(listed), past serial \(after)", file: file, line: line)
        let verify = try output(["audit", "verify"])
        XCTAssertEqual(verify.code, 0, "\(trial): \(verify.out)\(verify.err)", file: file, line: line)
        return after
    }

    /// Applies 300 workspaces, then changes every one and times that apply: how long the trials'
    /// random moments may be after an apply starts.
    func timedApplyOfEverything() throws -> Double {
        try writeConfiguration(users: 10, count: 300)
        XCTAssertEqual(try run(["apply", "--auto-approve"]), 0)
        try writeConfiguration(users: 20, count: 300)
        let start = Date()
        XCTAssertEqual(try run(["apply", "--auto-approve"]), 0)
        return Date().timeIntervalSince(start)
    }

    func testSIGKILLDuringApplyLeavesOldOrNewState() throws {
        let duration = try timedApplyOfEverything()
        var interrupted = 0
        var rng = SystemRandomNumberGenerator()
        let trials = Self.long ? 1000 : 50
        for trial in 0..<trials {
            let before = try XCTUnwrap(try storedSerial())
            try writeConfiguration(users: 30 + trial, count: 300)
            let apply = try process(["apply", "--auto-approve"])
            try apply.run()
            let delay = Double.random(in: 0...(duration * 1.1), using: &rng)
            usleep(UInt32(delay * 1_000_000))
            kill(apply.processIdentifier, SIGKILL)
            apply.waitUntilExit()
            if apply.terminationReason == .uncaughtSignal { interrupted += 1 }
            let after = try checkConsistent("trial \(trial) (killed after \(delay)s)", before: before)
            // A killed run's lock dies with it (an OS lock): the next run goes ahead, no force-unlock.
            let plan = try run(["plan", "--detailed-exitcode"])
            XCTAssertTrue(plan == 0 || plan == 2, "trial \(trial): plan failed after the kill (exit \(plan))")
            if !(plan == 0 || plan == 2) || (after != before && after != before + 1) { break }
        }
        XCTAssertGreaterThan(interrupted, trials / 5, "most kills should land during the apply")
        XCTAssertEqual(try run(["apply", "--auto-approve"]), 0)
        XCTAssertEqual(try run(["plan", "--detailed-exitcode"]), 0, "a new plan converges")
        // The audit record is part of the same transition: one per serial, chain intact.
        XCTAssertEqual(try run(["audit", "verify"]), 0)
        let records = try String(contentsOf: folder.appendingPathComponent(".tenancy/audit.jsonl"), encoding: .utf8)
            .split(separator: "\n").count
        XCTAssertEqual(records, try XCTUnwrap(try storedSerial()), "every state written has its audit record")
        print("crash test: \(trials) trials, \(interrupted) killed mid-apply (apply takes \(String(format: "%.2f", duration))s here)")
    }

    /// SIGINT and SIGTERM at random moments: the run either finishes (0), or stops before the
    /// commit saying nothing was applied (state unchanged), or stops after it saying it was
    /// applied (state new); what it says is what happened, and no lock is left either way.
    func testStopSignalsAtRandomMomentsSayWhatHappened() throws {
        let duration = try timedApplyOfEverything()
        var rng = SystemRandomNumberGenerator()
        var outcomes: [String: Int] = [:]
        let perSignal = Self.long ? 100 : 10
        for trial in 0..<(2 * perSignal) {
            let signal = trial % 2 == 0 ? SIGINT : SIGTERM
            let before = try XCTUnwrap(try storedSerial())
            try writeConfiguration(users: 30 + trial, count: 300)
            let apply = try RunningTenancy(["apply", "--auto-approve"], in: folder)
            usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &rng) * 1_000_000))
            kill(apply.process.processIdentifier, signal)
            let result = apply.finish()
            let label = "trial \(trial) (signal \(signal))"
            let after = try checkConsistent(label, before: before)
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".tenancy/state.json.lock").path),
                           "\(label): the lock is released")
            switch result.code {
            case 0:
                outcomes["finished", default: 0] += 1
                XCTAssertEqual(after, before + 1, label)
            case 130, 143:
                XCTAssertEqual(result.code, signal == SIGINT ? 130 : 143, label)
                // Before the commit: after the lock was taken, or before it (then nothing at all
                // was touched, and the run says only that).
                if result.err.contains("Stopped before anything was applied") || result.err.contains("Stopped; nothing was changed.") {
                    outcomes["stopped before the commit", default: 0] += 1
                    XCTAssertEqual(after, before, "\(label): said nothing was applied")
                } else {
                    outcomes["stopped after the commit", default: 0] += 1
                    XCTAssertTrue(result.err.contains("Stopped: the state transition had been made and is recorded."), "\(label): \(result.err)")
                    XCTAssertEqual(after, before + 1, "\(label): said it was applied")
                }
            case signal where result.err.isEmpty:
                // Ended by the signal's default action: it came while the executable was still
                // being loaded (the dynamic loader maps its libraries before any of its code, so no
                // program can catch a signal then). Nothing ran, so nothing may have changed.
                outcomes["ended while loading", default: 0] += 1
                XCTAssertEqual(after, before, "\(label): ended while loading, yet the state moved")
            default:
                XCTFail("\(label): exit \(result.code): \(result.err)")
            }
        }
        XCTAssertEqual(try run(["apply", "--auto-approve"]), 0)
        XCTAssertEqual(try run(["plan", "--detailed-exitcode"]), 0, "a new plan converges")
        print("stop-signal trials: \(2 * perSignal), \(outcomes)")
    }

    /// A kill at every system call that writes during an apply (strace injects SIGKILL at the Nth
    /// call of each in turn), rather than at random times: every point between two of them is
    /// tried once. The calls are counted first in a run without a fault.
    func testAKillAtEverySystemCallOfTheCommit() throws {
        let strace = try ScenarioFolder.strace()
        let workspaces = 40
        try writeConfiguration(users: 10, count: workspaces)
        XCTAssertEqual(try run(["apply", "--auto-approve"]), 0)
        var users = 100
        var trials = 0, killed = 0
        for call in ["openat", "write", "pwrite64", "fsync", "fdatasync", "fallocate", "ftruncate", "rename", "link", "unlink"] {
            // Count the calls of this kind in one apply (each trial applies a new change).
            users += 1
            try writeConfiguration(users: users, count: workspaces)
            let traceFile = folder.appendingPathComponent("trace.txt").path
            let dry = try RunningTenancy(["apply", "--auto-approve"], in: folder,
                                         shell: "exec \(strace) -f -qq -o \(traceFile) -e trace=\(call) \"$0\" \"$@\"").finish()
            XCTAssertEqual(dry.code, 0, dry.err)
            let calls = ((try? String(contentsOfFile: traceFile, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { $0.contains("\(call)(") }.count
            try? FileManager.default.removeItem(atPath: traceFile)
            // Every call in the long trials; a dozen spread over them otherwise.
            for n in stride(from: 1, through: calls, by: Self.long ? 1 : max(1, calls / 12)) {
                let before = try XCTUnwrap(try storedSerial())
                users += 1
                try writeConfiguration(users: users, count: workspaces)
                let run = try RunningTenancy(["apply", "--auto-approve"], in: folder,
                                             shell: "exec \(strace) -f -qq -o /dev/null -e trace=\(call) -e inject=\(call):signal=KILL:when=\(n) \"$0\" \"$@\"").finish()
                trials += 1
                if run.code != 0 { killed += 1 }
                _ = try checkConsistent("\(call) #\(n) of \(calls)", before: before)
                let plan = try self.run(["plan", "--detailed-exitcode"])
                XCTAssertTrue(plan == 0 || plan == 2, "\(call) #\(n): plan after the kill exits \(plan)")
            }
        }
        XCTAssertEqual(try run(["apply", "--auto-approve"]), 0)
        XCTAssertEqual(try run(["plan", "--detailed-exitcode"]), 0)
        XCTAssertGreaterThan(killed, trials / 2, "most injected kills land")
        print("syscall kill sweep: \(trials) trials, \(killed) killed")
    }
}
