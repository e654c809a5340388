import TenancyModel

/// Publishes the effective settings of the applied resources (`EffectiveSettings`, the export
/// shape) where platform services watch them, and a marker naming the serial published, so that
/// services never read Tenancy's internal keys. Publishing follows a commit, under the same
/// lock; it is idempotent, and one that did not finish (a crash, an unreachable store) is
/// completed by the next apply or by `tenancy publish`, which compare everything.
package protocol SettingsPublisher: Sendable {
    /// Where it publishes, for messages (`etcd tenancy/acme/published/ at https://…`).
    var location: String { get }

    /// The lineage and serial the marker names: what was last published completely; nil when
    /// nothing was.
    func published() throws(StateError) -> StateVersion?

    /// Makes what is published equal to `state`'s resources, then writes the marker. `changes`:
    /// the addresses the transition from the published version wrote and removed (only they are
    /// touched), or nil to compare every published value with the state's.
    func publish(_ state: State, changes: PublishChanges?) throws(StateError) -> PublishReport
}

/// What one transition changed, for publishing only that.
package struct PublishChanges: Sendable, Equatable {
    package var written: Set<Address> = []
    package var removed: Set<Address> = []

    package init(written: Set<Address> = [], removed: Set<Address> = []) {
        self.written = written
        self.removed = removed
    }

    /// What applying `plan` writes and removes: creates, updates and renames (at their new
    /// address) written; deletes and renames' old addresses removed.
    package init(_ plan: Plan) {
        for change in plan.changes {
            switch change.action {
            case .create, .update: written.insert(change.address)
            case .delete: removed.insert(change.address)
            case .rename:
                written.insert(change.address)
                if let previous = change.previousAddress { removed.insert(previous) }
            case .noop: break
            }
        }
    }
}

/// What a publish did.
package struct PublishReport: Sendable, Equatable {
    package var written = 0
    package var removed = 0
    /// Values already equal to the state's, left alone (a full comparison).
    package var unchanged = 0
    package var version: StateVersion
    /// Set when nothing was written because a newer serial of the same lineage is already
    /// published (or being published): `published/` never moves backwards.
    package var supersededBy: StateVersion?

    package init(version: StateVersion) { self.version = version }
}
