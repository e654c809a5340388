import Foundation
import TenancyYAML

/// JSON equality of two nodes, as `const`, `enum` and `uniqueItems` define it: numbers by value
/// (`1` equals `1.0`), strings by their characters, objects regardless of key order.
public enum JSONEquality {
    public static func equal(_ a: Node, _ b: Node) -> Bool {
        let ta = JSONType.of(a), tb = JSONType.of(b)
        let numeric: (JSONType) -> Bool = { $0 == .integer || $0 == .number }
        if numeric(ta) && numeric(tb) { return numberValue(a) == numberValue(b) }
        guard ta == tb else { return false }
        switch ta {
        case .null: return true
        case .boolean: return a.bool == b.bool
        case .string:
            return a.withScalarBytes { x in b.withScalarBytes { y in x.elementsEqual(y) } ?? false } ?? false
        case .array:
            guard a.count == b.count else { return false }
            return zip(a.items, b.items).allSatisfy { equal($0, $1) }
        case .object:
            guard a.count == b.count else { return false }
            for (key, value) in a.pairs {
                guard let name = key.string, let other = b[name], equal(value, other) else { return false }
            }
            return true
        case .integer, .number:
            return false
        }
    }

    /// The value of a number node as a Decimal (exact for the decimal literals people write), so
    /// that large integers and `1.0` vs `1` compare correctly.
    static func numberValue(_ node: Node) -> Decimal? {
        guard let text = node.string else { return nil }
        if node.scalarType == .int, let value = node.int { return Decimal(value) }
        if let double = node.double, !double.isFinite { return nil }
        return Decimal(string: text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func double(_ node: Node) -> Double? {
        if let value = node.double { return value }
        return node.string.flatMap { Double($0) }
    }
}
