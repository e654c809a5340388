import Foundation

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
        let listed = diagnostics.prefix(limit)
        let document = Document(
            formatVersion: Self.formatVersion,
            valid: !diagnostics.hasErrors,
            errorCount: diagnostics.errorCount,
            warningCount: diagnostics.warningCount,
            diagnostics: listed.map { Entry($0, source: $0.range.flatMap { sources[$0.filename] }) },
            diagnosticsOmitted: diagnostics.count > limit ? diagnostics.count - limit : nil
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and integers cannot fail; fall back to a minimal,
        // still valid document rather than trapping if it ever does.
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else {
            return #"{"format_version":"1.0","valid":false,"error_count":1,"warning_count":0,"diagnostics":[]}"#
        }
        return text + "\n"
    }

    private struct Document: Encodable {
        let formatVersion: String
        let valid: Bool
        let errorCount: Int
        let warningCount: Int
        let diagnostics: [Entry]
        let diagnosticsOmitted: Int?

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version", valid, errorCount = "error_count"
            case warningCount = "warning_count", diagnostics, diagnosticsOmitted = "diagnostics_omitted"
        }
    }

    private struct Entry: Encodable {
        let severity: String
        let summary: String
        let detail: String
        let code: String
        let hint: String?
        let path: String?
        let address: String?
        let range: Range?
        let snippet: Snippet?

        init(_ diagnostic: Diagnostic, source: SourceFile?) {
            let limit = TenancyDiagnostics.Diagnostic.maximumTextLength
            severity = diagnostic.severity.rawValue
            summary = diagnostic.summary.clipped(to: limit)
            detail = diagnostic.detail.clipped(to: limit)
            code = diagnostic.code.rawValue
            hint = diagnostic.hint?.clipped(to: limit)
            path = diagnostic.path?.clipped(to: 400)
            address = diagnostic.address?.clipped(to: 200)
            range = diagnostic.range.map(Range.init)
            snippet = diagnostic.range.flatMap { range in
                source.flatMap { TenancyDiagnostics.Snippet.make(range, in: $0, masked: diagnostic.masksSource) }.map(Snippet.init)
            }
        }
    }

    /// Terraform's snippet: the line as quoted, and where the range is in it (byte offsets).
    private struct Snippet: Encodable {
        let context: String?
        let code: String
        let startLine: Int
        let highlightStartOffset: Int
        let highlightEndOffset: Int
        let values: [String]

        enum CodingKeys: String, CodingKey {
            case context, code, startLine = "start_line", highlightStartOffset = "highlight_start_offset"
            case highlightEndOffset = "highlight_end_offset", values
        }

        init(_ snippet: TenancyDiagnostics.Snippet) {
            context = nil
            code = snippet.text
            startLine = snippet.line
            let scalars = Array(snippet.text.unicodeScalars)
            func bytes(_ count: Int) -> Int { scalars.prefix(count).reduce(0) { $0 + String($1).utf8.count } }
            highlightStartOffset = bytes(snippet.highlightStart)
            highlightEndOffset = bytes(snippet.highlightStart + snippet.highlightLength)
            values = []
        }
    }

    private struct Range: Encodable {
        let filename: String
        let start: Position
        let end: Position

        init(_ range: SourceRange) {
            filename = range.filename
            start = Position(range.start)
            end = Position(range.end)
        }
    }

    private struct Position: Encodable {
        let line: Int
        let column: Int
        let byte: Int

        init(_ location: SourceLocation) {
            line = location.line
            column = location.column
            byte = location.byte
        }
    }
}
