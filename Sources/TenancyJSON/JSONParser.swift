/// Reads JSON (RFC 8259) into `JSON`, byte by byte, with the position of the first error: state
/// files and plan files can be damaged by hand or by a full disk, and the error must say where.
public struct JSONParser {
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "\(message) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var i = 0
    /// Where the text ends (`bytes.count`, read once).
    private let end: Int
    private var depth = 0
    /// For `parse(_:deferring:)`: values under this key at this depth are skipped (checked, not
    /// built) and their byte ranges recorded with the keys that lead to them.
    private var deferredKey: String?
    private var deferredDepth = -1
    private var keyPath: [String] = []
    private var deferred: [(path: [String], range: Range<Int>)] = []
    /// For `parse(_:handingOut:deferring:atDepth:to:)`: the top-level member whose object's members
    /// are handed out one by one as they are built, and whom to.
    private var handedOut: String?
    private var visit: ((_ key: String, _ value: JSON, _ deferred: [(path: [String], range: Range<Int>)]) -> Void)?

    public static func parse(_ bytes: [UInt8]) throws(Error) -> JSON {
        var parser = JSONParser(bytes: bytes)
        return try parser.document()
    }

    /// The one value the text holds, with nothing but space after it.
    private mutating func document() throws(Error) -> JSON {
        skipSpace()
        let value = try value()
        skipSpace()
        guard i == end else { throw Error(message: "unexpected content after the value", offset: i) }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
    }

    /// Parses a document but leaves the values of `key` at object depth `depth` (1 = members of
    /// the top-level object) unbuilt: they come back as `null` in the tree and as byte ranges,
    /// each with its key path. Their syntax is checked all the same, so parsing them later cannot
    /// fail. This is how a large state file is read without building every resource's tree.
    public static func parse(_ bytes: [UInt8], deferring key: String, atDepth depth: Int) throws(Error)
        -> (json: JSON, deferred: [(path: [String], range: Range<Int>)]) {
        var parser = JSONParser(bytes: bytes)
        parser.deferredKey = key
        parser.deferredDepth = depth
        let value = try parser.document()
        return (value, parser.deferred)
    }

    /// Parses a document like `parse(_:deferring:atDepth:)`, but hands each member (or element) of
    /// the top-level member `member` (an object or an array) to `visit` as soon as it is built,
    /// with the deferred ranges found inside it, and keeps `null` in its place: a state file's
    /// resources, a plan file's changes, are then never a tree all at once, and the file is read in
    /// one pass. Elements of an array come with the key "".
    public static func parse(_ bytes: [UInt8], handingOut member: String, deferring key: String, atDepth depth: Int,
                             to visit: (_ key: String, _ value: JSON, _ deferred: [(path: [String], range: Range<Int>)]) -> Void)
        throws(Error) -> JSON {
        try withoutActuallyEscaping(visit) { (visit) throws(Error) -> JSON in
            var parser = JSONParser(bytes: bytes)
            parser.deferredKey = key
            parser.deferredDepth = depth
            parser.handedOut = member
            parser.visit = visit
            return try parser.document()
        }
    }

    /// The leaves of an object's canonical text, in the order the text holds its keys, without
    /// building a tree: each member's path (`spec.quotas.users`) and the byte range of its value
    /// in `Array(text)`. Nested objects are walked into (an empty one has no leaf); anything else
    /// is a leaf. How a plan lists every field of thousands of created resources. Nil when the
    /// text is not valid JSON or a key is not plain ASCII without escapes (whose byte order could
    /// differ from the order trees sort keys in): the caller lists fields from the tree then.
    public static func leaves(_ text: ArraySlice<UInt8>) -> (bytes: [UInt8], leaves: [(path: String, range: Range<Int>)])? {
        var parser = JSONParser(bytes: Array(text))
        var leaves: [(path: String, range: Range<Int>)] = []
        parser.skipSpace()
        guard parser.i < parser.end, parser.bytes[parser.i] == UInt8(ascii: "{"),
              (try? parser.walkLeaves(path: "", into: &leaves)) == true else { return nil }
        parser.skipSpace()
        return parser.i == parser.end ? (parser.bytes, leaves) : nil
    }

