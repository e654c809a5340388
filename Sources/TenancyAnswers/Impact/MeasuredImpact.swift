import TenancyDiagnostics
import TenancyEngine
import TenancyJSON

/// `plan --usage`: the plan's impact measured against the platform's usage, with the basis it
/// was measured on and what to warn about. Only the workspaces the plan changes are read (by
/// their names before and after a rename), on two cores, summarised as they stream past.
package struct MeasuredImpact: Sendable {
    package let impact: PlanImpact
    package let basis: AnswerBasis
    /// The usage reader's warnings (a byte-order mark) and, unless strict, the quotas the plan
    /// puts below current use.
    package let warnings: Diagnostics
    package let sources: [String: SourceFile]

    /// Fails with the usage's errors, or (`strict`) with the quotas the plan puts below current use.
    package static func measure(_ plan: Plan, state: State?, usagePath: String, strict: Bool) throws(RunFailure) -> MeasuredImpact {
        var names = Set<String>()
        for change in plan.effectiveChanges where change.address.kind == .workspace {
            names.insert(change.address.name)
            if let previous = change.previousAddress { names.insert(previous.name) }
        }
        var reader = UsageReader(workspaces: nil)
        reader.only = names
        if let state { reader.aliases = WorkspaceAliases.of(state) }
        let (read, parts) = reader.read(usagePath, shares: 2, sink: { UsageSummary(keepsTotals: false) }, add: { $0.add($1) })
        if read.diagnostics.hasErrors { throw RunFailure(read.diagnostics, sources: read.sources) }
        var summary = UsageSummary(keepsTotals: false)
        for part in parts { summary.merge(part) }
        let impact = PlanImpact(plan: plan, usage: summary)
        let basis = AnswerBasis(serial: state?.serial ?? 0, lineage: state?.lineage ?? "", usagePath: usagePath,
                                records: read.records, files: read.files, firstDay: summary.firstDay,
                                lastDay: summary.lastDay, now: summary.now, asOfGiven: false)
        let problems = impact.diagnostics(strict: strict)
        // The reader's warnings (a byte-order mark) are said before the impact's errors, as they
        // are before its warnings.
        if problems.hasErrors { throw RunFailure(Diagnostics(read.diagnostics.items + problems.items), sources: read.sources) }
        return MeasuredImpact(impact: impact, basis: basis, warnings: Diagnostics(read.diagnostics.items + problems.items), sources: read.sources)
    }

    // The views, beside the plan's own.
    package var text: String { PlanImpactRenderer.text(impact, basis: basis) }
    package var markdown: String { PlanImpactRenderer.markdown(impact, basis: basis) }
    package var json: JSON { PlanImpactRenderer.json(impact, basis: basis) }
}
