import TenancyDiagnostics
import TenancySchema
import TenancyYAML

/// Checks every workspace against the rules of its template and profiles, on its effective
/// settings (its own values over the template's defaults). A failed mandatory rule is an error, an
/// advisory one a warning, and each cites its source, e.g.
/// `healthcare requires policy.sessionTimeout.idle ≤ 15m (HIPAA 45 CFR 164.312(a)(2)(iii)); this workspace sets 30m`.
/// Rules of different templates that no value can satisfy together are reported as a conflict.
enum TemplateEnforcement {
    static func check(_ workspace: Manifest, effective: LayeredNode, in configuration: Configuration,
                      into diagnostics: inout Diagnostics) {
        check(workspace, effective: effective, sources: configuration.ruleSources(for: workspace), into: &diagnostics)
    }

    /// The same with the templates known (a workspace checked before the configuration is complete).
    static func check(_ workspace: Manifest, effective: LayeredNode, sources: [RuleSource], into diagnostics: inout Diagnostics) {
        for source in sources {
            guard source.isWellFormed else {
                diagnostics.append(kindMismatch(source, workspace: workspace))
                continue
            }
            for rule in source.template.rules {
                let outcome = RuleEvaluation.evaluate(rule, effective)
                guard outcome.status == .fail else { continue }
                diagnostics.append(diagnostic(rule, outcome, of: source, workspace: workspace))
            }
        }
        checkConflicts(workspace, sources: sources, into: &diagnostics)
    }

    /// A profile named as the template, or a template named among the profiles.
    private static func kindMismatch(_ source: RuleSource, workspace: Manifest) -> Diagnostic {
        let name = source.template.name
        if source.asProfile {
            return .error(.templateKind, "`\(name)` is a template, not a profile",
                          detail: "spec.profiles names rule sets (soc2, gdpr) that add to the template's rules; a template's defaults cannot be layered.",
                          hint: "make it the workspace's spec.template, or name a profile (tenancy templates list shows which are)",
                          range: source.node.range, path: "spec.profiles", address: workspace.address.description)
        }
        return .error(.templateKind, "`\(name)` is a profile, not a template",
                      detail: "A profile holds rules only; a workspace's template gives it defaults as well.",
                      hint: "name it in spec.profiles, and choose a template (for example enterprise-starter)",
                      range: source.node.range, path: "spec.template", address: workspace.address.description)
    }

    private static func diagnostic(_ rule: TemplateRule, _ outcome: RuleOutcome, of source: RuleSource, workspace: Manifest) -> Diagnostic {
        let template = source.template
        let setting: String
        let range: SourceRange
        if let value = outcome.value {
            let text = TemplateRule.text(of: value)
            let why = outcome.why.map { $0 == "is \(text)" ? "" : " (\($0))" } ?? ""
            setting = (outcome.own ? "this workspace sets \(text)" : "the effective value is \(text)") + why
            range = outcome.own ? value.range : source.node.range
        } else {
            setting = "this workspace does not set it"
            range = source.node.range
        }
        var detail = rule.reason.map { "The rule: \($0). " } ?? ""
        detail += "\(template.isProfile ? "Profile" : "Template") `\(template.name)` \(rule.enforcement == .mandatory ? "enforces" : "advises") it"
        if !template.builtIn {
            let r = rule.node.range
            detail += " (\(r.filename):\(r.start.line))"
        }
        detail += rule.enforcement == .mandatory ? "; a workspace using the \(template.noun) may not weaken it." : "; it is advisory, a warning only."
        let verb = rule.enforcement == .mandatory ? "requires" : "advises"
        let summary = "\(template.name) \(verb) \(rule.fieldPath) \(rule.requirement) (\(rule.source)); \(setting)"
        let hint = "set spec.\(rule.fieldPath) to satisfy the rule, or use a \(template.noun) that does not require it"
        if rule.enforcement == .mandatory {
            return .error(.templateRule, summary, detail: detail, hint: hint, range: range, path: "spec." + rule.fieldPath,
                          address: workspace.address.description)
        }
        return .warning(.templateAdvice, summary, detail: detail, hint: hint, range: range, path: "spec." + rule.fieldPath,
                        address: workspace.address.description)
    }

