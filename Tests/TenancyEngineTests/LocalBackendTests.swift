import Foundation
@testable import TenancyEngine
import TenancyModel
import XCTest

final class LocalBackendTests: XCTestCase {
    var folder: URL!
    var backend: LocalBackend!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        backend = LocalBackend(statePath: folder.appendingPathComponent(".tenancy/state.json").path)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent(".tenancy").path)
        try? FileManager.default.removeItem(at: folder)
    }

    func sample(serial: Int = 0) -> State {
        let resource = Resource(address: Address(.team, "platform"), attributes: .object(["spec": .object(["members": .array([.string("a@example.com")])])]),
                                dependencies: ["Workspace/engineering"], secretDigests: ["spec.x": "ab"])
        return State(lineage: "lineage-1", serial: serial, resources: [
            resource.address: StateResource(id: "id-1", resource: resource, created: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z"),
        ])
    }

    func testReadEmptyWriteReadBackWithBackupAndMode() throws {
        XCTAssertNil(try backend.read())
        try backend.write(sample(serial: 1), expecting: nil)
        XCTAssertEqual(try backend.read(), sample(serial: 1))
        let attributes = try FileManager.default.attributesOfItem(atPath: backend.statePath)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: backend.backupPath))
        try backend.write(sample(serial: 2), expecting: ("lineage-1", 1))
        XCTAssertEqual(try backend.read()?.serial, 2)
        let backup = try State(json: JSONParser.parse(Array(Data(contentsOf: URL(fileURLWithPath: backend.backupPath)))), path: "backup")
        XCTAssertEqual(backup.serial, 1, "the previous version is kept")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".tenancy").path)
        XCTAssertEqual(Set(leftovers), ["state.json", "state.json.backup"], "no temporary files left behind")
    }

    func testStaleCompareAndSwapIsRefused() throws {
        try backend.write(sample(serial: 1), expecting: nil)
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: ("lineage-1", 0)))
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: ("other", 1)))
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: nil))
        XCTAssertEqual(try backend.read()?.serial, 1, "nothing written")
    }

    func testLockIsExclusiveAndNamesItsHolder() throws {
        let first = try backend.lock(operation: "apply", who: "alice@host", timeout: 0)
        XCTAssertThrowsError(try backend.lock(operation: "plan", who: "bob@host", timeout: 0.2)) { error in
            guard case let LockError.held(info) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(info.id, first.id)
            XCTAssertEqual(info.who, "alice@host")
            XCTAssertEqual(info.operation, "apply")
        }
        backend.unlock(first)
        let second = try backend.lock(operation: "plan", who: "bob@host", timeout: 0)
        XCTAssertThrowsError(try backend.forceUnlock(id: "wrong"))
        try backend.forceUnlock(id: second.id)
        XCTAssertNil(backend.holder())
    }

    func testCorruptNewerAndUnwritableStateAreClearErrors() throws {
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent(".tenancy").path, withIntermediateDirectories: true)
        try Data("{\"format\": \"tenancy-state\", \"format_version\": 99}".utf8).write(to: URL(fileURLWithPath: backend.statePath))
        XCTAssertThrowsError(try backend.read()) { XCTAssertEqual($0 as? StateError, .newerFormat(path: backend.statePath, found: 99)) }
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: backend.statePath))
        XCTAssertThrowsError(try backend.read()) { error in
            guard case StateError.corrupt = error else { return XCTFail("\(error)") }
        }
        try FileManager.default.removeItem(atPath: backend.statePath)
        guard getuid() != 0 else { return } // root ignores permissions; the rest needs a normal user
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder.appendingPathComponent(".tenancy").path)
        XCTAssertThrowsError(try backend.write(sample(serial: 1), expecting: nil))
    }
}

extension LocalBackendTests {
    func testStoredAttributesStayTextUntilNeededAndRoundTripExactly() throws {
        var state = sample(serial: 1)
        let extra = Resource(address: Address(.workspace, "engineering"),
                             attributes: .object(["spec": .object(["quotas": .object(["users": .int(10)]), "name": .string("é \"q\"\n")]),
                                                  "metadata": .object([:])]))
        state.resources[extra.address] = StateResource(id: "id-2", resource: extra, created: "c", updated: "u")
        XCTAssertEqual(state.canonicalText(), state.json.canonicalText(), "the fast writer prints exactly the canonical form")
        let read = try State(bytes: Array(state.canonicalText().utf8), path: "state.json")
        XCTAssertEqual(read, state)
        XCTAssertEqual(read.canonicalText(), state.canonicalText(), "stored text is copied through unchanged")
        XCTAssertEqual(read.resources[extra.address]?.resource.attributes["spec"]?["quotas"]?["users"], .int(10))
        XCTAssertTrue(read.resources[extra.address]!.resource.attributesEqual(extra), "text against tree")
        XCTAssertThrowsError(try State(bytes: Array(state.canonicalText().replacingOccurrences(of: "\"users\": 10", with: "\"users\": 10,").utf8),
                                       path: "state.json"), "broken attributes are found when the file is read, not later")
    }
}
