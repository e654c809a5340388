import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// Who may do what, as applied: teams with their members and grants, roles (built in and the
/// configuration's), service accounts, and the workspace policies that condition access. Read
/// from the stored state's canonical attributes.
package struct AccessModel: Sendable {
    package struct Grant: Sendable, Equatable {
        package let workspace: String
        package let role: String
    }

    package struct Team: Sendable, Equatable {
        package let name: String
        package let members: Set<String>
        package let maintainers: Set<String>
        package let grants: [Grant]
    }

    package struct ServiceAccount: Sendable, Equatable {
        package let name: String
        package let workspace: String
        package let role: String
        /// Its API key's scopes; nil when it names none (then the role alone decides).
        package let scopes: Set<String>?
    }

    /// The parts of a workspace's policy that condition access.
    package struct Policy: Sendable, Equatable {
        package var approvalsRequired = false
        package var minApprovers = 1
        package var approverTeams: [String] = []
        package var approvalEnvironments: [String] = []
        package var mfaRequired = false
        package var mfaMethods: [String] = []
        package var apiKeysEnabled = true
    }

    package let organization: String?
    package let teams: [String: Team]
    package let roles: [String: RoleDefinition]
    package let serviceAccounts: [String: ServiceAccount]
    package let policies: [String: Policy]

    package init(_ state: State) {
        var teams: [String: Team] = [:], roles: [String: RoleDefinition] = [:]
        var accounts: [String: ServiceAccount] = [:], policies: [String: Policy] = [:]
        var organization: String?
        for role in RoleDefinition.builtIn { roles[role.name] = role }
        // Each resource's part read in place from its stored text, on all cores (a state of
        // 10,000 workspaces is 10,000 trees otherwise, parsed one after another).
        let entries = state.resources.map { (address: $0.key, resource: $0.value.resource) }
        let parts = Parallel.map(entries.count, grain: 64) { i in
            entries[i].resource.readAttributes(at: [], stored: { Self.part(entries[i].address, $0) },
                                               tree: { Self.part(entries[i].address, $0) })
        }
        for (entry, part) in zip(entries, parts) {
            let name = entry.address.name
            switch part {
            case .organization: organization = min(organization ?? name, name)
            case let .team(team): teams[name] = team
            case let .role(role):
                // A Role of the configuration named like a built-in one does not replace it.
                guard roles[name]?.builtIn != true else { continue }
                roles[name] = role
            case let .serviceAccount(account): accounts[name] = account
            case let .policy(policy): policies[name] = policy
            case .none: break
            }
        }
        // A grant that still names a workspace by its previous name (a rename applied alone, with
        // --target, before the teams that refer to it) is a grant on the renamed workspace: one
        // answer whichever command asks (by workspace, by user).
        let aliases = WorkspaceAliases.of(state)
        if !aliases.isEmpty {
            for (name, team) in teams where team.grants.contains(where: { aliases[$0.workspace] != nil }) {
                teams[name] = Team(name: team.name, members: team.members, maintainers: team.maintainers,
                                   grants: team.grants.map { Grant(workspace: aliases[$0.workspace] ?? $0.workspace, role: $0.role) })
            }
            for (name, account) in accounts {
                guard let current = aliases[account.workspace] else { continue }
                accounts[name] = ServiceAccount(name: account.name, workspace: current, role: account.role, scopes: account.scopes)
            }
        }
        self.organization = organization
        self.teams = teams
        self.roles = roles
        self.serviceAccounts = accounts
        self.policies = policies
    }

    /// What one resource adds to the model.
    private enum Part: Sendable {
        case organization, team(Team), role(RoleDefinition), serviceAccount(ServiceAccount), policy(Policy), none
    }

    private static func part<Attributes: JSONReading>(_ address: Address, _ attributes: Attributes?) -> Part {
        let spec = attributes?["spec"]
        func strings(_ json: Attributes?) -> [String] { json?.arrayValue?.compactMap(\.stringValue) ?? [] }
        switch address.kind {
        case .organization:
            return .organization
        case .team:
            let grants = (spec?["access"]?.arrayValue ?? []).compactMap { item -> Grant? in
                guard let workspace = item["workspace"]?.stringValue, let role = item["role"]?.stringValue else { return nil }
                return Grant(workspace: workspace, role: role)
            }
            return .team(Team(name: address.name, members: Set(strings(spec?["members"])),
                              maintainers: Set(strings(spec?["maintainers"])), grants: grants))
        case .role:
            return .role(RoleDefinition(name: address.name, permissions: Set(strings(spec?["permissions"])), builtIn: false,
                                        description: attributes?["metadata"]?["description"]?.stringValue ?? ""))
        case .serviceAccount:
            guard let workspace = spec?["workspace"]?.stringValue, let role = spec?["role"]?.stringValue else { return .none }
            let scopes = spec?["apiKey"]?["scopes"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            return .serviceAccount(ServiceAccount(name: address.name, workspace: workspace, role: role, scopes: scopes))
        case .workspace:
            let policy = spec?["policy"]
            var p = Policy()
            p.approvalsRequired = policy?["approvals"]?["required"]?.boolValue ?? false
            p.minApprovers = policy?["approvals"]?["minApprovers"]?.numberText.flatMap { Int($0) } ?? 1
            p.approverTeams = strings(policy?["approvals"]?["approverTeams"])
            p.approvalEnvironments = strings(policy?["approvals"]?["environments"])
            p.mfaRequired = policy?["mfa"]?["required"]?.boolValue ?? false
            p.mfaMethods = strings(policy?["mfa"]?["methods"])
            p.apiKeysEnabled = policy?["apiKeys"]?["enabled"]?.boolValue ?? true
            return .policy(p)
        default:
            return .none
        }
    }

    /// The teams `email` is a member of, by name.
    package func teams(of email: String) -> [Team] {
        teams.values.filter { $0.members.contains(email) }.sorted { $0.name < $1.name }
    }

    /// Everyone the configuration names: members of any team, in order.
    package var people: [String] { Set(teams.values.flatMap(\.members)).sorted() }
}
