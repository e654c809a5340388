import Foundation
import TenancyEngine
import TenancyJSON
import TenancySupport

/// One run's deliveries: the events due (new ones, and those a previous run failed to deliver),
/// grouped into one message per integration, sent, and each outcome appended to the delivery log
/// as soon as its message is answered (a run stopped midway has recorded every answer it got).
package struct NotificationRun: Sendable {
    /// The delivery log's journal name.
    package static let journalName = "deliveries"

    package let receivers: [String: Receiver]
    package let subscriptions: Subscriptions
    package let policy: DeliveryPolicy

    package init(receivers: [String: Receiver], subscriptions: Subscriptions, policy: DeliveryPolicy = DeliveryPolicy()) {
        self.receivers = receivers
        self.subscriptions = subscriptions
        self.policy = policy
    }

    /// One message's fate.
    package struct Delivery: Sendable {
        package let message: Message
        /// Nil: not sent (a dry run), or no such receiver (`problem` says).
        package let receiver: Receiver?
        package let result: DeliveryResult?
        package let problem: String?
    }

    package struct Report: Sendable {
        package var deliveries: [Delivery] = []
        /// Log lines that could not be read (a newer version's, or damaged).
        package var unreadableRecords = 0
        package var dryRun = false
        /// Recording an outcome failed (the log could not be written): said, exit 1.
        package var recordFailure: StateError?
        /// Events recorded as pending for the next run, not sent (the log was busy).
        package var queued = 0
        /// Whether outcomes were recorded in the log (not for `notify test`).
        package var recorded = true

        package var failed: Int { deliveries.filter { $0.result?.outcome == .failed || $0.problem != nil }.count }
        package var refused: Int { deliveries.filter { $0.result?.outcome == .refused }.count }
        package var delivered: Int { deliveries.filter { $0.result?.outcome == .delivered }.count }
        package var events: Int { deliveries.reduce(0) { $0 + $1.message.events.count } }
    }

    /// What a previous run did not deliver and is to be tried again: a failure younger than the
    /// policy's retry window, or a refusal under settings that have changed since, as long as the
    /// event is still routed to that integration. `scope`: the events this run deals with.
    /// `retryRefused`: refusals are tried again this run too (`notify --retry-refused`, once the
    /// cause outside the applied settings is mended: a secret, the receiver).
    package func retries(_ history: DeliveryHistory, scope: Set<EventName>, now: Date, retryRefused: Bool = false) -> [DueEvent] {
        let formatter = ISO8601DateFormatter()
        return history.current.compactMap { record in
            guard scope.contains(record.name), record.outcome != .delivered else { return nil }
            guard subscriptions.routes(record.name, workspace: record.workspace).contains(where: { $0.integration == record.integration })
                    || record.name == .applied || record.name == .securityAlert else { return nil }
            guard let receiver = receivers[record.integration] else { return nil }
            switch record.outcome {
            case .failed, .pending:
                // Seven days from the first attempt, not the last: a dead receiver is not tried forever.
                let first = history.firstAttempt(key: record.key, integration: record.integration) ?? record.time
                guard let time = formatter.date(from: first), now.timeIntervalSince(time) < policy.retryFor else { return nil }
            case .refused:
                guard retryRefused || receiver.fingerprint != record.fingerprint else { return nil }
            case .delivered:
                return nil
            }
            return DueEvent(event: record.event, integration: record.integration, isRetry: true, message: record.message)
        }
    }

    /// The messages for `due`: the new events in one message per integration; the events sent
    /// before, in the messages they were sent in (so that a message sent again carries the same
    /// idempotency key, and the receiver can drop it). Each event once.
    package func messages(_ due: [DueEvent]) -> [Message] {
        var groups: [String: (integration: String, events: [NotificationEvent])] = [:]
        var seen = Set<String>()
        for item in due where seen.insert(item.event.key + "\u{0}" + item.integration).inserted {
            let group = item.integration + "\u{0}" + (item.message ?? "")
            groups[group, default: (item.integration, [])].events.append(item.event)
        }
        return groups.keys.sorted().compactMap { group in
            groups[group].map { Message(integration: $0.integration, events: $0.events, organization: subscriptions.organization) }
        }
    }

    /// Sends every message in turn and records each outcome in `journal` as it comes (nil: a dry
    /// run, nothing sent or recorded). Stops early, having recorded what was answered, when a stop
    /// is requested.
    package func deliver(_ messages: [Message], courier: Courier?, journal: (any Journal)?, cancellation: Cancellation?,
                         now: @Sendable () -> Date = { Date() }) -> Report {
        var report = Report()
        report.dryRun = courier == nil
        report.recorded = journal != nil
        for message in messages {
            let receiver = receivers[message.integration]
            guard let courier, cancellation?.requested == nil else {
                report.deliveries.append(Delivery(message: message, receiver: receiver, result: nil,
                                                  problem: receiver == nil ? "no Slack, webhook or e-mail integration named \(message.integration) is applied" : nil))
                continue
            }
            guard let receiver else {
                report.deliveries.append(Delivery(message: message, receiver: nil, result: nil,
                                                  problem: "no Slack, webhook or e-mail integration named \(message.integration) is applied"))
                continue
            }
            let result = courier.deliver(message, to: receiver)
            report.deliveries.append(Delivery(message: message, receiver: receiver, result: result, problem: nil))
            let time = ISO8601DateFormatter().string(from: now())
            let records = message.events.map { event in
                DeliveryRecord(event: event, integration: message.integration, outcome: result.outcome, attempts: result.attempts,
                               status: result.status, reason: result.reason, time: time, message: message.idempotencyKey,
                               fingerprint: receiver.fingerprint).line
            }
            if let journal {
                do throws(StateError) {
                    try journal.append(records)
                } catch {
                    // What cannot be recorded would be sent again by every run: nothing more is
                    // sent until the log can be written.
                    report.recordFailure = error
                    break
                }
            }
        }
        return report
    }
}
