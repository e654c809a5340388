import TenancySupport
import Foundation
import TenancyDiagnostics
import TenancyYAML

extension JSONSchema {
    /// Every violation of the schema by `instance`, in document order; empty when valid.
    public func validate(_ instance: Node) -> [SchemaViolation] {
        schemas.withUnsafeBufferPointer { buffer in
            instance.withRawNodes { raw, id in
                var validation = Validation(schemas: buffer, raw: raw)
                var errors: [SchemaViolation] = []
                _ = validation.check(id, root, &errors)
                return errors
            }
        }
    }

    /// Whether `instance` is valid, without building messages.
    public func isValid(_ instance: Node) -> Bool {
        validate(instance).isEmpty
    }
}

/// The walk of one instance. Keeps the path as a stack of steps (a key node or an index), turned
/// into text only when an error is reported, so that valid documents cost no string building.
/// Instance nodes are ids into the document (`RawNodes`): a full `Node` is made only for a message.
struct Validation: ~Escapable {
    let schemas: UnsafeBufferPointer<Schema>
    let raw: RawNodes
    private var steps: [Step] = []
    /// How many `$ref`s were followed without descending into the instance: a schema such as
    /// `{"$ref": "#"}` would otherwise loop forever.
    private var refChain = 0
    /// Above zero while a result only decides a branch (`if`, `not`, `contains`, the first pass of
    /// `anyOf`/`oneOf`): failures are counted, not worded, so valid documents build no messages.
    private var quiet = 0

    struct Step {
        /// The key's node id, or -1 for a list item.
        let key: Int32
        let index: Int
    }

    @_lifetime(copy raw)
    init(schemas: UnsafeBufferPointer<Schema>, raw: RawNodes) {
        self.schemas = schemas
        self.raw = raw
    }

    /// The JSON type of an instance node.
    @inline(__always)
    func type(_ id: Int32) -> JSONType {
        switch raw.kind(id) {
        case .mapping: return .object
        case .sequence: return .array
        case .scalar:
            switch raw.scalarType(id) {
            case .null?: return .null
            case .bool?: return .boolean
            case .int?: return .integer
            case .float?: return .number
            default: return .string
            }
        }
    }

    /// A number's value: decimal integers read straight from the bytes, the rest through Node.
    func number(_ id: Int32) -> Double? {
        if raw.scalarType(id) == .int {
            let bytes = raw.bytes(id)
            var value: Int64 = 0
            var negative = false
            var simple = bytes.count > 0 && bytes.count < 18
            for (i, b) in bytes.enumerated() where simple {
                if i == 0 && (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) { negative = b == UInt8(ascii: "-"); continue }
                if b >= 0x30 && b <= 0x39 { value = value * 10 + Int64(b - 0x30) } else { simple = false }
            }
            if simple { return Double(negative ? -value : value) }
        }
        return JSONEquality.double(raw.node(id))
    }

    // MARK: Paths and reports

