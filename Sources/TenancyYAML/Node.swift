import TenancyDiagnostics

/// A node of a loaded YAML document: a light view (storage + index) into the document's arena.
/// Copying a node is a reference-count increment; nodes that an alias names are shared, not copied.
public struct Node: Sendable {
    public enum Kind: UInt8, Sendable, Hashable, BitwiseCopyable {
        case scalar, sequence, mapping
    }

    /// The YAML 1.2 core-schema type of a scalar, resolved once at load time.
    public enum ScalarType: UInt8, Sendable, Hashable, BitwiseCopyable {
        case null, bool, int, float, string
    }

    /// How the node was written; tools that print values back use it, and error messages can tell
    /// `"1"` (a string) from `1`.
    public enum Style: UInt8, Sendable, Hashable, BitwiseCopyable {
        case plain, singleQuoted, doubleQuoted, literal, folded, block, flow
    }

    // Inlinable internals: the schema validator walks millions of nodes, and a call across the
    // module boundary per property read would cost more than the reads themselves.
    @usableFromInline let storage: DocumentStorage
    @usableFromInline let index: Int32

    @inlinable
    init(storage: DocumentStorage, index: Int32) {
        self.storage = storage
        self.index = index
    }

    @inlinable @inline(__always) var record: NodeRecord { storage.records[Int(index)] }

    /// Identifies a node within its loaded document: equal for the two uses of one anchored value.
    /// Schema compilers key subschemas by it.
    public struct Identity: Hashable, Sendable {
        @usableFromInline let storage: ObjectIdentifier
        @usableFromInline let index: Int32

        @inlinable init(storage: ObjectIdentifier, index: Int32) {
            self.storage = storage
            self.index = index
        }
    }

    @inlinable
    public var identity: Identity { Identity(storage: ObjectIdentifier(storage), index: index) }

    /// The item of a sequence at `position`, nil when out of range or not a sequence.
    @inlinable
    public func item(at position: Int) -> Node? {
        let r = record
        guard r.kind == .sequence, position >= 0, position < Int(r.payloadCount) else { return nil }
        return Node(storage: storage, index: storage.children[Int(r.payloadStart) + position])
    }

    /// Calls `body` for each pair without building an array: the validator's inner loop.
    @inline(__always)
    @inlinable
    public func forEachPair(_ body: (_ key: Node, _ value: Node) throws -> Void) rethrows {
        let r = record
        guard r.kind == .mapping else { return }
        var i = Int(r.payloadStart)
        let end = i + Int(r.payloadCount)
        while i < end {
            try body(Node(storage: storage, index: storage.children[i]), Node(storage: storage, index: storage.children[i + 1]))
            i += 2
        }
    }

    /// Calls `body` for each item of a sequence without building an array.
    @inline(__always)
    @inlinable
    public func forEachItem(_ body: (_ offset: Int, _ item: Node) throws -> Void) rethrows {
        let r = record
        guard r.kind == .sequence else { return }
        let start = Int(r.payloadStart)
        for i in 0..<Int(r.payloadCount) {
            try body(i, Node(storage: storage, index: storage.children[start + i]))
        }
    }

    @inlinable
    public var kind: Kind { record.kind }
    @inlinable
    public var style: Style { record.style }
    /// The scalar's resolved type; nil for collections.
    @inlinable
    public var scalarType: ScalarType? { record.kind == .scalar ? record.scalarType : nil }
    /// The explicit tag as written, expanded (`tag:yaml.org,2002:str`, `!local`); nil when implicit.
    public var tag: String? { storage.tags.isEmpty ? nil : storage.tags[index] }

    @inlinable
    public var isNull: Bool { record.kind == .scalar && record.scalarType == .null }
    @inlinable
    public var isScalar: Bool { record.kind == .scalar }
    @inlinable
    public var isMapping: Bool { record.kind == .mapping }
    @inlinable
    public var isSequence: Bool { record.kind == .sequence }

    /// The file this node was read from.
    @inlinable
    public var source: SourceFile { storage.source }

    public var start: Mark { Mark(line: Int(record.startLine), column: Int(record.startColumn)) }
    public var end: Mark { Mark(line: Int(record.endLine), column: Int(record.endColumn)) }

