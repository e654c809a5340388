import TenancyEngine
import TenancyJSON

/// The names applied workspaces were renamed from (`metadata.previousNames`), by previous name:
/// usage recorded under a workspace's previous name is that workspace's usage (billed, reported
/// and counted against its quotas), and an older state version that holds it under its previous
/// name gives its settings for the days before the rename. A previous name that is an applied
/// workspace's name again (a name reused) stays that workspace's.
package enum WorkspaceAliases {
    package static func of(_ state: State) -> [String: String] {
        var current = Set<String>()
        var renamed: [(name: String, previous: [String])] = []
        for (address, entry) in state.resources where address.kind == .workspace {
            current.insert(address.name)
            let previous = entry.resource.readAttributes(at: ["metadata", "previousNames"],
                                                         stored: { $0?.arrayValue?.compactMap(\.stringValue) ?? [] },
                                                         tree: { $0?.arrayValue?.compactMap(\.stringValue) ?? [] })
            if !previous.isEmpty { renamed.append((address.name, previous)) }
        }
        var aliases: [String: String] = [:]
        // In name order, so that two workspaces claiming one previous name (the loader refuses it)
        // resolve the same way every run.
        for (name, previous) in renamed.sorted(by: { $0.name < $1.name }) {
            for old in previous where !current.contains(old) && aliases[old] == nil { aliases[old] = name }
        }
        return aliases
    }

    /// `settings` (an older version's workspaces, by the names they had) under the names they
    /// have now.
    package static func renaming(_ settings: [String: WorkspaceSettings], _ aliases: [String: String]) -> [String: WorkspaceSettings] {
        guard !aliases.isEmpty else { return settings }
        var out = settings
        for (old, value) in settings {
            guard let name = aliases[old], settings[name] == nil else { continue }
            out[old] = nil
            out[name] = value
        }
        return out
    }
}
