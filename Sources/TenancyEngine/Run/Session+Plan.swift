import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport

/// What a plan is asked for: the options of `plan` and `apply`.
package struct PlanRequest: Sendable {
    /// The lock's operation name (`plan`, `apply`): shown to whoever is refused the lock.
    package var operation: String
    package var allowDestroy = false
    /// `--target`: only these and what they depend on.
    package var targets: [Address] = []
    /// `--exclude`: not these, nor what depends on them.
    package var excludes: [Address] = []
    /// How long to wait for the lock, in seconds.
    package var lockTimeout: Double = 0
    /// Take each file's digest as it is read (a plan saved with `--out` records them).
    package var digesting = false
    /// This run will record an audit entry: ask git for the commit meanwhile.
    package var recordsCommit = false
    /// `plan --lock=false`: read the state without taking the lock (a pull request's plan with
    /// read-only credentials). The plan cannot be applied as it is: apply always plans again, or
    /// re-checks a saved plan's serial and lineage, under the lock.
    package var lock = true
    /// `plan --secrets=unavailable-ok`: a secret that cannot be read is a warning, and the plan
    /// says it did not check it (`Plan.uncheckedSecrets`); applying such a plan reads them all.
    package var secrets: SecretSource.Unavailable = .refused

    package init(operation: String) { self.operation = operation }
}

/// A plan made under the lock (or, for `plan --lock=false`, without it), with what it was made
/// from: what `plan` renders and `apply` commits. Only exists inside `Session.planning` or
/// `Session.applyingSaved`; only one made under the lock carries the lease that committing needs.
package struct Planned: Sendable {
    package let loaded: ConfigurationLoader.Result
    /// The state the plan was made against (nil: nothing applied yet).
    package let state: State?
    /// What the configuration declares (for a saved plan: its resources after the plan).
    package let desired: DesiredState
    package let plan: Plan
    /// nil for a plan read without the lock: it cannot be committed.
    package let lease: Lease?
    let commitLookup: BackgroundTask<String?>?
    /// The configuration's files digest (`ConfigurationLoader.Result.filesDigest`), when the run
    /// took it: applying records it in the state.
    package var configurationDigest: String?

    /// Secrets let through unread (`plan --secrets=unavailable-ok`), at their references; and the
    /// planner's warnings (a selection that leaves changes out, or takes a rename whole).
    var runWarnings = Diagnostics()
    /// The project the configuration is (`Session.projectName`): applying records it in the state.
    package var project: String?

    /// Warnings found loading the configuration and converting it (errors stop the run before a
    /// plan exists).
    package var warnings: Diagnostics {
        guard !runWarnings.isEmpty else { return loaded.diagnostics }
        // A file the walk said was not loaded, and that the plan's search found defining what it
        // deletes, is said once: the plan's words, which name the resources.
        let named = Set(runWarnings.filter { $0.code == .manifestLeftOut }.compactMap { $0.range?.filename })
        let kept = named.isEmpty ? loaded.diagnostics.items
            : loaded.diagnostics.items.filter { !($0.code == .manifestLeftOut && named.contains($0.range?.filename ?? "")) }
        return Diagnostics(kept + runWarnings.items)
    }
}

/// What an apply recorded.
package struct Applied: Sendable {
    package let state: State
    package let plan: Plan
    /// A stop requested while the transition was being made: it was made, and the run now stops.
    package let stopRequested: Cancellation.Reason?
}

extension Session {
    /// Plans under the lock and runs `body` with the plan, still under the lock (so that `body` can
    /// render it, ask for confirmation and `apply` it): the stored state is read on its own thread
    /// while the configuration is read, checked and converted on the others, and workspaces
    /// converted once it has arrived share its text.
    package func planning<T>(_ request: PlanRequest, _ body: (Planned) throws(RunFailure) -> T) throws(RunFailure) -> T {
        let root = self.root
        let environment = self.environment
        let commitLookup = request.recordsCommit ? BackgroundTask { environment.gitCommit(root) } : nil
        return try optionallyLocked(request) { (lease) throws(RunFailure) -> T in
            environment.phaseEnded(lease == nil ? "no lock (--lock=false)" : "lock")
            let backend = self.backend
            // Texts converted before the state arrives are held whole until it does: at most 16 MB
            // of them, then conversion waits (the state is then read on a free core). Secrets wait
            // for the state's digest key; a state with none (new, or from before keyed digests)
            // gets `newKey`.
            let newKey = State.newSecretKey()
            var pending = secretSource
            pending.keying = .pending
            pending.unavailable = request.secrets
            let collector = DesiredStateCollector(secrets: pending, newKey: newKey, holdingAtMost: 16 << 20)
            let reading = BackgroundTask { () -> Result<State?, StateError> in
                do throws(StateError) {
                    let state = try backend.read()
                    collector.stateArrived(state)
                    return .success(state)
                } catch {
                    collector.stateUnavailable()
                    return .failure(error)
                }
            }
            let loading = Result { () throws(RunFailure) in try load(sink: collector, digesting: request.digesting) }
            environment.phaseEnded("load, check and convert (and read state)")
            let state: State?
            switch reading.wait() {
            case let .success(stored): state = stored
            case let .failure(error):
                // The configuration's own problems come first: they are what the user is editing.
                if case let .failure(failure) = loading { throw failure }
                throw RunFailure(error)
            }
            let loaded = try loading.get()
            environment.phaseEnded("read state (rest)")
            let project = projectName(loaded)
            try checkOwner(state, project: project)
            try environment.checkStop()
            let (desired, unchecked) = try desiredState(loaded, early: collector, stored: state)
            environment.phaseEnded("desired state (held manifests)")
            let planner = Planner(allowDestroy: request.allowDestroy, targets: request.targets, excludes: request.excludes)
            var (plan, problems) = planner.plan(desired: desired, state: state)
            if state?.secretKey == nil { plan.secretKey = newKey }
            environment.phaseEnded("compare")
            if problems.hasErrors { throw RunFailure(Diagnostics(loaded.diagnostics.items + problems.items), sources: loaded.sources) }
            try environment.checkStop()
            var planned = Planned(loaded: loaded, state: state, desired: desired, plan: plan, lease: lease, commitLookup: commitLookup)
            planned.runWarnings = Diagnostics(unchecked.items + problems.items + unloadedDefinitions(of: plan, loaded: loaded).items)
            planned.project = project
            if request.digesting { planned.configurationDigest = loaded.filesDigest(relativeTo: root) }
            return try body(planned)
        }
    }

