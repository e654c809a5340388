import TenancyReport
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyAnswers
import TenancySupport

/// `tenancy report [--dir DIR] [--out FILE] [--usage PATH] [--plan PLANFILE] [--framework F…]`:
/// the workspace console as one self-contained HTML file (docs/report.md), rendered from what the
/// other commands answer. The configuration's folder is `--dir`, as for every command (the
/// operand the first version took is gone: a folder given as one is refused, naming `--dir`).
enum ReportCommand {
    static let out = OptionSpec.option("out", "FILE", "Write the report to FILE (atomically; default: standard output).")
    static let inline = OptionSpec.option("inline", "N", "Put every workspace's section in the page up to N workspaces (default \(ConsoleReportHTML.inlineWorkspaces)); above, each is kept in the file and shown when opened, filtered to or printed.",
                                          check: { Int($0).map { $0 >= 0 } == true ? nil : .error(.cliUsage, "`\($0)` is not a number of workspaces", hint: "for example --inline 1000") })
    static let plan = OptionSpec.option("plan", "PLANFILE", "A saved plan (plan --out) to show as the pending changes, with its cost and quota impact.")

    static let spec = CommandSpec(
        name: "report", summary: "The workspace console as one self-contained HTML file.",
        discussion: """
        Renders the organization overview, each workspace's tabs (overview, policies, quotas, \
        security, billing, analytics), access, the template browser, compliance and the pending \
        plan into one HTML file that loads nothing (styles, script and SVG charts inline). The same \
        inputs give the same bytes: the stamp takes SOURCE_DATE_EPOCH, else the inputs' own dates.
        """,
        options: [out, RuntimeOptions.usage(required: false), plan, ComplianceCommand.framework, inline, Options.dir],
        environment: [("SOURCE_DATE_EPOCH", "The time stamped on the report (seconds since 1970, UTC).")]
            + Options.backendEnvironment.filter { $0.name != "TENANCY_ACTOR" },
        examples: ["tenancy report --dir examples --usage examples/usage --out report.html",
                   "tenancy report --dir examples --plan tenancy.plan --framework hipaa --out report.html"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let dir = arguments.dir
                var request = ConsoleReport.Request()
                request.usagePath = arguments[RuntimeOptions.usage]
                request.planPath = arguments[plan]
                request.frameworks = arguments.values(ComplianceCommand.framework)
                request.toolVersion = Tenancy.version
                let session = try context.session(dir)
                let report = try ConsoleReport.gather(session, request, cancellation: context.cancellation)
                context.report(report.warnings, sources: report.sources)
                context.timer.lap("gather")
                let inlineAtMost = arguments[inline].flatMap { Int($0) } ?? ConsoleReportHTML.inlineWorkspaces
                if let path = arguments[out] {
                    // Written whole or not at all (a temporary file renamed over the path).
                    var size = 0
                    do throws(FileError) {
                        try FileIO.checkReplaceable(path)
                        try FileIO.atomicWrite(to: path, mode: 0o644, cancellation: context.cancellation, mapError: { $0 }) { (write) throws(FileError) in
                            try ConsoleReportHTML.write(report, inlineAtMost: inlineAtMost) { (piece: String) throws(FileError) in
                                var piece = piece
                                size += piece.utf8.count
                                try piece.withUTF8 { bytes in Result { () throws(FileError) in try write(UnsafeRawBufferPointer(bytes)) } }.get()
                            }
                        }
                    } catch { throw RunFailure(error) }
                    context.timer.lap("render and write")
                    context.console.writeOut("Wrote the report of \(Format.count(report.workspaces.count, "workspace")) to \(path) (\(Format.bytes(size))).\n")
                } else {
                    // A closed pipe stops the render at the next piece (nothing more can be shown).
                    try ConsoleReportHTML.write(report, inlineAtMost: inlineAtMost) { (piece: String) throws(RunFailure) in
                        if let reason = context.cancellation.requested { throw .stopped(reason, applied: false) }
                        context.console.writeOut(piece)
                    }
                    context.timer.lap("render")
                }
                return .success
            }
        }
    )
}
