import TenancySupport
import Foundation
import TenancyDiagnostics
@testable import TenancyEngine
import TenancyModel
import XCTest
import TenancyJSON

final class PlannerTests: XCTestCase {
    /// Manifests in memory → desired state, failing the test on any diagnostic.
    func desired(_ yaml: String, environment: [String: String] = ["HOOK": "secret-one"],
                 file: StaticString = #filePath, line: UInt = #line) -> DesiredState {
        let result = ConfigurationLoader().load(sources: [SourceFile(path: "config.yaml", bytes: Data(yaml.utf8))])
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(\.summary), [], file: file, line: line)
        let (state, diagnostics) = DesiredState.build(result.configuration, secrets: .init(environment: environment, root: URL(fileURLWithPath: "/")))
        XCTAssertEqual(diagnostics.map(\.summary), [], file: file, line: line)
        return state
    }

    static let base = """
    apiVersion: tenancy/v1
    kind: Integration
    metadata: {name: slack-eng}
    spec:
      slack: {channel: "#eng", webhook: {secretRef: "env:HOOK"}}
    ---
    apiVersion: tenancy/v1
    kind: Workspace
    metadata: {name: engineering}
    spec:
      template: healthcare
      quotas: {users: 10, concurrentConnections: 20, storage: 2048GiB}
      security: {ipAllowlist: [10.2.0.0/16, 10.1.0.0/16]}
      notifications: [{event: execution.failed, integration: slack-eng}]
    ---
    apiVersion: tenancy/v1
    kind: Team
    metadata: {name: platform}
    spec:
      members: [b@example.com, a@example.com]
      access: [{workspace: engineering, role: admin}]
    """

    func testDesiredStateIsCanonicalWithTemplateDefaultsAndSecretDigests() throws {
        let state = desired(Self.base)
        let workspace = try XCTUnwrap(state.resources[Address(.workspace, "engineering")])
        let spec = try XCTUnwrap(workspace.attributes["spec"])
        XCTAssertEqual(spec["quotas"]?["storage"], .string("2TiB"), "units printed canonically")
        XCTAssertEqual(spec["security"]?["ipAllowlist"], .array([.string("10.1.0.0/16"), .string("10.2.0.0/16")]), "sets sorted")
        XCTAssertEqual(spec["policy"]?["sessionTimeout"]?["idle"], .string("15m"), "template defaults merged under own values")
        XCTAssertEqual(workspace.dependencies, ["Integration/slack-eng"])
        let slack = try XCTUnwrap(state.resources[Address(.integration, "slack-eng")])
        XCTAssertEqual(slack.secretDigests, ["spec.slack.webhook": SHA256.hex(Array("secret-one".utf8))])
        XCTAssertFalse(slack.attributes.compactText().contains("secret-one"), "the secret's value is never in attributes")
        XCTAssertEqual(state.resources[Address(.team, "platform")]?.dependencies, ["Workspace/engineering"])
    }

    func testMissingSecretNamesTheVariable() throws {
        let result = ConfigurationLoader().load(sources: [SourceFile(path: "config.yaml", bytes: Data(Self.base.utf8))])
        let (_, diagnostics) = DesiredState.build(result.configuration, secrets: .init(environment: [:], root: URL(fileURLWithPath: "/")))
        XCTAssertEqual(diagnostics.map(\.summary), ["secret `env:HOOK` is not available: the environment variable HOOK is not set"])
        XCTAssertEqual(diagnostics.first?.range?.start.line, 5)
    }

    func testCreateThenNoOpThenFieldChangesInDependencyOrder() throws {
        let (first, problems) = Planner().plan(desired: desired(Self.base), state: nil)
        XCTAssertTrue(problems.isEmpty)
        XCTAssertEqual(first.changes.map(\.action), [.create, .create, .create])
        XCTAssertEqual(first.changes.map(\.address.description), ["Integration/slack-eng", "Workspace/engineering", "Team/platform"],
                       "referenced objects first")
        XCTAssertEqual(first.summary, "Plan: 3 to add, 0 to change, 0 to destroy, 0 to rename.")
        let state = Applier.apply(first, to: nil)
        XCTAssertEqual(state.serial, 1)
        let (again, _) = Planner().plan(desired: desired(Self.base), state: state)
        XCTAssertFalse(again.hasChanges)
        XCTAssertEqual(again.summary, "No changes. The stored state matches the configuration.")

        let changed = Self.base.replacingOccurrences(of: "users: 10", with: "users: 12")
            .replacingOccurrences(of: "[10.2.0.0/16, 10.1.0.0/16]", with: "[10.1.0.0/16, 10.3.0.0/16]")
        let (update, _) = Planner().plan(desired: desired(changed, environment: ["HOOK": "rotated"]), state: state)
        XCTAssertEqual(update.effectiveChanges.map(\.action), [.update, .update])
        let workspace = try XCTUnwrap(update.effectiveChanges.first { $0.address.kind == .workspace })
        XCTAssertEqual(workspace.fieldChanges.map(\.path), ["spec.quotas.users", "spec.security.ipAllowlist"])
        XCTAssertEqual(workspace.fieldChanges[1].before, .array([.string("10.2.0.0/16")]), "sets diff as sets: what was removed")
        XCTAssertEqual(workspace.fieldChanges[1].after, .array([.string("10.3.0.0/16")]), "and what was added")
        let slack = try XCTUnwrap(update.effectiveChanges.first { $0.address.kind == .integration })
        XCTAssertEqual(slack.fieldChanges, [Plan.FieldChange(path: "spec.slack.webhook", before: nil, after: nil, sensitive: true)],
                       "a rotated secret is a change, shown without its value")
        let text = PlanTextRenderer(useColor: false).text(update)
        XCTAssertFalse(text.contains("rotated") || text.contains("secret-one"))
        XCTAssertTrue(text.contains("~ spec.quotas.users: 10 → 12"), text)
    }

    func testRenameKeepsIdentity() throws {
        let first = Applier.apply(Planner().plan(desired: desired(Self.base), state: nil).0, to: nil)
        let renamed = Self.base.replacingOccurrences(of: "metadata: {name: platform}", with: "metadata: {name: platform-team, previousNames: [platform]}")
        let (plan, _) = Planner().plan(desired: desired(renamed), state: first)
        let change = try XCTUnwrap(plan.effectiveChanges.first)
        XCTAssertEqual(change.action, .rename)
        XCTAssertEqual(change.previousAddress, Address(.team, "platform"))
        XCTAssertEqual(plan.summary, "Plan: 0 to add, 0 to change, 0 to destroy, 1 to rename.")
        let next = Applier.apply(plan, to: first)
        XCTAssertEqual(next.resources[Address(.team, "platform-team")]?.id, first.resources[Address(.team, "platform")]?.id)
        XCTAssertEqual(next.resources[Address(.team, "platform-team")]?.created, first.resources[Address(.team, "platform")]?.created)
        XCTAssertNil(next.resources[Address(.team, "platform")])
    }

    func testWorkspaceDeletionNeedsTheFlagAndProtectedNeverGoes() throws {
        let protected = Self.base.replacingOccurrences(of: "template: healthcare", with: "template: healthcare\n  protected: true")
        let applied = Applier.apply(Planner().plan(desired: desired(protected), state: nil).0, to: nil)
        let withoutWorkspace = """
        apiVersion: tenancy/v1
        kind: Integration
        metadata: {name: slack-eng}
        spec:
          slack: {channel: "#eng", webhook: {secretRef: "env:HOOK"}}
        """
        let (_, refused) = Planner(allowDestroy: true).plan(desired: desired(withoutWorkspace), state: applied)
        XCTAssertEqual(refused.map(\.code.rawValue), ["plan.protected"])
        let unprotected = Applier.apply(Planner().plan(desired: desired(Self.base), state: nil).0, to: nil)
        let (_, needsFlag) = Planner().plan(desired: desired(withoutWorkspace), state: unprotected)
        XCTAssertEqual(needsFlag.map(\.code.rawValue), ["plan.destroy-refused"])
        let (plan, allowed) = Planner(allowDestroy: true).plan(desired: desired(withoutWorkspace), state: unprotected)
        XCTAssertTrue(allowed.isEmpty)
        XCTAssertEqual(plan.effectiveChanges.map(\.address.description), ["Team/platform", "Workspace/engineering"],
                       "deletions in reverse dependency order: the team that refers to the workspace goes first")
        XCTAssertEqual(plan.effectiveChanges.map(\.action), [.delete, .delete])
    }

    func testJSONPlanShape() throws {
        let (plan, _) = Planner().plan(desired: desired(Self.base), state: nil)
        let json = PlanJSONRenderer().json(plan)
        XCTAssertEqual(json["format_version"], .string("1.2"), "Terraform's format level, which readers check")
        XCTAssertEqual(json["tenancy_format_version"], .string(PlanJSONRenderer.tenancyFormatVersion))
        XCTAssertEqual(json["terraform_version"], .string(PlanJSONRenderer.terraformVersion))
        for key in ["applyable", "complete", "errored", "timestamp", "planned_values", "configuration", "tenancy_version"] { XCTAssertNotNil(json[key], key) }
        XCTAssertNil(json["prior_state"], "nothing applied yet: left out, never null")
        XCTAssertFalse(PlanJSONRenderer().text(plan).contains("null"), "no member is null")
        let configured = try XCTUnwrap(json["configuration"]?["root_module"]?["resources"]?.arrayValue)
        XCTAssertEqual(configured.map { $0["address"]?.stringValue ?? "" }.sorted(), ["Integration/slack-eng", "Team/platform", "Workspace/engineering"])
        XCTAssertEqual(configured.first?["provider_config_key"], .string("tenancy"))
        let changes = try XCTUnwrap(json["resource_changes"]?.arrayValue)
        XCTAssertEqual(changes.count, 3)
        XCTAssertEqual(changes[0]["change"]?["actions"], .array([.string("create")]))
        XCTAssertEqual(changes[0]["mode"], .string("managed"))
        XCTAssertEqual(changes[0]["type"], changes[0]["kind"])
        XCTAssertEqual(changes[0]["provider_name"], .string("tenancy"))
        XCTAssertEqual(changes[0]["change"]?["before_sensitive"], .bool(false), "Terraform's value for a create")
        XCTAssertEqual(changes[0]["change"]?["after_sensitive"], .object(["spec": .object(["slack": .object(["webhook": .bool(true)])])]),
                       "sensitivity nested as Terraform nests it")
        let planned = try XCTUnwrap(json["planned_values"]?["root_module"]?["resources"]?.arrayValue)
        XCTAssertEqual(planned.count, 3)
        XCTAssertEqual(planned[0]["values"], changes[0]["change"]?["after"])
        XCTAssertEqual(json["summary"]?["add"], .int(3))
        XCTAssertFalse(json.compactText().contains("secret-one"))

        // Against a state: the prior state in Terraform's representation, renames as Terraform
        // sees them (the same resource: no-op, or update with its changes), only Terraform's actions.
        let state = Applier.apply(plan, to: nil)
        let renamed = Self.base.replacingOccurrences(of: "metadata: {name: platform}", with: "metadata: {name: platform-team, previousNames: [platform]}")
        let (second, _) = Planner().plan(desired: desired(renamed), state: state)
        let again = PlanJSONRenderer().json(second)
        let prior = try XCTUnwrap(again["prior_state"]?["values"]?["root_module"]?["resources"]?.arrayValue)
        XCTAssertEqual(prior.count, 3)
        XCTAssertEqual(again["prior_state"]?["serial"], .int(state.serial))
        let allowed: Set<String> = ["no-op", "create", "read", "update", "delete"]
        for change in again["resource_changes"]?.arrayValue ?? [] {
            for action in change["change"]?["actions"]?.arrayValue ?? [] { XCTAssertTrue(allowed.contains(action.stringValue ?? ""), "\(action)") }
        }
        XCTAssertEqual(AttributePath.components("spec.list[2].key"), [.key("spec"), .key("list"), .index(2), .key("key")])
        let tree = JSON.object(["spec": .object(["list": .array([.null, .null, .object(["key": .string("v")])])])])
        XCTAssertEqual(AttributePath.value(at: "spec.list[2].key", in: tree), .string("v"))
        XCTAssertNil(AttributePath.value(at: "spec.list[3].key", in: tree))
        XCTAssertNil(AttributePath.value(at: "spec.other", in: tree))
    }
}

