import TenancyDiagnostics

/// The stable codes of everything the engine reports: the state and its backends, the lock, plans
/// and saved plans, the audit log, secrets and the project file. Declared here, never written as
/// literals where they are raised, so that tooling and tests can rely on them.
extension Diagnostic.Code {
    // The project file and the backend it names.
    public static let projectMisplaced: Self = "project.misplaced"
    public static let noSuchFolder: Self = "project.no-such-folder"
    public static let notAConfiguration: Self = "project.not-a-configuration"
    public static let backendEndpoint: Self = "backend.endpoint"
    public static let backendCredentials: Self = "backend.credentials"
    public static let backendTLS: Self = "backend.tls"
    public static let backendSetting: Self = "backend.setting"

    // Stored state.
    public static let stateCorrupt: Self = "state.corrupt"
    public static let stateNewerFormat: Self = "state.newer-format"
    public static let stateStale: Self = "state.stale"
    public static let stateUnavailable: Self = "state.unavailable"
    public static let stateOutcomeUnknown: Self = "state.outcome-unknown"
    public static let stateCorruptVersion: Self = "state.corrupt-version"
    public static let stateSerialRange: Self = "state.serial-range"
    public static let stateEmpty: Self = "state.empty"
    public static let stateLineage: Self = "state.lineage"
    public static let stateSerial: Self = "state.serial"
    public static let stateUnknownAddress: Self = "state.unknown-address"
    public static let stateAddressTaken: Self = "state.address-taken"
    public static let stateAddressName: Self = "state.address-name"
    public static let stateOtherProject: Self = "state.other-project"
    public static let stateAddressKind: Self = "state.address-kind"
    public static let stateUnknownSerial: Self = "state.unknown-serial"

    // The lock.
    public static let stateLocked: Self = "state.locked"
    public static let lockTakenOver: Self = "state.lock-taken-over"
    public static let lockNotHeld: Self = "lock.not-held"
    public static let lockFailed: Self = "lock.failed"

    // Plans and saved plans.
    public static let planUnknownAddress: Self = "plan.unknown-address"
    public static let planTargetExcluded: Self = "plan.target-excluded"
    public static let planRenameSelection: Self = "plan.rename-selection"
    public static let planProtected: Self = "plan.protected"
    public static let planDestroyRefused: Self = "plan.destroy-refused"
    public static let planCycle: Self = "plan.cycle"
    public static let planStale: Self = "plan.stale"
    public static let planInvalid: Self = "plan.invalid"
    public static let planNewerFormat: Self = "plan.newer-format"
    public static let planTampered: Self = "plan.tampered"
    public static let planRefused: Self = "plan.refused"

    // The audit log.
    public static let auditUnreadable: Self = "audit.unreadable"
    public static let auditBroken: Self = "audit.tampered"
    public static let publishFailed: Self = "publish.failed"

    // Secrets.
    public static let secretMissing: Self = "secret.missing"
    /// `plan --secrets=unavailable-ok`: a secret the plan could not read, let through.
    public static let secretUnchecked: Self = "secret.unchecked"
    /// Applying a saved plan: a secret it did not check is not what it assumed.
    public static let secretChanged: Self = "plan.secret-changed"
}
