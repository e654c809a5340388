import TenancyDiagnostics
import TenancySupport

/// Why a run stopped without doing what it was asked: the diagnostics to show (with the files
/// they quote), or a stop requested by a signal. Every exit path of a run that fails throws one,
/// so that commands never see a bare error.
package struct RunFailure: Error, Sendable {
    package enum Kind: Sendable, Equatable {
        /// Problems a user can fix: the diagnostics say what.
        case problems
        /// Stopped by a signal; `applied` says whether the state transition had been made.
        case stopped(Cancellation.Reason, applied: Bool)
    }

    package let kind: Kind
    package var diagnostics: Diagnostics
    /// The files the diagnostics quote, by display path.
    package var sources: [String: SourceFile]
    /// The diagnostics are a configuration's check (worth a closing count, as `validate` prints).
    package var isCheck = false

    package init(_ diagnostics: Diagnostics, sources: [String: SourceFile] = [:]) {
        kind = .problems
        self.diagnostics = diagnostics
        self.sources = sources
    }

    package init(_ diagnostic: Diagnostic) { self.init(Diagnostics([diagnostic])) }

    /// Any described error, as the one diagnostic it gives.
    package init(_ error: some DiagnosticError) { self.init(error.diagnostic) }

    package static func stopped(_ reason: Cancellation.Reason, applied: Bool) -> RunFailure {
        RunFailure(kind: .stopped(reason, applied: applied))
    }

    private init(kind: Kind) {
        self.kind = kind
        diagnostics = Diagnostics()
        sources = [:]
    }
}
