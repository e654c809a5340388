import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancyYAML

/// Writes a manifest's desired attributes as canonical JSON text straight from the loader's nodes,
/// byte for byte what `JSON.canonicalText(indent:)` prints for the same value, without building a
/// JSON tree: a no-op plan then compares texts with the stored ones, and a tree is parsed only for
/// a resource whose text differs (to show what changed). Guided by the field catalog: units
/// printed canonically, sets sorted; template defaults merged under the workspace's own values
/// (mappings key by key, anything else taken whole from the workspace); secrets as their
/// reference, with the digest of their value on the side.
struct CanonicalWriter {
    let tree: FieldCatalog.Tree
    let secrets: DesiredState.SecretSource
    let manifest: Manifest
    var out: [UInt8] = []
    /// Canonical forms already computed: the same few durations, sizes, amounts and networks recur
    /// across thousands of workspaces, and parsing a decimal amount costs thousands of instructions.
    /// Handed from one resource's writer to the next (`units`).
    var units = CanonicalUnits()
    private(set) var diagnostics = Diagnostics()
    private(set) var digests: [String: String] = [:]
    /// Where the walk is, for naming a secret's path (`spec.slack.webhook`, list items as `[i]`).
    /// Keys point into the documents' bytes, valid during the walk.
    private var path: [PathStep] = []

    private enum PathStep {
        case key(UnsafeBufferPointer<UInt8>)
        case index(Int)
    }

    /// The two documents a merged walk reads: the manifest's, and its template's beneath it.
    private struct Layers {
        let own: RawNodes
        let under: RawNodes?
    }

    /// A value in the walk: a node of the manifest, a node of the template beneath it, or both
    /// (then both are mappings, merged key by key).
    private struct Value {
        var own: Int32?
        var under: Int32?
    }

    init(kind: Kind, catalog: FieldCatalog, secrets: DesiredState.SecretSource, manifest: Manifest) {
        tree = catalog.tree(for: kind)
        self.secrets = secrets
        self.manifest = manifest
    }

    /// `{"metadata": {…}, "spec": {…}}` nested at `indent`, `defaults` merged under `spec`.
    mutating func writeAttributes(spec: Node?, defaults: Node?, metadata: JSON, indent: Int) {
        out.reserveCapacity(4096)
        append("{\n")
        newline(indent + 1)
        append("\"metadata\": ")
        append(metadata.canonicalText(indent: indent + 1))
        append(",\n")
        newline(indent + 1)
        append("\"spec\": ")
        switch (spec, defaults) {
        case let (spec?, defaults?):
            spec.withRawNodes { own, ownID in
                defaults.withRawNodes { under, underID in
                    write(Value(own: ownID, under: underID), Layers(own: own, under: under), entry: 0, indent: indent + 1, pretty: true)
                }
            }
        case let (node?, nil), let (nil, node?):
            node.withRawNodes { raw, id in
                write(Value(own: id, under: nil), Layers(own: raw, under: nil), entry: 0, indent: indent + 1, pretty: true)
            }
        case (nil, nil):
            append("{}")
        }
        append("\n")
        newline(indent)
        append("}")
    }

    // MARK: Values

    /// One value: the manifest's node, with the template's merged beneath when both are mappings.
    private mutating func write(_ value: Value, _ layers: Layers, entry: Int?, indent: Int, pretty: Bool) {
        guard let own = value.own else {
            if let under = value.under, let raw = layers.under {
                write(Value(own: under, under: nil), Layers(own: raw, under: nil), entry: entry, indent: indent, pretty: pretty)
            }
            return
        }
        let raw = layers.own
        switch raw.kind(own) {
        case .scalar:
            writeScalar(own, raw, entry: entry)
        case .sequence:
            writeSequence(own, raw, entry: entry, indent: indent, pretty: pretty)
        case .mapping:
            var beneath = value.under
            if let under = beneath, layers.under?.kind(under) != .mapping { beneath = nil }
            writeMapping(Value(own: own, under: beneath), layers, entry: entry, indent: indent, pretty: pretty)
        }
    }

