import TenancyDiagnostics
import TenancyEngine
import TenancyAnswers
import TenancyNotify

/// `tenancy quota check [WORKSPACE…] --usage PATH [--as-of DAY]`: every quota of the applied
/// workspaces against the usage. Exit 0 all ok, 3 a warning level reached, 4 a quota exceeded
/// (the worst decides), 1 an error.
enum QuotaCommand {
    static let spec = CommandSpec(name: "quota", summary: "Check quotas against the platform's usage.", subcommands: [check])

    static let check = CommandSpec(
        name: "check", summary: "Every quota: used, limit, percent, status, and when it will be reached.",
        discussion: """
        Reads the applied state (never the unapplied manifests) and the platform's usage export \
        (docs/usage-format.md). A quota is a warning from its workspace's quota.warning notification \
        percent (80% when it has none) up to and including the limit, exceeded past it. Exit codes: \
        0 all ok, 3 a warning, 4 a quota exceeded, 1 an error.
        """,
        arguments: [RuntimeOptions.workspaces],
        options: [RuntimeOptions.usage(required: true), RuntimeOptions.asOf.spec, Options.format([.text, .json]), NotifyCommand.notifyFlag,
                  Options.lockTimeout, Options.dir],
        examples: ["tenancy quota check --usage examples/usage", "tenancy quota check engineering --usage usage/ --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let inputs = try RuntimeOptions.inputs(arguments, context)
                let check = QuotaCheck(settings: inputs.workspaces, usage: inputs.usage)
                context.timer.lap("check")
                switch arguments.format {
                case .json: QuotaCheckRenderer.writeJSON(check, basis: inputs.basis) { context.console.writeOut(bytes: $0) }
                default: QuotaCheckRenderer.writeText(check, basis: inputs.basis) { context.console.writeOut(bytes: $0) }
                }
                context.timer.lap("render")
                // Delivered after the answer, said on standard error; a delivery failure never
                // hides the answer's own exit code (the worse of the two is returned).
                let delivery = arguments.isSet(NotifyCommand.notifyFlag)
                    ? try NotifyCommand.deliver(inputs, scope: [.quotaWarning, .quotaExceeded], quota: check, bills: nil, arguments, context) : .success
                switch check.status {
                case .exceeded: return .exceeded
                case .warning: return .warning
                default: return delivery
                }
            }
        }
    )
}
