/// What a reader of a few settings asks of a JSON value: a member, an element, a scalar. Answered
/// by a tree (`JSON`) or in place by a stored resource's text (`JSONText`), so that one reader
/// serves both (the runtime answers read ten settings of each of ten thousand stored workspaces;
/// building their trees cost more than everything else they do with them).
public protocol JSONReading {
    subscript(key: String) -> Self? { get }
    var stringValue: String? { get }
    var boolValue: Bool? { get }
    /// A number's text as written (canonical: no exponent unless it was written with one).
    var numberText: String? { get }
    var arrayValue: [Self]? { get }
    /// An object's members, in no particular order (sort them to show them); nil when it is not
    /// an object.
    var objectMembers: [(key: String, value: Self)]? { get }
    /// The value's canonical compact text (`JSON.compactText()`).
    var compactForm: String { get }
}

extension JSONReading {
    /// An object's members whose values are strings (labels), nil when it is not an object.
    public var stringMembers: [String: String]? {
        objectMembers.map { members in
            Dictionary(members.compactMap { member in member.value.stringValue.map { (member.key, $0) } }, uniquingKeysWith: { _, last in last })
        }
    }
}

extension JSON: JSONReading {
    public var numberText: String? { if case let .number(text) = self { return text } else { return nil } }
    public var objectMembers: [(key: String, value: JSON)]? { objectValue.map { $0.map { (key: $0.key, value: $0.value) } } }
    public var compactForm: String { compactText() }
}

