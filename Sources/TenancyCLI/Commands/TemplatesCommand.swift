import Foundation
import TenancyDiagnostics
import TenancyModel

/// `tenancy templates list | show NAME`: the built-in templates and their enforced rules.
enum TemplatesCommand {
    static let spec = CommandSpec(
        name: "templates",
        summary: "List the built-in templates, or show one with its rules.",
        subcommands: [list, show]
    )

    static let list = CommandSpec(
        name: "list",
        summary: "List the built-in templates.",
        options: [Options.format([.text, .json])],
        run: { arguments, context in
            let templates = builtIns(context)
            if arguments.format == .json {
                let entries = templates.map { t -> [String: Any] in
                    ["name": t.name, "description": t.description ?? "", "rules": t.rules.count, "builtIn": true]
                }
                context.console.writeOut(json(entries))
            } else {
                let width = (templates.map(\.name.count).max() ?? 0) + 2
                for t in templates {
                    let name = t.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    context.console.writeOut("\(name)\(t.rules.count) rules  \(t.description ?? "")\n")
                }
            }
            return .success
        }
    )

    static let show = CommandSpec(
        name: "show",
        summary: "Show a built-in template: its manifest, or its rules as JSON.",
        arguments: [ArgumentSpec(name: "NAME", help: "The template's name.", variadic: false, optional: false)],
        options: [Options.format([.text, .json])],
        run: { arguments, context in
            let name = arguments.positional(0) ?? ""
            let templates = builtIns(context)
            guard let template = templates.first(where: { $0.name == name }) else {
                let suggestion = Suggestion.closest(to: name, in: templates.map(\.name))
                context.report(Diagnostics([.error(.cliUsage, "no built-in template named `\(name)`",
                                                   hint: suggestion.map { "did you mean `\($0)`?" }
                                                       ?? "templates: \(templates.map(\.name).joined(separator: ", "))")]))
                return .failure
            }
            if arguments.format == .json {
                let rules = template.rules.map { rule -> [String: Any] in
                    var entry: [String: Any] = ["field": "spec." + rule.fieldPath, "requirement": rule.requirement, "source": rule.source]
                    if let reason = rule.reason { entry["reason"] = reason }
                    return entry
                }
                context.console.writeOut(json(["name": template.name, "description": template.description ?? "", "rules": rules]))
            } else {
                context.console.writeOut(BuiltInTemplates.text(of: template.name) ?? "")
            }
            return .success
        }
    )

    private static func builtIns(_ context: CommandContext) -> [Template] {
        let result = ConfigurationLoader().load(sources: [])
        context.report(Diagnostics(result.diagnostics.filter { $0.severity == .error }))
        return result.configuration.templates.values.filter(\.builtIn).sorted { $0.name < $1.name }
    }

    private static func json(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }
}
