import Foundation
import TenancyDiagnostics
import TenancyYAML

/// The templates shipped in `templates/` (embedded in the binary).
package enum BuiltInTemplates {
    /// How diagnostics name the built-in templates' files: apart from any `templates/` folder of
    /// the configuration itself.
    package static let displayPrefix = "<built-in>/templates/"

    package static var names: [String] { EmbeddedTemplates.files.map { String($0.name.dropLast(".yaml".count)) } }

    /// The built-in templates that are not profiles (what a workspace's `template` may name).
    package static var templateNames: [String] { loaded.templates.values.filter { !$0.isProfile }.map(\.name).sorted() }

    /// The built-in profiles (what a workspace's `profiles` may name).
    package static var profileNames: [String] { loaded.templates.values.filter(\.isProfile).map(\.name).sorted() }

    /// The manifest text of a built-in template.
    package static func text(of name: String) -> String? {
        EmbeddedTemplates.files.first { $0.name == name + ".yaml" }.map { $0.text + "\n" }
    }

    /// Parsed and checked once per process; they are part of the program.
    private static let loaded: (templates: [String: Template], diagnostics: Diagnostics) = {
        var diagnostics = Diagnostics()
        guard case let .success(schemas) = ManifestSchemas.builtIn else { return ([:], diagnostics) }
        let templates = parse(checker: DocumentChecker(schema: schemas.bundle), diagnostics: &diagnostics)
        return (templates, diagnostics)
    }()

    static func load(diagnostics: inout Diagnostics) -> [String: Template] {
        diagnostics.append(contentsOf: loaded.diagnostics)
        return loaded.templates
    }

    private static func parse(checker: DocumentChecker, diagnostics: inout Diagnostics) -> [String: Template] {
        var templates: [String: Template] = [:]
        for file in EmbeddedTemplates.files {
            let source = SourceFile(path: BuiltInTemplates.displayPrefix + file.name, bytes: Data((file.text + "\n").utf8))
            let outcome = checker.check(source)
            diagnostics.append(contentsOf: outcome.diagnostics)
            for manifest in outcome.manifests where manifest.kind == .template {
                templates[manifest.name] = Template(manifest: manifest, builtIn: true, diagnostics: &diagnostics)
            }
        }
        return templates
    }
}

extension Template {
    /// Reads a Template manifest that passed the schema; rules whose bounds cannot be read, or
    /// whose id repeats another's, are reported and left out.
    init(manifest: Manifest, builtIn: Bool, diagnostics: inout Diagnostics) {
        name = manifest.name
        description = manifest.description
        defaults = manifest.spec?["defaults"]
        self.manifest = manifest
        self.builtIn = builtIn
        isProfile = manifest.spec?["profile"]?.bool ?? false
        visibility = manifest.spec?["visibility"]?.string.flatMap(Visibility.init(rawValue:)) ?? .private
        if isProfile, let defaults = manifest.spec?["defaults"] {
            diagnostics.append(.error(.templateKind, "profile \(manifest.name) has defaults",
                                      detail: "A profile adds rules to a workspace's template; only the template gives defaults, so that two profiles never disagree about a value.",
                                      hint: "move the defaults to a template, or drop `profile: true`",
                                      range: defaults.range, path: "spec.defaults", address: manifest.address.description))
        }
        var rules: [TemplateRule] = []
        var ids: [String: Node] = [:]
        for node in manifest.spec?["rules"]?.items ?? [] {
            guard let field = node["field"]?.string, let source = node["source"]?.string else { continue }
            var minimum: TemplateRule.Bound?
            var maximum: TemplateRule.Bound?
            var valid = true
            for key in ["min", "max"] {
                guard let boundNode = node[key] else { continue }
                guard let bound = TemplateRule.Bound.parse(boundNode) else {
                    diagnostics.append(.error(.invalidTemplateRule, "`\(key)` must be a number, a duration, a size or {field: PATH}",
                                              hint: "for example 15m, 6y, 100GiB, 3 or {field: retention.gdpr.erasureWindow}",
                                              range: boundNode.range, address: manifest.address.description))
                    valid = false
                    continue
                }
                if key == "min" { minimum = bound } else { maximum = bound }
            }
            let id = node["id"]?.string ?? field
            if let first = ids[id] {
                diagnostics.append(.error(.invalidTemplateRule, "two rules of \(manifest.name) have the id `\(id)`",
                                          detail: "The first is at \(first.range.filename):\(first.range.start.line); reports and SARIF name a rule by its id.",
                                          hint: "give each rule its own `id`", range: (node["id"] ?? node).range,
                                          address: manifest.address.description))
                valid = false
            }
            ids[id] = ids[id] ?? node
            guard valid else { continue }
            let when = node["when"].flatMap { condition -> TemplateRule.Condition? in
                guard let path = condition["field"]?.string else { return nil }
                return TemplateRule.Condition(field: path.split(separator: ".").map(String.init), equals: condition["equals"])
            }
            rules.append(TemplateRule(
                id: id, template: manifest.name, field: field.split(separator: ".").map(String.init), equals: node["equals"],
                oneOf: node["oneOf"]?.items, minimum: minimum, maximum: maximum,
                includes: node["includes"]?.items, excludes: node["excludes"]?.items, subsetOf: node["subsetOf"]?.items,
                present: node["present"]?.bool ?? false, when: when,
                enforcement: node["enforcement"]?.string.flatMap(TemplateRule.Enforcement.init(rawValue:)) ?? .mandatory,
                source: source, reason: node["reason"]?.string, node: node))
        }
        self.rules = rules
    }
}
