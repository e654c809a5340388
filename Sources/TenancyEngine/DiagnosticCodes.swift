import TenancyDiagnostics

/// Codes of the run: the project file and its backend, the stored state and its lock, plans and saved plans, the audit log, publishing and secrets.
///
/// Every code is declared here, once, with its meaning: docs/diagnostics.md is generated from
/// these files (DiagnosticCodesTests), and codes are never written as literals where they are raised.
extension Diagnostic.Code {
    // MARK: The project file and the backend it names

    /// A Project manifest anywhere but `tenancy.yaml` at the configuration's root.
    package static let projectMisplaced: Self = "project.misplaced"
    /// `--dir` names a folder that does not exist (or a file).
    package static let noSuchFolder: Self = "project.no-such-folder"
    /// A folder with no `tenancy.yaml` and no Tenancy manifest in it or its first two levels of subfolders.
    package static let notAConfiguration: Self = "project.not-a-configuration"
    /// An etcd endpoint that is not a client URL (scheme, host, port), or no endpoints at all.
    package static let backendEndpoint: Self = "backend.endpoint"
    /// etcd credentials given by half (a password without a user).
    package static let backendCredentials: Self = "backend.credentials"
    /// TLS files (CA, client certificate, key) that are missing, unreadable or given by half.
    package static let backendTLS: Self = "backend.tls"
    /// The project names a backend this build cannot open.
    package static let backendSetting: Self = "backend.setting"

    // MARK: Stored state

    /// The stored state cannot be read as a state (truncated, edited, or another file).
    package static let stateCorrupt: Self = "state.corrupt"
    /// A state written by a newer Tenancy, in a format this one does not understand.
    package static let stateNewerFormat: Self = "state.newer-format"
    /// The state changed between reading it and writing it: another run committed first.
    package static let stateStale: Self = "state.stale"
    /// The store cannot be reached (every endpoint tried).
    package static let stateUnavailable: Self = "state.unavailable"
    /// A write whose outcome is unknown (the connection dropped after sending); the next run finds out.
    package static let stateOutcomeUnknown: Self = "state.outcome-unknown"
    /// The state was committed but its audit record could not be appended (an I/O error, a full
    /// disk): a warning; the record is kept pending, every reader shows it, the next commit appends it.
    package static let auditPending: Self = "state.audit-pending"
    /// A stored version in a backend that keeps versions (etcd) that cannot be read back.
    package static let stateCorruptVersion: Self = "state.corrupt-version"
    /// A serial at the top of its range: no further apply could count on from it.
    package static let stateSerialRange: Self = "state.serial-range"
    /// A command that needs an applied state found none.
    package static let stateEmpty: Self = "state.empty"
    /// A backend location with no state that holds audit records or kept versions of earlier
    /// applies: apply refuses it without --allow-missing-state.
    package static let stateMissing: Self = "state.missing"
    /// A state of another lineage where this one's was expected (`state push` without --force).
    package static let stateLineage: Self = "state.lineage"
    /// A state older than the stored one where a newer was expected (`state push` without --force).
    package static let stateSerial: Self = "state.serial"
    /// An address the state does not hold.
    package static let stateUnknownAddress: Self = "state.unknown-address"
    /// `state mv` to an address the state already holds.
    package static let stateAddressTaken: Self = "state.address-taken"
    /// `state mv` to a name that is not a valid resource name.
    package static let stateAddressName: Self = "state.address-name"
    /// The backend holds the state of another project (another `tenancy.yaml` name): refused, never overwritten.
    package static let stateOtherProject: Self = "state.other-project"
    /// `state mv` between two kinds.
    package static let stateAddressKind: Self = "state.address-kind"
    /// A serial the history does not hold (`state rollback`, `show --serial`).
    package static let stateUnknownSerial: Self = "state.unknown-serial"

    // MARK: The lock

    /// Another run holds the state's lock (its ID, who, since when and where are said).
    package static let stateLocked: Self = "state.locked"
    /// The lock was taken over (force-unlock, an expired lease) while this run held it: it stopped before writing.
    package static let lockTakenOver: Self = "state.lock-taken-over"
    /// `force-unlock ID` with an ID that is not the lock held.
    package static let lockNotHeld: Self = "lock.not-held"
    /// The lock could not be taken or released: its store was unavailable.
    package static let lockFailed: Self = "lock.failed"

    // MARK: Plans and saved plans

    /// `--target` or `--exclude` names an address neither the configuration nor the state holds.
    package static let planUnknownAddress: Self = "plan.unknown-address"
    /// An address both targeted and excluded.
    package static let planTargetExcluded: Self = "plan.target-excluded"
    /// `--target` or `--exclude` would take half of a rename (its new name without its old, or the reverse).
    package static let planRenameSelection: Self = "plan.rename-selection"
    /// `--target` or `--exclude` left changes out of the plan: a warning, since the stored state
    /// will still differ from the configuration.
    package static let planSelection: Self = "plan.selection"
    /// A plan deletes a protected workspace: refused whatever the flags.
    package static let planProtected: Self = "plan.protected"
    /// A plan deletes a workspace without --allow-destroy.
    package static let planDestroyRefused: Self = "plan.destroy-refused"
    /// Resources that depend on each other in a cycle.
    package static let planCycle: Self = "plan.cycle"
    /// A saved plan made from another state than the stored one (another serial or lineage).
    package static let planStale: Self = "plan.stale"
    /// A saved plan file that cannot be read as a plan.
    package static let planInvalid: Self = "plan.invalid"
    /// A saved plan written by a newer Tenancy.
    package static let planNewerFormat: Self = "plan.newer-format"
    /// A saved plan whose content does not match its digest.
    package static let planTampered: Self = "plan.tampered"
    /// A saved plan that cannot be applied as it stands (it names a secret it does not write, or refers to a resource that will not exist).
    package static let planRefused: Self = "plan.refused"
    /// Applying a saved plan: a secret it did not check is not what it assumed.
    package static let secretChanged: Self = "plan.secret-changed"

    // MARK: The audit log and publishing

    /// The audit log cannot be read.
    package static let auditUnreadable: Self = "audit.unreadable"
    /// The audit log's hash chain is broken: a record was changed, removed or inserted.
    package static let auditBroken: Self = "audit.tampered"
    /// The effective settings could not be published (the state is committed; `tenancy publish` completes it).
    package static let publishFailed: Self = "publish.failed"

    // MARK: Secrets

    /// A `secretRef` that names a secret the environment does not have.
    package static let secretMissing: Self = "secret.missing"
    /// `plan --secrets=unavailable-ok`: a secret the plan could not read, let through.
    package static let secretUnchecked: Self = "secret.unchecked"
}
