import TenancySchema
import TenancyYAML

/// What one rule says of one workspace's effective settings. Both the diagnostics of `validate`
/// and `plan` and the compliance report come from here, so the two can never disagree.
package struct RuleOutcome: Sendable {
    package enum Status: String, Sendable {
        case pass
        case fail
        /// The rule's `when` does not hold (or the field a bound refers to is not set).
        case notApplicable = "not-applicable"
    }

    package let status: Status
    /// The effective value, and whether the workspace sets it itself (else its template does).
    package let value: Node?
    package let own: Bool
    /// Why it failed, or why it does not apply: `contains sms`, `not set`.
    package let why: String?

    /// The value in words, for evidence: `30m`, `[webauthn, totp]`, `not set`.
    package var valueText: String { value.map(TemplateRule.text(of:)) ?? "not set" }
}

package enum RuleEvaluation {
    package static func evaluate(_ rule: TemplateRule, _ effective: LayeredNode) -> RuleOutcome {
        if let when = rule.when {
            guard let found = effective.lookup(when.field) else {
                return RuleOutcome(status: .notApplicable, value: nil, own: false, why: "\(when.field.joined(separator: ".")) is not set")
            }
            if let equals = when.equals, !JSONEquality.equal(found.node, equals) {
                return RuleOutcome(status: .notApplicable, value: nil, own: false,
                                   why: "\(when.field.joined(separator: ".")) is \(TemplateRule.text(of: found.node))")
            }
        }
        guard let (value, own) = effective.lookup(rule.field) else {
            return RuleOutcome(status: .fail, value: nil, own: false, why: "not set")
        }
        func fail(_ why: String) -> RuleOutcome { RuleOutcome(status: .fail, value: value, own: own, why: why) }
        if let equals = rule.equals, !JSONEquality.equal(value, equals) { return fail("is \(TemplateRule.text(of: value))") }
        if let oneOf = rule.oneOf, !oneOf.contains(where: { JSONEquality.equal(value, $0) }) {
            return fail("is \(TemplateRule.text(of: value))")
        }
        for (bound, atLeast) in [(rule.minimum, true), (rule.maximum, false)] {
            guard let bound else { continue }
            var limit = bound
            var limitText = ""
            if case let .field(path) = bound {
                guard let other = effective.lookup(path)?.node, let resolved = TemplateRule.Bound.parse(other) else {
                    return RuleOutcome(status: .notApplicable, value: value, own: own, why: "\(bound) is not set")
                }
                limit = resolved
                limitText = TemplateRule.text(of: other)
            }
            guard let measured = limit.value(of: value), let order = atLeast ? measured.isAtLeast(limit) : limit.isAtLeast(measured) else {
                return fail("is \(TemplateRule.text(of: value)), not a value of the rule's unit")
            }
            if !order {
                // Against another field, say what that field is.
                if case .field = bound { return fail("\(bound) is \(limitText)") }
                return fail("is \(TemplateRule.text(of: value))")
            }
        }
        if rule.includes != nil || rule.excludes != nil || rule.subsetOf != nil {
            guard value.isSequence else { return fail("is \(TemplateRule.text(of: value)), not a list") }
            let items = value.items
            func holds(_ wanted: Node) -> Bool { items.contains { JSONEquality.equal($0, wanted) } }
            if let missing = rule.includes?.filter({ !holds($0) }), !missing.isEmpty {
                return fail("lacks " + missing.map(TemplateRule.text(of:)).joined(separator: ", "))
            }
            if let found = rule.excludes?.filter(holds), !found.isEmpty {
                return fail("contains " + found.map(TemplateRule.text(of:)).joined(separator: ", "))
            }
            if let allowed = rule.subsetOf {
                let outside = items.filter { item in !allowed.contains { JSONEquality.equal(item, $0) } }
                if !outside.isEmpty { return fail("contains " + outside.map(TemplateRule.text(of:)).joined(separator: ", ")) }
            }
        }
        return RuleOutcome(status: .pass, value: value, own: own, why: nil)
    }
}
