/// The members of a JSON object as byte ranges, found without building any value: what reading a
/// few fields of a stored resource needs (the runtime answers read a workspace's quotas and
/// billing, not its whole tree). The text is what the canonical writer printed, or checked JSON;
/// anything else gives nil.
enum JSONMembers {
    /// Each member of the object at `range`: its key (escapes of the canonical writer undone by
    /// the parser when there are any) and the byte range of its value.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> [(key: String, value: Range<Int>)]? {
        var i = skipSpace(bytes, from: range.lowerBound, to: range.upperBound)
        guard i < range.upperBound, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var members: [(key: String, value: Range<Int>)] = []
        i = skipSpace(bytes, from: i, to: range.upperBound)
        if i < range.upperBound, bytes[i] == UInt8(ascii: "}") { return members }
        while i < range.upperBound {
            guard bytes[i] == UInt8(ascii: "\""), let keyEnd = endOfString(bytes, from: i, to: range.upperBound) else { return nil }
            // A key without escapes is its bytes; one with them goes through the parser.
            let inner = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)])
            let key: String
            if !inner.contains(UInt8(ascii: "\\")) {
                key = String(decoding: inner, as: UTF8.self)
            } else {
                guard let parsed = (try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: bytes[i..<keyEnd]))))?.stringValue else { return nil }
                key = parsed
            }
            i = skipSpace(bytes, from: keyEnd, to: range.upperBound)
            guard i < range.upperBound, bytes[i] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(bytes, from: i + 1, to: range.upperBound)
            guard let valueEnd = endOfValue(bytes, from: valueStart, to: range.upperBound) else { return nil }
            members.append((key, valueStart..<valueEnd))
            i = skipSpace(bytes, from: valueEnd, to: range.upperBound)
            guard i < range.upperBound else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return members }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i = skipSpace(bytes, from: i + 1, to: range.upperBound)
        }
        return nil
    }

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

extension Resource {
    /// The members named `keys` of the object at `path` in the attributes (`["spec"]`), parsed;
    /// the rest is skipped over, not built. What a reader of a few settings of many resources
    /// asks for; the same values `attributes` holds.
    public func attributes(at path: [String], only keys: Set<String>) -> [String: JSON] {
        guard let stored = storedAttributes else {
            var node: JSON? = attributes
            for key in path { node = node?[key] }
            return (node?.objectValue ?? [:]).filter { keys.contains($0.key) }
        }
        let text = stored.text
        return text.withUnsafeBufferPointer { bytes -> [String: JSON] in
            var range = 0..<bytes.count
            for key in path {
                guard let member = JSONMembers.of(bytes, in: range)?.first(where: { $0.key == key }) else { return [:] }
                range = member.value
            }
            var found: [String: JSON] = [:]
            for member in JSONMembers.of(bytes, in: range) ?? [] where keys.contains(member.key) {
                if let value = try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: bytes[member.value]))) { found[member.key] = value }
            }
            return found
        }
    }
}
