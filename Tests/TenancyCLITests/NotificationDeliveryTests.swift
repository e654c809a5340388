import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySchema
import TenancyTestSupport
import TenancyYAML
import XCTest

/// Notifications delivered to real receivers on loopback (`NotificationReceivers`): signed
/// webhooks and Slack payloads over HTTPS with the test's own CA, e-mail over SMTP with STARTTLS and
/// a login. Each crossing is delivered once; a receiver that fails gets it on a later run; a
/// refusal is reported and not retried; a hanging receiver costs at most the documented 30 s; a
/// run killed mid-delivery leaves a log that the next run reads; and no secret is written anywhere.
final class NotificationDeliveryTests: XCTestCase {
    var receivers: NotificationReceivers!
    var scenario: ScenarioFolder!
    /// Every byte the runs printed, searched for secrets at the end of each test.
    var printed = ""

    override func setUpWithError() throws {
        receivers = try NotificationReceivers()
        scenario = try ScenarioFolder(empty: true)
        try scenario.write("ca.pem", String(contentsOfFile: receivers.certificates.ca, encoding: .utf8))
        try scenario.write("config.yaml", Self.configuration(https: receivers.httpsPort, smtp: receivers.smtpPort))
        try scenario.write("usage/2026-11.jsonl", Self.day("2026-11-01", users: 50, executions: 100))
    }

    override func tearDownWithError() throws {
        if let scenario {
            // No secret in any output, delivery record, state, audit log or lock file.
            var written = printed
            if let files = FileManager.default.enumerator(atPath: scenario.file(".tenancy").path) {
                for case let file as String in files {
                    written += (try? String(contentsOf: scenario.file(".tenancy/" + file), encoding: .utf8)) ?? ""
                }
            }
            XCTAssertTrue(written.contains("deliver"), "the check read the outputs and the delivery log")
            for secret in NotificationReceivers.secrets {
                XCTAssertFalse(written.contains(secret), "a secret was written: \(secret)")
            }
            scenario.remove()
        }
        receivers?.stop()
    }

    static func configuration(https: Int, smtp: Int) -> String {
        """
        apiVersion: tenancy/v1
        kind: Organization
        metadata: {name: acme}
        spec:
          displayName: Acme
          billingContact: billing@acme.example
          notifications:
            - {event: tenancy.applied, integration: hook}
            - {event: security.alert, integration: hook}
        ---
        apiVersion: tenancy/v1
        kind: Workspace
        metadata: {name: payments}
        spec:
          displayName: Payments
          quotas: {users: 100, executionsPerDay: 1000}
          billing: {tier: starter, currency: USD, budget: "40.00", budgetAlerts: [50, 95]}
          notifications:
            - {event: quota.warning, percent: 80, integration: slack}
            - {event: quota.exceeded, integration: mail}
            - {event: billing.threshold, integration: hook}
        ---
        apiVersion: tenancy/v1
        kind: Integration
        metadata: {name: hook}
        spec:
          webhook:
            url: https://127.0.0.1:\(https)/hook
            signingSecret: {secretRef: "env:HOOK_SIGNING"}
            caFile: ca.pem
        ---
        apiVersion: tenancy/v1
        kind: Integration
        metadata: {name: slack}
        spec:
          slack:
            channel: "#alerts"
            webhook: {secretRef: "env:SLACK_URL"}
            caFile: ca.pem
        ---
        apiVersion: tenancy/v1
        kind: Integration
        metadata: {name: mail}
        spec:
          email:
            addresses: [oncall@acme.example]
            host: 127.0.0.1
            port: \(smtp)
            from: tenancy@acme.example
            username: \(NotificationReceivers.smtpUser)
            password: {secretRef: "env:SMTP_PASSWORD"}
            caFile: ca.pem

        """
    }

    static func day(_ date: String, users: Int, executions: Int) -> String {
        "{\"date\":\"\(date)\",\"workspace\":\"payments\",\"users\":{\"total\":\(users)},\"executions\":{\"total\":\(executions)}}\n"
    }

