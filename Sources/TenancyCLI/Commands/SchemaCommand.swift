import TenancyDiagnostics
import TenancyModel

/// `tenancy schema [KIND]`: the JSON Schemas, as editors use them.
enum SchemaCommand {
    static let spec = CommandSpec(
        name: "schema",
        summary: "Print the JSON Schema of all manifests, or of one kind.",
        discussion: """
        Without KIND, prints tenancy.schema.json, which checks any manifest by its kind. With KIND \
        (Workspace, Team, …), prints that kind's schema file. The same files are in the repository's \
        schema/ folder; point yaml-language-server at them for completion and hover help:
          # yaml-language-server: $schema=schema/tenancy.schema.json
        """,
        arguments: [ArgumentSpec(name: "KIND", help: "A manifest kind, e.g. Workspace.", variadic: false, optional: true)],
        options: [Options.format([.json], help: "Output format (the schema is JSON either way).")],
        run: { arguments, context in
            guard let kindText = arguments.positional(0) else {
                context.console.writeOut(ManifestSchemas.text(of: "tenancy.schema.json") ?? "")
                return .success
            }
            guard let kind = Kind.allCases.first(where: { $0.rawValue.lowercased() == kindText.lowercased() }),
                  let text = ManifestSchemas.text(of: kind.schemaFile) else {
                let names = Kind.allCases.map(\.rawValue)
                let suggestion = Suggestion.closest(to: kindText, in: names)
                context.report(Diagnostics([.error(.cliUsage, "unknown kind `\(kindText)`",
                                                   hint: suggestion.map { "did you mean `\($0)`?" } ?? "kinds: \(names.joined(separator: ", "))")]))
                return .failure
            }
            context.console.writeOut(text)
            return .success
        }
    )
}
