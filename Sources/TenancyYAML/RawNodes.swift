/// A borrowed, index-based view of one document's nodes, for walks that visit every node (the
/// schema validator): nodes are `Int32` ids and nothing is reference-counted per node. Valid only
/// inside `Node.withRawNodes`, which keeps the document alive — and non-escapable, so that the
/// compiler refuses to let one out of that closure (stored, returned, captured by an escaping
/// closure): its pointers would dangle once the document is gone.
public struct RawNodes: ~Escapable {
    @usableFromInline let records: UnsafeBufferPointer<NodeRecord>
    @usableFromInline let children: UnsafeBufferPointer<Int32>
    @usableFromInline let text: UnsafeBufferPointer<UInt8>
    @usableFromInline unowned(unsafe) let storage: DocumentStorage

    @inlinable @_lifetime(borrow storage)
    init(records: UnsafeBufferPointer<NodeRecord>, children: UnsafeBufferPointer<Int32>, text: UnsafeBufferPointer<UInt8>,
         storage: borrowing DocumentStorage) {
        self.records = records
        self.children = children
        self.text = text
        self.storage = copy storage
    }

    @inlinable public func kind(_ id: Int32) -> Node.Kind { records[Int(id)].kind }

    /// The scalar's resolved type; nil for collections.
    @inlinable public func scalarType(_ id: Int32) -> Node.ScalarType? {
        let r = records[Int(id)]
        return r.kind == .scalar ? r.scalarType : nil
    }

    /// A scalar's bytes (empty for collections).
    @inlinable public func bytes(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        let r = records[Int(id)]
        guard r.kind == .scalar, r.payloadCount > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text.baseAddress! + Int(r.payloadStart), count: Int(r.payloadCount))
    }

    /// Items of a sequence, pairs of a mapping, 0 for scalars.
    @inlinable public func count(_ id: Int32) -> Int {
        let r = records[Int(id)]
        switch r.kind {
        case .scalar: return 0
        case .sequence: return Int(r.payloadCount)
        case .mapping: return Int(r.payloadCount) / 2
        }
    }

    /// The `k`th item of a sequence.
    @inlinable public func item(_ id: Int32, _ k: Int) -> Int32 { children[Int(records[Int(id)].payloadStart) + k] }

    @inlinable public func forEachPair(_ id: Int32, _ body: (_ key: Int32, _ value: Int32) -> Void) {
        let r = records[Int(id)]
        guard r.kind == .mapping else { return }
        var i = Int(r.payloadStart)
        let end = i + Int(r.payloadCount)
        while i < end {
            body(children[i], children[i + 1])
            i += 2
        }
    }

    @inlinable public func forEachItem(_ id: Int32, _ body: (_ offset: Int, _ item: Int32) -> Void) {
        let r = records[Int(id)]
        guard r.kind == .sequence else { return }
        let start = Int(r.payloadStart)
        for k in 0..<Int(r.payloadCount) { body(k, children[start + k]) }
    }

    /// The pair whose scalar key has exactly these bytes.
    @inlinable public func pair(_ id: Int32, forKey wanted: UnsafeBufferPointer<UInt8>) -> (key: Int32, value: Int32)? {
        let r = records[Int(id)]
        guard r.kind == .mapping else { return nil }
        var i = Int(r.payloadStart)
        let end = i + Int(r.payloadCount)
        while i < end {
            let k = records[Int(children[i])]
            if k.kind == .scalar, Int(k.payloadCount) == wanted.count,
               wanted.isEmpty || (text[Int(k.payloadStart)] == wanted[0]
                   && memcmp(text.baseAddress! + Int(k.payloadStart), wanted.baseAddress!, wanted.count) == 0) {
                return (children[i], children[i + 1])
            }
            i += 2
        }
        return nil
    }

    /// The value of the pair whose scalar key has exactly these bytes.
    @inlinable public func value(_ id: Int32, forKey wanted: UnsafeBufferPointer<UInt8>) -> Int32? {
        pair(id, forKey: wanted)?.value
    }

    /// A full Node for an id: for messages and the rare comparisons that need one.
    @inlinable public func node(_ id: Int32) -> Node { Node(storage: storage, index: id) }
}

extension Node {
    /// Runs `body` with an index-based view of this node's document and this node's id.
    @inlinable
    public func withRawNodes<R>(_ body: (RawNodes, Int32) -> R) -> R {
        let storage = self.storage
        return withExtendedLifetime(storage) {
            storage.records.withUnsafeBufferPointer { records in
                storage.children.withUnsafeBufferPointer { children in
                    storage.text.withUnsafeBufferPointer { text in
                        body(RawNodes(records: records, children: children, text: text, storage: storage), index)
                    }
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
