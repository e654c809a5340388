import TenancyDiagnostics
import TenancyEngine
import TenancyAnswers

/// The operands and options of the commands that answer from the applied state (`quota check`,
/// `billing`, `usage report`), declared once with their checks.
enum RuntimeOptions {
    static let workspaces = ArgumentSpec(name: "WORKSPACE", help: "Workspaces to answer for (default: every applied one).",
                                         variadic: true, optional: true)

    /// `--usage`; read back with `arguments[RuntimeOptions.usage]` (the help differs, the name not).
    static let usage = usage(required: false)
    static func usage(required: Bool) -> OptionSpec {
        .option("usage", "PATH", "The platform's usage export: a JSON Lines file or a folder of *.jsonl files (docs/usage-format.md)"
                + (required ? "." : "; without it nothing is measured."))
    }

    static let asOf = TypedOption("as-of", "DAY", "Answer as of this UTC day, YYYY-MM-DD (default: the last day of the usage).",
                                  parse: Day.init, problem: { dayProblem($0, option: "--as-of") })
    static let since = TypedOption("since", "DAY", "The first day reported, YYYY-MM-DD (default: 30 days before the last).",
                                   parse: Day.init, problem: { dayProblem($0, option: "--since") })
    static let until = TypedOption("until", "DAY", "The last day reported, YYYY-MM-DD (default: the last day of the usage).",
                                   parse: Day.init, problem: { dayProblem($0, option: "--until") })
    static let period = TypedOption("period", "YYYY-MM", "The month billed (default: the month of the last usage day).",
                                    parse: Month.init, problem: { .error(.cliUsage, "`\($0)` is not a month", hint: "write --period 2026-11") })

    static func dayProblem(_ text: String, option: String) -> Diagnostic {
        .error(.cliUsage, "`\(text)` is not a day", detail: "Days are UTC calendar days written YYYY-MM-DD.",
               hint: "for example \(option) 2026-11-30")
    }

    /// The state and usage for a runtime command: usage warnings (records of workspaces the
    /// state does not hold) are printed to standard error and the answer goes on.
    static func inputs(_ arguments: ParsedArguments, _ context: CommandContext, asOf: Day? = nil, since: Day? = nil,
                       totals: Bool = false, usageRequired: Bool = true) throws(RunFailure) -> RuntimeInputs {
        let usagePath = arguments[usage]
        if usageRequired, usagePath == nil {
            throw RunFailure(.error(.cliUsage, "this command needs the platform's usage: --usage PATH",
                                    detail: "Usage is a JSON Lines file or a folder of *.jsonl files of daily records (docs/usage-format.md).",
                                    hint: "for example --usage examples/usage"))
        }
        let day = asOf ?? arguments[Self.asOf]
        let session = try context.session(arguments.dir)
        let inputs = try RuntimeInputs.gather(AppliedState(session), workspaces: arguments.positional, usagePath: usagePath, asOf: day,
                                              since: since, totals: totals, cancellation: context.cancellation)
        context.report(inputs.warnings, sources: inputs.sources)
        return inputs
    }
}
