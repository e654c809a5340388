import TenancyDiagnostics
import TenancyModel
import TenancySupport
import TenancyJSON

/// The checks a fresh plan passes, made again on a saved one before it is applied. A plan file's
/// digest proves it is the file that was written, not who wrote it (anyone can hash an edited
/// file again), so what it would do is judged as if it had just been planned: its changes must
/// fit the state (creates of what is absent, updates, renames and deletes of what is there, each
/// address once), a workspace's deletion needs `--allow-destroy` now and is refused outright when
/// the stored workspace is protected, every resource it writes passes its kind's schema, the
/// ranges and the workspace and template rules, and everything a written resource refers to
/// exists once the plan is applied.
struct SavedPlanCheck {
    let plan: Plan
    let state: State?
    let allowDestroy: Bool
    /// The configuration the plan was made from (its digest was checked): its templates and the
    /// organization's default template judge the workspaces.
    let configuration: Configuration
    /// The plan file's path, to name the resources' checked texts (`plan.tfplan#Workspace/acme`).
    let path: String

    /// The problems found, and the resources' texts by display name, to quote them.
    func check() -> (diagnostics: Diagnostics, sources: [String: SourceFile]) {
        var diagnostics = Diagnostics()
        let stored = state?.resources ?? [:]
        var next = Set(stored.keys)
        var seen = Set<Address>()
        for change in plan.changes {
            let address = change.address
            guard seen.insert(address).inserted else {
                diagnostics.append(refused("\(address) is changed twice", address))
                continue
            }
            switch change.action {
            case .create:
                if stored[address] != nil { diagnostics.append(refused("it creates \(address), which the state already holds", address)) }
                next.insert(address)
            case .rename:
                guard let old = change.previousAddress, stored[old] != nil else {
                    diagnostics.append(refused("it renames \(address) from something the state does not hold", address))
                    continue
                }
                if old.kind != address.kind { diagnostics.append(refused("it renames \(old) to another kind (\(address))", address)) }
                if stored[address] != nil { diagnostics.append(refused("it renames \(old) to \(address), which the state already holds", address)) }
                guard seen.insert(old).inserted else {
                    diagnostics.append(refused("\(old) is changed twice", address))
                    continue
                }
                next.remove(old)
                next.insert(address)
            case .update, .noop, .delete:
                guard let current = stored[address] else {
                    diagnostics.append(refused("it \(verb(change.action)) \(address), which the state does not hold", address))
                    continue
                }
                if let before = change.before, !before.attributesEqual(current.resource) {
                    diagnostics.append(refused("what it shows of \(address) before the change is not what the state holds", address))
                }
                if change.action == .delete {
                    next.remove(address)
                    checkDeletion(address, current.resource, into: &diagnostics)
                }
            }
            if change.action != .delete && change.action != .noop && change.after == nil {
                diagnostics.append(refused("it \(verb(change.action)) \(address) without saying what it becomes", address))
            }
        }
        var sources: [String: SourceFile] = [:]
        checkWritten(next: next, diagnostics: &diagnostics, sources: &sources)
        return (diagnostics.sorted(), sources)
    }

    /// A workspace's deletion deletes its tenant's data: as in a fresh plan, never a protected one,
    /// and only when asked for on this run.
    private func checkDeletion(_ address: Address, _ stored: Resource, into diagnostics: inout Diagnostics) {
        guard address.kind == .workspace else { return }
        if stored.isProtected {
            diagnostics.append(.error(.planProtected, "the plan deletes Workspace/\(address.name), which is protected",
                                      detail: "The state holds it with `protected: true`; no plan may delete it.",
                                      hint: "to delete it, first apply it with `protected: false`, then make a new plan",
                                      address: address.description))
        } else if !allowDestroy {
            diagnostics.append(.error(.planDestroyRefused, "the plan deletes Workspace/\(address.name): applying it needs --allow-destroy",
                                      detail: "Deleting a workspace deletes its tenant's data; a saved plan is held to the same rule as a fresh one.",
                                      hint: "review the deletion in the plan above, then run `tenancy apply --allow-destroy \(path)`",
                                      address: address.description))
        }
    }

