import TenancyDiagnostics
import TenancySchema
import TenancyYAML

/// Checks every workspace against the rules of its template, on its effective settings (its own
/// values over the template's defaults). A violated rule cites its source, e.g.
/// `healthcare requires policy.sessionTimeout.idle ≤ 15m (HIPAA 45 CFR 164.312(a)(2)(iii)); this workspace sets 30m`.
enum TemplateEnforcement {
    static func check(_ workspace: Manifest, effective: LayeredNode, in configuration: Configuration,
                      into diagnostics: inout Diagnostics) {
        guard let (name, templateNode) = configuration.templateName(for: workspace),
              let template = configuration.templates[name] else { return }
        check(workspace, effective: effective, template: template, templateNode: templateNode, into: &diagnostics)
    }

    /// The same with the template known (a workspace checked before the configuration is complete).
    static func check(_ workspace: Manifest, effective: LayeredNode, template: Template, templateNode: Node,
                      into diagnostics: inout Diagnostics) {
        for rule in template.rules {
            check(rule, of: template, workspace: workspace, templateNode: templateNode, effective: effective, into: &diagnostics)
        }
    }

    private static func check(_ rule: TemplateRule, of template: Template, workspace: Manifest, templateNode: Node,
                              effective: LayeredNode, into diagnostics: inout Diagnostics) {
        let found = effective.lookup(rule.field)
        var broken = false
        if let value = found?.node {
            if let equals = rule.equals, !JSONEquality.equal(value, equals) { broken = true }
            if let oneOf = rule.oneOf, !oneOf.contains(where: { JSONEquality.equal(value, $0) }) { broken = true }
            if let minimum = rule.minimum {
                if let order = minimum.compare(value) { if order < 0 { broken = true } } else { broken = true }
            }
            if let maximum = rule.maximum {
                if let order = maximum.compare(value) { if order > 0 { broken = true } } else { broken = true }
            }
        } else {
            broken = true
        }
        guard broken else { return }
        let setting: String
        let range: SourceRange
        if let (value, own) = found {
            let text = value.isScalar ? (value.string ?? "") : (value.isSequence ? "a list" : "a mapping")
            setting = own ? "this workspace sets \(text)" : "the effective value is \(text)"
            range = own ? value.range : templateNode.range
        } else {
            setting = "this workspace does not set it"
            range = templateNode.range
        }
        var detail = rule.reason.map { "The rule: \($0). " } ?? ""
        detail += "Template `\(template.name)` enforces it"
        if !template.builtIn {
            let r = rule.node.range
            detail += " (\(r.filename):\(r.start.line))"
        }
        detail += "; a workspace using the template may not weaken it."
        diagnostics.append(.error(
            .templateRule,
            "\(template.name) requires \(rule.fieldPath) \(rule.requirement) (\(rule.source)); \(setting)",
            detail: detail,
            hint: "set spec.\(rule.fieldPath) to satisfy the rule, or use a template that does not require it",
            range: range, path: "spec." + rule.fieldPath, address: workspace.address.description))
    }
}
