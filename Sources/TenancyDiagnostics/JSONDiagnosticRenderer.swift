import Foundation

/// Renders diagnostics in the shape of `terraform validate -json`, so that tooling written for
/// Terraform (CI annotations, editors) reads Tenancy's output unchanged. `code`, `path` and `hint`
/// are Tenancy's additions; Terraform readers ignore unknown fields.
public struct JSONDiagnosticRenderer: Sendable {
    /// Bumped on any incompatible change to the shape; additions keep it.
    public static let formatVersion = "1.0"

    public init() {}

    public func render(_ diagnostics: Diagnostics) -> String {
        let document = Document(
            formatVersion: Self.formatVersion,
            valid: !diagnostics.hasErrors,
            errorCount: diagnostics.errorCount,
            warningCount: diagnostics.warningCount,
            diagnostics: diagnostics.map(Entry.init)
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

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version", valid, errorCount = "error_count"
            case warningCount = "warning_count", diagnostics
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

        init(_ diagnostic: Diagnostic) {
            severity = diagnostic.severity.rawValue
            summary = diagnostic.summary
            detail = diagnostic.detail
            code = diagnostic.code.rawValue
            hint = diagnostic.hint
            path = diagnostic.path
            address = diagnostic.address
            range = diagnostic.range.map(Range.init)
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
