import Foundation
import TenancyYAML

/// One compiled schema object. Subschemas are indexes into the arena of a `JSONSchema`, so the
/// whole compiled schema is a plain value (Sendable, no reference cycles) even when it is recursive.
struct Schema: Sendable {
    /// `true` / `false` schemas (and `{}`), checked before anything else.
    var boolean: Bool?
    /// Draft 7: a `$ref` replaces every other keyword of its object.
    var ref: Int = -1

    var types: JSONType.Set = []
    var enumValues: [Node]?
    /// When every enum value is a string: their bytes, compared without building Strings.
    var enumStrings: [[UInt8]]?
    var constValue: Node?

    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum: Double?
    var exclusiveMaximum: Double?
    var multipleOf: Decimal?

    var minLength: Int?
    var maxLength: Int?
    var pattern: Pattern?
    var format: Format?

    var items: Int = -1
    var tupleItems: [Int]?
    var additionalItems: Int = -1
    var contains: Int = -1
    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false

    var properties: [Property] = []
    var patternProperties: [(pattern: Pattern, schema: Int)] = []
    var additionalProperties: Int = -1
    var required: [String] = []
    var minProperties: Int?
    var maxProperties: Int?
    var propertyNames: Int = -1
    var dependencies: [(name: String, dependency: Dependency)] = []

    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var not: Int = -1
    var ifSchema: Int = -1
    var thenSchema: Int = -1
    var elseSchema: Int = -1

    /// `x-error-message`: what to say instead of the generic message when this schema fails on a
    /// value (e.g. "must be a duration such as 15m, 12h or 90d").
    var errorMessage: String?
    /// `x-did-you-mean`: the hint for values people write that are not in the `enum` (`UK` for
    /// the United Kingdom, whose code is `GB`), before the nearest value is guessed.
    var didYouMean: [String: String] = [:]
    /// `description`, shown as detail of a diagnostic and as hover text in editors.
    var description: String?

    /// Which reference-counted keywords are present, so that the validator's inner loop can skip
    /// absent ones without touching (and retaining) their arrays and strings.
    struct Features: OptionSet, Sendable {
        let rawValue: UInt16
        static let errorMessage = Features(rawValue: 1 << 0)
        static let enumeration = Features(rawValue: 1 << 1)
        static let constant = Features(rawValue: 1 << 2)
        static let allOf = Features(rawValue: 1 << 3)
        static let anyOf = Features(rawValue: 1 << 4)
        static let oneOf = Features(rawValue: 1 << 5)
        static let pattern = Features(rawValue: 1 << 6)
        static let tuple = Features(rawValue: 1 << 7)
        static let required = Features(rawValue: 1 << 8)
        static let patternProperties = Features(rawValue: 1 << 9)
        static let dependencies = Features(rawValue: 1 << 10)
        static let properties = Features(rawValue: 1 << 11)
        /// Any of minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf.
        static let numeric = Features(rawValue: 1 << 12)
        /// Any of minLength, maxLength, pattern, format.
        static let stringChecks = Features(rawValue: 1 << 13)
    }

    var features: Features = []

    mutating func computeFeatures() {
        var f: Features = []
        if errorMessage != nil { f.insert(.errorMessage) }
        if enumValues != nil { f.insert(.enumeration) }
        if constValue != nil { f.insert(.constant) }
        if !allOf.isEmpty { f.insert(.allOf) }
        if !anyOf.isEmpty { f.insert(.anyOf) }
        if !oneOf.isEmpty { f.insert(.oneOf) }
        if pattern != nil { f.insert(.pattern) }
        if tupleItems != nil { f.insert(.tuple) }
        if !required.isEmpty { f.insert(.required) }
        if !patternProperties.isEmpty { f.insert(.patternProperties) }
        if !dependencies.isEmpty { f.insert(.dependencies) }
        if !properties.isEmpty { f.insert(.properties) }
        if minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil || multipleOf != nil {
            f.insert(.numeric)
        }
        if minLength != nil || maxLength != nil || pattern != nil || format != nil { f.insert(.stringChecks) }
        features = f
    }

    struct Property: Sendable {
        let name: String
        let bytes: [UInt8]
        let schema: Int
    }

    enum Dependency: Sendable {
        case properties([String])
        case schema(Int)
    }

    /// The subschema of a property, matched on the key's bytes. Static over a pointer so that the
    /// (large) schema struct is never copied in the validator's inner loop.
    static func property(in schema: UnsafePointer<Schema>, key bytes: UnsafeBufferPointer<UInt8>?) -> Int? {
        guard let bytes else { return nil }
        let count = bytes.count
        for property in schema.pointee.properties where property.bytes.count == count {
            if count == 0 || property.bytes.withUnsafeBufferPointer({ $0[0] == bytes[0] && memcmp($0.baseAddress!, bytes.baseAddress!, count) == 0 }) {
                return property.schema
            }
        }
        return nil
    }
}

/// The JSON types as JSON Schema names them.
enum JSONType: UInt8, Sendable, CaseIterable {
    case null, boolean, integer, number, string, array, object

    var name: String {
        switch self {
        case .null: return "null"
        case .boolean: return "boolean"
        case .integer: return "integer"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    struct Set: OptionSet, Sendable {
        let rawValue: UInt8
        init(rawValue: UInt8) { self.rawValue = rawValue }
        init(_ type: JSONType) { rawValue = 1 << type.rawValue }
        func contains(_ type: JSONType) -> Bool { rawValue & (1 << type.rawValue) != 0 }
        var names: [String] { JSONType.allCases.filter(contains).map(\.name) }
    }

    /// The type of an instance node; an integral float (`1.0`) is both number and integer.
    static func of(_ node: Node) -> JSONType {
        switch node.kind {
        case .mapping: return .object
        case .sequence: return .array
        case .scalar:
            switch node.scalarType {
            case .null?: return .null
            case .bool?: return .boolean
            case .int?: return .integer
            case .float?: return .number
            default: return .string
            }
        }
    }
}

/// A compiled `pattern`. ASCII text against a pattern in the common subset runs on `ByteRegex`;
/// everything else on NSRegularExpression (ICU), which agrees with ECMA-262 on what schemas use.
/// A class, so that reading a schema's pattern costs one reference count rather than copying the
/// matcher's tables.
final class Pattern: @unchecked Sendable {
    // Immutable after init; NSRegularExpression is documented as thread-safe.
    let source: String
    let regex: NSRegularExpression
    let fast: ByteRegex?

    init(_ source: String) throws {
        self.source = source
        regex = try NSRegularExpression(pattern: source, options: [])
        fast = ByteRegex(source)
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Matches UTF-8 text, without making a String when the fast path applies.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let fast, !bytes.contains(where: { $0 >= 0x80 }) { return fast.matches(bytes) }
        return matches(String(decoding: bytes, as: UTF8.self))
    }
}
