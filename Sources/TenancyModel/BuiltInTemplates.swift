import Foundation
import TenancyDiagnostics
import TenancyYAML

/// The templates shipped in `templates/` (embedded in the binary).
public enum BuiltInTemplates {
    /// How diagnostics name the built-in templates' files: apart from any `templates/` folder of
    /// the configuration itself.
    public static let displayPrefix = "<built-in>/templates/"

    public static var names: [String] { EmbeddedTemplates.files.map { String($0.name.dropLast(".yaml".count)) } }

    /// The manifest text of a built-in template.
    public static func text(of name: String) -> String? {
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
    /// Reads a Template manifest that passed the schema; rules whose bounds cannot be read are
    /// reported and left out.
    init(manifest: Manifest, builtIn: Bool, diagnostics: inout Diagnostics) {
        name = manifest.name
        description = manifest.description
        defaults = manifest.spec?["defaults"]
        self.manifest = manifest
        self.builtIn = builtIn
        var rules: [TemplateRule] = []
        for node in manifest.spec?["rules"]?.items ?? [] {
            guard let field = node["field"]?.string, let source = node["source"]?.string else { continue }
            var minimum: TemplateRule.Bound?
            var maximum: TemplateRule.Bound?
            var valid = true
            for (key, keyName) in [("min", "min"), ("max", "max")] {
                guard let boundNode = node[key] else { continue }
                guard let bound = TemplateRule.Bound.parse(boundNode) else {
                    diagnostics.append(.error(.invalidTemplateRule, "`\(keyName)` must be a number, a duration or a size",
                                              hint: "for example 15m, 6y, 100GiB or 3", range: boundNode.range,
                                              address: manifest.address.description))
                    valid = false
                    continue
                }
                if key == "min" { minimum = bound } else { maximum = bound }
            }
            guard valid else { continue }
            rules.append(TemplateRule(field: field.split(separator: ".").map(String.init), equals: node["equals"],
                                      oneOf: node["oneOf"]?.items, minimum: minimum, maximum: maximum,
                                      source: source, reason: node["reason"]?.string, node: node))
        }
        self.rules = rules
    }
}
