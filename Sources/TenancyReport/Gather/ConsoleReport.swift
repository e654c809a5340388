import TenancyAnswers
import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyNotify
import TenancySupport

/// Everything `tenancy report` shows, gathered from the answers the other commands give — the
/// quota check, the bill, the usage report, the access model, the compliance report, a saved
/// plan and its impact — and from the checkout (templates, and where each setting is written).
/// The report renders these; it computes nothing of its own but layout.
package struct ConsoleReport: Sendable {
    /// What the report shows, stamped on it, so that two reports can be told apart and either
    /// traced to its inputs. No wall clock: `generated` is SOURCE_DATE_EPOCH or the inputs' own
    /// last date.
    package struct Stamp: Sendable {
        package let toolVersion: String
        package let configurationDigest: String
        package let commit: String?
        package let serial: Int
        package let lineage: String
        package let auditHead: String?
        package let usagePeriod: (first: Day, last: Day)?
        package let records: Int
        package let generated: String
        /// Whether the checkout is what the serial was applied from (the settings' file:line
        /// links are the applied ones only then).
        package let checkout: ComplianceBasis.Applied
    }

    package let stamp: Stamp
    package let state: State
    /// The applied workspaces, by name.
    package let workspaces: [WorkspaceSettings]
    /// The checkout's configuration, every manifest's tree held (templates, provenance).
    package let configuration: Configuration
    package let quotas: QuotaCheck
    /// The month of the last usage day, billed through it (nil without usage records).
    package let billing: BillingStatement?
    /// The 30 days ending at the last usage day (nil without usage records).
    package let analytics: UsageReport?
    package let usage: UsageSummary
    package let access: AccessModel
    package let compliance: ComplianceReport
    /// `--plan`: the pending plan, with its impact when there is usage.
    package let plan: Plan?
    package let planImpact: PlanImpact?
    /// Why the pending plan could not be applied as it is (made against another serial, or from
    /// other manifests than the checkout's), or nil.
    package let planStaleness: String?
    package let warnings: Diagnostics
    package let sources: [String: SourceFile]
    /// The delivery log's last records, newest first (`tenancy notify log`): what the overview says
    /// was sent, and what failed.
    package let deliveries: [DeliveryRecord]

    /// How many of the log's last records the report shows.
    static let deliveriesShown = 200

    /// The options of `tenancy report`.
    package struct Request: Sendable {
        package var usagePath: String?
        package var planPath: String?
        package var frameworks: [String] = []
        package var toolVersion = ""
        package init() {}
    }

    /// Reads the state, the usage, the checkout and the plan, and asks each answer in turn.
    package static func gather(_ session: Session, _ request: Request, cancellation: Cancellation? = nil) throws(RunFailure) -> ConsoleReport {
        let frameworks: [ComplianceFramework]
        switch ComplianceFramework.builtIn {
        case let .success(all): frameworks = all.filter { request.frameworks.isEmpty || request.frameworks.contains($0.id) }
        case let .failure(error): throw RunFailure(error.diagnostic)
        }
        // The commit is asked of git (a process) while the rest is read.
        let commitLookup = BackgroundTask { session.environment.gitCommit(session.root) }
        // The state is read once for every answer (one serial throughout; a second read of 50 MB
        // at 10,000 workspaces cost a fifth of a second and as many megabytes).
        let applied = AppliedState(session)
        // The checkout (read with every tree, then evaluated) on a thread of its own, while what
        // needs only the state and the usage is answered here.
        let checking = BackgroundTask { () -> Result<(ComplianceInputs, ComplianceReport), RunFailure> in
            Result { () throws(RunFailure) in
                let checkout = try ComplianceInputs.gather(applied, workspaces: [])
                return (checkout, ComplianceEvaluation.report(checkout.configuration, frameworks: frameworks, workspaces: [], basis: checkout.basis))
            }
        }
        let answered = Result { () throws(RunFailure) in
            try StateAnswers(applied, request, cancellation: cancellation)
        }
        session.environment.phaseEnded("answers from the state and usage")
        // Waited for before either fails, so that no read is left running.
        let checked = checking.wait()
        session.environment.phaseEnded("the checkout and its compliance (the rest)")
        let answers = try answered.get()
        let (checkout, compliance) = try checked.get()
        let runtime = answers.runtime, planFile = answers.planFile
        var staleness: String?
        if let file = planFile {
            staleness = file.staleness(against: runtime.state)
            if staleness == nil, file.sourceFormatVersion >= 2, file.configurationDigest != checkout.basis.configurationDigest {
                staleness = "it was made from other manifests than the checkout's"
            }
        }
        let plan = planFile?.plan
        let state = runtime.state
        let head = checkout.basis.auditHead
        let stamp = Stamp(toolVersion: request.toolVersion, configurationDigest: checkout.basis.configurationDigest,
                          commit: commitLookup.wait(), serial: state.serial, lineage: state.lineage,
                          auditHead: head,
                          usagePeriod: runtime.usage.firstDay.flatMap { first in runtime.usage.lastDay.map { (first, $0) } },
                          records: runtime.basis.records,
                          generated: generated(session.environment.variables, usage: runtime.usage.lastDay, session: session, state: state),
                          checkout: checkout.basis.applied)
        // The delivery log, when the backend keeps one; a log that cannot be read is said, and the
        // report goes on without it.
        var warnings = Diagnostics(runtime.warnings.items + checkout.warnings.items)
        var deliveries: [DeliveryRecord] = []
        if let journal = session.backend.journal(NotificationRun.journalName) {
            do throws(StateError) {
                // The latest outcome of each delivery (a pending or failed one that went later is delivered).
                deliveries = Array(DeliveryHistory(lines: try journal.records()).current.reversed().prefix(deliveriesShown))
            } catch {
                var diagnostic = error.diagnostic
                diagnostic.severity = .warning
                warnings.append(diagnostic)
            }
        }
        return ConsoleReport(stamp: stamp, state: state, workspaces: runtime.workspaces, configuration: checkout.configuration,
                             quotas: answers.quotas, billing: answers.billing,
                             analytics: answers.analytics, usage: runtime.usage, access: answers.access, compliance: compliance,
                             plan: plan, planImpact: answers.impact, planStaleness: staleness,
                             warnings: warnings, sources: runtime.sources, deliveries: deliveries)
    }

    /// The answers that need only the state and the usage: the quota check, the bill and the
    /// usage report of the last usage month, the access model, and the pending plan's impact.
    private struct StateAnswers {
        let runtime: RuntimeInputs
        var billing: BillingStatement?
        var analytics: UsageReport?
        let quotas: QuotaCheck
        let access: AccessModel
        var planFile: PlanFile?
        var impact: PlanImpact?

        init(_ applied: AppliedState, _ request: Request, cancellation: Cancellation?) throws(RunFailure) {
            let session = applied.session
            runtime = try RuntimeInputs.gather(applied, workspaces: [], usagePath: request.usagePath, asOf: nil, totals: true,
                                               cancellation: cancellation)
            if let last = runtime.usage.lastDay {
                let statement = try runtime.bills(for: last.month, through: BillingCalculator.through(last.month, now: last))
                let costs = Dictionary(uniqueKeysWithValues: statement.bills.map { ($0.workspace, $0) })
                analytics = UsageReport(runtime.workspaces.map(\.name), usage: runtime.usage, since: last.adding(days: -29), until: last,
                                        costs: costs)
                billing = statement
            }
            quotas = QuotaCheck(settings: runtime.workspaces, usage: runtime.usage)
            access = AccessModel(runtime.state)
            if let path = request.planPath {
                do { planFile = try PlanFile(contentsOf: path) } catch { throw RunFailure(error) }
                if let planFile, request.usagePath != nil { impact = PlanImpact(plan: planFile.plan, usage: runtime.usage) }
            }
        }
    }

    /// SOURCE_DATE_EPOCH (reproducible builds' convention) as a UTC time; else the last usage
    /// day; else the time of the audit record of the state's serial; else the serial alone.
    static func generated(_ environment: [String: String], usage: Day?, session: Session, state: State) -> String {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int(text), seconds >= 0 {
            return Self.utc(Date(timeIntervalSince1970: TimeInterval(seconds)))
        }
        if let usage { return "\(usage) (the last usage day)" }
        if let record = (try? session.auditRecords())?.last(where: { $0.serial == state.serial && $0.lineage == state.lineage }) {
            return "\(record.time) (the apply of serial \(state.serial))"
        }
        return "serial \(state.serial)"
    }

    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }
}
