import TenancyDiagnostics
import TenancyEngine
import TenancyAnswers
import TenancyJSON

/// `tenancy access check` and `tenancy access list`: who may do what, from the applied state, with
/// the chain that decides it (docs/access.md). `check` exits 0 allow, 4 deny, 1 an error.
enum AccessCommand {
    static let spec = CommandSpec(name: "access", summary: "Who may do what, and why, as applied.", subcommands: [check, list])

    static let user = OptionSpec.option("user", "EMAIL", "A person's e-mail address, or a service account's name.")
    static let workspace = OptionSpec.option("workspace", "NAME", "The workspace.")
    static let permission = OptionSpec.option("permission", "PERMISSION", "A permission of the catalogue (tenancy roles list shows them).",
                                              check: { text in
        Permissions.all.contains(text) ? nil
            : .error(.cliUsage, "`\(text)` is not a permission",
                     hint: Suggestion.closest(to: text, in: Permissions.all).map { "did you mean `\($0)`?" } ?? "one of \(Permissions.all.joined(separator: ", "))")
    })
    static let explain = OptionSpec.flag("explain", "Every chain considered, each link at its file:line, every near miss.")

    static let check = CommandSpec(
        name: "check", summary: "Allow or deny, with the chain that decided it.",
        discussion: """
        Organization → team membership → access grant → role → permission, then the workspace's \
        policy (approver teams, API keys, MFA, approvals); for a service account, its workspace, role and \
        API key scopes. Links point at file:line when the checkout is what the state was applied from. \
        Exit codes: 0 allow, 4 deny, 1 an error.
        """,
        options: [user, workspace, permission, explain, Options.format([.text, .json]), Options.dir],
        examples: ["tenancy access check --user ana.lima@acme.example --workspace engineering --permission execution.approve",
                   "tenancy access check --user ci-deployer --workspace engineering --permission workflow.write --explain"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                guard let who = arguments[user], let name = arguments[workspace], let wanted = arguments[permission] else {
                    throw RunFailure(.error(.cliUsage, "access check needs --user, --workspace and --permission",
                                            hint: "for example --user ana.lima@acme.example --workspace engineering --permission workflow.read"))
                }
                let session = try context.session(arguments.dir)
                let inputs = try RuntimeInputs.gather(AppliedState(session), workspaces: [name], usagePath: nil, asOf: nil, cancellation: context.cancellation)
                let model = AccessModel(inputs.state)
                var decision = AccessCheck(model).decide(who, workspace: name, permission: wanted)
                decision = decision.withSuggestion(model)
                let locations = CheckoutLocations.read(session, state: inputs.state)
                if arguments.format == .json {
                    context.console.writeOut(AccessRenderer.json(decision, locations: locations).canonicalText())
                } else {
                    context.console.writeOut(AccessRenderer.text(decision, locations: locations, explain: arguments.isSet(explain)))
                }
                return decision.allowed ? .success : .exceeded
            }
        }
    )

    static let list = CommandSpec(
        name: "list", summary: "Who may do what, as a matrix: a person's workspaces, or a workspace's people.",
        options: [user, workspace, Options.format([.text, .json]), Options.dir],
        examples: ["tenancy access list --user ana.lima@acme.example", "tenancy access list --workspace payments"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let person = arguments[user], name = arguments[workspace]
                guard (person == nil) != (name == nil) else {
                    throw RunFailure(.error(.cliUsage, "access list takes --user EMAIL or --workspace NAME (one of them)",
                                            hint: "for example tenancy access list --workspace payments"))
                }
                let session = try context.session(arguments.dir)
                let inputs = try RuntimeInputs.gather(AppliedState(session), workspaces: name.map { [$0] } ?? [], usagePath: nil, asOf: nil,
                                                      cancellation: context.cancellation)
                let model = AccessModel(inputs.state)
                let matrix = person.map { AccessMatrix.person($0, in: model) } ?? AccessMatrix.workspace(name ?? "", in: model)
                if arguments.format == .json {
                    context.console.writeOut(AccessRenderer.json(matrix, serial: inputs.state.serial, key: person == nil ? "subject" : "workspace").canonicalText())
                } else {
                    let title = person.map { "Access of \(Terminal.escaped($0))" } ?? "Access to \(Terminal.escaped(name ?? ""))"
                    context.console.writeOut(AccessRenderer.text(matrix, title: title, serial: inputs.state.serial,
                                                                 firstColumn: person == nil ? "WHO" : "WORKSPACE"))
                }
                return .success
            }
        }
    )
}

/// `tenancy roles list | show NAME`: the built-in roles and the configuration's, with their permissions.
enum RolesCommand {
    static let spec = CommandSpec(name: "roles", summary: "The roles and their permissions.", subcommands: [list, show])

    static let list = CommandSpec(
        name: "list", summary: "Every role (built in, and the applied configuration's) with its permissions.",
        options: [Options.format([.text, .json]), Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy roles list", "tenancy roles list --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let state = try context.session(arguments.dir).readState()
                let model = state.map(AccessModel.init)
                let roles = RoleDefinition.builtIn + (model?.roles.values.filter { !$0.builtIn }.sorted { $0.name < $1.name } ?? [])
                context.console.writeOut(arguments.format == .json ? AccessRenderer.json(roles: roles).canonicalText()
                                                                   : AccessRenderer.text(roles: roles, serial: state?.serial))
                return .success
            }
        }
    )

    static let show = CommandSpec(
        name: "show", summary: "One role: its permissions and who holds it.",
        arguments: [ArgumentSpec(name: "ROLE", help: "A built-in role or a Role's name.", variadic: false, optional: false)],
        options: [Options.format([.text, .json]), Options.dir],
        environment: Options.backendEnvironment,
        examples: ["tenancy roles show auditor"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let name = arguments.positional(0) ?? ""
                let state = try context.session(arguments.dir).readState()
                let model = state.map(AccessModel.init)
                let roles = model?.roles ?? Dictionary(uniqueKeysWithValues: RoleDefinition.builtIn.map { ($0.name, $0) })
                guard let role = roles[name] else {
                    throw RunFailure(.error(.runtimeUnknownRole, "no role named `\(name)`",
                                            hint: Suggestion.closest(to: name, in: roles.keys).map { "did you mean `\($0)`?" } ?? "tenancy roles list shows them"))
                }
                var holders: [String] = []
                for team in (model?.teams.values ?? [:].values).sorted(by: { $0.name < $1.name }) {
                    for grant in team.grants where grant.role == name { holders.append("team \(team.name) in \(grant.workspace)") }
                }
                for account in (model?.serviceAccounts.values ?? [:].values).sorted(by: { $0.name < $1.name }) where account.role == name {
                    holders.append("service account \(account.name) in \(account.workspace)")
                }
                if arguments.format == .json {
                    var json = AccessRenderer.json(roles: [role])
                    if case let .array(items) = json, case var .object(members)? = items.first {
                        members["held_by"] = .array(holders.map(JSON.string))
                        json = .object(members)
                    }
                    context.console.writeOut(json.canonicalText())
                } else {
                    context.console.writeOut(AccessRenderer.text(role: role, holders: holders))
                }
                return .success
            }
        }
    )
}
