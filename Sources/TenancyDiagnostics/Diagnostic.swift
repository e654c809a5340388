/// How bad a problem is. Errors stop a run from writing anything; warnings are reported only.
public enum Severity: String, Sendable, Hashable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// One problem a user can cause, with everything needed to find and fix it. Every module reports
/// through this one type so that a run can collect all problems and print them together.
public struct Diagnostic: Sendable, Hashable {
    /// A stable identifier (`yaml.duplicate-key`) that tooling and tests can match on, independent
    /// of the wording of `summary`.
    public struct Code: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral,
                        CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }
    }

    public var severity: Severity
    public var code: Code
    /// One line: what is wrong.
    public var summary: String
    /// Why it is wrong, in sentences; may be empty.
    public var detail: String
    /// What to do about it, when there is something specific to say ("did you mean …?").
    public var hint: String?
    /// Where; nil only for problems that belong to no file (a missing directory, a usage error).
    public var range: SourceRange?
    /// The document path of the offending value, e.g. `spec.quotas.users.max`.
    public var path: String?
    /// The resource the problem belongs to, e.g. `Workspace/engineering`, when known.
    public var address: String?
    /// The range holds a secret: renderers quote its line with the range masked.
    public var masksSource = false

    /// The ranges of `diagnostics` that hold a secret, by file: masked in every quoted line.
    public static func secretRanges(_ diagnostics: Diagnostics) -> [String: [SourceRange]] {
        var ranges: [String: [SourceRange]] = [:]
        for diagnostic in diagnostics where diagnostic.masksSource {
            if let range = diagnostic.range { ranges[range.filename, default: []].append(range) }
        }
        return ranges
    }

    /// Summaries, details and hints longer than this are clipped when rendered.
    public static let maximumTextLength = 1000

    public init(
        severity: Severity = .error,
        code: Code,
        summary: String,
        detail: String = "",
        hint: String? = nil,
        range: SourceRange? = nil,
        path: String? = nil,
        address: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.summary = summary
        self.detail = detail
        self.hint = hint
        self.range = range
        self.path = path
        self.address = address
    }

    public static func error(
        _ code: Code, _ summary: String, detail: String = "", hint: String? = nil,
        range: SourceRange? = nil, path: String? = nil, address: String? = nil
    ) -> Diagnostic {
        Diagnostic(severity: .error, code: code, summary: summary, detail: detail, hint: hint,
                   range: range, path: path, address: address)
    }

    public static func warning(
        _ code: Code, _ summary: String, detail: String = "", hint: String? = nil,
        range: SourceRange? = nil, path: String? = nil, address: String? = nil
    ) -> Diagnostic {
        Diagnostic(severity: .warning, code: code, summary: summary, detail: detail, hint: hint,
                   range: range, path: path, address: address)
    }
}
