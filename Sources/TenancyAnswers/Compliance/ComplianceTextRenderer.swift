import TenancyDiagnostics
import TenancyModel
import TenancySupport

/// `tenancy compliance` for people: per framework its score, then each control with each
/// workspace's status and the evidence (the effective value, the rule, and file:line).
package enum ComplianceTextRenderer {
    package static func render(_ report: ComplianceReport) -> String {
        var out = "Compliance · \(report.basis.line)\n"
        for framework in report.frameworks {
            out += "\n" + heading(framework) + "\n"
            if framework.workspaces.isEmpty {
                out += "  no workspace uses \(framework.framework.scope.joined(separator: " or ")): nothing to report\n"
                continue
            }
            for control in framework.controls {
                out += "\n  \(label(control.status).padding(toLength: 7, withPad: " ", startingAt: 0)) "
                    + "\(Terminal.escaped(control.control.id))  \(Terminal.escaped(control.control.title))\n"
                for finding in control.findings { out += lines(finding) }
            }
        }
        return out
    }

    /// `hipaa · HIPAA Security Rule (45 CFR Part 164, Subpart C) · 1 workspace · score 100% (7 pass, 0 fail, 2 manual)`
    static func heading(_ framework: ComplianceReport.FrameworkResult) -> String {
        let f = framework.framework
        var counts = ["\(Format.grouped(framework.count(.pass))) pass", "\(Format.grouped(framework.count(.fail))) fail",
                      "\(Format.grouped(framework.count(.manual))) manual"]
        let skipped = framework.count(.notApplicable)
        if skipped > 0 { counts.append("\(Format.grouped(skipped)) not applicable") }
        return "\(f.id) · \(Terminal.escaped(f.title)) (\(Terminal.escaped(f.version))) · \(Format.count(framework.workspaces.count, "workspace"))"
            + " · score \(framework.scoreText) (\(counts.joined(separator: ", ")))"
    }

    static func label(_ status: ComplianceReport.Status) -> String {
        switch status {
        case .pass: return "PASS"
        case .fail: return "FAIL"
        case .manual: return "MANUAL"
        case .notApplicable: return "N/A"
        }
    }

    /// A workspace's lines under a control: its status, then one line per rule.
    static func lines(_ finding: ComplianceReport.Finding) -> String {
        let indent = "          "
        var out = "\(indent)\(Terminal.escaped(finding.workspace)): \(finding.status.rawValue)"
        if let note = finding.note { out += " (\(Terminal.escaped(note)))" }
        out += "\n"
        for evidence in finding.evidence { out += "\(indent)  " + Terminal.escaped(evidenceLine(evidence)) + "\n" }
        return out
    }

    /// `✗ policy.sessionTimeout.idle is 45m, wants ≤ 15m (HIPAA 45 CFR 164.312(a)(2)(iii)) at workspaces/clinic.yaml:12:13`
    static func evidenceLine(_ evidence: ComplianceReport.Evidence) -> String {
        let rule = evidence.rule
        let mark: String
        switch evidence.outcome.status {
        case .pass: mark = "ok"
        case .fail: mark = rule.enforcement == .mandatory ? "FAILS" : "WARNS"
        case .notApplicable: mark = "n/a"
        }
        var text = "\(mark) \(rule.fieldPath) \(evidence.outcome.valueText)"
        if evidence.outcome.status == .fail, let why = evidence.outcome.why, why != "is \(evidence.outcome.valueText)", why != "not set" {
            text += " (\(why))"
        }
        if evidence.outcome.status == .notApplicable, let why = evidence.outcome.why { text += " (\(why))" }
        text += ", wants \(rule.requirement) [\(rule.qualifiedID), \(rule.source)]"
        text += " at " + place(evidence.location)
        if let inherited = evidence.inheritedFrom { text += ", value from " + place(inherited) }
        return text
    }

    static func place(_ range: SourceRange) -> String { "\(range.filename):\(range.start.line):\(range.start.column)" }
}
