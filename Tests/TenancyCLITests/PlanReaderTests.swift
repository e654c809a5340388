import Foundation
import TenancyTestSupport
import XCTest

/// The JSON plan read by the Terraform plan readers people run, judged by the readers themselves:
/// Checkov (`--framework terraform_plan`) with a policy of its own over Tenancy's resources, which
/// must read them (a resource count, checks run) and fail on a workspace that breaks it — a plan
/// it could not read would "pass" with nothing checked. And terraform-compliance, with a feature
/// file over the same resources, which must run every step on them and fail the same workspace.
final class PlanReaderTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    static let policy = """
        from checkov.common.models.enums import CheckCategories, CheckResult
        from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


        def unwrap(value):
            while isinstance(value, list) and len(value) == 1:
                value = value[0]
            return value


        class WorkspaceUserCap(BaseResourceCheck):
            def __init__(self):
                super().__init__(name="Tenancy workspaces have at most 500 users", id="CKV_TENANCY_1",
                                 categories=[CheckCategories.GENERAL_SECURITY], supported_resources=["Workspace"])

            def scan_resource_conf(self, conf):
                spec = unwrap(conf.get("spec")) or {}
                quotas = unwrap(spec.get("quotas")) or {}
                users = unwrap(quotas.get("users"))
                return CheckResult.PASSED if isinstance(users, int) and users <= 500 else CheckResult.FAILED


        check = WorkspaceUserCap()

        """

    /// Checkov's summary of a plan file: passed, failed, resources read.
    private func checkov(_ bin: URL, _ plan: String) throws -> (passed: Int, failed: Int, resources: Int, code: Int32) {
        let policies = scenario.file("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try Data(Self.policy.utf8).write(to: policies.appendingPathComponent("tenancy_users.py"))
        try Data().write(to: policies.appendingPathComponent("__init__.py"))
        try Data(plan.utf8).write(to: scenario.file("plan.json"))
        let run = PythonTools.shell("'\(bin.path)/checkov' -f plan.json --framework terraform_plan --external-checks-dir policies "
                                    + "-c CKV_TENANCY_1 --quiet --compact --skip-download -o json 2>/dev/null", in: scenario.url)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], run.output)
        let summary = try XCTUnwrap(report["summary"] as? [String: Any])
        return (summary["passed"] as? Int ?? -1, summary["failed"] as? Int ?? -1, summary["resource_count"] as? Int ?? -1, run.code)
    }

    func testCheckovReadsThePlanAndItsPolicyWorks() throws {
        let bin = try PythonTools.venv("checkov", ["checkov==3.3.30"])
        // A first plan: no state, every resource created (no prior_state at all).
        let first = try scenario.tenancy(["plan", "--format", "json"])
        XCTAssertEqual(first.code, 0, first.err)
        let good = try checkov(bin, first.out)
        XCTAssertEqual(good.resources, 21, "Checkov read every resource of the plan")
        XCTAssertEqual(good.passed, 6, "the policy ran on the six workspaces")
        XCTAssertEqual(good.failed, 0)
        XCTAssertEqual(good.code, 0)
        // Against a state: an update that breaks the policy, a create, a delete and a rename.
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 600") }
        try scenario.edit("teams/clinical.yaml") {
            $0.replacingOccurrences(of: "name: growth\n", with: "name: growth-team\n  previousNames: [growth]\n")
        }
        try FileManager.default.removeItem(at: scenario.file("service-accounts.yaml"))
        try scenario.write("teams/new.yaml", """
            apiVersion: tenancy/v1
            kind: Team
            metadata: {name: newcomers}
            spec:
              members: [jo.chen@acme.example]

            """)
        let second = try scenario.tenancy(["plan", "--format", "json"])
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertTrue(second.out.contains("\"previous_address\":\"Team/growth\""), "the rename is in the plan")
        XCTAssertTrue(second.out.contains("[\"delete\"]"), "the delete is in the plan")
        let bad = try checkov(bin, second.out)
        XCTAssertEqual(bad.failed, 1, "the workspace raised to 600 users fails the policy")
        XCTAssertEqual(bad.passed, 5)
        XCTAssertNotEqual(bad.code, 0, "Checkov's exit code says so")
    }

    static let feature = """
        Feature: Tenancy workspaces keep their users within the platform's cap

          Scenario: Every workspace caps its users at 500
            Given I have Workspace defined
            When it has spec
            Then it must contain spec
            And it must contain quotas
            And it must contain users
            And its value must be less and equal than 500

        """

    /// terraform-compliance's verdict on a plan: its step counts line (colours removed), its
    /// failures and exit status.
    private func terraformCompliance(_ bin: URL, _ plan: String) throws -> (steps: String, output: String, code: Int32) {
        let features = scenario.file("features")
        try FileManager.default.createDirectory(at: features, withIntermediateDirectories: true)
        try Data(Self.feature.utf8).write(to: features.appendingPathComponent("tenancy.feature"))
        try Data(plan.utf8).write(to: scenario.file("plan.json"))
        let run = PythonTools.shell("'\(bin.path)/terraform-compliance' -S -p plan.json -f features 2>&1", in: scenario.url)
        let plain = run.output.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        let steps = plain.split(separator: "\n").first { $0.contains(" steps (") }.map(String.init) ?? ""
        return (steps, plain, run.code)
    }

    func testTerraformComplianceReadsThePlanAndItsFeatureWorks() throws {
        let bin = try PythonTools.venv("terraform-compliance", ["terraform-compliance==1.16.0"])
        // A first plan (no state): every step runs on the workspaces and passes. A plan it could
        // not read would skip the scenario ("Given" finding nothing), never pass its steps.
        let first = try scenario.tenancy(["plan", "--format", "json"])
        XCTAssertEqual(first.code, 0, first.err)
        let good = try terraformCompliance(bin, first.out)
        XCTAssertEqual(good.steps, "6 steps (6 passed)", good.output)
        XCTAssertEqual(good.code, 0, good.output)
        // Against a state, with an update that breaks the feature, a delete and a rename.
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 700") }
        try scenario.edit("teams/clinical.yaml") {
            $0.replacingOccurrences(of: "name: growth\n", with: "name: growth-team\n  previousNames: [growth]\n")
        }
        try FileManager.default.removeItem(at: scenario.file("service-accounts.yaml"))
        let second = try scenario.tenancy(["plan", "--format", "json"])
        XCTAssertEqual(second.code, 0, second.err)
        let bad = try terraformCompliance(bin, second.out)
        XCTAssertEqual(bad.steps, "6 steps (5 passed, 1 failed)", bad.output)
        XCTAssertTrue(bad.output.contains("for Workspace/engineering on Workspace. 700 is not less and equal than 500."), bad.output)
        XCTAssertNotEqual(bad.code, 0, "terraform-compliance's exit code says so")
    }
}
