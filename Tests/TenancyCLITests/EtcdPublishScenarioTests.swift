import Foundation
import TenancyEngine
import TenancyEtcd
import TenancyEtcdCluster
import TenancyTestSupport
import XCTest
import TenancyJSON
#if canImport(Glibc)
import Glibc
#endif

/// What the platform reads: with the etcd backend, apply publishes each changed resource's
/// effective settings under `<prefix>published/` and then the marker, and a publish cut short is
/// completed by the next run. Checked with etcd's own client watching the prefix (etcdctl, from
/// Debian's etcd-client; skipped without it).
final class EtcdPublishScenarioTests: XCTestCase {
    var cluster: EtcdCluster?
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        guard let started = try EtcdCluster.start(size: 1) else { throw MissingTool.skip("etcd", EtcdCluster.missingMessage) }
        cluster = started
        try writeProject()
        try write(workspaces: (0..<12).map { ($0, nil, 50 + $0) })
    }

    override func tearDown() {
        cluster?.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// The project file: etcd under `/platform/` (the endpoints come from the environment);
    /// `extra` adds settings to the etcd backend's.
    func writeProject(extra: String = "") throws {
        try Data("""
            apiVersion: tenancy/v1
            kind: Project
            metadata: {name: publish-scenario}
            spec:
              backend:
                etcd: {endpoints: [http://etcd.invalid:2379], prefix: /platform/, timeout: 2s\(extra)}

            """.utf8).write(to: root.appendingPathComponent("tenancy.yaml"))
    }

    var endpoints: String { cluster?.endpoints.map(\.absoluteString).joined(separator: ",") ?? "" }

    /// Workspaces `ws-N` (optionally renamed from an earlier name) with a users quota.
    func write(workspaces: [(index: Int, previous: String?, users: Int)]) throws {
        var text = ""
        for (index, previous, users) in workspaces {
            let metadata = previous.map { "{name: ws-\(index), previousNames: [\($0)]}" } ?? "{name: ws-\(index)}"
            text += "---\napiVersion: tenancy/v1\nkind: Workspace\nmetadata: \(metadata)\nspec:\n  template: enterprise-starter\n  quotas: {users: \(users)}\n"
        }
        try Data(text.utf8).write(to: root.appendingPathComponent("workspaces.yaml"))
    }

    @discardableResult
    func tenancy(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: root, environment: ["TENANCY_ACTOR": "publish-scenario", "TENANCY_ETCD_ENDPOINTS": endpoints])
    }

    func client() throws -> EtcdClient { try XCTUnwrap(cluster.map { EtcdClient(endpoints: $0.endpoints) }) }

    func marker() throws -> String? {
        try client().get("/platform/published/serial").0.map { String(decoding: $0.value, as: UTF8.self) }
    }

    /// etcdctl watching the published prefix: its events, as (type, key) in order, once the
    /// marker's event has come (or after `seconds`).
    func watch(while body: () throws -> Void, seconds: Double = 20) throws -> [(String, String)] {
        guard let etcdctl = ["/usr/bin/etcdctl", "/usr/local/bin/etcdctl"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw MissingTool.skip("etcdctl", "etcdctl is not installed (apt-get install etcd-client): the watcher cannot run")
        }
        // Its output goes to a file, read until the marker's event is in it (never a blocking read).
        let output = root.appendingPathComponent("watch-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: etcdctl)
        process.arguments = ["--endpoints=\(endpoints)", "watch", "--prefix", "/platform/published/"]
        process.environment = ["ETCDCTL_API": "3"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }
        // The watch is established once etcd has a watcher for the prefix; half a second is ample
        // on loopback, and a late start would only show as missing events (a failure, not a pass).
        Thread.sleep(forTimeInterval: 0.5)
        try body()
        var text = ""
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if text.contains("/platform/published/serial\n") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        // Each event is three lines: PUT or DELETE, the key, the value (empty for a delete).
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var events: [(String, String)] = []
        var i = 0
        while i + 1 < lines.count {
            if lines[i] == "PUT" || lines[i] == "DELETE" {
                events.append((lines[i], lines[i + 1]))
                i += 3
            } else {
                i += 1
            }
        }
        return events
    }

    func testAWatcherSeesExactlyTheChangedResourcesAndThenTheMarker() throws {
        let first = try tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertTrue(first.out.contains("Published serial 1 to /platform/published/"), first.out)
        XCTAssertTrue(try marker()?.contains(#""serial":1"#) ?? false)
        let published = try client().list(prefix: "/platform/published/Workspace/")
        XCTAssertEqual(published.count, 12)
        let value = try XCTUnwrap(published.first { $0.key.hasSuffix("/ws-3") })
        let json = try JSONParser.parse(value.value)
        XCTAssertEqual(json["settings"]?["quotas"]?["users"]?.intValue, 53)
        XCTAssertEqual(json["kind"]?.stringValue, "Workspace")
        XCTAssertNotNil(json["settings"]?["policy"], "template defaults merged")

        // Three quotas changed, ws-11 deleted, ws-10 renamed to ws-20; the rest untouched.
        var next: [(index: Int, previous: String?, users: Int)] = (0..<10).map { ($0, nil, $0 < 3 ? 500 + $0 : 50 + $0) }
        next.append((20, "ws-10", 60))
        try write(workspaces: next)
        let events = try watch {
            let second = try tenancy(["apply", "--auto-approve", "--allow-destroy"])
            XCTAssertEqual(second.code, 0, second.err)
            XCTAssertTrue(second.out.contains("Published serial 2 to /platform/published/"), second.out)
            XCTAssertTrue(second.out.contains("4 written, 2 removed"), second.out)
        }
        let seen = events.map { "\($0.0) \($0.1)" }
        XCTAssertEqual(Set(seen.dropLast()), [
            "PUT /platform/published/Workspace/ws-0", "PUT /platform/published/Workspace/ws-1", "PUT /platform/published/Workspace/ws-2",
            "PUT /platform/published/Workspace/ws-20", "DELETE /platform/published/Workspace/ws-10",
            "DELETE /platform/published/Workspace/ws-11",
        ], "exactly the changed resources")
        XCTAssertEqual(seen.last, "PUT /platform/published/serial", "the marker comes last")
        XCTAssertEqual(seen.count, 7)
    }

    /// An apply of new quotas (users 70 + N) through a proxy that holds its first publishing
    /// request (the claim, which compares the marker) for `seconds`: returned once it is held,
    /// after the apply's commit.
    func applyHeldAtPublishing(seconds: Double, actor: String) throws -> (FaultProxy, RunningTenancy) {
        let member = try XCTUnwrap(cluster?.members.first)
        let proxy = try FaultProxy(upstream: member.clientPort)
        let markerKey = Data("/platform/published/serial".utf8).base64EncodedString()
        proxy.set(.holdRequests(seconds: seconds, to: { String(decoding: $0, as: UTF8.self).contains(markerKey) }))
        try write(workspaces: (0..<12).map { ($0, nil, 70 + $0) })
        let run = try RunningTenancy(["apply", "--auto-approve"], in: root, environment: [
            "TENANCY_ACTOR": actor, "TENANCY_ETCD_ENDPOINTS": proxy.endpoint.absoluteString,
        ])
        let deadline = Date().addingTimeInterval(30)
        while proxy.events.withLock({ $0.isEmpty }), run.process.isRunning, Date() < deadline { usleep(10_000) }
        XCTAssertEqual(proxy.events.withLock { $0 }.first, "holding a request", "the apply committed and began to publish")
        return (proxy, run)
    }

    /// Ctrl-C while the settings are being published (the marker's write held at a proxy): the
    /// state is applied and the run says so (130), the lock is released, and `tenancy publish`
    /// completes what it left.
    func testAStopWhilePublishingSaysTheStateWasAppliedAndPublishCompletesIt() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let (proxy, run) = try applyHeldAtPublishing(seconds: 20, actor: "publish-scenario")
        defer { proxy.stop() }
        kill(run.process.processIdentifier, SIGINT)
        let result = run.finish()
        XCTAssertEqual(result.code, 130, result.err)
        XCTAssertTrue(result.err.contains("Stopped: the state transition had been made and is recorded."), result.err)
        let state = try XCTUnwrap(try EtcdBackend(client: client(), prefix: "/platform/").read())
        XCTAssertEqual(state.serial, 2, "applied")
        XCTAssertTrue(try marker()?.contains(#""serial":1"#) ?? false, "the marker still names serial 1")
        let publish = try tenancy(["publish"])
        XCTAssertEqual(publish.code, 0, "the lock was released: \(publish.err)")
        XCTAssertTrue(publish.out.contains("Published serial 2"), publish.out)
        XCTAssertTrue(try marker()?.contains(#""serial":2"#) ?? false)
    }

    /// A run that committed and was cut short before the marker (here: the marker set back, a
    /// value changed and a stray key left, as a crash or an operator could): the next apply with
    /// nothing to change completes the publish, and `tenancy publish` then has nothing to do.
    func testAPublishCutShortIsCompletedByTheNextRun() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let client = try client()
        try client.put("/platform/published/serial", Array(#"{"lineage":"x","serial":0}"#.utf8))
        try client.put("/platform/published/Workspace/ws-4", Array("{}".utf8))
        try client.put("/platform/published/Workspace/gone", Array("{}".utf8))
        let events = try watch {
            let again = try tenancy(["apply", "--auto-approve"])
            XCTAssertEqual(again.code, 0, again.err)
            XCTAssertTrue(again.out.contains("No changes"), again.out)
            XCTAssertTrue(again.out.contains("1 written, 1 removed, 11 already current"), again.out)
        }
        XCTAssertEqual(events.map { "\($0.0) \($0.1)" }, [
            "PUT /platform/published/Workspace/ws-4", "DELETE /platform/published/Workspace/gone", "PUT /platform/published/serial",
        ])
        let publish = try tenancy(["publish"])
        XCTAssertEqual(publish.code, 0, publish.err)
        XCTAssertTrue(publish.out.contains("Serial 1 is published"), publish.out)
        // The local backend publishes nothing, and says what to use instead.
        try FileManager.default.removeItem(at: root.appendingPathComponent("tenancy.yaml"))
        let local = try tenancy(["publish"])
        XCTAssertEqual(local.code, 1)
        XCTAssertTrue(local.err.contains("tenancy export prints the same settings"), local.err)
    }

    /// `published/` never moves backwards: an apply paused (SIGSTOP) after its commit, while it
    /// claims the right to publish, for longer than its lock's lease (a TTL of 2 s), while another
    /// apply takes the lock, commits and publishes a newer serial; resumed, the first writes
    /// nothing over the newer values, and says why.
    func testAPublisherPausedPastItsLeaseNeverPublishesBackwards() throws {
        try writeProject(extra: ", lockTTL: 2s")
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let (proxy, first) = try applyHeldAtPublishing(seconds: 6, actor: "first")
        defer { proxy.stop() }
        kill(first.process.processIdentifier, SIGSTOP)
        // Past the lease: the second apply takes the lock, commits serial 3 and publishes it.
        usleep(3_500_000)
        try write(workspaces: (0..<12).map { ($0, nil, 90 + $0) })
        let second = try tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertTrue(second.out.contains("Published serial 3"), second.out)
        kill(first.process.processIdentifier, SIGCONT)
        let resumed = first.finish()
        XCTAssertTrue(resumed.out.contains("Serial 3 is already published") || resumed.err.contains("lease ended")
                      || resumed.err.contains("took over published/"), "the first says why it wrote nothing: \(resumed.out) \(resumed.err)")
        XCTAssertTrue(try marker()?.contains(#""serial":3"#) ?? false, "the marker still names serial 3")
        let value = try XCTUnwrap(try client().get("/platform/published/Workspace/ws-5").0)
        XCTAssertTrue(String(decoding: value.value, as: UTF8.self).contains("95"), "ws-5 holds serial 3's users quota (95), not serial 2's (75)")
        let publish = try tenancy(["publish"])
        XCTAssertEqual(publish.code, 0, publish.err)
        XCTAssertTrue(publish.out.contains("Serial 3 is published"), publish.out)
    }

    /// A state repair makes a new serial and publishes it as apply does.
    func testStateRepairsPublishTheirSerial() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        let moved = try tenancy(["state", "mv", "Workspace/ws-3", "Workspace/ws-three"])
        XCTAssertEqual(moved.code, 0, moved.err)
        XCTAssertTrue(moved.out.contains("Published serial 2"), moved.out)
        XCTAssertTrue(try marker()?.contains(#""serial":2"#) ?? false)
        XCTAssertNotNil(try client().get("/platform/published/Workspace/ws-three").0)
        XCTAssertNil(try client().get("/platform/published/Workspace/ws-3").0)
        let rolled = try tenancy(["state", "rollback", "1"])
        XCTAssertEqual(rolled.code, 0, rolled.err)
        XCTAssertTrue(rolled.out.contains("Published serial 3"), rolled.out)
        XCTAssertNotNil(try client().get("/platform/published/Workspace/ws-3").0)
    }
}
