import TenancyDiagnostics

/// One fixed-size record per node; scalars point into the document's text bytes, collections into
/// its child-index array. Keeping nodes flat (rather than a tree of class instances) is what lets
/// the loader run close to libyaml's own speed with a tree a small multiple of the text's size.
@usableFromInline
struct NodeRecord: Sendable, BitwiseCopyable {
    @usableFromInline var kind: Node.Kind
    @usableFromInline var scalarType: Node.ScalarType
    @usableFromInline var style: Node.Style
    @usableFromInline var startLine: UInt32
    @usableFromInline var startColumn: UInt32
    @usableFromInline var endLine: UInt32
    @usableFromInline var endColumn: UInt32
    /// Scalar: offset into `text`; collection: offset into `children`.
    @usableFromInline var payloadStart: UInt32
    /// Scalar: byte count; sequence: item count; mapping: 2 × pair count (keys and values alternate).
    @usableFromInline var payloadCount: UInt32
}

/// The immutable arena of one document, shared by all its `Node` views.
@usableFromInline
final class DocumentStorage: Sendable {
    @usableFromInline let source: SourceFile
    @usableFromInline let records: [NodeRecord]
    @usableFromInline let children: [Int32]
    @usableFromInline let text: [UInt8]
    /// Explicit tags by node index: rare in manifests, so kept out of the records.
    @usableFromInline let tags: [Int32: String]

    init(source: SourceFile, records: [NodeRecord], children: [Int32], text: [UInt8], tags: [Int32: String]) {
        self.source = source
        self.records = records
        self.children = children
        self.text = text
        self.tags = tags
    }
}

/// A YAML document of a file (one of possibly several separated by `---`).
public struct YAMLDocument: Sendable {
    /// The document's top node.
    public let root: Node
    /// 0-based position of the document in its file.
    public let index: Int
    /// Where the document starts (its `---` line when there is one).
    public let start: Mark

    init(storage: DocumentStorage, root: Int32, index: Int, start: Mark) {
        self.root = Node(storage: storage, index: root)
        self.index = index
        self.start = start
    }

    public var source: SourceFile { root.source }
    /// How many node records the document holds (aliases share records and count once).
    public var nodeCount: Int { root.storage.records.count }

    /// The memory the document's tree holds (records, child indexes, scalar bytes), for measuring
    /// how it compares to the text it came from.
    public var approximateByteSize: Int {
        let s = root.storage
        return s.records.count * MemoryLayout<NodeRecord>.stride + s.children.count * 4 + s.text.count
    }
}

extension YAMLDocument {
    /// Visits every string scalar of the document (keys included) in arena order, by bytes, without
    /// walking the tree or creating nodes: for whole-document scans such as secret detection.
    /// `node(id)` turns an id into a Node when one is needed.
    public func forEachStringScalar(_ body: (_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) {
        let storage = root.storage
        storage.records.withUnsafeBufferPointer { records in
            storage.text.withUnsafeBufferPointer { text in
                for (i, r) in records.enumerated() where r.kind == .scalar && r.scalarType == .string {
                    body(Int32(i), UnsafeBufferPointer(rebasing: text[Int(r.payloadStart)..<Int(r.payloadStart + r.payloadCount)]))
                }
            }
        }
    }

    /// Visits every key/value pair of every mapping of the document, by ids.
    public func forEachMappingPair(_ body: (_ key: Int32, _ value: Int32) -> Void) {
        let storage = root.storage
        storage.records.withUnsafeBufferPointer { records in
            storage.children.withUnsafeBufferPointer { children in
                for r in records where r.kind == .mapping {
                    var i = Int(r.payloadStart)
                    let end = i + Int(r.payloadCount)
                    while i < end { body(children[i], children[i + 1]); i += 2 }
                }
            }
        }
    }


    public func node(_ id: Int32) -> Node { Node(storage: root.storage, index: id) }
}
