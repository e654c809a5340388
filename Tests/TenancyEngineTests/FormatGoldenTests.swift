import Foundation
@testable import TenancyEngine
import TenancyModel
import TenancyTestSupport
import XCTest

/// The stored and rendered formats of examples/, byte for byte: the state file, a saved plan (of
/// the first apply, and of an update with a rename, a rotated secret and a deletion) and the JSON
/// plan. Ids and times are fixed so that the files are stable; `TENANCY_UPDATE_GOLDEN=1` rewrites
/// them (review the diff: these are the formats other tools and older states depend on).
final class FormatGoldenTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/formats")

    func check(_ bytes: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        Golden.check(String(decoding: bytes, as: UTF8.self), against: Self.fixtures.appendingPathComponent(name), file: file, line: line)
    }

    /// examples/ as desired, with `edit` applied to the loaded resources.
    static let key = Array(repeating: UInt8(0x5a), count: 32)

    func desired(_ edit: (inout [Address: Resource]) -> Void = { _ in }) -> DesiredState {
        let loaded = ConfigurationLoader().load(paths: [Self.examples.path])
        var (desired, _) = DesiredState.build(loaded.configuration,
                                              secrets: SecretSource(environment: [:], root: Self.examples, keying: .keyed(Self.key)))
        var resources = desired.resources
        edit(&resources)
        desired = DesiredState(resources: resources)
        return desired
    }

    /// The state after applying `plan`, with ids and times fixed.
    func applied(_ plan: Plan, to state: State?) -> State {
        var next = Applier.apply(plan, to: state, now: Date(timeIntervalSince1970: 1_764_633_600))
        next.lineage = "00000000-0000-4000-8000-000000000001"
        for (address, entry) in next.resources {
            var fixed = entry
            fixed.id = "id-" + address.description.lowercased().replacingOccurrences(of: "/", with: "-")
            next.resources[address] = fixed
        }
        return next
    }

    func bytes(_ write: ((UnsafeRawBufferPointer) -> Void) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        write { out.append(contentsOf: $0) }
        return out
    }

    func testStateFileSavedPlansAndJSONPlans() throws {
        var creates = Planner().plan(desired: desired(), state: nil).0
        creates.secretKey = Self.key
        try check(bytes { PlanFile(plan: creates, configurationDigest: "digest", configurationRoot: "/config").write($0) }, "creates.plan")
        let state = applied(creates, to: nil)
        try check(StateFile.bytes(of: state), "state.json")
        let stored = try StateFile.read(StateFile.bytes(of: state), path: "state.json")

        let updated = desired { resources in
            let workspace = Address(.workspace, "engineering")
            if var engineering = resources[workspace], case var .object(top) = engineering.attributes,
               case var .object(spec)? = top["spec"], case var .object(quotas)? = spec["quotas"] {
                quotas["users"] = .int(450)
                spec["quotas"] = .object(quotas)
                top["spec"] = .object(spec)
                engineering.attributes = .object(top)
                resources[workspace] = engineering
            }
            resources[Address(.team, "clinical-apps")] = nil
            if var slack = resources[Address(.integration, "slack-eng")] {
                slack.secretDigests = slack.secretDigests.mapValues { _ in "hmac-sha256:" + String(repeating: "f", count: 64) }
                resources[slack.address] = slack
            }
        }
        let update = Planner().plan(desired: updated, state: stored).0
        XCTAssertEqual(update.count(.update), 2)
        XCTAssertEqual(update.count(.delete), 1)
        try check(bytes { PlanFile(plan: update, configurationDigest: "digest", configurationRoot: "/config").write($0) }, "update.plan")
        try check(bytes { PlanJSONRenderer(layout: .pretty).write(update, to: $0) }, "update.plan.json")
        try check(Array(PlanTextRenderer(useColor: false).text(update).utf8), "update.plan.txt")
    }
}
