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
        if value.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" }) {
            throw Invalid(value: value, reason: "it holds a space, a quote or a control character")
        }
        if value.contains("?") || value.contains("#") {
            throw Invalid(value: value, reason: "it has a query or fragment (the link adds the page and the code's anchor)")
        }
        base = value.hasSuffix("/") ? value : value + "/"
    }

    /// From the environment: nil when unset or empty.
    public static func from(environment: [String: String]) throws(Invalid) -> DocsLink? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return try DocsLink(value)
    }

    /// The page that explains a diagnostic code, at the code's anchor (`docs/diagnostics.md`
    /// gives each code an `id` of its own name).
    public func diagnostic(_ code: String) -> String { base + "diagnostics.md#" + code }

    /// A page of the docs folder (`compliance.md`), with an optional anchor.
    public func page(_ name: String, anchor: String? = nil) -> String { base + name + (anchor.map { "#" + $0 } ?? "") }
}
