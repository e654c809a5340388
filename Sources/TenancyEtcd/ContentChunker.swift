/// Splits a state's text into content-defined chunks (a gear rolling hash, as in FastCDC): the cut
/// points depend on the bytes around them, not on offsets, so a change in one resource changes the
/// chunk it is in and leaves the others as they were. Unchanged chunks are not written again, and
/// the kept versions share them.
///
/// Sizes stay under etcd's request limit (1.5 MiB by default) with room for base64 and JSON.
package struct ContentChunker: Sendable {
    package let minimum: Int
    package let maximum: Int
    /// A cut is taken where the hash's bits under this mask are zero: about one in 2^bits bytes.
    /// The mask takes the top bits, which depend on the last 64 bytes (the low ones only on the
    /// last few).
    let mask: UInt64

    package init(minimum: Int = 128 << 10, average: Int = 512 << 10, maximum: Int = 1 << 20) {
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        let gap = max(2, average - self.minimum)
        let bits = min(48, max(1, Int.bitWidth - gap.leadingZeroBitCount - 1))
        mask = ((UInt64(1) << UInt64(bits)) - 1) << UInt64(64 - bits)
    }

    /// 256 pseudo-random words, the same on every machine (splitmix64 from a fixed seed).
    static let gear: [UInt64] = {
        var state: UInt64 = 0x7465_6E61_6E63_7921
        return (0..<256).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }()

    /// The chunks' ranges, in order, covering `bytes` exactly (none for empty input).
    package func split(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let cut = start + cutLength(UnsafeBufferPointer(rebasing: buffer[start...]))
                ranges.append(start..<cut)
                start = cut
            }
        }
        return ranges
    }

    /// The length of the chunk that starts `bytes` (all of them when no cut comes before the
    /// maximum): the cut depends only on the chunk's first `maximum` bytes.
    func cutLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let gear = Self.gear
        let end = min(bytes.count, maximum)
        var hash: UInt64 = 0
        var i = minimum
        while i < end {
            hash = (hash << 1) &+ gear[Int(bytes[i])]
            if hash & mask == 0 { return i + 1 }
            i += 1
        }
        return end
    }
}

/// The same cuts made on text that arrives in pieces (a state written piece by piece), holding
/// at most one maximum-size chunk and one piece: each chunk is handed out as soon as the bytes
/// that decide its end have arrived. Cuts are identical to `ContentChunker.split` on the whole.
package struct StreamingChunker {
    let chunker: ContentChunker
    private var pending: [UInt8] = []

    package init(_ chunker: ContentChunker) {
        self.chunker = chunker
        pending.reserveCapacity(chunker.maximum * 2)
    }

    /// Adds bytes; `emit` receives each chunk completed by them, in order.
    package mutating func feed<E: Error>(_ piece: UnsafeBufferPointer<UInt8>, _ emit: ([UInt8]) throws(E) -> Void) throws(E) {
        pending.append(contentsOf: piece)
        while pending.count >= chunker.maximum { try cut(emit) }
    }

    /// The end of the text: the chunks still held.
    package mutating func finish<E: Error>(_ emit: ([UInt8]) throws(E) -> Void) throws(E) {
        while !pending.isEmpty { try cut(emit) }
    }

    private mutating func cut<E: Error>(_ emit: ([UInt8]) throws(E) -> Void) throws(E) {
        let length = pending.withUnsafeBufferPointer { chunker.cutLength($0) }
        let chunk = Array(pending[..<length])
        pending.removeFirst(length)
        try emit(chunk)
    }
}
