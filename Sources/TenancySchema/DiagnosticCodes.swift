import TenancyDiagnostics

/// Codes of the JSON Schema compiler (the schemas themselves; a manifest's violations are `schema.<keyword>`, declared in TenancyModel).
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: Schemas

    /// A schema (not a manifest) is wrong: it cannot be compiled.
    public static let schemaInvalid: Self = "schema.invalid"
}
