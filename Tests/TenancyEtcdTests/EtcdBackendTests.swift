import Foundation
import TenancyEngine
@testable import TenancyEtcd
import TenancyModel
import TenancyEtcdCluster
import TenancyTestSupport
import XCTest

/// The etcd backend against a real single-member etcd on loopback (started and stopped here).
final class EtcdBackendTests: XCTestCase {
    var cluster: EtcdCluster!

    override func setUpWithError() throws {
        guard let cluster = try EtcdCluster.start(size: 1) else { throw MissingTool.skip("etcd", EtcdCluster.missingMessage) }
        self.cluster = cluster
    }

    override func tearDown() {
        cluster?.stop()
    }

    func backend(prefix: String = "/tenancy/test/", lockTTL: Int = 30, keepVersions: Int = 10,
                 clock: @escaping @Sendable () -> Date = { Date() }) -> EtcdBackend {
        EtcdBackend(client: EtcdClient(endpoints: cluster.endpoints, timeout: 5), prefix: prefix, lockTTL: lockTTL, keepVersions: keepVersions,
                    clock: clock)
    }

    /// Far from every version's time: only the count decides.
    static let yearsLater: @Sendable () -> Date = { Date(timeIntervalSinceNow: 100 * 365 * 86_400) }

    func entry() -> AuditEntry {
        AuditEntry(operation: "apply", time: "2026-11-27T12:00:00Z", actor: "test", commit: nil, planDigest: "d", changes: [])
    }

    func testEtcdBackendKeepsTheBackendContract() {
        XCTAssertEqual(BackendConformance.run { backend(prefix: "/conformance/") }, [])
    }

    /// 50,000 resources (about 13 MB of canonical text, far over etcd's 1.5 MiB request limit)
    /// round trip; a second commit that changes one resource writes one or two chunks, and old
    /// chunks no kept version names are collected.
    func testFiftyThousandResourcesRoundTripInChunksAndUnchangedChunksAreShared() throws {
        let store = backend(keepVersions: 1, clock: Self.yearsLater)
        let lineage = UUID().uuidString.lowercased()
        let first = BackendConformance.sample(lineage: lineage, serial: 1, resources: 50_000)
        let size = StateFile.bytes(of: first).count
        XCTAssertGreaterThan(size, 3 << 20)
        try store.commit(first, expecting: nil, audit: entry())
        XCTAssertEqual(try store.read(), first)
        let chunks = try store.client.list(prefix: store.chunksPrefix, keysOnly: true)
        XCTAssertGreaterThan(chunks.count, size / (1 << 20), "chunks of at most 1 MiB")
        let values = try store.client.list(prefix: store.chunksPrefix)
        XCTAssertTrue(values.allSatisfy { $0.value.count <= 1 << 20 })

        var second = first
        second.serial = 2
        let address = Address(.team, "team-25000")
        second.resources[address]?.updated = "2026-11-28T00:00:00Z"
        try store.commit(second, expecting: StateVersion(first), audit: entry())
        XCTAssertEqual(try store.read(), second)
        let after = try store.client.list(prefix: store.chunksPrefix, keysOnly: true)
        let written = Set(after.map(\.key)).subtracting(chunks.map(\.key))
        XCTAssertLessThanOrEqual(written.count, 3, "one changed resource rewrites the chunks around it, not the state")
        XCTAssertEqual(after.count, chunks.count, "with one version kept, the replaced chunks are collected")
        XCTAssertEqual(try store.history().map(\.serial), [2])
    }

    /// The same retention as the local backend's: every version in force since the previous month
    /// began stays whatever `keepVersions` says; before that, the count decides.
    func testVersionsInForceSinceThePreviousMonthAreKept() throws {
        let monthLater: @Sendable () -> Date = { Date(timeIntervalSinceNow: 31 * 86_400) }
        let seasonLater: @Sendable () -> Date = { Date(timeIntervalSinceNow: 95 * 86_400) }
        let lineage = UUID().uuidString.lowercased()
        var expected: StateVersion?
        func commit(_ store: EtcdBackend, _ serial: Int) throws {
            try store.commit(BackendConformance.sample(lineage: lineage, serial: serial, resources: 3), expecting: expected, audit: entry())
            expected = StateVersion(lineage: lineage, serial: serial)
        }
        for serial in 1...4 { try commit(backend(keepVersions: 2), serial) }
        XCTAssertEqual(try backend().history().map(\.serial), [1, 2, 3, 4], "all in force this month")
        try commit(backend(keepVersions: 2, clock: monthLater), 5)
        XCTAssertEqual(try backend().history().map(\.serial), [1, 2, 3, 4, 5], "a month later, this month is the previous one")
        try commit(backend(keepVersions: 2, clock: seasonLater), 6)
        XCTAssertEqual(try backend().history().map(\.serial), [5, 6], "a season later, by count")
    }