    /// Files that still define what the plan deletes but are not loaded (`UnloadedDefinitions`).
    private func unloadedDefinitions(of plan: Plan, loaded: ConfigurationLoader.Result) -> Diagnostics {
        let deletes = plan.changes.filter { $0.action == .delete }.map { (kind: $0.address.kind.rawValue, name: $0.address.name) }
        guard !deletes.isEmpty else { return Diagnostics() }
        return UnloadedDefinitions.find(deletes, under: root, loaded: Array(loaded.sources.keys))
    }

    /// `body` under the state lock, or (`request.lock` false) without taking it: the state is then
    /// read as any reader reads it, one complete version, and the run holds no lease.
    private func optionallyLocked<T>(_ request: PlanRequest, _ body: (Lease?) throws(RunFailure) -> T) throws(RunFailure) -> T {
        guard request.lock else {
            try environment.checkStop()
            return try body(nil)
        }
        return try withLock(request.operation, timeout: request.lockTimeout) { (lease) throws(RunFailure) -> T in try body(lease) }
    }

    /// Applies a saved plan exactly as it was made, under the lock: refused when the manifests, or
    /// the state's lineage or serial, moved since, and when what it would do is not what a fresh
    /// plan may do (`SavedPlanCheck`: deleting workspaces needs `allowDestroy` on this run).
    /// `body` gets the plan to render and `apply`.
    package func applyingSaved<T>(_ file: PlanFile, path: String, lockTimeout: Double, allowDestroy: Bool = false,
                                 _ body: (Planned) throws(RunFailure) -> T) throws(RunFailure) -> T {
        let root = self.root
        let environment = self.environment
        let commitLookup = BackgroundTask { environment.gitCommit(root) }
        // Format 1 plans carry a digest of the files' bytes themselves; later ones of their digests.
        let legacy = file.sourceFormatVersion < 2
        let loaded = try load(keepText: legacy, digesting: !legacy)
        let digest = legacy ? loaded.digest(relativeTo: root) : loaded.filesDigest(relativeTo: root)
        environment.phaseEnded("load and check the configuration")
        guard digest == file.configurationDigest else {
            throw RunFailure(.error(.planStale, "the manifests changed since the plan was made",
                                    detail: "\(path) was planned from other contents of its configuration (`\(file.configurationRoot)` from the plan's folder).",
                                    hint: "make a new plan: tenancy plan --out \(path)"))
        }
        return try withLock("apply", timeout: lockTimeout) { (lease) throws(RunFailure) -> T in
            let state = try readState()
            environment.phaseEnded("lock and read state")
            let project = projectName(loaded)
            try checkOwner(state, project: project)
            if let problem = file.staleness(against: state) {
                throw RunFailure(.error(.planStale, problem, detail: "Nothing was applied.",
                                        hint: "make a new plan against the current state: tenancy plan --out \(path)"))
            }
            let check = SavedPlanCheck(plan: file.plan, state: state, allowDestroy: allowDestroy,
                                       configuration: loaded.configuration, path: path).check()
            environment.phaseEnded("check the saved plan")
            if check.diagnostics.hasErrors {
                throw RunFailure(check.diagnostics, sources: loaded.sources.merging(check.sources) { first, _ in first })
            }
            // A plan made with --secrets=unavailable-ok: its unread secrets read now, and held to
            // what it showed of them.
            var source = secretSource
            source.keying = (state?.secretKey ?? file.plan.secretKey).map { .keyed($0) } ?? .plain
            let (plan, problems) = UncheckedSecretsResolution(plan: file.plan, state: state, source: source, path: path).resolve()
            if problems.hasErrors { throw RunFailure(problems, sources: loaded.sources) }
            let desired = DesiredState(resources: Dictionary(plan.changes.compactMap { change in change.after.map { (change.address, $0) } },
                                                             uniquingKeysWith: { first, _ in first }))
            var planned = Planned(loaded: loaded, state: state, desired: desired, plan: plan, lease: lease, commitLookup: commitLookup)
            planned.project = project
            if !legacy { planned.configurationDigest = digest }
            return try body(planned)
        }
    }

