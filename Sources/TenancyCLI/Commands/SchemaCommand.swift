import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// `tenancy schema [KIND] [--write DIR]`: the JSON Schemas, as editors use them.
enum SchemaCommand {
    static let write = OptionSpec.option("write", "DIR", "Write every schema file to DIR (for editors; run again after an upgrade to refresh the copy).")

    static let spec = CommandSpec(
        name: "schema",
        summary: "Print the JSON Schema of all manifests, or of one kind; or write them all to a folder.",
        discussion: """
        Without KIND, prints tenancy.schema.json, which checks any manifest by its kind. With KIND \
        (Workspace, Team, …), prints that kind's schema with every definition it refers to bundled \
        in, so that it works saved alone. --write DIR writes the schema files as schema/ holds \
        them (they refer to each other by relative paths, so keep them together). Point \
        yaml-language-server at them for completion and hover help:
          # yaml-language-server: $schema=schema/tenancy.schema.json
        """,
        arguments: [ArgumentSpec(name: "KIND", help: "A manifest kind, e.g. Workspace.", variadic: false, optional: true)],
        options: [write, Options.format([.json], help: "Output format (the schema is JSON either way).")],
        examples: ["tenancy schema > tenancy.schema.json", "tenancy schema workspace > workspace.schema.json",
                   "tenancy schema --write schema/"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                if let folder = arguments[write] {
                    do throws(FileError) {
                        try FileIO.createFolder(folder)
                        for file in ManifestSchemas.files {
                            try FileIO.atomicWrite(Array(file.text.utf8), to: Paths.join(folder, file.name), mode: 0o644, cancellation: context.cancellation)
                        }
                    } catch {
                        throw RunFailure(error)
                    }
                    context.console.writeOut("Wrote \(Format.count(ManifestSchemas.files.count, "schema file")) to \(folder)/.\n")
                    return .success
                }
                guard let kindText = arguments.positional(0) else {
                    context.console.writeOut(ManifestSchemas.text(of: "tenancy.schema.json") ?? "")
                    return .success
                }
                guard let kind = Kind.allCases.first(where: { $0.rawValue.lowercased() == kindText.lowercased() }) else {
                    let names = Kind.allCases.map(\.rawValue)
                    let suggestion = Suggestion.closest(to: kindText, in: names)
                    throw RunFailure(.error(.cliUsage, "unknown kind `\(kindText)`",
                                            hint: suggestion.map { "did you mean `\($0)`?" } ?? "kinds: \(names.joined(separator: ", "))"))
                }
                context.console.writeOut(try bundled(kind).canonicalText())
                return .success
            }
        }
    )

    /// A kind's schema with the definitions of tenancy.schema.json bundled in: one document that
    /// needs no other file (its references are all `#/definitions/…`).
    static func bundled(_ kind: Kind) throws(RunFailure) -> JSON {
        let main: JSON
        do throws(JSONParser.Error) { main = try JSONParser.parse(Array((ManifestSchemas.text(of: "tenancy.schema.json") ?? "{}").utf8)) } catch {
            throw RunFailure(.error(.internalError, "the embedded tenancy.schema.json cannot be read: \(error)"))
        }
        return .object([
            "$schema": .string("http://json-schema.org/draft-07/schema#"),
            "title": .string("Tenancy \(kind.rawValue)"),
            "description": .string("A \(kind.rawValue) manifest (apiVersion tenancy/v1), self-contained: every definition it refers to is bundled in."),
            "allOf": .array([.object(["$ref": .string("#/definitions/\(kind.rawValue)")])]),
            "definitions": main["definitions"] ?? .object([:]),
        ])
    }
}
