import Dispatch
import TenancySupport
import TenancyDiagnostics
import TenancyModel
import TenancyJSON

/// Compares the desired resources with the stored state and orders the differences: what others
/// depend on first, deletions in reverse. Refuses destructive changes that were not asked for.
package struct Planner: Sendable {
    package var allowDestroy = false
    /// `--target`: plan only these addresses and what they depend on.
    package var targets: [Address] = []
    /// `--exclude`: leave these addresses, and what depends on them, out of the plan.
    package var excludes: [Address] = []

    package init(allowDestroy: Bool = false, targets: [Address] = [], excludes: [Address] = []) {
        self.allowDestroy = allowDestroy
        self.targets = targets
        self.excludes = excludes
    }

    package func plan(desired: DesiredState, state: State?) -> (Plan, Diagnostics) {
        var diagnostics = Diagnostics()
        let stored = state?.resources ?? [:]
        let named = targets + excludes
        let known = named.isEmpty ? [] : Set(desired.resources.keys).union(stored.keys)
        for address in named where !known.contains(address) {
            diagnostics.append(.error(.planUnknownAddress, "`\(address)` is neither in the configuration nor in the state",
                                      hint: Suggestion.closest(to: address.description, in: known.map(\.description)).map { "did you mean `\($0)`?" }))
        }
        for address in Set(targets).intersection(excludes).sorted() {
            diagnostics.append(.error(.planTargetExcluded, "`\(address)` is both targeted and excluded",
                                      detail: "--target asks to plan it, --exclude to leave it out; a plan cannot do both.",
                                      hint: "drop one of --target \(address) and --exclude \(address)"))
        }
        // Renames first: a rename is one change under two names, so --target and --exclude take
        // it whole, by either name, and never split it into a destroy and a create.
        let renames = Self.renames(desired: desired, stored: stored)
        let selected = selection(desired: desired, stored: stored, renames: renames, notes: &diagnostics)
        var changes: [Address: Plan.ResourceChange] = [:]
        var claimed = Set<Address>() // stored resources that a rename takes over

        // Comparing a resource with its stored self is independent work: spread it over the cores.
        let existing = desired.resources.filter { selected($0.key) && stored[$0.key] != nil }.map(\.value)
        let compared = Parallel.chunks(existing.count, grain: 128, state: { [Plan.ResourceChange]() }) { range, local in
            for resource in existing[range] {
                if let current = stored[resource.address] {
                    local.append(Self.compare(address: resource.address, previous: nil, before: current.resource, after: resource))
                }
            }
        }
        for part in compared { for change in part { changes[change.address] = change } }
        var creates: [Resource] = []
        for (address, resource) in desired.resources where selected(address) {
            if stored[address] != nil { continue }
            if let old = renames[address], let current = stored[old] {
                claimed.insert(old)
                changes[address] = Self.compare(address: address, previous: old, before: current.resource, after: resource)
            } else {
                creates.append(resource)
            }
        }
        for resource in creates {
            changes[resource.address] = Plan.ResourceChange(address: resource.address, previousAddress: nil, action: .create,
                                                            fieldChanges: nil, unchangedCount: 0, before: nil, after: resource)
        }
        var deletions: [Plan.ResourceChange] = []
        for (address, current) in stored where desired.resources[address] == nil && !claimed.contains(address) && selected(address) {
            if address.kind == .workspace {
                if current.resource.isProtected {
                    diagnostics.append(.error(.planProtected, "Workspace/\(address.name) is protected and cannot be deleted",
                                              detail: "It is missing from the configuration, so the plan would delete it and its tenant's data. It was applied with `protected: true`.",
                                              hint: "restore its manifest; to delete it, first apply it with `protected: false`",
                                              address: address.description))
                    continue
                }
                if !allowDestroy {
                    diagnostics.append(.error(.planDestroyRefused, "deleting Workspace/\(address.name) needs --allow-destroy",
                                              detail: "It is missing from the configuration, so the plan would delete the workspace and its tenant's data.",
                                              hint: "restore its manifest, rename it with metadata.previousNames, or pass --allow-destroy",
                                              address: address.description))
                    continue
                }
            }
            deletions.append(Plan.ResourceChange(address: address, previousAddress: nil, action: .delete,
                                                 fieldChanges: nil, unchangedCount: 0, before: current.resource, after: nil))
        }

        let ordered = Self.order(changes, desired: desired, diagnostics: &diagnostics)
        let deleteOrder = Self.reverseOrder(deletions, stored: stored)
        var plan = Plan(priorLineage: state?.lineage, priorSerial: state?.serial, changes: ordered + deleteOrder)
        if !named.isEmpty {
            // What the selection left out, counted by planning everything (only when selecting).
            let planned = Set(plan.effectiveChanges.map(\.address))
            let everything = Planner(allowDestroy: true, targets: [], excludes: []).plan(desired: desired, state: state).0
            let leftOut = everything.effectiveChanges.filter { !planned.contains($0.address) }
            plan.leftOutBySelection = leftOut.count
            if !leftOut.isEmpty {
                let listed = leftOut.prefix(5).map(\.address.description).joined(separator: ", ") + (leftOut.count > 5 ? ", …" : "")
                diagnostics.append(.warning(.planSelection, "--target/--exclude leave \(leftOut.count) change\(leftOut.count == 1 ? "" : "s") out of this plan (\(listed))",
                                            detail: "After it is applied the stored state still differs from the configuration; a plan without --target and --exclude shows everything.",
                                            hint: "use --target and --exclude for exceptional cases (a repair), not routinely"))
            }
        }
        plan.uncheckedSecrets = plan.changes.flatMap { change -> [Plan.UncheckedSecret] in
            guard change.action != .delete, let after = change.after else { return [] }
            return after.uncheckedSecrets.map { Plan.UncheckedSecret(address: change.address, path: $0) }
        }.sorted()
        return (plan, diagnostics)
    }

    // MARK: Renames

    /// The renames the configuration asks for: each new address not in the state whose
    /// `previousNames` name a stored resource that is no longer desired, each stored resource
    /// taken over once (new addresses in order, so the same inputs always pair the same way).
    static func renames(desired: DesiredState, stored: [Address: StateResource]) -> [Address: Address] {
        var renames: [Address: Address] = [:]
        var claimed = Set<Address>()
        // Only new addresses that name previous ones are candidates (a handful, sorted; sorting
        // every desired resource cost a plan of 10,000 workspaces a tenth of its time).
        let candidates = desired.resources.filter { stored[$0.key] == nil && !$0.value.previousNames.isEmpty }
        for (address, resource) in candidates.sorted(by: { $0.key < $1.key }) {
            let old = resource.previousNames.map { Address(address.kind, $0) }
                .first { stored[$0] != nil && desired.resources[$0] == nil && !claimed.contains($0) }
            if let old {
                claimed.insert(old)
                renames[address] = old
            }
        }
        return renames
    }

    // MARK: Selection

    /// Which addresses `--target` / `--exclude` leave in the plan: with targets, the targets and
    /// everything they depend on (transitively); minus the excluded and everything that depends
    /// on them. A rename's two names go together: naming either targets or excludes the rename
    /// whole, and `notes` says so.
    func selection(desired: DesiredState, stored: [Address: StateResource], renames: [Address: Address] = [:],
                   notes: inout Diagnostics) -> (Address) -> Bool {
        var partner: [Address: Address] = [:]
        for (new, old) in renames {
            partner[new] = old
            partner[old] = new
        }
        func whole(_ named: [Address], _ verb: String, _ outcome: String) -> [Address] {
            var all = named
            for address in named {
                guard let other = partner[address], !named.contains(other) else { continue }
                all.append(other)
                let (old, new) = renames[address] != nil ? (other, address) : (address, other)
                notes.append(.warning(.planRenameSelection, "\(verb) \(address) names one side of the rename \(old) → \(new): the rename is \(outcome) whole",
                                      detail: "A rename keeps the resource's identity; planning one name alone would destroy it and create it anew.",
                                      address: new.description))
            }
            return all
        }
        let targets = whole(self.targets, "--target", "planned")
        let excludes = whole(self.excludes, "--exclude", "left out")
        for (new, old) in renames.sorted(by: { $0.key < $1.key }) where targets.contains(new) && excludes.contains(new) && !Set(self.targets).intersection(self.excludes).contains(new) && !Set(self.targets).intersection(self.excludes).contains(old) {
            notes.append(.error(.planTargetExcluded, "--target and --exclude name the two sides of the rename \(old) → \(new)",
                                detail: "A rename is one resource under two names: a plan cannot both make it and leave it out.",
                                hint: "drop the --target or the --exclude of \(old) or \(new)", address: new.description))
        }
        func dependencies(_ address: Address) -> [Address] {
            (desired.resources[address]?.dependencies ?? stored[address]?.resource.dependencies ?? []).compactMap(Address.init)
        }
        var included: Set<Address>?
        if !targets.isEmpty {
            var set = Set<Address>()
            var queue = targets
            while let next = queue.popLast() {
                guard set.insert(next).inserted else { continue }
                queue.append(contentsOf: dependencies(next))
            }
            included = set
        }
        var excluded = Set(excludes)
        if !excludes.isEmpty {
            let all = Set(desired.resources.keys).union(stored.keys)
            var changed = true
            while changed {
                changed = false
                for address in all where !excluded.contains(address) && dependencies(address).contains(where: excluded.contains) {
                    excluded.insert(address)
                    changed = true
                }
            }
        }
        return { address in (included?.contains(address) ?? true) && !excluded.contains(address) }
    }

    // MARK: Ordering

    /// Dependencies first (Kahn's algorithm, ties by address so plans are stable); a cycle is an
    /// error naming its members.
    static func order(_ changes: [Address: Plan.ResourceChange], desired: DesiredState,
                      diagnostics: inout Diagnostics) -> [Plan.ResourceChange] {
        var remaining = Set(changes.keys)
        var result: [Plan.ResourceChange] = []
        // Dependencies are stored as address texts: look them up by text rather than parse each.
        let byText = Dictionary(uniqueKeysWithValues: changes.keys.map { ($0.description, $0) })
        let dependencies: [Address: [Address]] = changes.keys.reduce(into: [:]) { map, address in
            let texts = desired.resources[address]?.dependencies ?? []
            if !texts.isEmpty { map[address] = texts.compactMap { byText[$0] } }
        }
        while !remaining.isEmpty {
            let ready = remaining.filter { address in dependencies[address, default: []].allSatisfy { !remaining.contains($0) } }
            if ready.isEmpty {
                let cycle = remaining.sorted().map(\.description)
                diagnostics.append(.error(.planCycle, "these resources refer to each other in a cycle: \(cycle.joined(separator: ", "))",
                                          hint: "break the cycle: one of the references must go"))
                result.append(contentsOf: remaining.sorted().compactMap { changes[$0] })
                break
            }
            for address in ready.sorted() {
                if let change = changes[address] { result.append(change) }
                remaining.remove(address)
            }
        }
        return result
    }

    static func reverseOrder(_ deletions: [Plan.ResourceChange], stored: [Address: StateResource]) -> [Plan.ResourceChange] {
        var byAddress: [Address: Plan.ResourceChange] = [:]
        for change in deletions { byAddress[change.address] = change }
        // Dependents go first: delete what refers to a resource before the resource.
        var remaining = Set(byAddress.keys)
        var result: [Plan.ResourceChange] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { candidate in
                !remaining.contains { other in
                    other != candidate && (stored[other]?.resource.dependencies ?? []).contains(candidate.description)
                }
            }
            let batch = ready.isEmpty ? remaining : ready
            for address in batch.sorted() { if let change = byAddress[address] { result.append(change) } }
            remaining.subtract(batch)
        }
        return result
    }

    // MARK: Field-level differences

    /// Whether the stored resource's secret at `path` and the desired one's are the same value: the
    /// same digest, or (a state from before keyed digests) the desired value's plain digest equal
    /// to the stored plain one.
    static func sameSecret(at path: String, _ stored: Resource, _ desired: Resource) -> Bool {
        let old = stored.secretDigests[path], new = desired.secretDigests[path]
        if old == new { return true }
        guard let old, new != nil, SecretSource.isPlain(old) else { return false }
        return desired.plainSecretDigests[path] == old
    }

    static func sameSecrets(_ stored: Resource, _ desired: Resource) -> Bool {
        stored.secretDigests.count == desired.secretDigests.count
            && stored.secretDigests.keys.allSatisfy { sameSecret(at: $0, stored, desired) }
    }

    static func compare(address: Address, previous: Address?, before: Resource, after: Resource) -> Plan.ResourceChange {
        // The common case, nothing changed, is settled by equality alone: no paths, no sets.
        if previous == nil, sameSecrets(before, after), before.attributesEqual(after) {
            return Plan.ResourceChange(address: address, previousAddress: nil, action: .noop, fieldChanges: [],
                                       unchangedCount: 0, before: before, after: after)
        }
        var fields: [Plan.FieldChange] = []
        var unchanged = 0
        diff(before.attributes, after.attributes, path: "", into: &fields, unchanged: &unchanged)
        for path in Set(before.secretDigests.keys).union(after.secretDigests.keys).sorted() {
            if !sameSecret(at: path, before, after) {
                fields.append(Plan.FieldChange(path: path, before: nil, after: nil, sensitive: true))
            }
        }
        let action: Plan.Action = previous != nil ? .rename : (fields.isEmpty ? .noop : .update)
        return Plan.ResourceChange(address: address, previousAddress: previous, action: action, fieldChanges: fields,
                                   unchangedCount: unchanged, before: before, after: after)
    }

    /// Leaf-level differences. Lists of scalars whose order is canonical (sets) are compared as
    /// sets: the change lists what was added and removed, not every shifted position.
    static func diff(_ before: JSON?, _ after: JSON?, path: String, into fields: inout [Plan.FieldChange], unchanged: inout Int) {
        switch (before, after) {
        case let (.object(a)?, .object(b)?):
            for key in Set(a.keys).union(b.keys).sorted() {
                diff(a[key], b[key], path: path.isEmpty ? key : path + "." + key, into: &fields, unchanged: &unchanged)
            }
        case let (nil, .object(b)?):
            // A mapping that appears: list its leaves, not one opaque object.
            for key in b.keys.sorted() { diff(nil, b[key], path: path.isEmpty ? key : path + "." + key, into: &fields, unchanged: &unchanged) }
        case let (.object(a)?, nil):
            for key in a.keys.sorted() { diff(a[key], nil, path: path.isEmpty ? key : path + "." + key, into: &fields, unchanged: &unchanged) }
        case let (.array(a)?, .array(b)?) where a.allSatisfy(isScalar) && b.allSatisfy(isScalar) && a != b:
            let removed = a.filter { !b.contains($0) }
            let added = b.filter { !a.contains($0) }
            if removed.isEmpty && added.isEmpty {
                fields.append(Plan.FieldChange(path: path, before: .array(a), after: .array(b), sensitive: false))
            } else {
                fields.append(Plan.FieldChange(path: path, before: removed.isEmpty ? nil : .array(removed),
                                               after: added.isEmpty ? nil : .array(added), sensitive: false))
            }
        default:
            if before == after { unchanged += 1; return }
            fields.append(Plan.FieldChange(path: path, before: before, after: after, sensitive: false))
        }
    }

    static func isScalar(_ value: JSON) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    /// Every leaf of a resource being created or deleted.
    static func fields(of resource: Resource, created: Bool) -> [Plan.FieldChange] {
        var fields: [Plan.FieldChange] = []
        var unchanged = 0
        if created {
            diff(.object([:]), resource.attributes, path: "", into: &fields, unchanged: &unchanged)
        } else {
            diff(resource.attributes, .object([:]), path: "", into: &fields, unchanged: &unchanged)
        }
        for path in resource.secretDigests.keys.sorted() {
            fields.append(Plan.FieldChange(path: path, before: nil, after: nil, sensitive: true))
        }
        return fields
    }
}
