import TenancyJSON

/// `security.alert` for what an operator does by hand to the record Tenancy keeps, each once per
/// occurrence, to the organization's subscribers: a lock forced with `force-unlock`, a state
/// pushed, rolled back or edited (`state rm`, `state mv`) by hand, an audit chain that no longer
/// verifies.
package enum SecurityEvents {
    package enum Occurrence: Sendable {
        /// `tenancy force-unlock ID`: the lock's ID and what its holder said of itself.
        case lockForced(id: String, holder: String)
        /// `tenancy state push FILE`: the new serial, from where.
        case statePushed(serial: Int, source: String, forced: Bool)
        /// `tenancy state rollback SERIAL`: the new serial and the one restored.
        case stateRolledBack(serial: Int, restored: Int)
        /// `tenancy state rm` or `state mv`: the new serial and what was edited.
        case stateEdited(serial: Int, change: String)
        /// `tenancy audit verify` failed: where the chain breaks.
        case auditBroken(reason: String)
    }

    /// The event, and the organization's routes for it.
    package static func due(_ occurrence: Occurrence, actor: String, time: String, subscriptions: Subscriptions) -> [DueEvent] {
        let event: NotificationEvent
        switch occurrence {
        case let .lockForced(id, holder):
            event = NotificationEvent(name: .securityAlert, workspace: nil, series: "security.alert/lock-forced", period: id,
                                      title: "The state lock \(id) was forced by \(actor) (it was held by \(holder))", occurred: time,
                                      data: .object(["alert": .string("lock-forced"), "actor": .string(actor), "lock": .string(id), "holder": .string(holder)]))
        case let .statePushed(serial, source, forced):
            event = NotificationEvent(name: .securityAlert, workspace: nil, series: "security.alert/state-pushed", period: "serial-\(serial)",
                                      title: "The state was replaced by hand by \(actor): serial \(serial) from \(source)\(forced ? " (forced)" : "")",
                                      occurred: time,
                                      data: .object(["alert": .string("state-pushed"), "actor": .string(actor), "serial": .int(serial),
                                                     "source": .string(source), "forced": .bool(forced)]))
        case let .stateRolledBack(serial, restored):
            event = NotificationEvent(name: .securityAlert, workspace: nil, series: "security.alert/state-rolled-back", period: "serial-\(serial)",
                                      title: "The state was rolled back by \(actor): serial \(restored) restored as serial \(serial)", occurred: time,
                                      data: .object(["alert": .string("state-rolled-back"), "actor": .string(actor), "serial": .int(serial),
                                                     "restored": .int(restored)]))
        case let .stateEdited(serial, change):
            event = NotificationEvent(name: .securityAlert, workspace: nil, series: "security.alert/state-edited", period: "serial-\(serial)",
                                      title: "The state was edited by hand by \(actor): `\(change)` made serial \(serial)", occurred: time,
                                      data: .object(["alert": .string("state-edited"), "actor": .string(actor), "serial": .int(serial),
                                                     "change": .string(change)]))
        case let .auditBroken(reason):
            event = NotificationEvent(name: .securityAlert, workspace: nil, series: "security.alert/audit-broken", period: reason,
                                      title: "The audit log does not verify: \(reason)", occurred: time,
                                      data: .object(["alert": .string("audit-broken"), "actor": .string(actor), "reason": .string(reason)]))
        }
        return subscriptions.routes(.securityAlert, workspace: nil).map { DueEvent(event: event, integration: $0.integration, isRetry: false) }
    }
}
