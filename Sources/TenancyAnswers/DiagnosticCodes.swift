import TenancyDiagnostics

/// Codes of the answers from the applied state: the usage export, and what an answer is asked about.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: Usage

    /// The usage holds no records for the workspaces asked about: no period to bill or report.
    package static let usageEmpty: Self = "usage.empty"
    /// A file in the usage folder that looks like usage but is not read (hidden, `.JSONL`,
    /// compressed, in a subfolder): a warning naming it, never a silent skip.
    package static let usageLeftOut: Self = "usage.left-out"
    /// A usage line that is not a record of docs/usage-format.md (a bad date, a negative count, a missing field).
    package static let usageRecord: Self = "usage.invalid-record"
    /// A usage file that is not UTF-8 JSON Lines (UTF-16, a byte-order mark, a line beyond the limit).
    package static let usageEncoding: Self = "usage.encoding"
    /// Records of a workspace the applied state does not hold: a warning, the records left out.
    package static let usageUnknownWorkspace: Self = "usage.unknown-workspace"
    /// Records of one workspace out of date order.
    package static let usageDateOrder: Self = "usage.date-order"
    /// Two records of one workspace and day.
    package static let usageDuplicateDay: Self = "usage.duplicate-day"

    // MARK: Answers

    /// Nothing has been applied: there is no state to answer from.
    package static let runtimeNoState: Self = "runtime.no-state"
    /// A workspace asked about that the applied state (or the configuration) does not hold.
    package static let runtimeUnknownWorkspace: Self = "runtime.unknown-workspace"
    /// A role asked about (`access role NAME`) that does not exist.
    package static let runtimeUnknownRole: Self = "runtime.unknown-role"
    /// A plan lowers a quota below what the workspace already uses: a warning in the plan's impact.
    package static let planQuotaBelowUsage: Self = "plan.quota-below-usage"
}
