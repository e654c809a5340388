import Foundation
import TenancyAnswers
import TenancyDiagnostics
import TenancyEngine
import TenancyJSON
import TenancyNotify
import TenancySupport

/// `tenancy notify --usage PATH [--as-of DAY] [--dry-run]`: evaluates every event the
/// configuration subscribes to and delivers what is due (the cron job); `notify log` shows the
/// delivery log; `notify test INTEGRATION` sends one test message. Exit 0 everything due was
/// delivered (or nothing was due), 3 some deliveries failed or were refused (recorded; failures
/// are tried again by the next run), 1 an error (docs/notifications.md).
enum NotifyCommand {
    static let dryRun = OptionSpec.flag("dry-run", "Print what would be sent, payloads included (never a secret), and contact nobody.")
    static let retryRefused = OptionSpec.flag("retry-refused", "Also send again what receivers refused (a 4xx, a login denied), once the cause is mended outside the applied settings.")
    static let notifyFlag = OptionSpec.flag("notify", "Also deliver this command's notifications that are due (as `tenancy notify` does for them).")

    static let spec = CommandSpec(
        name: "notify", summary: "Deliver due notifications to Slack, webhooks and e-mail, once per crossing.",
        discussion: """
        Evaluates quota warnings and excesses, budget thresholds (spent and projected) and over-budget \
        per workspace against the applied state and the usage, exactly as `quota check` and `billing` \
        compute them, and sends each one due to the integrations the workspace's and the \
        organization's notifications name: one message per integration, each crossing once (the \
        delivery log, kept by the state's backend, says what was sent). Deliveries that failed are \
        tried again. Exit codes: 0 delivered or nothing due, 3 some failed or were refused, 1 an error.
        """,
        options: [RuntimeOptions.usage(required: true), RuntimeOptions.asOf.spec, dryRun, retryRefused, Options.format([.text, .json]),
                  Options.lockTimeout, Options.dir],
        subcommands: [log, test],
        environment: Options.backendEnvironment,
        examples: ["tenancy notify --usage usage/ --dry-run", "*/5 * * * * cd /srv/acme && tenancy notify --usage /data/usage --lock-timeout 5m"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let inputs = try RuntimeOptions.inputs(arguments, context)
                // Each answer only when someone listens to its events (the bills of 10,000
                // workspaces cost a second).
                let subscriptions = Subscriptions(state: inputs.state, workspaces: inputs.workspaces)
                let quota = subscriptions.any(of: [.quotaWarning, .quotaExceeded]) ? QuotaCheck(settings: inputs.workspaces, usage: inputs.usage) : nil
                var bills: BillingStatement?
                if subscriptions.any(of: [.billingThreshold, .billingOverBudget]),
                   let month = (arguments[RuntimeOptions.asOf] ?? inputs.usage.lastDay)?.month {
                    let through = BillingCalculator.through(month, now: arguments[RuntimeOptions.asOf] ?? inputs.usage.lastDay)
                    bills = try inputs.bills(for: month, through: through)
                }
                context.timer.lap("evaluate")
                let report = try Notifier.run(inputs, scope: Notifier.runtimeScope, quota: quota, bills: bills,
                                              dryRun: arguments.isSet(dryRun), lockTimeout: arguments.lockTimeout,
                                              retryRefused: arguments.isSet(retryRefused))
                return try finish(report, arguments, context)
            }
        }
    )

    /// `--notify` on `quota check` and `billing`: their own events delivered after the answer
    /// (said on standard error, so that the answer's format stays what it was).
    static func deliver(_ inputs: RuntimeInputs, scope: Set<EventName>, quota: QuotaCheck?, bills: BillingStatement?,
                        _ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        let report = try Notifier.run(inputs, scope: scope, quota: quota, bills: bills, dryRun: false, lockTimeout: arguments.lockTimeout)
        context.console.writeError(NotifyRenderer.text(report))
        if let failure = report.recordFailure { throw RunFailure(failure) }
        return report.failed + report.refused > 0 ? .warning : .success
    }

    /// A `security.alert` for what the command just did by hand, to the organization's
    /// subscribers. Never fails the command: a delivery that fails is recorded for the next
    /// `tenancy notify` and said as a warning.
    /// `before`: the applied state before the command changed it (its subscribers are told too).
    static func alert(_ occurrence: SecurityEvents.Occurrence, _ session: Session, _ context: CommandContext, before: State? = nil) {
        guard context.cancellation.requested == nil else { return }
        do throws(RunFailure) {
            let state = try session.readState()
            let report = try Notifier.security(occurrence, session: session, states: [before, state], lockTimeout: 5)
            guard !report.deliveries.isEmpty || report.queued > 0 else { return }
            context.console.writeOut(NotifyRenderer.text(report))
            if let failure = report.recordFailure {
                context.report(Diagnostics([.warning(.notifyNotSent, "the security alert's delivery could not be recorded: \(failure.summary)")]))
            }
        } catch {
            context.report(Diagnostics([.warning(.notifyNotSent, "the security alert was not sent: "
                                                 + (error.diagnostics.first?.summary ?? "the delivery log could not be used"),
                                                 detail: "What the command did stands; nothing of it depends on its notifications.")]))
        }
    }

    /// Prints the report and returns its exit code.
    static func finish(_ report: NotificationRun.Report, _ arguments: ParsedArguments, _ context: CommandContext) throws(RunFailure) -> ExitCode {
        switch arguments.format {
        case .json: context.console.writeOut(NotifyRenderer.json(report).canonicalText())
        default: context.console.writeOut(NotifyRenderer.text(report))
        }
        if report.unreadableRecords > 0 {
            context.report(Diagnostics([.warning(.notifyLogUnreadable, "\(report.unreadableRecords) line(s) of the delivery log are not records this version reads",
                                                 detail: "They are kept, and their events may be sent again.",
                                                 hint: "a newer Tenancy wrote them, or the log was edited by hand")]))
        }
        if let failure = report.recordFailure { throw RunFailure(failure) }
        if let stop = context.cancellation.requested { throw .stopped(stop, applied: false) }
        return report.failed + report.refused > 0 ? .warning : .success
    }

    static let limit = OptionSpec.option("limit", "N", "Show at most this many deliveries, newest first (default 50).", check: { text in
        guard let n = Int(text), n > 0 else { return .error(.cliUsage, "`\(text)` is not a positive count", hint: "for example --limit 200") }
        return nil
    })

    static let everyAttempt = OptionSpec.flag("all", "Every record, each attempt and pending mark (default: the latest outcome of each delivery).")

    static let log = CommandSpec(
        name: "log", summary: "The delivery log: each event sent, to which integration, and how the receiver answered.",
        options: [limit, everyAttempt, Options.format([.text, .json]), Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy notify log", "tenancy notify log --format json --limit 500"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let session = try context.session(arguments.dir)
                guard let journal = session.backend.journal(NotificationRun.journalName) else { return .success }
                let history: DeliveryHistory
                do throws(StateError) { history = DeliveryHistory(lines: try journal.records()) } catch { throw RunFailure(error) }
                let count = arguments[limit].flatMap { Int($0) } ?? 50
                let records = Array((arguments.isSet(everyAttempt) ? history.records : history.current).reversed().prefix(count))
                switch arguments.format {
                case .json: context.console.writeOut(JSON.object(["deliveries": .array(records.map(\.json)),
                                                                  "total": .int(history.records.count)]).canonicalText())
                default: context.console.writeOut(NotifyRenderer.log(records, total: history.records.count, location: journal.location))
                }
                return .success
            }
        }
    )

    static let test = CommandSpec(
        name: "test", summary: "Send one test message to an integration and say how it answered.",
        arguments: [ArgumentSpec(name: "INTEGRATION", help: "The applied Slack, webhook or e-mail integration.", variadic: false, optional: false)],
        options: [Options.format([.text, .json]), Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy notify test slack-eng"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let name = arguments.positional(0) ?? ""
                let session = try context.session(arguments.dir)
                guard let state = try AppliedState(session).state() else {
                    throw RunFailure(.error(.runtimeNoState, "nothing has been applied yet: there is no integration to test", hint: "run `tenancy apply` first"))
                }
                let receivers = Receiver.all(in: state)
                guard let receiver = receivers[name] else {
                    let known = receivers.keys.sorted()
                    throw RunFailure(.error(.notifyUnknownIntegration, "no Slack, webhook or e-mail integration named `\(name)` is applied",
                                            hint: Suggestion.closest(to: name, in: known).map { "did you mean `\($0)`?" }
                                                ?? (known.isEmpty ? "apply one first" : "one of: " + known.joined(separator: ", "))))
                }
                let now = session.environment.now()
                let time = ISO8601DateFormatter().string(from: now)
                let event = NotificationEvent(name: .test, workspace: nil, series: "tenancy.test/\(name)", period: time,
                                              title: "Test message from Tenancy to \(name)", occurred: time,
                                              data: .object(["actor": .string(session.environment.actor)]))
                let organization = state.resources.keys.first { $0.kind == .organization }?.name
                let run = NotificationRun(receivers: receivers, subscriptions: Subscriptions(organization: organization, organizationRoutes: [], workspaces: []))
                let courier = Courier(secrets: session.secretSource, root: session.root, cancellation: context.cancellation,
                                      clock: session.environment.now)
                let report = run.deliver([Message(integration: name, events: [event], organization: organization)], courier: courier,
                                         journal: nil, cancellation: context.cancellation)
                _ = receiver
                return try finish(report, arguments, context)
            }
        }
    )
}
