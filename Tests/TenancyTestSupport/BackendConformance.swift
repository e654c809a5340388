import Foundation
import TenancyEngine
import TenancyModel
import TenancyJSON

/// The contract every state backend keeps, written once and run against each (the local file and
/// etcd alike), as Terraform's statemgr runs one TestFull for all. Returns the broken promises, in
/// words; an empty list means the backend conforms.
package enum BackendConformance {
    /// - Parameters:
    ///   - make: a new client of one and the same empty store (called several times: two clients
    ///     must see each other's lock and state).
    ///   - largeResources: the resource count of the large round trip.
    package static func run(largeResources: Int = 20_000, _ make: () -> any StateBackend) -> [String] {
        var failures: [String] = []
        func check(_ condition: Bool, _ what: String) { if !condition { failures.append(what) } }
        @discardableResult
        func attempt<T>(_ what: String, _ body: () throws -> T) -> T? {
            do { return try body() } catch {
                failures.append("\(what): \(error)")
                return nil
            }
        }
        let backend = make()
        let other = make()
        let lineage = UUID().uuidString.lowercased()

        // Read empty.
        check(attempt("read of an empty store") { try backend.read() } == .some(nil), "an empty store reads as no state")
        check(attempt("history of an empty store") { try backend.history() }?.isEmpty == true, "an empty store has no history")
        check(attempt("audit of an empty store") { try backend.auditRecords() }?.isEmpty == true, "an empty store has no audit records")

        // Write, read back, through another client too.
        let first = sample(lineage: lineage, serial: 1, resources: 3)
        attempt("first commit") { try backend.commit(first, expecting: nil, audit: entry("apply")) }
        check(attempt("read back") { try backend.read() } == first, "a committed state reads back equal")
        check(attempt("read back by another client") { try other.read() } == first, "another client reads the committed state")

        // Stale compare-and-swap refused, nothing written.
        let second = sample(lineage: lineage, serial: 2, resources: 4)
        for (expected, what) in [(nil, "no state"), (StateVersion(lineage: lineage, serial: 0), "serial 0"),
                                 (StateVersion(lineage: "other", serial: 1), "another lineage")] as [(StateVersion?, String)] {
            do {
                try other.commit(second, expecting: expected, audit: entry("apply"))
                failures.append("a commit expecting \(what) replaced serial 1")
            } catch {
                check("\(error)".contains("changed since") || "\(error)".contains("committed first"),
                      "a stale commit says the state changed, not: \(error)")
            }
        }
        check(attempt("read after refused commits") { try backend.read() } == first, "refused commits write nothing")
        attempt("second commit") { try other.commit(second, expecting: StateVersion(first), audit: entry("state rm")) }
        check(attempt("read second") { try backend.read() }??.serial == 2, "the second commit is read by the first client")

        // Lock, second lock refused with the holder's info, unlock, force-unlock.
        if let held = attempt("lock", { try backend.lock(operation: "apply", who: "alice@ci", timeout: 0) }) {
            do {
                _ = try other.lock(operation: "plan", who: "bob@ci", timeout: 0.3)
                failures.append("a second lock was granted while the first was held")
            } catch let LockError.held(holder) {
                check(holder.id == held.id && holder.who == "alice@ci" && holder.operation == "apply" && holder.created == held.created,
                      "the refused lock names the holder (got \(holder))")
            } catch {
                failures.append("a second lock failed with \(error), not with the holder's info")
            }
            check(attempt("holder") { try other.holder() }??.id == held.id, "holder() names the lock")
            do {
                try other.forceUnlock(id: "not-the-id")
                failures.append("force-unlock with a wrong ID removed the lock")
            } catch {}
            // A waiting lock is granted when the holder releases it.
            let releaser = Thread { usleep(400_000); backend.unlock(held) }
            releaser.start()
            if let waited = attempt("lock with a wait", { try other.lock(operation: "apply", who: "bob@ci", timeout: 10) }) {
                check(attempt("holder after wait") { try backend.holder() }??.id == waited.id, "the waiting client holds the lock after the release")
                attempt("force-unlock") { try backend.forceUnlock(id: waited.id) }
                check(attempt("holder after force-unlock") { try backend.holder() } == .some(nil), "force-unlock removes the lock")
                other.unlock(waited) // the lock is gone already: nothing to do, no error
            }
            if let again = attempt("lock after force-unlock", { try backend.lock(operation: "apply", who: "carol@ci", timeout: 0) }) {
                backend.unlock(again)
            }
        }

        // Large state round trip.
        let large = sample(lineage: lineage, serial: 3, resources: largeResources)
        attempt("large commit") { try backend.commit(large, expecting: StateVersion(lineage: lineage, serial: 2), audit: entry("apply")) }
        check(attempt("large read") { try other.read() } == large, "a state of \(largeResources) resources reads back equal")

        // History and audit.
        check(attempt("history") { try backend.history() }?.map(\.serial) == [1, 2, 3], "the history lists serials 1, 2, 3")
        check(attempt("read serial 1") { try other.read(serial: 1) } == first, "a kept version reads back equal")
        check(attempt("read serial 99") { try other.read(serial: 99) } == .some(nil), "a version never written reads as nil")
        let records = attempt("audit records") { try other.auditRecords() } ?? []
        check(records.map(\.serial) == [1, 2, 3], "one audit record per commit, with its serial (got \(records.map(\.serial)))")
        check(records.map(\.operation) == [nil, "state rm", nil], "records keep their operation")
        check(attempt("audit verify") { try other.verifyAudit() } == 3, "the audit chain verifies")

        // Journals (the notifications' delivery log): appended in order, read whole by another
        // client, replaced as one, under a lock of their own that is not the state's.
        if let journal = backend.journal("deliveries"), let reader = other.journal("deliveries") {
            check(attempt("empty journal") { try reader.records() } == .some([]), "a journal never written is empty")
            let lines = (1...250).map { Array("{\"n\":\($0)}".utf8) }
            attempt("journal append") { try journal.append(Array(lines[..<3])) }
            attempt("journal append many") { try journal.append(Array(lines[3...])) }
            check(attempt("journal read") { try reader.records() } == lines, "a journal's records read back in order, across appends")
            // A record appended after the compacting run read the journal survives the compaction.
            attempt("journal append after the read") { try reader.append([Array("{\"late\":1}".utf8)]) }
            attempt("journal replace") { try journal.replace(first: lines.count, with: Array(lines[..<2])) }
            check(attempt("journal read after replace") { try reader.records() } == Array(lines[..<2]) + [Array("{\"late\":1}".utf8)],
                  "a compacted journal holds the new records and those appended since it was read")
            if let held = attempt("journal lock", { try journal.lock(operation: "notify", who: "alice@cron", timeout: 0) }) {
                do {
                    let second = try reader.lock(operation: "notify", who: "bob@cron", timeout: 0)
                    reader.unlock(second)
                    failures.append("a second client took a journal's lock while it was held")
                } catch {}
                // The state's lock is another lock.
                if let state = attempt("state lock beside a journal's", { try other.lock(operation: "apply", who: "bob@ci", timeout: 0) }) {
                    other.unlock(state)
                }
                journal.unlock(held)
                if let again = attempt("journal lock after release", { try reader.lock(operation: "notify", who: "bob@cron", timeout: 0) }) {
                    reader.unlock(again)
                }
            }
        } else {
            failures.append("the backend keeps no journal")
        }
        return failures
    }

    static func entry(_ operation: String) -> AuditEntry {
        AuditEntry(operation: operation, time: "2026-11-27T12:00:00Z", actor: "conformance", commit: nil,
                   planDigest: String(repeating: "a", count: 64), changes: [.object(["action": .string("update"), "address": .string("Workspace/w")])])
    }

    /// A state of `resources` teams, each a few hundred bytes.
    package static func sample(lineage: String, serial: Int, resources: Int) -> State {
        var all: [Address: StateResource] = [:]
        for i in 0..<resources {
            let name = "team-\(i)"
            let attributes = JSON.object([
                "spec": .object([
                    "members": .array((0..<3).map { .string("user\($0)-\(i)@example.com") }),
                    "description": .string("Team \(i) of the conformance state, serial \(serial)"),
                    "quota": .int(i % 97),
                ]),
            ])
            let resource = Resource(address: Address(.team, name), attributes: attributes, dependencies: ["Workspace/w\(i % 10)"],
                                    secretDigests: [:])
            all[resource.address] = StateResource(id: "id-\(i)", resource: resource, created: "2026-11-27T12:00:00Z",
                                                  updated: "2026-11-27T12:00:00Z")
        }
        return State(lineage: lineage, serial: serial, resources: all)
    }
}
