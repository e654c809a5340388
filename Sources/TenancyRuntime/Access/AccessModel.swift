import TenancyEngine
import TenancyModel

/// Who may do what, as applied: teams with their members and grants, roles (built in and the
/// configuration's), service accounts, and the workspace policies that condition access. Read
/// from the stored state's canonical attributes.
public struct AccessModel: Sendable {
    public struct Grant: Sendable, Equatable {
        public let workspace: String
        public let role: String
    }

    public struct Team: Sendable, Equatable {
        public let name: String
        public let members: Set<String>
        public let maintainers: Set<String>
        public let grants: [Grant]
    }

    public struct ServiceAccount: Sendable, Equatable {
        public let name: String
        public let workspace: String
        public let role: String
        /// Its API key's scopes; nil when it names none (then the role alone decides).
        public let scopes: Set<String>?
    }

    /// The parts of a workspace's policy that condition access.
    public struct Policy: Sendable, Equatable {
        public var approvalsRequired = false
        public var minApprovers = 1
        public var approverTeams: [String] = []
        public var approvalEnvironments: [String] = []
        public var mfaRequired = false
        public var mfaMethods: [String] = []
        public var apiKeysEnabled = true
    }

    public let organization: String?
    public let teams: [String: Team]
    public let roles: [String: RoleDefinition]
    public let serviceAccounts: [String: ServiceAccount]
    public let policies: [String: Policy]

    public init(_ state: State) {
        var teams: [String: Team] = [:], roles: [String: RoleDefinition] = [:]
        var accounts: [String: ServiceAccount] = [:], policies: [String: Policy] = [:]
        var organization: String?
        for role in RoleDefinition.builtIn { roles[role.name] = role }
        for (address, entry) in state.resources {
            let attributes = entry.resource.attributes
            let spec = attributes["spec"]
            func strings(_ json: JSON?) -> [String] { json?.arrayValue?.compactMap(\.stringValue) ?? [] }
            switch address.kind {
            case .organization:
                organization = min(organization ?? address.name, address.name)
            case .team:
                let grants = (spec?["access"]?.arrayValue ?? []).compactMap { item -> Grant? in
                    guard let workspace = item["workspace"]?.stringValue, let role = item["role"]?.stringValue else { return nil }
                    return Grant(workspace: workspace, role: role)
                }
                teams[address.name] = Team(name: address.name, members: Set(strings(spec?["members"])),
                                           maintainers: Set(strings(spec?["maintainers"])), grants: grants)
            case .role:
                // A Role of the configuration named like a built-in one does not replace it.
                guard roles[address.name]?.builtIn != true else { continue }
                roles[address.name] = RoleDefinition(name: address.name, permissions: Set(strings(spec?["permissions"])), builtIn: false,
                                                      description: attributes["metadata"]?["description"]?.stringValue ?? "")
            case .serviceAccount:
                guard let workspace = spec?["workspace"]?.stringValue, let role = spec?["role"]?.stringValue else { continue }
                let scopes = spec?["apiKey"]?["scopes"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
                accounts[address.name] = ServiceAccount(name: address.name, workspace: workspace, role: role, scopes: scopes)
            case .workspace:
                let policy = spec?["policy"]
                var p = Policy()
                p.approvalsRequired = policy?["approvals"]?["required"]?.boolValue ?? false
                p.minApprovers = policy?["approvals"]?["minApprovers"]?.intValue ?? 1
                p.approverTeams = strings(policy?["approvals"]?["approverTeams"])
                p.approvalEnvironments = strings(policy?["approvals"]?["environments"])
                p.mfaRequired = policy?["mfa"]?["required"]?.boolValue ?? false
                p.mfaMethods = strings(policy?["mfa"]?["methods"])
                p.apiKeysEnabled = policy?["apiKeys"]?["enabled"]?.boolValue ?? true
                policies[address.name] = p
            default:
                break
            }
        }
        self.organization = organization
        self.teams = teams
        self.roles = roles
        self.serviceAccounts = accounts
        self.policies = policies
    }

    /// The teams `email` is a member of, by name.
    public func teams(of email: String) -> [Team] {
        teams.values.filter { $0.members.contains(email) }.sorted { $0.name < $1.name }
    }

    /// Everyone the configuration names: members of any team, in order.
    public var people: [String] { Set(teams.values.flatMap(\.members)).sorted() }
}
