import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancyYAML
import TenancyTestSupport
import XCTest
import TenancyJSON

/// The runtime answers on examples/ as a user runs them: `quota check` and `billing` against
/// examples/usage (a generated month), text and JSON (golden), exit codes, and the mistakes a
/// user makes (no state, no usage, a workspace that does not exist, usage that is wrong).
final class RuntimeScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws {
        scenario = try ScenarioFolder()
        let applied = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(applied.code, 0, applied.err)
    }

    override func tearDown() { scenario.remove() }

    static let goldens = Golden.fixtures.appendingPathComponent("runtime")

    /// The lineage is random: golden files hold a placeholder.
    func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #""lineage": "[0-9a-f-]{36}""#, with: #""lineage": "LINEAGE""#, options: .regularExpression)
    }

    func testQuotaCheckOnTheExamples() throws {
        let text = try scenario.tenancy(["quota", "check", "--usage", "usage"])
        XCTAssertEqual(text.code, 4, "a quota is exceeded: \(text.err)")
        XCTAssertEqual(text.err, "")
        Golden.check(text.out, against: Self.goldens.appendingPathComponent("quota-check.txt"))
        let json = try scenario.tenancy(["quota", "check", "--usage", "usage", "--format", "json"])
        XCTAssertEqual(json.code, 4)
        Golden.check(masked(json.out), against: Self.goldens.appendingPathComponent("quota-check.json"))
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.out.utf8)))

        let one = try scenario.tenancy(["quota", "check", "federal", "--usage", "usage"])
        XCTAssertEqual(one.code, 0, "federal is within every quota")
        let warning = try scenario.tenancy(["quota", "check", "marketing", "federal", "--usage", "usage"])
        XCTAssertEqual(warning.code, 3, "the worst decides: marketing is at a warning level")
        let earlier = try scenario.tenancy(["quota", "check", "data-science", "--usage", "usage", "--as-of", "2026-11-05"])
        XCTAssertEqual(earlier.code, 3, "as of the 5th its CPU was within the quota: \(earlier.out)")
        XCTAssertTrue(earlier.out.contains("as of 2026-11-05"), earlier.out)
    }

    func testBillingOnTheExamples() throws {
        let text = try scenario.tenancy(["billing", "--usage", "usage"])
        XCTAssertEqual(text.code, 3, "budget thresholds are crossed, none is over budget: \(text.err)")
        Golden.check(text.out, against: Self.goldens.appendingPathComponent("billing.txt"))
        let json = try scenario.tenancy(["billing", "--usage", "usage", "--format", "json"])
        XCTAssertEqual(json.code, 3)
        Golden.check(masked(json.out), against: Self.goldens.appendingPathComponent("billing.json"))
        let midMonth = try scenario.tenancy(["billing", "payments", "data-science", "--usage", "usage", "--as-of", "2026-11-20"])
        XCTAssertEqual(midMonth.code, 0)
        Golden.check(midMonth.out, against: Self.goldens.appendingPathComponent("billing-as-of.txt"))
        let october = try scenario.tenancy(["billing", "federal", "--usage", "usage", "--period", "2026-10"])
        XCTAssertEqual(october.code, 0, october.err)
        XCTAssertTrue(october.out.contains("no usage records in 2026-10 through 2026-10-31: only the base fee is billed"), october.out)
    }

    func testUsageReportOnTheExamples() throws {
        let text = try scenario.tenancy(["usage", "report", "--usage", "usage"])
        XCTAssertEqual(text.code, 0, text.err)
        Golden.check(text.out, against: Self.goldens.appendingPathComponent("usage-report.txt"))
        let json = try scenario.tenancy(["usage", "report", "engineering", "--usage", "usage", "--since", "2026-11-16", "--format", "json"])
        XCTAssertEqual(json.code, 0, json.err)
        Golden.check(masked(json.out), against: Self.goldens.appendingPathComponent("usage-report.json"))
        let empty = try scenario.tenancy(["usage", "report", "federal", "--usage", "usage", "--since", "2026-11-12", "--until", "2026-11-13"])
        XCTAssertEqual(empty.code, 0, empty.err)
        XCTAssertTrue(empty.out.contains("no usage records from 2026-11-12 to 2026-11-13"), "federal's export misses those days: \(empty.out)")
        let backwards = try scenario.tenancy(["usage", "report", "--usage", "usage", "--since", "2026-11-20", "--until", "2026-11-10"])
        XCTAssertEqual(backwards.code, 1)
        XCTAssertTrue(backwards.err.contains("--since 2026-11-20 is after --until 2026-11-10"), backwards.err)
    }

    /// A document's tree as plain values, typed as a YAML 1.2 core-schema reader types them.
    func plain(_ node: Node) -> AnyHashable {
        switch node.kind {
        case .mapping: return node.pairs.reduce(into: [String: AnyHashable]()) { $0[$1.key.string ?? ""] = plain($1.value) }
        case .sequence: return node.items.map(plain)
        case .scalar:
            switch node.scalarType {
            case .null: return "<null>"
            case .bool: return node.bool
            case .int, .float: return node.double
            default: return node.string
            }
        }
    }

    /// The export in JSON and YAML: the same tree (read back through libyaml), valid against
    /// schema/export.schema.json (each resource's settings against its kind's spec), and golden.
    func testExportIsTheEffectiveSettingsInADocumentedShape() throws {
        let json = try scenario.tenancy(["export"])
        XCTAssertEqual(json.code, 0, json.err)
        let yaml = try scenario.tenancy(["export", "--format", "yaml"])
        XCTAssertEqual(yaml.code, 0, yaml.err)
        let loader = YAMLLoader()
        let fromJSON = try XCTUnwrap(loader.load(SourceFile(path: "export.json", bytes: Data(json.out.utf8))).documents.first?.root)
        let fromYAML = try XCTUnwrap(loader.load(SourceFile(path: "export.yaml", bytes: Data(yaml.out.utf8))).documents.first?.root)
        XCTAssertEqual(plain(fromJSON), plain(fromYAML), "the YAML reads back as the JSON")
        let schema = try ManifestSchemas.dataSchema("export.schema.json").get()
        for root in [fromJSON, fromYAML] {
            XCTAssertEqual(ManifestSchemas.diagnostics(validating: root, with: schema).map(\.summary), [])
        }
        XCTAssertEqual(fromJSON.pair(forKey: "resources")?.value.count, 21)
        XCTAssertFalse(json.out.contains("hmac") && json.out.contains("xoxb"), "no secret value")
        XCTAssertTrue(json.out.contains(#""secretRef": "file:secrets/slack-eng-webhook""#))
        let one = try scenario.tenancy(["export", "engineering", "--format", "yaml"])
        XCTAssertEqual(one.code, 0, one.err)
        // In YAML a uuid is plain or quoted (a leading digit needs quotes).
        Golden.check(one.out.replacingOccurrences(of: #"(lineage|id): "?[0-9a-f-]{36}"?"#, with: "$1: UUID", options: .regularExpression)
                        .replacingOccurrences(of: #"(created|updated): "[0-9TZ:-]{20}""#, with: "$1: TIME", options: .regularExpression),
                     against: Self.goldens.appendingPathComponent("export-engineering.yaml"))
        let missing = try scenario.tenancy(["export", "engneering"])
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.err.contains("did you mean `engineering`?"), missing.err)
    }

    /// Allow and deny with their chains at file:line (the checkout is what was applied), a
    /// service account held back by its key's scopes, the matrices, the roles; exit 0 / 4.
    func testAccessAnswersWithTheChainThatDecides() throws {
        let allow = try scenario.tenancy(["access", "check", "--user", "ana.lima@acme.example", "--workspace", "engineering",
                                          "--permission", "execution.approve"])
        XCTAssertEqual(allow.code, 0, allow.err)
        Golden.check(allow.out, against: Self.goldens.appendingPathComponent("access-check-allow.txt"))
        XCTAssertTrue(allow.out.contains("locations from the checkout, which is what serial 1 was applied from"), allow.out)
        let deny = try scenario.tenancy(["access", "check", "--user", "jo.chen@acme.example", "--workspace", "engineering",
                                         "--permission", "audit.read", "--explain"])
        XCTAssertEqual(deny.code, 4, deny.err)
        Golden.check(deny.out, against: Self.goldens.appendingPathComponent("access-check-deny.txt"))
        let account = try scenario.tenancy(["access", "check", "--user", "ci-deployer", "--workspace", "engineering",
                                            "--permission", "execution.run", "--format", "json"])
        XCTAssertEqual(account.code, 4)
        Golden.check(account.out, against: Self.goldens.appendingPathComponent("access-check-service-account.json"))
        let accountAllowed = try scenario.tenancy(["access", "check", "--user", "ci-deployer", "--workspace", "engineering",
                                                   "--permission", "workflow.write"])
        XCTAssertEqual(accountAllowed.code, 0, accountAllowed.out)
        let typo = try scenario.tenancy(["access", "check", "--user", "ana.lma@acme.example", "--workspace", "engineering",
                                         "--permission", "workflow.read"])
        XCTAssertEqual(typo.code, 4)
        XCTAssertTrue(typo.out.contains("(did you mean ana.lima@acme.example?)"), typo.out)
        let badPermission = try scenario.tenancy(["access", "check", "--user", "ana.lima@acme.example", "--workspace", "engineering",
                                                  "--permission", "execution.aprove"])
        XCTAssertEqual(badPermission.code, 1)
        XCTAssertTrue(badPermission.err.contains("did you mean `execution.approve`?"), badPermission.err)

        let matrix = try scenario.tenancy(["access", "list", "--workspace", "engineering"])
        XCTAssertEqual(matrix.code, 0, matrix.err)
        Golden.check(matrix.out, against: Self.goldens.appendingPathComponent("access-list-workspace.txt"))
        let person = try scenario.tenancy(["access", "list", "--user", "maria.rossi@acme.example", "--format", "json"])
        XCTAssertEqual(person.code, 0, person.err)
        Golden.check(person.out, against: Self.goldens.appendingPathComponent("access-list-user.json"))
        let roles = try scenario.tenancy(["roles", "list"])
        XCTAssertEqual(roles.code, 0, roles.err)
        Golden.check(roles.out, against: Self.goldens.appendingPathComponent("roles-list.txt"))
        let role = try scenario.tenancy(["roles", "show", "auditor"])
        XCTAssertEqual(role.code, 0, role.err)
        Golden.check(role.out, against: Self.goldens.appendingPathComponent("roles-show-auditor.txt"))

        // A checkout edited since the apply: the answer still comes from the state, and says
        // where its locations come from.
        try scenario.edit("teams/platform.yaml") { $0 + "# edited after the apply\n" }
        let edited = try scenario.tenancy(["access", "check", "--user", "ana.lima@acme.example", "--workspace", "engineering",
                                           "--permission", "execution.approve"])
        XCTAssertEqual(edited.code, 0)
        XCTAssertTrue(edited.out.contains("locations from a checkout that differs from what serial 1 was applied from"), edited.out)
    }

    /// `plan --usage`: each workspace change's monthly cost before → after, the quotas it puts
    /// below current use (a warning, an error with --strict-usage), leading the Markdown plan.
    func testPlanWithUsageShowsCostAndQuotaImpact() throws {
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 300") }
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "tier: starter", with: "tier: enterprise") }
        let text = try scenario.tenancy(["plan", "--usage", "usage"])
        XCTAssertEqual(text.code, 0, text.err)
        XCTAssertTrue(text.err.contains("warning: quotas.users 400 → 300: 352 in use, over the new limit [plan.quota-below-usage]"), text.err)
        Golden.check(text.out, against: Self.goldens.appendingPathComponent("plan-usage.txt"))
        let markdown = try scenario.tenancy(["plan", "--usage", "usage", "--format", "markdown"])
        XCTAssertEqual(markdown.code, 0, markdown.err)
        Golden.check(Golden.maskingPlanDigests(markdown.out), against: Self.goldens.appendingPathComponent("plan-usage.md"))
        XCTAssertTrue(markdown.out.hasPrefix("<!-- tenancy-plan digest=") && markdown.out.contains(" part=1/1 -->\n### Tenancy plan: 0 to add, 2 to change, 0 to destroy, 0 to rename\n\n#### 💰 Cost change: USD -128.51 a month"),
                      markdown.out)
        let json = try scenario.tenancy(["plan", "--usage", "usage", "--format", "json"])
        XCTAssertEqual(json.code, 0, json.err)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let impact = try XCTUnwrap(document["impact"] as? [String: Any])
        let totals = try XCTUnwrap(impact["totals"] as? [[String: Any]])
        XCTAssertEqual(totals.first?["monthly_difference"] as? String, "-128.51")
        XCTAssertNotNil(document["resource_changes"], "the plan is all there")
        let strict = try scenario.tenancy(["plan", "--usage", "usage", "--strict-usage"])
        XCTAssertEqual(strict.code, 1)
        XCTAssertEqual(strict.out, "")
        XCTAssertTrue(strict.err.contains("error: quotas.users 400 → 300"), strict.err)
        let alone = try scenario.tenancy(["plan", "--strict-usage"])
        XCTAssertEqual(alone.code, 1)
        XCTAssertTrue(alone.err.contains("--strict-usage needs --usage PATH"), alone.err)
        let plain = try scenario.tenancy(["plan"])
        XCTAssertFalse(plain.out.contains("Impact on tenants"), "nothing without --usage")
    }

    func testMistakesAreDiagnosedWithExitOne() throws {
        let noUsage = try scenario.tenancy(["quota", "check"])
        XCTAssertEqual(noUsage.code, 1)
        XCTAssertTrue(noUsage.err.contains("--usage PATH"), noUsage.err)

        let unknown = try scenario.tenancy(["billing", "enginering", "--usage", "usage"])
        XCTAssertEqual(unknown.code, 1)
        XCTAssertEqual(unknown.out, "")
        XCTAssertTrue(unknown.err.contains("no workspace named `enginering` in the applied state (serial 1)"), unknown.err)
        XCTAssertTrue(unknown.err.contains("did you mean `engineering`?"), unknown.err)

        let badDay = try scenario.tenancy(["quota", "check", "--usage", "usage", "--as-of", "2026-13-01"])
        XCTAssertEqual(badDay.code, 1)
        XCTAssertTrue(badDay.err.contains("`2026-13-01` is not a day"), badDay.err)

        // A record of a workspace the state does not hold is a warning and is skipped; a
        // negative count is an error and nothing is answered.
        try scenario.write("extra.jsonl", """
            {"date":"2026-11-30","workspace":"sales","users":{"total":3}}

            """)
        let stranger = try scenario.tenancy(["quota", "check", "federal", "--usage", "extra.jsonl"])
        XCTAssertEqual(stranger.code, 0, stranger.err)
        XCTAssertTrue(stranger.err.contains("extra.jsonl:1:34: warning: no workspace named `sales` in the applied state"), stranger.err)
        try scenario.write("broken.jsonl", """
            {"date":"2026-11-30","workspace":"federal","users":{"total":-1}}

            """)
        let broken = try scenario.tenancy(["billing", "--usage", "broken.jsonl"])
        XCTAssertEqual(broken.code, 1)
        XCTAssertEqual(broken.out, "")
        XCTAssertTrue(broken.err.contains("broken.jsonl:1:61: error: must be at least 0, got -1 [schema.minimum]"), broken.err)

        let fresh = try ScenarioFolder()
        defer { fresh.remove() }
        let nothing = try fresh.tenancy(["quota", "check", "--usage", "usage"])
        XCTAssertEqual(nothing.code, 1)
        XCTAssertTrue(nothing.err.contains("nothing has been applied yet"), nothing.err)
    }

    /// examples/usage is what its committed generator writes (python3; skipped without it).
    func testTheExampleUsageIsWhatItsGeneratorWrites() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw MissingTool.skip("python3", "python3 is not installed: the example usage's generator cannot be checked")
        }
        let root = Golden.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("scripts/generate-example-usage").path, "--check"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "examples/usage differs from scripts/generate-example-usage's output")
    }
}
