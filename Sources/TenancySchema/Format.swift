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
        case .uri:
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
                  text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
                  text.first?.isLetter == true else { return false }
            return !text.contains(" ") && URLComponents(string: text) != nil
        case .uriReference: return !text.contains(" ") && URLComponents(string: text) != nil
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

    static func isHostname(_ bytes: ArraySlice<UInt8>) -> Bool {
        var name = bytes
        if name.last == UInt8(ascii: ".") { name = name.dropLast() }
        guard !name.isEmpty, bytes.count <= 253 else { return false }
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for b in name {
            if b == UInt8(ascii: ".") {
                if labelLength == 0 || previous == UInt8(ascii: "-") { return false }
                labelLength = 0
            } else {
                let alphanumeric = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                guard alphanumeric || b == UInt8(ascii: "-") else { return false }
                if labelLength == 0 && b == UInt8(ascii: "-") { return false }
                labelLength += 1
                if labelLength > 63 { return false }
            }
            previous = b
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
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

    static func isTime(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 9, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
              let hour = Int(String(decoding: b[0..<2], as: UTF8.self)),
              let minute = Int(String(decoding: b[3..<5], as: UTF8.self)),
              let second = Int(String(decoding: b[6..<8], as: UTF8.self)),
              hour < 24, minute < 60, second <= 60 else { return false }
        var i = 8
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            if i == start { return false }
        }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i == b.count - 1 }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b.count - i == 6, b[i + 3] == UInt8(ascii: ":"),
              let oh = Int(String(decoding: b[(i + 1)..<(i + 3)], as: UTF8.self)),
              let om = Int(String(decoding: b[(i + 4)..<(i + 6)], as: UTF8.self)) else { return false }
        return oh < 24 && om < 60
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
