import TenancyYAML

/// The schema documents known to a compilation, indexed the way draft 7 resolves references: by
/// document URI, by `$id` (absolute or `#plain-name`), and by JSON pointer from each resource.
public struct SchemaRegistry {
    /// Loads a document for a URI no registered document has (e.g. the conformance suite's
    /// `http://localhost:1234/…` remotes, served from disk). Nil: unknown.
    public var loader: ((String) -> Node?)?

    private(set) var resources: [String: Node] = [:]
    private(set) var bases: [Node.Identity: String] = [:]

    public init(loader: ((String) -> Node?)? = nil) {
        self.loader = loader
    }

    /// Registers a document under `uri` (and under every `$id` inside it).
    public mutating func add(_ root: Node, uri: String) {
        let base = URIReference.normalized(uri)
        resources[base] = root
        index(root, base: base, pointer: "")
    }

    private static let singleSubschemas = ["additionalItems", "additionalProperties", "contains", "propertyNames",
                                           "not", "if", "then", "else"]
    private static let arraySubschemas = ["allOf", "anyOf", "oneOf"]
    private static let mapSubschemas = ["definitions", "properties", "patternProperties", "dependencies"]

    private mutating func index(_ node: Node, base: String, pointer: String) {
        guard node.isMapping else { return }
        var base = base
        var pointer = pointer
        // Draft 7: `$id` beside `$ref` is ignored, like every other sibling of `$ref`.
        if node["$ref"] == nil, let id = node["$id"]?.string, node["$id"]?.scalarType == .string {
            let resolved = URIReference.resolve(id, against: base)
            if id.hasPrefix("#") {
                resources[resolved] = node
            } else {
                base = resolved
                resources[URIReference.withoutFragment(resolved)] = node
                pointer = ""
            }
        }
        bases[node.identity] = base
        resources[URIReference.withoutFragment(base) + "#" + pointer] = node
        func escape(_ token: String) -> String {
            token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.string else { continue }
            if Self.singleSubschemas.contains(key) || (key == "items" && value.isMapping) {
                index(value, base: base, pointer: pointer + "/" + key)
            } else if Self.arraySubschemas.contains(key) || (key == "items" && value.isSequence) {
                for (i, item) in value.items.enumerated() { index(item, base: base, pointer: "\(pointer)/\(key)/\(i)") }
            } else if Self.mapSubschemas.contains(key) {
                for (name, sub) in value.pairs {
                    index(sub, base: base, pointer: "\(pointer)/\(key)/\(escape(name.string ?? ""))")
                }
            }
        }
    }

    func base(of node: Node, default fallback: String) -> String {
        bases[node.identity] ?? fallback
    }

    /// The node an absolute reference names, loading remote documents on demand.
    mutating func node(for uri: String) -> Node? {
        let uri = URIReference.normalized(uri)
        if let found = resources[uri] { return found }
        let document = URIReference.withoutFragment(uri)
        if resources[document] == nil, let loader, let loaded = loader(document) {
            add(loaded, uri: document)
            if let found = resources[uri] { return found }
        }
        guard let root = resources[document] ?? resources[document + "#"], let fragment = URIReference.fragment(uri),
              let tokens = URIReference.pointerTokens(fragment) else { return nil }
        var current = root
        for token in tokens {
            if current.isMapping, let next = current[token] {
                current = next
            } else if current.isSequence, let i = Int(token), let next = current.item(at: i) {
                current = next
            } else {
                return nil
            }
        }
        return current
    }
}
