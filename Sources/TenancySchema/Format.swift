import Foundation

/// The `format` values the validator asserts. Draft 7 lets a validator treat `format` as an
/// annotation; Tenancy asserts the formats it knows (manifests are better refused than misread) and
/// ignores unknown ones, as the specification requires.
enum Format: String, Sendable {
    case email, hostname, ipv4, ipv6, uri, date, time, regex
    case dateTime = "date-time"
    case uriReference = "uri-reference"

    /// What a value of this format is, for messages: "`x` is not a valid e-mail address".
    var noun: String {
        switch self {
        case .email: return "e-mail address"
        case .hostname: return "host name"
        case .ipv4: return "IPv4 address"
        case .ipv6: return "IPv6 address"
        case .uri: return "absolute URI"
        case .uriReference: return "URI reference"
        case .date: return "date (YYYY-MM-DD)"
        case .time: return "time (hh:mm:ss with offset)"
        case .dateTime: return "date-time (RFC 3339)"
        case .regex: return "regular expression"
        }
    }

    func accepts(_ text: String) -> Bool {
        switch self {
        case .email: return Self.isEmail(text)
        case .hostname: return Self.isHostname(text)
        case .ipv4: return Self.isIPv4(text)
        case .ipv6: return Self.isIPv6(text)
        case .uri: return URIFormat.isURI(text)
        case .uriReference: return URIFormat.isURIReference(text)
        case .date: return Self.isDate(text)
        case .time: return Self.isTime(text)
        case .dateTime:
            guard let t = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
            return Self.isDate(String(text[..<t])) && Self.isTime(String(text[text.index(after: t)...]))
        case .regex: return (try? NSRegularExpression(pattern: text)) != nil
        }
    }

    /// `local@domain`: a dot-atom local part and a host name with at least one dot. Byte-wise:
    /// it runs on every address of every team.
    static func isEmail(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at <= 64, at < bytes.count - 1 else { return false }
        let local = bytes[..<at]
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."), !local.contains(UInt8(ascii: "@")) else { return false }
        var previousDot = false
        for b in local {
            let isDot = b == UInt8(ascii: ".")
            if isDot && previousDot { return false }
            previousDot = isDot
            let alphanumeric = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            if !alphanumeric && !isDot && !"!#$%&'*+/=?^_`{|}~-".utf8.contains(b) { return false }
        }
        let domain = bytes[(at + 1)...]
        return domain.contains(UInt8(ascii: ".")) && isHostname(domain)
    }

    static func isHostname(_ text: String) -> Bool {
        isHostname(Array(text.utf8)[...])
    }

    /// RFC 1123 host names (labels of letters, digits and inner hyphens, 63 bytes at most, 253 in
    /// all, no trailing dot), with A-labels (`xn--…`) decoded as RFC 3492 Punycode: a label that
    /// does not decode, decodes to nothing that needs encoding, or starts with a combining mark is
    /// refused; other labels may not hold `--` in their 3rd and 4th places (RFC 5891, 4.2.3.1).
    static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253, bytes.last != UInt8(ascii: ".") else { return false }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            for b in label {
                let alphanumeric = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                guard alphanumeric || b == UInt8(ascii: "-") else { return false }
            }
            let lower = label.map { $0 | 0x20 }
            if lower.count >= 4, lower[2] == UInt8(ascii: "-"), lower[3] == UInt8(ascii: "-") {
                guard lower.starts(with: Array("xn--".utf8)), let decoded = Punycode.decode(Array(label.dropFirst(4))),
                      !decoded.isEmpty, decoded.contains(where: { !$0.isASCII }), IDNA.isValidULabel(decoded) else { return false }
            }
        }
        return true
    }

    static func isIPv4(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { IPv4Address.parse($0) } != nil
    }

    static func isIPv6(_ text: String) -> Bool {
        IPv6Address.parse(text) != nil
    }

    static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = Int(String(text.prefix(4))), let month = Int(text.dropFirst(5).prefix(2)),
              let day = Int(text.dropFirst(8)), [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ b[$0] >= 0x30 && b[$0] <= 0x39 })
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) && day >= 1 && day <= days[month - 1]
    }

    /// RFC 3339 `full-time`: `hh:mm:ss[.frac]` and `Z` or `±hh:mm`. A leap second (`:60`) is
    /// only valid at 23:59 UTC, the offset taken into account.
    static func isTime(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= b.count, b[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return b[range].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard b.count >= 9, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
              let hour = number(0..<2), let minute = number(3..<5), let second = number(6..<8),
              hour < 24, minute < 60, second <= 60 else { return false }
        var i = 8
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            if i == start { return false }
        }
        guard i < b.count else { return false }
        var offset = 0 // minutes east of UTC
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i == b.count - 1 else { return false }
        } else {
            guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b.count - i == 6, b[i + 3] == UInt8(ascii: ":"),
                  let oh = number((i + 1)..<(i + 3)), let om = number((i + 4)..<(i + 6)), oh < 24, om < 60 else { return false }
            offset = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offset) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }
}

