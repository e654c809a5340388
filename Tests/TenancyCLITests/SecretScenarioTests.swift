import Foundation
import TenancyTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Secrets: `file:` secrets read only from where they may be, digests keyed per state, and states
/// from before keyed digests migrated without showing every secret as changed.
final class SecretScenarioTests: XCTestCase {
    var scenario: ScenarioFolder!

    override func setUpWithError() throws { scenario = try ScenarioFolder() }
    override func tearDownWithError() throws { scenario.remove() }

    private func pointSlack(at reference: String) throws {
        try scenario.edit("integrations.yaml") {
            $0.replacingOccurrences(of: "file:secrets/slack-eng-webhook", with: reference)
        }
    }

    /// Outside the configuration's folder: an absolute path, `..`, a symbolic link leading out; and
    /// what is not a regular file of at most 64 KiB. Each an error at the reference, naming why.
    func testFileSecretsStayInsideTheConfiguration() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data("outside-secret".utf8).write(to: outside.appendingPathComponent("token"))
        XCTAssertEqual(symlink(outside.appendingPathComponent("token").path, scenario.file("secrets/escape").path), 0)
        XCTAssertEqual(mkfifo(scenario.file("secrets/fifo").path, 0o600), 0)
        try Data(repeating: 0x61, count: 70_000).write(to: scenario.file("secrets/huge"))
        let cases: [(String, String)] = [
            ("file:\(outside.appendingPathComponent("token").path)", "is an absolute path outside the configuration's folder"),
            ("file:../outside/token", "leads out of the configuration's folder"),
            ("file:secrets/../../token", "leads out of the configuration's folder"),
            ("file:secrets/escape", "leads (through a symbolic link) out of the configuration's folder"),
            ("file:secrets/fifo", "it is a FIFO (named pipe), not a regular file"),
            ("file:secrets/huge", "it is larger than the limit of 64.0 KiB"),
            ("file:secrets/missing", "does not exist"),
        ]
        for (reference, why) in cases {
            try pointSlack(at: reference)
            let plan = try scenario.tenancy(["plan"])
            XCTAssertEqual(plan.code, 1, reference)
            XCTAssertTrue(plan.err.contains(why), "\(reference): \(plan.err)")
            XCTAssertTrue(plan.err.contains("[secret.missing]"), plan.err)
            XCTAssertTrue(plan.err.contains("integrations.yaml:9:"), "at the reference's line: \(plan.err)")
            XCTAssertFalse(plan.err.contains("outside-secret"))
            try scenario.edit("integrations.yaml") { $0.replacingOccurrences(of: reference, with: "file:secrets/slack-eng-webhook") }
        }
        // A folder the project file allows.
        try scenario.edit("tenancy.yaml") { $0 + "  secrets:\n    allowedFolders: [\(outside.path)]\n" }
        try pointSlack(at: "file:\(outside.appendingPathComponent("token").path)")
        let allowed = try scenario.tenancy(["plan"])
        XCTAssertEqual(allowed.code, 0, allowed.err)
    }

    /// The state holds a random key and keyed digests: the same secrets in two states never have
    /// the same digest.
    func testDigestsAreKeyedPerState() throws {
        let other = try ScenarioFolder()
        defer { other.remove() }
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        XCTAssertEqual(try other.tenancy(["apply", "--auto-approve"]).code, 0)
        func digests(_ folder: ScenarioFolder) throws -> [String] {
            let state = try XCTUnwrap(JSONSerialization.jsonObject(with: try folder.read(".tenancy/state.json")) as? [String: Any])
            XCTAssertEqual((state["secret_key"] as? String)?.count, 64)
            let resources = try XCTUnwrap(state["resources"] as? [String: [String: Any]])
            return resources.values.flatMap { ($0["secret_digests"] as? [String: String] ?? [:]).values }.sorted()
        }
        let mine = try digests(scenario), theirs = try digests(other)
        XCTAssertEqual(mine.count, 4)
        XCTAssertTrue(mine.allSatisfy { $0.hasPrefix("hmac-sha256:") }, "\(mine)")
        XCTAssertTrue(Set(mine).isDisjoint(with: theirs), "equal secrets in two states must not match")
        XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 0, "stable across runs")
        try Data("rotated\n".utf8).write(to: scenario.file("secrets/slack-eng-webhook"))
        let rotated = try scenario.tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(rotated.code, 2)
        XCTAssertTrue(rotated.out.contains("~ spec.slack.webhook = (sensitive value changed)"), rotated.out)
    }

    /// A state written before keyed digests (format 1, plain SHA-256): nothing shows as changed,
    /// and the next apply writes it with a key and keyed digests; a rotated secret still shows.
    func testAStateFromBeforeIsMigratedOnItsNextWrite() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        // Rewrite the state as format 1 wrote it: no key, plain digests of the same values.
        let state = try XCTUnwrap(JSONSerialization.jsonObject(with: try scenario.read(".tenancy/state.json")) as? [String: Any])
        var text = String(decoding: try scenario.read(".tenancy/state.json"), as: UTF8.self)
        let key = try XCTUnwrap(state["secret_key"] as? String)
        text = text.replacingOccurrences(of: "  \"secret_key\": \"\(key)\",\n", with: "")
            .replacingOccurrences(of: "\"format_version\": 2,", with: "\"format_version\": 1,")
        for (name, path) in [("slack-eng-webhook", "spec.slack.webhook"), ("siem-signing-secret", "spec.webhook.signingSecret"),
                             ("okta-client-secret", "spec.sso.clientSecret"), ("smtp-password", "spec.email.password")] {
            let value = try scenario.read("secrets/\(name)")
            let plain = try sha256(value)
            text = text.replacingOccurrences(of: #""\#(path)": "hmac-sha256:[0-9a-f]{64}""#, with: "\"\(path)\": \"\(plain)\"",
                                                 options: .regularExpression)
        }
        XCTAssertFalse(text.contains("hmac-sha256"))
        try scenario.write(".tenancy/state.json", text)
        let plan = try scenario.tenancy(["plan", "--detailed-exitcode"])
        XCTAssertEqual(plan.code, 0, "a plain digest of the same value is the same secret: \(plan.out)")
        // The next write migrates (a change elsewhere makes the apply write the state).
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        let apply = try scenario.tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(apply.code, 0, apply.err)
        XCTAssertFalse(apply.out.contains("sensitive value changed"), apply.out)
        let migrated = String(decoding: try scenario.read(".tenancy/state.json"), as: UTF8.self)
        XCTAssertTrue(migrated.contains("\"format_version\": 2,") && migrated.contains("\"secret_key\": \""))
        XCTAssertEqual(migrated.components(separatedBy: "hmac-sha256:").count - 1, 4, "every digest keyed now")
        XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"]).code, 0)
    }

    /// A pull request's plan without production secrets (`--secrets=unavailable-ok`): each unread
    /// secret a warning at its reference and "(not checked: secret unavailable)" in the plan; the
    /// saved plan applies only where every one of them can be read, and only when each is what the
    /// plan showed (unchanged where the state holds it); a secret it shows as new is taken then.
    func testAPlanWithoutSecretsIsAppliedOnlyWhenTheyAreWhatItShowed() throws {
        XCTAssertEqual(try scenario.tenancy(["apply", "--auto-approve"]).code, 0)
        let secrets = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-secrets-\(UUID().uuidString)")
        try FileManager.default.moveItem(at: scenario.file("secrets"), to: secrets)
        defer { try? FileManager.default.removeItem(at: secrets) }
        try scenario.edit("workspaces/engineering.yaml") { $0.replacingOccurrences(of: "users: 400", with: "users: 450") }
        try scenario.edit("integrations.yaml") {
            $0 + "---\napiVersion: tenancy/v1\nkind: Integration\nmetadata:\n  name: slack-new\nspec:\n  slack:\n"
                + "    channel: \"#new\"\n    webhook: {secretRef: \"env:NEW_WEBHOOK\"}\n"
        }
        let refused = try scenario.tenancy(["plan"])
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("[secret.missing]"), refused.err)

        let plan = try scenario.tenancy(["plan", "--lock=false", "--secrets=unavailable-ok", "--detailed-exitcode", "--out", "pr.plan"])
        XCTAssertEqual(plan.code, 2, plan.err)
        XCTAssertTrue(plan.out.contains("+ spec.slack.webhook = (not checked: secret unavailable)"), "the new secret: \(plan.out)")
        XCTAssertTrue(plan.out.contains("Not checked: 5 secrets could not be read (--secrets=unavailable-ok):\n"
            + "  Integration/email-ops spec.email.password (not checked: secret unavailable)\n"
            + "  Integration/okta spec.sso.clientSecret (not checked: secret unavailable)\n"), plan.out)
        XCTAssertTrue(plan.out.contains("  Integration/slack-new spec.slack.webhook (not checked: secret unavailable)\n"), plan.out)
        XCTAssertEqual(plan.err.components(separatedBy: "[secret.unchecked]").count - 1, 5, plan.err)
        XCTAssertTrue(plan.err.contains("integrations.yaml:9:14: warning: secret `file:secrets/slack-eng-webhook` was not checked"), plan.err)
        let json = try scenario.tenancy(["plan", "--lock=false", "--secrets=unavailable-ok", "--format", "json"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        XCTAssertEqual((document["unchecked_secrets"] as? [[String: String]])?.count, 5)
        let changes = try XCTUnwrap(document["resource_changes"] as? [[String: Any]])
        let created = try XCTUnwrap(changes.first { $0["address"] as? String == "Integration/slack-new" }?["change"] as? [String: Any])
        XCTAssertEqual(created["after_unknown"] as? NSDictionary, ["spec": ["slack": ["webhook": true]]] as NSDictionary)
        let markdown = try scenario.tenancy(["plan", "--lock=false", "--secrets=unavailable-ok", "--format", "markdown"])
        XCTAssertTrue(markdown.out.contains("> **5 secrets not checked** (made with `--secrets=unavailable-ok`)"), markdown.out)
        XCTAssertTrue(markdown.out.contains("! spec.slack.webhook = (not checked: secret unavailable)"), markdown.out)

        // Applied where the secrets are not: refused, nothing applied.
        let serial = { () throws -> Int in
            try XCTUnwrap((JSONSerialization.jsonObject(with: try self.scenario.read(".tenancy/state.json")) as? [String: Any])?["serial"] as? Int)
        }
        let before = try serial()
        let missing = try scenario.tenancy(["apply", "pr.plan"])
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.err.contains("secret `env:NEW_WEBHOOK` is not available") && missing.err.contains("[secret.missing]"), missing.err)
        XCTAssertEqual(try serial(), before)
        // A secret the plan assumed unchanged was rotated meanwhile: a change nobody reviewed.
        try FileManager.default.copyItem(at: secrets, to: scenario.file("secrets"))
        try Data("rotated\n".utf8).write(to: scenario.file("secrets/okta-client-secret"))
        let rotated = try scenario.tenancy(["apply", "pr.plan"], environment: ["NEW_WEBHOOK": "https://hooks.example/new"])
        XCTAssertEqual(rotated.code, 1)
        XCTAssertTrue(rotated.err.contains("secret `file:secrets/okta-client-secret` of Integration/okta differs from the stored one"), rotated.err)
        XCTAssertTrue(rotated.err.contains("[plan.secret-changed]"), rotated.err)
        XCTAssertEqual(try serial(), before)
        // As the plan showed them: applied, every digest keyed, and a fresh plan agrees.
        try FileManager.default.removeItem(at: scenario.file("secrets/okta-client-secret"))
        try FileManager.default.copyItem(at: secrets.appendingPathComponent("okta-client-secret"), to: scenario.file("secrets/okta-client-secret"))
        let apply = try scenario.tenancy(["apply", "pr.plan"], environment: ["NEW_WEBHOOK": "https://hooks.example/new"])
        XCTAssertEqual(apply.code, 0, apply.err)
        XCTAssertEqual(try serial(), before + 1)
        let state = String(decoding: try scenario.read(".tenancy/state.json"), as: UTF8.self)
        XCTAssertFalse(state.contains("\"unchecked\""), "an unread secret's stand-in never reaches the state")
        XCTAssertEqual(state.components(separatedBy: "hmac-sha256:").count - 1, 5)
        XCTAssertEqual(try scenario.tenancy(["plan", "--detailed-exitcode"], environment: ["NEW_WEBHOOK": "https://hooks.example/new"]).code, 0)
        // apply plans with every secret: the option is plan's only.
        XCTAssertEqual(try scenario.tenancy(["apply", "--secrets=unavailable-ok", "--auto-approve"]).code, 1)
    }

    private func sha256(_ data: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: printed, as: UTF8.self).prefix(64))
    }

    /// A webhook URL carrying a token is a literal secret (masked at its line); written as a
    /// secret reference it plans, its value checked for https once read and never printed, stored,
    /// exported or published.
    func testAWebhookURLWithATokenIsASecret() throws {
        let token = "tok3n-f0r-the-siem-0123456789"
        try scenario.edit("integrations.yaml") {
            $0.replacingOccurrences(of: "url: https://siem.acme.example/ingest/tenancy", with: "url: \"https://siem.acme.example/ingest?token=\(token)\"")
        }
        let literal = try scenario.tenancy(["validate"])
        XCTAssertEqual(literal.code, 1)
        XCTAssertTrue(literal.err.contains("looks like a URL with a credential in its `token` parameter [semantic.literal-secret]"), literal.err)
        XCTAssertFalse(literal.err.contains(token), "masked in the quoted line")
        try scenario.edit("integrations.yaml") {
            $0.replacingOccurrences(of: "url: \"https://siem.acme.example/ingest?token=\(token)\"", with: "url: {secretRef: \"env:SIEM_URL\"}")
        }
        let notAURL = try scenario.tenancy(["plan"], environment: ["SIEM_URL": "http://siem.acme.example/in?token=\(token)"])
        XCTAssertEqual(notAURL.code, 1)
        XCTAssertTrue(notAURL.err.contains("secret `env:SIEM_URL` does not hold an https URL"), notAURL.err)
        XCTAssertFalse(notAURL.err.contains(token))
        let url = "https://siem.acme.example/ingest?token=\(token)"
        let apply = try scenario.tenancy(["apply", "--auto-approve"], environment: ["SIEM_URL": url])
        XCTAssertEqual(apply.code, 0, apply.err)
        var written = apply.out + apply.err
        for arguments in [["show"], ["export", "--format", "json"], ["state", "pull"], ["audit", "log", "--format", "json"],
                          ["plan", "--format", "json"]] {
            let run = try scenario.tenancy(arguments, environment: ["SIEM_URL": url])
            written += run.out + run.err
        }
        for file in try FileManager.default.subpathsOfDirectory(atPath: scenario.file(".tenancy").path) {
            written += String(decoding: (try? Data(contentsOf: scenario.file(".tenancy/\(file)"))) ?? Data(), as: UTF8.self)
        }
        XCTAssertFalse(written.contains(token), "the token appears in no output and no file Tenancy wrote")
        XCTAssertTrue(written.contains("env:SIEM_URL"))
    }
}
