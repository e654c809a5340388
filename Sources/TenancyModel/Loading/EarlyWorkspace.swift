import TenancyDiagnostics
import TenancyYAML

/// A reference from a workspace to another manifest, kept as values (no tree) so that it can be
/// resolved once the whole configuration has been read. Small on purpose: a configuration holds
/// one per approver team and notification route of every workspace for the whole run.
struct PendingReference: Sendable {
    let kind: Kind
    let name: String
    let span: NodeSpan
    let site: Site

    /// Where in the workspace the reference stands; its path is spelt out only for a diagnostic.
    enum Site: Sendable {
        case approverTeam(Int32)
        case notification(Int32)

        var path: String {
            switch self {
            case let .approverTeam(i): return "spec.policy.approvals.approverTeams[\(i)]"
            case let .notification(i): return "spec.notifications[\(i)].integration"
            }
        }
    }
}

/// One of a manifest's `metadata.previousNames`, with where it is written.
struct PreviousName: Sendable {
    let name: String
    let span: NodeSpan
    let index: Int

    static func of(_ manifest: Manifest) -> [PreviousName] {
        (manifest.root["metadata"]?["previousNames"]?.items ?? []).enumerated().compactMap { i, node in
            node.string.map { PreviousName(name: $0, span: node.span, index: i) }
        }
    }
}

/// What the organization's caps need of one workspace: its effective quotas.
struct QuotaTally: Sendable {
    let name: String
    let users: Int?
    let storage: ByteSize?

    init(name: String, effective: LayeredNode) {
        self.name = name
        users = effective["quotas.users"]?.int
        storage = effective["quotas.storage"]?.string.flatMap(ByteSize.init)
    }
}

/// A workspace finished while its file was read: checked against its built-in template's rules
/// and handed to the loader's `WorkspaceSink`, its tree then dropped. What the rules over the
/// whole configuration still need of it (its name, its references, its quotas) is kept here, a
/// few hundred bytes instead of the document's tree.
struct EarlyWorkspace: Sendable {
    let name: String
    let nameSpan: NodeSpan
    /// Load order: file index in the high 32 bits, document index in the low.
    let ordinal: Int
    /// The built-in template and profiles it names: void if the configuration turns out to define
    /// one of those names.
    let templates: [String]
    let references: [PendingReference]
    let quotas: QuotaTally
    /// `metadata.previousNames`, with where each is written (almost always empty).
    let previousNames: [PreviousName]

    var address: Address { Address(.workspace, name) }
}

/// Receives each workspace the loader finishes early (see `ConfigurationLoader.load(paths:streaming:)`),
/// on a loader thread, while the workspace's tree is still alive: what it keeps of the manifest is
/// all that will remain of it.
package protocol WorkspaceSink: Sendable {
    /// `defaults` are the workspace's template's defaults (a built-in template).
    func consume(_ workspace: Manifest, defaults: Node?)
    /// Everything consumed so far is void: the configuration defines a template with the name of
    /// a built-in one that early workspaces used, so the loader reads the files again holding every
    /// tree, and those workspaces come back in `Configuration.manifests`.
    func discardAll()
}
