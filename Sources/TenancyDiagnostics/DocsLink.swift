/// Where an organization publishes Tenancy's `docs/` folder (`TENANCY_DOCS_URL`), so that SARIF
/// rules carry a `helpUri` into the page that explains each code. SARIF requires the URI to be
/// absolute and Tenancy has no public documentation host of its own, so the link is the
/// organization's to give (its git host's view of the vendored docs, an internal site); without
/// it, rules carry their help text and no link.
public struct DocsLink: Sendable, Equatable {
    /// The environment variable that names the docs folder's URL.
    public static let variable = "TENANCY_DOCS_URL"

    /// The folder's URL, ending in `/`.
    public let base: String

    /// Why a value cannot be a docs link.
    public struct Invalid: Error, Sendable, Equatable {
        public let value: String
        public let reason: String
    }

    /// `value` as a docs folder's URL: absolute http(s), with a host, without a query, fragment,
    /// spaces or control characters (it is copied into every rule). A missing `/` at its end is
    /// added.
    public init(_ value: String) throws(Invalid) {
        let lower = value.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lower.hasPrefix($0) }) else {
            throw Invalid(value: value, reason: "it is not an absolute http(s) URL")
        }
        let rest = value.dropFirst(scheme.count)
        let host = rest.prefix { $0 != "/" }
        guard !host.isEmpty, !host.contains("@") else {
            throw Invalid(value: value, reason: host.isEmpty ? "it names no host" : "it carries credentials")
        }
        // RFC 3986 characters only (SARIF's `helpUri` is a `uri`): ASCII letters, digits and
        // -._~:/@!$&'()*+,;=%, with every % starting a two-digit escape. An address in another
        // script is written in its encoded form (xn--…, %E2%80%A6).
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/@!$&'()*+,;=%".unicodeScalars)
        if let bad = value.unicodeScalars.first(where: { !allowed.contains($0) }) {
            throw Invalid(value: value, reason: bad.isASCII && bad.value > 0x20 && bad.value < 0x7F
                ? "it holds `\(Character(bad))`, which a URI does not (percent-encode it)"
                : "it holds a space, a control character or a character outside ASCII (use the encoded form)")
        }
        let bytes = Array(value.utf8)
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "%") {
            guard i + 2 < bytes.count, Self.isHex(bytes[i + 1]), Self.isHex(bytes[i + 2]) else {
                throw Invalid(value: value, reason: "a % is not followed by two hex digits")
            }
        }
        if value.contains("?") || value.contains("#") {
            throw Invalid(value: value, reason: "it has a query or fragment (the link adds the page and the code's anchor)")
        }
        base = value.hasSuffix("/") ? value : value + "/"
    }

    static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// From the environment: nil when unset or empty.
    public static func from(environment: [String: String]) throws(Invalid) -> DocsLink? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return try DocsLink(value)
    }

    /// The page that explains a diagnostic code, at the code's anchor (`docs/diagnostics.md`
    /// gives each code an `id` of its own name).
    public func diagnostic(_ code: String) -> String { base + "diagnostics.md#" + Self.anchor(code) }

    /// The anchor of a code's row: its own name, or for a schema keyword's code (`schema.pattern`,
    /// not declared one by one) the row that explains them all (`schema.keyword`).
    static func anchor(_ code: String) -> String {
        if DiagnosticMeanings.table[code] != nil { return code }
        return code.hasPrefix("schema.") ? "schema.keyword" : code
    }

    /// A page of the docs folder (`compliance.md`), with an optional anchor.
    public func page(_ name: String, anchor: String? = nil) -> String { base + name + (anchor.map { "#" + $0 } ?? "") }
}
