import TenancyDiagnostics
import TenancyEngine
import TenancyModel

/// `tenancy init [DIR] [--template T]`: a new configuration repository that validates and plans
/// as it is: a project file, an organization, one workspace on a template, a team, and .gitignore.
enum InitCommand {
    static let spec = CommandSpec(
        name: "init",
        summary: "Scaffold a configuration repository.",
        discussion: "Writes tenancy.yaml, organization.yaml, workspaces/example.yaml, teams/example.yaml, .gitignore, schema/tenancy.schema.json and .vscode/settings.json (for editors; `tenancy schema --write schema/` refreshes the schema after an upgrade) into the folder given with --dir (default: the current folder). Existing files are never overwritten.",
        options: [OptionSpec.option("dir", "DIR", "Where to create it (default: the current folder)."), template],
        examples: ["tenancy init --dir platform-config", "tenancy init --dir clinic-config --template healthcare"],
        run: { arguments, context in run(arguments, context) }
    )

    static let template = OptionSpec.option("template", "NAME", "The template of the example workspace (default: enterprise-starter).")

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        context.run { () throws(RunFailure) in
            let template = arguments[Self.template] ?? "enterprise-starter"
            guard BuiltInTemplates.templateNames.contains(template) else {
                let names = BuiltInTemplates.templateNames
                let hint = BuiltInTemplates.profileNames.contains(template)
                    ? "`\(template)` is a profile: init with a template, then add `profiles: [\(template)]` to the workspace"
                    : Suggestion.closest(to: template, in: names).map { "did you mean `\($0)`?" } ?? "templates: \(names.joined(separator: ", "))"
                throw RunFailure(.error(.cliUsage, "no built-in template named `\(template)`", hint: hint))
            }
            let scaffold = Scaffold(root: arguments.dir, template: template)
            try scaffold.write { path, outcome in
                context.console.writeOut(outcome == .created ? "  created  \(path)\n" : "  kept     \(path) (exists)\n")
            }
            let dir = scaffold.root == "." ? "" : " --dir \(scaffold.root)"
            context.console.writeOut("\nNext: tenancy validate\(dir) && tenancy plan\(dir)\n")
            return .success
        }
    }
}