    /// The node's span with byte offsets, for diagnostics.
    public var range: SourceRange {
        let r = record
        return SourceRange(
            filename: storage.source.path,
            start: storage.source.location(line: Int(r.startLine), column: Int(r.startColumn)),
            end: storage.source.location(line: Int(r.endLine), column: Int(r.endColumn))
        )
    }

    // MARK: Scalars

    /// The scalar's text after YAML processing (quotes removed, escapes and folding applied); nil
    /// for collections.
    @inlinable
    public var string: String? {
        let r = record
        guard r.kind == .scalar else { return nil }
        return storage.text.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(r.payloadStart)..<Int(r.payloadStart + r.payloadCount)]),
                   as: UTF8.self)
        }
    }

    /// Calls `body` with the scalar's UTF-8 bytes without creating a String: the fast path for
    /// comparing keys and enum values.
    @inlinable
    public func withScalarBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        let r = record
        guard r.kind == .scalar else { return nil }
        return try storage.text.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[Int(r.payloadStart)..<Int(r.payloadStart + r.payloadCount)]))
        }
    }

    /// True when this is a scalar whose text is exactly `text`.
    @inlinable
    public func scalarEquals(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { wanted in scalarEquals(wanted) }
    }

    /// True when this is a scalar whose bytes are exactly `wanted`.
    @inlinable
    public func scalarEquals(_ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = record
        guard r.kind == .scalar, Int(r.payloadCount) == wanted.count else { return false }
        if wanted.isEmpty { return true }
        return storage.text.withUnsafeBufferPointer { buffer in
            memcmp(buffer.baseAddress! + Int(r.payloadStart), wanted.baseAddress!, wanted.count) == 0
        }
    }

    @inlinable
    public var bool: Bool? {
        guard scalarType == .bool, let text = string else { return nil }
        return CoreSchema.boolValue(text)
    }

    /// The value of an integer scalar (decimal, `0x`, `0o`); nil when it is not one or overflows.
    @inlinable
    public var int: Int? {
        guard scalarType == .int, let text = string else { return nil }
        return CoreSchema.intValue(text)
    }

    /// The value of a float or integer scalar (`.inf`, `.nan` included).
    @inlinable
    public var double: Double? {
        guard let type = scalarType, type == .float || type == .int, let text = string else { return nil }
        return type == .int ? CoreSchema.intValue(text).map(Double.init) : CoreSchema.floatValue(text)
    }

    // MARK: Collections

    /// The number of items of a sequence or pairs of a mapping; 0 for scalars.
    @inlinable
    public var count: Int {
        let r = record
        switch r.kind {
        case .scalar: return 0
        case .sequence: return Int(r.payloadCount)
        case .mapping: return Int(r.payloadCount) / 2
        }
    }

    /// The items of a sequence (empty for other kinds).
    @inlinable
    public var items: [Node] {
        let r = record
        guard r.kind == .sequence else { return [] }
        let start = Int(r.payloadStart)
        return (0..<Int(r.payloadCount)).map { Node(storage: storage, index: storage.children[start + $0]) }
    }

    /// The pairs of a mapping in document order (merged pairs stand where their `<<` stood).
    @inlinable
    public var pairs: [(key: Node, value: Node)] {
        let r = record
        guard r.kind == .mapping else { return [] }
        let start = Int(r.payloadStart)
        return stride(from: 0, to: Int(r.payloadCount), by: 2).map {
            (Node(storage: storage, index: storage.children[start + $0]),
             Node(storage: storage, index: storage.children[start + $0 + 1]))
        }
    }

    /// The value for a scalar key in a mapping; nil if absent or not a mapping.
    @inlinable
    public subscript(key: String) -> Node? {
        pair(forKey: key)?.value
    }

    /// The key and value for a scalar key: diagnostics about a field point at its key.
    @inlinable
    public func pair(forKey key: String) -> (key: Node, value: Node)? {
        var key = key
        return key.withUTF8 { pair(forKey: $0) }
    }

    /// The pair whose scalar key has exactly these bytes.
    @inlinable
    public func pair(forKey wanted: UnsafeBufferPointer<UInt8>) -> (key: Node, value: Node)? {
        withRawNodes { raw, id in
            raw.pair(id, forKey: wanted).map { (raw.node($0.key), raw.node($0.value)) }
        }
    }

}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
