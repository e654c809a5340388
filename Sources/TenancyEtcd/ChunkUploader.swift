import Foundation
import TenancySupport
import TenancyModel

/// Takes a state's chunks as they are cut and, on its own threads, digests each one and writes
/// those the current version lacks: the text is never held whole, and hashing and writing overlap
/// its production. At most `limit` chunks wait at any time (the producer waits beyond that).
final class ChunkUploader: Sendable {
    private struct Work {
        var queue: [(index: Int, bytes: [UInt8])] = []
        var next = 0
        var digests: [Int: StoredVersion.Chunk] = [:]
        var written = Set<String>()
        var failure: EtcdError?
    }

    private let work = Locked(Work())
    private let slots: DispatchSemaphore
    private let items = DispatchSemaphore(value: 0)
    private let group = DispatchGroup()
    private let workers: Int

    /// `present`: digests the stored version already holds (not written again). `put` writes one chunk.
    init(present: Set<String>, workers: Int = 8, limit: Int = 16,
         put: @escaping @Sendable (_ digest: String, _ bytes: [UInt8]) throws(EtcdError) -> Void) {
        self.workers = max(1, workers)
        slots = DispatchSemaphore(value: max(1, limit))
        for _ in 0..<self.workers {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                while true {
                    items.wait()
                    guard let item = work.withLock({ $0.queue.isEmpty ? nil : $0.queue.removeFirst() }) else { return }
                    let digest = SHA256.hex(item.bytes)
                    let write = work.withLock { work -> Bool in
                        work.digests[item.index] = StoredVersion.Chunk(digest: digest, bytes: item.bytes.count)
                        return work.failure == nil && !present.contains(digest) && work.written.insert(digest).inserted
                    }
                    if write {
                        do throws(EtcdError) { try put(digest, item.bytes) } catch {
                            work.withLock { $0.failure = $0.failure ?? error }
                        }
                    }
                    slots.signal()
                }
            }.start()
        }
    }

    /// The next chunk of the text, in order.
    func submit(_ bytes: [UInt8]) {
        slots.wait()
        work.withLock { work in
            work.queue.append((work.next, bytes))
            work.next += 1
        }
        items.signal()
    }

    /// Waits for every chunk; their digests in order, or the first write's failure.
    func finish() throws(EtcdError) -> [StoredVersion.Chunk] {
        for _ in 0..<workers { items.signal() }
        group.wait()
        return try work.withLock { work throws(EtcdError) -> [StoredVersion.Chunk] in
            if let failure = work.failure { throw failure }
            return (0..<work.next).compactMap { work.digests[$0] }
        }
    }
}
