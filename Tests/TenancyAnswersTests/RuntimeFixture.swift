import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyAnswers
import XCTest

/// A configuration in a temporary folder, applied through the engine's own run with a clock of
/// the test's choosing (so that the history says when each version was applied), and usage
/// written as JSON Lines beside it.
struct RuntimeFixture {
    let root: URL

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-runtime-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try write("organization.yaml", """
            apiVersion: tenancy/v1
            kind: Organization
            metadata: {name: acme}
            spec: {displayName: Acme, billingContact: billing@acme.example}
            """)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func write(_ name: String, _ text: String) throws {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((text + "\n").utf8).write(to: url)
    }

    /// A workspace manifest with `spec` written under it (indented YAML).
    func workspace(_ name: String, _ spec: String) throws {
        let body = spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        try write("workspaces/\(name).yaml", """
            apiVersion: tenancy/v1
            kind: Workspace
            metadata: {name: \(name)}
            spec:
            \(body)
            """)
    }

    func session(at day: String = "2026-11-01") throws -> Session {
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: day + "T09:30:00Z"))
        return try Session.open(root.path, environment: RunEnvironment(now: { date }))
    }

    /// Plans and applies the configuration as it stands, as if on `day`.
    func apply(at day: String) throws {
        let session = try session(at: day)
        try session.planning(PlanRequest(operation: "apply")) { (planned) throws(RunFailure) in
            _ = try session.apply(planned)
        }
    }

    /// Usage records, one JSON object per line.
    func usage(_ lines: [String]) throws -> String {
        try write("usage.jsonl", lines.joined(separator: "\n"))
        return root.appendingPathComponent("usage.jsonl").path
    }

    /// The days of November 2026 from `first` to `last` with the same record (its workspace and
    /// date filled in).
    static func days(_ workspace: String, _ first: Int, _ last: Int, _ body: String) -> [String] {
        (first...last).map { day in
            "{\"date\":\"2026-11-\(day < 10 ? "0" : "")\(day)\",\"workspace\":\"\(workspace)\"\(body.isEmpty ? "" : ",")\(body)}"
        }
    }

    func inputs(_ workspaces: [String] = [], usage: String?, asOf: Day? = nil) throws -> RuntimeInputs {
        try RuntimeInputs.gather(AppliedState(try session()), workspaces: workspaces, usagePath: usage, asOf: asOf)
    }

    /// The statement of November 2026 as `tenancy billing` makes it.
    func november(_ workspaces: [String] = [], usage: String, asOf: Day? = nil) throws -> BillingStatement {
        let inputs = try inputs(workspaces, usage: usage, asOf: asOf)
        let period = try XCTUnwrap(Month("2026-11"))
        return try inputs.bills(for: period, through: BillingCalculator.through(period, now: inputs.usage.now))
    }
}

extension RunFailure: CustomStringConvertible {
    public var description: String { diagnostics.map(\.summary).joined(separator: "; ") }
}
