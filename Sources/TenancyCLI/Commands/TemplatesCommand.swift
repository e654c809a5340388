import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySupport
import TenancyJSON

/// `tenancy templates list [--public] | show NAME`: the built-in templates and profiles, and the
/// configuration's own (with `--dir`, or in a configuration's folder), with their enforced rules.
enum TemplatesCommand {
    static let spec = CommandSpec(
        name: "templates",
        summary: "List the templates and profiles, or show one with its rules.",
        subcommands: [list, show]
    )

    static let publicOnly = OptionSpec.flag("public", "Only the templates offered to every organization (visibility: public).")

    static let list = CommandSpec(
        name: "list",
        summary: "List the templates and profiles: built in, and the configuration's own.",
        options: [publicOnly, Options.format([.text, .json]), Options.dir],
        examples: ["tenancy templates list", "tenancy templates list --public --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                var templates = try available(arguments.dir, explicit: arguments[Options.dir] != nil, context)
                if arguments.isSet(publicOnly) { templates = templates.filter { $0.visibility == .public } }
                if arguments.format == .json {
                    context.console.writeOut(JSON.array(templates.map { t in
                        .object(["name": .string(t.name), "description": .string(t.description ?? ""), "rules": .int(t.rules.count),
                                 "builtIn": .bool(t.builtIn), "kind": .string(t.noun), "visibility": .string(t.visibility.rawValue),
                                 "file": t.builtIn ? .null : .string(t.manifest.file)])
                    }).canonicalText())
                } else {
                    let rows = templates.map { t in
                        [t.name, t.noun, t.visibility.rawValue, Format.count(t.rules.count, "rule"), t.builtIn ? "built in" : t.manifest.file,
                         t.description ?? ""].map(Terminal.escaped)
                    }
                    context.console.writeOut(Table.render([["NAME", "KIND", "VISIBILITY", "RULES", "FROM", "DESCRIPTION"]] + rows))
                }
                return .success
            }
        }
    )

    static let show = CommandSpec(
        name: "show",
        summary: "Show a template or profile: its manifest, or its rules as JSON (id, requirement, enforcement, source, reason).",
        arguments: [ArgumentSpec(name: "NAME", help: "The template's name.", variadic: false, optional: false)],
        options: [Options.format([.text, .json]), Options.dir],
        examples: ["tenancy templates show healthcare", "tenancy templates show soc2 --format json"],
        run: { arguments, context in
            context.run { () throws(RunFailure) in
                let name = arguments.positional(0) ?? ""
                let templates = try available(arguments.dir, explicit: arguments[Options.dir] != nil, context)
                guard let template = templates.first(where: { $0.name == name }) else {
                    let suggestion = Suggestion.closest(to: name, in: templates.map(\.name))
                    throw RunFailure(.error(.cliUsage, "no template or profile named `\(name)`",
                                            hint: suggestion.map { "did you mean `\($0)`?" }
                                                ?? "templates: \(templates.map(\.name).joined(separator: ", "))"))
                }
                if arguments.format == .json {
                    context.console.writeOut(json(template).canonicalText())
                } else if template.builtIn {
                    context.console.writeOut(BuiltInTemplates.text(of: template.name) ?? "")
                } else {
                    // The configuration's own file, read as every manifest is (an error says why it
                    // cannot be), each line escaped: it is text from the repository, printed where CI
                    // runners read commands.
                    let file: SourceFile
                    do throws(FileError) { file = try SourceFile(reading: template.manifest.file, limit: ConfigurationLoader.maximumFileSize) } catch {
                        throw RunFailure(error)
                    }
                    let text = String(decoding: file.bytes, as: UTF8.self)
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Terminal.escapedLine)
                    context.console.writeOut(lines.joined(separator: "\n"))
                }
                return .success
            }
        }
    )

    static func json(_ template: Template) -> JSON {
        let rules = template.rules.map { rule -> JSON in
            .object([
                "id": .string(rule.id), "rule": .string(rule.qualifiedID), "field": .string("spec." + rule.fieldPath),
                "requirement": .string(rule.requirement), "enforcement": .string(rule.enforcement.rawValue),
                "when": rule.when.map { .string($0.description) } ?? .null,
                "source": .string(rule.source), "reason": rule.reason.map(JSON.string) ?? .null,
            ])
        }
        return .object(["name": .string(template.name), "description": .string(template.description ?? ""),
                        "kind": .string(template.noun), "visibility": .string(template.visibility.rawValue),
                        "builtIn": .bool(template.builtIn), "rules": .array(rules)])
    }

    /// The built-in templates, and those of the configuration at `dir` when there is one there
    /// (a template of its own with a built-in one's name replaces it).
    private static func available(_ dir: String, explicit: Bool, _ context: CommandContext) throws(RunFailure) -> [Template] {
        var templates = builtIns(context)
        // A folder named with --dir must be a configuration (one that is not is refused, as by
        // every command); the current folder is read when it is one.
        if explicit || FileManager.default.fileExists(atPath: Paths.join(dir, ProjectSettings.fileName)) {
            let loaded = try context.session(dir).load()
            for (name, template) in loaded.configuration.templates where !template.builtIn { templates[name] = template }
        }
        return templates.values.sorted { $0.name < $1.name }
    }

    private static func builtIns(_ context: CommandContext) -> [String: Template] {
        let result = ConfigurationLoader().load(sources: [])
        context.report(Diagnostics(result.diagnostics.filter { $0.severity == .error }))
        return result.configuration.templates.filter { $0.value.builtIn }
    }
}
