/// The kinds of manifest. The order is the dependency order of a fresh configuration: what
/// others refer to comes first.
package enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
    case project = "Project"
    case template = "Template"
    case organization = "Organization"
    case integration = "Integration"
    case role = "Role"
    case workspace = "Workspace"
    case team = "Team"
    case serviceAccount = "ServiceAccount"

    /// Position in the dependency order.
    package var rank: Int {
        switch self {
        case .project: return 0
        case .template: return 1
        case .organization: return 2
        case .integration: return 3
        case .role: return 4
        case .workspace: return 5
        case .team: return 6
        case .serviceAccount: return 7
        }
    }

    package static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }

    /// The schema file of the kind in `schema/`.
    package var schemaFile: String { rawValue.lowercased() + ".schema.json" }
}

/// Where a resource lives in state and in plans: `Workspace/engineering`.
package struct Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    package let kind: Kind
    package let name: String

    package init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    /// Whether `name` is one a manifest may have, as the schema's `name` says: a lowercase DNS
    /// label, `^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`. On the bytes (the usage decoder checks names
    /// in place, without making strings). Concrete rather than generic on purpose: a generic body
    /// crossing the module edge ran unspecialised in the usage reader's hot loop (callgrind, issue 22).
    package static func isName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (1...63).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        for index in bytes.indices {
            let b = bytes[index]
            guard alnum(b) || b == UInt8(ascii: "-") else { return false }
        }
        return alnum(bytes[bytes.startIndex]) && alnum(bytes[bytes.endIndex - 1])
    }

    package static func isName(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isName($0) }
    }

    /// Parses `Kind/name`; nil when the kind is unknown or the shape is wrong.
    package init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])), !parts[1].isEmpty else { return nil }
        self.init(kind, String(parts[1]))
    }

    package var description: String { "\(kind.rawValue)/\(name)" }

    package static func < (lhs: Address, rhs: Address) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}
