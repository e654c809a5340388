import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyYAML
import TenancyJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a manifest's desired attributes as canonical JSON straight from the loader's nodes,
/// through the one `JSONWriter`, without building a JSON tree: a no-op plan then compares texts
/// with the stored ones, and a tree is parsed only for a resource whose text differs (to show what
/// changed). Guided by the field catalog: units printed canonically, sets sorted; template
/// defaults merged under the workspace's own values (mappings key by key, anything else taken
/// whole from the workspace). Secrets are written as their reference only; the references met
/// are collected (`secrets`) for the desired-state step to resolve.
struct DesiredTextWriter {
    let tree: FieldCatalog.Tree
    var out: JSONWriter
    /// Canonical forms already computed: the same few durations, sizes, amounts and networks recur
    /// across thousands of workspaces, and parsing a decimal amount costs thousands of instructions.
    var units: CanonicalUnits
    /// The `secretRef`s met, by attribute path (`spec.slack.webhook`).
    private(set) var secrets: [SecretReference] = []
    /// Where the walk is, for naming a secret's path (`spec.slack.webhook`, list items as `[i]`).
    /// Keys point into the documents' bytes, valid during the walk.
    private var path: [PathStep] = []

    private enum PathStep {
        case key(UnsafeBufferPointer<UInt8>)
        case index(Int)
    }

    /// The two documents a merged walk reads: the manifest's, and its template's beneath it.
    private struct Layers: ~Escapable {
        let own: RawNodes
        let under: RawNodes?

        @_lifetime(copy own, copy under)
        init(own: RawNodes, under: RawNodes?) {
            self.own = own
            self.under = under
        }
    }

    /// A value in the walk: a node of the manifest, a node of the template beneath it, or both
    /// (then both are mappings, merged key by key).
    private struct Value {
        var own: Int32?
        var under: Int32?
    }

    /// `buffer`: a buffer to write into (emptied; its capacity reused).
    init(kind: Kind, catalog: FieldCatalog, depth: Int, units: CanonicalUnits, reusing buffer: [UInt8] = []) {
        tree = catalog.tree(for: kind)
        out = JSONWriter(depth: depth, reusing: buffer)
        self.units = units
    }

    /// `{"metadata": {…}, "spec": {…}}`, `defaults` merged under `spec`.
    mutating func writeAttributes(spec: Node?, defaults: Node?, metadata: JSON) {
        out.beginObject()
        out.key("metadata")
        out.json(metadata)
        out.key("spec")
        switch (spec, defaults) {
        case let (spec?, defaults?):
            spec.withRawNodes { own, ownID in
                defaults.withRawNodes { under, underID in
                    write(Value(own: ownID, under: underID), Layers(own: own, under: under), entry: 0)
                }
            }
        case let (node?, nil), let (nil, node?):
            node.withRawNodes { raw, id in write(Value(own: id, under: nil), Layers(own: raw, under: nil), entry: 0) }
        case (nil, nil):
            out.beginObject()
            out.endObject()
        }
        out.endObject()
    }

    // MARK: Values

    /// One value: the manifest's node, with the template's merged beneath when both are mappings.
    private mutating func write(_ value: Value, _ layers: Layers, entry: Int?) {
        guard let own = value.own else {
            if let under = value.under, let raw = layers.under {
                write(Value(own: under, under: nil), Layers(own: raw, under: nil), entry: entry)
            }
            return
        }
        let raw = layers.own
        switch raw.kind(own) {
        case .scalar:
            writeScalar(own, raw, entry: entry)
        case .sequence:
            writeSequence(own, raw, entry: entry)
        case .mapping:
            var beneath = value.under
            if let under = beneath, layers.under?.kind(under) != .mapping { beneath = nil }
            writeMapping(Value(own: own, under: beneath), layers, entry: entry)
        }
    }