extension PlannerTests {
    func testMarkdownCallsOutDestruction() throws {
        var yaml = ""
        for i in 0..<400 {
            yaml += "---\napiVersion: tenancy/v1\nkind: Role\nmetadata: {name: role-\(i)}\nspec: {permissions: [workflow.read, audit.read, billing.read]}\n"
        }
        let (plan, _) = Planner().plan(desired: desired(yaml), state: nil)
        let markdown = PlanMarkdownRenderer().render(plan)
        XCTAssertTrue(markdown.hasPrefix("### Tenancy plan: 400 to add, 0 to change, 0 to destroy, 0 to rename"))
        XCTAssertEqual(markdown.components(separatedBy: "<details>").count - 1, 400, "the whole plan; the splitter fits it to a host")

        let state = Applier.apply(plan, to: nil)
        let (removal, _) = Planner().plan(desired: desired(yaml.components(separatedBy: "---\n").prefix(400).joined(separator: "---\n")), state: state)
        let destructive = PlanMarkdownRenderer().render(removal)
        XCTAssertTrue(destructive.contains("> [!CAUTION]\n> **1 destructive change:** `Role/role-399` will be destroyed."), destructive)
        XCTAssertTrue(destructive.contains("<details><summary><code>- Role/role-399</code> will be destroyed</summary>"))
    }
}

