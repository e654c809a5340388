import Foundation
import TenancySupport
import TenancyTestSupport
import XCTest

/// Saved plans as CI moves them around: refused when changed at all, re-checked as a fresh plan
/// when changed and given a correct digest again (anyone can hash a file), and applied from
/// another checkout of the same content.
final class SavedPlanScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    /// The plan file's text with a digest that matches it again (what a forger would do).
    func redigested(_ text: String) throws -> String {
        let blank = text.replacingOccurrences(of: #""plan_digest": "[0-9a-f]{64}""#, with: #""plan_digest": """#,
                                              options: .regularExpression)
        XCTAssertNotEqual(blank, text, "the file carries a digest")
        var hasher = SHA256()
        hasher.update(Array(blank.utf8))
        let digest = SHA256.hexString(hasher.finalize())
        return blank.replacingOccurrences(of: #""plan_digest": """#, with: "\"plan_digest\": \"\(digest)\"")
    }

    func plan(_ extra: [String] = []) throws -> String {
        let made = try scenario.tenancy(["plan", "--out", "saved.plan"] + extra)
        XCTAssertEqual(made.code, 0, made.err)
        return String(decoding: try scenario.read("saved.plan"), as: UTF8.self)
    }

    /// Applies `text` as the saved plan; asserts it is refused with `code` and that the state did not change.
    @discardableResult
    func refused(_ text: String, _ code: String, _ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try scenario.write("saved.plan", text)
        let before = scenario.exists(".tenancy/state.json") ? try scenario.read(".tenancy/state.json") : nil
        let applied = try scenario.tenancy(["apply"] + arguments + ["saved.plan"])
        XCTAssertEqual(applied.code, 1, applied.out + applied.err, file: file, line: line)
        XCTAssertTrue(applied.err.contains("[\(code)]"), applied.err, file: file, line: line)
        XCTAssertEqual(scenario.exists(".tenancy/state.json") ? try scenario.read(".tenancy/state.json") : nil, before,
                       "nothing applied", file: file, line: line)
        XCTAssertFalse(scenario.exists(".tenancy/state.lock"), "no lock left", file: file, line: line)
        return applied.err
    }

    func testAChangedPlanIsRefusedBeforeItIsRead() throws {
        let text = try plan()
        let edited = text.replacingOccurrences(of: "\"users\": 400", with: "\"users\": 401")
        XCTAssertNotEqual(edited, text)
        let err = try refused(edited, "plan.tampered")
        XCTAssertTrue(err.contains("was changed since it was made"), err)
        try refused(String(text.dropLast(2)), "plan.tampered") // cut short
        try refused(text.replacingOccurrences(of: "\n  ", with: "\n   "), "plan.tampered") // laid out anew
    }

    /// Forged with a matching digest: each kind of change a fresh plan could never make is refused.
    func testAForgedPlanIsCheckedAsAFreshOne() throws {
        let creates = try plan()
        // A negative quota: the schema's minimum, quoted from the resource's text in the plan.
        let negative = try refused(try redigested(creates.replacingOccurrences(of: "\"users\": 400", with: "\"users\": -5")),
                                   "schema.minimum")
        XCTAssertTrue(negative.contains("saved.plan#Workspace/engineering:"), negative)
        // A field no manifest has.
        try refused(try redigested(creates.replacingOccurrences(of: "\"users\": 400", with: "\"users\": 400, \"root\": true")),
                    "schema.additional-properties")
        // A template's rule broken (healthcare: sessions idle at most 15 minutes).
        let rule = try refused(try redigested(creates.replacingOccurrences(of: "\"idle\": \"10m\"", with: "\"idle\": \"2h\"")),
                               "template.rule-violated")
        XCTAssertTrue(rule.contains("healthcare"), rule)
        // A reference to what will not exist, with or without its declared dependency changed.
        let dangling = try refused(try redigested(creates.replacingOccurrences(of: "\"integration\": \"siem\"", with: "\"integration\": \"gone\"")),
                                   "plan.refused")
        XCTAssertTrue(dangling.contains("refers to Integration/gone, which will not exist"), dangling)
        XCTAssertTrue(dangling.contains("declares other dependencies than its attributes refer to"), dangling)
        try refused(try redigested(creates.replacingOccurrences(of: "\"Integration/siem\"", with: "\"Integration/gone\"")), "plan.refused")

        try scenario.write("saved.plan", creates)
        XCTAssertEqual(try scenario.tenancy(["apply", "saved.plan"]).code, 0, "the untouched plan applies")
        // Against the applied state: a create of what exists, an update of what does not.
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let update = try plan()
        XCTAssertTrue(update.contains("\"action\": \"update\""))
        try refused(try redigested(update.replacingOccurrences(of: "\"Workspace/engineering\"", with: "\"Workspace/nowhere\"")), "plan.refused")
        // What it shows as the value before the change is not the state's.
        try refused(try redigested(update.replacingOccurrences(of: "\"concurrentConnections\": 800", with: "\"concurrentConnections\": 801")),
                    "plan.refused")
    }

    func testDeletingWorkspacesNeedsTheFlagAgainAndNeverTakesAProtectedOne() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try FileManager.default.removeItem(at: scenario.file("workspaces/marketing.yaml"))
        try scenario.edit("teams/clinical.yaml") { $0.replacingOccurrences(of: "    - {workspace: marketing, role: editor}\n", with: "") }
        let made = try scenario.tenancy(["plan", "--allow-destroy", "--out", "saved.plan"])
        XCTAssertEqual(made.code, 0, made.err)
        XCTAssertTrue(made.out.contains("To perform exactly these actions: tenancy apply --allow-destroy saved.plan"), made.out)
        let text = String(decoding: try scenario.read("saved.plan"), as: UTF8.self)
        let err = try refused(text, "plan.destroy-refused")
        XCTAssertTrue(err.contains("tenancy apply --allow-destroy saved.plan"), err)
        // A protected workspace's no-op turned into its deletion.
        let noop = "\"action\": \"no-op\",\n      \"address\": \"Workspace/clinic\""
        XCTAssertTrue(text.contains(noop))
        let protected = try refused(try redigested(text.replacingOccurrences(of: noop, with: noop.replacingOccurrences(of: "no-op", with: "delete"))),
                                    "plan.protected", ["--allow-destroy"])
        XCTAssertTrue(protected.contains("the plan deletes Workspace/clinic, which is protected"), protected)
        // Changed twice: one address in two changes.
        try refused(try redigested(text.replacingOccurrences(of: "\"address\": \"Workspace/marketing\"", with: "\"address\": \"Workspace/clinic\"")),
                    "plan.refused", ["--allow-destroy"])
        try scenario.write("saved.plan", text)
        let applied = try scenario.tenancy(["apply", "--allow-destroy", "saved.plan"])
        XCTAssertEqual(applied.code, 0, applied.err)
        XCTAssertTrue(applied.out.contains("1 destroyed"), applied.out)
    }

    /// CI plans in one checkout and applies in another: the plan names its configuration relative
    /// to itself and is keyed on the content, so a copy with the same content applies (to its own
    /// state), and one with other content is refused as changed manifests.
    func testAPlanAppliesFromAnotherCheckoutOfTheSameContent() throws {
        _ = try plan()
        let text = String(decoding: try scenario.read("saved.plan"), as: UTF8.self)
        XCTAssertTrue(text.contains("\"configuration_root\": \".\""), "relative to the plan file")
        XCTAssertFalse(text.contains(scenario.path), "no absolute path")
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-checkout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.copyItem(at: scenario.url, to: elsewhere)
        // Run from a third folder, naming the plan only.
        let applied = try RunningTenancy(["apply", elsewhere.appendingPathComponent("saved.plan").path],
                                         in: FileManager.default.temporaryDirectory, environment: ["TENANCY_ACTOR": "ci"]).finish()
        XCTAssertEqual(applied.code, 0, applied.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent(".tenancy/state.json").path))
        XCTAssertFalse(scenario.exists(".tenancy/state.json"), "the first checkout's state is not touched")

        // A checkout whose content differs (a squash-merge with another change) is refused.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-checkout-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: other) }
        try FileManager.default.copyItem(at: scenario.url, to: other)
        let manifest = other.appendingPathComponent("workspaces/engineering.yaml")
        try Data(try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "users: 400", with: "users: 401").utf8)
            .write(to: manifest)
        let changed = try RunningTenancy(["apply", other.appendingPathComponent("saved.plan").path],
                                         in: FileManager.default.temporaryDirectory, environment: ["TENANCY_ACTOR": "ci"]).finish()
        XCTAssertEqual(changed.code, 1)
        XCTAssertTrue(changed.err.contains("[plan.stale]") && changed.err.contains("the manifests changed"), changed.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: other.appendingPathComponent(".tenancy/state.json").path))
    }
}
