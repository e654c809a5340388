import Foundation
import TenancyDiagnostics
import TenancyModel

/// `tenancy init [DIR] [--template T]`: a new configuration repository that validates and plans
/// as it is: a project file, an organization, one workspace on a template, a team, and .gitignore.
enum InitCommand {
    static let spec = CommandSpec(
        name: "init",
        summary: "Scaffold a configuration repository.",
        discussion: "Writes tenancy.yaml, organization.yaml, workspaces/example.yaml, teams/example.yaml, .gitignore and schema/tenancy.schema.json (for editors) into DIR (default: .). Existing files are never overwritten.",
        arguments: [ArgumentSpec(name: "DIR", help: "Where to create it (default: .).", variadic: false, optional: true)],
        options: [.option("template", "NAME", "The template of the example workspace (default: enterprise-starter).")],
        run: { arguments, context in run(arguments, context) }
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let root = arguments.positional.first ?? "."
        let template = arguments.value("template") ?? "enterprise-starter"
        guard BuiltInTemplates.names.contains(template) else {
            context.report(Diagnostics([.error(.cliUsage, "no built-in template named `\(template)`",
                                               hint: Suggestion.closest(to: template, in: BuiltInTemplates.names).map { "did you mean `\($0)`?" }
                                                   ?? "templates: \(BuiltInTemplates.names.joined(separator: ", "))")]))
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
        ]
        let fm = FileManager.default
        var written: [String] = []
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            if fm.fileExists(atPath: url.path) {
                context.console.writeOut("  kept     \(path) (exists)\n")
                continue
            }
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
                written.append(path)
                context.console.writeOut("  created  \(path)\n")
            } catch {
                context.report(Diagnostics([.error(.ioRead, "cannot write \(url.path)", detail: error.localizedDescription)]))
                return .failure
            }
        }
        context.console.writeOut("\nNext: tenancy validate \(root) && tenancy plan \(root)\n")
        return .success
    }
}
