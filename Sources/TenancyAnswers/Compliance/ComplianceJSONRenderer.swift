import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyJSON

/// `tenancy compliance --format json`: the report as data, in the shape docs/compliance.md
/// documents (`format_version` 1; canonical, sorted keys).
package enum ComplianceJSONRenderer {
    package static func render(_ report: ComplianceReport) -> JSON {
        .object([
            "format_version": .int(1),
            "basis": basis(report.basis),
            "frameworks": .array(report.frameworks.map(framework)),
            "result": .string(report.worst == .clean ? "pass" : (report.worst == .advisory ? "advisory" : "fail")),
        ])
    }

    static func basis(_ basis: ComplianceBasis) -> JSON {
        let applied: String
        switch basis.applied {
        case .matches: applied = "matches"
        case .differs: applied = "differs"
        case .unrecorded: applied = "unrecorded"
        case .notApplied: applied = "not-applied"
        }
        return .object([
            "checkout": .string(applied),
            "configuration_digest": .string(basis.configurationDigest),
            "state": basis.serial.map { serial in
                .object(["serial": .int(serial), "lineage": basis.lineage.map(JSON.string) ?? .null])
            } ?? .null,
            "audit_head": basis.auditHead.map(JSON.string) ?? .null,
        ])
    }

    static func framework(_ result: ComplianceReport.FrameworkResult) -> JSON {
        let f = result.framework
        return .object([
            "id": .string(f.id), "title": .string(f.title), "version": .string(f.version),
            "scope": .array(f.scope.map(JSON.string)),
            "workspaces": .array(result.workspaces.map(JSON.string)),
            "score": result.score.map { .number(String(format: "%.4f", $0)) } ?? .null,
            "counts": .object(Dictionary(uniqueKeysWithValues: [ComplianceReport.Status.pass, .fail, .manual, .notApplicable].map {
                ($0.rawValue, JSON.int(result.count($0)))
            })),
            "controls": .array(result.controls.map(control)),
        ])
    }

    static func control(_ result: ComplianceReport.ControlResult) -> JSON {
        .object([
            "id": .string(result.control.id), "title": .string(result.control.title),
            "status": .string(result.status.rawValue),
            "rules": .array(result.control.rules.map(JSON.string)),
            "manual": result.control.manual.map(JSON.string) ?? .null,
            "workspaces": .array(result.findings.map { finding in
                .object([
                    "workspace": .string(finding.workspace), "status": .string(finding.status.rawValue),
                    "note": finding.note.map(JSON.string) ?? .null,
                    "evidence": .array(finding.evidence.map(evidence)),
                ])
            }),
        ])
    }

    static func evidence(_ evidence: ComplianceReport.Evidence) -> JSON {
        let rule = evidence.rule
        return .object([
            "rule": .string(rule.qualifiedID), "field": .string("spec." + rule.fieldPath),
            "requirement": .string(rule.requirement), "source": .string(rule.source),
            "reason": rule.reason.map(JSON.string) ?? .null, "enforcement": .string(rule.enforcement.rawValue),
            "status": .string(evidence.outcome.status.rawValue),
            "value": evidence.outcome.value.map { JSON.string(TemplateRule.text(of: $0)) } ?? .null,
            "why": evidence.outcome.why.map(JSON.string) ?? .null,
            "location": location(evidence.location),
            "inherited_from": evidence.inheritedFrom.map(location) ?? .null,
        ])
    }

    static func location(_ range: SourceRange) -> JSON {
        .object(["file": .string(range.filename), "line": .int(range.start.line), "column": .int(range.start.column)])
    }
}