    var pathText: String {
        var out = ""
        for step in steps {
            if step.key >= 0 {
                let name = raw.node(step.key).string ?? "?"
                let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "$" }
                if plain { out += out.isEmpty ? name : "." + name } else { out += "[\"\(name)\"]" }
            } else {
                out += "[\(step.index)]"
            }
        }
        return out
    }

    /// Records a violation unless quiet; the message is only built when it will be shown.
    @inline(__always)
    private func fail(_ errors: inout [SchemaViolation], _ make: @autoclosure () -> SchemaViolation) {
        if quiet == 0 { errors.append(make()) }
    }

    private mutating func quietly(_ body: (inout Validation) -> Bool) -> Bool {
        quiet += 1
        defer { quiet -= 1 }
        return body(&self)
    }

    private func violation(_ keyword: String, _ message: String, _ node: Int32, key: Int32 = -1,
                           hint: String? = nil, schema: Int) -> SchemaViolation {
        SchemaViolation(keyword: keyword, message: message, hint: hint, detail: (schemas.baseAddress! + schema).pointee.description,
                        instance: raw.node(node), key: key >= 0 ? raw.node(key) : nil, path: pathText, depth: steps.count)
    }

    private mutating func descend<R>(key: Int32, index: Int, _ body: (inout Validation) -> R) -> R {
        steps.append(Step(key: key, index: index))
        let savedChain = refChain
        refChain = 0
        defer { steps.removeLast(); refChain = savedChain }
        return body(&self)
    }

    // MARK: The check

    mutating func check(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let s = schemas.baseAddress! + index
        if let boolean = s.pointee.boolean {
            if !boolean { fail(&errors, violation("false", "no value is allowed here", node, schema: index)) }
            return boolean
        }
        if s.pointee.ref >= 0 {
            refChain += 1
            defer { refChain -= 1 }
            guard refChain < 64 else {
                fail(&errors, violation("$ref", "the schema refers to itself without end", node, schema: index))
                return false
            }
            return check(node, s.pointee.ref, &errors)
        }
        if s.pointee.features.contains(.errorMessage), let message = s.pointee.errorMessage {
            var local: [SchemaViolation] = []
            let ok = checkKeywords(node, index, &local)
            if !ok {
                let depth = steps.count
                let own = local.filter { $0.depth == depth && $0.key == nil }
                // The keyword's own hint (the nearest allowed value) is kept with the message.
                if !own.isEmpty { fail(&errors, violation(own[0].keyword, message, node, hint: own[0].hint, schema: index)) }
                errors.append(contentsOf: local.filter { !($0.depth == depth && $0.key == nil) })
            }
            return ok
        }
        return checkKeywords(node, index, &errors)
    }

    private mutating func checkKeywords(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let s = schemas.baseAddress! + index
        let type = self.type(node)
        if !s.pointee.types.isEmpty {
            var matches = s.pointee.types.contains(type)
            if !matches, type == .number, s.pointee.types.contains(.integer), let value = number(node),
               value.isFinite, value == value.rounded() {
                matches = true
            }
            if !matches {
                fail(&errors, violation("type", "expected \(Self.list(s.pointee.types.names, or: true)), got \(Self.describe(raw.node(node)))",
                                        node, schema: index))
                return false
            }
        }
        var ok = true
        let features = s.pointee.features
        if features.contains(.enumeration), let values = s.pointee.enumValues, !Self.enumContains(s, raw.bytes(node), type),
           !values.contains(where: { JSONEquality.equal($0, raw.node(node)) }) {
            let names = values.map(Self.literal)
            var hint: String?
            if type == .string, let text = raw.node(node).string {
                hint = (s.pointee.didYouMean[text] ?? Suggestion.closest(to: text, in: values.compactMap { $0.scalarType == .string ? $0.string : nil }))
                    .map { "did you mean `\($0)`?" }
            }
            fail(&errors, violation("enum", "\(Self.describe(raw.node(node))) is not one of \(names.joined(separator: ", "))",
                                    node, hint: hint, schema: index))
            ok = false
        }
        if features.contains(.constant), let value = s.pointee.constValue, !JSONEquality.equal(value, raw.node(node)) {
            fail(&errors, violation("const", "must be \(Self.literal(value)), got \(Self.describe(raw.node(node)))", node, schema: index))
            ok = false
        }
        switch type {
        case .integer, .number: if features.contains(.numeric) { ok = checkNumber(node, index, &errors) && ok }
        case .string: if features.contains(.stringChecks) { ok = checkString(node, index, &errors) && ok }
        case .array: ok = checkArray(node, index, &errors) && ok
        case .object: ok = checkObject(node, index, &errors) && ok
        default: break
        }
        if features.contains(.allOf) { for sub in s.pointee.allOf { ok = check(node, sub, &errors) && ok } }
        if features.contains(.anyOf) { ok = checkAnyOf(node, index, &errors) && ok }
        if features.contains(.oneOf) { ok = checkOneOf(node, index, &errors) && ok }
        if s.pointee.not >= 0 {
            var ignored: [SchemaViolation] = []
            let not = s.pointee.not
            if quietly({ $0.check(node, not, &ignored) }) {
                fail(&errors, violation("not", "\(Self.describe(raw.node(node))) is not allowed here", node, schema: index))
                ok = false
            }
        }
        if s.pointee.ifSchema >= 0 {
            var ignored: [SchemaViolation] = []
            let condition = s.pointee.ifSchema
            if quietly({ $0.check(node, condition, &ignored) }) {
                if s.pointee.thenSchema >= 0 { ok = check(node, s.pointee.thenSchema, &errors) && ok }
            } else if s.pointee.elseSchema >= 0 {
                ok = check(node, s.pointee.elseSchema, &errors) && ok
            }
        }
        return ok
    }

    private mutating func checkNumber(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let s = schemas.baseAddress! + index
        guard let value = number(node) else { return true }
        var ok = true
        func reject(_ keyword: String, _ message: @autoclosure () -> String) {
            fail(&errors, violation(keyword, message(), node, schema: index))
            ok = false
        }
        // NaN compares false with everything: it meets no bound (`.nan` is YAML, never JSON).
        if value.isNaN, s.pointee.minimum != nil || s.pointee.maximum != nil || s.pointee.exclusiveMinimum != nil || s.pointee.exclusiveMaximum != nil {
            reject(s.pointee.minimum != nil ? "minimum" : "maximum", "must be a number within its bounds, got \(raw.node(node).string ?? "")")
            return ok
        }
        if let minimum = s.pointee.minimum, value < minimum { reject("minimum", "must be at least \(Self.number(minimum)), got \(raw.node(node).string ?? "")") }
        if let maximum = s.pointee.maximum, value > maximum { reject("maximum", "must be at most \(Self.number(maximum)), got \(raw.node(node).string ?? "")") }
        if let bound = s.pointee.exclusiveMinimum, value <= bound { reject("exclusiveMinimum", "must be greater than \(Self.number(bound)), got \(raw.node(node).string ?? "")") }
        if let bound = s.pointee.exclusiveMaximum, value >= bound { reject("exclusiveMaximum", "must be less than \(Self.number(bound)), got \(raw.node(node).string ?? "")") }
        if let divisor = s.pointee.multipleOf {
            var multiple = false
            if let decimal = JSONEquality.numberValue(raw.node(node)) {
                var quotient = decimal / divisor
                var rounded = Decimal()
                NSDecimalRound(&rounded, &quotient, 0, .plain)
                multiple = rounded == quotient
            } else if value.isInfinite {
                multiple = false
            }
            if !multiple { reject("multipleOf", "must be a multiple of \(divisor), got \(raw.node(node).string ?? "")") }
        }
        return ok
    }

    private mutating func checkString(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let s = schemas.baseAddress! + index
        var ok = true
        if s.pointee.minLength != nil || s.pointee.maxLength != nil {
            let length = raw.bytes(node).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if let minimum = s.pointee.minLength, length < minimum {
                fail(&errors, violation("minLength", minimum == 1 ? "must not be empty"
                                        : "must be at least \(minimum) characters long, got \(length)", node, schema: index))
                ok = false
            }
            if let maximum = s.pointee.maxLength, length > maximum {
                fail(&errors, violation("maxLength", "must be at most \(maximum) characters long, got \(length)", node, schema: index))
                ok = false
            }
        }
        if s.pointee.features.contains(.pattern), let pattern = s.pointee.pattern, !pattern.matches(raw.bytes(node)) {
            fail(&errors, violation("pattern", "\(Self.describe(raw.node(node))) does not match the pattern \(pattern.source)", node, schema: index))
            ok = false
        }
        if let format = s.pointee.format {
            if !format.accepts(String(decoding: raw.bytes(node), as: UTF8.self)) {
                fail(&errors, violation("format", "\(Self.describe(raw.node(node))) is not a valid \(format.noun)", node, schema: index))
                ok = false
            }
        }
        return ok
    }

    private mutating func checkArray(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let s = schemas.baseAddress! + index
        var ok = true
        let count = raw.count(node)
        if s.pointee.features.contains(.tuple), let tuple = s.pointee.tupleItems {
            raw.forEachItem(node) { offset, item in
                if offset < tuple.count {
                    ok = descend(key: -1, index: offset) { $0.check(item, tuple[offset], &errors) } && ok
                } else if s.pointee.additionalItems >= 0 {
                    ok = descend(key: -1, index: offset) { $0.check(item, s.pointee.additionalItems, &errors) } && ok
                }
            }
        } else if s.pointee.items >= 0 {
            let items = s.pointee.items
            raw.forEachItem(node) { offset, item in
                ok = descend(key: -1, index: offset) { $0.check(item, items, &errors) } && ok
            }
        }
        if s.pointee.contains >= 0 {
            var found = false
            raw.forEachItem(node) { offset, item in
                guard !found else { return }
                var ignored: [SchemaViolation] = []
                let contains = s.pointee.contains
                found = descend(key: -1, index: offset) { v in v.quietly { $0.check(item, contains, &ignored) } }
            }
            if !found {
                fail(&errors, violation("contains", "no item matches what this list must contain", node, schema: index))
                ok = false
            }
        }
        if let minimum = s.pointee.minItems, count < minimum {
            fail(&errors, violation("minItems", minimum == 1 ? "must not be empty" : "must have at least \(minimum) items, has \(count)", node, schema: index))
            ok = false
        }
        if let maximum = s.pointee.maxItems, count > maximum {
            fail(&errors, violation("maxItems", "must have at most \(maximum) items, has \(count)", node, schema: index))
            ok = false
        }
        if s.pointee.uniqueItems, count > 1 {
            let items = (0..<count).map { raw.node(raw.item(node, $0)) }
            outer: for i in 1..<items.count {
                for j in 0..<i where JSONEquality.equal(items[i], items[j]) {
                    ok = false
                    descend(key: -1, index: i) {
                        $0.fail(&errors, $0.violation("uniqueItems", "\(Self.describe(items[i])) is listed twice (items \(j) and \(i))",
                                                   $0.raw.item(node, i), schema: index))
                    }
                    break outer
                }
            }
        }
        return ok
    }

    private mutating func checkObject(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let s = schemas.baseAddress! + index
        var ok = true
        let parentKey = steps.last?.key ?? -1
        let features = s.pointee.features
        if features.contains(.required) {
            for name in s.pointee.required where !has(node, name) {
                fail(&errors, violation("required", "missing required field `\(name)`", node, key: parentKey,
                                        hint: "add `\(name):`", schema: index))
                ok = false
            }
        }
        let hasPatterns = features.contains(.patternProperties)
        let hasProperties = features.contains(.properties)
        raw.forEachPair(node) { key, value in
            var matched = false
            if hasProperties, let property = Schema.property(in: s, key: raw.kind(key) == .scalar ? raw.bytes(key) : nil) {
                matched = true
                ok = descend(key: key, index: 0) { $0.check(value, property, &errors) } && ok
            }
            if hasPatterns {
                for (pattern, schema) in s.pointee.patternProperties where pattern.matches(raw.bytes(key)) {
                    matched = true
                    ok = descend(key: key, index: 0) { $0.check(value, schema, &errors) } && ok
                }
            }
            if !matched, s.pointee.additionalProperties >= 0 {
                let additional = s.pointee.additionalProperties
                if (schemas.baseAddress! + additional).pointee.boolean == false {
                    let name = raw.node(key).string ?? "?"
                    let known = s.pointee.properties.map(\.name)
                    let suggestion = Suggestion.closest(to: name, in: known)
                    let hint = suggestion.map { "did you mean `\($0)`?" }
                        ?? (known.isEmpty ? nil : "known fields: \(known.joined(separator: ", "))")
                    descend(key: key, index: 0) {
                        $0.fail(&errors, $0.violation("additionalProperties", "unknown field `\(name)`", value, key: key,
                                                   hint: hint, schema: index))
                    }
                    ok = false
                } else {
                    ok = descend(key: key, index: 0) { $0.check(value, additional, &errors) } && ok
                }
            }
            if s.pointee.propertyNames >= 0 {
                var local: [SchemaViolation] = []
                let valid = descend(key: key, index: 0) { $0.check(key, s.pointee.propertyNames, &local) }
                if !valid {
                    ok = false
                    for error in local {
                        errors.append(SchemaViolation(keyword: "propertyNames", message: "field name \(error.message)",
                                                      hint: error.hint, detail: error.detail, instance: raw.node(key), key: raw.node(key),
                                                      path: error.path, depth: error.depth))
                    }
                }
            }
        }
        let count = raw.count(node)
        if let minimum = s.pointee.minProperties, count < minimum {
            fail(&errors, violation("minProperties", "must have at least \(minimum) field\(minimum == 1 ? "" : "s")", node, key: parentKey, schema: index))
            ok = false
        }
        if let maximum = s.pointee.maxProperties, count > maximum {
            fail(&errors, violation("maxProperties", "must have at most \(maximum) field\(maximum == 1 ? "" : "s"), has \(count)", node, key: parentKey, schema: index))
            ok = false
        }
        for (name, dependency) in features.contains(.dependencies) ? s.pointee.dependencies : [] {
            guard let present = raw.node(node).pair(forKey: name) else { continue }
            switch dependency {
            case let .properties(names):
                for other in names where !has(node, other) {
                    fail(&errors, violation("dependencies", "`\(name)` requires `\(other)` to be set too", node,
                                            key: present.key.withRawNodes { $1 }, schema: index))
                    ok = false
                }
            case let .schema(schema):
                ok = check(node, schema, &errors) && ok
            }
        }
        return ok
    }

    // MARK: Alternatives

    /// Which alternatives pass; the failures' violations are gathered (in a second, worded pass)
    /// only when none passed and they will be shown.
    private mutating func branches(_ node: Int32, _ candidates: [Int]) -> (passed: [Int], failures: [[SchemaViolation]]) {
        var passed: [Int] = []
        for (i, candidate) in candidates.enumerated() {
            var ignored: [SchemaViolation] = []
            if quietly({ $0.check(node, candidate, &ignored) }) { passed.append(i) }
        }
        guard passed.isEmpty, quiet == 0 else { return (passed, []) }
        var failures: [[SchemaViolation]] = []
        for candidate in candidates {
            var local: [SchemaViolation] = []
            _ = check(node, candidate, &local)
            failures.append(local)
        }
        return (passed, failures)
    }

    /// The errors of the alternative that came closest: the one whose errors lie deepest in the
    /// instance (it matched the shape and failed on a detail), then the one with fewest errors.
    private func closest(_ failures: [[SchemaViolation]], _ node: Int32, keyword: String, index: Int) -> [SchemaViolation] {
        let depth = steps.count
        let typeOnly = failures.allSatisfy { $0.count == 1 && $0[0].keyword == "type" && $0[0].depth == depth }
        if typeOnly {
            let expected = failures.compactMap { $0.first?.message.components(separatedBy: ", got ").first?
                .replacingOccurrences(of: "expected ", with: "") }
            return [violation(keyword, "expected \(Self.list(expected, or: true)), got \(Self.describe(raw.node(node)))", node, schema: index)]
        }
        let best = failures.max { a, b in
            let da = a.map(\.depth).max() ?? 0, db = b.map(\.depth).max() ?? 0
            if da != db { return da < db }
            return a.count > b.count
        } ?? []
        return best
    }

    private mutating func checkAnyOf(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let (passed, failures) = branches(node, (schemas.baseAddress! + index).pointee.anyOf)
        if !passed.isEmpty { return true }
        if quiet == 0 { errors.append(contentsOf: closest(failures, node, keyword: "anyOf", index: index)) }
        return false
    }

    private mutating func checkOneOf(_ node: Int32, _ index: Int, _ errors: inout [SchemaViolation]) -> Bool {
        let (passed, failures) = branches(node, (schemas.baseAddress! + index).pointee.oneOf)
        if passed.count == 1 { return true }
        if passed.isEmpty {
            if quiet == 0 { errors.append(contentsOf: closest(failures, node, keyword: "oneOf", index: index)) }
        } else {
            let which = passed.map { String($0 + 1) }
            fail(&errors, violation("oneOf", "matches more than one of the alternatives (\(Self.list(which, or: false)))",
                                    node, schema: index))
        }
        return false
    }

    /// The fast path of `enum` for string values: byte comparison against precomputed bytes.
    /// False means "not decided here" (the general comparison then runs).
    @inline(__always)
    private static func enumContains(_ s: UnsafePointer<Schema>, _ bytes: UnsafeBufferPointer<UInt8>, _ type: JSONType) -> Bool {
        guard type == .string, let strings = s.pointee.enumStrings else { return false }
        return strings.contains { candidate in
            candidate.count == bytes.count && candidate.withUnsafeBufferPointer { $0.elementsEqual(bytes) }
        }
    }

    /// Whether a mapping has a field, by the name's bytes.
    private func has(_ node: Int32, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { raw.value(node, forKey: $0) != nil }
    }

    // MARK: Wording

    static func list(_ items: [String], or: Bool) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + items.last!
    }

    static func number(_ value: Double) -> String { TenancySupport.Format.number(value) }

    static func literal(_ node: Node) -> String {
        switch JSONType.of(node) {
        case .string: return "`\(node.string ?? "")`"
        case .object: return "an object"
        case .array: return "a list"
        default: return "`\(node.string ?? "null")`"
        }
    }

    /// "the string `abc`", "the integer `12`", "a mapping": how an offending value is named.
    static func describe(_ node: Node) -> String {
        switch JSONType.of(node) {
        case .null: return "null"
        case .boolean: return "the boolean `\(node.string ?? "")`"
        case .integer: return "the integer `\(node.string ?? "")`"
        case .number: return "the number `\(node.string ?? "")`"
        case .string:
            let text = node.string ?? ""
            return "the string `\(text.count > 60 ? String(text.prefix(57)) + "…" : text)`"
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
