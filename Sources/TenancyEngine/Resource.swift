import TenancyModel

/// One object the platform holds, as Tenancy wants it (desired) or last applied it (state):
/// canonical attributes, the addresses it depends on, and digests of its secrets.
public struct Resource: Sendable, Hashable {
    public let address: Address
    /// `{"metadata": {…}, "spec": {…}}`, canonical: units printed canonically, sets sorted,
    /// template defaults merged in, secrets as references only.
    public var attributes: JSON
    /// Addresses of the resources this one refers to, sorted; they are created before it and
    /// deleted after it.
    public var dependencies: [String]
    /// SHA-256 of each secret's value, by attribute path (`spec.slack.webhook`). A rotated secret
    /// changes its digest, and so shows as a change, without the value ever being stored.
    public var secretDigests: [String: String]

    public init(address: Address, attributes: JSON, dependencies: [String] = [], secretDigests: [String: String] = [:]) {
        self.address = address
        self.attributes = attributes
        self.dependencies = dependencies
        self.secretDigests = secretDigests
    }

    /// `metadata.previousNames`: names under which this resource may already exist in state.
    public var previousNames: [String] {
        attributes["metadata"]?["previousNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A workspace with `spec.protected: true` is never deleted by Tenancy.
    public var isProtected: Bool { attributes["spec"]?["protected"]?.boolValue == true }
}
