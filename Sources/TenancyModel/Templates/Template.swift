import TenancyDiagnostics
import TenancyYAML

/// A workspace template: defaults a workspace inherits and rules it may not weaken. A profile is
/// a template of rules only (`spec.profile: true`), named in a workspace's `profiles` beside its
/// template: `soc2`, `gdpr`. The rules of a workspace's template and of its profiles add up.
package struct Template: Sendable {
    package let name: String
    package let description: String?
    /// `spec.defaults`: sections in the workspace's shape.
    package let defaults: Node?
    package let rules: [TemplateRule]
    package let manifest: Manifest
    /// Shipped with Tenancy (from `templates/`) rather than defined in the configuration.
    package let builtIn: Bool
    /// A profile: rules for `spec.profiles`, no defaults.
    package let isProfile: Bool
    /// `spec.visibility`: whether the template is offered to every organization (`public`) or
    /// only to its own (`private`, the default).
    package let visibility: Visibility

    package enum Visibility: String, Sendable {
        case `public`, `private`
    }

    /// "template" or "profile", for messages.
    package var noun: String { isProfile ? "profile" : "template" }
}

/// A template or profile whose rules a workspace must satisfy, and the node that names it (the
/// workspace's `template:` line, an item of its `profiles`, or the organization's default).
package struct RuleSource: Sendable {
    package let template: Template
    package let node: Node
    /// Named in `spec.profiles` (else it is the workspace's template).
    package let asProfile: Bool

    /// Whether the template is of the kind it is named as (a profile among the profiles).
    package var isWellFormed: Bool { asProfile == template.isProfile }
}

/// One enforced rule: `field` must equal, lie within, be one of, include, exclude or be drawn
/// from given values, or merely be set; only `when` a condition holds; as an error (mandatory)
/// or a warning (advisory). Rules are data: `RuleEvaluation` decides them, `TemplateEnforcement`
/// turns failures into diagnostics and the compliance report into evidence.
package struct TemplateRule: Sendable {
    /// A bound of `min` / `max`: a value in the field's unit, or another field of the same
    /// workspace (`max: {field: retention.gdpr.erasureWindow}`).
    package enum Bound: Sendable, CustomStringConvertible {
        case duration(TimeSpan)
        case size(ByteSize)
        case number(Double)
        case field([String])

        package var description: String {
            switch self {
            case let .duration(d): return d.description
            case let .size(s): return s.description
            case let .number(n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
            case let .field(path): return path.joined(separator: ".")
            }
        }

        /// Parses a bound as the field's value would be parsed; nil if it is not a number,
        /// duration, size or `{field: path}`.
        static func parse(_ node: Node) -> Bound? {
            if node.isMapping {
                guard let path = node["field"]?.string, TemplateRule.isPath(path) else { return nil }
                return .field(path.split(separator: ".").map(String.init))
            }
            if let number = node.double, node.scalarType == .int || node.scalarType == .float { return .number(number) }
            guard let text = node.string else { return nil }
            if let duration = TimeSpan(text) { return .duration(duration) }
            if let size = ByteSize(text) { return .size(size) }
            return nil
        }

        /// A value read as this bound's unit (a bound in another field takes the unit of its value).
        func value(of node: Node) -> Bound? {
            switch self {
            case .duration: return node.string.flatMap(TimeSpan.init).map(Bound.duration)
            case .size: return node.string.flatMap(ByteSize.init).map(Bound.size)
            case .number:
                guard node.scalarType == .int || node.scalarType == .float, let n = node.double else { return nil }
                return .number(n)
            case .field: return Bound.parse(node).flatMap { if case .field = $0 { return nil } else { return $0 } }
            }
        }

        /// Whether `self` is at least `other` (both of one unit); nil when the units differ. Years
        /// are calendar years: `2192d` is at least `6y`, `2191d` is not.
        func isAtLeast(_ other: Bound) -> Bool? {
            switch (self, other) {
            case let (.duration(a), .duration(b)): return a.isAtLeast(b)
            case let (.size(a), .size(b)): return a.bytes >= b.bytes
            case let (.number(a), .number(b)): return a >= b
            default: return nil
            }
        }
    }

    /// `when`: the rule applies only when `field` is set (and, with `equals`, has that value).
    package struct Condition: Sendable {
        package let field: [String]
        package let equals: Node?

        package var description: String {
            let path = field.joined(separator: ".")
            guard let equals else { return "when \(path) is set" }
            return "when \(path) = \(TemplateRule.text(of: equals))"
        }
    }

    package enum Enforcement: String, Sendable {
        /// A failure is an error: the configuration cannot be applied.
        case mandatory
        /// A failure is a warning.
        case advisory
    }

    /// The rule's name within its template (`idle-timeout`), stable for reports and SARIF.
    package let id: String
    /// The template or profile that holds the rule.
    package let template: String
    package let field: [String]
    package var fieldPath: String { field.joined(separator: ".") }
    package let equals: Node?
    package let oneOf: [Node]?
    package let minimum: Bound?
    package let maximum: Bound?
    /// Set rules over a list, order-insensitive: it must hold every one of `includes`, none of
    /// `excludes`, and nothing outside `subsetOf`.
    package let includes: [Node]?
    package let excludes: [Node]?
    package let subsetOf: [Node]?
    /// `present: true`: the field must be set (any value).
    package let present: Bool
    package let when: Condition?
    package let enforcement: Enforcement
    package let source: String
    package let reason: String?
    /// The rule in its template, for "rule defined at" details.
    package let node: Node

    /// `healthcare/idle-timeout`: unique among all templates.
    package var qualifiedID: String { "\(template)/\(id)" }

    /// The constraint in words: `≤ 15m`, `= true`, `one of 1.2, 1.3`, `includes production`.
    package var requirement: String {
        var parts: [String] = []
        if let equals { parts.append("= \(Self.text(of: equals))") }
        if let oneOf { parts.append("one of " + oneOf.map(Self.text(of:)).joined(separator: ", ")) }
        // Bounds as the template writes them (`28d`, not the canonical `4w`).
        if let minimum { parts.append("≥ \(node["min"]?.string ?? minimum.description)") }
        if let maximum { parts.append("≤ \(node["max"]?.string ?? maximum.description)") }
        if let includes { parts.append("includes " + includes.map(Self.text(of:)).joined(separator: ", ")) }
        if let excludes { parts.append("excludes " + excludes.map(Self.text(of:)).joined(separator: ", ")) }
        if let subsetOf { parts.append("only " + subsetOf.map(Self.text(of:)).joined(separator: ", ")) }
        if present && parts.isEmpty { parts.append("set") }
        var text = parts.joined(separator: " and ")
        if let when { text += " (\(when.description))" }
        return text
    }

    /// A value in a message: scalars as written, collections by their shape.
    package static func text(of node: Node) -> String {
        if node.isScalar { return node.string ?? "" }
        if node.isSequence { return "[" + node.items.map(text(of:)).joined(separator: ", ") + "]" }
        return "a mapping"
    }

    static func isPath(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLetter }
        }
    }
}
