import TenancyDiagnostics
import TenancyModel
import TenancySupport

/// Applying a saved plan made with `--secrets=unavailable-ok`: every secret it did not read is
/// read now, under the lock, and must be what the plan assumed, so that nothing is applied that
/// reviewers were not shown. A secret the plan showed as unchanged must equal the stored one (a
/// rotated secret would be a change the plan did not show: refused, nothing applied); one it
/// showed as new gets its digest now. A secret that still cannot be read stops the apply.
struct UncheckedSecretsResolution {
    let plan: Plan
    let state: State?
    /// Keyed with the digest key the state will have: the state's, else the plan's new one.
    let source: SecretSource
    /// The plan file's path, for the hints.
    let path: String

    /// The plan with every unchecked secret's digest taken, or (errors in `problems`) why it
    /// cannot be applied.
    func resolve() -> (plan: Plan, problems: Diagnostics) {
        guard !plan.uncheckedSecrets.isEmpty else { return (plan, Diagnostics()) }
        var diagnostics = Diagnostics()
        var changes = plan.changes
        var index: [Address: Int] = [:]
        for (i, change) in changes.enumerated() { index[change.address] = i }
        for secret in plan.uncheckedSecrets {
            // A no-op's resource is the stored one (a plan read for applying keeps no copy of it).
            let i = index[secret.address]
            let storedResource = i.flatMap { state?.resources[changes[$0].previousAddress ?? secret.address]?.resource }
            guard let i, changes[i].action != .delete,
                  let holder = changes[i].after ?? (changes[i].action == .noop ? storedResource : nil),
                  let reference = AttributePath.value(at: secret.path, in: holder.attributes)?["secretRef"]?.stringValue else {
                diagnostics.append(.error(.planRefused, "the saved plan cannot be applied: it names a secret at \(secret.path) of \(secret.address), which it does not write",
                                          detail: "A plan Tenancy made never does this; the file was made or edited by other means.",
                                          hint: "make a new plan: tenancy plan --out \(path)", address: secret.address.description))
                continue
            }
            let value: [UInt8]
            switch source.value(of: reference) {
            case let .success(read): value = read
            case let .failure(problem):
                diagnostics.append(.error(.secretMissing, "secret `\(Terminal.escaped(reference))` is not available: \(problem.description)",
                                          detail: "The plan was made without it (--secrets=unavailable-ok); applying it reads every secret it did not check. Nothing was applied.",
                                          hint: problem.hint ?? (reference.hasPrefix("env:") ? "export \(reference.dropFirst(4)) before applying" : "create the file before applying"),
                                          path: secret.path, address: secret.address.description))
                continue
            }
            let digest = source.digest(value)
            if let stored = storedResource?.secretDigests[secret.path] {
                let same = stored == digest || (SecretSource.isPlain(stored) && stored == SHA256.hex(value))
                guard same else {
                    diagnostics.append(.error(.secretChanged, "secret `\(Terminal.escaped(reference))` of \(secret.address) differs from the stored one, and the reviewed plan did not show that",
                                              detail: "The plan was made without it (--secrets=unavailable-ok) and assumed it unchanged; applying it now would change \(secret.path) without review. Nothing was applied.",
                                              hint: "make a new plan where the secret can be read, so that the change is reviewed: tenancy plan --out \(path)",
                                              path: secret.path, address: secret.address.description))
                    continue
                }
            }
            guard var after = changes[i].after else { continue }
            after.secretDigests[secret.path] = digest
            changes[i] = Plan.ResourceChange(address: changes[i].address, previousAddress: changes[i].previousAddress, action: changes[i].action,
                                             fieldChanges: changes[i].listedFields, unchangedCount: changes[i].unchangedCount,
                                             before: changes[i].before, after: after)
        }
        if diagnostics.hasErrors { return (plan, diagnostics) }
        var resolved = Plan(priorLineage: plan.priorLineage, priorSerial: plan.priorSerial, changes: changes, secretKey: plan.secretKey)
        resolved.uncheckedSecrets = []
        return (resolved, diagnostics)
    }
}
