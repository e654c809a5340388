import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyYAML

/// Builds a compliance report: for each framework, the workspaces in its scope (their template or
/// a profile is in the catalog's `scope`), and for each control the status of each of them,
/// decided by the same `RuleEvaluation` that validate and plan use.
package enum ComplianceEvaluation {
    /// `workspaces` empty: every workspace of the configuration.
    package static func report(_ configuration: Configuration, frameworks: [ComplianceFramework], workspaces: [String],
                              basis: ComplianceBasis) -> ComplianceReport {
        let chosen = Set(workspaces)
        let manifests = configuration.all(.workspace).filter { chosen.isEmpty || chosen.contains($0.name) }
        // Each workspace's sources and effective settings once, for every framework.
        let prepared = Parallel.map(manifests.count) { i -> Prepared in
            let manifest = manifests[i]
            let sources = configuration.ruleSources(for: manifest).filter(\.isWellFormed)
            return Prepared(manifest: manifest, sources: sources, effective: configuration.effective(manifest))
        }
        // Every rule by `template/id`, once for all frameworks.
        let rules = Dictionary(configuration.templates.values.flatMap { $0.rules.map { ($0.qualifiedID, $0) } },
                               uniquingKeysWith: { first, _ in first })
        let results = frameworks.map { framework in result(framework, prepared, rules: rules) }
        return ComplianceReport(frameworks: results, basis: basis)
    }

    private struct Prepared: Sendable {
        let manifest: Manifest
        let sources: [RuleSource]
        let effective: LayeredNode

        var templateNames: Set<String> { Set(sources.map(\.template.name)) }
    }

    private static func result(_ framework: ComplianceFramework, _ prepared: [Prepared],
                               rules: [String: TemplateRule]) -> ComplianceReport.FrameworkResult {
        let scope = Set(framework.scope)
        let inScope = prepared.filter { !$0.templateNames.isDisjoint(with: scope) }
            .sorted { $0.manifest.name.utf8.lexicographicallyPrecedes($1.manifest.name.utf8) }
        let controls = framework.controls.map { control in
            ComplianceReport.ControlResult(control: control, findings: inScope.map { finding(control, rules: rules, $0) })
        }
        return ComplianceReport.FrameworkResult(framework: framework, workspaces: inScope.map(\.manifest.name), controls: controls)
    }

    private static func finding(_ control: ComplianceFramework.Control, rules: [String: TemplateRule],
                                _ workspace: Prepared) -> ComplianceReport.Finding {
        let name = workspace.manifest.name
        var evidence: [ComplianceReport.Evidence] = []
        for id in control.rules {
            guard let rule = rules[id], let source = workspace.sources.first(where: { $0.template.name == rule.template }) else { continue }
            let outcome = RuleEvaluation.evaluate(rule, workspace.effective)
            let location: SourceRange
            var inherited: SourceRange?
            if let value = outcome.value, outcome.own {
                location = value.range
            } else {
                location = source.node.range
                inherited = outcome.value?.range
            }
            evidence.append(ComplianceReport.Evidence(rule: rule, outcome: outcome, location: location, inheritedFrom: inherited))
        }
        if control.rules.isEmpty {
            return .init(workspace: name, status: .manual, evidence: [], note: control.manual)
        }
        if evidence.isEmpty {
            // The control's rules belong to templates of the scope this workspace does not use.
            if let manual = control.manual { return .init(workspace: name, status: .manual, evidence: [], note: manual) }
            return .init(workspace: name, status: .notApplicable, evidence: [],
                         note: "its rules are of \(Set(control.rules.map { String($0.prefix { $0 != "/" }) }).sorted().joined(separator: ", ")), which this workspace does not use")
        }
        if evidence.contains(where: { $0.outcome.status == .fail }) {
            return .init(workspace: name, status: .fail, evidence: evidence, note: nil)
        }
        if evidence.allSatisfy({ $0.outcome.status == .notApplicable }) {
            return .init(workspace: name, status: .notApplicable, evidence: evidence,
                         note: evidence.compactMap(\.outcome.why).first.map { "the rules' condition does not hold: \($0)" })
        }
        if let manual = control.manual { return .init(workspace: name, status: .manual, evidence: evidence, note: manual) }
        return .init(workspace: name, status: .pass, evidence: evidence, note: nil)
    }
}
