import Foundation
@testable import TenancyEngine
import TenancyModel
import TenancyTestSupport
import XCTest
import TenancyJSON

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
        let backup = try StateFile.read(Array(Data(contentsOf: URL(fileURLWithPath: backend.backupPath))), path: "backup")
        XCTAssertEqual(backup.serial, 1, "the previous version is kept")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".tenancy").path)
        XCTAssertEqual(Set(leftovers), ["state.json", "state.json.backup", "history"], "no temporary files left behind")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: backend.historyFolder).sorted(), ["state-1.json"],
                       "a version is kept once superseded; the current one is state.json alone")
        XCTAssertEqual(try backend.history().map(\.serial), [1, 2], "history lists both")
        XCTAssertEqual(try backend.read(serial: 2), try backend.read())
    }

    /// Following the recovery a corrupt state suggests (copying the backup over the state) never
    /// changes a kept version: the current state file shares its inode with nothing.
    func testCopyingTheBackupOverTheStateChangesNoKeptVersion() throws {
        for serial in 1...3 { try backend.write(sample(serial: serial), expecting: serial == 1 ? nil : ("lineage-1", serial - 1)) }
        let kept = try (1...2).map { try Data(contentsOf: URL(fileURLWithPath: backend.historyPath($0))) }
        // `cp state.json.backup state.json`: writes the backup's bytes into the state file in place.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: backend.statePath))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(contentsOf: URL(fileURLWithPath: backend.backupPath)))
        try handle.close()
        XCTAssertEqual(try backend.read()?.serial, 2)
        XCTAssertEqual(try (1...2).map { try Data(contentsOf: URL(fileURLWithPath: backend.historyPath($0))) }, kept)
        XCTAssertEqual(try backend.read(serial: 2)?.serial, 2)
        XCTAssertEqual(try backend.read(serial: 1)?.serial, 1)
    }

    /// A state path that is a symbolic link is never written through (a link planted in a shared
    /// folder would make Tenancy overwrite its target): refused, the target untouched.
    func testASymlinkedStateIsRefusedAndItsTargetUntouched() throws {
        let target = folder.appendingPathComponent("elsewhere/real.json")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("precious\n".utf8).write(to: target)
        let link = folder.appendingPathComponent(".tenancy/linked.json")
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "../elsewhere/real.json")
        let linked = LocalBackend(statePath: link.path)
        XCTAssertThrowsError(try linked.write(sample(serial: 1), expecting: nil)) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "precious\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path + ".backup"))
    }

    func entry(_ operation: String = "apply") -> AuditEntry {
        AuditEntry(operation: operation, time: "2026-11-27T00:00:00Z", actor: "test", commit: nil, planDigest: "d", changes: [])
    }

    /// A run killed after its state was written but before its audit record was appended: the
    /// pending record is shown by readers and appended by the next commit; a run killed before
    /// the state was written leaves a pending record that is discarded.
    func testPendingAuditRecordCompletesOrIsDiscarded() throws {
        try backend.commit(sample(serial: 1), expecting: nil, audit: entry())
        let folder = (backend.statePath as NSString).deletingLastPathComponent
        let pending = (folder as NSString).appendingPathComponent("audit.pending.json")
        // Killed after the state write: the state is serial 2, the log stops at 1.
        let record = AuditRecord(after: try backend.auditLog.records().last, entry: entry(), version: StateVersion(lineage: "lineage-1", serial: 2))
        try backend.write(sample(serial: 2), expecting: ("lineage-1", 1))
        try Data(record.line).write(to: URL(fileURLWithPath: pending))
        XCTAssertEqual(try backend.auditLog.records().count, 1)
        XCTAssertEqual(try backend.auditRecords().map(\.serial), [1, 2], "readers see the completed chain")
        try backend.commit(sample(serial: 3), expecting: StateVersion(lineage: "lineage-1", serial: 2), audit: entry())
        XCTAssertEqual(try backend.auditLog.records().map(\.serial), [1, 2, 3])
        XCTAssertEqual(try backend.verifyAudit(), 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pending))
        // Killed before the state write: the pending record names serial 4, the state is 3.
        let orphan = AuditRecord(after: try backend.auditLog.records().last, entry: entry(), version: StateVersion(lineage: "lineage-1", serial: 4))
        try Data(orphan.line).write(to: URL(fileURLWithPath: pending))
        XCTAssertEqual(try backend.auditRecords().count, 3, "a record of a state never written is not shown")
        try backend.commit(sample(serial: 4), expecting: StateVersion(lineage: "lineage-1", serial: 3), audit: entry("state rm"))
        let records = try backend.auditLog.records()
        XCTAssertEqual(records.map(\.serial), [1, 2, 3, 4])
        XCTAssertEqual(records.last?.operation, "state rm")
        XCTAssertEqual(try backend.verifyAudit(), 4)
    }

    /// The last record is read from the end of the log, whatever its length, and agrees with the
    /// whole read; a damaged last line is reported as the whole read reports it.
    func testLastAuditRecordIsReadFromTheEnd() throws {
        let log = backend.auditLog
        XCTAssertNil(try log.last(), "no log yet")
        try FileManager.default.createDirectory(atPath: (log.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var last: AuditRecord?
        for (i, size) in [3, 5000, 40_000, 2, 70_000].enumerated() {
            // Records of every length around the 64 KiB read block, the longest last.
            let changes = (0..<size).map { JSON.object(["address": .string("Workspace/w\($0)"), "action": .string("create")]) }
            let entry = AuditEntry(operation: "apply", time: "2026-11-27T00:00:0\(i)Z", actor: "test", commit: nil, planDigest: "d",
                                   changes: changes)
            let record = AuditRecord(after: last, entry: entry, version: StateVersion(lineage: "l", serial: i + 1))
            try log.append(record)
            last = record
            XCTAssertEqual(try log.last(), try log.records().last, "after record \(i + 1)")
            XCTAssertEqual(try log.last()?.sequence, i + 1)
        }
        XCTAssertGreaterThan((try FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int) ?? 0, 1 << 20)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: log.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n\n".utf8))
        XCTAssertEqual(try log.last()?.sequence, 5, "blank lines after the last record")
        try handle.write(contentsOf: Data("{\"sequence\": 6, torn".utf8))
        try handle.close()
        XCTAssertThrowsError(try log.last()) { error in
            XCTAssertEqual(error as? AuditError, .broken(line: 6, reason: "not a valid audit record"))
        }
    }

    /// Far from every version's time: only the count decides.
    static let yearsLater: @Sendable () -> Date = { Date(timeIntervalSinceNow: 100 * 365 * 86_400) }

    func testHistoryKeepsTheLastVersionsAsLinks() throws {
        let small = LocalBackend(statePath: backend.statePath, keepVersions: 3, clock: Self.yearsLater)
        var expected: StateVersion?
        for serial in 1...5 {
            try small.commit(sample(serial: serial), expecting: expected, audit: entry())
            expected = StateVersion(lineage: "lineage-1", serial: serial)
        }
        XCTAssertEqual(try small.history().map(\.serial), [3, 4, 5])
        XCTAssertEqual(try small.history().first?.lineage, "lineage-1")
        XCTAssertEqual(try small.read(serial: 4)?.serial, 4)
        XCTAssertNil(try small.read(serial: 1))
        XCTAssertEqual(StateFile.peekVersion(Array(StateFile.bytes(of: sample(serial: 12)))), StateVersion(lineage: "lineage-1", serial: 12))
        XCTAssertNil(StateFile.peekVersion(Array("{\"serial\": 1}".utf8)), "not canonical: decoded instead")
    }

    /// Bills read the history: a version in force on any day since the previous month began is
    /// kept whatever `keepVersions` says, so that a busy month's early days keep their bill.
    /// Versions made before that go by count as before.
    func testVersionsInForceSinceThePreviousMonthAreKept() throws {
        let small = LocalBackend(statePath: backend.statePath, keepVersions: 2)
        var expected: StateVersion?
        func commit(_ serial: Int) throws {
            try small.commit(sample(serial: serial), expecting: expected, audit: entry())
            expected = StateVersion(lineage: "lineage-1", serial: serial)
        }
        for serial in 1...5 { try commit(serial) }
        XCTAssertEqual(try small.history().map(\.serial), [1, 2, 3, 4, 5], "all in force this month: none pruned")

        // Versions 1 to 3 made three months ago: 1 and 2 were superseded before the window, 3 was
        // in force until 4 came (now), so it stays.
        let longAgo = Date(timeIntervalSinceNow: -95 * 86_400)
        for serial in 1...3 {
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: small.historyPath(serial))
        }
        try commit(6)
        XCTAssertEqual(try small.history().map(\.serial), [3, 4, 5, 6])
        XCTAssertNil(try small.read(serial: 2))
        XCTAssertEqual(try small.read(serial: 3)?.serial, 3, "the version in force when the window began")
    }

    func testTheRetentionWindowBeginsOnThePreviousMonthsFirstDay() {
        @Sendable func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z") ?? Date.distantPast }
        XCTAssertEqual(VersionRetention.firstDayOfPreviousMonth(day("2026-12-07")), "2026-11-01")
        XCTAssertEqual(VersionRetention.firstDayOfPreviousMonth(day("2027-01-01")), "2026-12-01")
        XCTAssertEqual(VersionRetention.firstDayOfPreviousMonth(day("2026-03-31")), "2026-02-01")
        XCTAssertEqual(VersionRetention.firstDayOfPreviousMonth(Date(timeIntervalSince1970: 1_798_761_599)), "2026-11-01", "2026-12-31T23:59:59Z")

        let retention = VersionRetention(keepVersions: 2) { day("2026-12-07") }
        let made: [(serial: Int, made: String?)] = [
            (1, "2026-09-30T10:00:00Z"), (2, "2026-10-31T23:59:59Z"), (3, "2026-11-01T00:00:00Z"), (4, "2026-12-01T08:00:00Z"),
        ]
        // 1 was superseded in October, 2 on 1 November (in force that day: kept), the rest recent.
        XCTAssertEqual(retention.removable(made, currentMade: "2026-12-07T12:00:00Z"), [1])
        XCTAssertEqual(retention.removable(Array(made.prefix(2)), currentMade: "2026-10-31T23:59:59Z"), [1],
                       "both made before the window: by count alone")
        XCTAssertEqual(VersionRetention(keepVersions: 10) { day("2026-12-07") }.removable(made, currentMade: nil), [], "under the count")
        XCTAssertEqual(retention.removable([(1, nil), (2, nil)], currentMade: nil), [1], "no times known: by count")
        XCTAssertEqual(VersionRetention(keepVersions: 0) { day("2026-12-07") }.keepVersions, 1)
    }

    func testStaleCompareAndSwapIsRefused() throws {
        try backend.write(sample(serial: 1), expecting: nil)
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: ("lineage-1", 0)))
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: ("other", 1)))
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: nil))
        XCTAssertEqual(try backend.read()?.serial, 1, "nothing written")
        // A state file rewritten by hand in another layout: its version cannot be read from its
        // first and last lines, so the whole file is decoded for the check.
        let compact = StateFile.document(sample(serial: 1)).compactBytes()
        XCTAssertNil(StateFile.peekVersion(compact))
        try Data(compact).write(to: URL(fileURLWithPath: backend.statePath))
        XCTAssertThrowsError(try backend.write(sample(serial: 2), expecting: ("lineage-1", 0)))
        try backend.write(sample(serial: 2), expecting: ("lineage-1", 1))
        XCTAssertEqual(try backend.read()?.serial, 2)
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
        XCTAssertNil(try backend.holder())
    }

    func testCorruptNewerAndUnwritableStateAreClearErrors() throws {
        try FileManager.default.createDirectory(atPath: folder.appendingPathComponent(".tenancy").path, withIntermediateDirectories: true)
        try Data("{\"format\": \"tenancy-state\", \"format_version\": 99}".utf8).write(to: URL(fileURLWithPath: backend.statePath))
        XCTAssertThrowsError(try backend.read()) { XCTAssertEqual($0 as? StateError, .newerFormat(path: backend.statePath, found: 99)) }
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: backend.statePath))
        XCTAssertThrowsError(try backend.read()) { error in
            guard case StateError.corrupt = error else { return XCTFail("\(error)") }
        }
        // Each resource entry is read on its own after the top level: every way an entry can be
        // wrong is still a corrupt-state error naming what is wrong, never a crash.
        let header = #"{"format": "tenancy-state", "format_version": 1, "lineage": "l", "serial": 1, "resources": "#
        let entries = [
            (#"{"Workspace/a": 5}"#, "resource Workspace/a is incomplete"),
            (#"{"Workspace/a": {"attributes": 5, "id": "i", "created": "c", "updated": "u"}}"#, "resource Workspace/a has no attributes object"),
            (#"{"Workspace/a": {"id": "i", "created": "c", "updated": "u"}}"#, "resource Workspace/a is incomplete"),
            (#"{"Nonsense/a": {"attributes": {}, "id": "i", "created": "c", "updated": "u"}}"#, "`Nonsense/a` is not an address"),
            (#"{"Workspace/a": {"attributes": {"x": tru}, "id": "i", "created": "c", "updated": "u"}}"#, "invalid literal"),
            (#"{"Workspace/a": {"attributes": {}, "id": "i", "id": "j", "created": "c", "updated": "u"}}"#, "duplicate key \"id\""),
            (#"[]"#, "resources is missing"),
        ]
        for (entry, reason) in entries {
            try Data((header + entry + "}").utf8).write(to: URL(fileURLWithPath: backend.statePath))
            XCTAssertThrowsError(try backend.read(), entry) { error in
                guard case let StateError.corrupt(_, message) = error else { return XCTFail("\(entry): \(error)") }
                XCTAssertTrue(message.contains(reason), "\(entry): \(message)")
            }
        }
        try Data((header + #"{"Workspace/a": {"attributes": {"spec": {}}, "id": "i", "created": "c", "updated": "u"}}}"#).utf8)
            .write(to: URL(fileURLWithPath: backend.statePath))
        XCTAssertEqual(try backend.read()?.resources[Address(.workspace, "a")]?.resource.attributes, .object(["spec": .object([:])]))
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
        XCTAssertEqual(String(decoding: StateFile.bytes(of: state), as: UTF8.self), StateFile.document(state).canonicalText(),
                       "the streaming writer prints exactly the tree's canonical form")
        let read = try StateFile.read(StateFile.bytes(of: state), path: "state.json")
        XCTAssertEqual(read, state)
        XCTAssertEqual(StateFile.bytes(of: read), StateFile.bytes(of: state), "stored text is copied through unchanged")
        XCTAssertEqual(read.resources[extra.address]?.resource.attributes["spec"]?["quotas"]?["users"], .int(10))
        XCTAssertTrue(read.resources[extra.address]!.resource.attributesEqual(extra), "text against tree")
        XCTAssertThrowsError(try StateFile.read(Array(String(decoding: StateFile.bytes(of: state), as: UTF8.self).replacingOccurrences(of: "\"users\": 10", with: "\"users\": 10,").utf8),
                                       path: "state.json"), "broken attributes are found when the file is read, not later")
    }
}

final class LocalBackendConformanceTests: XCTestCase {
    func testLocalBackendKeepsTheBackendContract() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-conformance-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".tenancy/state.json").path
        XCTAssertEqual(BackendConformance.run { LocalBackend(statePath: path) }, [])
    }
}