/// A JSON value in place in stored text: the bytes of one value, read member by member without
/// building anything. It points into a buffer it does not own, so the only way to get one is
/// `JSONText.reading`, which lends it to a closure for the buffer's lifetime; nothing outside this
/// module can make one from a pointer. (A non-escapable type would let the compiler enforce that
/// the closure does not keep it; a protocol (`JSONReading`) cannot yet be adopted by one in Swift
/// 6.3 without its generic readers changing, so the closure is the fence.) The text is what the canonical writer printed or
/// checked JSON; a string with escapes goes through the parser.
public struct JSONText: JSONReading {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The value's bytes, without the space around it.
    let range: Range<Int>

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.bytes = bytes
        self.range = range
    }

    /// Lends the value that `text` holds (space around it ignored) to `body`, read in place. The
    /// value, and everything read from it but strings and numbers, is valid only inside `body`.
    public static func reading<Text: Collection, Result>(_ text: Text, _ body: (JSONText) -> Result) -> Result
    where Text.Element == UInt8 {
        let lend = { (bytes: UnsafeBufferPointer<UInt8>) -> Result in
            let start = skipSpace(bytes, from: 0, to: bytes.count)
            var end = bytes.count
            while end > start, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
            return body(JSONText(bytes, start..<end))
        }
        if let result = text.withContiguousStorageIfAvailable(lend) { return result }
        return Array(text).withUnsafeBufferPointer(lend)
    }

    private var first: UInt8? { range.isEmpty ? nil : bytes[range.lowerBound] }

    public subscript(key: String) -> JSONText? {
        guard first == UInt8(ascii: "{") else { return nil }
        var wanted = key
        return wanted.withUTF8 { wanted -> JSONText? in
            var found: JSONText?
            _ = eachMember { keyRange, value in
                let inner = UnsafeBufferPointer(rebasing: bytes[(keyRange.lowerBound + 1)..<(keyRange.upperBound - 1)])
                let same: Bool
                if inner.contains(UInt8(ascii: "\\")) {
                    let parsed = (try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: bytes[keyRange]))))?.stringValue
                    same = parsed == key
                } else {
                    same = inner.count == wanted.count && inner.elementsEqual(wanted)
                }
                if same { found = JSONText(bytes, value) }
                return !same
            }
            return found
        }
    }

    /// Calls `body` with each member's key (its quotes included) and value until it returns false;
    /// false when the object is not well formed.
    private func eachMember(_ body: (Range<Int>, Range<Int>) -> Bool) -> Bool {
        let end = range.upperBound
        var i = Self.skipSpace(bytes, from: range.lowerBound + 1, to: end)
        if i < end, bytes[i] == UInt8(ascii: "}") { return true }
        while i < end {
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = Self.endOfString(bytes, from: i, to: end) else { return false }
            let key = i..<keyEnd
            i = Self.skipSpace(bytes, from: keyEnd, to: end)
            guard i < end, bytes[i] == UInt8(ascii: ":") else { return false }
            let valueStart = Self.skipSpace(bytes, from: i + 1, to: end)
            guard let valueEnd = Self.endOfValue(bytes, from: valueStart, to: end) else { return false }
            guard body(key, valueStart..<valueEnd) else { return true }
            i = Self.skipSpace(bytes, from: valueEnd, to: end)
            guard i < end else { return false }
            if bytes[i] == UInt8(ascii: "}") { return true }
            guard bytes[i] == UInt8(ascii: ",") else { return false }
            i = Self.skipSpace(bytes, from: i + 1, to: end)
        }
        return false
    }

    public var arrayValue: [JSONText]? {
        guard first == UInt8(ascii: "[") else { return nil }
        let end = range.upperBound
        var elements: [JSONText] = []
        var i = Self.skipSpace(bytes, from: range.lowerBound + 1, to: end)
        if i < end, bytes[i] == UInt8(ascii: "]") { return elements }
        while i < end {
            guard let valueEnd = Self.endOfValue(bytes, from: i, to: end) else { return nil }
            elements.append(JSONText(bytes, i..<valueEnd))
            i = Self.skipSpace(bytes, from: valueEnd, to: end)
            guard i < end else { return nil }
            if bytes[i] == UInt8(ascii: "]") { return elements }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = Self.skipSpace(bytes, from: i + 1, to: end)
        }
        return nil
    }

    public var objectMembers: [(key: String, value: JSONText)]? {
        guard first == UInt8(ascii: "{") else { return nil }
        var members: [(key: String, value: JSONText)] = []
        let whole = eachMember { key, value in
            guard let name = JSONText(bytes, key).stringValue else { return false }
            members.append((name, JSONText(bytes, value)))
            return true
        }
        return whole ? members : nil
    }

    /// Scalars as written (the stored text's numbers and literals are canonical already);
    /// arrays and objects through the parser, so that their keys are sorted whatever the text.
    public var compactForm: String {
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            let text = Array(UnsafeBufferPointer(rebasing: bytes[range]))
            if let tree = try? JSONParser.parse(text) { return tree.compactText() }
            var out: [UInt8] = []
            JSONWriter.compact(text, into: &out)
            return String(decoding: out, as: UTF8.self)
        default:
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    public var stringValue: String? {
        guard first == UInt8(ascii: "\""), range.count >= 2 else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return (try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: bytes[range]))))?.stringValue
    }

    public var boolValue: Bool? {
        switch first {
        case UInt8(ascii: "t"): return range.count == 4 ? true : nil
        case UInt8(ascii: "f"): return range.count == 5 ? false : nil
        default: return nil
        }
    }

    public var numberText: String? {
        guard let first, first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

/// Scanning stored text: where a value ends, found without reading it.
extension JSONText {
    static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// Just past the closing quote of the string that starts at `start`.
    static func endOfString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start + 1
        while i < end {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// Just past the value that starts at `start`: a string, an object or array (nesting counted,
    /// strings skipped), or a scalar up to the next delimiter.
    static func endOfValue(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(bytes, from: start, to: end)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < end {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let next = endOfString(bytes, from: i, to: end) else { return nil }
                    i = next
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < end, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), bytes[i] != UInt8(ascii: "]"),
                  bytes[i] != 0x20, bytes[i] != 0x0A, bytes[i] != 0x0D, bytes[i] != 0x09 { i += 1 }
            return i > start ? i : nil
        }
    }
}
