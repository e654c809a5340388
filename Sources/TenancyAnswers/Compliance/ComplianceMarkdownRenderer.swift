import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy compliance --format markdown`: for a pull-request comment or an audit folder. A
/// summary table of the frameworks, then per framework its controls against its workspaces, then
/// every failing rule with the line to change.
package enum ComplianceMarkdownRenderer {
    package static func render(_ report: ComplianceReport) -> String {
        var out = "### Compliance\n\n_\(cell(report.basis.line))_\n\n"
        out += "| Framework | Workspaces | Score | Pass | Fail | Manual | N/A |\n|---|---|---|---|---|---|---|\n"
        for f in report.frameworks {
            out += "| \(cell(f.framework.title)) (`\(f.framework.id)`) | \(f.workspaces.count) | \(f.scoreText) | \(f.count(.pass)) | "
                + "\(f.count(.fail)) | \(f.count(.manual)) | \(f.count(.notApplicable)) |\n"
        }
        for f in report.frameworks where !f.workspaces.isEmpty {
            out += "\n#### \(cell(f.framework.title)) · \(cell(f.framework.version))\n\n"
            out += "| Control | Title | " + f.workspaces.map(cell).joined(separator: " | ") + " |\n"
            out += "|---|---|" + String(repeating: "---|", count: f.workspaces.count) + "\n"
            for control in f.controls {
                out += "| \(cell(control.control.id)) | \(cell(control.control.title)) | "
                    + control.findings.map { badge($0.status) }.joined(separator: " | ") + " |\n"
            }
            let failing = f.controls.flatMap { control in
                control.findings.flatMap { finding in
                    finding.evidence.filter { $0.outcome.status == .fail }.map { (control.control, finding.workspace, $0) }
                }
            }
            if !failing.isEmpty {
                out += "\n**Failing**\n\n"
                for (control, workspace, evidence) in failing {
                    let rule = evidence.rule
                    let place = "\(evidence.location.filename):\(evidence.location.start.line)"
                    out += "- \(cell(control.id)) · **\(cell(workspace))**: `spec.\(rule.fieldPath)` is \(cell(evidence.outcome.valueText)), "
                        + "\(rule.enforcement == .mandatory ? "required" : "advised") \(cell(rule.requirement)) (\(cell(rule.source))) · \(cell(place))\n"
                }
            }
            let manual = f.controls.filter { $0.control.manual != nil }
            if !manual.isEmpty {
                out += "\n<details><summary>Checked by a person (\(manual.count))</summary>\n\n"
                for control in manual { out += "- \(cell(control.control.id)): \(cell(control.control.manual ?? ""))\n" }
                out += "\n</details>\n"
            }
        }
        return out
    }

    static func badge(_ status: ComplianceReport.Status) -> String {
        switch status {
        case .pass: return "✅ pass"
        case .fail: return "❌ fail"
        case .manual: return "📝 manual"
        case .notApplicable: return "➖ n/a"
        }
    }

    /// Text safe in a table cell and in Markdown: HTML's characters as entities (as the plan's
    /// comment does), then Markdown's active characters and the cell separator escaped.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in PlanMarkdownRenderer.html(text) {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            case "*", "_", "`", "[", "]", "\\": out += "\\\(character)"
            default: out.append(character)
            }
        }
        return out
    }
}
