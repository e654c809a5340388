import TenancyDiagnostics

/// One fixed-size record per node; scalars point into the document's text bytes, collections into
/// its child-index array. Keeping nodes flat (rather than a tree of class instances) is what lets
/// the loader run close to libyaml's own speed with a tree a small multiple of the text's size.
struct NodeRecord: Sendable, BitwiseCopyable {
    var kind: Node.Kind
    var scalarType: Node.ScalarType
    var style: Node.Style
    var startLine: UInt32
    var startColumn: UInt32
    var endLine: UInt32
    var endColumn: UInt32
    /// Scalar: offset into `text`; collection: offset into `children`.
    var payloadStart: UInt32
    /// Scalar: byte count; sequence: item count; mapping: 2 × pair count (keys and values alternate).
    var payloadCount: UInt32
}

/// The immutable arena of one document, shared by all its `Node` views.
final class DocumentStorage: Sendable {
    let source: SourceFile
    let records: [NodeRecord]
    let children: [Int32]
    let text: [UInt8]
    /// Explicit tags by node index: rare in manifests, so kept out of the records.
    let tags: [Int32: String]

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