    func addDay(_ date: String, users: Int, executions: Int) throws {
        try scenario.edit("usage/2026-11.jsonl") { $0 + Self.day(date, users: users, executions: executions) }
    }

    @discardableResult
    func tenancy(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        let run = try scenario.tenancy(arguments, environment: receivers.environment.merging(environment) { $1 })
        printed += run.out + run.err
        return run
    }

    func posts(to path: String) -> [[String: Any]] {
        receivers.posts().filter { ($0["path"] as? String)?.hasPrefix(path) == true }
    }

    func events(_ post: [String: Any]) -> [String] {
        ((post["payload"] as? [String: Any])?["events"] as? [[String: Any]])?.compactMap { $0["key"] as? String } ?? []
    }

    /// An applied configuration with a crossing due, and a `notify` run started against a
    /// receiver that hangs, once its first message has reached the receiver (it holds the log).
    func notifyHeldByAHangingReceiver() throws -> RunningTenancy {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try addDay("2026-11-02", users: 85, executions: 100)
        try receivers.answer("hang")
        let before = receivers.posts().count
        let running = try RunningTenancy(["notify", "--usage", "usage"], in: scenario.url, environment: receivers.environment)
        var waited = 0
        while receivers.posts().count == before, waited < 200 { usleep(50_000); waited += 1 }
        XCTAssertGreaterThan(receivers.posts().count, before, "a message reached the receiver")
        return running
    }

