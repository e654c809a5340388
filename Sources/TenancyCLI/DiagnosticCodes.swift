import TenancyDiagnostics

/// Codes of the command line.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: The command line

    /// The command line itself is wrong: an unknown command or option, a missing or invalid value.
    package static let cliUsage: Self = "cli.usage"
}