    /// The members of the object at `i`; false where `leaves` gives up (a key it cannot list).
    private mutating func walkLeaves(path: String, into leaves: inout [(path: String, range: Range<Int>)]) throws(Error) -> Bool {
        depth += 1
        guard depth < 512 else { throw fail("nested too deeply") }
        defer { depth -= 1 }
        i += 1 // {
        skipSpace()
        if i < end, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return true
        }
        while true {
            skipSpace()
            guard i < end, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyStart = i + 1
            try skip()
            let keyBytes = bytes[keyStart..<(i - 1)]
            guard !keyBytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 >= 0x80 }) else { return false }
            let key = String(decoding: keyBytes, as: UTF8.self)
            skipSpace()
            guard i < end, bytes[i] == UInt8(ascii: ":") else { throw fail("expected :") }
            i += 1
            skipSpace()
            let child = path.isEmpty ? key : path + "." + key
            if i < end, bytes[i] == UInt8(ascii: "{") {
                guard try walkLeaves(path: child, into: &leaves) else { return false }
            } else {
                let start = i
                try skip()
                leaves.append((child, start..<i))
            }
            skipSpace()
            guard i < end else { throw fail("unterminated object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected , or }") }
            i += 1
            return true
        }
    }

    /// Checks one value's syntax (and its strings' UTF-8) without building it.
    private mutating func skip() throws(Error) {
        guard i < end else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            // A local index over the raw bytes: skipping is most of reading a large state file.
            var problem: String?
            i = bytes.withUnsafeBufferPointer { buffer -> Int in
                var j = i + 1
                let count = end
                while j < count {
                    let b = buffer[j]
                    if b == UInt8(ascii: "\"") { return j + 1 }
                    if b == UInt8(ascii: "\\") {
                        guard j + 1 < count else { break }
                        j += 2
                        continue
                    }
                    if b >= 0x20, b < 0x80 { j += 1; continue }
                    guard b >= 0x20 else {
                        problem = "control character in a string"
                        return j
                    }
                    let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : (b >= 0xC2 ? 2 : 0))
                    guard length > 0, j + length <= count, (1..<length).allSatisfy({ buffer[j + $0] & 0xC0 == 0x80 }) else {
                        problem = "invalid UTF-8 in a string"
                        return j
                    }
                    j += length
                }
                problem = "unterminated string"
                return j
            }
            if let problem { throw fail(problem) }
            return
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let object = bytes[i] == UInt8(ascii: "{")
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            depth += 1
            guard depth < 512 else { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            skipSpace()
            if i < end, bytes[i] == close { i += 1; return }
            while true {
                skipSpace()
                if object {
                    guard i < end, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                    try skip()
                    skipSpace()
                    guard i < end, bytes[i] == UInt8(ascii: ":") else { throw fail("expected :") }
                    i += 1
                    skipSpace()
                }
                try skip()
                skipSpace()
                guard i < end else { throw fail(object ? "unterminated object" : "unterminated array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == close else { throw fail(object ? "expected , or }" : "expected , or ]") }
                i += 1
                return
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            _ = try value()
        }
    }

    private mutating func skipSpace() {
        i = bytes.withUnsafeBufferPointer { buffer in
            var j = i
            while j < end, buffer[j] == 0x20 || buffer[j] == 0x0A || buffer[j] == 0x0D || buffer[j] == 0x09 { j += 1 }
            return j
        }
    }

    private func fail(_ message: String) -> Error { Error(message: message, offset: i) }

    private mutating func literal(_ word: String, _ value: JSON) throws(Error) -> JSON {
        for b in word.utf8 {
            guard i < end, bytes[i] == b else { throw fail("invalid literal") }
            i += 1
        }
        return value
    }

    private mutating func value() throws(Error) -> JSON {
        guard i < end else { throw fail("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "["):
            depth += 1
            guard depth < 512 else { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            var items: [JSON] = []
            skipSpace()
            if i < end, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            // The elements of a handed-out top-level array go to `visit` one by one (key: "").
            let handing = depth == 2 && visit != nil && keyPath.count == 1 && keyPath[0] == handedOut
            while true {
                skipSpace()
                if handing, let visit {
                    let before = deferred.count
                    let built = try value()
                    visit("", built, Array(deferred[before...]))
                    deferred.removeSubrange(before...)
                    items.append(.null)
                } else {
                    items.append(try value())
                }
                skipSpace()
                guard i < end else { throw fail("unterminated array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected , or ]") }
                i += 1
                return .array(items)
            }
        case UInt8(ascii: "{"):
            depth += 1
            guard depth < 512 else { throw fail("nested too deeply") }
            defer { depth -= 1 }
            i += 1
            var members: [String: JSON] = [:]
            skipSpace()
            if i < end, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < end, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                let key = try string()
                skipSpace()
                guard i < end, bytes[i] == UInt8(ascii: ":") else { throw fail("expected :") }
                i += 1
                skipSpace()
                guard members[key] == nil else { throw fail("duplicate key \"\(key)\"") }
                if depth == deferredDepth, key == deferredKey {
                    let start = i
                    try skip()
                    deferred.append((keyPath + [key], start..<i))
                    members[key] = .null
                } else if depth == 2, let visit, keyPath.count == 1, keyPath[0] == handedOut {
                    let before = deferred.count
                    keyPath.append(key)
                    let built = try value()
                    keyPath.removeLast()
                    visit(key, built, Array(deferred[before...]))
                    deferred.removeSubrange(before...)
                    members[key] = .null
                } else if deferredKey != nil {
                    keyPath.append(key)
                    members[key] = try value()
                    keyPath.removeLast()
                } else {
                    members[key] = try value()
                }
                skipSpace()
                guard i < end else { throw fail("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected , or }") }
                i += 1
                return .object(members)
            }
        default:
            return try number()
        }
    }

    private mutating func number() throws(Error) -> JSON {
        let start = i
        try skipNumber()
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    /// Past a number, checking its grammar (RFC 8259), without making its text.
    private mutating func skipNumber() throws(Error) {
        if i < end, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digitsStart = i
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        guard i > digitsStart else { throw fail("invalid value") }
        if bytes[digitsStart] == 0x30, i - digitsStart > 1 { throw Error(message: "leading zero in a number", offset: digitsStart) }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = i
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > fraction else { throw fail("digits expected after the decimal point") }
        }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            let exponent = i
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > exponent else { throw fail("digits expected in the exponent") }
        }
    }

    private mutating func string() throws(Error) -> String {
        i += 1
        // Fast path: most strings have no escapes; take them straight from the bytes.
        var j = i
        while j < end, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\"), bytes[j] >= 0x20 { j += 1 }
        if j < end, bytes[j] == UInt8(ascii: "\"") {
            let text = bytes.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[i..<j]), as: UTF8.self) }
            guard let text else { throw fail("invalid UTF-8 in a string") }
            i = j + 1
            return text
        }
        var out: [UInt8] = Array(bytes[i..<j])
        i = j
        while i < end {
            let b = bytes[i]
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                guard i < end else { throw fail("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard i + 1 < end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw fail("invalid escape")
                }
            default:
                guard b >= 0x20 else { throw fail("control character in a string") }
                out.append(b)
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws(Error) -> UInt32 {
        guard i + 4 <= end else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