    func testFailoverSkipsADeadEndpointAndAllDeadIsAClearError() throws {
        let dead = URL(string: "http://127.0.0.1:\(try EtcdCluster.freePortForTests())")!
        let store = EtcdBackend(client: EtcdClient(endpoints: [dead] + cluster.endpoints, timeout: 2), prefix: "/failover/")
        try store.commit(BackendConformance.sample(lineage: "l", serial: 1, resources: 2), expecting: nil, audit: entry())
        XCTAssertEqual(try store.read()?.serial, 1)

        let nowhere = EtcdBackend(client: EtcdClient(endpoints: [dead], timeout: 1, rounds: 2), prefix: "/failover/")
        XCTAssertThrowsError(try nowhere.read()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("cannot reach the state") && text.contains(dead.absoluteString), text)
        }
        XCTAssertThrowsError(try nowhere.lock(operation: "apply", who: "x", timeout: 0)) { error in
            XCTAssertTrue("\(error)".contains(dead.absoluteString), "\(error)")
        }
    }

    /// A holder that stops renewing (a killed runner) loses the lock once its lease expires.
    func testALockWhoseLeaseIsNotRenewedExpires() throws {
        let client = EtcdClient(endpoints: cluster.endpoints)
        let store = backend(lockTTL: 2)
        let lease = try client.grantLease(ttl: 2)
        let info = LockInfo(id: "dead-runner", operation: "apply", who: "ci-runner-7", created: "2026-11-27T12:00:00Z", path: store.location)
        try client.put(store.lockKey, Array(info.json.canonicalText().utf8), lease: lease.id)
        XCTAssertThrowsError(try store.lock(operation: "apply", who: "next", timeout: 0)) { error in
            XCTAssertEqual(error as? LockError, .held(info))
        }
        let start = Date()
        let lock = try store.lock(operation: "apply", who: "next", timeout: 15)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        // The new holder keeps its lock alive past its TTL.
        sleep(3)
        XCTAssertEqual(try store.holder()?.id, lock.id)
        store.unlock(lock)
        XCTAssertNil(try store.holder())
    }

    func testForceUnlockStopsTheOldHoldersCommit() throws {
        let holder = backend()
        let lock = try holder.lock(operation: "apply", who: "stuck", timeout: 0)
        try backend().forceUnlock(id: lock.id)
        XCTAssertThrowsError(try holder.commit(BackendConformance.sample(lineage: "l", serial: 1, resources: 1), expecting: nil, audit: entry())) { error in
            XCTAssertTrue("\(error)".contains("lock was removed"), "\(error)")
        }
        XCTAssertNil(try holder.read(), "nothing was written")
        holder.unlock(lock)
    }
}

/// A cluster with authentication on: credentials from the backend's settings get a token; wrong
/// ones and none are clear errors.
final class EtcdAuthenticationTests: XCTestCase {
    func testCredentialsAreUsedAndRefusalsAreClear() throws {
        guard let cluster = try EtcdCluster.start(size: 1) else { throw MissingTool.skip("etcd", EtcdCluster.missingMessage) }
        defer { cluster.stop() }
        let admin = EtcdClient(endpoints: cluster.endpoints)
        _ = try admin.call("auth/user/add", .object(["name": .string("root"), "password": .string("s3cret")]))
        _ = try admin.call("auth/user/grant", .object(["user": .string("root"), "role": .string("root")]))
        _ = try admin.call("auth/enable", .object([:]))

        let good = EtcdBackend(client: EtcdClient(endpoints: cluster.endpoints,
                                                  credentials: .init(username: "root", password: "s3cret")), prefix: "/auth/")
        let state = BackendConformance.sample(lineage: "l", serial: 1, resources: 3)
        let entry = AuditEntry(operation: "apply", time: "t", actor: "a", commit: nil, planDigest: "d", changes: [])
        try good.commit(state, expecting: nil, audit: entry)
        XCTAssertEqual(try good.read(), state)
        let lock = try good.lock(operation: "apply", who: "ci", timeout: 0)
        good.unlock(lock)

        let wrong = EtcdBackend(client: EtcdClient(endpoints: cluster.endpoints,
                                                   credentials: .init(username: "root", password: "guess")), prefix: "/auth/")
        XCTAssertThrowsError(try wrong.read()) { error in
            XCTAssertTrue("\(error)".contains("refused the credentials") && "\(error)".contains("TENANCY_ETCD_PASSWORD"), "\(error)")
        }
        let anonymous = EtcdBackend(client: EtcdClient(endpoints: cluster.endpoints), prefix: "/auth/")
        XCTAssertThrowsError(try anonymous.read()) { error in
            XCTAssertTrue("\(error)".contains(cluster.endpoints[0].absoluteString) && "\(error)".contains("TENANCY_ETCD_USERNAME"), "\(error)")
        }
    }
}
