import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport

/// `tenancy init`: a new configuration repository that validates and plans as it is — a project
/// file, an organization, one workspace on a built-in template, a team, .gitignore, and the
/// schema with the editor settings that use it. Existing files are never overwritten.
package struct Scaffold: Sendable {
    package let root: String
    package let template: String
    /// The project's and organization's name: the folder's name, made a valid name.
    package let organization: String

    /// `template`: one of `BuiltInTemplates.templateNames` (the command checks it, as it checks
    /// every operand).
    package init(root: String, template: String) {
        self.root = root
        self.template = template
        let name = URL(fileURLWithPath: root).standardizedFileURL.lastPathComponent.lowercased()
            .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        let dashes = CharacterSet(charactersIn: "-")
        organization = name.trimmingCharacters(in: dashes).isEmpty ? "example" : String(name.prefix(63)).trimmingCharacters(in: dashes)
    }

    /// What one file came to.
    package enum Outcome: Sendable, Equatable {
        case created, kept
    }

    /// Writes each file that does not exist yet (atomically, folders made as needed), then tells
    /// `written` each file's outcome. All or nothing: when one cannot be written (a path too long,
    /// a full disk), the files and folders this run made are removed again, so a half scaffold is
    /// never left.
    package func write(_ written: (String, Outcome) -> Void) throws(RunFailure) {
        var outcomes: [(String, Outcome)] = []
        var madeFiles: [String] = [], madeFolders: [String] = []
        for (path, text) in files {
            let target = Paths.join(root, path)
            if FileIO.exists(target) {
                outcomes.append((path, .kept))
                continue
            }
            // The folders missing above the file, outermost first.
            var missing: [String] = []
            var folder = Paths.folder(of: target)
            while !folder.isEmpty, folder != ".", folder != "/", !FileIO.exists(folder) {
                missing.insert(folder, at: 0)
                let parent = Paths.folder(of: folder)
                if parent == folder { break }
                folder = parent
            }
            do {
                // Recorded first: a folder made before a failure is removed too (rmdir leaves
                // anything that is not an empty folder of this run's).
                madeFolders.append(contentsOf: missing)
                try FileIO.createFolder(Paths.folder(of: target))
                try FileIO.atomicWrite(Array(text.utf8), to: target, mode: 0o644)
                madeFiles.append(target)
            } catch {
                for file in madeFiles.reversed() { unlink(file) }
                for made in madeFolders.reversed() { rmdir(made) }
                throw RunFailure(error.diagnostic)
            }
            outcomes.append((path, .created))
        }
        for (path, outcome) in outcomes { written(path, outcome) }
    }

    /// The files, by path under the root, in the order they are written.
    package var files: [(path: String, text: String)] {
        // Editors validate and complete manifests against a copy of the schema kept in the repository.
        let schema = "# yaml-language-server: $schema=schema/tenancy.schema.json\n"
        let nestedSchema = "# yaml-language-server: $schema=../schema/tenancy.schema.json\n"
        return [
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
    }
}