extension PlannerTests {
    func testTargetAndExclude() throws {
        let state = desired(Self.base)
        let target = Planner(targets: [Address(.team, "platform")]).plan(desired: state, state: nil).0
        XCTAssertEqual(target.changes.map(\.address.description), ["Integration/slack-eng", "Workspace/engineering", "Team/platform"],
                       "a target brings what it depends on")
        let workspaceOnly = Planner(targets: [Address(.workspace, "engineering")]).plan(desired: state, state: nil).0
        XCTAssertEqual(workspaceOnly.changes.map(\.address.description), ["Integration/slack-eng", "Workspace/engineering"])
        let excluded = Planner(excludes: [Address(.integration, "slack-eng")]).plan(desired: state, state: nil).0
        XCTAssertEqual(excluded.changes.map(\.address.description), [], "excluding a resource leaves out what depends on it")
        let (_, unknown) = Planner(targets: [Address(.team, "platfrom")]).plan(desired: state, state: nil)
        XCTAssertEqual(unknown.first?.hint, "did you mean `Team/platform`?")
    }

    /// Targeting or excluding either side of a rename never turns it into a destroy and a create:
    /// every combination of --target and --exclude over the old and the new name (and a resource
    /// of its own beside them) plans the rename whole or leaves it out whole, and says which.
    func testTargetAndExcludeTakeARenameWhole() throws {
        let first = Applier.apply(Planner().plan(desired: desired(Self.base), state: nil).0, to: nil)
        let renamed = desired(Self.base.replacingOccurrences(of: "metadata: {name: platform}", with: "metadata: {name: platform-team, previousNames: [platform]}"))
        let old = Address(.team, "platform"), new = Address(.team, "platform-team"), other = Address(.workspace, "engineering")
        let names: [Address] = [old, new, other]
        var combinations = 0
        for targets in [[], [old], [new], [old, new], [other]] {
            for excludes in [[], [old], [new], [old, new], [other]] where Set(targets).isDisjoint(with: excludes) {
                combinations += 1
                let what = "--target \(targets) --exclude \(excludes)"
                let (plan, notes) = Planner(targets: targets, excludes: excludes).plan(desired: renamed, state: first)
                let actions = plan.effectiveChanges.map(\.action)
                XCTAssertFalse(actions.contains(.delete), "\(what): no destroy")
                XCTAssertFalse(actions.contains(.create), "\(what): no create")
                let renames = plan.effectiveChanges.filter { $0.action == .rename }
                let touchesRename = !(targets + excludes).filter { $0 != other }.isEmpty
                let excludedRename = excludes.contains(old) || excludes.contains(new) || excludes.contains(other) // the team refers to the workspace
                let bothWays = (targets.contains(old) || targets.contains(new)) && (excludes.contains(old) || excludes.contains(new))
                XCTAssertEqual(notes.contains { $0.code == .planTargetExcluded }, bothWays, "\(what): an error when the two sides are both targeted and excluded")
                let targetedElsewhere = !targets.isEmpty && !targets.contains(old) && !targets.contains(new)
                if excludedRename || targetedElsewhere {
                    XCTAssertEqual(renames.count, 0, "\(what): the rename is left out whole")
                } else {
                    XCTAssertEqual(renames.map(\.address), [new], "\(what): the rename is planned whole")
                    XCTAssertEqual(renames.first?.previousAddress, old)
                }
                let applied = Applier.apply(plan, to: first)
                XCTAssertEqual(applied.resources[new]?.id ?? applied.resources[old]?.id, first.resources[old]?.id,
                               "\(what): the team keeps its identity under one name")
                XCTAssertFalse(applied.resources[new] != nil && applied.resources[old] != nil, "\(what): not under both")
                let said = notes.filter { $0.code == .planRenameSelection }
                let namesOneSide = targets.contains(old) != targets.contains(new) || excludes.contains(old) != excludes.contains(new)
                XCTAssertEqual(!said.isEmpty, touchesRename && namesOneSide, "\(what): the plan says the rename was taken whole: \(said.map(\.summary))")
                // What the selection leaves out is counted and said, never "matches".
                if !bothWays {
                    let everything = Planner().plan(desired: renamed, state: first).0.effectiveChanges.count
                    let leftOut = everything - plan.effectiveChanges.count
                    XCTAssertEqual(plan.leftOutBySelection, leftOut, what)
                    XCTAssertEqual(notes.contains { $0.code == .planSelection }, leftOut > 0, "\(what): \(notes.map(\.summary))")
                    if leftOut > 0 {
                        XCTAssertFalse(plan.summary.contains("matches"), "\(what): \(plan.summary)")
                        XCTAssertTrue(plan.summary.contains("left out by --target/--exclude"), "\(what): \(plan.summary)")
                    }
                }
                _ = names
            }
        }
        XCTAssertEqual(combinations, 17)
    }

    /// No plan output says "matches" when a selection left changes out: text and Markdown.
    func testASelectionThatLeavesChangesOutNeverReadsAsMatching() {
        var plan = Plan(priorLineage: "l", priorSerial: 1, changes: [])
        XCTAssertEqual(plan.summary, "No changes. The stored state matches the configuration.")
        XCTAssertTrue(PlanMarkdownRenderer().render(plan).contains("The stored state matches the configuration."))
        plan.leftOutBySelection = 3
        XCTAssertEqual(plan.summary, "No changes in the selection. 3 changes are left out by --target/--exclude.")
        let markdown = PlanMarkdownRenderer().render(plan)
        XCTAssertTrue(markdown.hasPrefix("### Tenancy plan: no changes in the selection\n\n3 changes are left out by --target/--exclude"), markdown)
        XCTAssertFalse(markdown.contains("matches"), markdown)
    }
}
