import Foundation
import TenancySupport
import TenancyEngine
import TenancyModel

/// State in etcd, shared by every CI runner that can reach the cluster.
///
/// Keys under the prefix:
/// - `head`: the current version (a `StoredVersion`: lineage, serial, chunk digests);
/// - `versions/<serial>`: the last `keepVersions` versions and those in force since the previous
///   month began (`VersionRetention`), the same records;
/// - `chunks/<sha256>`: the state's canonical text in content-defined chunks, each well under
///   etcd's 1.5 MiB request limit, shared by the versions that contain it;
/// - `audit/<sequence>`: the hash-chained audit records;
/// - `lock`: the lock info, bound to a lease its holder keeps alive.
///
/// A commit writes the chunks the current head lacks, then moves the head in one transaction that
/// compares its modification revision with the one read, and puts the version record and the audit
/// record with it: a reader sees the old state or the new one, and the record exists exactly when
/// the state it names does. Readers read the head and then its chunks at the head's revision (an
/// MVCC snapshot), so a concurrent commit or collection cannot tear what they read.
package struct EtcdBackend: StateBackend {
    package let client: EtcdClient
    package let prefix: String
    package let lockTTL: Int
    package let retention: VersionRetention
    package var keepVersions: Int { retention.keepVersions }
    let chunker: ContentChunker
    let locks = LockRegistry()

    package init(client: EtcdClient, prefix: String, lockTTL: Int = 30, keepVersions: Int = 10,
                chunker: ContentChunker = ContentChunker(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.prefix = prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.lockTTL = max(2, lockTTL)
        self.retention = VersionRetention(keepVersions: keepVersions, clock: clock)
        self.chunker = chunker
    }

    package var location: String {
        "etcd \(prefix) at \(client.endpoints.map(\.absoluteString).joined(separator: ","))"
    }
    package var auditLocation: String {
        "etcd \(auditPrefix) at \(client.endpoints.map(\.absoluteString).joined(separator: ","))"
    }

    var headKey: String { prefix + "head" }
    var lockKey: String { prefix + "lock" }
    var versionsPrefix: String { prefix + "versions/" }
    var chunksPrefix: String { prefix + "chunks/" }
    var auditPrefix: String { prefix + "audit/" }
    func versionKey(_ serial: Int) -> String { versionsPrefix + Self.padded(serial) }
    func auditKey(_ sequence: Int) -> String { auditPrefix + Self.padded(sequence) }
    func chunkKey(_ digest: String) -> String { chunksPrefix + digest }

    /// Zero-padded, so that key order is numeric order.
    static func padded(_ number: Int) -> String {
        let digits = String(max(0, number))
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    private func unavailable(_ error: EtcdError) -> StateError { .unavailable(location: location, reason: error.description) }

    // MARK: Reading

    package func read() throws(StateError) -> State? {
        var lastError: EtcdError?
        for _ in 0..<3 {
            let head: (EtcdKeyValue?, revision: Int64)
            do { head = try client.get(headKey) } catch { throw unavailable(error) }
            guard let kv = head.0 else { return nil }
            let stored = try StoredVersion(bytes: kv.value, location: location)
            do {
                return try state(of: stored, at: head.revision)
            } catch {
                switch error {
                case let .etcd(failure) where failure.isCompacted:
                    lastError = failure // compacted between the two reads: read the new head
                case let .etcd(failure): throw unavailable(failure)
                case let .state(failure): throw failure
                }
            }
        }
        throw unavailable(lastError ?? .unreachable([]))
    }

    package func read(serial: Int) throws(StateError) -> State? {
        let found: (EtcdKeyValue?, revision: Int64)
        do { found = try client.get(versionKey(serial)) } catch { throw unavailable(error) }
        guard let kv = found.0 else { return nil }
        let stored = try StoredVersion(bytes: kv.value, location: location)
        do { return try state(of: stored, at: found.revision) } catch {
            switch error {
            case let .etcd(failure): throw unavailable(failure)
            case let .state(failure): throw failure
            }
        }
    }

    enum ReadFailure: Error {
        case etcd(EtcdError)
        case state(StateError)
    }

    /// The chunks of a version, read at one revision, checked against their digests and copied
    /// straight to their place in the state's text (no list of parts beside the whole).
    private func state(of stored: StoredVersion, at revision: Int64) throws(ReadFailure) -> State {
        var starts: [Int] = []
        var total = 0
        for chunk in stored.chunks {
            // etcd keeps values under its request limit (1.5 MiB unless raised): a recorded size
            // past any possible one is a damaged record, not an allocation to attempt.
            guard chunk.bytes >= 0, chunk.bytes <= 64 << 20 else {
                throw .state(.corruptVersion(location: location, serial: stored.serial, reason: "a chunk's recorded size (\(chunk.bytes)) is impossible"))
            }
            starts.append(total)
            total += chunk.bytes
        }
        let offsets = starts
        var failure: ReadFailure?
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let target = SharedBuffer(base: buffer.baseAddress)
            failure = fetch(stored.chunks, at: revision, serial: stored.serial) { index, value in
                guard value.count == stored.chunks[index].bytes else { return false }
                value.withUnsafeBufferPointer { source in
                    if let base = target.base, let from = source.baseAddress, !source.isEmpty {
                        (base + offsets[index]).initialize(from: from, count: source.count)
                    }
                }
                return true
            }
            count = failure == nil ? total : 0
        }
        if let failure { throw failure }
        do { return try StateFile.read(bytes, path: "\(location) (serial \(stored.serial))") } catch {
            throw .state(.corruptVersion(location: location, serial: stored.serial, reason: error.description))
        }
    }

    /// The destination of the chunk readers' copies: each writes its own disjoint range.
    private struct SharedBuffer: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>?
    }

    /// Reads the chunks on eight threads, each checked against its digest and handed to `place`
    /// (which says whether its size is the one recorded); the first failure, or nil.
    private func fetch(_ chunks: [StoredVersion.Chunk], at revision: Int64, serial: Int,
                       place: @escaping @Sendable (_ index: Int, _ value: [UInt8]) -> Bool) -> ReadFailure? {
        let failure = Locked<ReadFailure?>(nil)
        let next = Locked(0)
        let group = DispatchGroup()
        for _ in 0..<min(8, chunks.count) {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                while failure.withLock({ $0 == nil }) {
                    let index = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    guard index < chunks.count else { return }
                    let digest = chunks[index].digest
                    let problem: ReadFailure?
                    do throws(EtcdError) {
                        if let kv = try client.get(chunkKey(digest), revision: revision).0 {
                            problem = SHA256.hex(kv.value) == digest && place(index, kv.value) ? nil
                                : .state(.corruptVersion(location: location, serial: serial, reason: "chunk \(digest.prefix(12)) does not match its digest"))
                        } else {
                            problem = .state(.corruptVersion(location: location, serial: serial, reason: "chunk \(digest.prefix(12)) is missing"))
                        }
                    } catch {
                        problem = .etcd(error)
                    }
                    if let problem { failure.withLock { $0 = $0 ?? problem } }
                }
            }.start()
        }
        group.wait()
        return failure.withLock { $0 }
    }

    // MARK: Writing

    @discardableResult
    package func commit(_ state: State, expecting expected: StateVersion?, audit entry: AuditEntry) throws(StateError) -> AuditRecord {
        if let reason = locks.lossReason {
            throw .stale(location: location, reason: "the lock's lease ended while this run held it: \(reason)")
        }
        // When this process holds the lock, the commit also requires that it still does: a lock
        // broken by force-unlock stops its old holder here, even if nobody else wrote since.
        let heldLease = locks.leases.first
        do {
            let head = try client.get(headKey)
            let current = try head.0.map { kv throws(StateError) in try StoredVersion(bytes: kv.value, location: location) }
            guard current?.version == expected else {
                let now = current.map { "now \($0.version)" } ?? "there is none now"
                throw StateError.stale(location: location, reason: "it changed since it was read (\(now))")
            }
            let last = try client.last(prefix: auditPrefix).map { kv throws(StateError) -> AuditRecord in
                guard let record = AuditRecord(bytes: kv.value) else {
                    throw StateError.corrupt(path: "\(location) \(kv.key)", reason: "the last audit record cannot be read")
                }
                return record
            }
            let record = AuditRecord(after: last, entry: entry, version: StateVersion(state))

            // Chunks first (those the current version lacks), as the text is written: the head
            // does not name them until the transaction below.
            let uploader = ChunkUploader(present: Set(current?.chunks.map(\.digest) ?? [])) { [self] digest, bytes throws(EtcdError) in
                try client.put(chunkKey(digest), bytes)
            }
            var cutter = StreamingChunker(chunker)
            StateFile.write(state) { (piece: UnsafeRawBufferPointer) in
                cutter.feed(UnsafeBufferPointer(start: piece.baseAddress?.assumingMemoryBound(to: UInt8.self), count: piece.count)) {
                    uploader.submit($0)
                }
            }
            cutter.finish { uploader.submit($0) }
            let chunks = try uploader.finish()

            let stored = StoredVersion(lineage: state.lineage, serial: state.serial,
                                       time: ISO8601DateFormatter().string(from: Date()), chunks: chunks)
            let manifest = stored.json.canonicalBytes() + [UInt8(ascii: "\n")]
            var operations: [EtcdOperation] = [
                .put(headKey, manifest), .put(versionKey(state.serial), manifest),
                .put(auditKey(record.sequence), record.json.compactBytes()),
            ]
            if state.serial - keepVersions + 1 > 0, let below = prunedBelow(newSerial: state.serial, made: stored.time) {
                operations.append(.deleteRange(from: versionKey(0), to: versionKey(below)))
            }
            let guardHead: EtcdCompare = head.0.map { .modRevision(headKey, equals: $0.modRevision) } ?? .absent(headKey)
            var guards: [EtcdCompare] = [guardHead, .absent(auditKey(record.sequence))]
            if let heldLease { guards.append(.lease(lockKey, equals: heldLease)) }
            let result: EtcdClient.TransactionResult
            do {
                result = try client.transaction(guards, success: operations, failure: [.get(lockKey)])
            } catch {
                // No answer at all (an answer with an error says the transaction did not run):
                // it may have run, or may still (etcd can apply a request its client gave up
                // on). The head says so if it is ours; otherwise only a later look can tell.
                guard case .unreachable = error else { throw error }
                if let now = try? client.get(headKey).0, let nowStored = try? StoredVersion(bytes: now.value, location: location),
                   nowStored.version == stored.version, nowStored.digest == stored.digest {
                    return record
                }
                throw StateError.outcomeUnknown(location: location, reason: "the commit got no answer (\(error.description))")
            }
            if !result.succeeded {
                if let heldLease, result.reads.first?.first?.lease != heldLease {
                    throw StateError.stale(location: location, reason: "the state lock was removed (force-unlock?) while this run held it")
                }
                // A retried request may have committed on the first try: then the head is ours.
                if let now = try client.get(headKey).0, let nowStored = try? StoredVersion(bytes: now.value, location: location),
                   nowStored.version == stored.version, nowStored.digest == stored.digest {
                    return record
                }
                throw StateError.stale(location: location, reason: "another run committed first")
            }
            collectGarbage(upTo: result.revision)
            return record
        } catch let error as StateError {
            throw error
        } catch let error as EtcdError {
            throw unavailable(error)
        } catch {
            throw .unavailable(location: location, reason: String(describing: type(of: error)))
        }
    }

    /// The serial below which kept versions go with this commit (`VersionRetention`: the last
    /// `keepVersions`, and every one in force since the previous month began, stay), or nil for
    /// none. Read before the commit's transaction, whose guard on the head makes it current; when
    /// the versions cannot be read, none go (a later commit prunes them).
    private func prunedBelow(newSerial: Int, made: String) -> Int? {
        guard let listed = try? client.list(prefix: versionsPrefix) else { return nil }
        var superseded: [(serial: Int, made: String?)] = []
        for kv in listed {
            guard let version = try? StoredVersion(bytes: kv.value, location: location) else { return nil }
            if version.serial < newSerial { superseded.append((version.serial, version.time)) }
        }
        superseded.sort { $0.serial < $1.serial }
        return retention.removable(superseded, currentMade: made).max().map { $0 + 1 }
    }

    /// Deletes the chunks no kept version names. Only chunks last written at or before this
    /// commit's revision: a writer that read the head after it may have written new ones and not
    /// committed yet. Best effort: what is left now is collected by a later commit.
    private func collectGarbage(upTo revision: Int64) {
        guard let versions = try? client.list(prefix: versionsPrefix),
              let chunks = try? client.list(prefix: chunksPrefix, keysOnly: true) else { return }
        var referenced = Set<String>()
        for version in versions {
            guard let stored = try? StoredVersion(bytes: version.value, location: location) else { return }
            referenced.formUnion(stored.chunks.map(\.digest))
        }
        let unreferenced = chunks.filter { kv in
            kv.modRevision <= revision && !referenced.contains(String(kv.key.dropFirst(chunksPrefix.count)))
        }
        var start = 0
        while start < unreferenced.count {
            let batch = unreferenced[start..<min(unreferenced.count, start + 100)]
            _ = try? client.transaction(batch.map { .modRevision($0.key, equals: $0.modRevision) }, success: batch.map { .delete($0.key) })
            start += batch.count
        }
    }

    // MARK: History and audit

    package func history() throws(StateError) -> [StateHistoryEntry] {
        let versions: [EtcdKeyValue]
        do { versions = try client.list(prefix: versionsPrefix) } catch { throw unavailable(error) }
        var entries: [StateHistoryEntry] = []
        for kv in versions {
            let stored = try StoredVersion(bytes: kv.value, location: location)
            entries.append(StateHistoryEntry(serial: stored.serial, lineage: stored.lineage, time: stored.time,
                                             bytes: stored.bytes, digest: stored.digest))
        }
        return entries
    }

    package func auditRecords() throws(AuditError) -> [AuditRecord] {
        let keys: [EtcdKeyValue]
        do { keys = try client.list(prefix: auditPrefix) } catch { throw .unreadable(error.description) }
        var records: [AuditRecord] = []
        for (i, kv) in keys.enumerated() {
            guard let record = AuditRecord(bytes: kv.value) else {
                throw .broken(line: i + 1, reason: "\(kv.key) is not a valid audit record")
            }
            records.append(record)
        }
        return records
    }

    // MARK: Lock

    package func lock(operation: String, who: String, timeout: Double) throws(LockError) -> LockInfo {
        let info = LockInfo(id: UUID().uuidString.lowercased(), operation: operation, who: who,
                            created: ISO8601DateFormatter().string(from: Date()), path: location)
        let value = info.json.canonicalBytes() + [UInt8(ascii: "\n")]
        let deadline = Date().addingTimeInterval(max(0, timeout))
        do {
            let lease = try client.grantLease(ttl: lockTTL)
            locks.taking(lease.id)
            defer { locks.taken(lease.id) }
            // Kept alive from now on, also while waiting for another holder.
            let keeper = LeaseKeeper(client: client, lease: lease.id, ttl: lease.ttl)
            while true {
                let result: EtcdClient.TransactionResult
                do {
                    result = try client.transaction([.absent(lockKey)], success: [.put(lockKey, value, lease: lease.id)],
                                                    failure: [.get(lockKey)])
                } catch {
                    keeper.stop()
                    try? client.revokeLease(lease.id)
                    throw error
                }
                // Ours already: an earlier attempt's put was made but its answer lost (the member
                // that made it went away, and the client asked the next), so the key holds our
                // lock under our lease. Without this the run would wait on itself.
                let current = result.reads.first?.first
                if result.succeeded || current.map({ $0.lease == lease.id && LockInfo(bytes: $0.value)?.id == info.id }) == true {
                    locks.add(info.id, keeper)
                    return info
                }
                if Date() >= deadline {
                    keeper.stop()
                    try? client.revokeLease(lease.id)
                    let holder = current.flatMap { LockInfo(bytes: $0.value) }
                    throw LockError.held(holder ?? .unreadable(path: location))
                }
                usleep(250_000)
            }
        } catch let error as LockError {
            throw error
        } catch let error as EtcdError {
            throw .unavailable(location: location, reason: error.description)
        } catch {
            throw .unavailable(location: location, reason: String(describing: type(of: error)))
        }
    }

    package func holder() throws(LockError) -> LockInfo? {
        do {
            guard let kv = try client.get(lockKey).0 else { return nil }
            return LockInfo(bytes: kv.value) ?? .unreadable(path: location)
        } catch { throw .unavailable(location: location, reason: error.description) }
    }

    package func unlock(_ info: LockInfo) {
        if let keeper = locks.remove(info.id) {
            keeper.stop()
            // Revoking the lease deletes the lock key bound to it.
            try? client.revokeLease(keeper.lease)
        }
    }

    /// Revokes the leases of the locks this process holds or is taking (revoking deletes the lock
    /// key bound to one): the next run need not wait for the TTL.
    package func abandonLocks() {
        for lease in locks.leases + locks.beingTaken { try? client.revokeLease(lease) }
    }

    package func forceUnlock(id: String) throws(LockError) {
        do {
            guard let kv = try client.get(lockKey).0, let info = LockInfo(bytes: kv.value), info.id == id else {
                throw LockError.notHeld(id: id)
            }
            let result = try client.transaction([.modRevision(lockKey, equals: kv.modRevision)], success: [.delete(lockKey)])
            guard result.succeeded else { throw LockError.notHeld(id: id) }
            // The holder's keep-alives now fail, and it learns that it lost the lock.
            if kv.lease != 0 { try? client.revokeLease(kv.lease) }
        } catch let error as LockError {
            throw error
        } catch let error as EtcdError {
            throw .unavailable(location: location, reason: error.description)
        } catch {
            throw .unavailable(location: location, reason: String(describing: type(of: error)))
        }
    }
}

/// The leases this process holds locks with, by lock ID.
final class LockRegistry: Sendable {
    private let keepers = Locked<[String: LeaseKeeper]>([:])
    /// Leases granted for a lock not taken yet (`lock` is waiting or writing the key).
    private let pending = Locked<Set<Int64>>([])
    func taking(_ lease: Int64) { _ = pending.withLock { $0.insert(lease) } }
    func taken(_ lease: Int64) { _ = pending.withLock { $0.remove(lease) } }
    var beingTaken: [Int64] { pending.withLock { Array($0) } }
    func add(_ id: String, _ keeper: LeaseKeeper) { keepers.withLock { $0[id] = keeper } }
    func remove(_ id: String) -> LeaseKeeper? { keepers.withLock { $0.removeValue(forKey: id) } }
    /// Why a lost lease was lost (nil while none is).
    var lossReason: String? { keepers.withLock { $0.values.first { $0.lost }?.lossReason } }
    var leases: [Int64] { keepers.withLock { $0.values.map(\.lease) } }
}
