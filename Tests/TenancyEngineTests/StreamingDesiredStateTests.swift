import Foundation
import TenancyYAML
import TenancyModel
import XCTest

@testable import TenancyEngine
import TenancyJSON

/// The streaming path of a plan: workspaces converted by `DesiredStateCollector` as the loader
/// reads them, resources equal to the state sharing its text, and the state written in pieces.
final class StreamingDesiredStateTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")
    let secrets = SecretSource(environment: [:], root: StreamingDesiredStateTests.examples)

    /// Every resource of examples/ built both ways: held (every manifest's tree kept, converted
    /// after loading) and streamed, as a run plans (the session's pipeline: lock, state read beside
    /// the load, workspaces converted as their files are read). The state lives in a temporary folder.
    private func bothWays() -> (held: DesiredState, streamed: DesiredState, early: Int) {
        let held = ConfigurationLoader().load(paths: [Self.examples.path])
        let (full, problems) = DesiredState.build(held.configuration, secrets: secrets)
        XCTAssertEqual(problems.map(\.summary), [])
        let stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: stateFolder) }
        let session = Session(root: Self.examples.path, settings: ProjectSettings(),
                              backend: LocalBackend(statePath: stateFolder.appendingPathComponent("state.json").path),
                              environment: RunEnvironment())
        do {
            let (streamed, loaded) = try session.planning(PlanRequest(operation: "plan")) { (planned) throws(RunFailure) in
                (planned.desired, planned.loaded)
            }
            let early = streamed.resources.count - loaded.configuration.manifests.filter { DesiredState.resourceKinds.contains($0.kind) }.count
            return (full, streamed, early)
        } catch {
            XCTFail("the session did not plan: \(error.diagnostics.map(\.summary))")
            return (full, DesiredState(resources: [:]), 0)
        }
    }

    func testStreamedDesiredStateEqualsTheHeldOne() throws {
        let (held, streamed, early) = bothWays()
        XCTAssertGreaterThan(early, 0, "no workspace was finished early")
        XCTAssertEqual(held.resources.count, 21)
        XCTAssertEqual(Set(streamed.resources.keys), Set(held.resources.keys))
        for (address, resource) in held.resources {
            // The same but for the digests' key (the run's state key, a test's plain SHA-256).
            let other = try XCTUnwrap(streamed.resources[address], "\(address)")
            XCTAssertTrue(other.attributesEqual(resource), "\(address)")
            XCTAssertEqual(other.dependencies, resource.dependencies, "\(address)")
            XCTAssertEqual(Set(other.secretDigests.keys), Set(resource.secretDigests.keys), "\(address)")
            XCTAssertTrue(other.secretDigests.values.allSatisfy { $0.hasPrefix("hmac-sha256:") }, "\(address): keyed digests")
            XCTAssertEqual(streamed.resources[address]?.previousNames, resource.previousNames, "\(address)")
        }
    }

    func testResourcesEqualToTheStateShareItsText() throws {
        let (held, _, _) = bothWays()
        let applied = Applier.apply(Planner().plan(desired: held, state: nil).0, to: nil)
        let stored = try StateFile.read(StateFile.bytes(of: applied), path: "state.json")
        // The state known before the workspaces arrive (shared as they are converted), and after
        // (shared when the collector finishes): both end with every resource on the state's bytes.
        for arrivedFirst in [true, false] {
            let collector = DesiredStateCollector(secrets: secrets)
            if arrivedFirst { collector.stateArrived(stored) }
            _ = ConfigurationLoader().load(paths: [Self.examples.path], streaming: true, sink: collector)
            let early = collector.finish(stored: stored).resources
            XCTAssertFalse(early.isEmpty)
            for resource in early {
                let theirs = try XCTUnwrap(stored.resources[resource.address]).resource.stateText()
                let mine = resource.stateText()
                XCTAssertEqual(mine.withUnsafeBufferPointer { $0.baseAddress }, theirs.withUnsafeBufferPointer { $0.baseAddress },
                               "\(resource.address) keeps its own copy of text equal to the state's")
            }
            let (plan, _) = Planner().plan(desired: held, state: stored)
            XCTAssertFalse(plan.hasChanges)
        }
        // A resource that differs keeps its own text.
        let changed = try XCTUnwrap(held.resources.values.first)
        var other = changed
        other.attributes = .object(["metadata": .object([:]), "spec": .object(["changed": .bool(true)])])
        let kept = changed.sharingText(with: other)
        XCTAssertEqual(kept.stateText(), changed.stateText())
    }

    /// Past its limit of texts held before the state arrives, conversion waits for the state (or
    /// for word that there is none), then shares as usual.
    func testConversionWaitsForTheStatePastItsLimit() throws {
        let (held, _, _) = bothWays()
        let stored = try StateFile.read(StateFile.bytes(of: Applier.apply(Planner().plan(desired: held, state: nil).0, to: nil)),
                               path: "state.json")
        let loaded = ConfigurationLoader().load(paths: [Self.examples.path])
        let workspaces = Array(loaded.configuration.all(.workspace))
        XCTAssertGreaterThan(workspaces.count, 2)
        let configuration = loaded.configuration
        let pairs = workspaces.map { workspace in
            (workspace, configuration.templateName(for: workspace).flatMap { configuration.templates[$0.name]?.defaults })
        }
        for arrives in [true, false] {
            let collector = DesiredStateCollector(secrets: secrets, holdingAtMost: 1)
            collector.consume(pairs[0].0, defaults: pairs[0].1) // over the limit from here on
            let done = DispatchSemaphore(value: 0)
            let rest = Array(pairs.dropFirst())
            DispatchQueue.global().async {
                for (workspace, defaults) in rest { collector.consume(workspace, defaults: defaults) }
                done.signal()
            }
            XCTAssertEqual(done.wait(timeout: .now() + 0.3), .timedOut, "converted past the limit without the state")
            if arrives { collector.stateArrived(stored) } else { collector.stateUnavailable() }
            XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
            let resources = collector.finish(stored: arrives ? stored : nil).resources
            XCTAssertEqual(resources.count, workspaces.count)
            for resource in resources where arrives {
                let theirs = try XCTUnwrap(stored.resources[resource.address]).resource.stateText()
                XCTAssertEqual(resource.stateText().withUnsafeBufferPointer { $0.baseAddress },
                               theirs.withUnsafeBufferPointer { $0.baseAddress }, "\(resource.address)")
            }
        }
    }

    /// The JSON plan written piece by piece, attributes spliced in from their text, is byte for
    /// byte the canonical text of the whole tree: for creates, no-ops against stored text, and
    /// updates (held as trees), deletions and renames.
    func testJSONPlanWrittenInPiecesEqualsTheWholeTree() throws {
        let (held, _, _) = bothWays()
        let renderer = PlanJSONRenderer()
        func check(_ plan: Plan, _ what: String) {
            var pieces: [UInt8] = []
            renderer.write(plan) { (piece: UnsafeRawBufferPointer) in pieces.append(contentsOf: piece) }
            XCTAssertEqual(String(decoding: pieces, as: UTF8.self), renderer.json(plan).compactText() + "\n", "\(what): one canonical line")
            let pretty = PlanJSONRenderer(layout: .pretty)
            var prettyPieces: [UInt8] = []
            pretty.write(plan) { (piece: UnsafeRawBufferPointer) in prettyPieces.append(contentsOf: piece) }
            XCTAssertEqual(String(decoding: prettyPieces, as: UTF8.self), renderer.json(plan).canonicalText(), "\(what): --pretty, the same tree")
        }
        let creates = Planner().plan(desired: held, state: nil).0
        check(creates, "creates")
        let stored = try StateFile.read(StateFile.bytes(of: Applier.apply(creates, to: nil)), path: "state.json")
        check(Planner().plan(desired: held, state: stored).0, "no-ops")

        var resources = held.resources
        let team = try XCTUnwrap(resources.keys.first { $0.kind == .team })
        resources[team] = nil
        let workspace = try XCTUnwrap(resources.keys.sorted().first { $0.kind == .workspace })
        var changed = try XCTUnwrap(resources[workspace])
        var attributes = changed.attributes
        if case var .object(top) = attributes, case var .object(spec)? = top["spec"] {
            spec["note"] = .string("tab\tquote\"é")
            top["spec"] = .object(spec)
            attributes = .object(top)
        }
        changed.attributes = attributes
        resources[workspace] = changed
        let integration = try XCTUnwrap(resources.keys.sorted().first { $0.kind == .integration })
        let moved = try XCTUnwrap(resources.removeValue(forKey: integration))
        var renamedAttributes = moved.attributes
        if case var .object(top) = renamedAttributes {
            top["metadata"] = .object(["previousNames": .array([.string(integration.name)])])
            renamedAttributes = .object(top)
        }
        let renamed = Resource(address: Address(.integration, integration.name + "-new"), attributes: renamedAttributes,
                               dependencies: moved.dependencies, secretDigests: moved.secretDigests)
        resources[renamed.address] = renamed
        let (mixed, problems) = Planner(allowDestroy: true).plan(desired: DesiredState(resources: resources), state: stored)
        XCTAssertEqual(problems.map(\.summary), [])
        XCTAssertEqual(mixed.count(.delete), 1)
        XCTAssertEqual(mixed.count(.update), 1)
        XCTAssertEqual(mixed.count(.rename), 1)
        check(mixed, "update, delete, rename")
        check(Plan(priorLineage: nil, priorSerial: nil, changes: []), "empty")
    }

    /// A saved plan written piece by piece equals its whole tree's text, reads back with every
    /// resource's attributes kept as the state's canonical text, and lists a create's fields from
    /// its attributes (format 2 stores none); format 1 files and hand-reformatted ones still read.
    func testPlanFileWrittenInPiecesAndReadBackAsText() throws {
        let (held, _, _) = bothWays()
        let creates = Planner().plan(desired: held, state: nil).0
        let stored = try StateFile.read(StateFile.bytes(of: Applier.apply(creates, to: nil)), path: "state.json")
        var resources = held.resources
        let workspace = try XCTUnwrap(resources.keys.sorted().first { $0.kind == .workspace })
        var changed = try XCTUnwrap(resources[workspace])
        if case var .object(top) = changed.attributes, case var .object(spec)? = top["spec"] {
            spec["note"] = .string("changed")
            top["spec"] = .object(spec)
            changed.attributes = .object(top)
        }
        resources[workspace] = changed
        let mixed = Planner().plan(desired: DesiredState(resources: resources), state: stored).0
        XCTAssertEqual(mixed.count(.update), 1)
        for (plan, what) in [(creates, "creates"), (mixed, "an update among no-ops")] {
            let file = PlanFile(plan: plan, configurationDigest: "d", configurationRoot: "/r")
            var bytes: [UInt8] = []
            file.write { (piece: UnsafeRawBufferPointer) in bytes.append(contentsOf: piece) }
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(text, file.json.canonicalText(), "\(what): the streamed file is canonical text (its parse printed again is the same bytes)")
            let read = try PlanFile(bytes: Array(text.utf8))
            XCTAssertEqual(read.plan.changes.count, plan.changes.count, what)
            for (a, b) in zip(read.plan.changes, plan.changes) {
                XCTAssertEqual(a.address, b.address)
                XCTAssertEqual(a.action, b.action)
                XCTAssertEqual(a.before, b.before, "\(what): \(a.address) before")
                XCTAssertEqual(a.after, b.after, "\(what): \(a.address) after")
                XCTAssertEqual(a.fieldChanges.map(\.path), b.fieldChanges.map(\.path), "\(what): \(a.address) fields")
                for resource in [a.before, a.after].compactMap({ $0 }) where resource.address != workspace {
                    XCTAssertNotNil(resource.storedAttributes, "\(a.address) read as text")
                    XCTAssertEqual(Array(resource.stateText()), Array((stored.resources[resource.address]?.resource ?? held.resources[resource.address])?.stateText() ?? []))
                }
            }
            // Read for applying, no-ops keep no attributes, and applying gives the same state.
            let lean = try PlanFile(bytes: Array(text.utf8), forApplying: true)
            XCTAssertTrue(lean.plan.changes.filter { $0.action == .noop }.allSatisfy { $0.before == nil && $0.after == nil })
            let prior = plan.priorLineage == nil ? nil : stored
            let now = Date(timeIntervalSince1970: 0)
            var expected = Applier.apply(plan, to: prior, now: now), got = Applier.apply(lean.plan, to: prior, now: now)
            for address in Set(expected.resources.keys).union(got.resources.keys) { // ids are new for each create
                expected.resources[address]?.id = ""
                got.resources[address]?.id = ""
            }
            if prior == nil { expected.lineage = got.lineage } // a first apply starts a new lineage
            XCTAssertEqual(got, expected, what)
            // Any change to a format-3 file is refused before it is read: a byte of an attribute,
            // the digest itself, the digest removed, the same document laid out anew.
            var flipped = Array(text.utf8)
            if let at = flipped.firstRange(of: Array("\"attributes\"".utf8)) { flipped[at.lowerBound + 1] ^= 0x20 }
            let digestAt = try XCTUnwrap(text.range(of: "\"plan_digest\": \"")).upperBound
            var otherDigest = text
            otherDigest.replaceSubrange(digestAt..<text.index(after: digestAt), with: text[digestAt] == "0" ? "1" : "0")
            for (tampered, how) in [(flipped, "a byte flipped"), (Array(otherDigest.utf8), "the digest changed"),
                                    (Array(Self.withoutDigest(text).utf8), "the digest emptied"),
                                    (Array(text.replacingOccurrences(of: "\"plan_digest\"", with: "\"plan_digest_\"").utf8), "the digest renamed"),
                                    (Array(file.json.compactText().utf8), "laid out anew")] {
                XCTAssertThrowsError(try PlanFile(bytes: tampered), "\(what): \(how)") { error in
                    XCTAssertEqual((error as? PlanFile.Error)?.code, .planTampered, "\(what): \(how)")
                }
            }
            // A format-2 document laid out otherwise (compact) reads through trees, to the same plan.
            guard case var .object(members) = file.json else { return XCTFail() }
            members["format_version"] = .int(2)
            members["plan_digest"] = nil
            let compact = try PlanFile(bytes: Array(JSON.object(members).compactText().utf8))
            XCTAssertEqual(compact.plan.changes.map(\.after), plan.changes.map(\.after), what)
            XCTAssertNil(compact.plan.changes.compactMap(\.after).first?.storedAttributes, "compact text is not kept as text")
        }
        // Format 1: fields for every change and both sides of a no-op.
        let file = PlanFile(plan: mixed, configurationDigest: "d", configurationRoot: "/r")
        guard case var .object(document) = file.json, case let .array(entries)? = document["changes"] else { return XCTFail() }
        document["format_version"] = .int(1)
        document["plan_digest"] = nil
        document["changes"] = .array(entries.enumerated().map { i, entry in
            guard case var .object(members) = entry else { return entry }
            members["fields"] = .array([])
            if members["after"] == nil { members["after"] = members["before"] }
            return .object(members)
        })
        let old = try PlanFile(bytes: Array(JSON.object(document).canonicalText().utf8))
        XCTAssertEqual(old.plan.changes.map(\.after), mixed.changes.map(\.after))
        XCTAssertEqual(old.plan.count(.update), 1)
        // A damaged file is an error, not a crash.
        for broken in ["{", "[]", #"{"format": "tenancy-plan", "format_version": 2}"#,
                       #"{"format": "tenancy-plan", "format_version": 9, "changes": []}"#,
                       #"{"format": "tenancy-plan", "format_version": 2, "configuration_digest": "d", "configuration_root": "/", "changes": [{"address": "Workspace/a", "action": "create", "after": {"attributes": 5}}]}"#] {
            XCTAssertThrowsError(try PlanFile(bytes: Array(broken.utf8)), broken)
        }
    }

    /// A plan file's text with its digest left empty: the text its digest is taken of.
    static func withoutDigest(_ text: String) -> String {
        text.replacingOccurrences(of: #""plan_digest": "[0-9a-f]{64}""#, with: #""plan_digest": """#, options: .regularExpression)
    }

    /// The state written in pieces (as the local backend writes it) is byte for byte the whole text,
    /// across piece boundaries.
    func testStateWrittenInPiecesEqualsTheWholeText() throws {
        var resources: [Address: StateResource] = [:]
        for i in 0..<5 {
            let address = Address(.workspace, "w\(i)")
            let big = String(repeating: "x\(i)", count: 200_000)
            resources[address] = StateResource(
                id: "id-\(i)", resource: Resource(address: address, attributes: .object(["spec": .object(["blob": .string(big)])]),
                                                  dependencies: ["Integration/slack"], secretDigests: ["spec.token": "abc"]),
                created: "2026-11-27T00:00:00Z", updated: "2026-11-27T00:00:00Z")
        }
        let state = State(lineage: "lineage", serial: 3, resources: resources)
        var pieces: [[UInt8]] = []
        StateFile.write(state) { (piece: UnsafeRawBufferPointer) in pieces.append(Array(piece)) }
        XCTAssertGreaterThan(pieces.count, 1)
        let whole = StateFile.bytes(of: state)
        XCTAssertEqual(pieces.flatMap { $0 }, whole)
        XCTAssertEqual(try StateFile.read(whole, path: "state.json"), state)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pieces-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backend = LocalBackend(statePath: folder.appendingPathComponent("state.json").path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try backend.write(state, expecting: nil)
        XCTAssertEqual(try Array(Data(contentsOf: folder.appendingPathComponent("state.json"))), whole)
    }
}
