/// The permission catalogue and the built-in roles' permissions (docs/access.md). The schema
/// lists the permissions (`definitions/permission`) and names the built-in roles; what each role
/// allows is defined here, once, so that every access answer can say why.
package enum Permissions {
    /// Every permission, in the catalogue's order (by area, then read → write → delete).
    package static let all = [
        "workflow.read", "workflow.write", "workflow.delete",
        "execution.run", "execution.approve", "execution.cancel",
        "integration.read", "integration.write",
        "settings.read", "settings.write",
        "billing.read", "billing.write",
        "audit.read",
        "team.read", "team.write",
        "apikey.manage",
    ]

    /// The areas of the matrix `access list` prints, each permission a letter in its cell.
    package static let areas: [(area: String, permissions: [(permission: String, letter: Character)])] = [
        ("workflow", [("workflow.read", "r"), ("workflow.write", "w"), ("workflow.delete", "d")]),
        ("execution", [("execution.run", "x"), ("execution.approve", "a"), ("execution.cancel", "c")]),
        ("integration", [("integration.read", "r"), ("integration.write", "w")]),
        ("settings", [("settings.read", "r"), ("settings.write", "w")]),
        ("billing", [("billing.read", "r"), ("billing.write", "w")]),
        ("audit", [("audit.read", "r")]),
        ("team", [("team.read", "r"), ("team.write", "w")]),
        ("apikey", [("apikey.manage", "m")]),
    ]
}

/// A role: built in, or a `Role` of the configuration (as applied).
package struct RoleDefinition: Sendable, Equatable {
    package let name: String
    package let permissions: Set<String>
    package let builtIn: Bool
    package let description: String

    package init(name: String, permissions: Set<String>, builtIn: Bool, description: String) {
        self.name = name
        self.permissions = permissions
        self.builtIn = builtIn
        self.description = description
    }

    /// Its permissions in the catalogue's order.
    package var ordered: [String] { Permissions.all.filter(permissions.contains) }

    /// The six built-in roles, from most to least.
    package static let builtIn: [RoleDefinition] = {
        let all = Set(Permissions.all)
        let read: Set = ["workflow.read", "integration.read", "settings.read", "team.read"]
        return [
            RoleDefinition(name: "owner", permissions: all, builtIn: true,
                           description: "Everything, billing included: the workspace's accountable owners."),
            RoleDefinition(name: "admin", permissions: all.subtracting(["billing.write"]), builtIn: true,
                           description: "Runs the workspace: workflows, executions and their approval, integrations, settings, teams, API keys, the audit trail; reads billing, does not change it."),
            RoleDefinition(name: "editor", permissions: read.union(["workflow.write", "workflow.delete", "execution.run", "execution.cancel"]),
                           builtIn: true,
                           description: "Builds and runs workflows; reads integrations, settings and teams. Does not approve executions."),
            RoleDefinition(name: "viewer", permissions: read, builtIn: true,
                           description: "Reads workflows, integrations, settings and teams."),
            RoleDefinition(name: "billing-admin", permissions: ["billing.read", "billing.write", "settings.read"], builtIn: true,
                           description: "Manages billing: the tier, budgets, invoices; reads settings."),
            RoleDefinition(name: "auditor", permissions: read.union(["audit.read", "billing.read"]), builtIn: true,
                           description: "Reads everything an audit needs, the audit trail and billing included; changes nothing."),
        ]
    }()
}
