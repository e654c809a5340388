import Foundation
import TenancyEtcdCluster
import TenancyTestSupport
import XCTest

/// Real receivers on loopback for the notification tests: an HTTPS server (Python's standard
/// library) with a certificate from a CA the test makes, which checks webhook signatures and
/// logs every POST, answering as its mode file says (ok, 500, 429, 400, hang); and an SMTP server
/// (PyPI's aiosmtpd) that requires STARTTLS and a login, with the same CA.
final class NotificationReceivers {
    let folder: URL
    let certificates: TestCertificates
    let httpsPort: Int
    let smtpPort: Int
    private var processes: [Process] = []

    static let signingSecret = "whsec-test-signing-4b1f9c"
    static let smtpUser = "tenancy"
    static let smtpPassword = "smtp-password-77e2d0"
    static let slackToken = "T0SLACK/B0SLACK/slacktoken9q8w7e"

    static let fixtures = Golden.fixtures.appendingPathComponent("notify")

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-receivers-\(UUID().uuidString)")
        self.folder = folder
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let made = try TestCertificates.make(in: folder.appendingPathComponent("tls").path) else {
            throw MissingTool.skip("openssl", TestCertificates.missingMessage)
        }
        certificates = made
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MissingTool.skip("python3", "python3 is not installed: the notification receivers cannot run")
        }
        let smtpBin = try PythonTools.venv("aiosmtpd-1.4", ["aiosmtpd==1.4.6"])
        try Data("ok".utf8).write(to: folder.appendingPathComponent("mode"))
        var started: [Process] = []
        func start(_ executable: String, _ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: { () -> URL in
                let log = folder.appendingPathComponent("receivers.err")
                if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
                return log
            }())
            try process.run()
            started.append(process)
            return process
        }
        _ = try start(python, [Self.fixtures.appendingPathComponent("https_receiver.py").path, path("https.port"), path("hooks.log"),
                               path("mode"), certificates.serverCert, certificates.serverKey, Self.signingSecret])
        _ = try start(smtpBin.appendingPathComponent("python").path,
                      [Self.fixtures.appendingPathComponent("smtp_receiver.py").path, path("smtp.port"), path("mail.log"),
                       certificates.serverCert, certificates.serverKey, Self.smtpUser, Self.smtpPassword])
        func port(_ name: String) throws -> Int {
            for _ in 0..<200 {
                if let text = try? String(contentsOfFile: path(name), encoding: .utf8), let port = Int(text) { return port }
                usleep(50_000)
            }
            let said = (try? String(contentsOfFile: path("receivers.err"), encoding: .utf8)) ?? ""
            throw XCTSkip("the \(name) receiver did not start: \(said.suffix(500))")
        }
        do {
            httpsPort = try port("https.port")
            smtpPort = try port("smtp.port")
        } catch {
            for process in started where process.isRunning { process.terminate() }
            throw error
        }
        processes = started
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// How the HTTPS receiver answers from now on: ok, 500, 429, 400 or hang.
    func answer(_ mode: String) throws { try Data(mode.utf8).write(to: folder.appendingPathComponent("mode")) }

    /// Each POST received: its path, mode, whether its signature verified, payload and headers.
    func posts() -> [[String: Any]] { lines("hooks.log") }
    func mails() -> [[String: Any]] { lines("mail.log") }

    private func lines(_ name: String) -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path(name), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The environment the configuration's secret references read.
    var environment: [String: String] {
        ["HOOK_SIGNING": Self.signingSecret, "SMTP_PASSWORD": Self.smtpPassword,
         "SLACK_URL": "https://127.0.0.1:\(httpsPort)/services/\(Self.slackToken)"]
    }

    /// The secret values, which no output, log, record or state may hold.
    static var secrets: [String] { [signingSecret, smtpPassword, "slacktoken9q8w7e"] }

    func stop() {
        for process in processes where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
