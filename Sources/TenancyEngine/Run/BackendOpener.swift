import TenancyModel
import TenancySupport

/// Opens the backend a project's settings name. The engine opens local state itself; backends in
/// modules above it (etcd) come in as openers the caller passes to `Session.open`, so that the
/// engine needs no knowledge of them.
package protocol BackendOpener: Sendable {
    /// The backend for `settings`, or nil when they name a backend this opener does not open.
    func open(_ settings: ProjectSettings, root: String, environment: RunEnvironment) throws(RunFailure) -> (any StateBackend)?
}

/// The embedded default: a state file in the configuration's `.tenancy/` folder.
package struct LocalBackendOpener: BackendOpener {
    package init() {}

    package func open(_ settings: ProjectSettings, root: String, environment: RunEnvironment) throws(RunFailure) -> (any StateBackend)? {
        guard case let .local(local) = settings.backend else { return nil }
        return LocalBackend(statePath: Paths.join(root, local.path), keepVersions: local.keepVersions)
    }
}
