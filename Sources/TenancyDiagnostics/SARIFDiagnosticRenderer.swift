import TenancySupport
import TenancyJSON

/// Diagnostics as SARIF 2.1.0 (`validate --format sarif`), for code scanning: one reporting rule
/// per diagnostic code, one result per diagnostic at its range, with a fingerprint of what the
/// problem is rather than where (the code, the file, the resource, the field and the summary), so
/// that a problem keeps its identity when lines move above it.
public struct SARIFDiagnosticRenderer: Sendable {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public let toolVersion: String
    /// Where file names are relative to (`%SRCROOT%`); nil: as the diagnostics name them.
    public let root: ReportRoot?
    /// Where each rule's `helpUri` points (nil: no link, the help text only).
    public let docs: DocsLink?

    public init(toolVersion: String, root: ReportRoot? = nil, docs: DocsLink? = nil) {
        self.toolVersion = toolVersion
        self.root = root
        self.docs = docs
    }

    /// `automationDetails.id` of validate's run: category `tenancy/validate`.
    public static let automationID = "tenancy/validate/"

    /// `text` ending as a sentence does (a full stop added unless it ends in one already).
    static func sentence(_ text: String) -> String {
        guard let last = text.last else { return text }
        return ".!?".contains(last) ? text : text + "."
    }

