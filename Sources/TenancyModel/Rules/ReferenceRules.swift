import TenancyDiagnostics
import TenancyYAML

/// Names are unique per kind, and every reference names something that exists.
enum ReferenceRules {
    static let builtInRoles = ReferenceCatalog.builtInRoles

    static func checkUniqueness(_ configuration: Configuration, into diagnostics: inout Diagnostics) {
        // Every definition of every name, held manifests and early workspaces alike; the first
        // in load order (file, then document) is the one the others are reported against.
        struct Definition {
            let order: (Int, Int)
            let span: NodeSpan
        }
        var definitions: [(Address, Definition)] = []
        definitions.reserveCapacity(configuration.manifests.count + configuration.early.count)
        for (position, manifest) in configuration.manifests.enumerated() {
            definitions.append((manifest.address, Definition(order: (manifest.ordinal, position), span: manifest.nameNode.span)))
        }
        for workspace in configuration.early {
            definitions.append((workspace.address, Definition(order: (workspace.ordinal, 0), span: workspace.nameSpan)))
        }
        var first: [Address: Definition] = [:]
        first.reserveCapacity(definitions.count)
        var repeated = false
        for (address, definition) in definitions {
            if let earlier = first[address] {
                repeated = true
                if definition.order < earlier.order { first[address] = definition }
            } else {
                first[address] = definition
            }
        }
        if repeated {
            for (address, definition) in definitions {
                guard let earliest = first[address], earliest.order != definition.order else { continue }
                diagnostics.append(.error(
                    .duplicateName, "\(address.kind.rawValue) `\(address.name)` is defined twice",
                    detail: "It is first defined at \(earliest.span.source.path):\(earliest.span.line). Names are unique per kind.",
                    hint: "rename one of them, or remove the copy", range: definition.span.range, path: "metadata.name",
                    address: address.description))
            }
        }
        let organizations = configuration.all(.organization)
        for extra in organizations.dropFirst() {
            diagnostics.append(SemanticRules.error(
                .multipleOrganizations, "a configuration has one Organization; this is a second one", at: extra.nameNode, in: extra,
                path: "metadata.name", detail: "The first is `\(organizations[0].name)` in \(organizations[0].file)."))
        }
        for role in configuration.all(.role) where builtInRoles.contains(role.name) {
            diagnostics.append(SemanticRules.error(
                .builtInRoleRedefined, "`\(role.name)` is a built-in role and cannot be redefined", at: role.nameNode, in: role,
                path: "metadata.name", hint: "give the custom role another name"))
        }
    }

    /// A previous name says which stored resource a manifest takes over (a rename). It must say
    /// so unambiguously: a name claimed by two manifests of a kind, or still in use by one, or the
    /// manifest's own, would leave the plan to guess (and the second claimer would silently be
    /// created anew).
    static func checkPreviousNames(_ configuration: Configuration, into diagnostics: inout Diagnostics) {
        struct Claim {
            let claimer: Address
            let previous: PreviousName
            let order: Int
        }
        var claims: [Claim] = []
        for manifest in configuration.manifests where manifest.root["metadata"]?["previousNames"] != nil {
            claims += PreviousName.of(manifest).map { Claim(claimer: manifest.address, previous: $0, order: manifest.ordinal) }
        }
        for workspace in configuration.early where !workspace.previousNames.isEmpty {
            claims += workspace.previousNames.map { Claim(claimer: workspace.address, previous: $0, order: workspace.ordinal) }
        }
        guard !claims.isEmpty else { return }
        claims.sort { ($0.order, $0.previous.index) < ($1.order, $1.previous.index) }
        var first: [Address: Claim] = [:]
        for claim in claims {
            let old = Address(claim.claimer.kind, claim.previous.name)
            let path = "metadata.previousNames[\(claim.previous.index)]"
            if old == claim.claimer {
                diagnostics.append(.error(.previousNameConflict, "\(claim.claimer) lists its own name as a previous name",
                                          detail: "A previous name is one the resource was applied under before a rename.",
                                          hint: "remove `\(claim.previous.name)` from metadata.previousNames",
                                          range: claim.previous.span.range, path: path, address: claim.claimer.description))
            } else if configuration.contains(old) {
                diagnostics.append(.error(.previousNameConflict, "`\(claim.previous.name)` is a previous name of \(claim.claimer), but \(old) is still defined",
                                          detail: "A rename takes over the resource applied under the old name; while a manifest still defines it, there is nothing to take over.",
                                          hint: "remove the manifest of \(old) to rename it, or drop `\(claim.previous.name)` from metadata.previousNames",
                                          range: claim.previous.span.range, path: path, address: claim.claimer.description))
            } else if let earlier = first[old] {
                if earlier.claimer == claim.claimer { continue } // listed twice by the same manifest: harmless
                diagnostics.append(.error(.previousNameConflict, "`\(claim.previous.name)` is claimed as a previous name by both \(earlier.claimer) and \(claim.claimer)",
                                          detail: "Only one resource can take over \(old); \(earlier.claimer) claims it at \(earlier.previous.span.source.path):\(earlier.previous.span.line).",
                                          hint: "keep `\(claim.previous.name)` in the previousNames of the one that was renamed",
                                          range: claim.previous.span.range, path: path, address: claim.claimer.description))
            } else {
                first[old] = claim
            }
        }
    }

