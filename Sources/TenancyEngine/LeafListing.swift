/// The leaves of a resource's canonical attribute text, as a plan lists them for a create or a
/// delete (`spec.quotas.users = 10`), read straight from the text without building a tree: a first
/// apply lists every field of thousands of resources. Lists are leaves, printed compactly, and
/// empty mappings print nothing, as `Planner.diff` does.
///
/// Only for text as the canonical writer prints it, with ASCII keys free of escapes; for anything
/// else `leaves` returns nil and the caller lists fields from the tree.
enum LeafListing {
    /// `(path, compact value)` for each leaf, in key order; nil when the text is not in the form
    /// this reader handles.
    static func leaves(_ text: ArraySlice<UInt8>) -> [(path: String, value: String)]? {
        text.withUnsafeBufferPointer { bytes in
            var reader = Reader(bytes: bytes)
            var leaves: [(path: String, value: String)] = []
            reader.skipSpace()
            guard reader.peek == UInt8(ascii: "{"), reader.members(path: "", into: &leaves) else { return nil }
            reader.skipSpace()
            return reader.atEnd ? leaves : nil
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A { position += 1 }
        }

        /// An object's members from `{` to `}`: nested objects recurse, anything else is a leaf.
        mutating func members(path: String, into leaves: inout [(path: String, value: String)]) -> Bool {
            position += 1 // {
            skipSpace()
            if peek == UInt8(ascii: "}") {
                position += 1
                return true
            }
            while true {
                skipSpace()
                guard let key = plainKey() else { return false }
                guard peek == UInt8(ascii: ":") else { return false }
                position += 1
                skipSpace()
                let child = path.isEmpty ? key : path + "." + key
                if peek == UInt8(ascii: "{") {
                    guard members(path: child, into: &leaves) else { return false }
                } else {
                    let start = position
                    guard skipValue() else { return false }
                    leaves.append((child, compact(start..<position)))
                }
                skipSpace()
                switch peek {
                case UInt8(ascii: ",")?: position += 1
                case UInt8(ascii: "}")?:
                    position += 1
                    return true
                default: return false
                }
            }
        }

        /// A key of ASCII characters without escapes, which sorts the same as bytes and as a String.
        mutating func plainKey() -> String? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            let start = position + 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                if bytes[end] == UInt8(ascii: "\\") || bytes[end] >= 0x80 { return nil }
                end += 1
            }
            guard end < bytes.count else { return nil }
            position = end + 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }

        /// Past one value of any kind; false on malformed text.
        mutating func skipValue() -> Bool {
            guard let first = peek else { return false }
            switch first {
            case UInt8(ascii: "\""):
                position += 1
                while position < bytes.count {
                    if bytes[position] == UInt8(ascii: "\\") {
                        position += 2
                        continue
                    }
                    if bytes[position] == UInt8(ascii: "\"") {
                        position += 1
                        return true
                    }
                    position += 1
                }
                return false
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let close = first == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                position += 1
                skipSpace()
                if peek == close {
                    position += 1
                    return true
                }
                while true {
                    skipSpace()
                    if first == UInt8(ascii: "{") {
                        guard plainKey() != nil, peek == UInt8(ascii: ":") else { return false }
                        position += 1
                        skipSpace()
                    }
                    guard skipValue() else { return false }
                    skipSpace()
                    if peek == UInt8(ascii: ",") {
                        position += 1
                    } else if peek == close {
                        position += 1
                        return true
                    } else {
                        return false
                    }
                }
            default:
                // A number, true, false or null: up to the next delimiter.
                let start = position
                while position < bytes.count, !Self.isDelimiter(bytes[position]) { position += 1 }
                return position > start
            }
        }

        static func isDelimiter(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == 0x0A || byte == 0x20
        }

        /// The compact form of a value's pretty text: the line breaks and indentation, and the
        /// space after each `:`, removed outside strings.
        func compact(_ range: Range<Int>) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(range.count)
            var i = range.lowerBound
            var inString = false
            while i < range.upperBound {
                let byte = bytes[i]
                if inString {
                    out.append(byte)
                    if byte == UInt8(ascii: "\\"), i + 1 < range.upperBound {
                        out.append(bytes[i + 1])
                        i += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == 0x0A {
                    i += 1
                    while i < range.upperBound, bytes[i] == 0x20 { i += 1 }
                    continue
                } else if byte == 0x20 {
                    // Only after a `:` outside strings, in the pretty form.
                } else {
                    if byte == UInt8(ascii: "\"") { inString = true }
                    out.append(byte)
                }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
