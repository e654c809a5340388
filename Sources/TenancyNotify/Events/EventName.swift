/// The events a workspace or the organization may route to an integration (`notifications`).
/// Tenancy raises and delivers all but `execution.*`, which are the platform's own: Tenancy
/// publishes those subscriptions in the export for the platform to deliver (docs/notifications.md).
package enum EventName: String, CaseIterable, Sendable, Comparable {
    case quotaWarning = "quota.warning"
    case quotaExceeded = "quota.exceeded"
    case billingThreshold = "billing.threshold"
    case billingOverBudget = "billing.over-budget"
    case securityAlert = "security.alert"
    case applied = "tenancy.applied"
    case driftDetected = "drift.detected"
    case executionFailed = "execution.failed"
    case executionSucceeded = "execution.succeeded"
    /// `tenancy notify test`: a message that says only that the integration works (never routed).
    case test = "tenancy.test"

    /// Whether Tenancy delivers it (the platform delivers `execution.*`).
    package var isDeliveredByTenancy: Bool { self != .executionFailed && self != .executionSucceeded && self != .test }

    package static func < (a: EventName, b: EventName) -> Bool { a.rawValue < b.rawValue }
}