    /// Reports a reference that names nothing, with the closest existing name as a hint.
    /// `from` is the manifest that refers; `path` where in it, worked out only for a report.
    private static func resolve(kind: Kind, name: String, at range: @autoclosure () -> SourceRange,
                                path: @autoclosure () -> String, from: Address, in configuration: Configuration,
                                extra: [String] = [], into diagnostics: inout Diagnostics) {
        if extra.contains(name) { return }
        if kind == .template ? configuration.templates[name] != nil : configuration.contains(Address(kind, name)) { return }
        let candidates = (kind == .template ? Array(configuration.templates.keys) : configuration.names(of: kind)) + extra
        let suggestion = Suggestion.closest(to: name, in: candidates)
        let noun = kind == .serviceAccount ? "service account" : kind.rawValue.lowercased()
        diagnostics.append(.error(
            .danglingReference, "no \(noun) named `\(name)`",
            detail: "\(from) refers to \(kind.rawValue)/\(name), which is not defined in the configuration"
                + (kind == .template ? " nor built in." : "."),
            hint: suggestion.map { "did you mean `\($0)`?" }
                ?? (candidates.isEmpty ? "define it" : "known: \(candidates.sorted().prefix(8).joined(separator: ", "))"),
            range: range(), path: path(), address: from.description))
    }

    /// A reference collected earlier from workspace `from`.
    static func resolve(_ reference: PendingReference, from: Address, in configuration: Configuration,
                        into diagnostics: inout Diagnostics) {
        resolve(kind: reference.kind, name: reference.name, at: reference.span.range, path: reference.site.path, from: from,
                in: configuration, into: &diagnostics)
        if case .notification = reference.site {
            checkReceiver(reference.name, at: reference.span.range, path: reference.site.path, from: from, in: configuration,
                          into: &diagnostics)
        }
    }

    /// A notification goes to an integration that receives messages: Slack, a webhook or e-mail,
    /// never a single sign-on provider.
    static func checkReceiver(_ name: String, at range: @autoclosure () -> SourceRange, path: @autoclosure () -> String,
                              from: Address, in configuration: Configuration, into diagnostics: inout Diagnostics) {
        guard let integration = configuration[Address(.integration, name)], integration.spec?["sso"] != nil else { return }
        diagnostics.append(.error(
            .danglingReference, "integration `\(name)` is a single sign-on provider: it receives no notifications",
            detail: "\(from) routes a notification to it; notifications go to Slack, webhook and e-mail integrations.",
            hint: "name a Slack, webhook or e-mail Integration", range: range(), path: path(), address: from.description))
    }

    /// A reference written at `node`, resolved at once.
    private static func resolve(_ node: Node, kind: Kind, in configuration: Configuration, from manifest: Manifest,
                                path: @autoclosure () -> String, extra: [String] = [], into diagnostics: inout Diagnostics) {
        guard let name = node.string else { return }
        resolve(kind: kind, name: name, at: node.range, path: path(), from: manifest.address, in: configuration, extra: extra,
                into: &diagnostics)
    }

    /// What a workspace refers to besides its template: its approver teams and the integrations its
    /// notifications go to (from its own settings or its template's). Collected rather than resolved
    /// so that a workspace can be checked before the rest of the configuration has been read.
    static func references(ofWorkspace workspace: Manifest, effective: LayeredNode) -> [PendingReference] {
        let teams = effective.lookup(["policy", "approvals", "approverTeams"])?.node.items ?? []
        let routes = effective.lookup(["notifications"])?.node.items ?? []
        var found: [PendingReference] = []
        found.reserveCapacity(teams.count + routes.count) // kept for the whole run: no spare capacity
        for (i, team) in teams.enumerated() {
            guard let name = team.string else { continue }
            found.append(PendingReference(kind: .team, name: name, span: team.span, site: .approverTeam(Int32(truncatingIfNeeded: i))))
        }
        for (i, route) in routes.enumerated() {
            guard let integration = route["integration"], let name = integration.string else { continue }
            found.append(PendingReference(kind: .integration, name: name, span: integration.span,
                                          site: .notification(Int32(truncatingIfNeeded: i))))
        }
        return found
    }

