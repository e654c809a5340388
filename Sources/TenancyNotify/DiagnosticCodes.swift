import TenancyDiagnostics

/// Codes of the notifications.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: Notifications

    /// `tenancy notify test` names an integration the applied state does not hold as a Slack, webhook or e-mail one.
    package static let notifyUnknownIntegration: Self = "notify.unknown-integration"
    /// Lines of the delivery log this version cannot read (a newer version's, or edited by hand): kept, and their events may be sent again.
    package static let notifyLogUnreadable: Self = "notify.log-unreadable"
    /// An apply's `tenancy.applied` notifications could not be sent or recorded (the delivery log busy or unwritable): the apply stands; said as a warning.
    package static let notifyNotSent: Self = "notify.not-sent"
}
