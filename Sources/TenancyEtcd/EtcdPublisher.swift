import TenancyAnswers
import TenancyEngine
import TenancyModel
import TenancyJSON

/// The applied resources' effective settings in etcd, for platform services that watch one prefix
/// and never read Tenancy's internal keys (docs/etcd-backend.md, "Published settings"):
/// - `<prefix>published/<Kind>/<name>`: one resource in the export shape (`EffectiveSettings`,
///   compact JSON; schema/export.schema.json's `resource`);
/// - `<prefix>published/serial`: `{"lineage": …, "serial": N}`, written last, once every value of
///   serial N is in place.
/// Values are written in transactions of bounded size; a watcher sees the changed resources and
/// then the marker. Writing what is already there is skipped when comparing everything, so a
/// publish repeated after a crash changes only what the crash left undone.
///
/// `published/` never moves backwards. A publisher first claims the right to write with a
/// compare-and-swap on `<prefix>publishing` (Tenancy's own key, outside `published/`), conditional
/// on the marker and the claim it read, and only when neither names a newer serial of the state's
/// lineage; every batch of values and the marker itself is then written only while that claim is
/// still its own. A second publisher that claims meanwhile (a newer apply, after this run's lease
/// expired) makes every later write of this one fail its comparison, so this one stops without
/// writing over the newer values. Before each write the lock's lease is checked too: a publisher
/// whose lease has ended stops, saying why.
struct EtcdPublisher: SettingsPublisher {
    let client: EtcdClient
    let prefix: String
    let backendLocation: String
    /// Why the lock this run holds was lost, if it was (nil while it holds).
    var leaseLost: @Sendable () -> String? = { nil }

    var root: String { prefix + "published/" }
    var markerKey: String { root + "serial" }
    var claimKey: String { prefix + "publishing" }
    func key(_ address: Address) -> String { root + address.kind.rawValue + "/" + address.name }

    var location: String { "\(root) (\(backendLocation))" }

    /// At most this many operations (etcd allows 128 by default) and about this many bytes of
    /// values (its requests are limited to 1.5 MiB) in one transaction.
    static let batchOperations = 64
    static let batchBytes = 768 << 10

    func published() throws(StateError) -> StateVersion? {
        let value: EtcdKeyValue?
        do { value = try client.get(markerKey).0 } catch { throw .unavailable(location: location, reason: error.description) }
        return value.flatMap { Self.version($0.value) }
    }

    /// The `{"lineage": …, "serial": N}` a marker or claim holds.
    static func version(_ bytes: [UInt8]) -> StateVersion? {
        guard let json = try? JSONParser.parse(bytes), let lineage = json["lineage"]?.stringValue,
              let serial = json["serial"]?.intValue else { return nil }
        return StateVersion(lineage: lineage, serial: serial)
    }

    func publish(_ state: State, changes: PublishChanges?) throws(StateError) -> PublishReport {
        var report = PublishReport(version: StateVersion(state))
        do {
            let claim: Int64
            switch try self.claim(state) {
            case let .claimed(revision): claim = revision
            case let .superseded(newer):
                report.supersededBy = newer
                return report
            }
            var operations: [EtcdOperation] = []
            if let changes {
                for address in changes.removed.sorted() where state.resources[address] == nil {
                    operations.append(.delete(key(address)))
                    report.removed += 1
                }
                for address in changes.written.sorted() {
                    guard let entry = state.resources[address] else { continue }
                    operations.append(.put(key(address), EffectiveSettings.value(address, entry)))
                    report.written += 1
                }
            } else {
                var present: [String: [UInt8]] = [:]
                for kv in try client.list(prefix: root) where kv.key != markerKey { present[kv.key] = kv.value }
                for address in state.resources.keys.sorted() {
                    guard let entry = state.resources[address] else { continue }
                    let value = EffectiveSettings.value(address, entry)
                    let name = key(address)
                    if present.removeValue(forKey: name) == value {
                        report.unchanged += 1
                    } else {
                        operations.append(.put(name, value))
                        report.written += 1
                    }
                }
                for name in present.keys.sorted() {
                    operations.append(.delete(name))
                    report.removed += 1
                }
            }
            let marker = JSON.object(["lineage": .string(state.lineage), "serial": .int(state.serial)]).compactBytes()
            try write(operations + [.put(markerKey, marker)], holding: claim, serial: state.serial)
        } catch let error as StateError {
            throw error
        } catch {
            throw .unavailable(location: location, reason: "\(error)")
        }
        return report
    }

    private enum Claim {
        case claimed(revision: Int64)
        /// The marker or another publisher's claim names a newer serial of this lineage.
        case superseded(StateVersion)
    }

    /// Takes the right to publish `state`: a compare-and-swap of the claim key on the marker and
    /// claim as read. A few tries, for publishers that finish between the read and the swap.
    private func claim(_ state: State) throws -> Claim {
        for _ in 0..<5 {
            if let reason = leaseLost() {
                throw StateError.stale(location: location, reason: "the lock's lease ended before publishing (\(reason)); nothing was published")
            }
            let marker = try client.get(markerKey).0
            let held = try client.get(claimKey).0
            for version in [marker, held].compactMap({ $0.flatMap { Self.version($0.value) } })
            where version.lineage == state.lineage && version.serial > state.serial {
                return .superseded(version)
            }
            let compares: [EtcdCompare] = [
                marker.map { .modRevision(markerKey, equals: $0.modRevision) } ?? .absent(markerKey),
                held.map { .modRevision(claimKey, equals: $0.modRevision) } ?? .absent(claimKey),
            ]
            let value = JSON.object(["lineage": .string(state.lineage), "serial": .int(state.serial)]).compactBytes()
            let result = try client.transaction(compares, success: [.put(claimKey, value)])
            if result.succeeded { return .claimed(revision: result.revision) }
        }
        throw StateError.stale(location: location, reason: "other publishers kept changing published/ while this one tried to claim it")
    }

    /// The operations in transactions of bounded size, in order, each only while the claim is
    /// still this publisher's and its lease holds.
    private func write(_ operations: [EtcdOperation], holding claim: Int64, serial: Int) throws {
        var batch: [EtcdOperation] = []
        var bytes = 0
        func flush() throws {
            if let reason = leaseLost() {
                throw StateError.stale(location: location, reason: "the lock's lease ended while publishing serial \(serial) (\(reason)); this run stopped writing")
            }
            let result = try client.transaction([.modRevision(claimKey, equals: claim)], success: batch)
            guard result.succeeded else {
                let newer = (try? client.get(claimKey).0).flatMap { $0.flatMap { Self.version($0.value) } }
                throw StateError.stale(location: location, reason: "another publisher\(newer.map { " (serial \($0.serial))" } ?? "") took over published/ while serial \(serial) was being published; this run stopped writing")
            }
            batch = []
            bytes = 0
        }
        for operation in operations {
            var size = 64
            if case let .put(_, value, _) = operation { size += value.count * 4 / 3 }
            if !batch.isEmpty, batch.count >= Self.batchOperations || bytes + size > Self.batchBytes { try flush() }
            batch.append(operation)
            bytes += size
        }
        if !batch.isEmpty { try flush() }
    }
}

extension EtcdBackend {
    package var publisher: (any SettingsPublisher)? {
        let locks = self.locks
        return EtcdPublisher(client: client, prefix: prefix, backendLocation: location, leaseLost: { locks.lossReason })
    }
}
