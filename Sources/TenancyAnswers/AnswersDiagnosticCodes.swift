import TenancyDiagnostics

/// Stable codes of problems with usage data (docs/usage-format.md).
extension Diagnostic.Code {
    public static let usageEmpty: Self = "usage.empty"
    public static let usageRecord: Self = "usage.invalid-record"
    public static let usageEncoding: Self = "usage.encoding"
    public static let usageUnknownWorkspace: Self = "usage.unknown-workspace"
    public static let usageDateOrder: Self = "usage.date-order"
    public static let usageDuplicateDay: Self = "usage.duplicate-day"
}

/// Stable codes of problems with a runtime question itself.
extension Diagnostic.Code {
    public static let runtimeNoState: Self = "runtime.no-state"
    public static let runtimeUnknownWorkspace: Self = "runtime.unknown-workspace"
    public static let runtimeUnknownRole: Self = "runtime.unknown-role"
}
