import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySchema
import TenancyTestSupport
import TenancyYAML
import XCTest

/// `tenancy compliance` on examples/ as an auditor and a CI job run it: every framework in every
/// format (golden), the SARIF checked against the official SARIF 2.1.0 schema with the project's
/// own validator, what the report is evidence of (applied, differs), exit codes for a failing and
/// an advisory rule, and the mistakes a user makes.
final class ComplianceScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws {
        scenario = try ScenarioFolder()
        let applied = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(applied.code, 0, applied.err)
    }

    override func tearDown() { scenario.remove() }

    static let goldens = Golden.fixtures.appendingPathComponent("compliance")

    /// The lineage, the audit head and digests are random or depend on the copy: golden files
    /// hold placeholders.
    func masked(_ text: String) -> String {
        text.replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "LINEAGE", options: .regularExpression)
            .replacingOccurrences(of: #"audit head [0-9a-f]{16}"#, with: "audit head HEAD", options: .regularExpression)
            // SARIF's %SRCROOT%: the scenario's temporary folder.
            .replacingOccurrences(of: #"("%SRCROOT%": \{\s*"uri": )"file://[^"]*""#, with: #"$1"file:///ROOT/""#, options: .regularExpression)
            .replacingOccurrences(of: #"("(audit_head|auditHead)": )"[0-9a-f]{64}""#, with: #"$1"HEAD""#, options: .regularExpression)
            // The checkout's digest changes with any edit of examples/ (a golden of its own elsewhere).
            .replacingOccurrences(of: #"("(configuration_digest|configurationDigest)": )"[0-9a-f]{64}""#, with: #"$1"DIGEST""#, options: .regularExpression)
    }

    func testEveryFrameworkInEveryFormatOnTheExamples() throws {
        for (format, suffix) in [("text", "txt"), ("json", "json"), ("markdown", "md"), ("sarif", "sarif"), ("junit", "xml")] {
            let run = try scenario.tenancy(["compliance", "--format", format])
            XCTAssertEqual(run.code, 0, "the examples pass every rule (\(format)): \(run.err)")
            XCTAssertEqual(run.err, "", format)
            Golden.check(masked(run.out), against: Self.goldens.appendingPathComponent("examples.\(suffix)"))
        }
        let text = try scenario.tenancy(["compliance"])
        XCTAssertTrue(text.out.hasPrefix("Compliance · the checkout is what state serial 1 was applied from · audit head "), text.out)
        for framework in ["hipaa", "pci-dss", "sec-17a-4", "fedramp-moderate", "soc2", "gdpr"] {
            XCTAssertTrue(text.out.contains("\n\(framework) · "), "\(framework) is reported")
        }
        let json = try scenario.tenancy(["compliance", "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let basis = try XCTUnwrap(object["basis"] as? [String: Any])
        XCTAssertEqual(basis["checkout"] as? String, "matches")
        let audit = try scenario.tenancy(["audit", "log", "--format", "json"])
        XCTAssertTrue(audit.out.contains(try XCTUnwrap(basis["audit_head"] as? String)), "the audit head is the last record's hash")
    }

    func testSARIFIsValidAgainstTheOfficialSchema() throws {
        guard let suite = SuiteLocation.suite("sarif") else {
            throw XCTSkip("../shared/test-suites/sarif is absent: the SARIF 2.1.0 schema check is skipped")
        }
        let schemaFile = suite.appendingPathComponent("sarif-schema-2.1.0.json")
        let schemaSource = SourceFile(path: schemaFile.path, bytes: try Data(contentsOf: schemaFile))
        let schemaRoot = try XCTUnwrap(YAMLLoader().load(schemaSource).documents.first?.root)
        let schema = try JSONSchema.compile(schemaRoot, uri: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
        // Failing and advisory results, so that results, locations and fingerprints are checked too.
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 45m") }
        try scenario.edit("workspaces/data-science.yaml") {
            $0.replacingOccurrences(of: "erasureWindow: 28d, portabilityFormat: json}",
                                    with: "erasureWindow: 28d, portabilityFormat: json}\n    archive: {provider: s3, bucket: ds-archive, retention: 7y}")
        }
        for arguments in [["compliance", "--format", "sarif"], ["compliance", "--format", "sarif", "--framework", "gdpr"]] {
            let run = try scenario.tenancy(arguments)
            let document = SourceFile(path: "compliance.sarif", bytes: Data(run.out.utf8))
            let root = try XCTUnwrap(YAMLLoader().load(document).documents.first?.root, run.err)
            XCTAssertEqual(schema.validate(root).map(\.message), [], "\(arguments): SARIF 2.1.0 violations")
        }
        // A configuration with an error: still a SARIF log (no results, the error as a tool
        // execution notification), exit 1, the diagnostics on standard error.
        try scenario.write("teams/broken.yaml", "apiVersion: tenancy/v1\nkind: Team\nmetadata: {name: broken}\nspec: {members: [not-an-email]}\n")
        let broken = try scenario.tenancy(["compliance", "--format", "sarif"])
        XCTAssertEqual(broken.code, 1)
        let brokenRoot = try XCTUnwrap(YAMLLoader().load(SourceFile(path: "error.sarif", bytes: Data(broken.out.utf8))).documents.first?.root, broken.err)
        XCTAssertEqual(schema.validate(brokenRoot).map(\.message), [], "the error log: SARIF 2.1.0 violations")
        XCTAssertTrue(broken.out.contains("\"toolExecutionNotifications\"") && broken.out.contains("teams/broken.yaml:4:"), broken.out)
        let junit = try scenario.tenancy(["compliance", "--format", "junit"])
        XCTAssertEqual(junit.code, 1)
        XCTAssertTrue(junit.out.hasPrefix("<?xml") && junit.out.contains("errors=\"1\"") && junit.out.contains("<error message=\"teams/broken.yaml:4:"), junit.out)
        try FileManager.default.removeItem(at: scenario.file("teams/broken.yaml"))
        let run = try scenario.tenancy(["compliance", "--format", "sarif"])
        XCTAssertEqual(run.code, 4, "a mandatory rule fails")
        Golden.check(masked(run.out), against: Self.goldens.appendingPathComponent("failing.sarif"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        let results = try XCTUnwrap(((object["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        XCTAssertEqual(results.compactMap { $0["ruleId"] as? String }.sorted(), ["gdpr/archive-outlives-erasure", "healthcare/idle-logoff"])
        XCTAssertEqual(results.compactMap { $0["level"] as? String }.sorted(), ["error", "warning"])
        // The fingerprint is the rule and the workspace: moving the line leaves it as it was.
        try scenario.edit("workspaces/clinic.yaml") { "# a comment that moves every line down\n" + $0 }
        let moved = try scenario.tenancy(["compliance", "--format", "sarif"])
        func fingerprints(_ text: String) throws -> [String] {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let results = try XCTUnwrap(((object["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
            return results.compactMap { ($0["partialFingerprints"] as? [String: String])?["tenancyFinding/v1"] }
        }
        XCTAssertEqual(try fingerprints(moved.out), try fingerprints(run.out))
        XCTAssertNotEqual(moved.out, run.out, "the region moved")
    }

    func testFailingAndAdvisoryRulesAndWhatTheReportIsEvidenceOf() throws {
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 45m") }
        let failing = try scenario.tenancy(["compliance", "--framework", "hipaa"])
        XCTAssertEqual(failing.code, 4, "a control fails: \(failing.err)")
        Golden.check(masked(failing.out), against: Self.goldens.appendingPathComponent("hipaa-failing.txt"))
        XCTAssertTrue(failing.out.hasPrefix("Compliance · the checkout differs from what state serial 1 was applied from"), failing.out)
        let junit = try scenario.tenancy(["compliance", "--framework", "hipaa", "--format", "junit"])
        XCTAssertEqual(junit.code, 4)
        XCTAssertTrue(junit.out.contains(#"<testsuite name="hipaa: HIPAA Security Rule (45 CFR Part 164, Subpart C)" tests="9" failures="1" errors="0" skipped="3" time="0" file="workspaces/clinic.yaml">"#), junit.out)
        let markdown = try scenario.tenancy(["compliance", "--framework", "hipaa", "--format", "markdown"])
        XCTAssertTrue(markdown.out.contains("| HIPAA Security Rule (`hipaa`) | 1 | 83% | 5 | 1 | 3 | 0 |"), markdown.out)
        // The other frameworks are unaffected, and a workspace can be asked for alone.
        XCTAssertEqual(try scenario.tenancy(["compliance", "--framework", "pci-dss", "payments"]).code, 0)

        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 45m", with: "idle: 10m") }
        try scenario.edit("workspaces/data-science.yaml") {
            $0.replacingOccurrences(of: "erasureWindow: 28d, portabilityFormat: json}",
                                    with: "erasureWindow: 28d, portabilityFormat: json}\n    archive: {provider: s3, bucket: ds-archive, retention: 7y}")
        }
        let advisory = try scenario.tenancy(["compliance", "--framework", "gdpr"])
        XCTAssertEqual(advisory.code, 3, "only an advisory rule fails: \(advisory.out)")
        XCTAssertTrue(advisory.out.contains("WARNS retention.archive.retention 7y (retention.gdpr.erasureWindow is 28d), wants ≤ retention.gdpr.erasureWindow"), advisory.out)
        let validate = try scenario.tenancy(["validate"])
        XCTAssertEqual(validate.code, 0, "an advisory rule is a warning: \(validate.err)")
        XCTAssertTrue(validate.err.contains("gdpr advises retention.archive.retention ≤ retention.gdpr.erasureWindow"), validate.err)
    }

    func testMistakes() throws {
        let framework = try scenario.tenancy(["compliance", "--framework", "hipa"])
        XCTAssertEqual(framework.code, 1)
        XCTAssertTrue(framework.err.contains("`hipa` is not a framework") && framework.err.contains("did you mean `hipaa`?"), framework.err)
        let workspace = try scenario.tenancy(["compliance", "clinc"])
        XCTAssertEqual(workspace.code, 1)
        XCTAssertTrue(workspace.err.contains("no workspace named `clinc`") && workspace.err.contains("did you mean `clinic`?"), workspace.err)
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "template: healthcare", with: "template: healthcare\n  profiles: [soc3]") }
        let profile = try scenario.tenancy(["compliance"])
        XCTAssertEqual(profile.code, 1, "a configuration that does not load is an error, not a report")
        XCTAssertTrue(profile.err.contains("no template named `soc3`") && profile.err.contains("did you mean `soc2`?"), profile.err)
        XCTAssertEqual(profile.out, "", "nothing half-written")
    }

    /// Every built-in rule's citation is shown by `templates show NAME --format json`, with its id,
    /// enforcement and reason.
    func testEveryCitationIsShownByTemplatesShow() throws {
        let loaded = ConfigurationLoader().load(sources: [])
        let builtIn = loaded.configuration.templates.values.filter(\.builtIn)
        XCTAssertEqual(Set(builtIn.map(\.name)), ["enterprise-starter", "financial-services", "healthcare", "government", "soc2", "gdpr"])
        for template in builtIn {
            let run = try scenario.tenancy(["templates", "show", template.name, "--format", "json"])
            XCTAssertEqual(run.code, 0, run.err)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
            let shown = try XCTUnwrap(object["rules"] as? [[String: Any]])
            XCTAssertEqual(shown.count, template.rules.count, template.name)
            for (rule, entry) in zip(template.rules, shown) {
                XCTAssertEqual(entry["source"] as? String, rule.source)
                XCTAssertEqual(entry["rule"] as? String, rule.qualifiedID)
                XCTAssertEqual(entry["reason"] as? String, rule.reason)
                XCTAssertEqual(entry["enforcement"] as? String, rule.enforcement.rawValue)
            }
        }
        let list = try scenario.tenancy(["templates", "list", "--public"])
        XCTAssertEqual(list.code, 0, list.err)
        Golden.check(list.out, against: Self.goldens.appendingPathComponent("templates-list-public.txt"))
    }

    /// The Jenkins JUnit XSD's rules (junit-10.xsd of jenkinsci/xunit-plugin), as this test states
    /// them: the attributes each element must and may carry, and the pattern of `time`.
    static let junitRules: [String: (required: Set<String>, optional: Set<String>)] = [
        "testsuites": ([], ["name", "time", "tests", "failures", "errors"]),
        "testsuite": (["name", "tests", "failures", "errors"], ["group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"]),
        "testcase": (["name"], ["time", "classname", "group"]),
        "failure": ([], ["type", "message"]), "error": ([], ["type", "message"]), "skipped": ([], ["type", "message"]),
        "properties": ([], []), "property": (["name", "value"], []), "system-out": ([], []), "system-err": ([], []),
    ]

    static func junitViolations(_ xml: String) -> [String] {
        var problems: [String] = []
        guard let tag = try? NSRegularExpression(pattern: #"<([a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*/?>"#),
              let attribute = try? NSRegularExpression(pattern: #"([a-z-]+)="([^"]*)""#) else { return ["bad pattern"] }
        let ns = xml as NSString
        var elements = 0
        for match in tag.matches(in: xml, range: NSRange(location: 0, length: ns.length)) {
            elements += 1
            let name = ns.substring(with: match.range(at: 1))
            guard let rule = junitRules[name] else { problems.append("<\(name)> is not an element of the XSD"); continue }
            let text = ns.substring(with: match.range(at: 2))
            var seen = Set<String>()
            for pair in attribute.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length)) {
                let key = (text as NSString).substring(with: pair.range(at: 1)), value = (text as NSString).substring(with: pair.range(at: 2))
                seen.insert(key)
                if !rule.required.contains(key) && !rule.optional.contains(key) { problems.append("<\(name)> may not carry \(key)") }
                if key == "time", (name == "testsuite" || name == "testsuites"),
                   value.range(of: #"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$"#, options: .regularExpression) == nil {
                    problems.append("<\(name)> time \(value) is not SUREFIRE_TIME")
                }
            }
            for missing in rule.required.subtracting(seen) { problems.append("<\(name)> lacks \(missing)") }
        }
        if elements == 0 { problems.append("no elements") }
        return problems
    }

    /// The JUnit report keeps to the Jenkins XSD's rules and is read by junitparser (PyPI) with
    /// the same counts; a failing control's message opens with the setting's file:line.
    func testJUnitFollowsTheJenkinsSchemaAndJunitparserReadsIt() throws {
        try scenario.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 30m") }
        let report = try scenario.tenancy(["compliance", "--format", "junit"])
        XCTAssertEqual(report.code, 4, report.err)
        XCTAssertEqual(Self.junitViolations(report.out), [])
        XCTAssertEqual(Self.junitViolations(#"<testsuites skipped="1"><testsuite name="x" tests="1" failures="0" errors="0"><testcase name="y" file="a"/></testsuite></testsuites>"#).count, 2,
                       "the checker finds what the XSD forbids")
        XCTAssertTrue(report.out.contains(#"<failure message="workspaces/clinic.yaml:13:28: spec.policy.sessionTimeout.idle"#), report.out)
        try scenario.write("report.xml", report.out)
        let bin = try PythonTools.venv("junitparser", ["junitparser==3.2.0"])
        let read = PythonTools.shell("""
            '\(bin.appendingPathComponent("python").path)' -c 'import junitparser, sys
            x = junitparser.JUnitXml.fromfile(sys.argv[1])
            cases = [c for s in x for c in s]
            print(len(cases), sum(1 for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)), sum(1 for c in cases if any(isinstance(r, junitparser.Skipped) for r in c.result)))' '\(scenario.file("report.xml").path)'
            """)
        XCTAssertEqual(read.code, 0, read.output)
        let tests = report.out.components(separatedBy: "<testcase ").count - 1
        let failures = report.out.components(separatedBy: "<failure ").count - 1
        let skipped = report.out.components(separatedBy: "<skipped ").count - 1
        XCTAssertEqual(read.output.trimmingCharacters(in: .whitespacesAndNewlines), "\(tests) \(failures) \(skipped)")
        XCTAssertGreaterThan(failures, 0)
    }
}
