/// How hard one run tries a receiver (docs/notifications.md states these numbers): each request
/// may take 10 s; a message is tried three times, 1 s and then 3 s apart (longer when the receiver
/// asks with Retry-After), within 30 s in all; then it is recorded as failed and the next run
/// tries again, for 7 days. A receiver (host and port) that let a request time out is not tried
/// again in the same run: a hung host costs a run 30 s, however many messages are for it. Sends
/// to one Slack host are at least a second apart (Slack's incoming webhooks take about one message
/// a second).
package struct DeliveryPolicy: Sendable {
    package var requestTimeout: Double = 10
    package var attempts = 3
    package var backoff: [Double] = [1, 3]
    package var budget: Double = 30
    package var slackSpacing: Double = 1
    /// How long a failed delivery is tried again by later runs, in seconds.
    package var retryFor: Double = 7 * 86_400

    package init() {}
}

/// How a receiver took a message.
package enum DeliveryOutcome: String, Sendable {
    /// Accepted (2xx; the SMTP server's 250).
    case delivered
    /// Not accepted this time (5xx, 429, a timeout, a refused connection, a secret that cannot be
    /// read): the next run tries again.
    case failed
    /// Refused (another 4xx, an SMTP login denied or a recipient refused): reported, and tried
    /// again only once the integration's settings change.
    case refused
    /// Recorded before sending by a run that must not lose the event if it dies (an apply's
    /// `tenancy.applied`): until its outcome follows, the next run sends it.
    case pending
}

/// One delivery's result: how it ended, after how many attempts, what the receiver last said.
package struct DeliveryResult: Sendable {
    package let outcome: DeliveryOutcome
    package let attempts: Int
    /// The HTTP status or SMTP reply code last received (nil: no answer).
    package let status: Int?
    /// Why it failed or was refused, in words, without a secret.
    package let reason: String?
    /// Seconds the attempts took.
    package let seconds: Double
}
