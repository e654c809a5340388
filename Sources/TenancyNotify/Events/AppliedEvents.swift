import TenancyEngine
import TenancyJSON

/// `tenancy.applied`: an apply's summary (serial, actor, commit, counts, the changes) to each
/// workspace it changed, once per serial; the changes to the organization's other resources
/// (teams, roles, integrations) to the organization's subscribers alone.
package enum AppliedEvents {
    package static func due(_ plan: Plan, serial: Int, actor: String, commit: String?, time: String,
                            subscriptions: Subscriptions) -> [DueEvent] {
        var byWorkspace: [String?: [Plan.ResourceChange]] = [:]
        for change in plan.changes where change.action != .noop {
            byWorkspace[change.address.kind == .workspace ? change.address.name : nil, default: []].append(change)
        }
        var due: [DueEvent] = []
        for (workspace, changes) in byWorkspace.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            let routes = subscriptions.routes(.applied, workspace: workspace)
            guard !routes.isEmpty else { continue }
            var counts: [String: JSON] = [:]
            for action in [Plan.Action.create, .update, .delete, .rename] {
                counts[action.rawValue] = .int(changes.filter { $0.action == action }.count)
            }
            var data: [String: JSON] = [
                "serial": .int(serial), "actor": .string(actor), "counts": .object(counts),
                "changes": .array(changes.prefix(200).map { change in
                    var member: [String: JSON] = ["address": .string(change.address.description), "action": .string(change.action.rawValue)]
                    if let previous = change.previousAddress { member["previousAddress"] = .string(previous.description) }
                    return .object(member)
                }),
            ]
            if changes.count > 200 { data["changesLeftOut"] = .int(changes.count - 200) }
            if let commit { data["commit"] = .string(commit) }
            let scope = workspace ?? "organization"
            let summary = [Plan.Action.create, .update, .delete, .rename].compactMap { action -> String? in
                let n = changes.filter { $0.action == action }.count
                return n == 0 ? nil : "\(n) \(action == .create ? "created" : action == .update ? "changed" : action == .delete ? "destroyed" : "renamed")"
            }.joined(separator: ", ")
            let event = NotificationEvent(name: .applied, workspace: workspace, series: "tenancy.applied/\(scope)", period: "serial-\(serial)",
                                          title: "\(scope): applied serial \(serial) by \(actor) (\(summary))", occurred: time, data: .object(data))
            for route in routes { due.append(DueEvent(event: event, integration: route.integration, isRetry: false)) }
        }
        return due
    }
}
