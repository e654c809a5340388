import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyAnswers
import TenancyNotify

/// `tenancy billing [WORKSPACE…] --usage PATH [--period YYYY-MM] [--as-of DAY]`: the period's
/// cost so far and projected, by service, with budget thresholds and the organization's totals.
/// Exit 0, 3 a budget alert threshold crossed, 4 over budget, 1 an error.
enum BillingCommand {
    static let spec = CommandSpec(
        name: "billing", summary: "The period's cost so far and projected, by service, with budget alerts.",
        discussion: """
        Reads the applied state and the platform's usage export. Each day is billed at the settings \
        applied last on or before it (a tier change mid-month is prorated by day); amounts are exact \
        decimals, each line rounded half away from zero to the currency's minor unit (docs/billing.md). \
        Exit codes: 0, 3 a budget alert threshold crossed, 4 over budget, 1 an error.
        """,
        arguments: [RuntimeOptions.workspaces],
        options: [RuntimeOptions.usage(required: true), RuntimeOptions.period.spec, RuntimeOptions.asOf.spec,
                  Options.format([.text, .json]), NotifyCommand.notifyFlag, Options.lockTimeout, Options.dir],
        examples: ["tenancy billing --usage examples/usage", "tenancy billing payments --usage usage/ --period 2026-11 --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let asOf = arguments[RuntimeOptions.asOf]
                let period = arguments[RuntimeOptions.period]
                // A past period is read up to its last day, so that its days are the ones kept.
                let until = period.map { p in asOf.map { min($0, p.last) } ?? p.last }
                let inputs = try RuntimeOptions.inputs(arguments, context, asOf: until ?? asOf)
                guard let billed = period ?? inputs.usage.now?.month else {
                    throw RunFailure(.error(.usageEmpty, "the usage holds no records for these workspaces, so there is no period to bill",
                                            hint: "name the month with --period YYYY-MM"))
                }
                // Now is --as-of, else the last usage day; billed through it, within the period.
                let through = BillingCalculator.through(billed, now: asOf ?? inputs.usage.lastDay)
                let statement = try inputs.bills(for: billed, through: through)
                context.timer.lap("bills")
                let basis = inputs.basis.answering(asOf: asOf ?? inputs.usage.lastDay, given: asOf != nil)
                switch arguments.format {
                case .json: BillingRenderer.writeJSON(statement, basis: basis) { context.console.writeOut(bytes: $0) }
                default: BillingRenderer.writeText(statement, basis: basis) { context.console.writeOut(bytes: $0) }
                }
                context.timer.lap("render")
                let delivery = arguments.isSet(NotifyCommand.notifyFlag)
                    ? try NotifyCommand.deliver(inputs, scope: [.billingThreshold, .billingOverBudget], quota: nil, bills: statement, arguments, context)
                    : .success
                switch BillingRenderer.result(statement) {
                case .ok: return delivery
                case .threshold: return .warning
                case .overBudget: return .exceeded
                }
            }
        }
    )
}
