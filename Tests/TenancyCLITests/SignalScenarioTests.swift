import Foundation
import TenancySupport
import TenancyTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM at the moments that matter, made to land there deterministically: strace
/// holds the run inside a chosen system call (the lock taken, the commit started) while the test
/// signals it, and a pseudo-terminal gives the confirmation prompt a terminal to ask on.
final class SignalScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    /// A run of tenancy whose output is read as it comes, so that the test can wait for a moment.
    final class LiveRun {
        let process = Process()
        private let out = Pipe(), err = Pipe()
        /// What it printed so far: standard output, standard error.
        private let collected = Locked(("", ""))

        init(_ arguments: [String], in folder: URL, under strace: [String]? = nil, input: FileHandle? = nil) throws {
            let binary = try TestBinary.require()
            if let strace {
                process.executableURL = URL(fileURLWithPath: try ScenarioFolder.strace())
                process.arguments = ["-f", "-qq", "-o", "/dev/null"] + strace + ["--", binary.path] + arguments
            } else {
                process.executableURL = binary
                process.arguments = arguments
            }
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            environment["TENANCY_ACTOR"] = "signal-test"
            process.environment = environment
            process.standardOutput = out
            process.standardError = err
            process.standardInput = input ?? FileHandle.nullDevice
            let collected = self.collected
            out.fileHandleForReading.readabilityHandler = { handle in Self.append(handle.availableData, error: false, to: collected) }
            err.fileHandleForReading.readabilityHandler = { handle in Self.append(handle.availableData, error: true, to: collected) }
            try process.run()
        }

        private static func append(_ data: Data, error: Bool, to collected: Locked<(String, String)>) {
            let text = String(decoding: data, as: UTF8.self)
            collected.withLock { if error { $0.1 += text } else { $0.0 += text } }
        }

        var output: (out: String, err: String) { collected.withLock { $0 } }

        /// The process that runs tenancy: strace's child when traced, else the process itself.
        var tenancyPID: pid_t? {
            guard process.executableURL?.lastPathComponent == "strace" else { return process.processIdentifier }
            let children = "/proc/\(process.processIdentifier)/task/\(process.processIdentifier)/children"
            guard let text = try? String(contentsOfFile: children, encoding: .utf8) else { return nil }
            return text.split(separator: " ").first.flatMap { pid_t($0) }
        }

        /// Waits (at most 30 s) until `condition` holds.
        func wait(until condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(30)
            while !condition() {
                if Date() > deadline || !process.isRunning { return condition() }
                usleep(20_000)
            }
            return true
        }

        func signal(_ number: Int32) {
            if let pid = tenancyPID { kill(pid, number) }
        }

        func finish() -> (code: Int32, out: String, err: String) {
            process.waitUntilExit()
            out.fileHandleForReading.readabilityHandler = nil
            err.fileHandleForReading.readabilityHandler = nil
            Self.append(out.fileHandleForReading.readDataToEndOfFile(), error: false, to: collected)
            Self.append(err.fileHandleForReading.readDataToEndOfFile(), error: true, to: collected)
            let (o, e) = output
            return (process.terminationStatus, o, e)
        }
    }

    /// A pseudo-terminal from /dev/ptmx: unlocked and numbered with its ioctls (Glibc's module
    /// has no grantpt/ptsname; the request numbers are Linux's generic _IOW/_IOR encodings). The
    /// master's descriptor (close it when done) and the terminal's end for a process's input: a
    /// run reading it waits at a prompt, holding whatever it holds, until it is signalled.
    static func pseudoTerminal() throws -> (master: Int32, terminal: FileHandle) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw XCTSkip("no pseudo-terminal available (/dev/ptmx)") }
        var unlock: CInt = 0, number: CUnsignedInt = 0
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
            close(master)
            throw XCTSkip("the pseudo-terminal could not be unlocked")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            close(master)
            throw XCTSkip("the pseudo-terminal's other end could not be opened")
        }
        return (master, FileHandle(fileDescriptor: slave, closeOnDealloc: true))
    }

    private var lockFile: String { scenario.file(".tenancy/state.json.lock").path }
    private var locked: Bool { FileManager.default.fileExists(atPath: lockFile) }

    /// The run is held 3 s just after it took the lock (strace delays flock's return), signalled
    /// there, then must stop at once, unlock, say so and exit 130 or 143, with nothing written.
    func testASignalBeforeTheCommitStopsAndUnlocks() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let state = try scenario.read(".tenancy/state.json"), log = try scenario.read(".tenancy/audit.jsonl")
        // SIGHUP (the terminal closed) and SIGQUIT (Ctrl-\\, which otherwise dumps a backtrace and
        // left the lock) stop the run the same way, with 128 and their number.
        for (signal, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143)), (SIGHUP, Int32(129)), (SIGQUIT, Int32(131))] {
            let run = try LiveRun(["apply", "--auto-approve"], in: scenario.url,
                                  under: ["-e", "trace=flock", "-e", "inject=flock:delay_exit=3000000:when=1"])
            XCTAssertTrue(run.wait { locked }, "the run took the lock")
            usleep(300_000)
            run.signal(signal)
            usleep(100_000)
            run.signal(signal) // a second signal changes nothing
            let result = run.finish()
            XCTAssertEqual(result.code, code, "signal \(signal): \(result.err)")
            XCTAssertTrue(result.err.contains("Stopped before anything was applied; the state is unchanged and unlocked."), result.err)
            XCTAssertFalse(result.err.contains("Backtrac") || result.err.contains("crashed"), "no crash report: \(result.err)")
            XCTAssertEqual(try scenario.read(".tenancy/state.json"), state)
            XCTAssertEqual(try scenario.read(".tenancy/audit.jsonl"), log)
            XCTAssertFalse(locked, "signal \(signal): the lock is released")
            XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 2, "the next run goes ahead")
        }
    }

    /// Signalled while an output file is being written (strace holds the temporary file's fsync
    /// 3 s): the run stops at once and leaves neither the output nor its temporary file — for the
    /// report, a saved plan and a comment's parts.
    func testASignalWhileAnOutputIsWrittenLeavesNoFile() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let outputs: [([String], String)] = [
            (["report", "--out", "report.html"], "report.html"),
            (["plan", "--lock=false", "--out", "saved.plan"], "saved.plan"),
            (["plan", "--lock=false", "--format", "markdown", "--split", "comment"], "comment/1.md"),
        ]
        try FileManager.default.createDirectory(at: scenario.file("comment"), withIntermediateDirectories: true)
        for (arguments, output) in outputs {
            let run = try LiveRun(arguments, in: scenario.url, under: ["-e", "trace=fsync", "-e", "inject=fsync:delay_enter=3000000:when=1"])
            let folder = scenario.file(output).deletingLastPathComponent()
            let staged = { (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.contains(".tmp-") || $0.contains(".staged-") } ?? [] }
            XCTAssertTrue(run.wait { !staged().isEmpty }, "\(arguments): the temporary file is being written")
            run.signal(SIGINT)
            let result = run.finish()
            XCTAssertEqual(result.code, 130, "\(arguments): \(result.err)")
            XCTAssertEqual(staged(), [], "\(arguments): no temporary file is left")
            XCTAssertFalse(scenario.exists(output), "\(arguments): no output, half or whole")
        }
    }

    /// Signalled inside the commit (held in the audit reservation, the commit's first step): the
    /// transition is finished and recorded, then the run stops saying so; two signals or one.
    func testASignalDuringTheCommitFinishesItFirst() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        for (round, (signal, code)) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))].enumerated() {
            try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: \(400 + round)", with: "users: \(401 + round)") }
            let run = try LiveRun(["apply", "--auto-approve"], in: scenario.url,
                                  under: ["-e", "trace=fallocate", "-e", "inject=fallocate:delay_enter=3000000"])
            // The plan is printed before the commit starts; the commit then waits in fallocate.
            XCTAssertTrue(run.wait { run.output.out.contains("Plan: 0 to add, 1 to change") }, run.output.out)
            usleep(700_000)
            run.signal(signal)
            usleep(100_000)
            run.signal(signal)
            let result = run.finish()
            XCTAssertEqual(result.code, code, result.err)
            XCTAssertTrue(result.out.contains("Apply complete!"), result.out)
            XCTAssertTrue(result.err.contains("Stopping once the state transition in progress is recorded"), result.err)
            XCTAssertTrue(result.err.contains("Stopped: the state transition had been made and is recorded."), result.err)
            XCTAssertFalse(locked)
            XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 0, "the change was applied")
            XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0, "and recorded")
        }
    }

    /// A saved plan stands for a plan run that finished. Stopped at the moment the plan is
    /// renamed into place (strace holds the rename's return), the run withdraws it: no plan to
    /// apply, no temporary file, the lock released, and the message says nothing was changed.
    func testAStoppedPlanWithdrawsItsSavedPlan() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        for (signal, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let run = try LiveRun(["plan", "--out", "saved.plan"], in: scenario.url,
                                  under: ["-e", "trace=rename", "-e", "inject=rename:delay_exit=3000000:when=1"])
            XCTAssertTrue(run.wait { scenario.exists("saved.plan") }, "the plan was saved: \(run.output.err)")
            run.signal(signal)
            let result = run.finish()
            XCTAssertEqual(result.code, code, result.err)
            XCTAssertTrue(result.err.contains("Stopped; nothing was changed, and the state lock is released."), result.err)
            XCTAssertFalse(scenario.exists("saved.plan"), "signal \(signal): the saved plan is withdrawn")
            let names = try FileManager.default.contentsOfDirectory(atPath: scenario.url.path)
            XCTAssertFalse(names.contains { $0.hasPrefix("saved.plan") }, "no temporary file: \(names)")
            XCTAssertFalse(locked)
        }
        // A plan saved by someone else since is not this run's to withdraw: a finished run keeps its own.
        XCTAssertEqual(try scenario.tenancy(["plan", "--out", "saved.plan"]).code, 0)
        XCTAssertTrue(scenario.exists("saved.plan"))
    }

    /// A command that never takes the state lock (validate, billing, report…) says only that
    /// nothing was changed when it is stopped: there is no lock or state to speak of.
    func testAStoppedReadOnlyCommandSaysNothingChanged() throws {
        // `validate -` waits for its standard input, which is held open and never written.
        let input = Pipe()
        let run = try LiveRun(["validate", "-"], in: scenario.url, input: input.fileHandleForReading)
        usleep(1_500_000)
        run.signal(SIGTERM)
        defer { try? input.fileHandleForWriting.close() }
        let result = run.finish()
        XCTAssertEqual(result.code, 143, result.err)
        XCTAssertTrue(result.err.hasSuffix("Stopped; nothing was changed.\n"), result.err)
        XCTAssertFalse(scenario.exists(".tenancy"), "nothing written")
    }

    /// Ctrl-C while apply asks for confirmation on a terminal: the lock taken for the plan is
    /// released and nothing is applied.
    func testInterruptAtThePromptReleasesTheLock() throws {
        let (master, terminal) = try Self.pseudoTerminal()
        defer { close(master) }
        let run = try LiveRun(["apply"], in: scenario.url, input: terminal)
        XCTAssertTrue(run.wait { run.output.out.contains("Enter a value:") }, run.output.out + run.output.err)
        XCTAssertTrue(locked, "the lock is held while it asks")
        run.signal(SIGINT)
        let result = run.finish()
        XCTAssertEqual(result.code, 130, result.err)
        XCTAssertTrue(result.err.contains("Stopped before anything was applied"), result.err)
        XCTAssertFalse(locked)
        XCTAssertFalse(scenario.exists(".tenancy/state.json"))
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0, "the next run goes ahead")
    }
}
