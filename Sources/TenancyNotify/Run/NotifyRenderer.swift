import Foundation
import TenancyJSON
import TenancySupport

/// A run's deliveries and the delivery log, as text for people and JSON for scripts. Neither
/// ever holds a secret: receivers are described without their secret URLs, and a dry run's
/// payloads are the bodies as sent, which carry none (a webhook's signature is left out).
package enum NotifyRenderer {
    package static func text(_ report: NotificationRun.Report) -> String {
        if report.queued > 0 {
            return "Queued \(Format.count(report.queued, "notification")) for the next `tenancy notify`: another run holds the delivery log.\n"
        }
        if report.deliveries.isEmpty { return "Nothing to notify: no event is due.\n" }
        var out = ""
        if report.dryRun {
            out += "Dry run: \(Format.count(report.deliveries.count, "message")) (\(Format.count(report.events, "event"))) would be sent; nobody was contacted.\n"
            for delivery in report.deliveries {
                let message = delivery.message
                out += "\n\(message.integration): \(delivery.receiver?.description ?? "not an applied Slack, webhook or e-mail integration")"
                    + " — \(Format.count(message.events.count, "event")), idempotency key \(message.idempotencyKey)\n"
                for event in message.events { out += "  \(event.name.rawValue)\(event.phase == .resolved ? " (resolved)" : "")  \(event.title)\n" }
                if let receiver = delivery.receiver { out += "  payload:\n" + indented(payload(message, receiver)) }
            }
            return out
        }
        for delivery in report.deliveries {
            let message = delivery.message
            let outcome = delivery.result?.outcome.rawValue ?? (delivery.problem == nil ? "not sent" : "failed")
            out += "\(outcome.padding(toLength: 10, withPad: " ", startingAt: 0)) \(message.integration)"
                + " (\(delivery.receiver?.description ?? "no such integration")): \(Format.count(message.events.count, "event"))"
            if let result = delivery.result {
                let status = result.status.map { "answered \($0), " } ?? ""
                out += " — \(status)\(Format.count(result.attempts, "attempt")), \(Format.fixed(result.seconds, digits: 1)) s"
                if let reason = result.reason, result.outcome != .delivered { out += "\n           \(reason)" }
                switch result.outcome {
                case .failed where report.recorded: out += "\n           recorded as failed: the next run tries again"
                case .refused where report.recorded: out += "\n           recorded as refused: tried again once the integration's settings change (or with --retry-refused)"
                default: break
                }
            } else if let problem = delivery.problem {
                out += "\n           \(problem)"
            } else {
                out += " — stopped before it was sent"
            }
            out += "\n"
        }
        out += "\nNotifications: \(Format.count(report.events, "event")) in \(Format.count(report.deliveries.count, "message")): "
            + "\(report.delivered) delivered, \(report.failed) failed, \(report.refused) refused.\n"
        return out
    }

    /// The body a message is sent with: Slack's payload, the webhook's JSON (unsigned here), the
    /// e-mail's text.
    package static func payload(_ message: Message, _ receiver: Receiver) -> String {
        switch receiver.kind {
        case .slack: return String(decoding: message.slackBody(), as: UTF8.self)
        case .webhook: return String(decoding: message.webhookBody(sentAt: "<time of sending>"), as: UTF8.self)
        case let .email(email):
            return String(decoding: message.email(from: email.from, to: email.addresses, date: Date()), as: UTF8.self)
                .replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    package static func json(_ report: NotificationRun.Report) -> JSON {
        .object([
            "dry_run": .bool(report.dryRun),
            "messages": .array(report.deliveries.map { delivery in
                var members: [String: JSON] = [
                    "integration": .string(delivery.message.integration), "idempotency_key": .string(delivery.message.idempotencyKey),
                    "events": .array(delivery.message.events.map(\.json)),
                ]
                if let receiver = delivery.receiver {
                    members["receiver"] = .string(receiver.description)
                    if report.dryRun { members["payload"] = .string(payload(delivery.message, receiver)) }
                }
                if let result = delivery.result {
                    members["outcome"] = .string(result.outcome.rawValue)
                    members["attempts"] = .int(result.attempts)
                    if let status = result.status { members["status"] = .int(status) }
                    if let reason = result.reason { members["reason"] = .string(reason) }
                }
                if let problem = delivery.problem {
                    members["outcome"] = .string("failed")
                    members["reason"] = .string(problem)
                }
                return .object(members)
            }),
            "summary": .object(["events": .int(report.events), "messages": .int(report.deliveries.count), "delivered": .int(report.delivered),
                                "failed": .int(report.failed), "refused": .int(report.refused)]),
        ])
    }

    /// `tenancy notify log`: newest first.
    package static func log(_ records: [DeliveryRecord], total: Int, location: String) -> String {
        if records.isEmpty { return "The delivery log at \(location) is empty: nothing has been sent.\n" }
        var rows: [[String]] = [["TIME", "OUTCOME", "INTEGRATION", "EVENT", "WORKSPACE", "ANSWER"]]
        for record in records {
            let answer = [record.status.map(String.init), record.reason].compactMap { $0 }.joined(separator: ": ")
            rows.append([record.time, record.outcome.rawValue, record.integration,
                         record.name.rawValue + (record.phase == .resolved ? " (resolved)" : ""),
                         record.workspace ?? "-", answer.isEmpty ? "-" : Message.oneLine(answer)])
        }
        var out = Table.render(rows)
        out += "\n\(records.count) of \(Format.count(total, "delivery", plural: "deliveries")) in \(location), newest first.\n"
        return out
    }
}
