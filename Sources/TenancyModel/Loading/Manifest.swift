import TenancyDiagnostics
import TenancyYAML

/// One document of the configuration, checked against its schema: the envelope decoded, the spec
/// kept as the loader's node (typed views of it are made by the kinds' models).
package struct Manifest: Sendable {
    package let kind: Kind
    package let name: String
    /// The whole document, for ranges.
    package let root: Node
    /// `spec`, absent only for a Project without one.
    package let spec: Node?
    /// Load order: the file's index in the high 32 bits, the document's in the low (0 when the
    /// manifest was not read by the loader). The first of two definitions of a name is the one kept.
    package internal(set) var ordinal = 0

    package var address: Address { Address(kind, name) }
    package var file: String { root.source.path }

    /// Decodes the envelope of a document that passed the schema; nil if it somehow lacks one.
    init?(root: Node) {
        guard let kindText = root["kind"]?.string, let kind = Kind(rawValue: kindText),
              let metadata = root["metadata"], let name = metadata["name"]?.string else { return nil }
        self.kind = kind
        self.name = name
        self.root = root
        self.spec = root["spec"]
    }

    // Read on demand: validation of 10,000 manifests needs only kind, name and spec.
    package var description: String? { root["metadata"]?["description"]?.string }

    package var labels: [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in root["metadata"]?["labels"]?.pairs ?? [] {
            if let k = key.string, let v = value.string { labels[k] = v }
        }
        return labels
    }

    package var previousNames: [String] { root["metadata"]?["previousNames"]?.items.compactMap(\.string) ?? [] }

    /// The node of `metadata.name`, where problems with the object as a whole are reported.
    package var nameNode: Node { root["metadata"]?["name"] ?? root }
}
