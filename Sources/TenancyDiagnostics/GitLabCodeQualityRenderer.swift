import TenancySupport
import TenancyJSON

/// Diagnostics as GitLab's code-quality report (`validate --format gitlab`): a JSON array of
/// issues with a description, check name, fingerprint, severity and location, which a merge
/// request shows on its changed lines (`artifacts: reports: codequality`).
public struct GitLabCodeQualityRenderer: Sendable {
    public init() {}

    public func render(_ diagnostics: Diagnostics) -> String {
        var writer = JSONWriter()
        writer.beginArray()
        for d in diagnostics {
            var description = d.summary
            if let hint = d.hint { description += " (hint: \(hint))" }
            let identity = [d.code.rawValue, d.range?.filename ?? "", d.address ?? "", d.path ?? d.summary]
            writer.beginObject()
            writer.member("check_name", d.code.rawValue)
            writer.member("description", description)
            writer.member("fingerprint", SHA256.hex(Array(identity.joined(separator: "\u{0}").utf8)))
            writer.key("location")
            writer.beginObject()
            writer.key("lines")
            writer.beginObject()
            writer.key("begin")
            writer.int(max(1, d.range?.start.line ?? 1))
            writer.endObject()
            writer.member("path", d.range?.filename ?? "tenancy.yaml")
            writer.endObject()
            writer.member("severity", d.severity == .error ? "major" : "minor")
            writer.endObject()
        }
        writer.endArray()
        writer.finishDocument()
        return String(decoding: writer.take(), as: UTF8.self)
    }
}
