import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyEtcd
import TenancySupport

/// What a running command may use of the outside world: its console and environment, and the
/// run environment the engine is given from them. Passing these in (rather than reading globals)
/// keeps commands testable in-process.
final class CommandContext {
    let console: Console
    let environment: [String: String]
    let noColorFlag: Bool
    let cancellation: Cancellation
    let timer: PhaseTimer
    /// Every diagnostic reported on standard error, for the document a machine format is given
    /// when its command fails before writing one (`ErrorDocument`).
    private(set) var reported = Diagnostics()

    init(console: Console, environment: [String: String], noColorFlag: Bool, cancellation: Cancellation = Cancellation()) {
        self.console = console
        self.environment = environment
        self.noColorFlag = noColorFlag
        self.cancellation = cancellation
        timer = PhaseTimer(environment: environment)
    }

    /// Colour only on a terminal, never with `--no-color` or a non-empty NO_COLOR (no-color.org).
    func useColor(forStderr: Bool) -> Bool {
        if noColorFlag { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        return forStderr ? console.stderrIsTerminal : console.stdoutIsTerminal
    }

    /// What the engine is given of this process: its variables, who runs it, git, stop requests.
    var runEnvironment: RunEnvironment {
        let timer = self.timer
        let reporter = Reporter(context: self)
        return RunEnvironment(variables: environment, actor: Actor.name(environment), gitCommit: Git.commit(in:),
                              cancellation: cancellation, phaseEnded: { timer.lap($0) },
                              notice: { reporter.context.report(Diagnostics([$0])) })
    }

    /// Now, as RFC 3339 in UTC (the JSON plan's `timestamp`).
    func timestamp() -> String { ISO8601DateFormatter().string(from: runEnvironment.now()) }

    /// The configuration at `folder`, its backend opened (local or etcd).
    /// The backends this build opens.
    static let openers: [any BackendOpener] = [LocalBackendOpener(), EtcdBackendOpener()]

    func session(_ folder: String) throws(RunFailure) -> Session {
        try Session.open(folder, environment: runEnvironment, openers: Self.openers)
    }

    /// Runs a command's body, turning a failure into its report and exit code: 1 for problems,
    /// 130 / 143 for a stop by SIGINT / SIGTERM (saying whether the state transition was made).
    func run(_ body: () throws(RunFailure) -> ExitCode) -> ExitCode {
        do {
            return try body()
        } catch {
            return report(error)
        }
    }

    /// Reports a failure and gives its exit code.
    @discardableResult
    func report(_ failure: RunFailure) -> ExitCode {
        switch failure.kind {
        case .problems:
            report(failure.diagnostics, sources: failure.sources)
            if failure.isCheck {
                console.writeError(TextDiagnosticRenderer(useColor: false).summary(failure.diagnostics) + "\n")
            }
            return .failure
        case let .stopped(.outputFailed, applied):
            cancellation.undoRemaining()
            if let failure = (console as? StandardConsole)?.outputFailure, failure.code != EPIPE || applied {
                // A closed pipe ends quietly, as git's output does, when nothing was changed; after
                // a commit it is said (the exit is 1, yet the state did change), and anything
                // else says why, once.
                let reason = failure.code == EPIPE ? "standard output was closed" : "cannot write the output: \(failure.plainReason)"
                console.writeError("tenancy: \(reason)"
                                   + (applied ? " (the state transition had been made and is recorded)" : "; nothing was changed") + "\n")
            }
            return .failure
        case let .stopped(reason, applied):
            cancellation.undoRemaining()
            if applied { cancellation.markApplied() }
            console.writeError(StopMessage.text(cancellation))
            return .stopped(reason)
        }
    }

    /// Prints diagnostics as text to standard error, quoting the offending source lines.
    func report(_ diagnostics: Diagnostics, sources: [String: SourceFile] = [:]) {
        guard !diagnostics.isEmpty else { return }
        reported.append(contentsOf: diagnostics)
        let renderer = TextDiagnosticRenderer(useColor: useColor(forStderr: true))
        console.writeError(renderer.render(diagnostics, sources: sources))
    }

    /// A usage problem found while running (after parsing): reported, exit 1.
    func usage(_ summary: String, hint: String? = nil) -> ExitCode {
        report(Diagnostics([.error(.cliUsage, summary, hint: hint)]))
        return .failure
    }
}

/// The context, for the engine's notices: they come on the run's own thread, where the context lives.
private struct Reporter: @unchecked Sendable {
    let context: CommandContext
}

/// Who is running, for the audit log: TENANCY_ACTOR, else the CI's actor, else user@host.
enum Actor {
    static func name(_ environment: [String: String]) -> String {
        for key in ["TENANCY_ACTOR", "GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILDKITE_BUILD_CREATOR", "CIRCLE_USERNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}

/// The git commit a configuration is at, asked of git (for the audit record).
enum Git {
    @Sendable static func commit(in root: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let commit = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }
}

extension CommandContext {
    /// `TENANCY_DOCS_URL` as the SARIF rules' help link; a value that cannot be one is refused
    /// before anything is written, so that no SARIF file carries a broken link.
    func docsLink() throws(RunFailure) -> DocsLink? {
        do {
            return try DocsLink.from(environment: environment)
        } catch {
            throw RunFailure(.error(.cliUsage, "\(DocsLink.variable) cannot be the docs' link: \(error.reason)",
                                    hint: "set it to the absolute URL of the folder where your organization publishes Tenancy's docs/ "
                                        + "(for example https://git.example.com/platform/tenancy/-/blob/main/docs/), or unset it"))
        }
    }
}
