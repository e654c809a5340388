import TenancyDiagnostics
import TenancyYAML

/// Names are unique per kind, and every reference names something that exists.
enum ReferenceRules {
    static let builtInRoles = ReferenceCatalog.builtInRoles

    static func checkUniqueness(_ configuration: Configuration, into diagnostics: inout Diagnostics) {
        var first: [Address: Int] = [:]
        first.reserveCapacity(configuration.manifests.count)
        for (index, manifest) in configuration.manifests.enumerated() {
            if let earlierIndex = first[manifest.address] {
                let earlier = configuration.manifests[earlierIndex]
                let r = earlier.nameNode.range
                diagnostics.append(SemanticRules.error(
                    .duplicateName, "\(manifest.kind.rawValue) `\(manifest.name)` is defined twice", at: manifest.nameNode, in: manifest,
                    path: "metadata.name", detail: "It is first defined at \(r.filename):\(r.start.line). Names are unique per kind.",
                    hint: "rename one of them, or remove the copy"))
            } else {
                first[manifest.address] = index
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

    /// Reports a reference that names nothing, with the closest existing name as a hint.
    /// `path` is only worked out when the reference is dangling.
    private static func resolve(_ node: Node, kind: Kind, in configuration: Configuration, from manifest: Manifest,
                                path: @autoclosure () -> String, extra: [String] = [], into diagnostics: inout Diagnostics) {
        guard let name = node.string else { return }
        if extra.contains(name) { return }
        if kind == .template ? configuration.templates[name] != nil : configuration.contains(Address(kind, name)) { return }
        let candidates = (kind == .template ? Array(configuration.templates.keys) : configuration.all(kind).map(\.name)) + extra
        let suggestion = Suggestion.closest(to: name, in: candidates)
        let noun = kind == .serviceAccount ? "service account" : kind.rawValue.lowercased()
        diagnostics.append(SemanticRules.error(
            .danglingReference, "no \(noun) named `\(name)`", at: node, in: manifest, path: path(),
            detail: "\(manifest.address) refers to \(kind.rawValue)/\(name), which is not defined in the configuration"
                + (kind == .template ? " nor built in." : "."),
            hint: suggestion.map { "did you mean `\($0)`?" }
                ?? (candidates.isEmpty ? "define it" : "known: \(candidates.sorted().prefix(8).joined(separator: ", "))")))
    }

    static func checkReferences(of manifest: Manifest, effective: LayeredNode?, in configuration: Configuration,
                                into diagnostics: inout Diagnostics) {
        let roles = builtInRoles
        do {
            guard let spec = manifest.spec else { return }
            switch manifest.kind {
            case .workspace:
                if let template = spec["template"] {
                    resolve(template, kind: .template, in: configuration, from: manifest, path: "spec.template", into: &diagnostics)
                }
                let effective = effective ?? configuration.effective(manifest)
                for (i, team) in (effective.lookup(["policy", "approvals", "approverTeams"])?.node.items ?? []).enumerated() {
                    resolve(team, kind: .team, in: configuration, from: manifest,
                            path: "spec.policy.approvals.approverTeams[\(i)]", into: &diagnostics)
                }
                for (i, route) in (effective.lookup(["notifications"])?.node.items ?? []).enumerated() {
                    if let integration = route["integration"] {
                        resolve(integration, kind: .integration, in: configuration, from: manifest,
                                path: "spec.notifications[\(i)].integration", into: &diagnostics)
                    }
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
    }

    static func checkMaintainers(_ team: Manifest, into diagnostics: inout Diagnostics) {
        let members = Set((team.spec?["members"]?.items ?? []).compactMap { $0.string?.lowercased() })
        for (i, maintainer) in (team.spec?["maintainers"]?.items ?? []).enumerated() {
            guard let address = maintainer.string, !members.contains(address.lowercased()) else { continue }
            diagnostics.append(SemanticRules.error(
                .maintainerNotMember, "maintainer `\(address)` is not a member of the team", at: maintainer, in: team,
                path: "spec.maintainers[\(i)]", hint: "add \(address) to spec.members"))
        }
    }
}
