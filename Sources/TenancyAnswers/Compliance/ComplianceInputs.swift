import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// What `tenancy compliance` reads: the checkout's configuration with every manifest's tree (for
/// file:line evidence) and the applied state's serial, lineage and audit head, to say whether
/// the report is evidence of what was applied.
package struct ComplianceInputs: Sendable {
    package let configuration: Configuration
    package let basis: ComplianceBasis
    /// Warnings of the configuration that are not the report's own findings, to be shown.
    package let warnings: Diagnostics

    /// Failed template rules are what the report is about, not errors of the run; any other error
    /// of the configuration (a schema violation, a rule conflict) stops it with its diagnostics.
    /// The checkout is read while `applied` reads the state.
    package static func gather(_ applied: AppliedState, workspaces: [String]) throws(RunFailure) -> ComplianceInputs {
        let session = applied.session
        let loaded = session.loadHoldingTrees()
        let findings: Set<Diagnostic.Code> = [.templateRule, .templateAdvice]
        let problems = loaded.diagnostics.filter { !findings.contains($0.code) }
        if problems.contains(where: { $0.severity == .error }) {
            var failure = RunFailure(Diagnostics(problems).sorted(), sources: loaded.sources)
            failure.isCheck = true
            throw failure
        }
        let known = Set(loaded.configuration.all(.workspace).map(\.name))
        let unknown = workspaces.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw RunFailure(Diagnostics(unknown.map { name in
                .error(.runtimeUnknownWorkspace, "no workspace named `\(name)` in the configuration",
                       hint: Suggestion.closest(to: name, in: known).map { "did you mean `\($0)`?" } ?? "tenancy state list shows the workspaces")
            }))
        }
        let digest = loaded.filesDigest(relativeTo: session.root)
        let state = try applied.state()
        var head: String?
        if let state, state.serial > 0, let last = try session.auditRecords().last, last.lineage == state.lineage, last.serial == state.serial {
            head = last.hash
        }
        let recorded: ComplianceBasis.Applied
        if let state, state.serial > 0 {
            if let stored = state.configurationDigest { recorded = stored == digest ? .matches : .differs } else { recorded = .unrecorded }
        } else {
            recorded = .notApplied
        }
        return ComplianceInputs(configuration: loaded.configuration,
                                basis: ComplianceBasis(applied: recorded, configurationDigest: digest, serial: state?.serial,
                                                       lineage: state?.lineage, auditHead: head),
                                warnings: Diagnostics(problems))
    }
}
