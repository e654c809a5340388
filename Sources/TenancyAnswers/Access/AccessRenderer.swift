import TenancyDiagnostics
import TenancyEngine
import TenancySupport
import TenancyJSON

/// `access check`, `access list` and `roles` for people and for machines.
package enum AccessRenderer {
    // MARK: access check

    package static func text(_ decision: AccessDecision, locations: CheckoutLocations, explain: Bool) -> String {
        var out = "Access check · state serial \(locations.serial) · \(locations.line)\n\n"
        let who = Terminal.escaped(decision.subject.text)
        let verdict = decision.allowed ? "ALLOW" : "DENY"
        out += "\(verdict)  \(who) \(decision.allowed ? "may" : "may not") \(decision.permission) in \(Terminal.escaped(decision.workspace))"
        out += decision.reason.map { ": \(Terminal.escaped($0))" } ?? ""
        out += "\n"
        let chains = decision.allowed ? (explain ? decision.allowing : Array(decision.allowing.prefix(1))) : []
        for (i, chain) in chains.enumerated() {
            out += "\n" + (i == 0 ? "  decided by:\n" : "  also allowed by:\n") + tree(chain, locations)
        }
        if !decision.conditions.isEmpty {
            out += "\n  conditions:\n"
            for condition in decision.conditions { out += line(condition, locations, indent: "    - ") }
        }
        if !decision.allowed {
            let misses = explain ? decision.nearMisses : Array(decision.nearMisses.prefix(5))
            if misses.isEmpty {
                out += "\n  no near misses: nothing in the applied configuration comes close\n"
            } else {
                out += "\n  near misses:\n"
                for miss in misses { out += tree(miss, locations, indent: 4) }
                if misses.count < decision.nearMisses.count { out += "    (\(decision.nearMisses.count - misses.count) more with --explain)\n" }
            }
        }
        return out
    }

    static func tree(_ chain: [AccessLink], _ locations: CheckoutLocations, indent: Int = 4) -> String {
        var out = ""
        for (depth, link) in chain.enumerated() {
            let prefix = String(repeating: " ", count: indent + max(0, depth - 1) * 2) + (depth == 0 ? "" : "└ ")
            out += line(link, locations, indent: prefix)
        }
        return out
    }

    static func line(_ link: AccessLink, _ locations: CheckoutLocations, indent: String) -> String {
        var text = indent + Terminal.escaped(link.text)
        if let place = locations.location(link) { text += "   " + Terminal.escaped(place) }
        else if let address = link.address { text += "   (\(address))" }
        return text + "\n"
    }

    package static func json(_ decision: AccessDecision, locations: CheckoutLocations) -> JSON {
        func links(_ chain: [AccessLink]) -> JSON {
            .array(chain.map { link in
                .object(["step": .string(link.step.rawValue), "text": .string(link.text),
                         "address": link.address.map { .string($0.description) } ?? .null,
                         "location": locations.location(link).map(JSON.string) ?? .null])
            })
        }
        var subject: [String: JSON] = [:]
        switch decision.subject {
        case let .person(email): subject = ["kind": .string("person"), "email": .string(email)]
        case let .serviceAccount(name): subject = ["kind": .string("service-account"), "name": .string(name)]
        }
        return .object([
            "format_version": .string("1"),
            "state": .object(["serial": .int(locations.serial)]),
            "locations": .string(locationsStatus(locations)),
            "subject": .object(subject),
            "workspace": .string(decision.workspace),
            "permission": .string(decision.permission),
            "decision": .string(decision.allowed ? "allow" : "deny"),
            "reason": decision.reason.map(JSON.string) ?? .null,
            "chains": .array(decision.allowing.map(links)),
            "conditions": links(decision.conditions),
            "near_misses": .array(decision.nearMisses.map(links)),
        ])
    }

    static func locationsStatus(_ locations: CheckoutLocations) -> String {
        switch locations.status {
        case .matches: return "checkout-matches"
        case .differs: return "checkout-differs"
        case .unrecorded: return "not-recorded"
        case .unavailable: return "unavailable"
        }
    }

    // MARK: access list

    package static func text(_ matrix: AccessMatrix, title: String, serial: Int, firstColumn: String) -> String {
        var out = "\(title) · state serial \(serial)\n\n"
        guard !matrix.rows.isEmpty else { return out + "  nobody: no grant or service account reaches it\n" }
        var table = [[firstColumn] + Permissions.areas.map { $0.area.uppercased() } + ["VIA"]]
        for row in matrix.rows {
            table.append([Terminal.escaped(row.label) + (row.isServiceAccount ? " (service account)" : "")]
                         + Permissions.areas.map { AccessMatrix.cell(row.permissions, area: $0.permissions) }
                         + [Terminal.escaped(row.via.joined(separator: ", "))])
        }
        out += Table.render(table, indent: 2)
        out += "\n  r read · w write · d delete · x run · a approve · c cancel · m manage; "
            + "policy conditions (approver teams, MFA, API keys) are in `tenancy access check`\n"
        return out
    }

    package static func json(_ matrix: AccessMatrix, serial: Int, key: String) -> JSON {
        .object([
            "format_version": .string("1"),
            "state": .object(["serial": .int(serial)]),
            "rows": .array(matrix.rows.map { row in
                .object([key: .string(row.label), "service_account": .bool(row.isServiceAccount),
                         "via": .array(row.via.map(JSON.string)),
                         "permissions": .array(Permissions.all.filter(row.permissions.contains).map(JSON.string))])
            }),
        ])
    }

    // MARK: roles

    package static func text(roles: [RoleDefinition], serial: Int?) -> String {
        let out = serial.map { "Roles · state serial \($0)\n\n" } ?? "Roles · built in (nothing applied yet)\n\n"
        var table = [["ROLE", "KIND"] + Permissions.areas.map { $0.area.uppercased() } + ["DESCRIPTION"]]
        for role in roles {
            table.append([Terminal.escaped(role.name), role.builtIn ? "built in" : "Role"]
                         + Permissions.areas.map { AccessMatrix.cell(role.permissions, area: $0.permissions) }
                         + [Terminal.escaped(role.description)])
        }
        return out + Table.render(table, indent: 2)
    }

    package static func text(role: RoleDefinition, holders: [String]) -> String {
        var out = "Role \(Terminal.escaped(role.name)) (\(role.builtIn ? "built in" : "Role of the configuration"))\n"
        if !role.description.isEmpty { out += "  \(Terminal.escaped(role.description))\n" }
        out += "\n  permissions:\n"
        for permission in Permissions.all { out += "    \(role.permissions.contains(permission) ? "✓" : " ") \(permission)\n" }
        out += "\n  held by:\n"
        out += holders.isEmpty ? "    nobody in the applied configuration\n" : holders.map { "    \(Terminal.escaped($0))\n" }.joined()
        return out
    }

    package static func json(roles: [RoleDefinition]) -> JSON {
        .array(roles.map { role in
            .object(["name": .string(role.name), "built_in": .bool(role.builtIn), "description": .string(role.description),
                     "permissions": .array(role.ordered.map(JSON.string))])
        })
    }
}
