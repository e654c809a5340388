import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyAnswers

/// `tenancy usage report [WORKSPACE…] --usage PATH [--since DAY] [--until DAY]`: the analytics
/// of a range of days (30 ending at the last usage day by default), with the month's cost so far.
enum UsageCommand {
    static let spec = CommandSpec(name: "usage", summary: "Analytics from the platform's usage.", subcommands: [report])

    static let report = CommandSpec(
        name: "report", summary: "User, workflow and system metrics, daily trends and week-over-week changes.",
        discussion: """
        Reads the applied state and the platform's usage export (docs/usage-format.md). The range \
        is --since to --until, by default the 30 days ending at the last usage day; the cost is the \
        month-to-date bill of --until's month (as tenancy billing computes it).
        """,
        arguments: [RuntimeOptions.workspaces],
        options: [RuntimeOptions.usage(required: true), RuntimeOptions.since.spec, RuntimeOptions.until.spec,
                  Options.format([.text, .json]), Options.dir],
        examples: ["tenancy usage report --usage examples/usage", "tenancy usage report engineering --usage usage/ --since 2026-11-01 --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let since = arguments[RuntimeOptions.since]
                let until = arguments[RuntimeOptions.until]
                if let since, let until, since > until {
                    throw RunFailure(.error(.cliUsage, "--since \(since) is after --until \(until)", hint: "give the first day, then the last"))
                }
                let inputs = try RuntimeOptions.inputs(arguments, context, asOf: until, since: since, totals: true)
                guard let last = until ?? inputs.usage.lastDay else {
                    throw RunFailure(.error(.usageEmpty, "the usage holds no records for these workspaces",
                                            hint: "name the days with --since and --until"))
                }
                let first = since ?? last.adding(days: -29)
                // The month's cost so far, as `tenancy billing` has it.
                let statement = try inputs.bills(for: last.month, through: last)
                let costs = Dictionary(uniqueKeysWithValues: statement.bills.map { ($0.workspace, $0) })
                let report = UsageReport(inputs.workspaces.map(\.name), usage: inputs.usage, since: first, until: last, costs: costs)
                switch arguments.format {
                case .json: context.console.writeOut(UsageReportRenderer.json(report, basis: inputs.basis).canonicalText())
                default: context.console.writeOut(UsageReportRenderer.text(report, basis: inputs.basis))
                }
                return .success
            }
        }
    )
}
