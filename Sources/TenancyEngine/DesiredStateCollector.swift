import Synchronization
import TenancyDiagnostics
import TenancyModel
import TenancyYAML

/// Builds the desired resources of the workspaces the loader finishes while it reads their files
/// (`ConfigurationLoader.load(paths:streaming:sink:)`), on the loader's threads, so that no
/// workspace's tree outlives its conversion. Once the stored state has been read (on another thread,
/// `stateArrived`), a resource whose text equals its stored self keeps the stored text rather than
/// its own: a plan with few changes then holds the attributes once, not twice.
public final class DesiredStateCollector: WorkspaceSink {
    private let secrets: DesiredState.SecretSource
    private let catalog = FieldCatalog.builtIn

    private struct Collected {
        var resources: [Resource] = []
        var diagnostics = Diagnostics()
        /// Indexes of resources built before the state arrived, still holding their own text.
        var unshared: [Int] = []
    }
    private let collected = Mutex(Collected())
    /// Memoised unit forms and a warm buffer, one per thread at work (taken and put back).
    private let scratches = Mutex<[DesiredState.Scratch]>([])
    private let stored = Mutex<State?>(nil)

    public init(secrets: DesiredState.SecretSource) {
        self.secrets = secrets
    }

    public func consume(_ workspace: Manifest, defaults: Node?) {
        var scratch = scratches.withLock { $0.popLast() } ?? DesiredState.Scratch()
        var diagnostics = Diagnostics()
        let state = stored.withLock { $0 }
        let resource = DesiredState.resource(for: workspace, defaults: defaults, catalog: catalog, secrets: secrets,
                                             scratch: &scratch, stored: state?.resources[workspace.address]?.resource,
                                             diagnostics: &diagnostics)
        scratches.withLock { $0.append(scratch) }
        collected.withLock { collected in
            if state == nil { collected.unshared.append(collected.resources.count) }
            collected.resources.append(resource)
            collected.diagnostics.append(contentsOf: diagnostics)
        }
    }

    public func discardAll() {
        collected.withLock { $0 = Collected() }
    }

    /// The stored state, as soon as it has been read (nil when there is none yet).
    public func stateArrived(_ state: State?) {
        stored.withLock { $0 = state ?? State(lineage: "", serial: 0) }
    }

    /// Everything collected, each resource sharing the stored text where it can; the problems
    /// found converting (a missing secret).
    public func finish(stored state: State?) -> (resources: [Resource], diagnostics: Diagnostics) {
        collected.withLock { collected in
            if let state {
                for i in collected.unshared {
                    collected.resources[i] = collected.resources[i].sharingText(with: state.resources[collected.resources[i].address]?.resource)
                }
            }
            collected.unshared = []
            return (collected.resources, collected.diagnostics)
        }
    }
}
