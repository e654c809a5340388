import Foundation
import TenancyYAML

/// A compiled JSON Schema (draft 07): every subschema compiled once into an arena, `$ref`s resolved
/// to arena indexes. Immutable and Sendable, so one compiled schema serves all threads.
public struct JSONSchema: Sendable {
    let schemas: [Schema]
    let root: Int

    /// Compiles the document registered as `uri` (a fragment selects a subschema).
    public static func compile(_ uri: String, in registry: inout SchemaRegistry) throws(SchemaCompileError) -> JSONSchema {
        guard let node = registry.node(for: uri) else { throw .unknownDocument(uri) }
        var compiler = Compiler(registry: registry)
        let root = try compiler.compile(node, base: registry.base(of: node, default: URIReference.withoutFragment(uri)))
        registry = compiler.registry
        return JSONSchema(schemas: compiler.schemas, root: root)
    }

    /// Convenience: compile a single self-contained schema document.
    public static func compile(_ document: Node, uri: String = "tenancy:schema") throws(SchemaCompileError) -> JSONSchema {
        var registry = SchemaRegistry()
        registry.add(document, uri: uri)
        return try compile(uri, in: &registry)
    }
}

private struct Compiler {
    var registry: SchemaRegistry
    var schemas: [Schema] = []
    var memo: [Node.Identity: Int] = [:]

    init(registry: SchemaRegistry) {
        self.registry = registry
    }

    mutating func compile(_ node: Node, base: String) throws(SchemaCompileError) -> Int {
        if let done = memo[node.identity] { return done }
        let index = schemas.count
        schemas.append(Schema())
        memo[node.identity] = index
        var schema = try build(node, base: registry.base(of: node, default: base))
        schema.computeFeatures()
        schemas[index] = schema
        return index
    }

    private func invalid(_ keyword: String, _ reason: String, _ node: Node) -> SchemaCompileError {
        .invalidKeyword(keyword, reason: reason, at: node.range)
    }

    private func number(_ node: Node, _ keyword: String) throws(SchemaCompileError) -> Double {
        guard let type = node.scalarType, type == .int || type == .float, let text = node.string,
              let value = node.double ?? Double(text) else { throw invalid(keyword, "expected a number", node) }
        return value
    }

    private func count(_ node: Node, _ keyword: String) throws(SchemaCompileError) -> Int {
        let value = try number(node, keyword)
        guard value >= 0, value == value.rounded(), value < 1e15 else { throw invalid(keyword, "expected a non-negative integer", node) }
        return Int(value)
    }

    private func strings(_ node: Node, _ keyword: String) throws(SchemaCompileError) -> [String] {
        guard node.isSequence else { throw invalid(keyword, "expected a list of strings", node) }
        var result: [String] = []
        for item in node.items {
            guard item.scalarType == .string, let text = item.string else { throw invalid(keyword, "expected a list of strings", node) }
            result.append(text)
        }
        return result
    }

    private func pattern(_ node: Node) throws(SchemaCompileError) -> Pattern {
        guard let text = node.string, node.scalarType == .string else { throw invalid("pattern", "expected a string", node) }
        do { return try Pattern(text) } catch { throw .invalidPattern(text, at: node.range) }
    }

