/// Limits and policies of the loader. The defaults are what Tenancy uses for manifests; the
/// conformance tests relax `unknownTags` because the YAML suite uses application tags freely.
public struct LoadOptions: Sendable, Hashable {
    /// What to do with a tag outside the YAML 1.2 core schema (`!custom`, `!!binary`).
    public enum UnknownTagPolicy: Sendable, Hashable {
        /// A diagnostic: manifests have no use for application tags, so one is likely a mistake.
        case error
        /// Keep the tag on the node and treat the node by its kind (scalars as strings).
        case keep
    }

    /// Collections nested deeper than this are refused, so that no later recursive walk can
    /// exhaust the stack.
    public var maxDepth: Int = 256
    /// How many nodes aliases may add to one document when expanded. Aliases share nodes in
    /// memory, but every consumer walks the expansion: this bound stops "billion laughs".
    public var maxAliasExpansion: Int = 1_000_000
    public var unknownTags: UnknownTagPolicy = .error
    /// Honour `<<` merge keys (YAML 1.1's merge type, still universal in configuration files).
    public var mergeKeys: Bool = true

    public init() {}
}
