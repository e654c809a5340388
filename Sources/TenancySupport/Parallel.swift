import Dispatch

/// Splitting independent work across the cores and collecting the results in order: the one
/// helper for what loading, checking, converting, comparing and rendering each do over thousands
/// of items.
package enum Parallel {
    /// `transform(i)` for every `i` in `0..<count`, computed on all cores, returned in index order.
    /// `grain`: below this many items per chunk the work runs in fewer chunks (down to one, on the
    /// calling thread), since a chunk costs a few microseconds to hand out.
    package static func map<T: Sendable>(_ count: Int, grain: Int = 1, _ transform: @Sendable (Int) -> T) -> [T] {
        let chunks = chunkCount(count, grain: grain)
        if chunks <= 1 { return (0..<count).map(transform) }
        let parts = Locked<[[T]?]>(Array(repeating: nil, count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = Self.range(of: chunk, in: count, chunks: chunks)
            let values = range.map(transform)
            parts.withLock { $0[chunk] = values }
        }
        return parts.withLock { parts in parts.flatMap { $0 ?? [] } }
    }

    /// Each chunk of `0..<count` handed to `body` with a state of its own made by `makeState`
    /// (scratch buffers, memo tables, the chunk's own results), on all cores; the states come back
    /// in chunk order, so that results are collected in a stable order whatever finished first.
    package static func chunks<State: Sendable>(_ count: Int, grain: Int = 1, state makeState: @Sendable () -> State,
                                               _ body: @Sendable (Range<Int>, inout State) -> Void) -> [State] {
        let chunks = chunkCount(count, grain: grain)
        if chunks <= 1 {
            var state = makeState()
            body(0..<count, &state)
            return [state]
        }
        let parts = Locked<[State?]>(Array(repeating: nil, count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var state = makeState()
            body(Self.range(of: chunk, in: count, chunks: chunks), &state)
            parts.withLock { $0[chunk] = state }
        }
        return parts.withLock { $0.compactMap { $0 } }
    }

    /// `body(i)` for every `i` in `0..<count`, on all cores, nothing collected.
    package static func forEach(_ count: Int, grain: Int = 1, _ body: @Sendable (Int) -> Void) {
        let chunks = chunkCount(count, grain: grain)
        if chunks <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for i in Self.range(of: chunk, in: count, chunks: chunks) { body(i) }
        }
    }

    /// Renders `0..<count` in runs of `runSize` on all cores, `batch` runs at a time, and hands
    /// each run's output to `write` in order before rendering the next batch: output of any
    /// length (a JSON plan over 100,000 resources) in bounded memory, with both cores busy.
    package static func streamed<Output: Sendable, Failure: Error>(
        _ count: Int, runSize: Int, batch: Int, render: @Sendable (Range<Int>) -> Output,
        write: (Output) throws(Failure) -> Void
    ) throws(Failure) {
        let runSize = Swift.max(1, runSize)
        var start = 0
        while start < count {
            let end = Swift.min(count, start + runSize * Swift.max(1, batch))
            let runs = (end - start + runSize - 1) / runSize
            let first = start
            let rendered = map(runs) { run in render((first + run * runSize)..<Swift.min(end, first + (run + 1) * runSize)) }
            for output in rendered { try write(output) }
            start = end
        }
    }

    /// At most 64 chunks (enough to balance uneven items over any machine this runs on), at
    /// least `grain` items each.
    static func chunkCount(_ count: Int, grain: Int) -> Int {
        guard count > 0 else { return 0 }
        return Swift.max(1, Swift.min(count / Swift.max(1, grain), 64, count))
    }

    /// The contiguous range of chunk `chunk` of `chunks` over `0..<count`.
    static func range(of chunk: Int, in count: Int, chunks: Int) -> Range<Int> {
        let base = count / chunks, extra = count % chunks
        let start = chunk * base + Swift.min(chunk, extra)
        return start..<(start + base + (chunk < extra ? 1 : 0))
    }
}
