import TenancyDiagnostics
import TenancyYAML

/// A workspace template: defaults a workspace inherits and rules it may not weaken.
public struct Template: Sendable {
    public let name: String
    public let description: String?
    /// `spec.defaults`: sections in the workspace's shape.
    public let defaults: Node?
    public let rules: [TemplateRule]
    public let manifest: Manifest
    /// Shipped with Tenancy (from `templates/`) rather than defined in the configuration.
    public let builtIn: Bool
}

/// One enforced rule: `field` must equal, lie within, or be one of given values.
public struct TemplateRule: Sendable {
    public enum Bound: Sendable, CustomStringConvertible {
        case duration(TimeSpan)
        case size(ByteSize)
        case number(Double)

        public var description: String {
            switch self {
            case let .duration(d): return d.description
            case let .size(s): return s.description
            case let .number(n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
            }
        }

        /// Parses a bound as the field's value would be parsed; nil if it is not a number,
        /// duration or size.
        static func parse(_ node: Node) -> Bound? {
            if let number = node.double, node.scalarType == .int || node.scalarType == .float { return .number(number) }
            guard let text = node.string else { return nil }
            if let duration = TimeSpan(text) { return .duration(duration) }
            if let size = ByteSize(text) { return .size(size) }
            return nil
        }

        /// Orders `value` against this bound: negative below, 0 equal, positive above; nil when
        /// the value is not of the bound's unit.
        func compare(_ value: Node) -> Int? {
            switch self {
            case let .duration(bound):
                guard let text = value.string, let d = TimeSpan(text) else { return nil }
                return d.seconds < bound.seconds ? -1 : (d.seconds == bound.seconds ? 0 : 1)
            case let .size(bound):
                guard let text = value.string, let s = ByteSize(text) else { return nil }
                return s.bytes < bound.bytes ? -1 : (s.bytes == bound.bytes ? 0 : 1)
            case let .number(bound):
                guard let n = value.double else { return nil }
                return n < bound ? -1 : (n == bound ? 0 : 1)
            }
        }
    }

    public let field: [String]
    public var fieldPath: String { field.joined(separator: ".") }
    public let equals: Node?
    public let oneOf: [Node]?
    public let minimum: Bound?
    public let maximum: Bound?
    public let source: String
    public let reason: String?
    /// The rule in its template, for "rule defined at" details.
    public let node: Node

    /// The constraint in words: `≤ 15m`, `= true`, `one of 1.2, 1.3`.
    public var requirement: String {
        var parts: [String] = []
        if let equals { parts.append("= \(equals.string ?? "the template's value")") }
        if let oneOf { parts.append("one of " + oneOf.map { $0.string ?? "?" }.joined(separator: ", ")) }
        if let minimum { parts.append("≥ \(minimum)") }
        if let maximum { parts.append("≤ \(maximum)") }
        return parts.joined(separator: " and ")
    }
}
