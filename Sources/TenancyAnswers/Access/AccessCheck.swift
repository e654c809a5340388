import TenancyDiagnostics
import TenancyModel

/// One link of the chain that decides an access question: what it is, and where it is written
/// (a resource and, within it, what to find: a member, a grant, a policy field), so that a
/// checkout that matches the applied state can point at its file:line.
package struct AccessLink: Sendable, Equatable {
    package enum Step: String, Sendable {
        case organization, membership, grant, role, permission, serviceAccount = "service-account", scope, condition
    }

    /// Where in a manifest the link is written.
    package enum Locator: Sendable, Equatable {
        case resource
        /// An item of `spec.members` equal to the email.
        case member(String)
        /// An item of `spec.access` with this workspace and role.
        case grant(workspace: String, role: String)
        /// A field by its path under the manifest (`spec.policy.approvals.approverTeams`).
        case field(String)
    }

    package let step: Step
    package let text: String
    /// The resource it is written in; nil for what is built in.
    package let address: Address?
    package let locator: Locator

    package init(_ step: Step, _ text: String, at address: Address? = nil, _ locator: Locator = .resource) {
        self.step = step
        self.text = text
        self.address = address
        self.locator = locator
    }
}

/// `access check`: whether a person (by e-mail) or a service account (by name) may use a
/// permission in a workspace, with the chain that decided it, the conditions the workspace's
/// policy puts on it, and, on a deny, the near misses (docs/access.md).
package struct AccessDecision: Sendable, Equatable {
    package enum Subject: Sendable, Equatable {
        case person(String)
        case serviceAccount(String)

        package var text: String {
            switch self {
            case let .person(email): return email
            case let .serviceAccount(name): return "service account \(name)"
            }
        }
    }

    package let subject: Subject
    package let workspace: String
    package let permission: String
    package let allowed: Bool
    /// Each chain that allows, the first deciding; on a deny, empty.
    package let allowing: [[AccessLink]]
    /// On a deny: why, in one line.
    package let reason: String?
    /// What the policy asks of an allowed use (MFA at sign-in, approvals before it runs).
    package let conditions: [AccessLink]
    /// On a deny: chains that came close, each ending where it broke.
    package let nearMisses: [[AccessLink]]
}