    /// Commits a plan made under the lock: the state it leads to and its audit record, in one
    /// transition.
    package func apply(_ planned: Planned) throws(RunFailure) -> Applied {
        // Never committed with a secret unread (the saved-plan path reads them first).
        guard planned.plan.uncheckedSecrets.isEmpty else {
            throw RunFailure(.error(.secretMissing, "a plan that did not check every secret cannot be applied as it is",
                                    detail: "It was made with --secrets=unavailable-ok, for review without production secrets.",
                                    hint: "save it with plan --out FILE and apply the file where the secrets are available: tenancy apply FILE"))
        }
        var next = Applier.apply(planned.plan, to: planned.state, now: environment.now())
        next.configurationDigest = planned.configurationDigest
        var changes = planned.plan.auditChanges
        if let project = planned.project, next.project == nil {
            // A state from before projects were recorded (or a new one) takes this project's name;
            // an existing state's audit record says it was adopted.
            next.project = project
            if planned.state != nil {
                changes.append(.object(["action": .string("adopt-project"), "address": .string("*"), "project": .string(project)]))
            }
        }
        environment.phaseEnded("apply the plan to the state")
        let commit = planned.commitLookup?.wait() ?? environment.gitCommit(root)
        let entry = auditEntry("apply", planDigest: planned.plan.digest, changes: changes, commit: commit)
        guard let lease = planned.lease else {
            throw RunFailure(.error(.lockNotHeld, "a plan read without the state lock cannot be applied",
                                    detail: "plan --lock=false reads the state as any reader does; what it shows may have changed by the time it is applied.",
                                    hint: "apply plans again under the lock, or applies a saved plan after checking its serial and lineage"))
        }
        try self.commit(next, expecting: planned.state, audit: entry, lease: lease)
        environment.phaseEnded("commit")
        return Applied(state: next, plan: planned.plan, stopRequested: environment.cancellation.requested)
    }

    /// Where secrets are read from: the run's environment variables and the configuration's folder.
    package var secretSource: SecretSource {
        SecretSource(environment: environment.variables, root: URL(fileURLWithPath: root), allowedFolders: settings.secretFolders)
    }

    /// The desired state: what the collector built while the configuration was read, and the
    /// manifests the loader held; and the warnings found converting them.
    func desiredState(_ loaded: ConfigurationLoader.Result, early collector: DesiredStateCollector, stored: State?)
        throws(RunFailure) -> (DesiredState, Diagnostics) {
        let early = collector.finish(stored: stored)
        var (desired, diagnostics) = DesiredState.build(loaded.configuration, secrets: collector.secretSource, early: early.resources,
                                                        stored: stored)
        diagnostics.append(contentsOf: early.diagnostics)
        if diagnostics.hasErrors { throw RunFailure(Diagnostics(loaded.diagnostics.items + diagnostics.sorted().items), sources: loaded.sources) }
        return (desired, diagnostics.sorted())
    }
}

extension Session {
    /// The project this configuration is: `metadata.name` of its `tenancy.yaml`, else its
    /// Organization's name (nil when it has neither: nothing to compare).
    package func projectName(_ loaded: ConfigurationLoader.Result) -> String? {
        settings.name ?? loaded.configuration.all(.organization).first?.name
    }

    /// Refuses a state that another project recorded as its own: this configuration would plan to
    /// destroy everything that project applied.
    func checkOwner(_ state: State?, project: String?) throws(RunFailure) {
        guard let owner = state?.project, let project, owner != project else { return }
        throw RunFailure(.error(
            .stateOtherProject, "the state at \(backend.location) belongs to project `\(Terminal.escaped(owner))`, not `\(Terminal.escaped(project))`",
            detail: "This configuration is project `\(Terminal.escaped(project))` (\(settings.file != nil ? "metadata.name of tenancy.yaml" : "the Organization's name")); planning it against another project's state would destroy that project's resources. Nothing was planned.",
            hint: "point spec.backend at this project's own state; if this is project `\(Terminal.escaped(owner))` renamed, adopt the state once with `tenancy state adopt`"))
    }
}

extension Session {
    /// Saves `planned` for `tenancy apply FILE`, with the configuration as seen from the plan
    /// file's folder: the plan then applies from any checkout that holds both the same way (a CI
    /// artifact beside the checkout).
    package func save(_ planned: Planned, to path: String, cancellation: Cancellation?) throws(RunFailure) {
        let root = Paths.relativePath(from: Paths.folder(of: Paths.absolute(path)), to: absoluteRoot)
        let file = PlanFile(plan: planned.plan, configurationDigest: planned.loaded.filesDigest(relativeTo: self.root),
                            configurationRoot: root)
        do throws(FileError) { try file.write(to: path, cancellation: cancellation) } catch { throw RunFailure(error) }
    }
}
