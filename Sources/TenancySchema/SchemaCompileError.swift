import TenancyDiagnostics
import TenancyYAML

/// Why a schema could not be compiled. These are errors in a schema, not in a manifest: for the
/// built-in schemas they are bugs (and tests catch them); for user-supplied schemas, diagnostics.
public enum SchemaCompileError: Error, Sendable, CustomStringConvertible {
    case unresolvedReference(String, at: SourceRange)
    case invalidKeyword(String, reason: String, at: SourceRange)
    case invalidPattern(String, at: SourceRange)
    case unknownDocument(String)

    public var description: String {
        switch self {
        case let .unresolvedReference(ref, range):
            return "\(range.filename):\(range.start.line):\(range.start.column): cannot resolve $ref `\(ref)`"
        case let .invalidKeyword(keyword, reason, range):
            return "\(range.filename):\(range.start.line):\(range.start.column): invalid `\(keyword)`: \(reason)"
        case let .invalidPattern(pattern, range):
            return "\(range.filename):\(range.start.line):\(range.start.column): invalid pattern `\(pattern)`"
        case let .unknownDocument(uri):
            return "no schema document is registered as \(uri)"
        }
    }

    public var diagnostic: Diagnostic {
        switch self {
        case let .unresolvedReference(_, range), let .invalidKeyword(_, _, range), let .invalidPattern(_, range):
            return .error(.schemaInvalid, description, range: range)
        case .unknownDocument:
            return .error(.schemaInvalid, description)
        }
    }
}

