import Foundation
import TenancyEngine
import TenancyModel
import TenancyAnswers
import XCTest

/// The access chain's rules (docs/access.md): roles, the policy conditions that take a
/// permission away or put a condition on it, service accounts, near misses.
final class AccessTests: XCTestCase {
    var fixture: RuntimeFixture!

    override func setUpWithError() throws {
        fixture = try RuntimeFixture()
        try fixture.workspace("ops", """
            policy:
              approvals: {required: true, minApprovers: 2, approverTeams: [leads], environments: [production]}
              mfa: {required: true, methods: [webauthn]}
              apiKeys: {enabled: false}
            """)
        try fixture.write("teams.yaml", """
            apiVersion: tenancy/v1
            kind: Team
            metadata: {name: leads}
            spec:
              members: [Lee@Example.com]
              access: [{workspace: ops, role: admin}]
            ---
            apiVersion: tenancy/v1
            kind: Team
            metadata: {name: builders}
            spec:
              members: [bo@example.com]
              access: [{workspace: ops, role: admin}, {workspace: ops, role: viewer}]
            ---
            apiVersion: tenancy/v1
            kind: ServiceAccount
            metadata: {name: bot}
            spec: {workspace: ops, role: editor}
            """)
        try fixture.apply(at: "2026-11-01")
    }

    override func tearDown() { fixture.remove() }

    func decide(_ who: String, _ permission: String, in workspace: String = "ops") throws -> AccessDecision {
        let state = try XCTUnwrap(try fixture.session().readState())
        return AccessCheck(AccessModel(state)).decide(who, workspace: workspace, permission: permission)
    }

    /// Both teams are admins, but only an approver team approves; the other is a near miss that
    /// says why. E-mail addresses compare without case.
    func testApprovalsComeFromTheApproverTeamsOnly() throws {
        let lead = try decide("lee@example.com", "execution.approve")
        XCTAssertTrue(lead.allowed)
        XCTAssertEqual(lead.allowing.first?.map(\.step), [.organization, .membership, .grant, .role, .permission])
        XCTAssertEqual(lead.conditions.map(\.text), ["sign-in with MFA (webauthn)", "an approval counts toward the 2 an execution needs"])
        let builder = try decide("bo@example.com", "execution.approve")
        XCTAssertFalse(builder.allowed)
        XCTAssertEqual(builder.reason, "no role bo@example.com holds in ops allows execution.approve")
        XCTAssertEqual(builder.nearMisses.map { $0.last?.text }, [
            "approvals in ops come from leads only", // admin: the policy takes it away
            "role viewer (built in) does not include execution.approve",
            "team leads holds it here (admin); bo@example.com is not a member",
        ])
    }

    func testRunningWaitsForApprovalsAndDisabledAPIKeysCannotBeManaged() throws {
        let run = try decide("bo@example.com", "execution.run")
        XCTAssertTrue(run.allowed)
        XCTAssertEqual(run.allowing.count, 1, "viewer does not run executions")
        XCTAssertEqual(run.conditions.last?.text, "executions in production wait for 2 approvals from leads")
        let keys = try decide("lee@example.com", "apikey.manage")
        XCTAssertFalse(keys.allowed)
        XCTAssertEqual(keys.nearMisses.first?.last?.text, "API keys are disabled in ops")
        XCTAssertEqual(keys.nearMisses.first?.last?.locator, .field("spec.policy.apiKeys.enabled"))
    }

    /// A service account acts in its workspace only, as its role allows, and needs no MFA (a key
    /// does not sign in); with API keys disabled there, it is denied.
    func testServiceAccounts() throws {
        let elsewhere = try decide("bot", "workflow.read", in: "other")
        XCTAssertFalse(elsewhere.allowed)
        XCTAssertEqual(elsewhere.reason, "service account bot acts in ops only")
        let here = try decide("bot", "workflow.write")
        XCTAssertFalse(here.allowed)
        XCTAssertEqual(here.reason, "API keys are disabled in ops")
        let unknown = try decide("bto", "workflow.read")
        let state = try XCTUnwrap(try fixture.session().readState())
        XCTAssertEqual(unknown.withSuggestion(AccessModel(state)).reason, "no service account named bto is applied (did you mean bot?)")
    }

    func testSomeoneInNoTeamIsDeniedSayingSo() throws {
        let nobody = try decide("eve@example.com", "workflow.read")
        XCTAssertFalse(nobody.allowed)
        XCTAssertEqual(nobody.reason, "eve@example.com is not a member of any team")
        XCTAssertEqual(nobody.nearMisses.count, 2, "the two teams that read workflows in ops")
    }

    func testTheMatrixAndTheBuiltInRoles() throws {
        let state = try XCTUnwrap(try fixture.session().readState())
        let matrix = AccessMatrix.workspace("ops", in: AccessModel(state))
        XCTAssertEqual(matrix.rows.map(\.label), ["Lee@Example.com", "bo@example.com", "bot"])
        XCTAssertEqual(matrix.rows.last?.isServiceAccount, true)
        let roles = Dictionary(uniqueKeysWithValues: RoleDefinition.builtIn.map { ($0.name, $0) })
        XCTAssertEqual(roles.keys.sorted(), ["admin", "auditor", "billing-admin", "editor", "owner", "viewer"])
        XCTAssertEqual(roles["owner"]?.permissions.count, Permissions.all.count)
        XCTAssertFalse(roles["admin"]?.permissions.contains("billing.write") ?? true)
        XCTAssertFalse(roles["editor"]?.permissions.contains("execution.approve") ?? true)
        XCTAssertTrue(roles["auditor"]?.permissions.isSubset(of: ["workflow.read", "integration.read", "settings.read", "team.read", "audit.read", "billing.read"]) ?? false)
        // The catalogue is the schema's.
        let schema = try XCTUnwrap(ManifestSchemas.text(of: "tenancy.schema.json"))
        for permission in Permissions.all { XCTAssertTrue(schema.contains("\"\(permission)\""), permission) }
    }
}
