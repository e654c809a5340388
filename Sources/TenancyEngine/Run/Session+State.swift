import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyJSON

/// The state repairs (`tenancy state rm | mv | push | rollback`): each under the lock, as one
/// compare-and-swap transition with its audit record, like an apply.
extension Session {
    /// Changes the stored state under the lock: `change` edits it and returns what it did, as the
    /// audit record lists it (or throws to change nothing). The serial moves on by one.
    @discardableResult
    /// `checkingOwner`: refuse another project's state (every repair but the one that moves a
    /// state to this project, `state adopt`).
    package func modifyState(_ operation: String, lockTimeout: Double, checkingOwner: Bool = true,
                            _ change: (inout State) throws(RunFailure) -> [JSON]) throws(RunFailure) -> State {
        try withLock(operation, timeout: lockTimeout) { (lease) throws(RunFailure) -> State in
            guard let stored = try readState() else {
                throw RunFailure(.error(.stateEmpty, "there is no state yet", hint: "run `tenancy apply` first"))
            }
            guard stored.serial < State.maximumSerial else {
                throw RunFailure(StateError.serialOutOfRange(location: backend.location, serial: stored.serial))
            }
            // A repair of another project's state is refused as a plan is. The project file's name
            // is what a repair can know without loading the configuration.
            if checkingOwner, let project = settings.name { try checkOwner(stored, project: project) }
            var next = stored
            let changes = try change(&next)
            next.serial = stored.serial + 1
            try commit(next, expecting: stored,
                       audit: auditEntry(operation, planDigest: "", changes: changes, commit: environment.gitCommit(root)), lease: lease)
            return next
        }
    }

    /// Moves the state to this configuration's project (a renamed project), as one audited
    /// transition; the project it belonged to comes back with it.
    package func adoptState(lockTimeout: Double) throws(RunFailure) -> (state: State, previous: String?) {
        let loaded = try load()
        guard let project = projectName(loaded) else {
            throw RunFailure(.error(.stateOtherProject, "this configuration names no project",
                                    hint: "give tenancy.yaml a metadata.name (or the configuration an Organization)"))
        }
        var previous: String?
        let state = try modifyState("state adopt", lockTimeout: lockTimeout, checkingOwner: false) { (state) throws(RunFailure) -> [JSON] in
            previous = state.project
            guard state.project != project else {
                throw RunFailure(.error(.stateOtherProject, "the state already belongs to project `\(Terminal.escaped(project))`",
                                        detail: "Nothing was changed."))
            }
            state.project = project
            var change: [String: JSON] = ["action": .string("adopt-project"), "address": .string("*"), "project": .string(project)]
            if let previous { change["previous_project"] = .string(previous) }
            return [.object(change)]
        }
        return (state, previous)
    }

    /// Forgets a resource: the platform keeps it, Tenancy stops managing it.
    package func removeFromState(_ address: Address, lockTimeout: Double) throws(RunFailure) -> State {
        try modifyState("state rm", lockTimeout: lockTimeout) { (state) throws(RunFailure) -> [JSON] in
            guard state.resources[address] != nil else { throw unknownAddress(address.description, in: state) }
            state.resources[address] = nil
            return [.object(["action": .string("forget"), "address": .string(address.description)])]
        }
    }

    /// Records that a resource now has another address, keeping its identity.
    package func moveInState(_ from: Address, to: Address, lockTimeout: Double) throws(RunFailure) -> State {
        try modifyState("state mv", lockTimeout: lockTimeout) { (state) throws(RunFailure) -> [JSON] in
            guard var entry = state.resources[from] else { throw unknownAddress(from.description, in: state) }
            guard to.kind == from.kind else {
                throw RunFailure(.error(.stateAddressKind, "`\(to)` must be an address of the same kind as `\(from)`",
                                        hint: "for example \(from.kind.rawValue)/new-name"))
            }
            guard Address.isName(to.name) else {
                // What the schema allows a manifest's name: a state entry no manifest can name
                // could never be planned again.
                throw RunFailure(.error(.stateAddressName, "`\(Terminal.escaped(to.name))` is not a name a manifest can have",
                                        detail: "Names are lowercase DNS labels: a-z, 0-9 and '-', 1 to 63 characters, starting and ending with a letter or digit.",
                                        hint: "for example \(from.kind.rawValue)/new-name"))
            }
            guard !(to.kind == .role && ReferenceCatalog.builtInRoles.contains(to.name)) else {
                // No manifest may redefine a built-in role, so the entry could never be planned
                // again (and the next plan would read as destroying the built-in role).
                throw RunFailure(.error(.stateAddressName, "`\(to.name)` is a built-in role: no Role manifest can have its name",
                                        detail: "The built-in roles are \(ReferenceCatalog.builtInRoles.joined(separator: ", ")).",
                                        hint: "for example Role/\(to.name)-custom"))
            }
            guard state.resources[to] == nil else {
                throw RunFailure(.error(.stateAddressTaken, "`\(to)` is already in the state"))
            }
            entry.resource = Resource(address: to, attributes: entry.resource.attributes,
                                      dependencies: entry.resource.dependencies, secretDigests: entry.resource.secretDigests)
            state.resources[from] = nil
            state.resources[to] = entry
            return [.object(["action": .string("move"), "address": .string(to.description),
                             "previous_address": .string(from.description)])]
        }
    }

