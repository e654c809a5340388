import TenancyAnswers
import TenancyJSON
import TenancySupport

/// `quota.warning` and `quota.exceeded` from the quota check (the same computation as `tenancy
/// quota check`), each crossing once:
/// - a rate quota (`executionsPerDay`, `apiRate.perMinute`, and the daily peaks
///   `concurrentConnections` and `maxExecutionTime`) fires once per usage day it is crossed;
/// - a level quota (users, workflows, storage, archive storage, CPU, memory) fires once when
///   crossed and is re-armed only when, on a later day, the value is at least `resolveMargin`
///   percentage points below the level; a `resolved` notice says so then.
package enum QuotaEvents {
    /// Percentage points below the level that re-arm a level quota (80% fires, 75% re-arms).
    package static let resolveMargin = 5.0

    /// An amount as people read it: bytes in binary units, seconds as a duration, counts grouped.
    static func amount(_ value: Double, _ measure: QuotaMeasure) -> String {
        switch measure.unit {
        case .bytes: return Format.bytes(Int(min(value, 9e18)))
        case .seconds: return Format.number(value) + " s"
        case .count: return Format.grouped(value)
        }
    }

    package static func isRate(_ measure: QuotaMeasure) -> Bool {
        switch measure {
        case .executionsPerDay, .apiRatePerMinute, .concurrentConnections, .maxExecutionTime: return true
        default: return false
        }
    }

    package static func due(_ check: QuotaCheck, subscriptions: Subscriptions, history: DeliveryHistory) -> [DueEvent] {
        var due: [DueEvent] = []
        for workspace in check.workspaces {
            let warnings = subscriptions.routes(.quotaWarning, workspace: workspace.name)
            let exceeded = subscriptions.routes(.quotaExceeded, workspace: workspace.name)
            guard !warnings.isEmpty || !exceeded.isEmpty else { continue }
            for row in workspace.rows {
                guard let used = row.used, let percent = row.percent, let day = row.measuredOn else { continue }
                for route in warnings {
                    guard let level = route.percent, level.isFinite else { continue }
                    // As `quota check` decides it (`used ≥ limit × level / 100`), never by the
                    // rounded percentage: 57 of 100 is at 57%.
                    due += evaluate(.quotaWarning, workspace: workspace.name, row: row, used: used, percent: percent, day: day,
                                    level: level, crossed: used >= row.limit * level / 100, route: route, history: history)
                }
                for route in exceeded {
                    due += evaluate(.quotaExceeded, workspace: workspace.name, row: row, used: used, percent: percent, day: day,
                                    level: 100, crossed: used > row.limit, route: route, history: history)
                }
            }
        }
        return due
    }

    static func evaluate(_ name: EventName, workspace: String, row: QuotaCheck.Row, used: Double, percent: Double, day: Day,
                         level: Double, crossed: Bool, route: NotificationRoute, history: DeliveryHistory) -> [DueEvent] {
        // Nothing to say of a quota below its level with no episode open: the common case, decided first.
        if !crossed, isRate(row.measure) { return [] }
        let series = "\(name.rawValue)/\(workspace)/\(row.measure.rawValue)/\(Format.number(level))"
        let data = { (phase: NotificationEvent.Phase) -> JSON in
            .object(["quota": .string(row.measure.rawValue), "used": .number(Format.number(used)), "limit": .number(Format.number(row.limit)),
                     "percent": .number(Format.fixed(percent.isFinite ? percent : 9_999, digits: 1)), "threshold": .number(Format.number(level)),
                     "unit": .string(row.measure.unit.rawValue), "measuredOn": .string(day.description),
                     "kind": .string(isRate(row.measure) ? "rate" : "level"), "phase": .string(phase.rawValue)])
        }
        var what: String { "\(row.measure.rawValue) at \(Format.fixed(percent.isFinite ? percent : 9_999, digits: 1))% of its quota (\(amount(used, row.measure)) of \(amount(row.limit, row.measure)))" }
        if isRate(row.measure) {
            // Asked of the log before anything is built: most crossings were sent already.
            guard crossed, history.latest(key: series + "/" + day.description, integration: route.integration) == nil else { return [] }
            let event = NotificationEvent(name: name, workspace: workspace, series: series, period: day.description,
                                          title: "\(workspace): \(what) on \(day)", occurred: day.description, data: data(.firing))
            return [DueEvent(event: event, integration: route.integration, isRetry: false)]
        }
        // A level quota: is an episode open (a crossing sent, or tried, and not resolved since)?
        let last = history.latest(series: series, integration: route.integration)
        let openSince = last.flatMap { $0.phase == .firing ? Day($0.occurred) : nil }
        if let openSince {
            let below = used <= row.limit * ((name == .quotaExceeded ? 100 : level) - resolveMargin) / 100
            guard below, day > openSince else { return [] }
            let event = NotificationEvent(name: name, workspace: workspace, series: series, period: openSince.description, phase: .resolved,
                                          title: "\(workspace): \(row.measure.rawValue) back to \(Format.fixed(percent, digits: 1))% of its quota (resolved)",
                                          occurred: day.description, data: data(.resolved))
            return history.latest(key: event.key, integration: route.integration) == nil
                ? [DueEvent(event: event, integration: route.integration, isRetry: false)] : []
        }
        guard crossed else { return [] }
        let event = NotificationEvent(name: name, workspace: workspace, series: series, period: day.description,
                                      title: "\(workspace): \(what)", occurred: day.description, data: data(.firing))
        return [DueEvent(event: event, integration: route.integration, isRetry: false)]
    }
}
