import Foundation
import TenancySupport

/// Diagnostics as GitLab's code-quality report (`validate --format gitlab`): a JSON array of
/// issues with a description, check name, fingerprint, severity and location, which a merge
/// request shows on its changed lines (`artifacts: reports: codequality`).
public struct GitLabCodeQualityRenderer: Sendable {
    public init() {}

    public func render(_ diagnostics: Diagnostics) -> String {
        let issues = diagnostics.map { d -> Issue in
            var description = d.summary
            if let hint = d.hint { description += " (hint: \(hint))" }
            let identity = [d.code.rawValue, d.range?.filename ?? "", d.address ?? "", d.path ?? d.summary]
            return Issue(description: description, check_name: d.code.rawValue,
                         fingerprint: SHA256.hex(Array(identity.joined(separator: "\u{0}").utf8)),
                         severity: d.severity == .error ? "major" : "minor",
                         location: Location(path: d.range?.filename ?? "tenancy.yaml", lines: Lines(begin: max(1, d.range?.start.line ?? 1))))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(issues), let text = String(data: data, encoding: .utf8) else { return "[]\n" }
        return text + "\n"
    }

    private struct Issue: Encodable {
        let description: String
        let check_name: String
        let fingerprint: String
        let severity: String
        let location: Location
    }
    private struct Location: Encodable { let path: String; let lines: Lines }
    private struct Lines: Encodable { let begin: Int }
}