    private mutating func writeScalar(_ id: Int32, _ raw: RawNodes, entry: Int?) {
        let bytes = raw.bytes(id)
        switch raw.scalarType(id) {
        case .null?:
            out.null()
        case .bool?:
            out.bool(CoreSchema.boolValue(String(decoding: bytes, as: UTF8.self)) == true)
        case .int?:
            let text = String(decoding: bytes, as: UTF8.self)
            out.number(CoreSchema.intValue(text).map(String.init) ?? text)
        case .float?:
            let text = String(decoding: bytes, as: UTF8.self)
            guard let value = CoreSchema.floatValue(text), value.isFinite else {
                out.string(bytes: bytes)
                return
            }
            // The state format's spelling of a float (docs/state-format.md): whole values below 10^15
            // as integers, the rest as Swift prints a Double. Part of the format: do not change.
            out.number(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
        default:
            if let unit = entry.flatMap({ tree.entries[$0].unit }) {
                out.string(units.canonical(String(decoding: bytes, as: UTF8.self), unit: unit))
            } else {
                out.string(bytes: bytes)
            }
        }
    }

    private mutating func writeSequence(_ id: Int32, _ raw: RawNodes, entry: Int?) {
        let count = raw.count(id)
        let itemEntry = entry.flatMap { tree.child($0, "[]") }
        let layers = Layers(own: raw, under: nil)
        var order = Array(0..<count)
        if let entry, tree.entries[entry].isSet, count > 1 {
            // A set prints sorted by each item's compact text, whatever the order written.
            var item = DesiredTextWriter(copying: self)
            swap(&item.units, &units)
            let keys = (0..<count).map { i -> [UInt8] in
                item.out = JSONWriter(layout: .compact, reusing: item.out.take())
                item.write(Value(own: raw.item(id, i), under: nil), layers, entry: itemEntry)
                return item.out.bytes
            }
            swap(&item.units, &units)
            order.sort { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        }
        out.beginArray()
        for i in order {
            path.append(.index(i))
            write(Value(own: raw.item(id, i), under: nil), layers, entry: itemEntry)
            path.removeLast()
        }
        out.endArray()
    }

    /// A member of a mapping being written: its key and its value in either layer.
    private struct Member {
        var key: UnsafeBufferPointer<UInt8>
        var value: Value
        /// Document order, template first: a key written twice keeps its last value.
        var order: Int
    }

    private mutating func writeMapping(_ value: Value, _ layers: Layers, entry: Int?) {
        var members: [Member] = []
        if let under = value.under, let raw = layers.under {
            raw.forEachPair(under) { key, item in
                if raw.kind(key) == .scalar { members.append(Member(key: raw.bytes(key), value: Value(own: nil, under: item), order: members.count)) }
            }
        }
        if let own = value.own {
            let raw = layers.own
            raw.forEachPair(own) { key, item in
                if raw.kind(key) == .scalar { members.append(Member(key: raw.bytes(key), value: Value(own: item, under: nil), order: members.count)) }
            }
        }
        // Byte order, as the writer requires keys; one key given twice keeps the later value.
        members.sort { a, b in
            let order = Self.compare(a.key, b.key)
            return order == 0 ? a.order < b.order : order < 0
        }
        // Fold the members of one key: the manifest's value over the template's, the last of each.
        var merged: [Member] = []
        merged.reserveCapacity(members.count)
        for member in members {
            if let last = merged.last, Self.compare(last.key, member.key) == 0 {
                if let own = member.value.own { merged[merged.count - 1].value.own = own }
                if let under = member.value.under { merged[merged.count - 1].value.under = under }
            } else {
                merged.append(member)
            }
        }
        if merged.count == 1, merged[0].key.elementsEqual("secretRef".utf8) {
            noteSecret(merged[0].value, in: value, layers)
        }
        out.beginObject()
        for member in merged {
            out.key(bytes: member.key)
            path.append(.key(member.key))
            let child = entry.flatMap { tree.child($0, bytes: member.key) }
            write(member.value, layers, entry: child)
            path.removeLast()
        }
        out.endObject()
    }

    /// `{secretRef: REF}`: the reference is written like any value; it is recorded for resolving.
    private mutating func noteSecret(_ secret: Value, in mapping: Value, _ layers: Layers) {
        if let own = secret.own {
            noteSecret(own, layers.own, mapping: mapping.own.map { layers.own.node($0) })
        } else if let under = secret.under, let raw = layers.under {
            noteSecret(under, raw, mapping: mapping.own.map { layers.own.node($0) })
        }
    }

    private mutating func noteSecret(_ id: Int32, _ raw: RawNodes, mapping: Node?) {
        guard raw.kind(id) == .scalar else { return }
        let at = mapping ?? raw.node(id)
        secrets.append(SecretReference(path: pathText, reference: String(decoding: raw.bytes(id), as: UTF8.self), range: at.range))
    }

    // MARK: Text

    private init(copying other: DesiredTextWriter) {
        tree = other.tree
        out = JSONWriter(layout: .compact)
        units = CanonicalUnits()
    }

    /// Byte order, as the canonical writer sorts keys (memcmp, then length).
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    private var pathText: String {
        var text = "spec"
        for step in path {
            switch step {
            case let .key(name): text += "." + String(decoding: name, as: UTF8.self)
            case let .index(i): text += "[\(i)]"
            }
        }
        return text
    }
}

/// A `secretRef` a desired resource names, for the desired-state step to resolve (and digest).
struct SecretReference: Sendable {
    /// The attribute path of the secret's mapping (`spec.slack.webhook`).
    let path: String
    /// `env:NAME` or `file:PATH`.
    let reference: String
    /// Where the manifest names it, for diagnostics.
    let range: SourceRange?
}

/// Memoised canonical forms of unit values (`15m`, `2TiB`, `"199.99"`, `10.0.0.0/8`).
struct CanonicalUnits: Sendable {
    private var known: [FieldCatalog.Unit: [String: String]] = [:]

    mutating func canonical(_ text: String, unit: FieldCatalog.Unit) -> String {
        if let hit = known[unit]?[text] { return hit }
        let value = Self.canonical(text, unit: unit)
        known[unit, default: [:]][text] = value
        return value
    }

    static func canonical(_ text: String, unit: FieldCatalog.Unit) -> String {
        switch unit {
        case .duration: return TimeSpan(text)?.description ?? text
        case .size: return ByteSize(text)?.description ?? text
        case .money: return Money.canonicalText(text) ?? Money(text)?.description ?? text
        case .cidr: return CIDR.isCanonicalIPv4(text) ? text : (try? CIDR.parse(text).get())?.description ?? text
        }
    }
}