    public func render(_ diagnostics: Diagnostics) -> String {
        let codes = Array(Set(diagnostics.map(\.code.rawValue))).sorted()
        let index = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        var writer = JSONWriter()
        // Its own code-scanning category (the id's part before its last `/`), so that uploading
        // compliance's SARIF beside it replaces neither.
        SARIF.begin(&writer, automationID: Self.automationID)
        if let root { SARIF.writeBase(root, to: &writer) }
        writer.key("results")
        writer.beginArray()
        for d in diagnostics {
            // Summary, detail and hint as sentences of their own.
            var message = Self.sentence(d.summary)
            if !d.detail.isEmpty { message += " " + Self.sentence(d.detail) }
            if let hint = d.hint { message += " Hint: " + Self.sentence(hint) }
            let file = d.range.map { root?.relative($0.filename) ?? $0.filename } ?? ""
            // What the problem is, not where: its summary too, so that two problems at one place
            // (three required fields missing from one document) stay three alerts.
            let identity = [d.code.rawValue, file, d.address ?? "", d.path ?? "", d.summary]
            writer.beginObject()
            writer.member("level", d.severity == .error ? "error" : "warning")
            writer.key("locations")
            writer.beginArray()
            if let range = d.range { SARIF.location(range, root: root).write(to: &writer) }
            writer.endArray()
            writer.key("message")
            SARIF.text(message, to: &writer)
            writer.key("partialFingerprints")
            writer.beginObject()
            writer.member("tenancyDiagnostic/v1", SHA256.hex(Array(identity.joined(separator: "\u{0}").utf8)))
            writer.endObject()
            writer.member("ruleId", d.code.rawValue)
            writer.member("ruleIndex", index[d.code.rawValue] ?? 0)
            writer.endObject()
        }
        writer.endArray()
        SARIF.beginRules(&writer)
        for code in codes {
            let isError = diagnostics.contains { $0.code.rawValue == code && $0.severity == .error }
            writer.beginObject()
            writer.key("defaultConfiguration")
            writer.beginObject()
            writer.member("level", isError ? "error" : "warning")
            writer.endObject()
            // What the code means, from its declaration (docs/diagnostics.md lists every code).
            let meaning = Diagnostic.Code(rawValue: code).meaning
            if let meaning {
                writer.key("fullDescription")
                SARIF.text(meaning, to: &writer)
                writer.key("help")
                writer.beginObject()
                writer.member("markdown", "**`\(code)`**: \(meaning)\n\nEvery code Tenancy reports is listed in `docs/diagnostics.md`.")
                writer.member("text", "\(code): \(meaning) Every code Tenancy reports is listed in docs/diagnostics.md.")
                writer.endObject()
            }
            if let docs { writer.member("helpUri", docs.diagnostic(code)) }
            writer.member("id", code)
            writer.member("name", SARIF.ruleName(code))
            writer.key("shortDescription")
            SARIF.text(meaning ?? code, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        return SARIF.finish(&writer, toolVersion: toolVersion)
    }
}

/// What the SARIF writers share: locations and URIs as code scanning reads them.
public enum SARIF {
    /// The log of a run that could not produce its results (a configuration that does not load, a
    /// setting refused): a valid SARIF document with no results and the problems as tool
    /// execution notifications, under the run's own category, so that an upload to code scanning
    /// shows the failure instead of refusing an empty file.
    public static func errorLog(automationID: String, problems: [String], toolVersion: String) -> String {
        var writer = JSONWriter()
        begin(&writer, automationID: automationID)
        writer.key("invocations")
        writer.beginArray()
        writer.beginObject()
        writer.key("executionSuccessful")
        writer.bool(false)
        writer.key("toolExecutionNotifications")
        writer.beginArray()
        for problem in problems {
            writer.beginObject()
            writer.member("level", "error")
            writer.key("message")
            text(problem, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endArray()
        writer.key("results")
        writer.beginArray()
        writer.endArray()
        beginRules(&writer)
        writer.endArray()
        return finish(&writer, toolVersion: toolVersion)
    }

    /// Opens a log and its one run, under `automationID` (its code-scanning category).
    static func begin(_ writer: inout JSONWriter, automationID: String) {
        writer.beginObject()
        writer.member("$schema", SARIFDiagnosticRenderer.schemaURI)
        writer.key("runs")
        writer.beginArray()
        writer.beginObject()
        writer.key("automationDetails")
        writer.beginObject()
        writer.member("id", automationID)
        writer.endObject()
        writer.member("columnKind", "unicodeCodePoints")
    }

    /// Opens the run's tool, its driver and the driver's `rules` (the caller writes them, ends the
    /// array, and `finish`es the log).
    static func beginRules(_ writer: inout JSONWriter) {
        writer.key("tool")
        writer.beginObject()
        writer.key("driver")
        writer.beginObject()
        writer.member("name", "tenancy")
        writer.key("rules")
        writer.beginArray()
    }

    /// Closes a log written up to its driver's `rules` (ended): the tool's version, the driver,
    /// the tool, the run, the runs and the log, then the text.
    static func finish(_ writer: inout JSONWriter, toolVersion: String) -> String {
        writer.member("semanticVersion", toolVersion)
        writer.member("version", toolVersion)
        writer.endObject()
        writer.endObject()
        writer.endObject()
        writer.endArray()
        writer.member("version", "2.1.0")
        writer.endObject()
        writer.finishDocument()
        return String(decoding: writer.take(), as: UTF8.self)
    }

    /// `file:line:column: summary [code]`: a problem as one line of a notification or message.
    public static func problemLine(_ d: Diagnostic) -> String {
        (d.range.map { "\($0.filename):\($0.start.line):\($0.start.column): " } ?? "") + d.summary + " [\(d.code.rawValue)]"
    }

    public struct Location: Sendable {
        public let physicalLocation: PhysicalLocation

        /// The location as SARIF's `location` object.
        public func write(to writer: inout JSONWriter) {
            let region = physicalLocation.region
            writer.beginObject()
            writer.key("physicalLocation")
            writer.beginObject()
            writer.key("artifactLocation")
            writer.beginObject()
            writer.member("uri", physicalLocation.artifactLocation.uri)
            if let base = physicalLocation.artifactLocation.uriBaseId { writer.member("uriBaseId", base) }
            writer.endObject()
            writer.key("region")
            writer.beginObject()
            writer.member("endColumn", region.endColumn)
            writer.member("endLine", region.endLine)
            writer.member("startColumn", region.startColumn)
            writer.member("startLine", region.startLine)
            writer.endObject()
            writer.endObject()
            writer.endObject()
        }
    }

    public struct PhysicalLocation: Sendable {
        public let artifactLocation: ArtifactLocation
        public let region: Region
    }

    public struct ArtifactLocation: Sendable {
        public let uri: String
        /// `%SRCROOT%` when `uri` is relative to the run's `originalUriBaseIds` entry.
        public var uriBaseId: String?
    }

    /// The base id every relative file name is given against.
    public static let sourceRoot = "%SRCROOT%"

    /// A run's `originalUriBaseIds`: `%SRCROOT%` as the root's `file://` URI.
    public static func writeBase(_ root: ReportRoot, to writer: inout JSONWriter) {
        writer.key("originalUriBaseIds")
        writer.beginObject()
        writer.key(sourceRoot)
        writer.beginObject()
        writer.member("uri", root.uri)
        writer.endObject()
        writer.endObject()
    }

    public struct Region: Sendable {
        public let startLine: Int
        public let startColumn: Int
        public let endLine: Int
        public let endColumn: Int
    }

    /// A range as a SARIF location (1-based lines and columns, never below 1, the end not before
    /// the start).
    /// With `root`, the file is named relative to it, against `%SRCROOT%` (an absolute one outside
    /// it stays a `file://` URI).
    public static func location(_ range: SourceRange, root: ReportRoot? = nil) -> Location {
        let endLine = max(range.start.line, range.end.line, 1)
        let endColumn = range.end.line > range.start.line ? max(1, range.end.column) : max(range.start.column, range.end.column, 1)
        return Location(physicalLocation: PhysicalLocation(
            artifactLocation: {
                guard let root else { return ArtifactLocation(uri: uri(range.filename)) }
                let name = root.relative(range.filename)
                return ArtifactLocation(uri: uri(name), uriBaseId: name.hasPrefix("/") ? nil : sourceRoot)
            }(),
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

    /// A SARIF `message` (or any multiformat message string): `{"text": …}`.
    public static func text(_ text: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("text", text)
        writer.endObject()
    }

    /// `template.rule-violated` as `TemplateRuleViolated`: a rule's name is one word.
    public static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
