import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport

/// What every runtime answer starts from: the applied state (never the unapplied manifests), the
/// workspaces asked about, and the usage summarised as it streams past. Read without the lock: a
/// commit replaces the state whole, so a read sees one version or the next, and an answer names
/// the serial it read.
package struct RuntimeInputs: Sendable {
    /// The configuration and backend read from (for what else an answer needs, such as history).
    package let session: Session
    package let state: State
    /// The workspaces asked about (all of the state's when none were named), by name.
    package let workspaces: [WorkspaceSettings]
    package let usage: UsageSummary
    package let basis: AnswerBasis
    /// Problems with the usage that do not stop the answer (records of unknown workspaces).
    package let warnings: Diagnostics
    package let sources: [String: SourceFile]
    /// The applied workspaces' previous names (`WorkspaceAliases`), read once for the usage
    /// reader and the billing timeline; empty when no usage was asked for.
    package let aliases: [String: String]

    /// Takes the applied state and reads the usage at `usagePath` (when given).
    /// Fails, saying why, when nothing has been applied, a named workspace is not in the state,
    /// or the usage has errors (it is then not half-used).
    /// `totals`: keep the range sums and daily totals too (`usage report`).
    package static func gather(_ applied: AppliedState, workspaces names: [String], usagePath: String?, asOf: Day?, since: Day? = nil,
                              totals: Bool = false, cancellation: Cancellation? = nil) throws(RunFailure) -> RuntimeInputs {
        let session = applied.session
        let phaseEnded = session.environment.phaseEnded
        guard let state = try applied.state() else {
            throw RunFailure(.error(.runtimeNoState, "nothing has been applied yet: there is no state to answer from",
                                    detail: "Quota, billing and usage answers read the applied state, never the unapplied manifests.",
                                    hint: "run `tenancy apply` first"))
        }
        // The names come from the state's addresses (nothing parsed), so the usage is read on its
        // own core while the workspaces' settings are parsed on the others.
        let appliedNames = Set(state.resources.keys.filter { $0.kind == .workspace }.map(\.name))
        var problems = Diagnostics()
        let unknown = names.filter { !appliedNames.contains($0) }
        // A previous name is said as such: the workspace was renamed, its answers are the new name's.
        let renamed = unknown.isEmpty ? [:] : WorkspaceAliases.of(state)
        for name in unknown {
            problems.append(.error(.runtimeUnknownWorkspace, "no workspace named `\(name)` in the applied state (serial \(state.serial))",
                                   detail: renamed[name].map { "`\(name)` is a previous name of `\($0)` (its metadata.previousNames): its usage and bills are `\($0)`'s." } ?? "",
                                   hint: renamed[name].map { "ask about `\($0)`" } ?? Suggestion.closest(to: name, in: appliedNames).map { "did you mean `\($0)`?" }
                                       ?? "`tenancy state list` shows what is applied"))
        }
        if !problems.isEmpty { throw RunFailure(problems) }
        let wanted = names.isEmpty ? appliedNames : Set(names)
        // Every record the reader hands on is of an applied workspace: no second look-up then.
        let allWanted = names.isEmpty
        let aliases = usagePath == nil ? [:] : WorkspaceAliases.of(state)
        let reading = usagePath.map { path in
            BackgroundTask { () -> (UsageReader.Result, UsageSummary) in
                // Two shares of the workspaces, read on two cores.
                var reader = UsageReader(workspaces: appliedNames)
                reader.aliases = aliases
                let (read, parts) = reader.read(path, shares: 2, sink: {
                    UsageSummary(until: asOf, since: since, keepsTotals: totals)
                }, add: { usage, record in
                    if allWanted || wanted.contains(record.workspace) { usage.add(record) }
                })
                var usage = UsageSummary(until: asOf, since: since, keepsTotals: totals)
                for part in parts { usage.merge(part) }
                if !allWanted { usage.spanExport(first: read.firstDay, last: read.lastDay) }
                return (read, usage)
            }
        }
        phaseEnded("read state")
        let all = WorkspaceSettings.all(in: state)
        let chosen = all.values.filter { wanted.contains($0.name) }.sorted { $0.name < $1.name }
        phaseEnded("workspace settings (beside the usage)")
        let (read, usage) = reading?.wait() ?? (UsageReader.Result(), UsageSummary(until: asOf, since: since, keepsTotals: totals))
        phaseEnded("usage (rest)")
        if read.diagnostics.hasErrors { throw RunFailure(read.diagnostics, sources: read.sources) }
        if let cancellation, let reason = cancellation.requested { throw .stopped(reason, applied: false) }
        let basis = AnswerBasis(serial: state.serial, lineage: state.lineage, usagePath: usagePath, records: read.records,
                                files: read.files, firstDay: usage.firstDay, lastDay: usage.lastDay, now: usage.now,
                                asOfGiven: asOf != nil)
        return RuntimeInputs(session: session, state: state, workspaces: chosen, usage: usage, basis: basis,
                             warnings: read.diagnostics, sources: read.sources, aliases: aliases)
    }
}

extension RuntimeInputs {
    /// The chosen workspaces' bills for `period` through `through`, each day at the settings in
    /// force then (the history is read only when the period saw an apply).
    package func bills(for period: Month, through: Day) throws(RunFailure) -> BillingStatement {
        let current = Dictionary(uniqueKeysWithValues: workspaces.map { ($0.name, $0) })
        let timeline = try BillingTimeline.read(session, state: state, current: current, aliases: aliases, from: period.first, through: through)
        let organization = state.resources.keys.filter { $0.kind == .organization }.map(\.name).min()
        return BillingCalculator(period: period, through: through, timeline: timeline)
            .statement(workspaces, usage: usage, organization: organization)
    }
}
