import TenancySupport
import XCTest

final class ParallelTests: XCTestCase {
    /// Results come back in index order whatever the chunking, for every count around the chunk
    /// boundaries (none, one, fewer items than chunks, many).
    func testMapKeepsOrder() {
        for count in [0, 1, 2, 63, 64, 65, 1000, 10_007] {
            for grain in [1, 7, 128] {
                XCTAssertEqual(Parallel.map(count, grain: grain) { $0 * 3 }, (0..<count).map { $0 * 3 }, "count \(count), grain \(grain)")
            }
        }
    }

    /// Every index is visited exactly once, and the chunk states come back in chunk order.
    func testChunksCoverEveryIndexOnce() {
        for count in [0, 1, 5, 64, 129, 5000] {
            let states = Parallel.chunks(count, grain: 3, state: { [Int]() }) { range, seen in seen.append(contentsOf: range) }
            XCTAssertEqual(states.flatMap { $0 }, Array(0..<count), "count \(count)")
            let visits = Locked([Int](repeating: 0, count: count))
            Parallel.forEach(count) { i in visits.withLock { $0[i] += 1 } }
            XCTAssertEqual(visits.current, [Int](repeating: 1, count: count))
        }
    }

    func testLockedSerialisesUpdates() {
        let counter = Locked(0)
        Parallel.forEach(10_000) { _ in counter.withLock { $0 += 1 } }
        XCTAssertEqual(counter.current, 10_000)
    }

    func testBackgroundTaskGivesItsValueToEveryWaiter() {
        let task = BackgroundTask { () -> Int in 42 }
        XCTAssertEqual(task.wait(), 42)
        XCTAssertEqual(task.wait(), 42)
    }
}