/// The rules of IDNA2008 (RFC 5891, 5892) a decoded A-label must keep: no leading combining
/// mark, no `--` in the 3rd and 4th places, none of the exceptions RFC 5892 (2.6) disallows, and
/// the contextual rules of its appendix A for the characters that only stand in some contexts.
enum IDNA {
    static func isValidULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first else { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
        if label.count >= 4, label[2] == "-", label[3] == "-" { return false }
        let disallowed: Set<UInt32> = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B]
        var arabicIndic = false, extendedArabicIndic = false
        for (i, scalar) in label.enumerated() {
            let v = scalar.value
            if disallowed.contains(v) { return false }
            let before = i > 0 ? label[i - 1] : nil
            let after = i + 1 < label.count ? label[i + 1] : nil
            switch v {
            case 0x00B7: // MIDDLE DOT: between two l's
                guard before == "l", after == "l" else { return false }
            case 0x0375: // GREEK KERAIA: followed by Greek
                guard let after, isGreek(after) else { return false }
            case 0x05F3, 0x05F4: // HEBREW GERESH, GERSHAYIM: preceded by Hebrew
                guard let before, isHebrew(before) else { return false }
            case 0x30FB: // KATAKANA MIDDLE DOT: in a label with Hiragana, Katakana or Han
                guard label.contains(where: { $0.value != 0x30FB && isJapanese($0) }) else { return false }
            case 0x200D: // ZERO WIDTH JOINER: after a virama
                guard let before, before.properties.canonicalCombiningClass.rawValue == 9 else { return false }
            case 0x200C: // ZERO WIDTH NON-JOINER: after a virama, or between joining letters
                if let before, before.properties.canonicalCombiningClass.rawValue == 9 { break }
                let joining = { (s: Unicode.Scalar) in (0x0620...0x06FF).contains(s.value) && s.properties.generalCategory == .otherLetter }
                let transparent = { (s: Unicode.Scalar) in s.properties.generalCategory == .nonspacingMark }
                let left = label[..<i].reversed().first { !transparent($0) }
                let right = label[(i + 1)...].first { !transparent($0) }
                guard let left, let right, joining(left), joining(right) else { return false }
            case 0x0660...0x0669: arabicIndic = true
            case 0x06F0...0x06F9: extendedArabicIndic = true
            default: break
            }
        }
        return !(arabicIndic && extendedArabicIndic)
    }

    static func isGreek(_ s: Unicode.Scalar) -> Bool { (0x0370...0x03FF).contains(s.value) || (0x1F00...0x1FFF).contains(s.value) }
    static func isHebrew(_ s: Unicode.Scalar) -> Bool { (0x0590...0x05FF).contains(s.value) || (0xFB1D...0xFB4F).contains(s.value) }
    static func isJapanese(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x3040...0x309F).contains(v) || (0x30A0...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) || (0x20000...0x3FFFF).contains(v)
    }
}