    static func checkReferences(of manifest: Manifest, effective: LayeredNode?, in configuration: Configuration,
                                into diagnostics: inout Diagnostics) {
        let roles = builtInRoles
        guard let spec = manifest.spec else { return }
        switch manifest.kind {
        case .workspace:
            if let template = spec["template"] {
                resolve(template, kind: .template, in: configuration, from: manifest, path: "spec.template", into: &diagnostics)
            }
            for (i, profile) in (spec["profiles"]?.items ?? []).enumerated() {
                resolve(profile, kind: .template, in: configuration, from: manifest, path: "spec.profiles[\(i)]", into: &diagnostics)
            }
            for reference in references(ofWorkspace: manifest, effective: effective ?? configuration.effective(manifest)) {
                resolve(reference, from: manifest.address, in: configuration, into: &diagnostics)
            }
        case .team:
            for (i, grant) in (spec["access"]?.items ?? []).enumerated() {
                if let workspace = grant["workspace"] {
                    resolve(workspace, kind: .workspace, in: configuration, from: manifest,
                            path: "spec.access[\(i)].workspace", into: &diagnostics)
                }
                if let role = grant["role"] {
                    resolve(role, kind: .role, in: configuration, from: manifest, path: "spec.access[\(i)].role",
                            extra: roles, into: &diagnostics)
                }
            }
        case .serviceAccount:
            if let workspace = spec["workspace"] {
                resolve(workspace, kind: .workspace, in: configuration, from: manifest, path: "spec.workspace", into: &diagnostics)
            }
            if let role = spec["role"] {
                resolve(role, kind: .role, in: configuration, from: manifest, path: "spec.role", extra: roles, into: &diagnostics)
            }
        case .organization:
            if let template = spec["defaultTemplate"] {
                resolve(template, kind: .template, in: configuration, from: manifest, path: "spec.defaultTemplate",
                        into: &diagnostics)
            }
            for (i, route) in (spec["notifications"]?.items ?? []).enumerated() {
                guard let integration = route["integration"], let name = integration.string else { continue }
                let path = "spec.notifications[\(i)].integration"
                resolve(integration, kind: .integration, in: configuration, from: manifest, path: path, into: &diagnostics)
                checkReceiver(name, at: integration.range, path: path, from: manifest.address, in: configuration, into: &diagnostics)
            }
            for (i, provider) in (spec["sso"]?["allowedProviders"]?.items ?? []).enumerated() {
                let path = "spec.sso.allowedProviders[\(i)]"
                resolve(provider, kind: .integration, in: configuration, from: manifest, path: path, into: &diagnostics)
                if let name = provider.string, let integration = configuration[Address(.integration, name)],
                   integration.spec?["sso"] == nil {
                    diagnostics.append(SemanticRules.error(
                        .danglingReference, "integration `\(name)` is not an SSO provider", at: provider, in: manifest,
                        path: path, hint: "name an Integration with an `sso` section"))
                }
            }
        default:
            break
        }
    }

    static func checkMaintainers(_ team: Manifest, into diagnostics: inout Diagnostics) {
        // E-mail addresses are compared without letter case (as mail systems and the access
        // answers compare them): one listed twice in different case is the same person twice.
        for list in ["members", "maintainers"] {
            var firstSpelling: [String: String] = [:]
            for (i, member) in (team.spec?[list]?.items ?? []).enumerated() {
                guard let address = member.string else { continue }
                if let first = firstSpelling[address.lowercased()], first != address {
                    diagnostics.append(SemanticRules.warning(
                        .memberRepeated, "`\(Terminal.escaped(address))` is `\(Terminal.escaped(first))` again, in other letter case", at: member, in: team,
                        path: "spec.\(list)[\(i)]", hint: "list each \(list == "members" ? "member" : "maintainer") once"))
                } else if firstSpelling[address.lowercased()] == nil {
                    firstSpelling[address.lowercased()] = address
                }
            }
        }
        let members = Set((team.spec?["members"]?.items ?? []).compactMap { $0.string?.lowercased() })
        for (i, maintainer) in (team.spec?["maintainers"]?.items ?? []).enumerated() {
            guard let address = maintainer.string, !members.contains(address.lowercased()) else { continue }
            diagnostics.append(SemanticRules.error(
                .maintainerNotMember, "maintainer `\(address)` is not a member of the team", at: maintainer, in: team,
                path: "spec.maintainers[\(i)]", hint: "add \(address) to spec.members"))
        }
    }
}