    func testEachCrossingIsDeliveredOnceOverEveryProtocol() throws {
        // The apply's own summary goes to the organization's subscriber, signed.
        let applied = try tenancy(["apply", "--auto-approve"])
        XCTAssertEqual(applied.code, 0, applied.err)
        XCTAssertTrue(applied.out.contains("delivered  hook"), applied.out)
        let first = try XCTUnwrap(posts(to: "/hook").first)
        XCTAssertEqual(first["verified"] as? Bool, true, "the webhook's signature verifies with the signing secret")
        XCTAssertEqual(events(first), ["tenancy.applied/organization/serial-1", "tenancy.applied/payments/serial-1"])

        // The month's projection (32.99 of a 40.00 budget) passes the 50% alert: once, signed.
        let projection = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(projection.code, 0, projection.err)
        XCTAssertTrue(posts(to: "/hook").last.map { events($0) == ["billing.threshold/payments/50/projected/2026-11"] } == true,
                      "\(receivers.posts())")
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).out, "Nothing to notify: no event is due.\n")

        // Users at 85%: the warning to Slack, once.
        try addDay("2026-11-02", users: 85, executions: 100)
        let crossing = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(crossing.code, 0, crossing.out + crossing.err)
        let slack = posts(to: "/services/")
        XCTAssertEqual(slack.count, 1, "\(slack)")
        let blocks = try XCTUnwrap((slack.first?["payload"] as? [String: Any])?["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["type"] as? String, "header")
        XCTAssertTrue(((slack.first?["payload"] as? [String: Any])?["text"] as? String)?.contains("payments: users at 85.0% of its quota (85 of 100)") == true)
        XCTAssertTrue(posts(to: "/hook").allSatisfy { $0["verified"] as? Bool == true })
        XCTAssertTrue(receivers.mails().isEmpty)

        // The same run again, and a cron job every five minutes: nothing more.
        let count = receivers.posts().count
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).out, "Nothing to notify: no event is due.\n")
        XCTAssertEqual(receivers.posts().count, count)

        // Past the limit: the e-mail, over STARTTLS with the login; the level warning is still open.
        try addDay("2026-11-03", users: 120, executions: 100)
        let exceeded = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(exceeded.code, 0, exceeded.out + exceeded.err)
        XCTAssertEqual(receivers.mails().count, 1)
        let mail = try XCTUnwrap(receivers.mails().first)
        XCTAssertEqual(mail["to"] as? [String], ["oncall@acme.example"])
        XCTAssertTrue((mail["text"] as? String)?.contains("Subject: [Tenancy] payments: users at 120.0% of its quota (120 of 100)") == true,
                      "\(mail)")
        XCTAssertEqual(posts(to: "/services/").count, 1, "the warning's episode is still open: not sent again")

        // Back below the level by the margin on a later day: a resolved notice each, re-armed.
        try addDay("2026-11-04", users: 70, executions: 100)
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).code, 0)
        XCTAssertEqual(posts(to: "/services/").count, 2)
        XCTAssertTrue(events(posts(to: "/services/")[1]).isEmpty, "Slack's payload carries no event list")
        XCTAssertTrue(((posts(to: "/services/")[1]["payload"] as? [String: Any])?["text"] as? String)?.contains("(resolved)") == true)
        XCTAssertEqual(receivers.mails().count, 2)
        // Crossed again: a new episode, a new warning.
        try addDay("2026-11-05", users: 90, executions: 100)
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).code, 0)
        XCTAssertEqual(posts(to: "/services/").count, 3)

        // A rate quota fires once per day it is crossed.
        try addDay("2026-11-06", users: 90, executions: 950)
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).code, 0)
        XCTAssertEqual(posts(to: "/services/").count, 4)
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).out, "Nothing to notify: no event is due.\n")
        try addDay("2026-11-07", users: 90, executions: 990)
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).code, 0)
        XCTAssertEqual(posts(to: "/services/").count, 5)

        // Every webhook body is what schema/notification.schema.json says (each event by its own schema).
        let schema = try ManifestSchemas.dataSchema("notification.schema.json").get()
        for post in posts(to: "/hook") {
            let body = try JSONSerialization.data(withJSONObject: try XCTUnwrap(post["payload"]))
            let root = try XCTUnwrap(YAMLLoader().load(SourceFile(path: "body.json", bytes: body)).documents.first?.root)
            XCTAssertEqual(schema.validate(root).map(\.message), [], String(decoding: body, as: UTF8.self))
        }

        // The log says what happened.
        let log = try tenancy(["notify", "log", "--all", "--format", "json", "--limit", "1000"])
        let deliveries = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(log.out.utf8)) as? [String: Any])?["deliveries"] as? [[String: Any]])
        // The apply recorded its events as pending before sending them, then as delivered.
        XCTAssertEqual(Set(deliveries.compactMap { $0["outcome"] as? String }), ["delivered", "pending"], log.out)
        XCTAssertEqual(Set(deliveries.compactMap { $0["integration"] as? String }), ["hook", "slack", "mail"])
        // Without --all, each delivery's latest outcome: all delivered.
        let latest = try tenancy(["notify", "log", "--format", "json", "--limit", "1000"])
        let outcomes = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(latest.out.utf8)) as? [String: Any])?["deliveries"] as? [[String: Any]])
        XCTAssertEqual(Set(outcomes.compactMap { $0["outcome"] as? String }), ["delivered"], latest.out)
    }

    func testAFailingReceiverGetsItLaterAndARefusalIsReportedOnce() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try addDay("2026-11-02", users: 85, executions: 100)
        // Down: three attempts in this run, recorded as failed, exit 3.
        try receivers.answer("500")
        let down = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(down.code, 3, down.out + down.err)
        XCTAssertTrue(down.out.contains("failed     slack") && down.out.contains("answered 500, 3 attempts"), down.out)
        XCTAssertEqual(posts(to: "/services/").count, 3)
        // Up again: the next run delivers the same message (same idempotency key for the receiver).
        try receivers.answer("ok")
        let up = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(up.code, 0, up.out + up.err)
        XCTAssertTrue(up.out.contains("delivered  slack"), up.out)
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).out, "Nothing to notify: no event is due.\n")

        // 429 with Retry-After is tried again, not refused.
        try addDay("2026-11-03", users: 85, executions: 950)
        try receivers.answer("429")
        let throttled = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(throttled.code, 3, throttled.out)
        XCTAssertTrue(throttled.out.contains("recorded as failed"), throttled.out)
        try receivers.answer("ok")
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).code, 0)

        // A 4xx is a refusal: reported, recorded, and not sent again run after run.
        try addDay("2026-11-04", users: 85, executions: 960)
        try receivers.answer("400")
        let refused = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(refused.code, 3, refused.out)
        XCTAssertTrue(refused.out.contains("refused    slack") && refused.out.contains("answered 400, 1 attempt"), refused.out)
        try receivers.answer("ok")
        XCTAssertEqual(try tenancy(["notify", "--usage", "usage"]).out, "Nothing to notify: no event is due.\n")
        // Mended on the receiver's side: sent again when asked.
        let again = try tenancy(["notify", "--usage", "usage", "--retry-refused"])
        XCTAssertEqual(again.code, 0, again.out + again.err)
        XCTAssertTrue(again.out.contains("delivered  slack"), again.out)

        // A wrong SMTP password is a refusal too, with the server's words and no password.
        try addDay("2026-11-05", users: 120, executions: 100)
        let login = try tenancy(["notify", "--usage", "usage"], environment: ["SMTP_PASSWORD": "wrong-password-1"])
        XCTAssertEqual(login.code, 3, login.out)
        XCTAssertTrue(login.out.contains("refused    mail"), login.out)
        XCTAssertFalse(login.out.contains("wrong-password-1"), login.out)
        XCTAssertTrue(receivers.mails().isEmpty)
    }

    /// A receiver that echoes the secret URL it was called on (raw, percent-encoded, after a
    /// port) has its words recorded without the secret; the tear-down searches every byte.
    func testAReceiverThatEchoesTheSecretURLLeavesNoSecret() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try addDay("2026-11-02", users: 85, executions: 100)
        try receivers.answer("echo404")
        let refused = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(refused.code, 3, refused.out + refused.err)
        XCTAssertTrue(refused.out.contains("answered 404") && refused.out.contains("<secret>"), refused.out)
        printed += try tenancy(["notify", "log", "--format", "json"]).out
        XCTAssertEqual(try tenancy(["report", "--usage", "usage", "--out", "report.html"]).code, 0)
        printed += try String(contentsOf: scenario.file("report.html"), encoding: .utf8)
    }

    /// An alert of the moment (a state edited by hand) while a cron run holds the delivery log
    /// (its receiver hanging) is queued, not lost: the next run sends it.
    func testAnAlertWhileTheLogIsBusyIsQueuedForTheNextRun() throws {
        let running = try notifyHeldByAHangingReceiver()
        let started = Date()
        let edited = try tenancy(["state", "rm", "Integration/mail"])
        XCTAssertEqual(edited.code, 0, edited.out + edited.err)
        XCTAssertTrue(edited.out.contains("Queued 1 notification for the next `tenancy notify`"), edited.out + edited.err)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the command waits a few seconds, not a minute")
        kill(running.process.processIdentifier, SIGKILL)
        _ = running.finish()
        try receivers.answer("ok")
        let next = try tenancy(["notify", "--usage", "usage"])
        XCTAssertTrue([0, 3].contains(next.code), next.out + next.err)
        XCTAssertTrue(posts(to: "/hook").contains { events($0).contains("security.alert/state-edited/serial-2") }, "\(receivers.posts())")
    }

    func testAHangingReceiverCostsAtMostTheDocumentedBound() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try addDay("2026-11-02", users: 85, executions: 100)
        try receivers.answer("hang")
        let started = Date()
        let hung = try tenancy(["notify", "--usage", "usage"])
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(hung.code, 3, hung.out + hung.err)
        XCTAssertTrue(hung.out.contains("timed out"), hung.out)
        // 30 s per message in all (docs/notifications.md), and a little for the run itself.
        XCTAssertLessThan(seconds, 36, "a hanging receiver held the run for \(seconds) s")
    }

    func testARunKilledMidDeliveryLeavesALogTheNextRunReads() throws {
        let running = try notifyHeldByAHangingReceiver()
        // Meanwhile a second run is refused at once: runs take turns on the delivery log.
        let second = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(second.code, 1, second.out + second.err)
        XCTAssertTrue(second.err.contains("another run holds the lock of the deliveries log"), second.err)
        kill(running.process.processIdentifier, SIGKILL)
        _ = running.finish()
        // The log reads; the kill's message was never recorded, so the next run sends it again
        // under the same idempotency key, which lets the receiver drop the duplicate.
        let log = try tenancy(["notify", "log"])
        XCTAssertEqual(log.code, 0, log.err)
        try receivers.answer("ok")
        let next = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(next.code, 0, next.out + next.err)
        // Each message arrived under one key however often it was sent (Slack's carries it in its
        // text; the webhook's in its header).
        let hooks = Array(posts(to: "/hook").dropFirst()).compactMap { $0["idempotency"] as? String }
        XCTAssertGreaterThanOrEqual(hooks.count, 2, "\(receivers.posts())")
        XCTAssertEqual(Set(hooks).count, 1, "one message, one key: \(hooks)")
        for line in try String(contentsOf: scenario.file(".tenancy/deliveries.jsonl"), encoding: .utf8).split(separator: "\n") {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), String(line))
        }
    }

    func testDryRunShowsThePayloadsAndContactsNobody() throws {
        XCTAssertEqual(try tenancy(["apply", "--auto-approve"]).code, 0)
        try addDay("2026-11-02", users: 120, executions: 100)
        let count = receivers.posts().count
        let dry = try tenancy(["notify", "--usage", "usage", "--dry-run"])
        XCTAssertEqual(dry.code, 0, dry.err)
        XCTAssertTrue(dry.out.contains("Dry run: 3 messages"), dry.out)
        XCTAssertFalse(dry.out.contains("Tenancy-Signature"), "a dry run shows no signature")
        XCTAssertTrue(dry.out.contains("Subject: [Tenancy] payments: users at 120.0% of its quota (120 of 100)"), dry.out)
        XCTAssertTrue(dry.out.contains("\"blocks\""), dry.out)
        XCTAssertEqual(receivers.posts().count, count)
        XCTAssertTrue(receivers.mails().isEmpty)
        // And it recorded nothing: the real run sends them all.
        let real = try tenancy(["notify", "--usage", "usage"])
        XCTAssertEqual(real.code, 0, real.out)
        XCTAssertTrue(real.out.contains("3 delivered"), real.out)
        // The report's overview shows the deliveries, the workspace's tab its own.
        XCTAssertEqual(try tenancy(["report", "--usage", "usage", "--out", "report.html"]).code, 0)
        let page = try String(contentsOf: scenario.file("report.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("Recent deliveries, failures first"), "the overview lists deliveries")
        XCTAssertNotNil(page.range(of: #"Notifications: [0-9]+ delivered; last: [a-z.-]+ to [a-z]+, delivered at"#, options: .regularExpression),
                        "the workspace's overview says its own")
        // A state edited by hand is a security alert to the organization's subscribers, once.
        let before = posts(to: "/hook").count
        let edited = try tenancy(["state", "mv", "Integration/slack", "Integration/slack-renamed"])
        XCTAssertEqual(edited.code, 0, edited.out + edited.err)
        let alert = try XCTUnwrap(posts(to: "/hook").last)
        XCTAssertEqual(posts(to: "/hook").count, before + 1)
        XCTAssertEqual(events(alert), ["security.alert/state-edited/serial-2"], "\(alert)")
        XCTAssertEqual(alert["verified"] as? Bool, true)
        // An edit that removes the very routes (the organization) does not silence its own alert.
        XCTAssertEqual(try tenancy(["state", "rm", "Organization/acme"]).code, 0)
        XCTAssertTrue(posts(to: "/hook").contains { events($0) == ["security.alert/state-edited/serial-3"] }, "\(receivers.posts())")
        // A test message, and how the receiver answered.
        let test = try tenancy(["notify", "test", "mail"])
        XCTAssertEqual(test.code, 0, test.out + test.err)
        XCTAssertEqual(receivers.mails().count, 2)
        let unknown = try tenancy(["notify", "test", "mial"])
        XCTAssertEqual(unknown.code, 1)
        XCTAssertTrue(unknown.err.contains("did you mean `mail`?"), unknown.err)
    }

    /// A mandatory rule failing on the applied state (here: a state pushed by hand for a checkout
    /// that breaks HIPAA's idle logoff) is a security alert to the workspace's subscribers, once
    /// per episode; `notify` evaluates each serial once.
    func testAMandatoryRuleFailingOnTheAppliedStateIsASecurityAlert() throws {
        let examples = try ScenarioFolder()
        defer { examples.remove() }
        try examples.write("ca.pem", String(contentsOfFile: receivers.certificates.ca, encoding: .utf8))
        try examples.edit("integrations.yaml") {
            $0.replacingOccurrences(of: "url: https://siem.acme.example/ingest/tenancy", with: "url: https://127.0.0.1:\(receivers.httpsPort)/siem\n    caFile: ca.pem")
        }
        try examples.write("secrets/siem-signing-secret", NotificationReceivers.signingSecret)
        // E-mail to the test's SMTP server, with its login.
        try examples.edit("integrations.yaml") {
            $0.replacingOccurrences(of: "host: smtp.acme.example", with: "host: 127.0.0.1\n    port: \(receivers.smtpPort)\n    caFile: ca.pem")
        }
        try examples.write("secrets/smtp-password", NotificationReceivers.smtpPassword)
        // The organization's own alerts (a state pushed by hand) to the SIEM too.
        try examples.edit("organization.yaml") { $0 + "    - {event: security.alert, integration: siem}\n" }
        func run(_ arguments: [String]) throws -> (code: Int32, out: String, err: String) {
            let result = try examples.tenancy(arguments)
            printed += result.out + result.err
            return result
        }
        XCTAssertEqual(try run(["apply", "--auto-approve"]).code, 0)
        let quiet = try run(["notify", "--usage", "usage"])
        XCTAssertTrue([0, 3].contains(quiet.code), quiet.out + quiet.err)
        XCTAssertTrue(posts(to: "/siem").isEmpty, "every mandatory rule passes: no alert")
        // The checkout breaks the rule, and a state for it is pushed by hand (apply would refuse it).
        try examples.edit("workspaces/clinic.yaml") { $0.replacingOccurrences(of: "idle: 10m", with: "idle: 45m") }
        let digest = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(try run(["compliance", "--format", "json"]).out.utf8))
            as? [String: Any]).flatMap { ($0["basis"] as? [String: Any])?["configuration_digest"] as? String })
        var state = try String(contentsOf: examples.file(".tenancy/state.json"), encoding: .utf8)
        state = state.replacingOccurrences(of: #""configuration_digest": "[0-9a-f]+""#, with: "\"configuration_digest\": \"\(digest)\"",
                                           options: .regularExpression)
            .replacingOccurrences(of: "\n  \"serial\": 1\n", with: "\n  \"serial\": 2\n")
        try examples.write("pushed.json", state)
        XCTAssertEqual(try run(["state", "push", "pushed.json"]).code, 0)
        let alerted = try run(["notify", "--usage", "usage"])
        XCTAssertTrue(alerted.out.contains("delivered  siem"), alerted.out + alerted.err)
        let keys = posts(to: "/siem").flatMap(events)
        XCTAssertTrue(keys.contains("security.alert/state-pushed/serial-2"), "\(keys)")
        XCTAssertTrue(keys.contains { $0.hasPrefix("security.alert/clinic/compliance/healthcare/") && $0.hasSuffix("/serial-2") }, "\(keys)")
        // Evaluated once per serial: the next run sends nothing new.
        let count = posts(to: "/siem").count
        _ = try run(["notify", "--usage", "usage"])
        XCTAssertEqual(posts(to: "/siem").count, count)
    }
}
