import Foundation
import TenancyEngine
import TenancyEtcd
import TenancyEtcdCluster
import TenancySupport
import TenancyTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// What the network between a runner and etcd can do, through a TCP proxy on loopback: an
/// endpoint that accepts and never answers, the answer to the commit lost (once, or every time),
/// answers slower than the timeout, and the leader killed in the middle of a commit. Each time:
/// the old state or the new one, never a torn one, a lock that can be taken again, and a message
/// that names the endpoint.
final class EtcdFaultScenarioTests: XCTestCase {
    var cluster: EtcdCluster?
    var proxies: [FaultProxy] = []
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-etcd-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDown() {
        proxies.forEach { $0.stop() }
        cluster?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    func start(size: Int) throws -> EtcdCluster {
        guard let started = try EtcdCluster.start(size: size) else { throw MissingTool.skip("etcd", EtcdCluster.missingMessage) }
        cluster = started
        return started
    }

    func proxy(_ member: EtcdCluster.Member) throws -> FaultProxy {
        let proxy = try FaultProxy(upstream: member.clientPort)
        proxies.append(proxy)
        return proxy
    }

    func configure(users: Int, timeout: String = "1s") throws {
        let project = """
        apiVersion: tenancy/v1
        kind: Project
        metadata: {name: faults}
        spec:
          backend:
            etcd:
              endpoints: [http://etcd.invalid:2379]
              prefix: /faults/
              lockTTL: 3s
              timeout: \(timeout)
        ---
        apiVersion: tenancy/v1
        kind: Workspace
        metadata: {name: w}
        spec:
          template: enterprise-starter
          quotas: {users: \(users), concurrentConnections: 500, storage: 20GiB}

        """
        try Data(project.utf8).write(to: root.appendingPathComponent("tenancy.yaml"))
    }

    func tenancy(_ arguments: [String], through endpoints: [URL]) throws -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: root, environment: [
            "TENANCY_ACTOR": "fault-test", "TENANCY_ETCD_ENDPOINTS": endpoints.map(\.absoluteString).joined(separator: ","),
        ])
    }

    func stored(_ cluster: EtcdCluster) throws -> State? {
        try EtcdBackend(client: EtcdClient(endpoints: cluster.endpoints), prefix: "/faults/").read()
    }

    /// The commit's transaction: a kv/txn that writes the head.
    static let commit: @Sendable ([UInt8]) -> Bool = { request in
        let text = String(decoding: request, as: UTF8.self)
        return text.contains("/v3/kv/txn") && text.contains(Data("/faults/head".utf8).base64EncodedString())
    }

    func testAnEndpointThatNeverAnswers() throws {
        let cluster = try start(size: 1)
        let silent = try proxy(cluster.members[0])
        silent.set(.silent)
        try configure(users: 10)
        // Alone, it is an error naming it, after the timeout; nothing was locked or written.
        let alone = try tenancy(["apply", "--auto-approve"], through: [silent.endpoint])
        XCTAssertEqual(alone.code, 1)
        XCTAssertTrue(alone.err.contains(silent.endpoint.absoluteString) && alone.err.contains("timed out"), alone.err)
        XCTAssertNil(try stored(cluster))
        // Beside a good endpoint, the run goes on through that one.
        let both = try tenancy(["apply", "--auto-approve"], through: [silent.endpoint] + cluster.endpoints)
        XCTAssertEqual(both.code, 0, both.err)
        XCTAssertEqual(try stored(cluster)?.serial, 1)
        XCTAssertEqual(try tenancy(["audit", "verify"], through: cluster.endpoints).code, 0)
    }

    func testTheCommitsAnswerLost() throws {
        let cluster = try start(size: 1)
        let flaky = try proxy(cluster.members[0])
        try configure(users: 10)
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"], through: [flaky.endpoint]).code, 0)

        // Lost once: the retry finds its own head and says it was applied, once.
        try configure(users: 11)
        flaky.set(.loseAnswers(times: 1, to: Self.commit))
        let once = try tenancy(["apply", "--auto-approve"], through: [flaky.endpoint])
        XCTAssertEqual(once.code, 0, once.err)
        XCTAssertEqual(flaky.events.withLock { $0 }, ["lost an answer"])
        XCTAssertEqual(try stored(cluster)?.serial, 2, "applied exactly once")

        // Lost every time, and the head unreadable meanwhile: it was applied whole or not at all,
        // and the message says that only a look at the store can tell, naming the endpoint.
        try configure(users: 12)
        let committing = Locked(false)
        flaky.set(.loseAnswers(times: 100, to: { request in
            if Self.commit(request) { committing.withLock { $0 = true } }
            return committing.withLock { $0 }
        }))
        let always = try tenancy(["apply", "--auto-approve"], through: [flaky.endpoint])
        XCTAssertEqual(always.code, 1)
        XCTAssertTrue(always.err.contains("may or may not have been replaced") && always.err.contains("[state.outcome-unknown]"), always.err)
        XCTAssertTrue(always.err.contains(flaky.endpoint.absoluteString), always.err)
        XCTAssertTrue(always.err.contains("run `tenancy plan`"), always.err)
        flaky.set(.pass)
        let state = try XCTUnwrap(try stored(cluster))
        XCTAssertTrue(state.serial == 2 || state.serial == 3, "old or new, never torn: \(state.serial)")
        let plan = try tenancy(["plan", "--detailed-exitcode", "--lock-timeout", "10s"], through: [flaky.endpoint])
        XCTAssertEqual(plan.code, state.serial == 3 ? 0 : 2, "the plan tells which: \(plan.out)\(plan.err)")
        XCTAssertEqual(try tenancy(["apply", "--auto-approve", "--lock-timeout", "10s"], through: [flaky.endpoint]).code, 0)
        XCTAssertEqual(try tenancy(["audit", "verify"], through: [flaky.endpoint]).code, 0)

        // Cut before it reaches etcd: nothing happened, and the retry applies it.
        try configure(users: 13)
        flaky.set(.dropRequests(times: 1, to: Self.commit))
        let dropped = try tenancy(["apply", "--auto-approve"], through: [flaky.endpoint])
        XCTAssertEqual(dropped.code, 0, dropped.err)
        XCTAssertEqual(try stored(cluster)?.serial, 4, "serial 3 either way before (applied then, or by the apply after)")
    }

    func testAnswersSlowerThanTheTimeout() throws {
        let cluster = try start(size: 1)
        let slow = try proxy(cluster.members[0])
        try configure(users: 10)
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"], through: [slow.endpoint]).code, 0)
        try configure(users: 11)
        slow.set(.delay(2.5))
        let late = try tenancy(["apply", "--auto-approve"], through: [slow.endpoint])
        XCTAssertEqual(late.code, 1)
        XCTAssertTrue(late.err.contains(slow.endpoint.absoluteString) && late.err.contains("timed out"), late.err)
        slow.set(.pass)
        let state = try XCTUnwrap(try stored(cluster))
        XCTAssertTrue(state.serial == 1 || state.serial == 2, "old or new: \(state.serial)")
        // A lock a late answer may have left expires with its lease: the next run waits for it.
        let next = try tenancy(["apply", "--auto-approve", "--lock-timeout", "15s"], through: [slow.endpoint])
        XCTAssertEqual(next.code, 0, next.err)
        XCTAssertEqual(try tenancy(["plan", "--detailed-exitcode"], through: [slow.endpoint]).code, 0)
        XCTAssertEqual(try tenancy(["audit", "verify"], through: [slow.endpoint]).code, 0)
    }

    /// The leader is killed while the commit is on its way to it (the proxy holds the request,
    /// the test kills the leader meanwhile): the two members left elect another, and the run ends
    /// with the old or the new state, saying which.
    func testTheLeaderKilledDuringTheCommit() throws {
        let cluster = try start(size: 3)
        let fronts = try cluster.members.map { try proxy($0) }
        try configure(users: 10, timeout: "2s")
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"], through: fronts.map(\.endpoint)).code, 0)
        // Which member leads?
        let status = try EtcdClient(endpoints: cluster.endpoints).call("maintenance/status", .object([:]))
        let leaderID = try XCTUnwrap(status["leader"]?.stringValue)
        var leader = 0
        for (index, member) in cluster.members.enumerated() {
            let own = try EtcdClient(endpoints: [member.endpoint]).call("maintenance/status", .object([:]))
            if own["header"]?["member_id"]?.stringValue == leaderID { leader = index }
        }
        try configure(users: 11)
        // The run talks to the leader first; its commit is held at the leader's proxy, and the
        // leader is killed while it waits there.
        let order = [fronts[leader]] + fronts.enumerated().filter { $0.offset != leader }.map(\.element)
        fronts[leader].set(.holdRequests(seconds: 1, to: Self.commit))
        let run = try RunningTenancy(["apply", "--auto-approve", "--lock-timeout", "15s"], in: root, environment: [
            "TENANCY_ACTOR": "fault-test", "TENANCY_ETCD_ENDPOINTS": order.map(\.endpoint.absoluteString).joined(separator: ","),
        ])
        let deadline = Date().addingTimeInterval(30)
        while fronts[leader].events.withLock({ $0.isEmpty }), run.process.isRunning, Date() < deadline { usleep(10_000) }
        XCTAssertEqual(fronts[leader].events.withLock { $0 }, ["holding a request"], "the commit reached the leader's proxy")
        cluster.kill(leader)
        let result = run.finish()
        let survivors = cluster.members.enumerated().filter { $0.offset != leader }.map(\.element.endpoint)
        let state = try XCTUnwrap(try EtcdBackend(client: EtcdClient(endpoints: survivors), prefix: "/faults/").read())
        XCTAssertTrue(state.serial == 1 || state.serial == 2, "old or new: \(state.serial)")
        if result.code == 0 {
            XCTAssertEqual(state.serial, 2, "said applied: \(result.out)")
        } else {
            XCTAssertTrue(result.err.contains("127.0.0.1:"), "names the endpoints: \(result.err)")
        }
        // The survivors serve on: the change is applied (again, or for the first time) and verifies.
        let fresh = fronts.enumerated().filter { $0.offset != leader }.map(\.element.endpoint)
        let again = try tenancy(["apply", "--auto-approve", "--lock-timeout", "15s"], through: fresh)
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(try tenancy(["plan", "--detailed-exitcode"], through: fresh).code, 0)
        XCTAssertEqual(try tenancy(["audit", "verify"], through: fresh).code, 0)
        print("leader killed during the commit: the run exited \(result.code), state serial \(state.serial)")
    }
}
