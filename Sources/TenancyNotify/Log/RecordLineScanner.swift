/// The top-level members of one delivery-log line, read without building a JSON tree: strings
/// (without escapes), numbers' text, and where a nested value (the event) lies. A log of a hundred
/// thousand records is read for a few strings each; a dictionary of JSON values per line cost
/// most of a `notify` run with nothing due. A line this reader cannot take (an escape in a string,
/// anything unexpected) returns nil, and the full parser reads it instead.
struct RecordLineScanner {
    private(set) var strings: [String: String] = [:]
    private(set) var numbers: [String: Int] = [:]
    private(set) var nested: [String: Range<Int>] = [:]

    init?(_ line: [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var i = 0
        let end = line.count
        func skipSpace() { while i < end, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0D { i += 1 } }
        /// A string without escapes, from its opening quote; nil when it has one (or never ends).
        func string() -> String? {
            guard i < end, line[i] == quote else { return nil }
            let start = i + 1
            var j = start
            while j < end, line[j] != quote {
                if line[j] == backslash { return nil }
                j += 1
            }
            guard j < end else { return nil }
            i = j + 1
            return String(decoding: line[start..<j], as: UTF8.self)
        }
        /// A nested object or array, skipped whole (strings and their escapes respected).
        func skipNested() -> Bool {
            var depth = 0
            var inString = false
            while i < end {
                let byte = line[i]
                if inString {
                    if byte == backslash { i += 1 } else if byte == quote { inString = false }
                } else if byte == quote {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return true
                    }
                }
                i += 1
            }
            return false
        }
        skipSpace()
        guard i < end, line[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard i < end, line[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard i < end else { return nil }
            switch line[i] {
            case quote:
                guard let value = string() else { return nil }
                strings[key] = value
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let start = i
                guard skipNested() else { return nil }
                nested[key] = start..<i
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                while i < end, line[i] == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[i]) { i += 1 }
                guard let number = Int(String(decoding: line[start..<i], as: UTF8.self)) else { return nil }
                numbers[key] = number
            default:
                return nil // true, false, null, a fraction: not in a record Tenancy writes
            }
            skipSpace()
            guard i < end else { return nil }
            if line[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard line[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            skipSpace()
            guard i == end else { return nil }
            return
        }
    }
}
