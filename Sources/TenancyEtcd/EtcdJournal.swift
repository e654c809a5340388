import TenancyEngine

/// A journal in etcd: each record a key `<prefix>journals/<name>/records/<sequence>` (zero-padded,
/// so that key order is append order), its lock `<prefix>journals/<name>/lock` held on a lease
/// exactly as the state's lock is (the lock of an `EtcdBackend` whose prefix is the journal's), so
/// that a runner that dies loses it after the lease's TTL. Appends are transactions that create
/// keys that must not exist yet (compare-and-swap: two writers cannot both write a sequence);
/// a large append is split into transactions within etcd's request limits, each whole.
package struct EtcdJournal: Journal {
    let client: EtcdClient
    let recordsPrefix: String
    private let locks: EtcdBackend

    /// Records per transaction, and bytes: etcd's defaults allow 128 operations and 1.5 MiB.
    static let batchCount = 100
    static let batchBytes = 1 << 20

    init(backend: EtcdBackend, name: String) {
        client = backend.client
        let prefix = backend.prefix + "journals/" + name + "/"
        recordsPrefix = prefix + "records/"
        locks = EtcdBackend(client: backend.client, prefix: prefix, lockTTL: backend.lockTTL)
    }

    package var location: String { "etcd \(recordsPrefix) at \(client.endpoints.map(\.absoluteString).joined(separator: ","))" }

    private func unavailable(_ error: EtcdError) -> StateError { .unavailable(location: location, reason: error.description) }

    package func records() throws(StateError) -> [[UInt8]] {
        do { return try client.list(prefix: recordsPrefix).map(\.value) } catch { throw unavailable(error) }
    }

    /// The sequence number after the last record's.
    private func nextSequence() throws(EtcdError) -> Int {
        guard let last = try client.last(prefix: recordsPrefix) else { return 1 }
        return (Int(last.key.dropFirst(recordsPrefix.count)) ?? 0) + 1
    }

    package func append(_ records: [[UInt8]]) throws(StateError) {
        do {
            var sequence = try nextSequence()
            for batch in Self.batches(records) {
                let keys = batch.indices.map { recordsPrefix + EtcdBackend.padded(sequence + $0 - batch.startIndex) }
                let result = try client.transaction(keys.map { .absent($0) },
                                                    success: zip(keys, batch).map { .put($0, $1) })
                guard result.succeeded else {
                    throw StateError.stale(location: location, reason: "another run appended to the journal meanwhile, without its lock")
                }
                sequence += batch.count
            }
        } catch let error as StateError {
            throw error
        } catch let error as EtcdError {
            throw unavailable(error)
        } catch {
            throw .unavailable(location: location, reason: String(describing: type(of: error)))
        }
    }

    /// Writes the new records, then the records appended since the caller read its `count`, after
    /// every one there; then deletes every one that was there (compaction). A reader in between
    /// sees repeats, which the records' readers take as they take any repeat; the order of what
    /// stays is the order it was written in.
    package func replace(first count: Int, with records: [[UInt8]]) throws(StateError) {
        let read: [EtcdKeyValue]
        do { read = try client.list(prefix: recordsPrefix) } catch { throw unavailable(error) }
        try append(records + read.dropFirst(count).map(\.value))
        guard let last = read.last else { return }
        do {
            _ = try client.transaction([], success: [.deleteRange(from: recordsPrefix, to: last.key + "\0")])
        } catch { throw unavailable(error) }
    }

    /// Records in transactions within etcd's limits (a record alone over the byte limit goes alone,
    /// and etcd says whether it takes it).
    static func batches(_ records: [[UInt8]]) -> [ArraySlice<[UInt8]>] {
        var result: [ArraySlice<[UInt8]>] = []
        var start = 0, bytes = 0
        for (i, record) in records.enumerated() {
            if i > start, i - start >= batchCount || bytes + record.count > batchBytes {
                result.append(records[start..<i])
                start = i
                bytes = 0
            }
            bytes += record.count
        }
        if start < records.count { result.append(records[start...]) }
        return result
    }

    package func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo {
        try locks.lock(operation: operation, who: who, timeout: timeout)
    }

    package func unlock(_ info: LockInfo) { locks.unlock(info) }
    package func abandonLocks() { locks.abandonLocks() }
}

extension EtcdBackend: JournalKeeping {
    package func journal(named name: String) -> any Journal { EtcdJournal(backend: self, name: name) }
}