    private mutating func writeScalar(_ id: Int32, _ raw: RawNodes, entry: Int?) {
        let bytes = raw.bytes(id)
        switch raw.scalarType(id) {
        case .null?:
            append("null")
        case .bool?:
            append(CoreSchema.boolValue(String(decoding: bytes, as: UTF8.self)) == true ? "true" : "false")
        case .int?:
            let text = String(decoding: bytes, as: UTF8.self)
            append(CoreSchema.intValue(text).map(String.init) ?? text)
        case .float?:
            let text = String(decoding: bytes, as: UTF8.self)
            guard let value = CoreSchema.floatValue(text), value.isFinite else {
                writeString(bytes)
                return
            }
            append(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
        default:
            if let unit = entry.flatMap({ tree.entries[$0].unit }) {
                writeString(units.canonical(String(decoding: bytes, as: UTF8.self), unit: unit))
            } else {
                writeString(bytes)
            }
        }
    }

    private mutating func writeSequence(_ id: Int32, _ raw: RawNodes, entry: Int?, indent: Int, pretty: Bool) {
        let count = raw.count(id)
        if count == 0 {
            append("[]")
            return
        }
        let itemEntry = entry.flatMap { tree.child($0, "[]") }
        let layers = Layers(own: raw, under: nil)
        var order = Array(0..<count)
        if let entry, tree.entries[entry].isSet {
            // A set prints sorted by each item's compact text, whatever the order written.
            var item = CanonicalWriter(copying: self)
            swap(&item.units, &units)
            let keys = (0..<count).map { i -> [UInt8] in
                item.out.removeAll(keepingCapacity: true)
                item.write(Value(own: raw.item(id, i), under: nil), layers, entry: itemEntry, indent: 0, pretty: false)
                return item.out
            }
            swap(&item.units, &units)
            order.sort { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        }
        append("[")
        for (position, i) in order.enumerated() {
            if position > 0 { append(",") }
            if pretty { newline(indent + 1, leadingNewline: true) }
            path.append(.index(i))
            write(Value(own: raw.item(id, i), under: nil), layers, entry: itemEntry, indent: indent + 1, pretty: pretty)
            path.removeLast()
        }
        if pretty { newline(indent, leadingNewline: true) }
        append("]")
    }

    /// A member of a mapping being written: its key and its value in either layer.
    private struct Member {
        var key: UnsafeBufferPointer<UInt8>
        var value: Value
        /// Document order, template first: a key written twice keeps its last value.
        var order: Int
    }

    private mutating func writeMapping(_ value: Value, _ layers: Layers, entry: Int?, indent: Int, pretty: Bool) {
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
        if members.isEmpty {
            append("{}")
            return
        }
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
            let secret = merged[0].value
            var found: (raw: RawNodes, id: Int32)?
            if let own = secret.own { found = (layers.own, own) } else if let under = secret.under, let raw = layers.under { found = (raw, under) }
            if let (raw, id) = found, raw.kind(id) == .scalar {
                let at = value.own.map { layers.own.node($0) } ?? raw.node(id)
                resolveSecret(String(decoding: raw.bytes(id), as: UTF8.self), at: at)
            }
        }
        append("{")
        for (i, member) in merged.enumerated() {
            if i > 0 { append(",") }
            if pretty { newline(indent + 1, leadingNewline: true) }
            writeString(member.key)
            append(pretty ? ": " : ":")
            path.append(.key(member.key))
            let child = entry.flatMap { tree.child($0, bytes: member.key) }
            write(member.value, layers, entry: child, indent: indent + 1, pretty: pretty)
            path.removeLast()
        }
        if pretty { newline(indent, leadingNewline: true) }
        append("}")
    }

    // MARK: Text

    private init(copying other: CanonicalWriter) {
        tree = other.tree
        secrets = other.secrets
        manifest = other.manifest
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Byte order, as the canonical writer sorts keys (memcmp, then length).
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    /// A newline (when asked) and the indentation of a nesting level, in one append.
    private mutating func newline(_ indent: Int, leadingNewline: Bool = false) {
        let spaces: StaticString = "\n                                                                "
        spaces.withUTF8Buffer { buffer in
            let start = leadingNewline ? 0 : 1
            let end = min(buffer.count, 1 + 2 * indent)
            if start < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end])) }
        }
        if 2 * indent > spaces.utf8CodeUnitCount - 1 {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent - (spaces.utf8CodeUnitCount - 1)))
        }
    }

    private mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { writeString($0) }
    }

    /// A JSON string, escaped as `JSON.writeString` escapes.
    private mutating func writeString(_ bytes: UnsafeBufferPointer<UInt8>) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                let hex = String(byte, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            }
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        out.append(UInt8(ascii: "\""))
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


    // MARK: Secrets

    /// Reads a secret to digest it; its value goes no further than this function.
    private mutating func resolveSecret(_ reference: String, at node: Node) {
        let path = pathText
        var value: [UInt8]?
        var problem = ""
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            value = secrets.environment[name].map { Array($0.utf8) }
            problem = "the environment variable \(name) is not set"
        } else if reference.hasPrefix("file:") {
            let relative = String(reference.dropFirst(5))
            let url = relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : secrets.root.appendingPathComponent(relative)
            value = (try? Data(contentsOf: url)).map { Array($0) }
            problem = "the file \(url.path) cannot be read"
        }
        guard let value else {
            diagnostics.append(.error(
                "secret.missing", "secret `\(reference)` is not available: \(problem)",
                detail: "Tenancy reads each secret at plan time to store a digest of it, so that a rotated secret shows as a change. The value itself is never stored or printed.",
                hint: reference.hasPrefix("env:") ? "export \(reference.dropFirst(4)) before running, or use file:PATH" : "create the file, or use env:NAME",
                range: node.range, path: path, address: manifest.address.description))
            return
        }
        digests[path] = SHA256.hex(value)
    }
}

/// Memoised canonical forms of unit values (`15m`, `2TiB`, `"199.99"`, `10.0.0.0/8`).
struct CanonicalUnits {
    private var known: [FieldCatalog.Unit: [String: String]] = [:]

    mutating func canonical(_ text: String, unit: FieldCatalog.Unit) -> String {
        if let hit = known[unit]?[text] { return hit }
        let value = Self.canonical(text, unit: unit)
        known[unit, default: [:]][text] = value
        return value
    }

    static func canonical(_ text: String, unit: FieldCatalog.Unit) -> String {
        switch unit {
        case .duration: return Duration(text)?.description ?? text
        case .size: return ByteSize(text)?.description ?? text
        case .money: return Money.canonicalText(text) ?? Money(text)?.description ?? text
        case .cidr: return CIDR.isCanonicalIPv4(text) ? text : (try? CIDR.parse(text).get())?.description ?? text
        }
    }
}
