import TenancyAnswers
import TenancyEngine
import TenancyJSON

/// Who gets which event: each workspace's `notifications` and the organization's, which apply to
/// every workspace (and alone to the organization's own events). An event nobody subscribed is
/// not sent.
package struct Subscriptions: Sendable {
    package let organization: String?
    package let organizationRoutes: [NotificationRoute]
    private let workspaceRoutes: [String: [NotificationRoute]]

    package init(organization: String?, organizationRoutes: [NotificationRoute], workspaces: [WorkspaceSettings]) {
        self.organization = organization
        self.organizationRoutes = organizationRoutes
        workspaceRoutes = Dictionary(workspaces.map { ($0.name, $0.notifications) }, uniquingKeysWith: { first, _ in first })
    }

    /// From the applied state: the organization's routes read from its resource, the workspaces'
    /// from their settings (already read for the answers).
    package init(state: State, workspaces: [WorkspaceSettings]) {
        let organization = state.resources.first { $0.key.kind == .organization }
        self.init(organization: organization?.key.name,
                  organizationRoutes: NotificationRoute.list(organization?.value.resource.attributes["spec"]?["notifications"]),
                  workspaces: workspaces)
    }

    /// The routes of `event` for `workspace` (nil: the organization's own event), each integration
    /// and percent once.
    package func routes(_ event: EventName, workspace: String?) -> [NotificationRoute] {
        let own = workspace.map { workspaceRoutes[$0] ?? [] } ?? []
        var seen = Set<NotificationRoute>()
        return (own + organizationRoutes).filter { $0.event == event.rawValue && seen.insert($0).inserted }
    }

    /// Whether anyone subscribed to any of `events` (a run with none reads no usage it need not).
    package func any(of events: Set<EventName>) -> Bool {
        organizationRoutes.contains { EventName(rawValue: $0.event).map(events.contains) ?? false }
            || workspaceRoutes.values.contains { $0.contains { EventName(rawValue: $0.event).map(events.contains) ?? false } }
    }
}

/// An event due for one integration.
package struct DueEvent: Sendable {
    package let event: NotificationEvent
    package let integration: String
    /// Sent before and failed (or refused under older settings): tried again as recorded.
    package let isRetry: Bool
    /// A retry's message: the idempotency key it was sent under, whose events go again together.
    package let message: String?

    package init(event: NotificationEvent, integration: String, isRetry: Bool, message: String? = nil) {
        self.event = event
        self.integration = integration
        self.isRetry = isRetry
        self.message = message
    }
}
