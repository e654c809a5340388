import TenancyDiagnostics
import TenancyModel
import TenancyYAML

/// Per framework and control, each workspace's status with its evidence: the data every format
/// of `tenancy compliance` renders (docs/compliance.md).
public struct ComplianceReport: Sendable {
    public enum Status: String, Sendable, Comparable {
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

        public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
    }

    /// One rule's outcome on one workspace, and where it is written.
    public struct Evidence: Sendable {
        public let rule: TemplateRule
        public let outcome: RuleOutcome
        /// Where a person changes it: the workspace's own value, else the line that names the
        /// template or profile that gives it (in the workspace's file).
        public let location: SourceRange
        /// Where an inherited value is written (the template's defaults), when it is inherited.
        public let inheritedFrom: SourceRange?
    }

    /// A control's status on one workspace.
    public struct Finding: Sendable {
        public let workspace: String
        public let status: Status
        public let evidence: [Evidence]
        /// Why the status is manual or not applicable.
        public let note: String?

        /// Whether only advisory rules fail (a warning, not a failing control for the exit code).
        public var failsOnlyAdvisory: Bool {
            status == .fail && !evidence.contains { $0.outcome.status == .fail && $0.rule.enforcement == .mandatory }
        }
    }

    public struct ControlResult: Sendable {
        public let control: ComplianceFramework.Control
        public let findings: [Finding]

        /// The control's status over its workspaces: the worst of them.
        public var status: Status { findings.map(\.status).min() ?? .notApplicable }
    }

    public struct FrameworkResult: Sendable {
        public let framework: ComplianceFramework
        /// The workspaces in the framework's scope (by template or profile), in name order.
        public let workspaces: [String]
        public let controls: [ControlResult]

        public func count(_ status: Status) -> Int { controls.reduce(0) { $0 + $1.findings.filter { $0.status == status }.count } }

        /// Passing control-workspace pairs over the pairs that pass or fail (manual and not
        /// applicable ones are neither); nil when there are none.
        public var score: Double? {
            let pass = count(.pass), fail = count(.fail)
            return pass + fail == 0 ? nil : Double(pass) / Double(pass + fail)
        }

        /// `92%` (rounded down, so that a failing pair never shows 100%), or `-`.
        public var scoreText: String {
            guard let score else { return "-" }
            return "\(Int((score * 100).rounded(.down)))%"
        }
    }

    public let frameworks: [FrameworkResult]
    public let basis: ComplianceBasis

    /// 0 when nothing fails, 3 when only advisory rules fail, 4 when a mandatory rule fails
    /// (the exit-code table: a compliance control failing is 4, never 1).
    public var worst: Worst {
        let findings = frameworks.flatMap { $0.controls.flatMap(\.findings) }.filter { $0.status == .fail }
        if findings.isEmpty { return .clean }
        return findings.allSatisfy(\.failsOnlyAdvisory) ? .advisory : .failing
    }

    public enum Worst: Sendable { case clean, advisory, failing }
}

/// What a compliance report is evidence of: the checkout's configuration, and whether it is what
/// the state's serial was applied from (then the serial and the audit chain's head tie the report
/// to what was applied).
public struct ComplianceBasis: Sendable {
    public enum Applied: Sendable, Equatable {
        /// The checkout is what the state's serial was applied from.
        case matches
        /// The checkout differs from what was applied (a pull request, an unapplied edit).
        case differs
        /// The state records no configuration digest.
        case unrecorded
        /// Nothing has been applied.
        case notApplied
    }

    public let applied: Applied
    /// The checkout's files digest (what apply records).
    public let configurationDigest: String
    public let serial: Int?
    public let lineage: String?
    /// The hash of the last audit record, when it is the record of the stored serial.
    public let auditHead: String?

    public init(applied: Applied, configurationDigest: String, serial: Int?, lineage: String?, auditHead: String?) {
        self.applied = applied
        self.configurationDigest = configurationDigest
        self.serial = serial
        self.lineage = lineage
        self.auditHead = auditHead
    }

    /// One line for people.
    public var line: String {
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
