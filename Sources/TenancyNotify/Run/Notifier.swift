import Foundation
import TenancyAnswers
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport

/// What the commands call: the events due in a scope evaluated against the delivery log, and
/// delivered under the log's lock (a dry run reads the log without it and sends nothing).
package enum Notifier {
    /// Quota and billing events (and retries of every event) as `tenancy notify` sends them.
    package static let runtimeScope: Set<EventName> = [.quotaWarning, .quotaExceeded, .billingThreshold, .billingOverBudget, .applied, .securityAlert]

    /// Evaluates and delivers the runtime events of `scope` from the answers given.
    package static func run(_ inputs: RuntimeInputs, scope: Set<EventName>, quota: QuotaCheck?, bills: BillingStatement?,
                            dryRun: Bool, lockTimeout: Double, retryRefused: Bool = false,
                            policy: DeliveryPolicy = DeliveryPolicy()) throws(RunFailure) -> NotificationRun.Report {
        let session = inputs.session
        let subscriptions = Subscriptions(state: inputs.state, workspaces: inputs.workspaces)
        let run = NotificationRun(receivers: Receiver.all(in: inputs.state), subscriptions: subscriptions, policy: policy)
        let state = inputs.state
        let evaluate = { (history: DeliveryHistory) -> (messages: [Message], marks: [String]) in
            var due: [DueEvent] = []
            var marks: [String] = []
            if let quota { due += QuotaEvents.due(quota, subscriptions: subscriptions, history: history) }
            if let bills { due += BillingEvents.due(bills, subscriptions: subscriptions, history: history) }
            // Mandatory rules on the applied state: once per serial, and only when anyone listens.
            let mark = ComplianceEvents.mark(serial: state.serial, lineage: state.lineage)
            if scope.contains(.securityAlert), subscriptions.any(of: [.securityAlert]), !history.marks.contains(mark),
               let report = appliedCompliance(session) {
                let time = ISO8601DateFormatter().string(from: session.environment.now())
                due += ComplianceEvents.due(report, serial: state.serial, time: time, subscriptions: subscriptions, history: history)
                marks.append(mark)
            }
            due += run.retries(history, scope: scope, now: session.environment.now(), retryRefused: retryRefused)
            return (run.messages(due), marks)
        }
        return try deliver(session, run: run, dryRun: dryRun, lockTimeout: lockTimeout, renames: inputs.aliases, evaluate)
    }

    /// The compliance report of the applied state: the checkout's, when it is exactly what the
    /// state's serial was applied from; nil otherwise (a checkout ahead of the state, or one that
    /// does not load), so that the next run, on the applied checkout, evaluates it.
    static func appliedCompliance(_ session: Session) -> ComplianceReport? {
        guard case let .success(frameworks) = ComplianceFramework.builtIn,
              let inputs = try? ComplianceInputs.gather(AppliedState(session), workspaces: []),
              inputs.basis.applied == .matches else { return nil }
        return ComplianceEvaluation.report(inputs.configuration, frameworks: frameworks, workspaces: [], basis: inputs.basis)
    }

    /// `tenancy.applied` for the serial just applied, after the commit and outside the state's
    /// lock. Before anything is sent, each event is recorded as not yet delivered, so that a run
    /// killed while sending leaves them to the next `tenancy notify`.
    package static func applied(_ session: Session, plan: Plan, state: State, commit: String?, lockTimeout: Double,
                                policy: DeliveryPolicy = DeliveryPolicy()) throws(RunFailure) -> NotificationRun.Report {
        let subscriptions = Subscriptions(state: state, workspaces: Array(WorkspaceSettings.all(in: state).values))
        let time = ISO8601DateFormatter().string(from: session.environment.now())
        let due = AppliedEvents.due(plan, serial: state.serial, actor: session.environment.actor, commit: commit, time: time,
                                    subscriptions: subscriptions)
        let run = NotificationRun(receivers: Receiver.all(in: state), subscriptions: subscriptions, policy: policy)
        guard !due.isEmpty else { return NotificationRun.Report() }
        return try deliverOrQueue(session, run: run, messages: run.messages(due), lockTimeout: lockTimeout) { _ in (run.messages(due), []) }
    }

    /// Sends an event of the moment (an apply's, a security alert) under the log's lock; when
    /// another run holds the lock past `lockTimeout` (a cron run waiting on a slow receiver), the
    /// events are queued instead: appended as pending without the lock (an append is one write of
    /// whole lines locally, and a compare-and-swap of new keys in etcd), for the next `tenancy
    /// notify` to send. Nothing of the moment is lost to a busy log.
    static func deliverOrQueue(_ session: Session, run: NotificationRun, messages: [Message], lockTimeout: Double,
                               _ evaluate: (DeliveryHistory) -> (messages: [Message], marks: [String])) throws(RunFailure) -> NotificationRun.Report {
        do {
            return try deliver(session, run: run, dryRun: false, lockTimeout: lockTimeout, pending: true, evaluate)
        } catch {
            guard error.diagnostics.contains(where: { $0.code == .stateLocked }),
                  let journal = session.backend.journal(NotificationRun.journalName) else { throw error }
            let lines = pendingLines(messages, run: run, time: ISO8601DateFormatter().string(from: session.environment.now()),
                                     reason: "queued: another run held the delivery log; the next `tenancy notify` sends it")
            var attempt = 0
            while true {
                do throws(StateError) {
                    try journal.append(lines)
                    break
                } catch {
                    // etcd: another writer took the next sequence meanwhile; the next one is free.
                    attempt += 1
                    guard case .stale = error, attempt < 5 else { throw RunFailure(error) }
                }
            }
            var report = NotificationRun.Report()
            report.queued = messages.reduce(0) { $0 + $1.events.count }
            return report
        }
    }

    /// Each event of `messages` as a pending record: sent by the next run unless this one does.
    static func pendingLines(_ messages: [Message], run: NotificationRun, time: String, reason: String) -> [[UInt8]] {
        messages.flatMap { message in
            message.events.map { event in
                DeliveryRecord(event: event, integration: message.integration, outcome: .pending, attempts: 0, status: nil,
                               reason: reason, time: time, message: message.idempotencyKey,
                               fingerprint: run.receivers[message.integration]?.fingerprint ?? "").line
            }
        }
    }

    /// A `security.alert` for something done by hand (`SecurityEvents`), sent at once to the
    /// organization's subscribers, recorded first as pending like an apply's summary. `state`: the
    /// applied state whose routes and integrations apply (nil: nothing is applied, nothing sent).
    /// `states`: the applied states before and after the change (either may be nil). The alert
    /// goes to whoever subscribed in either — an edit must not silence its own alert by removing
    /// the routes or the integrations first.
    package static func security(_ occurrence: SecurityEvents.Occurrence, session: Session, states: [State?], lockTimeout: Double,
                                 policy: DeliveryPolicy = DeliveryPolicy()) throws(RunFailure) -> NotificationRun.Report {
        let known = states.compactMap { $0 }
        guard !known.isEmpty else { return NotificationRun.Report() }
        let all = known.map { Subscriptions(state: $0, workspaces: []) }
        let subscriptions = Subscriptions(organization: all.compactMap(\.organization).last,
                                          organizationRoutes: all.flatMap(\.organizationRoutes), workspaces: [])
        var receivers: [String: Receiver] = [:]
        for state in known { receivers.merge(Receiver.all(in: state)) { _, newer in newer } }
        let time = ISO8601DateFormatter().string(from: session.environment.now())
        let due = SecurityEvents.due(occurrence, actor: session.environment.actor, time: time, subscriptions: subscriptions)
        guard !due.isEmpty else { return NotificationRun.Report() }
        let run = NotificationRun(receivers: receivers, subscriptions: subscriptions, policy: policy)
        return try deliverOrQueue(session, run: run, messages: run.messages(due), lockTimeout: lockTimeout) { history in
            (run.messages(due.filter { history.latest(key: $0.event.key, integration: $0.integration) == nil }), [])
        }
    }

    /// Reads the log, evaluates, sends and records.
    static func deliver(_ session: Session, run: NotificationRun, dryRun: Bool, lockTimeout: Double, pending: Bool = false,
                        renames: [String: String] = [:], _ evaluate: (DeliveryHistory) -> (messages: [Message], marks: [String])) throws(RunFailure) -> NotificationRun.Report {
        let environment = session.environment
        if dryRun {
            guard let journal = session.backend.journal(NotificationRun.journalName) else { return NotificationRun.Report(dryRun: true) }
            let history: DeliveryHistory
            do throws(StateError) { history = DeliveryHistory(lines: try journal.records(), renames: renames) } catch { throw RunFailure(error) }
            var report = run.deliver(evaluate(history).messages, courier: nil, journal: nil, cancellation: nil)
            report.unreadableRecords = history.unreadable
            return report
        }
        return try session.withJournal(NotificationRun.journalName, operation: "notify", timeout: lockTimeout) { (journal) throws(RunFailure) in
            let lines: [[UInt8]]
            do throws(StateError) { lines = try journal.records() } catch { throw RunFailure(error) }
            environment.phaseEnded("read the delivery log")
            let history = DeliveryHistory(lines: lines, renames: renames)
            environment.phaseEnded("delivery history (\(history.records.count) records)")
            // A log that has grown with records nobody consults again is rewritten without them.
            if let kept = history.compacted(now: environment.now()) {
                do throws(StateError) { try journal.replace(first: lines.count, with: kept) } catch { throw RunFailure(error) }
                environment.phaseEnded("compact the delivery log")
            }
            let (messages, marks) = evaluate(history)
            environment.phaseEnded("events due")
            if pending {
                let lines = pendingLines(messages, run: run, time: ISO8601DateFormatter().string(from: environment.now()),
                                         reason: "not sent yet (the run that raised it was to send it)")
                do throws(StateError) { try journal.append(lines) } catch { throw RunFailure(error) }
            }
            let courier = Courier(policy: run.policy, secrets: session.secretSource, root: session.root,
                                  cancellation: environment.cancellation, clock: environment.now)
            var report = run.deliver(messages, courier: courier, journal: journal, cancellation: environment.cancellation, now: environment.now)
            report.unreadableRecords = history.unreadable
            // Marked once every message was answered (a run stopped midway evaluates again).
            if !marks.isEmpty, environment.cancellation.requested == nil, report.recordFailure == nil {
                do throws(StateError) { try journal.append(marks.map(DeliveryHistory.markLine)) } catch { report.recordFailure = error }
            }
            return report
        }
    }
}
