import TenancyJSON


/// Renders diagnostics in the shape of `terraform validate -json`, so that tooling written for
/// Terraform (CI annotations, editors) reads Tenancy's output unchanged. `code`, `path` and `hint`
/// are Tenancy's additions; Terraform readers ignore unknown fields.
public struct JSONDiagnosticRenderer: Sendable {
    /// Bumped on any incompatible change to the shape; additions keep it.
    public static let formatVersion = "1.0"

    /// At most this many diagnostics are listed; `diagnostics_omitted` counts the rest (the
    /// error and warning counts are always of all of them).
    public static let maximumListed = 10_000

    public init() {}

    /// `sources`: the files the diagnostics point into, for their `snippet` (the quoted line, as
    /// `terraform validate -json` gives it; a range holding a secret is masked).
    public func render(_ diagnostics: Diagnostics, sources: [String: SourceFile] = [:], limit: Int = JSONDiagnosticRenderer.maximumListed) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("diagnostics")
        writer.beginArray()
        let secrets = Diagnostic.secretRanges(diagnostics)
        for diagnostic in diagnostics.prefix(limit) {
            Self.write(diagnostic, source: diagnostic.range.flatMap { sources[$0.filename] },
                       masks: diagnostic.range.flatMap { secrets[$0.filename] } ?? [], to: &writer)
        }
        writer.endArray()
        if diagnostics.count > limit {
            writer.key("diagnostics_omitted")
            writer.int(diagnostics.count - limit)
        }
        writer.key("error_count")
        writer.int(diagnostics.errorCount)
        writer.key("format_version")
        writer.string(Self.formatVersion)
        writer.key("valid")
        writer.bool(!diagnostics.hasErrors)
        writer.key("warning_count")
        writer.int(diagnostics.warningCount)
        writer.endObject()
        writer.finishDocument()
        return String(decoding: writer.take(), as: UTF8.self)
    }

    /// One diagnostic, its members in key order; a member with no value is left out.
    private static func write(_ diagnostic: Diagnostic, source: SourceFile?, masks: [SourceRange], to writer: inout JSONWriter) {
        let limit = Diagnostic.maximumTextLength
        writer.beginObject()
        writer.member("address", diagnostic.address?.clipped(to: 200))
        writer.member("code", diagnostic.code.rawValue)
        writer.member("detail", diagnostic.detail.clipped(to: limit))
        writer.member("hint", diagnostic.hint?.clipped(to: limit))
        writer.member("path", diagnostic.path?.clipped(to: 400))
        if let range = diagnostic.range {
            writer.key("range")
            writer.beginObject()
            writer.key("end")
            write(range.end, to: &writer)
            writer.member("filename", range.filename)
            writer.key("start")
            write(range.start, to: &writer)
            writer.endObject()
        }
        writer.member("severity", diagnostic.severity.rawValue)
        if let range = diagnostic.range, let source,
           let snippet = Snippet.make(range, in: source, masked: diagnostic.masksSource, masks: masks) {
            // Terraform's snippet: the line as quoted, and where the range is in it (byte offsets).
            let scalars = Array(snippet.text.unicodeScalars)
            func bytes(_ count: Int) -> Int { scalars.prefix(count).reduce(0) { $0 + String($1).utf8.count } }
            writer.key("snippet")
            writer.beginObject()
            writer.member("code", snippet.text)
            writer.key("highlight_end_offset")
            writer.int(bytes(snippet.highlightStart + snippet.highlightLength))
            writer.key("highlight_start_offset")
            writer.int(bytes(snippet.highlightStart))
            writer.key("start_line")
            writer.int(snippet.line)
            writer.key("values")
            writer.beginArray()
            writer.endArray()
            writer.endObject()
        }
        writer.member("summary", diagnostic.summary.clipped(to: limit))
        writer.endObject()
    }

    private static func write(_ location: SourceLocation, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("byte")
        writer.int(location.byte)
        writer.key("column")
        writer.int(location.column)
        writer.key("line")
        writer.int(location.line)
        writer.endObject()
    }
}
