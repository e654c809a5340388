@testable import TenancyEtcd
import XCTest

final class ContentChunkerTests: XCTestCase {
    /// Pseudo-random text with line structure, like a state file.
    func text(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let line = "    \"Workspace/ws-\(state >> 40)\": {\"users\": \(state & 0xFFFF)},\n"
            bytes += line.utf8
        }
        return Array(bytes.prefix(count))
    }

    func testChunksCoverTheInputWithinTheBounds() {
        let chunker = ContentChunker(minimum: 4 << 10, average: 16 << 10, maximum: 64 << 10)
        let input = text(1 << 20, seed: 1)
        let ranges = chunker.split(input)
        XCTAssertEqual(ranges.first?.lowerBound, 0)
        XCTAssertEqual(ranges.last?.upperBound, input.count)
        for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
        XCTAssertTrue(ranges.dropLast().allSatisfy { $0.count >= 4 << 10 && $0.count <= 64 << 10 })
        let average = input.count / ranges.count
        XCTAssertTrue((8 << 10)...(40 << 10) ~= average, "average chunk \(average) bytes")
        XCTAssertEqual(chunker.split([]), [])
        XCTAssertEqual(chunker.split([1, 2, 3]), [0..<3])
        XCTAssertEqual(chunker.split(input), ranges, "the same bytes cut the same way")
    }

    /// An insertion in the middle changes the chunks around it; the others keep their content.
    func testAnInsertionChangesOnlyTheChunksAroundIt() {
        let chunker = ContentChunker(minimum: 4 << 10, average: 16 << 10, maximum: 64 << 10)
        let before = text(1 << 20, seed: 2)
        var after = before
        after.insert(contentsOf: Array("    \"Workspace/new\": {\"users\": 5},\n".utf8), at: before.count / 2)
        let old = Set(chunker.split(before).map { Array(before[$0]) })
        let new = chunker.split(after).map { Array(after[$0]) }
        let changed = new.filter { !old.contains($0) }
        XCTAssertLessThanOrEqual(changed.count, 2, "\(changed.count) of \(new.count) chunks changed")
    }

    /// Text fed in pieces of any size is cut exactly where `split` cuts the whole (a commit cuts
    /// the state as it is written, a reader's chunks must be the same ones).
    func testStreamingCutsEqualWholeCuts() {
        let chunker = ContentChunker(minimum: 4 << 10, average: 16 << 10, maximum: 64 << 10)
        let input = text(1 << 20, seed: 3) + Array(repeating: UInt8(ascii: "x"), count: 200 << 10) // a run with no cut: maximum-size chunks
        let whole = chunker.split(input).map { Array(input[$0]) }
        XCTAssertGreaterThan(whole.count, 20)
        for pieceSize in [1, 1000, 4 << 10, 64 << 10, 100_003, 1 << 20, 2 << 20] {
            var cutter = StreamingChunker(chunker)
            var streamed: [[UInt8]] = []
            input.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count {
                    let end = min(buffer.count, start + pieceSize)
                    cutter.feed(UnsafeBufferPointer(rebasing: buffer[start..<end])) { streamed.append($0) }
                    start = end
                }
            }
            cutter.finish { streamed.append($0) }
            XCTAssertEqual(streamed, whole, "pieces of \(pieceSize) bytes")
        }
        var empty = StreamingChunker(chunker)
        var none: [[UInt8]] = []
        empty.finish { none.append($0) }
        XCTAssertEqual(none, [])
    }

    func testPrefixEnd() {
        XCTAssertEqual(EtcdClient.prefixEnd("/tenancy/"), "/tenancy0")
        XCTAssertEqual(EtcdClient.prefixEnd("a"), "b")
        XCTAssertEqual(EtcdBackend.padded(42), "00000000000000000042")
    }
}
