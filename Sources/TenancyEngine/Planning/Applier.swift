import Foundation
import TenancyModel

/// Applies a plan to the state it was made against, as one transition: the returned state is
/// written in one atomic step, or not at all.
package enum Applier {
    package static func apply(_ plan: Plan, to state: State?, now: Date = Date()) -> State {
        var next = state ?? State()
        let time = ISO8601DateFormatter().string(from: now)
        if next.secretKey == nil { next.secretKey = plan.secretKey }
        for change in plan.changes {
            switch change.action {
            case .noop:
                // Unchanged, but its digests may have been taken anew with the state's key (a
                // state from before keyed digests is migrated as it is written).
                if let after = change.after, var entry = next.resources[change.address],
                   entry.resource.secretDigests != after.secretDigests {
                    entry.resource.secretDigests = after.secretDigests
                    next.resources[change.address] = entry
                }
            case .create:
                guard let after = change.after else { continue }
                next.resources[change.address] = StateResource(id: UUID().uuidString.lowercased(), resource: after,
                                                               created: time, updated: time)
            case .update:
                guard let after = change.after, var entry = next.resources[change.address] else { continue }
                entry.resource = after
                entry.updated = time
                next.resources[change.address] = entry
            case .rename:
                guard let after = change.after, let old = change.previousAddress, var entry = next.resources[old] else { continue }
                next.resources[old] = nil
                entry.resource = after
                entry.updated = time
                next.resources[change.address] = entry
            case .delete:
                next.resources[change.address] = nil
            }
        }
        next.serial = (state?.serial ?? 0) + 1
        return next
    }
}
