import Foundation
import TenancyEtcdCluster
#if canImport(Glibc)
import Glibc
#endif

/// Notifications end to end (issue 25), beside the answers they are computed from: the release
/// binary's `notify` over the runtime benchmark's configuration and 31-day usage, its quota
/// warnings routed to a real HTTPS receiver on loopback (the test suite's, Python's standard
/// library, with a CA made here). First the run that delivers every crossing (one message per
/// integration, signed), then the runs with nothing due, against `quota check` plus `billing`.
enum NotifyBench {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `folder` holds the applied runtime configuration, `usage` its 31-day export; `answers`
    /// the medians of `quota check` and `billing` measured on them.
    static func run(binary: String, folder: String, usage: String, environment: [String: String], repetitions: Int,
                    answers: (quota: Double, billing: Double)) throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
              let certificates = try TestCertificates.make(in: folder + "/tls") else {
            print("notify: skipped (python3 or openssl is not installed)")
            return
        }
        let receiver = Process()
        receiver.executableURL = URL(fileURLWithPath: python)
        let portFile = folder + "/receiver.port", log = folder + "/receiver.log", mode = folder + "/receiver.mode"
        try Data("ok".utf8).write(to: URL(fileURLWithPath: mode))
        receiver.arguments = [root.appendingPathComponent("Tests/TenancyCLITests/Fixtures/notify/https_receiver.py").path,
                              portFile, log, mode, certificates.serverCert, certificates.serverKey, "bench-signing-secret"]
        receiver.standardOutput = FileHandle.nullDevice
        receiver.standardError = FileHandle.nullDevice
        try receiver.run()
        defer { receiver.terminate(); receiver.waitUntilExit() }
        var port: Int?
        for _ in 0..<100 where port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(50_000) }
        }
        guard let port else { print("notify: skipped (the receiver did not start)"); return }
        // The workspaces' quota warnings go to `email-ops`: here a signed webhook to the receiver.
        let supporting = folder + "/supporting.yaml"
        let text = try String(contentsOfFile: supporting, encoding: .utf8)
        try Data(text.replacingOccurrences(
            of: "email: {addresses: [ops@example.com], host: smtp.example.com, from: tenancy@example.com}",
            with: "webhook: {url: \"https://127.0.0.1:\(port)/hook\", signingSecret: {secretRef: \"env:SIEM\"}, caFile: \(certificates.ca)}").utf8)
            .write(to: URL(fileURLWithPath: supporting))
        var env = environment
        env["SIEM"] = "bench-signing-secret"
        let applied = PlanApplyBench.spawn(binary, ["apply", "--auto-approve", "--dir", folder], environment: env)
        guard applied.status == 0 else { throw PlanApplyBench.Failed(name: "apply (notify)", status: applied.status) }
        defer { try? Data(text.utf8).write(to: URL(fileURLWithPath: supporting)) }

        let first = PlanApplyBench.spawn(binary, ["notify", "--usage", usage, "--dir", folder], environment: env)
        guard first.status == 0 else { throw PlanApplyBench.Failed(name: "notify (delivering)", status: first.status) }
        let posts = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n") ?? []
        let events = posts.compactMap { line -> Int? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let payload = object["payload"] as? [String: Any] else { return nil }
            return payload["count"] as? Int
        }.reduce(0, +)
        let idle = PlanApplyBench.median((0..<max(1, repetitions)).map { _ in
            PlanApplyBench.spawn(binary, ["notify", "--usage", usage, "--dir", folder], environment: env)
        })
        guard idle.status == 0 else { throw PlanApplyBench.Failed(name: "notify (nothing due)", status: idle.status) }
        let both = answers.quota + answers.billing
        print(String(format: "| 31 days | notify, %d events due, delivered in %d signed messages to a local HTTPS receiver | %.3f s | %.0f MB | - |",
                     events, posts.count, first.seconds, Double(first.maxResidentKB) / 1024))
        print(String(format: "| 31 days | notify, nothing due | %.3f s | %.0f MB | %.2f× quota check + billing (%.3f s) |",
                     idle.seconds, Double(idle.maxResidentKB) / 1024, idle.seconds / max(both, 1e-9), both))
    }
}