    /// Every resource the plan writes, checked as a manifest, and its references against the
    /// addresses that exist once the plan is applied.
    private func checkWritten(next: Set<Address>, diagnostics: inout Diagnostics, sources: inout [String: SourceFile]) {
        let written = plan.changes.filter { $0.action != .delete && $0.action != .noop && $0.after != nil }
        guard !written.isEmpty else { return }
        let recheck: ManifestRecheck
        do { recheck = try ManifestRecheck(configuration: configuration) } catch {
            diagnostics.append(error.diagnostic)
            return
        }
        let name = path
        let found = Parallel.map(written.count) { i -> (Diagnostics, SourceFile?) in
            let change = written[i]
            guard let after = change.after else { return (Diagnostics(), nil) }
            return Self.check(after, as: change.address, recheck: recheck, next: next, planPath: name)
        }
        for (problems, source) in found {
            diagnostics.append(contentsOf: problems)
            if let source { sources[source.path] = source }
        }
    }

    /// One written resource: its attributes as the manifest they stand for (`apiVersion`, `kind`
    /// and `metadata.name` put back), checked alone; the references found in it must be the ones
    /// it declares, and all of them must exist after the plan.
    private static func check(_ resource: Resource, as address: Address, recheck: ManifestRecheck, next: Set<Address>,
                              planPath: String) -> (Diagnostics, SourceFile?) {
        var diagnostics = Diagnostics()
        guard var members = resource.attributes.objectValue else {
            return (Diagnostics([refused("the attributes of \(address) are not an object", address, planPath: planPath)]), nil)
        }
        if let extra = members.keys.first(where: { $0 != "metadata" && $0 != "spec" }) {
            diagnostics.append(refused("the attributes of \(address) hold `\(extra)`, which no resource has", address, planPath: planPath))
            members[extra] = nil
        }
        var metadata = members["metadata"]?.objectValue ?? [:]
        if metadata["name"] != nil { diagnostics.append(refused("the attributes of \(address) name it again in metadata", address, planPath: planPath)) }
        metadata["name"] = .string(address.name)
        members["metadata"] = .object(metadata)
        members["apiVersion"] = .string("tenancy/v1")
        members["kind"] = .string(address.kind.rawValue)
        let source = SourceFile(path: "\(planPath)#\(address)", bytes: JSON.object(members).canonicalBytes() + [0x0A])
        let (manifests, problems) = recheck.check(source)
        diagnostics.append(contentsOf: problems)
        guard let manifest = manifests.first else { return (diagnostics, source) }
        let found = DesiredState.dependencies(of: manifest, defaults: nil)
        if found != resource.dependencies {
            diagnostics.append(refused("\(address) declares other dependencies than its attributes refer to", address,
                                       detail: "Its attributes refer to \(list(found)); it declares \(list(resource.dependencies)).", planPath: planPath))
        }
        for reference in Set(found + resource.dependencies).sorted() {
            guard let target = Address(reference), !next.contains(target) else { continue }
            diagnostics.append(.error(.planRefused, "\(address) refers to \(reference), which will not exist",
                                      detail: "Neither the state nor the plan's creates and renames hold it.",
                                      hint: "make a new plan: tenancy plan --out \(planPath)", address: address.description))
        }
        return (diagnostics, source)
    }

    private static func list(_ addresses: [String]) -> String { addresses.isEmpty ? "nothing" : addresses.joined(separator: ", ") }

    private func refused(_ summary: String, _ address: Address, detail: String = "") -> Diagnostic {
        Self.refused(summary, address, detail: detail, planPath: path)
    }

    private static func refused(_ summary: String, _ address: Address, detail: String = "", planPath: String = "") -> Diagnostic {
        .error(.planRefused, "the saved plan cannot be applied: \(summary)",
               detail: detail.isEmpty ? "A plan Tenancy made never does this; the file was made or edited by other means." : detail,
               hint: "make a new plan: tenancy plan --out \(planPath.isEmpty ? "FILE" : planPath)", address: address.description)
    }

    private func verb(_ action: Plan.Action) -> String {
        switch action {
        case .create: return "creates"
        case .update: return "updates"
        case .delete: return "deletes"
        case .rename: return "renames"
        case .noop: return "keeps"
        }
    }
}
