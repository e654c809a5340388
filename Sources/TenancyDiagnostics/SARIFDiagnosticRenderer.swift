import Foundation
import TenancySupport

/// Diagnostics as SARIF 2.1.0 (`validate --format sarif`), for code scanning: one reporting rule
/// per diagnostic code, one result per diagnostic at its range, with a fingerprint of what the
/// problem is rather than where (the code, the file, the resource and the field), so that a
/// problem keeps its identity when lines move above it.
public struct SARIFDiagnosticRenderer: Sendable {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public let toolVersion: String

    public init(toolVersion: String) { self.toolVersion = toolVersion }

    public func render(_ diagnostics: Diagnostics) -> String {
        let codes = Array(Set(diagnostics.map(\.code.rawValue))).sorted()
        let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let rules = codes.map { code in
            Rule(id: code, name: SARIF.ruleName(code), shortDescription: Text(text: code),
                 defaultConfiguration: Configuration(level: diagnostics.contains { $0.code.rawValue == code && $0.severity == .error } ? "error" : "warning"))
        }
        let results = diagnostics.map { d -> Result in
            var message = d.summary
            if !d.detail.isEmpty { message += " " + d.detail }
            if let hint = d.hint { message += " Hint: " + hint }
            let identity = [d.code.rawValue, d.range?.filename ?? "", d.address ?? "", d.path ?? (d.range == nil ? d.summary : "")]
            return Result(ruleId: d.code.rawValue, ruleIndex: index[d.code.rawValue] ?? 0, level: d.severity == .error ? "error" : "warning",
                          message: Text(text: message), locations: d.range.map { [SARIF.location($0)] } ?? [],
                          partialFingerprints: ["tenancyDiagnostic/v1": SHA256.hex(Array(identity.joined(separator: "\u{0}").utf8))])
        }
        let log = Log(schema: Self.schemaURI, version: "2.1.0", runs: [
            Run(tool: Tool(driver: Driver(name: "tenancy", version: toolVersion, semanticVersion: toolVersion, rules: rules)),
                columnKind: "unicodeCodePoints", results: results),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log), let text = String(data: data, encoding: .utf8) else {
            return #"{"$schema":"\#(Self.schemaURI)","version":"2.1.0","runs":[]}"# + "\n"
        }
        return text + "\n"
    }

    private struct Log: Encodable {
        let schema: String
        let version: String
        let runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }
    private struct Run: Encodable { let tool: Tool; let columnKind: String; let results: [Result] }
    private struct Tool: Encodable { let driver: Driver }
    private struct Driver: Encodable { let name: String; let version: String; let semanticVersion: String; let rules: [Rule] }
    private struct Rule: Encodable { let id: String; let name: String; let shortDescription: Text; let defaultConfiguration: Configuration }
    private struct Configuration: Encodable { let level: String }
    private struct Text: Encodable { let text: String }
    private struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [SARIF.Location]
        let partialFingerprints: [String: String]
    }
}

/// What the SARIF writers share: locations and URIs as code scanning reads them.
public enum SARIF {
    public struct Location: Encodable, Sendable {
        public let physicalLocation: PhysicalLocation
    }

    public struct PhysicalLocation: Encodable, Sendable {
        public let artifactLocation: ArtifactLocation
        public let region: Region
    }

    public struct ArtifactLocation: Encodable, Sendable { public let uri: String }

    public struct Region: Encodable, Sendable {
        public let startLine: Int
        public let startColumn: Int
        public let endLine: Int
        public let endColumn: Int
    }

    /// A range as a SARIF location (1-based lines and columns, never below 1, the end not before
    /// the start).
    public static func location(_ range: SourceRange) -> Location {
        let endLine = max(range.start.line, range.end.line, 1)
        let endColumn = range.end.line > range.start.line ? max(1, range.end.column) : max(range.start.column, range.end.column, 1)
        return Location(physicalLocation: PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: uri(range.filename)),
            region: Region(startLine: max(1, range.start.line), startColumn: max(1, range.start.column), endLine: endLine, endColumn: endColumn)))
    }

    /// A path as a URI reference: a relative path stays relative (code scanning resolves it
    /// against the repository's root), an absolute one becomes a `file://` URI; each byte outside
    /// the unreserved set and `/` percent-encoded.
    public static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~/".contains(c) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count < 2 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `template.rule-violated` as `TemplateRuleViolated`: a rule's name is one word.
    public static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
