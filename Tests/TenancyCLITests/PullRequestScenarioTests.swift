import Foundation
import TenancyDiagnostics
import TenancySchema
import TenancyTestSupport
import TenancyYAML
import XCTest

/// What a pull request's CI job runs, as it runs it: a plan that takes no lock (read-only
/// credentials), GitHub annotations within GitHub's budget and the job summary, SARIF and GitLab
/// code quality for validate, changed files validated in the context of their configuration
/// (as pre-commit passes them), and a manifest from standard input.
final class PullRequestScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDown() { scenario.remove() }

    static let goldens = Golden.fixtures.appendingPathComponent("pull-request")

    /// While another run holds the lock (an apply waiting at its prompt), a plain plan is refused
    /// and `plan --lock=false` reads the state and plans; the plan it saves is applied later under
    /// the lock, after the usual serial and lineage checks.
    func testReadOnlyPlanWhileTheLockIsHeld() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let (master, terminal) = try SignalScenarioTests.pseudoTerminal()
        defer { close(master) }
        let holder = try SignalScenarioTests.LiveRun(["apply"], in: scenario.url, input: terminal)
        XCTAssertTrue(holder.wait { holder.output.out.contains("Enter a value:") }, holder.output.out + holder.output.err)

        let locked = try scenario.tenancy(["plan"])
        XCTAssertEqual(locked.code, 1)
        XCTAssertTrue(locked.err.contains("[state.locked]"), locked.err)
        let readOnly = try scenario.tenancy(["plan", "--lock=false", "--detailed-exitcode", "--out", "pr.plan"])
        XCTAssertEqual(readOnly.code, 2, readOnly.err)
        XCTAssertTrue(readOnly.out.contains("~ spec.quotas.users: 400 → 450"), readOnly.out)

        holder.signal(SIGINT)
        XCTAssertEqual(holder.finish().code, 130)
        let applied = try scenario.tenancy(["apply", "pr.plan"])
        XCTAssertEqual(applied.code, 0, "the saved read-only plan applies under the lock: \(applied.err)")
        XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 0)
    }

    func testGitHubAnnotationsWithinTheBudgetAndTheJobSummary() throws {
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 30m") }
        let validate = try scenario.tenancy(["validate", "--format", "github"])
        XCTAssertEqual(validate.code, 1)
        Golden.check(validate.out, against: Self.goldens.appendingPathComponent("validate.github.txt"))
        XCTAssertTrue(validate.err.contains("1 error ("), "the log has the full diagnostics: \(validate.err)")

        // Twelve broken references: ten annotations, then a notice counting the two left out.
        var broken = ""
        for i in 0..<12 {
            broken += "---\napiVersion: tenancy/v1\nkind: Workspace\nmetadata: {name: broken-\(i)}\nspec: {template: nowhere-\(i)}\n"
        }
        try scenario.write("workspaces/broken.yaml", broken)
        let many = try scenario.tenancy(["validate", "--format", "github"])
        let lines = many.out.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("::error ") }.count, 10, many.out)
        XCTAssertEqual(lines.last, "::notice title=tenancy::3 more errors not shown as annotations (GitHub shows 10 of each a step); the job's log lists every one.")
        try FileManager.default.removeItem(at: scenario.file("workspaces/broken.yaml"))
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 30m", with: "idle: 10m") }

        // A plan: the text on standard output, a warning annotated, the Markdown plan in the summary.
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 300") }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 300", with: "users: 200") }
        let summary = scenario.file("summary.md")
        try Data("earlier step\n".utf8).write(to: summary)
        let plan = try scenario.tenancy(["plan", "--format", "github", "--usage", "usage"], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("Tenancy will perform the following actions:"), plan.out)
        XCTAssertTrue(plan.out.contains("::warning title=plan.quota-below-usage · Workspace/engineering::quotas.users 300 → 200: 352 in use, over the new limit"), plan.out)
        let written = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("earlier step\n### Tenancy plan: 0 to add, 1 to change"), "appended, as GitHub expects: \(written)")

        // A failing plan annotates its errors too.
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 30m") }
        let failing = try scenario.tenancy(["plan", "--format", "github"])
        XCTAssertEqual(failing.code, 1)
        XCTAssertTrue(failing.out.hasPrefix("::error file=workspaces/clinic.yaml,line=13,"), failing.out)
    }

    func testJobSummaryIsCutUnderItsLimit() throws {
        // More than 1 MiB of plan: thousands of new workspaces with long descriptions.
        var many = ""
        for i in 0..<2500 {
            many += "---\napiVersion: tenancy/v1\nkind: Workspace\nmetadata:\n  name: bulk-\(i)\n  description: \"\(String(repeating: "x", count: 400))\"\nspec: {template: enterprise-starter}\n"
        }
        try scenario.write("workspaces/bulk.yaml", many)
        try scenario.edit("organization.yaml") {
            $0.replacingOccurrences(of: "users: 5000", with: "users: 5000000").replacingOccurrences(of: "workspaces: 20", with: "workspaces: 5000")
        }
        let summary = scenario.file("summary.md")
        let plan = try scenario.tenancy(["plan", "--format", "github"], environment: ["GITHUB_STEP_SUMMARY": summary.path])
        XCTAssertEqual(plan.code, 0, plan.err)
        let written = try Data(contentsOf: summary)
        XCTAssertLessThanOrEqual(written.count, 1 << 20)
        let text = String(decoding: written, as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("_The plan is longer than a job summary may be (1 MiB); the job's log shows all of it._\n"), String(text.suffix(300)))
        XCTAssertEqual(text.components(separatedBy: "```").count % 2, 1, "every code fence is closed")
        XCTAssertEqual(text.components(separatedBy: "<details>").count, text.components(separatedBy: "</details>").count, "every block is closed")

        // The same plan as pull-request comments: numbered parts under the limit, each found by its
        // marker, each rendering on its own; a second, shorter plan removes the stale parts.
        let split = try scenario.tenancy(["plan", "--format", "markdown", "--split", "comment"])
        XCTAssertEqual(split.code, 0, split.err)
        let names = try FileManager.default.contentsOfDirectory(atPath: scenario.file("comment").path)
        XCTAssertGreaterThan(names.count, 10, split.out)
        XCTAssertEqual(split.out, "Wrote the plan's comment in \(names.count) parts to comment/ (1.md … \(names.count).md).\n")
        for k in 1...names.count {
            let part = try String(contentsOf: scenario.file("comment/\(k).md"), encoding: .utf8)
            XCTAssertLessThanOrEqual(part.utf16.count, 65_536, "part \(k)")
            XCTAssertTrue(part.hasPrefix("<!-- tenancy-plan digest="), "part \(k)")
            XCTAssertTrue(part.contains(" part=\(k)/\(names.count) -->\n"), "part \(k)")
            if k > 1 { XCTAssertTrue(part.contains("\n### Tenancy plan, part \(k) of \(names.count): 2521 to add"), "part \(k)") }
            XCTAssertEqual(part.components(separatedBy: "```").count % 2, 1, "part \(k): fences closed")
            XCTAssertEqual(part.components(separatedBy: "<details").count, part.components(separatedBy: "</details>").count, "part \(k): blocks closed")
        }
        let unsplit = try scenario.tenancy(["plan", "--format", "markdown"])
        XCTAssertLessThanOrEqual(unsplit.out.utf16.count, 65_536)
        XCTAssertTrue(unsplit.out.hasSuffix("_\(names.count - 1) more parts not shown: the comment is longer than 65,536 characters. `tenancy plan --format markdown --split DIR` writes every part._\n"),
                      String(unsplit.out.suffix(300)))
        let gitlab = try scenario.tenancy(["plan", "--format", "markdown", "--comment-limit", "gitlab", "--split", "comment"])
        XCTAssertEqual(gitlab.code, 0, gitlab.err)
        let fewer = try FileManager.default.contentsOfDirectory(atPath: scenario.file("comment").path)
        XCTAssertLessThan(fewer.count, names.count)
        XCTAssertEqual(Set(fewer), Set((1...fewer.count).map { "\($0).md" }), "the stale parts are gone")
        let mistake = try scenario.tenancy(["plan", "--split", "comment"])
        XCTAssertEqual(mistake.code, 1)
        XCTAssertTrue(mistake.err.contains("they need --format markdown"), mistake.err)
        XCTAssertEqual(try scenario.tenancy(["plan", "--format", "markdown", "--comment-limit", "12"]).code, 1, "below the smallest limit")
    }

    /// Machine formats name files from the repository's top level whatever the working folder or
    /// --dir: an absolute --dir from elsewhere, and a run from a subfolder, give the same paths
    /// (SARIF against `%SRCROOT%`, the repository's root).
    func testMachineFormatsNameFilesFromTheRepositoryRoot() throws {
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-repo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: repository) }
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: scenario.url, to: repository.appendingPathComponent("config"))
        XCTAssertEqual(PythonTools.shell("git init -q", in: repository).code, 0)
        let config = repository.appendingPathComponent("config")
        try Data(try String(contentsOf: config.appendingPathComponent("workspaces/clinic.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "idle: 10m", with: "idle: 30m").utf8).write(to: config.appendingPathComponent("workspaces/clinic.yaml"))
        for (folder, dir) in [(FileManager.default.temporaryDirectory, config.path), (config.appendingPathComponent("workspaces"), "..")] {
            let sarif = try TenancyRun.binary(["validate", "--dir", dir, "--format", "sarif"], in: folder)
            XCTAssertEqual(sarif.code, 1, sarif.err)
            XCTAssertTrue(sarif.out.contains(#""uri": "config/workspaces/clinic.yaml","#) && sarif.out.contains(#""uriBaseId": "%SRCROOT%""#), sarif.out)
            XCTAssertTrue(sarif.out.contains(#""uri": "file://\#(repository.path)/""#), sarif.out)
            XCTAssertFalse(sarif.out.contains("../") || sarif.out.contains("file:///config"), sarif.out)
            let gitlab = try TenancyRun.binary(["validate", "--dir", dir, "--format", "gitlab"], in: folder)
            XCTAssertTrue(gitlab.out.contains(#""path": "config/workspaces/clinic.yaml""#), gitlab.out)
            let github = try TenancyRun.binary(["validate", "--dir", dir, "--format", "github"], in: folder)
            XCTAssertTrue(github.out.contains("::error file=config/workspaces/clinic.yaml,line=13,"), github.out)
            let compliance = try TenancyRun.binary(["compliance", "--dir", dir, "--format", "sarif"], in: folder)
            XCTAssertTrue(compliance.out.contains(#""uri": "config/workspaces/clinic.yaml""#), compliance.out)
        }
    }

    func testValidateAsSARIFAndGitLabCodeQuality() throws {
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 30m") }
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "template: enterprise-starter", with: "template: enterprise-startr") }
        let sarif = try scenario.tenancy(["validate", "--format", "sarif"])
        XCTAssertEqual(sarif.code, 1)
        Golden.check(sarif.out.replacingOccurrences(of: #""version": "[0-9.]+""#, with: #""version": "VERSION""#, options: .regularExpression)
                        .replacingOccurrences(of: #"("%SRCROOT%": \{\s*"uri": )"file://[^"]*""#, with: #"$1"file:///ROOT/""#, options: .regularExpression),
                     against: Self.goldens.appendingPathComponent("validate.sarif"))
        if let suite = SuiteLocation.suite("sarif") {
            let file = suite.appendingPathComponent("sarif-schema-2.1.0.json")
            let root = try XCTUnwrap(YAMLLoader().load(SourceFile(path: file.path, bytes: try Data(contentsOf: file))).documents.first?.root)
            let schema = try JSONSchema.compile(root, uri: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
            let document = try XCTUnwrap(YAMLLoader().load(SourceFile(path: "validate.sarif", bytes: Data(sarif.out.utf8))).documents.first?.root)
            XCTAssertEqual(schema.validate(document).map(\.message), [], "SARIF 2.1.0 violations")
        }
        let gitlab = try scenario.tenancy(["validate", "--format", "gitlab"])
        XCTAssertEqual(gitlab.code, 1)
        let issues = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(gitlab.out.utf8)) as? [[String: Any]])
        XCTAssertEqual(issues.compactMap { $0["check_name"] as? String }, ["template.rule-violated", "semantic.dangling-reference"])
        XCTAssertEqual(issues.compactMap { ($0["location"] as? [String: Any])?["path"] as? String }, ["workspaces/clinic.yaml", "workspaces/marketing.yaml"])
        XCTAssertEqual(Set(issues.compactMap { $0["fingerprint"] as? String }).count, 2)
        XCTAssertEqual(issues.compactMap { $0["severity"] as? String }, ["major", "major"])
    }

    /// pre-commit passes the changed files: each is checked in the context of the configuration it
    /// belongs to, and only its own problems are reported (a team defined in another file is not a
    /// dangling reference; another file's rule violation is not this commit's) — except a
    /// reference that resolves nowhere, which a deletion leaves in files the commit does not touch.
    func testChangedFilesAreValidatedInTheirConfigurationsContext() throws {
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 30m") }
        let clean = try scenario.tenancy(["validate", "workspaces/engineering.yaml", "teams/platform.yaml"])
        XCTAssertEqual(clean.code, 0, "engineering's approver team and integrations are defined elsewhere: \(clean.err)")
        XCTAssertEqual(clean.out, "Success! 2 files, 2 documents valid.\n")
        let violated = try scenario.tenancy(["validate", "workspaces/clinic.yaml"])
        XCTAssertEqual(violated.code, 1)
        XCTAssertTrue(violated.err.contains("workspaces/clinic.yaml:13:28: error:"), violated.err)
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 30m", with: "idle: 10m") }
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "template: enterprise-starter", with: "template: enterprise-startr") }
        let broken = try scenario.tenancy(["validate", "workspaces/marketing.yaml"])
        XCTAssertEqual(broken.code, 1)
        XCTAssertTrue(broken.err.contains("workspaces/marketing.yaml:8:13: error: no template named `enterprise-startr`"), broken.err)
        let elsewhere = try scenario.tenancy(["validate", "workspaces/engineering.yaml"])
        XCTAssertEqual(elsewhere.code, 1, "a reference that resolves nowhere fails whatever files are given: \(elsewhere.err)")
        XCTAssertTrue(elsewhere.err.contains("[semantic.dangling-reference]"), elsewhere.err)
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "template: enterprise-startr", with: "template: enterprise-starter") }
        // From another folder, by an absolute path: the configuration is found upwards.
        let absolute = try RunningTenancy(["validate", scenario.file("workspaces/engineering.yaml").path],
                                          in: FileManager.default.temporaryDirectory, environment: [:]).finish()
        XCTAssertEqual(absolute.code, 0, absolute.err)

        // A manifest from standard input, checked on its own.
        let piped = try scenario.tenancy(["validate", "-"], shell: "printf 'apiVersion: tenancy/v1\\nkind: Team\\nmetadata: {name: x}\\nspec: {mebers: []}\\n' | \"$0\" \"$@\"")
        XCTAssertEqual(piped.code, 1)
        XCTAssertTrue(piped.err.contains("<stdin>:4:8: error: unknown field `mebers`"), piped.err)
        XCTAssertTrue(piped.err.contains("did you mean `members`?"), piped.err)
        // A problem said once, on the one line a one-line input has.
        let annotations = try scenario.tenancy(["validate", "-", "--format", "github"], shell: "printf 'kind: Team\\n' | \"$0\" \"$@\"")
        let missing = annotations.out.split(separator: "\n").filter { $0.contains("missing required field `apiVersion`") }
        XCTAssertEqual(missing.count, 1, annotations.out)
        XCTAssertTrue(missing.first?.hasPrefix("::error file=<stdin>,line=1,endLine=1,col=1,") == true, annotations.out)
    }

    /// With `TENANCY_DOCS_URL` (where the organization publishes docs/), every rule links to its
    /// code's anchor in diagnostics.md, which the page carries for every code; compliance's rules
    /// link to the citations. A value that is no absolute http(s) URL is refused before any output.
    func testSARIFRulesLinkIntoTheDocsTheOrganizationNames() throws {
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 30m") }
        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "template: enterprise-starter", with: "template: enterprise-startr") }
        try scenario.write("teams/broken.yaml", "apiVersion: tenancy/v1\nkind: Team\nmetadata: {name: broken}\nspec: {members: [x@acme.example], colour: red}\n")
        let docsURL = "https://git.example.com/platform/tenancy/-/blob/main/docs"
        let run = try scenario.tenancy(["validate", "--format", "sarif"], environment: ["TENANCY_DOCS_URL": docsURL])
        XCTAssertEqual(run.code, 1, run.err)
        let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], run.err)
        let driver = try XCTUnwrap(((log["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.compactMap { $0["id"] as? String }, ["schema.additional-properties", "semantic.dangling-reference", "template.rule-violated"])
        let page = try String(contentsOf: Golden.repositoryRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        for rule in rules {
            let id = try XCTUnwrap(rule["id"] as? String)
            let link = try XCTUnwrap(rule["helpUri"] as? String)
            XCTAssertTrue(link.hasPrefix(docsURL + "/diagnostics.md#"), link)
            // Every link lands on a row: a schema keyword's code on the row that explains them all.
            let anchor = String(link.dropFirst((docsURL + "/diagnostics.md#").count))
            XCTAssertEqual(anchor, id.hasPrefix("schema.") ? "schema.keyword" : id)
            XCTAssertTrue(page.contains("<a id=\"\(anchor)\"></a>`"), "docs/diagnostics.md has no anchor \(anchor) for \(id)")
        }
        // Without the variable, no link (SARIF's helpUri must be absolute; Tenancy has no host of its own).
        XCTAssertFalse(try scenario.tenancy(["validate", "--format", "sarif"]).out.contains("helpUri"))

        try scenario.edit("workspaces/marketing.yaml") { $0.replacingOccurrences(of: "template: enterprise-startr", with: "template: enterprise-starter") }
        try FileManager.default.removeItem(at: scenario.file("teams/broken.yaml"))
        let compliance = try scenario.tenancy(["compliance", "--format", "sarif"], environment: ["TENANCY_DOCS_URL": docsURL + "/"])
        XCTAssertTrue(compliance.out.contains(#""helpUri": "\#(docsURL)/compliance.md#citations-in-the-built-in-templates""#), compliance.out)

        for bad in ["git.example.com/docs", "file:///srv/docs", "https:///docs", "https://user:pw@host/docs", "https://host/docs?x=1", "https://host/a b",
                    "javascript:alert(1)", "https://例え.jp/docs", "https://example.com/%zz/", "https://example.com/a|b/", "https://example.com/{x}/"] {
            let refused = try scenario.tenancy(["validate", "--format", "sarif"], environment: ["TENANCY_DOCS_URL": bad])
            XCTAssertEqual(refused.code, 1, bad)
            // Still a SARIF document: no results, the refusal as a tool execution notification.
            let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(refused.out.utf8)) as? [String: Any], "\(bad): \(refused.out)")
            let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
            XCTAssertEqual((run["results"] as? [Any])?.count, 0)
            let invocation = try XCTUnwrap((run["invocations"] as? [[String: Any]])?.first)
            XCTAssertEqual(invocation["executionSuccessful"] as? Bool, false)
            XCTAssertTrue("\(invocation["toolExecutionNotifications"] ?? "")".contains("TENANCY_DOCS_URL"), refused.out)
            XCTAssertFalse(refused.out.contains("pw@"), "credentials are not echoed: \(refused.out)")
            XCTAssertTrue(refused.err.contains("TENANCY_DOCS_URL") && refused.err.contains("[cli.usage]"), refused.err)
            XCTAssertFalse(refused.err.contains("pw@"), "credentials are not echoed: \(refused.err)")
        }
    }

    /// GitHub code scanning keeps one analysis per category, the part of `automationDetails.id`
    /// before its last `/`: validate's upload and compliance's (per selection of frameworks) are
    /// categories of their own, so that uploading one never replaces another.
    func testSARIFUploadsHaveCategoriesOfTheirOwn() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        func category(_ arguments: [String]) throws -> String {
            let run = try scenario.tenancy(arguments)
            let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], run.err)
            let runs = try XCTUnwrap(log["runs"] as? [[String: Any]])
            let id = try XCTUnwrap((runs.first?["automationDetails"] as? [String: Any])?["id"] as? String, "\(arguments)")
            let cut = try XCTUnwrap(id.lastIndex(of: "/"), id)
            return String(id[..<cut])
        }
        let validate = try category(["validate", "--format", "sarif"])
        let all = try category(["compliance", "--format", "sarif"])
        let hipaa = try category(["compliance", "--format", "sarif", "--framework", "hipaa"])
        let pci = try category(["compliance", "--format", "sarif", "--framework", "pci-dss"])
        XCTAssertEqual(validate, "tenancy/validate")
        XCTAssertEqual(hipaa, "tenancy/compliance-hipaa")
        XCTAssertEqual(Set([validate, all, hipaa, pci]).count, 4, "four uploads, four categories: \([validate, all, hipaa, pci])")
    }
}
