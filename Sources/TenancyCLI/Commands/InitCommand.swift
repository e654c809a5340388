import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport

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
        let root = arguments.dir
        let template = arguments[Self.template] ?? "enterprise-starter"
        guard BuiltInTemplates.templateNames.contains(template) else {
            let names = BuiltInTemplates.templateNames
            let hint = BuiltInTemplates.profileNames.contains(template)
                ? "`\(template)` is a profile: init with a template, then add `profiles: [\(template)]` to the workspace"
                : Suggestion.closest(to: template, in: names).map { "did you mean `\($0)`?" } ?? "templates: \(names.joined(separator: ", "))"
            context.report(Diagnostics([.error(.cliUsage, "no built-in template named `\(template)`", hint: hint)]))
            return .failure
        }
        let name = URL(fileURLWithPath: root).standardizedFileURL.lastPathComponent.lowercased()
            .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        let organization = name.trimmingCharacters(in: CharacterSet(charactersIn: "-")).isEmpty ? "example" : String(name.prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        // Editors validate and complete manifests against a copy of the schema kept in the repository.
        let schema = "# yaml-language-server: $schema=schema/tenancy.schema.json\n"
        let nestedSchema = "# yaml-language-server: $schema=../schema/tenancy.schema.json\n"
        let files: [(String, String)] = [
            ("tenancy.yaml", """
            \(schema)apiVersion: tenancy/v1
            kind: Project
            metadata:
              name: \(organization)
            spec:
              backend:
                local: {path: .tenancy/state.json}

            """),
            ("organization.yaml", """
            \(schema)apiVersion: tenancy/v1
            kind: Organization
            metadata:
              name: \(organization)
            spec:
              billingContact: billing@example.com
              defaultTemplate: \(template)
              limits: {users: 1000, storage: 10TiB, workspaces: 20}

            """),
            ("workspaces/example.yaml", """
            \(nestedSchema)apiVersion: tenancy/v1
            kind: Workspace
            metadata:
              name: example
              description: A first workspace; copy this file for each tenant
            spec:
              template: \(template)
              quotas: {users: 25, concurrentConnections: 50, workflows: 100, storage: 100GiB}
              billing: {tier: enterprise, currency: USD}

            """),
            ("teams/example.yaml", """
            \(nestedSchema)apiVersion: tenancy/v1
            kind: Team
            metadata:
              name: example-admins
            spec:
              members: [admin@example.com]
              maintainers: [admin@example.com]
              access:
                - {workspace: example, role: admin}

            """),
            (".gitignore", ".tenancy/\n"),
            ("schema/tenancy.schema.json", ManifestSchemas.text(of: "tenancy.schema.json") ?? "{}\n"),
            // Editors that read workspace settings (VS Code's YAML extension) map the schema to the
            // manifests by glob, so files without a modeline are checked too.
            (".vscode/settings.json", """
            {
              "yaml.schemas": {
                "./schema/tenancy.schema.json": ["*.yaml", "**/*.yaml"]
              }
            }

            """),
        ]
        for (path, text) in files {
            let target = Paths.join(root, path)
            if FileIO.exists(target) {
                context.console.writeOut("  kept     \(path) (exists)\n")
                continue
            }
            do {
                try FileIO.createFolder(Paths.folder(of: target))
                try FileIO.atomicWrite(Array(text.utf8), to: target, mode: 0o644)
                context.console.writeOut("  created  \(path)\n")
            } catch {
                context.report(Diagnostics([error.diagnostic]))
                return .failure
            }
        }
        let dir = root == "." ? "" : " --dir \(root)"
        context.console.writeOut("\nNext: tenancy validate\(dir) && tenancy plan\(dir)\n")
        return .success
    }
}
