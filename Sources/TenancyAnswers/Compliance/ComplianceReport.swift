import TenancyDiagnostics
import TenancyModel
import TenancyYAML

/// Per framework and control, each workspace's status with its evidence: the data every format
/// of `tenancy compliance` renders (docs/compliance.md).
package struct ComplianceReport: Sendable {
    package enum Status: String, Sendable, Comparable {
        case pass
        case fail
        /// A control no setting can show, or one whose rules pass but that needs a person's check.
        case manual
        /// The control's rules do not apply to the workspace (their conditions do not hold).
        case notApplicable = "not-applicable"

        /// Worst first, for summaries: fail, manual, pass, not applicable.
        private var rank: Int {
            switch self {
            case .fail: return 0
            case .manual: return 1
            case .pass: return 2
            case .notApplicable: return 3
            }
        }

        package static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    /// One rule's outcome on one workspace, and where it is written.
    package struct Evidence: Sendable {
        package let rule: TemplateRule
        package let outcome: RuleOutcome
        /// Where a person changes it: the workspace's own value, else the line that names the
        /// template or profile that gives it (in the workspace's file).
        package let location: SourceRange
        /// Where an inherited value is written (the template's defaults), when it is inherited.
        package let inheritedFrom: SourceRange?
    }

    /// A control's status on one workspace.
    package struct Finding: Sendable {
        package let workspace: String
        package let status: Status
        package let evidence: [Evidence]
        /// Why the status is manual or not applicable.
        package let note: String?

        /// Whether only advisory rules fail (a warning, not a failing control for the exit code).
        package var failsOnlyAdvisory: Bool {
            status == .fail && !evidence.contains { $0.outcome.status == .fail && $0.rule.enforcement == .mandatory }
        }
    }

    package struct ControlResult: Sendable {
        package let control: ComplianceFramework.Control
        package let findings: [Finding]

        /// The control's status over its workspaces: the worst of them.
        package var status: Status { findings.map(\.status).min() ?? .notApplicable }
    }

    package struct FrameworkResult: Sendable {
        package let framework: ComplianceFramework
        /// The workspaces in the framework's scope (by template or profile), in name order.
        package let workspaces: [String]
        package let controls: [ControlResult]

        package func count(_ status: Status) -> Int { controls.reduce(0) { $0 + $1.findings.filter { $0.status == status }.count } }

        /// Passing control-workspace pairs over the pairs that pass or fail (manual and not
        /// applicable ones are neither); nil when there are none.
        package var score: Double? {
            let pass = count(.pass), fail = count(.fail)
            return pass + fail == 0 ? nil : Double(pass) / Double(pass + fail)
        }

        /// `92%` (rounded down, so that a failing pair never shows 100%), or `-`.
        package var scoreText: String {
            guard let score else { return "-" }
            return "\(Int((score * 100).rounded(.down)))%"
        }
    }

    package let frameworks: [FrameworkResult]
    package let basis: ComplianceBasis

    /// 0 when nothing fails, 3 when only advisory rules fail, 4 when a mandatory rule fails
    /// (the exit-code table: a compliance control failing is 4, never 1).
    package var worst: Worst {
        let findings = frameworks.flatMap { $0.controls.flatMap(\.findings) }.filter { $0.status == .fail }
        if findings.isEmpty { return .clean }
        return findings.allSatisfy(\.failsOnlyAdvisory) ? .advisory : .failing
    }

    package enum Worst: Sendable { case clean, advisory, failing }
}

/// What a compliance report is evidence of: the checkout's configuration, and whether it is what
/// the state's serial was applied from (then the serial and the audit chain's head tie the report
/// to what was applied).
package struct ComplianceBasis: Sendable {
    package enum Applied: Sendable, Equatable {
        /// The checkout is what the state's serial was applied from.
        case matches
        /// The checkout differs from what was applied (a pull request, an unapplied edit).
        case differs
        /// The state records no configuration digest.
        case unrecorded
        /// Nothing has been applied.
        case notApplied
    }

    package let applied: Applied
    /// The checkout's files digest (what apply records).
    package let configurationDigest: String
    package let serial: Int?
    package let lineage: String?
    /// The hash of the last audit record, when it is the record of the stored serial.
    package let auditHead: String?

    package init(applied: Applied, configurationDigest: String, serial: Int?, lineage: String?, auditHead: String?) {
        self.applied = applied
        self.configurationDigest = configurationDigest
        self.serial = serial
        self.lineage = lineage
        self.auditHead = auditHead
    }

    /// One line for people.
    package var line: String {
        switch applied {
        case .matches:
            return "the checkout is what state serial \(serial ?? 0) was applied from" + (auditHead.map { " · audit head \($0.prefix(16))" } ?? "")
        case .differs:
            return "the checkout differs from what state serial \(serial ?? 0) was applied from: this is evidence of the checkout, not of what was applied"
        case .unrecorded:
            return "state serial \(serial ?? 0) does not record what it was applied from: this is evidence of the checkout"
        case .notApplied:
            return "nothing has been applied: this is evidence of the checkout"
        }
    }
}

extension ComplianceReport {
    /// The same report with every file named relative to `root` (the repository's top level):
    /// what the machine formats and pull-request comments print, whatever the working directory
    /// or `--dir` was.
    package func relative(to root: ReportRoot) -> ComplianceReport {
        func moved(_ range: SourceRange) -> SourceRange {
            SourceRange(filename: root.relative(range.filename), start: range.start, end: range.end)
        }
        return ComplianceReport(frameworks: frameworks.map { framework in
            FrameworkResult(framework: framework.framework, workspaces: framework.workspaces, controls: framework.controls.map { control in
                ControlResult(control: control.control, findings: control.findings.map { finding in
                    Finding(workspace: finding.workspace, status: finding.status, evidence: finding.evidence.map { evidence in
                        Evidence(rule: evidence.rule, outcome: evidence.outcome, location: moved(evidence.location),
                                 inheritedFrom: evidence.inheritedFrom.map(moved))
                    }, note: finding.note)
                })
            })
        }, basis: basis)
    }
}