    private mutating func build(_ node: Node, base: String) throws(SchemaCompileError) -> Schema {
        var s = Schema()
        if node.scalarType == .bool {
            s.boolean = node.bool
            return s
        }
        guard node.isMapping else { throw invalid("schema", "a schema is an object or a boolean", node) }
        if let ref = node["$ref"] {
            guard let text = ref.string, ref.scalarType == .string else { throw invalid("$ref", "expected a string", ref) }
            let target = URIReference.resolve(text, against: base)
            guard let targetNode = registry.node(for: target) else { throw .unresolvedReference(text, at: ref.range) }
            s.ref = try compile(targetNode, base: registry.base(of: targetNode, default: URIReference.withoutFragment(target)))
            return s
        }
        if node.count == 0 { s.boolean = true }
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.string else { continue }
            switch key {
            case "type":
                if let name = value.string, value.isScalar {
                    guard let type = JSONType.allCases.first(where: { $0.name == name }) else { throw invalid(key, "unknown type `\(name)`", value) }
                    s.types.insert(JSONType.Set(type))
                } else {
                    for name in try strings(value, key) {
                        guard let type = JSONType.allCases.first(where: { $0.name == name }) else { throw invalid(key, "unknown type `\(name)`", value) }
                        s.types.insert(JSONType.Set(type))
                    }
                }
                if s.types.contains(.number) { s.types.insert(JSONType.Set(.integer)) }
            case "enum":
                guard value.isSequence else { throw invalid(key, "expected a list", value) }
                s.enumValues = value.items
                if value.items.allSatisfy({ $0.scalarType == .string }) {
                    s.enumStrings = value.items.map { Array(($0.string ?? "").utf8) }
                }
            case "const": s.constValue = value
            case "minimum": s.minimum = try number(value, key)
            case "maximum": s.maximum = try number(value, key)
            case "exclusiveMinimum": s.exclusiveMinimum = try number(value, key)
            case "exclusiveMaximum": s.exclusiveMaximum = try number(value, key)
            case "multipleOf":
                _ = try number(value, key)
                guard let text = value.string, let decimal = Decimal(string: text), decimal > 0 else {
                    throw invalid(key, "expected a number greater than 0", value)
                }
                s.multipleOf = decimal
            case "minLength": s.minLength = try count(value, key)
            case "maxLength": s.maxLength = try count(value, key)
            case "pattern": s.pattern = try pattern(value)
            case "format": s.format = value.string.flatMap(Format.init(rawValue:))
            case "items":
                if value.isSequence {
                    s.tupleItems = try value.items.map { (item) throws(SchemaCompileError) -> Int in try compile(item, base: base) }
                } else {
                    s.items = try compile(value, base: base)
                }
            case "additionalItems": s.additionalItems = try compile(value, base: base)
            case "contains": s.contains = try compile(value, base: base)
            case "minItems": s.minItems = try count(value, key)
            case "maxItems": s.maxItems = try count(value, key)
            case "uniqueItems": s.uniqueItems = value.bool ?? false
            case "properties":
                guard value.isMapping else { throw invalid(key, "expected an object", value) }
                for (name, sub) in value.pairs {
                    let text = name.string ?? ""
                    s.properties.append(Schema.Property(name: text, bytes: Array(text.utf8), schema: try compile(sub, base: base)))
                }
            case "patternProperties":
                guard value.isMapping else { throw invalid(key, "expected an object", value) }
                for (name, sub) in value.pairs {
                    s.patternProperties.append((try pattern(name), try compile(sub, base: base)))
                }
            case "additionalProperties": s.additionalProperties = try compile(value, base: base)
            case "required": s.required = try strings(value, key)
            case "minProperties": s.minProperties = try count(value, key)
            case "maxProperties": s.maxProperties = try count(value, key)
            case "propertyNames": s.propertyNames = try compile(value, base: base)
            case "dependencies":
                guard value.isMapping else { throw invalid(key, "expected an object", value) }
                for (name, dependency) in value.pairs {
                    let text = name.string ?? ""
                    if dependency.isSequence {
                        s.dependencies.append((text, .properties(try strings(dependency, key))))
                    } else {
                        s.dependencies.append((text, .schema(try compile(dependency, base: base))))
                    }
                }
            case "allOf", "anyOf", "oneOf":
                guard value.isSequence, value.count > 0 else { throw invalid(key, "expected a non-empty list of schemas", value) }
                let compiled = try value.items.map { (item) throws(SchemaCompileError) -> Int in try compile(item, base: base) }
                if key == "allOf" { s.allOf = compiled } else if key == "anyOf" { s.anyOf = compiled } else { s.oneOf = compiled }
            case "not": s.not = try compile(value, base: base)
            case "if": s.ifSchema = try compile(value, base: base)
            case "then": s.thenSchema = try compile(value, base: base)
            case "else": s.elseSchema = try compile(value, base: base)
            case "x-error-message": s.errorMessage = value.string
            case "x-did-you-mean":
                guard value.isMapping else { throw invalid(key, "expected an object of strings", value) }
                for (name, meant) in value.pairs {
                    guard let from = name.string, let to = meant.string else { throw invalid(key, "expected an object of strings", value) }
                    s.didYouMean[from] = to
                }
            case "description": s.description = value.string
            case "definitions":
                // Compiled when referenced; checked for shape here so a broken definition is found early.
                guard value.isMapping else { throw invalid(key, "expected an object", value) }
            default:
                break // annotations ($schema, $id, $comment, title, default, examples, …) and unknown keywords
            }
        }
        return s
    }
}
