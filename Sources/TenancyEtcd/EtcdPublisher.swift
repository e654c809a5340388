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
struct EtcdPublisher: SettingsPublisher {
    let client: EtcdClient
    let prefix: String
    let backendLocation: String

    var root: String { prefix + "published/" }
    var markerKey: String { root + "serial" }
    func key(_ address: Address) -> String { root + address.kind.rawValue + "/" + address.name }

    var location: String { "\(root) (\(backendLocation))" }

    /// At most this many operations (etcd allows 128 by default) and about this many bytes of
    /// values (its requests are limited to 1.5 MiB) in one transaction.
    static let batchOperations = 64
    static let batchBytes = 768 << 10

    func published() throws(StateError) -> StateVersion? {
        let value: EtcdKeyValue?
        do { value = try client.get(markerKey).0 } catch { throw .unavailable(location: location, reason: error.description) }
        guard let value, let json = try? JSONParser.parse(value.value), let lineage = json["lineage"]?.stringValue,
              let serial = json["serial"]?.intValue else { return nil }
        return StateVersion(lineage: lineage, serial: serial)
    }

    func publish(_ state: State, changes: PublishChanges?) throws(StateError) -> PublishReport {
        var report = PublishReport(version: StateVersion(state))
        var operations: [EtcdOperation] = []
        do {
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
            try write(operations)
            let marker = JSON.object(["lineage": .string(state.lineage), "serial": .int(state.serial)]).compactBytes()
            try client.put(markerKey, marker)
        } catch {
            throw .unavailable(location: location, reason: error.description)
        }
        return report
    }

    /// The operations in transactions of bounded size, in order.
    private func write(_ operations: [EtcdOperation]) throws(EtcdError) {
        var batch: [EtcdOperation] = []
        var bytes = 0
        for operation in operations {
            var size = 64
            if case let .put(_, value, _) = operation { size += value.count * 4 / 3 }
            if !batch.isEmpty, batch.count >= Self.batchOperations || bytes + size > Self.batchBytes {
                _ = try client.transaction([], success: batch)
                batch = []
                bytes = 0
            }
            batch.append(operation)
            bytes += size
        }
        if !batch.isEmpty { _ = try client.transaction([], success: batch) }
    }
}

extension EtcdBackend {
    public var publisher: (any SettingsPublisher)? { EtcdPublisher(client: client, prefix: prefix, backendLocation: location) }
}