/// RFC 3492 Punycode, decoding only (for checking A-labels).
enum Punycode {
    static func decode(_ input: [UInt8]) -> [Unicode.Scalar]? {
        let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
        var n = 128, i = 0, bias = 72
        var output: [Unicode.Scalar] = []
        var rest = input[...]
        if let delimiter = input.lastIndex(of: UInt8(ascii: "-")) {
            for b in input[..<delimiter] {
                guard b < 0x80 else { return nil }
                output.append(Unicode.Scalar(b))
            }
            rest = input[(delimiter + 1)...]
        }
        func digit(_ b: UInt8) -> Int? {
            switch b {
            case 0x30...0x39: return Int(b) - 22
            case 0x41...0x5A: return Int(b) - 0x41
            case 0x61...0x7A: return Int(b) - 0x61
            default: return nil
            }
        }
        func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / count
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        var position = rest.startIndex
        while position < rest.endIndex {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < rest.endIndex, let d = digit(rest[position]) else { return nil }
                position += 1
                let (product, o1) = d.multipliedReportingOverflow(by: w)
                let (sum, o2) = i.addingReportingOverflow(product)
                guard !o1, !o2 else { return nil }
                i = sum
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if d < t { break }
                let (next, o3) = w.multipliedReportingOverflow(by: base - t)
                guard !o3 else { return nil }
                w = next
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            let (code, o4) = n.addingReportingOverflow(i / (output.count + 1))
            guard !o4 else { return nil }
            n = code
            i %= output.count + 1
            guard n < 0x110000, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }
}

/// An IPv6 address parsed into its 16 bytes (RFC 4291 text forms, including `::` and an embedded
/// IPv4 tail). Shared by the `ipv6` format and the CIDR type.
public enum IPv6Address {
    public static func parse(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Byte-level: allowlists hold many addresses, and this runs for each.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard b.count >= 2, b.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawDoubleColon = false
        var i = 0
        if b[0] == UInt8(ascii: ":") {
            guard b[1] == UInt8(ascii: ":") else { return nil }
            sawDoubleColon = true
            i = 2
        }
        while i < b.count {
            // One group: hex digits, or a dotted IPv4 tail.
            let start = i
            var value: UInt32 = 0
            while i < b.count, let digit = hexValue(b[i]) { value = value << 4 | UInt32(digit); i += 1 }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                guard let v4 = IPv4Address.parse(UnsafeBufferPointer(rebasing: b[start...])) else { return nil }
                let groups = [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
                if sawDoubleColon { tail += groups } else { head += groups }
                i = b.count
                break
            }
            guard i > start, i - start <= 4 else { return nil }
            if sawDoubleColon { tail.append(UInt16(value)) } else { head.append(UInt16(value)) }
            if i == b.count { break }
            guard b[i] == UInt8(ascii: ":"), i + 1 < b.count else { return nil }
            i += 1
            if b[i] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return nil }
                sawDoubleColon = true
                i += 1
            }
        }
        let total = head.count + tail.count
        if sawDoubleColon { guard total <= 7 else { return nil } } else { guard total == 8 else { return nil } }
        let groups = head + Array(repeating: 0, count: 8 - total) + tail
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for g in groups { bytes.append(UInt8(g >> 8)); bytes.append(UInt8(g & 0xFF)) }
        return bytes
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// A dotted-quad IPv4 address. Leading zeros are refused: `010` is octal to some tools and
/// decimal to others.
public enum IPv4Address {
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var octets: [UInt8] = []
        octets.reserveCapacity(4)
        var value = 0, digits = 0
        var leadingZero = false
        for c in b + [UInt8(ascii: ".")] {
            if c == UInt8(ascii: ".") {
                guard digits > 0, value <= 255, !(leadingZero && digits > 1), octets.count < 4 else { return nil }
                octets.append(UInt8(value)); value = 0; digits = 0
            } else if c >= 0x30 && c <= 0x39 {
                if digits == 0 { leadingZero = c == 0x30 }
                value = value * 10 + Int(c - 0x30); digits += 1
                if digits > 3 { return nil }
            } else {
                return nil
            }
        }
        return octets.count == 4 ? octets : nil
    }
}
