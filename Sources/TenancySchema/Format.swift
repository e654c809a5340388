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

    /// `local@domain`: a dot-atom local part and a host name with at least one dot.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, local.count <= 64 else {
            return false
        }
        let allowed = "!#$%&'*+/=?^_`{|}~-."
        guard local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || allowed.contains($0)) }),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        return domain.contains(".") && isHostname(String(domain))
    }

    static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part), value <= 255 else { return false }
            return part == "0" || !part.hasPrefix("0")
        }
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
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }) else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if piece.contains(".") {
                    guard allowIPv4Tail, i == pieces.count - 1, Format.isIPv4(String(piece)) else { return nil }
                    let octets = piece.split(separator: ".").compactMap { UInt16($0) }
                    result.append(octets[0] << 8 | octets[1])
                    result.append(octets[2] << 8 | octets[3])
                } else {
                    guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowIPv4Tail: false), let tail = groups(halves[1], allowIPv4Tail: true),
                  head.count + tail.count <= 7 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(halves[0], allowIPv4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}
