import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// `tenancy compliance --format sarif`: SARIF 2.1.0 for code scanning. One reporting rule per
/// template rule (its requirement, reason, source and the controls it shows), one result per rule
/// that fails on a workspace, located at the line a person changes, with a fingerprint that stays
/// the same when lines move (the rule and the workspace). Checked against the official schema.
package enum ComplianceSARIFRenderer {
    package static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// `root`: where file names are relative to (`%SRCROOT%`, the repository's top level).
    /// `docs`: where rules link for help (docs/compliance.md's citations), when the organization says.
    package static func render(_ report: ComplianceReport, toolVersion: String, root: ReportRoot? = nil, docs: DocsLink? = nil) -> JSON {
        // The rules of every control reported, each once, with the controls it shows.
        var controls: [String: [String]] = [:]
        var rules: [String: TemplateRule] = [:]
        var failures: [(rule: TemplateRule, workspace: String, evidence: ComplianceReport.Evidence)] = []
        var seen = Set<String>()
        for framework in report.frameworks {
            for control in framework.controls {
                for finding in control.findings {
                    for evidence in finding.evidence {
                        let id = evidence.rule.qualifiedID
                        rules[id] = evidence.rule
                        let name = "\(framework.framework.id) \(control.control.id)"
                        if !(controls[id] ?? []).contains(name) { controls[id, default: []].append(name) }
                        if evidence.outcome.status == .fail, seen.insert(id + "\u{0}" + finding.workspace).inserted {
                            failures.append((evidence.rule, finding.workspace, evidence))
                        }
                    }
                }
            }
        }
        let ids = rules.keys.sorted()
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let descriptors: [JSON] = ids.compactMap { id in
            guard let rule = rules[id] else { return nil }
            var descriptor: [String: JSON] = [
                "id": .string(id),
                "name": .string(name(of: rule)),
                "shortDescription": .object(["text": .string("spec.\(rule.fieldPath) \(rule.requirement)")]),
                "fullDescription": .object(["text": .string(rule.reason.map { "\($0) (\(rule.source))" } ?? rule.source)]),
                "help": .object(["text": .string("Set spec.\(rule.fieldPath) \(rule.requirement), as \(rule.template) requires (\(rule.source)).")]),
                "defaultConfiguration": .object(["level": .string(level(rule))]),
                "properties": .object([
                    "tags": .array((["compliance"] + Set((controls[id] ?? []).map { String($0.prefix { $0 != " " }) }).sorted()).map(JSON.string)),
                    "controls": .array((controls[id] ?? []).map(JSON.string)),
                    "source": .string(rule.source),
                ]),
            ]
            if let docs { descriptor["helpUri"] = .string(docs.page("compliance.md", anchor: "citations-in-the-built-in-templates")) }
            return .object(descriptor)
        }
        failures.sort { ($0.workspace, $0.rule.qualifiedID) < ($1.workspace, $1.rule.qualifiedID) }
        let results: [JSON] = failures.map { failure in
            let rule = failure.rule, evidence = failure.evidence
            let setting = evidence.outcome.value.map { "the effective value is \(TemplateRule.text(of: $0))" } ?? "it is not set"
            let message = "Workspace \(failure.workspace): \(rule.template) \(rule.enforcement == .mandatory ? "requires" : "advises") "
                + "spec.\(rule.fieldPath) \(rule.requirement) (\(rule.source)); \(setting). "
                + "Controls: \((controls[rule.qualifiedID] ?? []).joined(separator: ", "))."
            return .object([
                "ruleId": .string(rule.qualifiedID),
                "ruleIndex": .int(index[rule.qualifiedID] ?? 0),
                "level": .string(level(rule)),
                "message": .object(["text": .string(message)]),
                "locations": .array([location(evidence.location, root: root)]),
                "partialFingerprints": .object([
                    "tenancyFinding/v1": .string(SHA256.hex(Array("\(rule.qualifiedID)\u{0}\(failure.workspace)".utf8))),
                ]),
                "properties": .object(["workspace": .string(failure.workspace), "field": .string("spec." + rule.fieldPath)]),
            ])
        }
        var properties: [String: JSON] = ["configurationDigest": .string(report.basis.configurationDigest)]
        if let serial = report.basis.serial { properties["stateSerial"] = .int(serial) }
        if let head = report.basis.auditHead { properties["auditHead"] = .string(head) }
        properties["checkoutIsApplied"] = .bool(report.basis.applied == .matches)
        var run: [String: JSON] = [:]
        if let root { run["originalUriBaseIds"] = .object([SARIF.sourceRoot: .object(["uri": .string(root.uri)])]) }
        return .object([
            "$schema": .string(schemaURI),
            "version": .string("2.1.0"),
            "runs": .array([.object(run.merging([
                // Code scanning keeps one analysis per category (the id's part before its last
                // `/`): validate's and each selection of frameworks' uploads stand side by side,
                // none replacing another.
                "automationDetails": .object(["id": .string(Self.automationID(report.frameworks.map(\.framework.id)))]),
                "tool": .object(["driver": .object([
                    "name": .string("tenancy"),
                    "version": .string(toolVersion),
                    "semanticVersion": .string(toolVersion),
                    "rules": .array(descriptors),
                ])]),
                "columnKind": .string("unicodeCodePoints"),
                "results": .array(results),
                "properties": .object(properties),
            ]) { $1 })]),
        ])
    }

    /// The log of a run that could not evaluate anything (a configuration with errors): a valid
    /// SARIF document with no results and the problems as tool execution notifications, so that an
    /// upload to code scanning shows the failure instead of refusing an empty file.
    package static func error(_ problems: [String], frameworks: [String], toolVersion: String) -> String {
        SARIF.errorLog(automationID: automationID(frameworks), problems: problems, toolVersion: toolVersion)
    }

    /// `tenancy/compliance-hipaa+pci-dss/`: the category is the frameworks evaluated, sorted.
    package static func automationID(_ frameworks: [String]) -> String {
        "tenancy/compliance-" + (frameworks.isEmpty ? "none" : frameworks.sorted().joined(separator: "+")) + "/"
    }

    static func level(_ rule: TemplateRule) -> String { rule.enforcement == .mandatory ? "error" : "warning" }

    /// `HealthcareIdleLogoff`: a SARIF rule name is one identifier-like word.
    static func name(of rule: TemplateRule) -> String { SARIF.ruleName(rule.template + "-" + rule.id) }

    /// The shared SARIF location of `range`, as JSON.
    static func location(_ range: SourceRange, root: ReportRoot? = nil) -> JSON {
        let location = SARIF.location(range, root: root), region = location.physicalLocation.region
        var artifact: [String: JSON] = ["uri": .string(location.physicalLocation.artifactLocation.uri)]
        if let base = location.physicalLocation.artifactLocation.uriBaseId { artifact["uriBaseId"] = .string(base) }
        return .object(["physicalLocation": .object([
            "artifactLocation": .object(artifact),
            "region": .object([
                "startLine": .int(region.startLine), "startColumn": .int(region.startColumn),
                "endLine": .int(region.endLine), "endColumn": .int(region.endColumn),
            ]),
        ])])
    }
}