    /// Rules of two different templates on one field that no value can satisfy together: the
    /// workspace cannot be valid whatever it sets, so say which two rules disagree.
    private static func checkConflicts(_ workspace: Manifest, sources: [RuleSource], into diagnostics: inout Diagnostics) {
        guard sources.count > 1 else { return }
        let rules = sources.flatMap { source in source.template.rules.map { (rule: $0, source: source) } }
        var byField: [String: [(rule: TemplateRule, source: RuleSource)]] = [:]
        for entry in rules where entry.rule.when == nil { byField[entry.rule.fieldPath, default: []].append(entry) }
        for field in byField.keys.sorted() {
            guard let entries = byField[field], entries.count > 1 else { continue }
            for i in entries.indices {
                for j in entries.indices where j > i && entries[i].rule.template != entries[j].rule.template {
                    guard let why = RuleConflict.between(entries[i].rule, entries[j].rule) else { continue }
                    let a = entries[i].rule, b = entries[j].rule
                    diagnostics.append(.error(
                        .templateConflict,
                        "rules conflict on \(field): \(a.template) requires \(a.requirement) (\(a.source)), \(b.template) requires \(b.requirement) (\(b.source))",
                        detail: "\(why.prefix(1).uppercased() + why.dropFirst()): no value satisfies both rules \(a.qualifiedID) and \(b.qualifiedID).",
                        hint: "drop one of the profiles, or use templates whose rules agree",
                        range: entries[j].source.node.range, path: "spec.profiles", address: workspace.address.description))
                }
            }
        }
    }
}

/// Whether two rules on one field can never both pass (conditions aside), and why.
enum RuleConflict {
    static func between(_ a: TemplateRule, _ b: TemplateRule) -> String? {
        for (x, y) in [(a, b), (b, a)] {
            if let equals = x.equals {
                if let other = y.equals, !JSONEquality.equal(equals, other) {
                    return "one wants \(TemplateRule.text(of: equals)), the other \(TemplateRule.text(of: other))"
                }
                if let oneOf = y.oneOf, !oneOf.contains(where: { JSONEquality.equal(equals, $0) }) {
                    return "\(TemplateRule.text(of: equals)) is not among \(oneOf.map(TemplateRule.text(of:)).joined(separator: ", "))"
                }
                if let minimum = y.minimum, let value = minimum.value(of: equals), value.isAtLeast(minimum) == false {
                    return "\(TemplateRule.text(of: equals)) is below \(minimum)"
                }
                if let maximum = y.maximum, let value = maximum.value(of: equals), maximum.isAtLeast(value) == false {
                    return "\(TemplateRule.text(of: equals)) is above \(maximum)"
                }
            }
            if let minimum = x.minimum, let maximum = y.maximum, maximum.isAtLeast(minimum) == false {
                return "the minimum \(minimum) is above the maximum \(maximum)"
            }
            if let oneOf = x.oneOf, let other = y.oneOf,
               !oneOf.contains(where: { value in other.contains { JSONEquality.equal(value, $0) } }) {
                return "the allowed values have none in common"
            }
            if let includes = x.includes {
                if let excluded = y.excludes?.first(where: { value in includes.contains { JSONEquality.equal(value, $0) } }) {
                    return "one requires \(TemplateRule.text(of: excluded)) in the list, the other forbids it"
                }
                if let allowed = y.subsetOf,
                   let outside = includes.first(where: { value in !allowed.contains { JSONEquality.equal(value, $0) } }) {
                    return "one requires \(TemplateRule.text(of: outside)) in the list, the other allows only \(allowed.map(TemplateRule.text(of:)).joined(separator: ", "))"
                }
            }
        }
        return nil
    }
}
