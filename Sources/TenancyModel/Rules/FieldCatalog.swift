import Foundation
import TenancyDiagnostics
import TenancyYAML

/// What the schema says about each field beyond its shape: which strings are units (printed back
/// canonically: `2160h` becomes `90d`) and which lists are sets (compared without regard to order).
/// Derived from the embedded schema itself, so that it cannot disagree with it.
package struct FieldCatalog: Sendable {
    package enum Unit: String, Sendable { case duration, size, money, cidr }

    /// Paths under `spec`, lists written as `name[]`: `policy.sessionTimeout.idle`, `security.ipAllowlist[]`.
    package let units: [Kind: [String: Unit]]
    package let sets: [Kind: Set<String>]

    /// The same facts as a tree of path components (`[]` for list items), so that a walk over a
    /// document can follow it key by key instead of building a path string per node.
    package struct Tree: Sendable {
        package struct Entry: Sendable {
            package var children: [String: Int] = [:]
            package var unit: Unit?
            package var isSet = false
        }

        package private(set) var entries: [Entry] = [Entry()]

        /// The child of `index` for a key (or `[]`), if the schema knows it.
        @inline(__always)
        package func child(_ index: Int, _ component: String) -> Int? { entries[index].children[component] }

        /// The children again, for lookups by a key's UTF-8 bytes without making a String: per
        /// entry a run of `byteChildren` (entries have a few dozen children at most: a scan of
        /// byte ranges beats hashing), keys stored back to back in `keyBytes`.
        private var byteRuns: [(start: Int32, count: Int32)] = [(0, 0)]
        private var byteChildren: [(keyStart: Int32, keyCount: Int32, child: Int32)] = []
        private var keyBytes: [UInt8] = []

        /// The child of `index` for a key given as UTF-8 bytes.
        package func child(_ index: Int, bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            byteChildren.withUnsafeBufferPointer { children in
                keyBytes.withUnsafeBufferPointer { keys in
                    let run = byteRuns[index]
                    for i in Int(run.start)..<Int(run.start + run.count) {
                        let child = children[i]
                        guard Int(child.keyCount) == bytes.count else { continue }
                        if bytes.isEmpty || memcmp(keys.baseAddress! + Int(child.keyStart), bytes.baseAddress!, bytes.count) == 0 {
                            return Int(child.child)
                        }
                    }
                    return nil
                }
            }
        }

        private mutating func rebuildByteIndex() {
            byteRuns = []
            byteChildren = []
            keyBytes = []
            for entry in entries {
                byteRuns.append((Int32(byteChildren.count), Int32(entry.children.count)))
                for (key, child) in entry.children {
                    byteChildren.append((Int32(keyBytes.count), Int32(key.utf8.count), Int32(child)))
                    keyBytes.append(contentsOf: key.utf8)
                }
            }
        }

        mutating func insert(_ path: String, unit: Unit?, isSet: Bool) {
            var index = 0
            for component in Self.components(path) {
                if let next = entries[index].children[component] {
                    index = next
                } else {
                    entries.append(Entry())
                    entries[index].children[component] = entries.count - 1
                    index = entries.count - 1
                }
            }
            if let unit { entries[index].unit = unit }
            if isSet { entries[index].isSet = true }
            rebuildByteIndex()
        }

        static func components(_ path: String) -> [String] {
            var result: [String] = []
            for part in path.split(separator: ".") {
                var name = String(part)
                var lists = 0
                while name.hasSuffix("[]") { name.removeLast(2); lists += 1 }
                if !name.isEmpty { result.append(name) }
                result.append(contentsOf: repeatElement("[]", count: lists))
            }
            return result
        }
    }

    /// Per kind, the tree of `units` and `sets`, built once.
    package func tree(for kind: Kind) -> Tree { trees[kind] ?? Tree() }

    private var trees: [Kind: Tree] = [:]

    init(units: [Kind: [String: Unit]], sets: [Kind: Set<String>]) {
        self.units = units
        self.sets = sets
        for kind in Kind.allCases {
            var tree = Tree()
            for (path, unit) in units[kind] ?? [:] { tree.insert(path, unit: unit, isSet: false) }
            for path in sets[kind] ?? [] { tree.insert(path, unit: nil, isSet: true) }
            trees[kind] = tree
        }
    }

    package static let builtIn: FieldCatalog = {
        var units: [Kind: [String: Unit]] = [:]
        var sets: [Kind: Set<String>] = [:]
        let text = EmbeddedSchemas.files.first { $0.name == "tenancy.schema.json" }?.text ?? "{}"
        guard let bundle = YAMLLoader().load(string: text, path: "schema/tenancy.schema.json").documents.first?.root,
              let definitions = bundle["definitions"] else { return FieldCatalog(units: [:], sets: [:]) }
        for kind in Kind.allCases {
            guard let spec = definitions[kind.rawValue]?["properties"]?["spec"] else { continue }
            var kindUnits: [String: Unit] = [:]
            var kindSets: Set<String> = []
            walk(spec, path: "", definitions: definitions, units: &kindUnits, sets: &kindSets, depth: 0)
            units[kind] = kindUnits
            sets[kind] = kindSets
        }
        return FieldCatalog(units: units, sets: sets)
    }()

    /// Follows `$ref` (or a description wrapper `allOf: [{$ref}]`) to a definition's name and node.
    private static func resolve(_ node: Node, _ definitions: Node) -> (name: String?, node: Node) {
        var current = node
        var name: String?
        for _ in 0..<8 {
            if let ref = current["$ref"]?.string, ref.hasPrefix("#/definitions/") {
                let target = String(ref.dropFirst("#/definitions/".count))
                guard let next = definitions[target] else { break }
                name = target
                current = next
            } else if let all = current["allOf"], all.count == 1, let only = all.item(at: 0), only["$ref"] != nil {
                current = only
            } else {
                break
            }
        }
        return (name, current)
    }

    private static func walk(_ node: Node, path: String, definitions: Node, units: inout [String: Unit],
                             sets: inout Set<String>, depth: Int) {
        guard depth < 32 else { return }
        let (name, schema) = resolve(node, definitions)
        if let name, let unit = Unit(rawValue: name) {
            units[path] = unit
            return
        }
        if let properties = schema["properties"] {
            for (key, child) in properties.pairs {
                guard let field = key.string else { continue }
                walk(child, path: path.isEmpty ? field : path + "." + field, definitions: definitions,
                     units: &units, sets: &sets, depth: depth + 1)
            }
        }
        if let items = schema["items"], items.isMapping {
            if schema["uniqueItems"]?.bool == true { sets.insert(path) }
            walk(items, path: path + "[]", definitions: definitions, units: &units, sets: &sets, depth: depth + 1)
        }
    }
}
