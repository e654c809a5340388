/// `access list`: who may do what, as a matrix — for a person, each workspace they reach; for a
/// workspace, each person and service account that reaches it — with the roles that give it.
package struct AccessMatrix: Sendable {
    package struct Row: Sendable, Equatable {
        /// A workspace (for a person's matrix) or a subject (for a workspace's).
        package let label: String
        package let isServiceAccount: Bool
        /// `role (team)` or `role (service account)`.
        package let via: [String]
        package let permissions: Set<String>

        package init(label: String, isServiceAccount: Bool, via: [String], permissions: Set<String>) {
            self.label = label
            self.isServiceAccount = isServiceAccount
            self.via = via
            self.permissions = permissions
        }
    }

    package let rows: [Row]

    /// No one (the report's matrix of a workspace no one reaches).
    package static let empty = AccessMatrix(rows: [])

    /// Every workspace `email` reaches. Policy conditions are left to `access check`; a matrix
    /// says what the roles give.
    package static func person(_ email: String, in model: AccessModel) -> AccessMatrix {
        let email = email.lowercased()
        var byWorkspace: [String: (via: [String], permissions: Set<String>)] = [:]
        for team in model.teams.values.sorted(by: { $0.name < $1.name }) where team.members.contains(where: { $0.lowercased() == email }) {
            for grant in team.grants {
                let permissions = model.roles[grant.role]?.permissions ?? []
                byWorkspace[grant.workspace, default: ([], [])].via.append("\(grant.role) (team \(team.name))")
                byWorkspace[grant.workspace, default: ([], [])].permissions.formUnion(permissions)
            }
        }
        return AccessMatrix(rows: byWorkspace.keys.sorted().map { name in
            Row(label: name, isServiceAccount: false, via: byWorkspace[name]?.via ?? [], permissions: byWorkspace[name]?.permissions ?? [])
        })
    }

    /// Everyone who reaches `workspace`: people through their teams, then service accounts.
    package static func workspace(_ workspace: String, in model: AccessModel) -> AccessMatrix {
        byWorkspace(in: model, only: workspace)[workspace] ?? AccessMatrix(rows: [])
    }

    /// Every workspace's matrix at once (the report's access section), in one pass over the
    /// teams' grants and the service accounts rather than one per workspace. `only`: one workspace.
    package static func byWorkspace(in model: AccessModel, only: String? = nil) -> [String: AccessMatrix] {
        var people: [String: [String: (via: [String], permissions: Set<String>)]] = [:]
        for team in model.teams.values.sorted(by: { $0.name < $1.name }) {
            for grant in team.grants where only == nil || grant.workspace == only {
                let permissions = model.roles[grant.role]?.permissions ?? []
                for member in team.members {
                    people[grant.workspace, default: [:]][member, default: ([], [])].via.append("\(grant.role) (team \(team.name))")
                    people[grant.workspace, default: [:]][member, default: ([], [])].permissions.formUnion(permissions)
                }
            }
        }
        var rows: [String: [Row]] = [:]
        for (workspace, members) in people {
            rows[workspace] = members.keys.sorted().map { email in
                Row(label: email, isServiceAccount: false, via: members[email]?.via ?? [], permissions: members[email]?.permissions ?? [])
            }
        }
        for account in model.serviceAccounts.values.sorted(by: { $0.name < $1.name }) where only == nil || account.workspace == only {
            var permissions = model.roles[account.role]?.permissions ?? []
            if let scopes = account.scopes { permissions.formIntersection(scopes) }
            rows[account.workspace, default: []].append(Row(label: account.name, isServiceAccount: true,
                            via: ["\(account.role) (service account" + (account.scopes == nil ? ")" : ", its key's scopes)")],
                            permissions: permissions))
        }
        return rows.mapValues { AccessMatrix(rows: $0) }
    }

    /// A cell of the text matrix: the letters of the area's permissions held (`rw-`).
    package static func cell(_ permissions: Set<String>, area: [(permission: String, letter: Character)]) -> String {
        String(area.map { permissions.contains($0.permission) ? $0.letter : "-" })
    }
}
