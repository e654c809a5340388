import TenancyYAML

/// A workspace's effective settings: its own spec over its template's defaults, looked up by path
/// without building a merged tree. Mappings merge key by key; any other value (lists included)
/// is taken whole from the first layer that sets it.
package struct LayeredNode: Sendable {
    /// The layers, most specific first (the workspace's spec, then the template's defaults).
    package let layers: [Node]

    /// Where to point when a value is inherited rather than written by the workspace (its
    /// `template:` line): a diagnostic should land in the file the user can change.
    package var inheritedAnchor: Node?

    package init(_ layers: [Node]) { self.layers = layers }

    /// An effective value and where a diagnostic about it belongs.
    package struct Site {
        package let value: Node
        package let anchor: Node
        /// "" for the workspace's own values, " (inherited from its template)" otherwise.
        package let inherited: String
    }

    package func site(_ path: String) -> Site? {
        guard let (node, own) = lookup(Self.components(path)) else { return nil }
        if own || inheritedAnchor == nil { return Site(value: node, anchor: node, inherited: "") }
        return Site(value: node, anchor: inheritedAnchor ?? node, inherited: " (inherited from its template)")
    }

    /// The effective value at `path` and whether it came from the first layer (the workspace).
    package func lookup(_ path: [String]) -> (node: Node, own: Bool)? {
        for (i, layer) in layers.enumerated() {
            // Walk by node ids; only the result becomes a Node.
            let found = layer.withRawNodes { raw, root -> Int32? in
                var current = root
                for var key in path {
                    guard raw.kind(current) == .mapping,
                          let next = key.withUTF8({ raw.value(current, forKey: $0) }) else { return nil }
                    current = next
                }
                return raw.scalarType(current) == .null ? nil : current
            }
            if let found { return (layer.withRawNodes { raw, _ in raw.node(found) }, i == 0) }
        }
        return nil
    }

    package subscript(_ path: String) -> Node? {
        lookup(Self.components(path))?.node
    }

    /// `a.b.c` as components: the paths the rules ask for on every workspace come split from a
    /// table, anything else is split here.
    static func components(_ path: String) -> [String] {
        if let known = knownPaths[path] { return known }
        return path.split(separator: ".").map(String.init)
    }

    /// The paths the rules ask for on every workspace, split once.
    private static let knownPaths: [String: [String]] = Dictionary(uniqueKeysWithValues: [
        "quotas.users", "quotas.concurrentConnections", "quotas.storage", "quotas.maxExecutionTime", "billing.tier",
        "retention.archive.retention", "retention.workflowData", "retention.executionLogs", "retention.auditLogs",
        "retention.userData", "security.ipAllowlist", "billing.budgetAlerts",
    ].map { ($0, $0.split(separator: ".").map(String.init)) })
}
