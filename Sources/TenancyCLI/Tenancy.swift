import Foundation
import TenancyDiagnostics
import TenancySupport
#if canImport(Glibc)
import Glibc
#endif

/// The `tenancy` command line: the command table and the one entry point the executable calls.
package enum Tenancy {
    package static let version = "0.1.0"

    static let rootCommand = CommandSpec(
        name: "tenancy",
        summary: "Tenancy: the workspaces of a multi-tenant platform as code (plan, apply, audit).",
        subcommands: [InitCommand.spec, ValidateCommand.spec, PlanCommand.spec, ApplyCommand.spec, ShowCommand.spec, StateCommand.spec, QuotaCommand.spec, BillingCommand.spec, NotifyCommand.spec, UsageCommand.spec, ExportCommand.spec, AccessCommand.spec, RolesCommand.spec, ComplianceCommand.spec, ReportCommand.spec, PublishCommand.spec, AuditCommand.spec, ForceUnlockCommand.spec, SchemaCommand.spec, TemplatesCommand.spec, VersionCommand.spec]
    )

    /// The executable's entry point: the process's own streams, signals and environment; exits.
    package static func main() -> Never {
        // A standard stream closed by the caller (`>&-`) is reopened on /dev/null before any file
        // is opened: otherwise the first file opened would get its number, and output meant for
        // the terminal would be written into it (a state file, say).
        var closed: Set<Int32> = []
        for fd: Int32 in [0, 1, 2] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            closed.insert(fd)
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0, null != fd {
                dup2(null, fd)
                close(null)
            }
        }
        let cancellation = Cancellation()
        let console = StandardConsole(outputClosed: closed.contains(1),
                                      onOutputFailure: { _ in cancellation.request(.outputFailed, exiting: false) })
        if closed.contains(1) { cancellation.request(.outputFailed, exiting: false) }
        Signals.install(cancellation, console: console)
        var code = run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                       console: console, cancellation: cancellation)
        // A command that finished although its output could not be written did not do its job,
        // whatever else its status would have said (a quota or budget alert, changes present).
        if let failure = console.outputFailure, [.success, .changes, .warning, .exceeded].contains(code) {
            if failure.code != EPIPE { console.writeError("tenancy: cannot write the output: \(failure.plainReason)\n") }
            cancellation.undoRemaining()  // a plan saved by a run whose output was lost is withdrawn
            code = .failure
        }
        exit(code.rawValue)
    }

    /// Runs one command line (without the program name) and returns the process exit code.
    package static func run(_ arguments: [String], environment: [String: String], console: Console,
                           cancellation: Cancellation = Cancellation()) -> ExitCode {
        let parser = ArgumentParser(root: rootCommand)
        let noColor = arguments.contains("--no-color")
        switch parser.parse(arguments) {
        case let .help(command, path):
            console.writeOut(HelpText.render(command, path: path))
            return .success
        case let .failure(diagnostic, path):
            let context = CommandContext(console: console, environment: environment, noColorFlag: noColor)
            context.report(Diagnostics([diagnostic]))
            writeErrorDocument(path: path, arguments: arguments, context: context)
            return .failure
        case let .run(command, path, parsed):
            let context = CommandContext(console: console, environment: environment,
                                         noColorFlag: parsed.isSet(ArgumentParser.noColor), cancellation: cancellation)
            let code = command.run?(parsed, context) ?? .failure
            if code == .failure { writeErrorDocument(path: path, arguments: arguments, context: context) }
            return code
        }
    }

    /// A machine format whose command failed before writing its document gets one that holds the
    /// error (`ErrorDocument`); nothing is added when the command wrote anything, or stopped.
    static func writeErrorDocument(path: [String], arguments: [String], context: CommandContext) {
        guard path.count == 2, !context.console.wroteOutput, context.cancellation.requested == nil,
              let format = ErrorDocument.values(of: "format", in: arguments).last else { return }
        let folder = ErrorDocument.values(of: "dir", in: arguments).last ?? "."
        if let document = ErrorDocument.render(command: path[1], format: format, diagnostics: context.reported,
                                               frameworks: ErrorDocument.values(of: "framework", in: arguments),
                                               root: ReportRoot.find(from: folder)) {
            context.console.writeOut(document)
        }
    }
}