    /// Restores a kept version as the next serial (plans made before it are then stale).
    package func rollback(to serial: Int, lockTimeout: Double) throws(RunFailure) -> State {
        try modifyState("state rollback", lockTimeout: lockTimeout) { (state) throws(RunFailure) -> [JSON] in
            let kept: State?
            do throws(StateError) { kept = try backend.read(serial: serial) } catch { throw RunFailure(error) }
            guard let kept else {
                let serials = ((try? backend.history()) ?? []).map { String($0.serial) }
                throw RunFailure(.error(.stateUnknownSerial, "serial \(serial) is not kept",
                                        hint: serials.isEmpty ? "no versions are kept yet" : "kept serials: \(serials.joined(separator: ", "))"))
            }
            guard kept.lineage == state.lineage else {
                throw RunFailure(.error(.stateLineage, "serial \(serial) has lineage \(kept.lineage), the stored state \(state.lineage)",
                                        hint: "use `tenancy state push --force` to replace a state of another lineage"))
            }
            state.resources = kept.resources
            return [.object(["action": .string("restore"), "address": .string("*"), "restored_serial": .int(serial)])]
        }
    }

    /// Replaces the stored state with `incoming` (read from `source`): its serial must be newer and
    /// its lineage the same, unless `force`.
    package func pushState(_ incoming: State, source: String, force: Bool, lockTimeout: Double) throws(RunFailure) {
        // At the top of the range, no apply could follow it: refused where it comes in.
        guard incoming.serial < State.maximumSerial else {
            throw RunFailure(StateError.serialOutOfRange(location: source, serial: incoming.serial))
        }
        try withLock("state push", timeout: lockTimeout) { (lease) throws(RunFailure) in
            let current = try readState()
            if let project = settings.name {
                try checkOwner(current, project: project)
                // Another project's state is never pushed in, --force or not: it would make this
                // configuration plan to destroy everything that project applied.
                if let incoming = incoming.project, incoming != project {
                    throw RunFailure(.error(.stateOtherProject, "\(source) is a state of project `\(Terminal.escaped(incoming))`, not `\(Terminal.escaped(project))`",
                                            detail: "Nothing was pushed.",
                                            hint: "push a state of this project; a renamed project adopts its state with `tenancy state adopt`"))
                }
            }
            if let current, !force {
                if current.lineage != incoming.lineage {
                    throw RunFailure(.error(.stateLineage, "\(source) has lineage \(incoming.lineage), the stored state \(current.lineage)",
                                            hint: "pass --force to replace a state of another lineage"))
                }
                if incoming.serial <= current.serial {
                    throw RunFailure(.error(.stateSerial, "\(source) has serial \(incoming.serial), not newer than the stored \(current.serial)",
                                            hint: "pass --force to go back to it"))
                }
            }
            let changes: [JSON] = [.object(["action": .string("replace"), "address": .string("*"),
                                            "source": .string(Paths.name(of: source))])]
            try commit(incoming, expecting: current,
                       audit: auditEntry("state push", planDigest: "", changes: changes, commit: environment.gitCommit(root)), lease: lease)
        }
    }

    /// `ADDRESS is not in the state`, with the closest address as a suggestion.
    package func unknownAddress(_ text: String, in state: State?) -> RunFailure {
        let known = state?.resources.keys.map(\.description) ?? []
        return RunFailure(.error(.stateUnknownAddress, "`\(text)` is not in the state",
                                 hint: Suggestion.closest(to: text, in: known).map { "did you mean `\($0)`?" }))
    }
}

extension Session {
    /// After an apply (under its lock): publishes what the plan changed, or everything when what
    /// was published last is not the version the plan was made against (an earlier publish did not
    /// finish). Nil when the backend publishes nothing.
    package func publish(after applied: Applied, from previous: State?) throws(RunFailure) -> PublishReport? {
        guard let publisher = backend.publisher else { return nil }
        do throws(StateError) {
            let published = try publisher.published()
            let incremental = previous.map { published == StateVersion($0) } ?? (published == nil)
            return try publisher.publish(applied.state, changes: incremental ? PublishChanges(applied.plan) : nil)
        } catch {
            throw RunFailure(publishFailure(error, publisher: publisher, serial: applied.state.serial))
        }
    }

    /// `tenancy publish`, and an apply with nothing to change: under the lock, completes a publish
    /// that did not finish (every value compared with the state's). Nil when the backend publishes
    /// nothing; a report with nothing written when all was published.
    package func publishAll(lockTimeout: Double) throws(RunFailure) -> PublishReport? {
        guard backend.publisher != nil else { return nil }
        return try withLock("publish", timeout: lockTimeout) { (_) throws(RunFailure) -> PublishReport? in
            guard let state = try readState() else { return nil }
            return try publishIfBehind(state) ?? PublishReport(version: StateVersion(state))
        }
    }

    /// Under a lock already held: publishes `state` whole when the published marker names another
    /// version; nil when it is already published (or the backend publishes nothing).
    package func publishIfBehind(_ state: State?) throws(RunFailure) -> PublishReport? {
        guard let publisher = backend.publisher, let state else { return nil }
        do throws(StateError) {
            if try publisher.published() == StateVersion(state) { return nil }
            return try publisher.publish(state, changes: nil)
        } catch {
            throw RunFailure(publishFailure(error, publisher: publisher, serial: state.serial))
        }
    }

    func publishFailure(_ error: StateError, publisher: any SettingsPublisher, serial: Int) -> Diagnostic {
        .error(.publishFailed, "state serial \(serial) is applied, but publishing it to \(publisher.location) did not finish: \(error.diagnostic.summary)",
               detail: "published/ now lags the state: platform services watching the published settings still see an earlier serial; nothing is lost.",
               hint: "bring it level with `tenancy publish --dir \(Shell.quoted(absoluteRoot))` (the next apply does it too)")
    }
}
