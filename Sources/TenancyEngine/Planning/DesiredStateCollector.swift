import Dispatch
import TenancySupport
import TenancyDiagnostics
import TenancyModel
import TenancyYAML

/// Builds the desired resources of the workspaces the loader finishes while it reads their files
/// (`ConfigurationLoader.load(paths:streaming:sink:)`), on the loader's threads, so that no
/// workspace's tree outlives its conversion. Once the stored state has been read (on another thread,
/// `stateArrived`), a resource whose text equals its stored self keeps the stored text rather than
/// its own: a plan with few changes then holds the attributes once, not twice. Texts converted
/// before the state arrives are kept whole until it does, so their total is bounded: past
/// `holdingAtMost` bytes, conversion waits for the state.
///
/// Secrets are digested with the state's key, which arrives with the state: a source whose
/// keying is `.pending` makes resources converted before then keep their secret references, and
/// they are digested when the state (with its key, or `newKey` for a state that has none) arrives.
package final class DesiredStateCollector: WorkspaceSink {
    private let secrets: Locked<SecretSource>
    private let newKey: [UInt8]
    private let catalog = FieldCatalog.builtIn

    private struct Collected {
        var resources: [Resource] = []
        var diagnostics = Diagnostics()
        /// Indexes of resources built before the state arrived, still holding their own text.
        var unshared: [Int] = []
        var unsharedBytes = 0
    }
    private let collected = Locked(Collected())
    /// Memoised unit forms and a warm buffer, one per thread at work (taken and put back).
    private let scratches = Locked<[DesiredState.Scratch]>([])
    private let stored = Locked<(state: State?, settled: Bool)>((nil, false))
    /// Signalled once the state has arrived (or is known not to); each waiter passes the signal on.
    private let arrival = DispatchSemaphore(value: 0)
    private let limit: Int

    /// `holdingAtMost`: with a limit, the caller promises to call `stateArrived` or
    /// `stateUnavailable` (conversions past the limit wait for one of them); without, nothing waits.
    package init(secrets: SecretSource, newKey: [UInt8] = State.newSecretKey(), holdingAtMost limit: Int? = nil) {
        self.secrets = Locked(secrets)
        self.newKey = newKey
        self.limit = limit ?? .max
    }

    /// The source secrets are digested with from now on.
    package var secretSource: SecretSource { secrets.current }

    package func consume(_ workspace: Manifest, defaults: Node?) {
        if !stored.withLock({ $0.settled }), collected.withLock({ $0.unsharedBytes }) > limit {
            arrival.wait()
            arrival.signal()
        }
        var scratch = scratches.withLock { $0.popLast() } ?? DesiredState.Scratch()
        var diagnostics = Diagnostics()
        let state = stored.withLock { $0.state }
        let resource = DesiredState.resource(for: workspace, defaults: defaults, catalog: catalog, secrets: secrets.current,
                                             scratch: &scratch, stored: state?.resources[workspace.address]?.resource,
                                             diagnostics: &diagnostics)
        scratches.withLock { $0.append(scratch) }
        collected.withLock { collected in
            if state == nil {
                collected.unshared.append(collected.resources.count)
                collected.unsharedBytes += resource.stateText().count
            }
            collected.resources.append(resource)
            collected.diagnostics.append(contentsOf: diagnostics)
        }
    }

    package func discardAll() {
        collected.withLock { $0 = Collected() }
    }

    /// The stored state, as soon as it has been read (nil when there is none yet): the resources
    /// converted before it share its text from now on, and waiting conversions go on.
    package func stateArrived(_ state: State?) {
        let known = state ?? State(lineage: "", serial: 0)
        let first = collected.withLock { collected -> Bool in
            let first = stored.withLock { stored -> Bool in
                defer { stored = (known, true) }
                return !stored.settled
            }
            let source = secrets.withLock { source -> SecretSource in
                if source.keying == .pending { source.keying = .keyed(state?.secretKey ?? newKey) }
                return source
            }
            resolvePending(&collected, with: source, stored: known)
            share(&collected, with: known)
            return first
        }
        if first { arrival.signal() }
    }

    /// Digests the secrets of resources converted before the key was known.
    private func resolvePending(_ collected: inout Collected, with source: SecretSource, stored state: State) {
        guard source.keying != .pending else { return }
        for i in collected.resources.indices where !collected.resources[i].pendingSecrets.isEmpty {
            let resource = collected.resources[i]
            let resolved = source.digests(of: resource.pendingSecrets, for: resource.address, stored: state.resources[resource.address]?.resource)
            collected.resources[i].secretDigests = resolved.digests
            collected.resources[i].plainSecretDigests = resolved.plain
            collected.resources[i].uncheckedSecrets = resolved.unchecked
            collected.resources[i].pendingSecrets = []
            collected.diagnostics.append(contentsOf: resolved.diagnostics)
        }
    }

    /// The state could not be read (the plan will stop): conversions go on without it.
    package func stateUnavailable() {
        let first = stored.withLock { stored -> Bool in
            defer { stored.settled = true }
            return !stored.settled
        }
        if first { arrival.signal() }
    }

    private func share(_ collected: inout Collected, with state: State) {
        for i in collected.unshared {
            collected.resources[i] = collected.resources[i].sharingText(with: state.resources[collected.resources[i].address]?.resource)
        }
        collected.unshared = []
        collected.unsharedBytes = 0
    }

    /// Everything collected, each resource sharing the stored text where it can; the problems
    /// found converting (a missing secret).
    package func finish(stored state: State?) -> (resources: [Resource], diagnostics: Diagnostics) {
        collected.withLock { collected in
            if let state { share(&collected, with: state) }
            return (collected.resources, collected.diagnostics)
        }
    }
}
