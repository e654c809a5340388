/// Codes any module raises: files that cannot be read or written, and defects.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: Files

    /// A file or folder could not be read (it is missing, unreadable, or not what its name says).
    public static let ioRead: Self = "io.read"
    /// A file could not be written: a full disk, permissions, a read-only file system; nothing half-written is left.
    public static let ioWrite: Self = "io.write"

    // MARK: Defects

    /// An error no module described: a defect in Tenancy, to be reported.
    public static let internalError: Self = "internal.error"
}

extension Diagnostic.Code {
    /// What the code means, as its declaration says (`schema.<keyword>` for every schema keyword);
    /// nil for a code declared nowhere.
    public var meaning: String? {
        DiagnosticMeanings.table[rawValue] ?? (rawValue.hasPrefix("schema.") ? DiagnosticMeanings.table["schema.<keyword>"] : nil)
    }
}
