import Foundation
import TenancyTestSupport
import XCTest

/// Whose state is this: the state records its project, a configuration of another project pointed
/// at it is refused before planning (never a plan to destroy the other project's resources), an
/// older state adopts the current project on its next apply, and a renamed project moves it once.
final class StateOwnershipScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!
    var other: ScenarioFolder!

    override func setUpWithError() throws {
        scenario = try ScenarioFolder()
        other = try ScenarioFolder()
    }

    override func tearDownWithError() throws {
        scenario.remove()
        other.remove()
    }

    private func state() throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: scenario.read(".tenancy/state.json")) as? [String: Any])
    }

    func testAnotherProjectsConfigurationIsRefused() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertEqual(try state()["project"] as? String, "acme", "tenancy.yaml's metadata.name")
        // Another project's configuration, its backend pointed at this state.
        try other.edit("tenancy.yaml") {
            $0.replacingOccurrences(of: "name: acme", with: "name: globex")
                .replacingOccurrences(of: "local: {path: .tenancy/state.json}", with: "local: {path: \(scenario.file(".tenancy/state.json").path)}")
        }
        try FileManager.default.removeItem(at: other.file("service-accounts.yaml"))
        for command in [["plan"], ["apply", "--auto-approve", "--allow-destroy"], ["plan", "--out", "x.plan"]] {
            let run = try other.tenancy(command)
            XCTAssertEqual(run.code, 1, "\(command)")
            XCTAssertTrue(run.err.contains("belongs to project `acme`, not `globex` [state.other-project]"), "\(command): \(run.err)")
            XCTAssertFalse(run.out.contains("destroy"), run.out)
        }
        // Nor may it repair that state: rm, mv, rollback and push are refused alike.
        for command in [["state", "rm", "Team/platform"], ["state", "mv", "Team/platform", "Team/platform-x"], ["state", "rollback", "1"]] {
            let run = try other.tenancy(command)
            XCTAssertEqual(run.code, 1, "\(command)")
            XCTAssertTrue(run.err.contains("[state.other-project]"), "\(command): \(run.err)")
        }
        XCTAssertEqual(try state()["serial"] as? Int, 1, "nothing was written")
        // A state of another project is never pushed in, --force or not.
        var foreign = try state()
        foreign["project"] = "globex"
        foreign["serial"] = 7
        try JSONSerialization.data(withJSONObject: foreign, options: [.sortedKeys]).write(to: scenario.file("foreign.json"))
        let push = try scenario.tenancy(["state", "push", "foreign.json", "--force"])
        XCTAssertEqual(push.code, 1)
        XCTAssertTrue(push.err.contains("is a state of project `globex`, not `acme`"), push.err)
        // A saved plan of this project applied with the other's checkout is refused too.
        XCTAssertEqual(try scenario.tenancy(["plan", "--out", "mine.plan"]).code, 0)
        // Renamed deliberately: one audited command, then plans work again.
        try scenario.edit("tenancy.yaml") { $0.replacingOccurrences(of: "name: acme", with: "name: acme-corp") }
        XCTAssertEqual(try scenario.tenancy(["plan"]).code, 1, "the renamed project is another name until adopted")
        let adopt = try scenario.tenancy(["state", "adopt"])
        XCTAssertEqual(adopt.code, 0, adopt.err)
        XCTAssertTrue(adopt.out.contains("now belongs to project `acme-corp` (it belonged to `acme`)"), adopt.out)
        XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 0)
        let log = try scenario.tenancy(["audit", "log", "--format", "json"])
        XCTAssertTrue(log.out.contains("\"previous_project\": \"acme\""), log.out)
        XCTAssertEqual(try scenario.tenancy(["audit", "verify"]).code, 0)
    }

    /// A state written before projects were recorded adopts the current project on its next apply,
    /// and the audit record says so; without tenancy.yaml the Organization's name is the project.
    func testAnOlderStateAdoptsTheProjectOnItsNextApply() throws {
        try FileManager.default.removeItem(at: scenario.file("tenancy.yaml"))
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        var document = try state()
        let organization = try XCTUnwrap(document["project"] as? String)
        XCTAssertFalse(organization.isEmpty)
        // As an older Tenancy wrote it: no project.
        document["project"] = nil
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: scenario.file(".tenancy/state.json"))
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let apply = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(apply.code, 0, apply.err)
        XCTAssertEqual(try state()["project"] as? String, organization)
        let log = try scenario.tenancy(["audit", "log", "--format", "json"])
        XCTAssertTrue(log.out.contains("adopt-project"), log.out)
    }

    /// A plan against no state says so in its first line (a wiped cluster or a wrong prefix looks
    /// exactly like a new project); a plan against a state does not.
    func testAPlanWithoutStateSaysSoFirst() throws {
        let first = try scenario.tenancy(["plan"])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertTrue(first.out.hasPrefix("No state at "), first.out)
        XCTAssertTrue(first.out.split(separator: "\n").first?.hasSuffix(".tenancy/state.json: this plan creates everything.") == true, first.out)
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertFalse(try scenario.tenancy(["plan"]).out.contains("No state at"))
    }

    /// A backend that lost its state but keeps the audit records of earlier applies (a wiped
    /// etcd prefix, a deleted state.json): the plan says so under its first line, and apply —
    /// from the configuration or from a saved plan — refuses without --allow-missing-state.
    func testApplyingWhereTheStateWasLostNeedsAFlag() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try FileManager.default.removeItem(at: scenario.file(".tenancy/state.json"))
        let plan = try scenario.tenancy(["plan"])
        XCTAssertEqual(plan.code, 0, plan.err)
        let lines = plan.out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "No state at .tenancy/state.json: this plan creates everything.")
        XCTAssertTrue(lines.dropFirst().first?.hasPrefix("Warning: .tenancy/state.json has no state, but holds 1 audit record of earlier applies (the last: serial 1 of lineage ") == true, plan.out)
        for command in [["apply", "--auto-approve"], ["plan", "--out", "again.plan"]] {
            let run = try scenario.tenancy(command)
            if command[0] == "plan" {
                XCTAssertEqual(run.code, 0, run.err)
                let saved = try scenario.tenancy(["apply", "again.plan"])
                XCTAssertEqual(saved.code, 1, saved.out)
                XCTAssertTrue(saved.err.contains("[state.missing]"), saved.err)
                continue
            }
            XCTAssertEqual(run.code, 1, run.out)
            XCTAssertTrue(run.err.contains("has no state, but holds 1 audit record of earlier applies"), run.err)
            XCTAssertTrue(run.err.contains("hint: restore the state (`tenancy state push FILE`), or pass --allow-missing-state to start over"), run.err)
        }
        XCTAssertFalse(scenario.exists(".tenancy/state.json"), "nothing was applied")
        let allowed = try scenario.tenancy(["apply", "--auto-approve", "--allow-missing-state"])
        XCTAssertEqual(allowed.code, 0, allowed.err)
        XCTAssertTrue(allowed.out.contains("State serial 1."), allowed.out)
        // A new project (nothing at the location) needs no flag.
        XCTAssertEqual(try other.tenancy(["apply", "--auto-approve"]).code, 0)
    }
}