package struct AccessCheck: Sendable {
    package let model: AccessModel

    package init(_ model: AccessModel) { self.model = model }

    /// `who` is an e-mail address, or a service account's name (no `@`).
    package func decide(_ who: String, workspace: String, permission: String) -> AccessDecision {
        who.contains("@") ? person(who.lowercased(), workspace, permission) : serviceAccount(who, workspace, permission)
    }

    private var organizationLink: AccessLink {
        AccessLink(.organization, "organization \(model.organization ?? "(none applied)")",
                   at: model.organization.map { Address(.organization, $0) })
    }

    private func roleLink(_ role: RoleDefinition, _ permission: String) -> AccessLink {
        AccessLink(.role, "role \(role.name) (\(role.builtIn ? "built in" : "Role")) "
                   + (role.permissions.contains(permission) ? "includes \(permission)" : "does not include \(permission)"),
                   at: role.builtIn ? nil : Address(.role, role.name))
    }

    private func person(_ email: String, _ workspace: String, _ permission: String) -> AccessDecision {
        let policy = model.policies[workspace] ?? AccessModel.Policy()
        var allowing: [[AccessLink]] = [], misses: [[AccessLink]] = []
        let teams = model.teams.values.filter { $0.members.contains { $0.lowercased() == email } }.sorted { $0.name < $1.name }
        for team in teams {
            let member = AccessLink(.membership, "member of team \(team.name)", at: Address(.team, team.name),
                                    .member(team.members.first { $0.lowercased() == email } ?? email))
            for grant in team.grants where grant.workspace == workspace {
                let grantLink = AccessLink(.grant, "grant: \(grant.role) in \(workspace)", at: Address(.team, team.name),
                                           .grant(workspace: workspace, role: grant.role))
                guard let role = model.roles[grant.role] else {
                    misses.append([organizationLink, member, grantLink,
                                   AccessLink(.role, "role \(grant.role) is not defined (neither built in nor a Role)")])
                    continue
                }
                var chain = [organizationLink, member, grantLink, roleLink(role, permission)]
                guard role.permissions.contains(permission) else {
                    misses.append(chain)
                    continue
                }
                if let blocked = policyBlock(permission, team: team.name, workspace: workspace, policy: policy) {
                    misses.append(chain + [blocked])
                    continue
                }
                chain.append(AccessLink(.permission, "\(permission) in \(workspace)"))
                allowing.append(chain)
            }
        }
        if !allowing.isEmpty {
            return AccessDecision(subject: .person(email), workspace: workspace, permission: permission, allowed: true,
                                  allowing: allowing, reason: nil, conditions: conditions(permission, workspace: workspace, policy: policy),
                                  nearMisses: [])
        }
        // Near misses: the person's own grants here that fall short (above), their grants of the
        // permission elsewhere, and the teams that do hold it here.
        for team in teams {
            let member = AccessLink(.membership, "member of team \(team.name)", at: Address(.team, team.name),
                                    .member(team.members.first { $0.lowercased() == email } ?? email))
            for grant in team.grants where grant.workspace != workspace {
                guard let role = model.roles[grant.role], role.permissions.contains(permission) else { continue }
                misses.append([member, AccessLink(.grant, "grant: \(grant.role) in \(grant.workspace), not in \(workspace)",
                                                  at: Address(.team, team.name), .grant(workspace: grant.workspace, role: grant.role))])
            }
        }
        for team in model.teams.values.sorted(by: { $0.name < $1.name }) where !teams.contains(team) {
            // One line a team: the first of its grants here that holds the permission.
            let holding = team.grants.first { grant in
                grant.workspace == workspace && (model.roles[grant.role]?.permissions.contains(permission) ?? false)
                    && policyBlock(permission, team: team.name, workspace: workspace, policy: policy) == nil
            }
            guard let grant = holding else { continue }
            misses.append([AccessLink(.grant, "team \(team.name) holds it here (\(grant.role)); \(email) is not a member",
                                      at: Address(.team, team.name), .grant(workspace: workspace, role: grant.role))])
        }
        let reason: String
        if teams.isEmpty {
            reason = "\(email) is not a member of any team"
        } else if !teams.contains(where: { $0.grants.contains { $0.workspace == workspace } }) {
            reason = "none of \(email)'s teams (\(teams.map(\.name).joined(separator: ", "))) has access to \(workspace)"
        } else {
            reason = "no role \(email) holds in \(workspace) allows \(permission)"
        }
        return AccessDecision(subject: .person(email), workspace: workspace, permission: permission, allowed: false,
                              allowing: [], reason: reason, conditions: [], nearMisses: misses)
    }

    private func serviceAccount(_ name: String, _ workspace: String, _ permission: String) -> AccessDecision {
        let subject = AccessDecision.Subject.serviceAccount(name)
        func deny(_ reason: String, _ misses: [[AccessLink]]) -> AccessDecision {
            AccessDecision(subject: subject, workspace: workspace, permission: permission, allowed: false, allowing: [], reason: reason,
                           conditions: [], nearMisses: misses)
        }
        guard let account = model.serviceAccounts[name] else {
            return deny("no service account named \(name) is applied", [])
        }
        let address = Address(.serviceAccount, name)
        let acts = AccessLink(.serviceAccount, "service account \(name) acts in \(account.workspace) as \(account.role)", at: address)
        guard account.workspace == workspace else {
            return deny("service account \(name) acts in \(account.workspace) only", [[organizationLink, acts]])
        }
        guard let role = model.roles[account.role] else {
            return deny("its role \(account.role) is not defined", [[organizationLink, acts]])
        }
        var chain = [organizationLink, acts, roleLink(role, permission)]
        guard role.permissions.contains(permission) else { return deny("its role \(role.name) does not include \(permission)", [chain]) }
        if let scopes = account.scopes {
            let scope = AccessLink(.scope, scopes.contains(permission) ? "its API key's scopes include \(permission)"
                                                                       : "its API key's scopes (\(scopes.sorted().joined(separator: ", "))) leave \(permission) out",
                                   at: address, .field("spec.apiKey.scopes"))
            chain.append(scope)
            guard scopes.contains(permission) else { return deny("its API key's scopes leave \(permission) out", [chain]) }
        }
        let policy = model.policies[workspace] ?? AccessModel.Policy()
        if !policy.apiKeysEnabled {
            return deny("API keys are disabled in \(workspace)",
                        [chain + [AccessLink(.condition, "API keys are disabled here", at: Address(.workspace, workspace), .field("spec.policy.apiKeys.enabled"))]])
        }
        chain.append(AccessLink(.permission, "\(permission) in \(workspace)"))
        var conditions = conditions(permission, workspace: workspace, policy: policy)
        conditions.removeAll { $0.text.hasPrefix("sign-in with MFA") } // a key does not sign in
        return AccessDecision(subject: subject, workspace: workspace, permission: permission, allowed: true, allowing: [chain],
                              reason: nil, conditions: conditions, nearMisses: [])
    }

    /// A policy rule that takes a permission a role grants away from a team.
    private func policyBlock(_ permission: String, team: String, workspace: String, policy: AccessModel.Policy) -> AccessLink? {
        let at = Address(.workspace, workspace)
        if permission == "execution.approve", policy.approvalsRequired, !policy.approverTeams.isEmpty, !policy.approverTeams.contains(team) {
            return AccessLink(.condition, "approvals in \(workspace) come from \(policy.approverTeams.joined(separator: ", ")) only",
                              at: at, .field("spec.policy.approvals.approverTeams"))
        }
        if permission == "apikey.manage", !policy.apiKeysEnabled {
            return AccessLink(.condition, "API keys are disabled in \(workspace)", at: at, .field("spec.policy.apiKeys.enabled"))
        }
        return nil
    }

    /// What the workspace's policy asks of an allowed use.
    private func conditions(_ permission: String, workspace: String, policy: AccessModel.Policy) -> [AccessLink] {
        let at = Address(.workspace, workspace)
        var conditions: [AccessLink] = []
        if policy.mfaRequired {
            let methods = policy.mfaMethods.isEmpty ? "" : " (\(policy.mfaMethods.joined(separator: ", ")))"
            conditions.append(AccessLink(.condition, "sign-in with MFA\(methods)", at: at, .field("spec.policy.mfa")))
        }
        if permission == "execution.run", policy.approvalsRequired {
            let environments = policy.approvalEnvironments.isEmpty ? "every environment" : policy.approvalEnvironments.joined(separator: ", ")
            let from = policy.approverTeams.isEmpty ? "" : " from \(policy.approverTeams.joined(separator: ", "))"
            conditions.append(AccessLink(.condition, "executions in \(environments) wait for \(policy.minApprovers) approval"
                                         + (policy.minApprovers == 1 ? "" : "s") + from, at: at, .field("spec.policy.approvals")))
        }
        if permission == "execution.approve", policy.approvalsRequired {
            conditions.append(AccessLink(.condition, "an approval counts toward the \(policy.minApprovers) an execution needs",
                                         at: at, .field("spec.policy.approvals.minApprovers")))
        }
        return conditions
    }
}

extension AccessDecision {
    /// A deny for someone the configuration does not name at all gets the closest name it does
    /// (a misspelt e-mail address is the usual reason).
    package func withSuggestion(_ model: AccessModel) -> AccessDecision {
        guard !allowed else { return self }
        let known: [String], name: String
        switch subject {
        case let .person(email):
            guard !model.people.contains(where: { $0.lowercased() == email }) else { return self }
            known = model.people
            name = email
        case let .serviceAccount(account):
            guard model.serviceAccounts[account] == nil else { return self }
            known = Array(model.serviceAccounts.keys)
            name = account
        }
        guard let closest = Suggestion.closest(to: name, in: known) else { return self }
        return AccessDecision(subject: subject, workspace: workspace, permission: permission, allowed: false, allowing: [],
                              reason: (reason ?? "denied") + " (did you mean \(closest)?)", conditions: [], nearMisses: nearMisses)
    }
}
