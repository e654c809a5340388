/// The YAML 1.2 core schema's resolution of plain scalars (spec 10.3.2). Unlike YAML 1.1, `yes`,
/// `no`, `on`, `off`, `y` and `n` are strings: a country code `NO` must never become `false`.
public enum CoreSchema {
    public static let tagPrefix = "tag:yaml.org,2002:"
    public static let strTag = "tag:yaml.org,2002:str"
    public static let intTag = "tag:yaml.org,2002:int"
    public static let floatTag = "tag:yaml.org,2002:float"
    public static let boolTag = "tag:yaml.org,2002:bool"
    public static let nullTag = "tag:yaml.org,2002:null"
    public static let mapTag = "tag:yaml.org,2002:map"
    public static let seqTag = "tag:yaml.org,2002:seq"
    public static let mergeTag = "tag:yaml.org,2002:merge"

    /// The type of a plain (unquoted, untagged) scalar.
    public static func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> Node.ScalarType {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return bytes.count == 1 ? .null : .string
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return isNull(bytes) ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return isBool(bytes) ? .bool : .string
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if isInt(bytes) { return .int }
            if isFloat(bytes) { return .float }
            return .string
        default:
            return .string
        }
    }

    static func isNull(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.isEmpty || equals(b, "~") || equals(b, "null") || equals(b, "Null") || equals(b, "NULL")
    }

    static func isBool(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        equals(b, "true") || equals(b, "True") || equals(b, "TRUE")
            || equals(b, "false") || equals(b, "False") || equals(b, "FALSE")
    }

    static func isInt(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if b.count > 2, b[0] == UInt8(ascii: "0") {
            if b[1] == UInt8(ascii: "x") { return b.dropFirst(2).allSatisfy(isHexDigit) }
            if b[1] == UInt8(ascii: "o") { return b.dropFirst(2).allSatisfy { $0 >= 0x30 && $0 <= 0x37 } }
        }
        var digits = b[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }

    static func isFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var rest = b[...]
        if equals(b, ".nan") || equals(b, ".NaN") || equals(b, ".NAN") { return true }
        if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
        let afterSign = UnsafeBufferPointer(rebasing: rest)
        if equals(afterSign, ".inf") || equals(afterSign, ".Inf") || equals(afterSign, ".INF") { return true }
        // [0-9]+ ( . [0-9]* )? | . [0-9]+   then ( [eE] [-+]? [0-9]+ )?
        let integerDigits = rest.prefix(while: isDigit).count
        rest = rest.dropFirst(integerDigits)
        var fractionDigits = 0
        var sawDot = false
        if rest.first == UInt8(ascii: ".") {
            sawDot = true
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: isDigit).count
            rest = rest.dropFirst(fractionDigits)
        }
        if integerDigits == 0 && fractionDigits == 0 { return false }
        if integerDigits == 0 && !sawDot { return false }
        if let e = rest.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { rest = rest.dropFirst() }
            let exponentDigits = rest.prefix(while: isDigit).count
            if exponentDigits == 0 { return false }
            rest = rest.dropFirst(exponentDigits)
        }
        return rest.isEmpty
    }

    /// Whether `text` is a valid value for an explicit core tag (`!!int 12`, `!!bool true`), so
    /// that `!!int abc` is reported instead of silently becoming something else.
    static func accepts(_ type: Node.ScalarType, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch type {
        case .string: return true
        case .null: return isNull(bytes)
        case .bool: return isBool(bytes)
        case .int: return isInt(bytes)
        case .float: return isFloat(bytes) || isInt(bytes)
        }
    }

    public static func boolValue(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    public static func intValue(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    public static func floatValue(_ text: String) -> Double? {
        switch text {
        case ".nan", ".NaN", ".NAN": return .nan
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        default:
            var t = text.hasPrefix("+") ? String(text.dropFirst()) : text
            // Swift's parser wants a digit on both sides of the dot; YAML allows `1.` and `.5`.
            if t.hasSuffix(".") { t += "0" }
            if let dot = t.firstIndex(of: "."), dot == t.startIndex || !t[t.index(before: dot)].isNumber {
                t.insert("0", at: dot)
            }
            if let e = t.firstIndex(where: { $0 == "e" || $0 == "E" }), e > t.startIndex,
               t[t.index(before: e)] == "." {
                t.insert("0", at: e)
            }
            return Double(t)
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    @inline(__always) static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let other = literal.utf8Start
        for i in 0..<bytes.count where bytes[i] != other[i] { return false }
        return true
    }

    @inline(__always)
    static func equals(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ literal: StaticString) -> Bool {
        equals(UnsafeBufferPointer(rebasing: bytes), literal)
    }
}
