import TenancyDiagnostics
import TenancyYAML

/// One document of the configuration, checked against its schema: the envelope decoded, the spec
/// kept as the loader's node (typed views of it are made by the kinds' models).
public struct Manifest: Sendable {
    public let kind: Kind
    public let name: String
    /// The whole document, for ranges.
    public let root: Node
    /// `spec`, absent only for a Project without one.
    public let spec: Node?
    /// Load order: the file's index in the high 32 bits, the document's in the low (0 when the
    /// manifest was not read by the loader). The first of two definitions of a name is the one kept.
    public internal(set) var ordinal = 0

    public var address: Address { Address(kind, name) }
    public var file: String { root.source.path }

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
    public var description: String? { root["metadata"]?["description"]?.string }

    public var labels: [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in root["metadata"]?["labels"]?.pairs ?? [] {
            if let k = key.string, let v = value.string { labels[k] = v }
        }
        return labels
    }

    public var previousNames: [String] { root["metadata"]?["previousNames"]?.items.compactMap(\.string) ?? [] }

    /// The node of `metadata.name`, where problems with the object as a whole are reported.
    public var nameNode: Node { root["metadata"]?["name"] ?? root }
}
