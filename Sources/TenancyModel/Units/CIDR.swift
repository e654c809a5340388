import TenancySchema

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `2001:db8::/32`). Parsing is strict: host bits must be
/// zero, because `10.0.0.1/8` usually means the author expected something else, and the error
/// offers the canonical network instead of guessing.
package struct CIDR: Sendable, Hashable, CustomStringConvertible {
    package enum Family: Sendable, Hashable { case ipv4, ipv6 }

    package let family: Family
    /// Network address bytes (4 or 16).
    package let address: [UInt8]
    package let prefixLength: Int

    /// Why a string is not a valid network, for diagnostics.
    package enum ParseError: Error, Sendable, Equatable {
        case malformed
        case prefixTooLong(maximum: Int)
        /// Host bits are set; `canonical` is the network that was probably meant.
        case notCanonical(canonical: String)
    }

    package static func parse(_ text: String) -> Result<CIDR, ParseError> {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// The same from UTF-8 bytes (a node's scalar), without making a String.
    package static func parse(bytes utf8: UnsafeBufferPointer<UInt8>) -> Result<CIDR, ParseError> {
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")), slash > 0 else { return .failure(.malformed) }
        let prefixBytes = UnsafeBufferPointer(rebasing: utf8[(slash + 1)...])
        // Digits without a leading zero (`/08` is refused, as the schema's pattern refuses it).
        guard !prefixBytes.isEmpty, prefixBytes.count <= 3, prefixBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              prefixBytes.count == 1 || prefixBytes[prefixBytes.startIndex] != UInt8(ascii: "0") else {
            return .failure(.malformed)
        }
        let prefix = prefixBytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let host = UnsafeBufferPointer(rebasing: utf8[..<slash])
        let family: Family
        let bytes: [UInt8]
        if host.contains(UInt8(ascii: ":")) {
            guard let parsed = IPv6Address.parse(host) else { return .failure(.malformed) }
            family = .ipv6
            bytes = parsed
        } else {
            guard let parsed = IPv4Address.parse(host) else { return .failure(.malformed) }
            family = .ipv4
            bytes = parsed
        }
        let maximum = bytes.count * 8
        guard prefix <= maximum else { return .failure(.prefixTooLong(maximum: maximum)) }
        let masked = Self.mask(bytes, prefix)
        let network = CIDR(family: family, address: masked, prefixLength: prefix)
        guard masked == bytes else { return .failure(.notCanonical(canonical: network.description)) }
        return .success(network)
    }

    /// True when `text` is an IPv4 network already in canonical form (four octets without leading
    /// zeros, a prefix without one, host bits zero): then `description` would print it unchanged,
    /// and the caller can skip the parse.
    package static func isCanonicalIPv4(_ text: String) -> Bool {
        var address: UInt32 = 0
        var octets = 0
        var value = 0
        var digits = 0
        var leadingZero = false
        var prefix = -1
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 1, leadingZero { return false }
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 3 || value > 255 { return false }
            case UInt8(ascii: "."), UInt8(ascii: "/"):
                guard digits > 0, prefix < 0, octets < 4 else { return false }
                address = address << 8 | UInt32(value)
                octets += 1
                if byte == UInt8(ascii: "/") {
                    guard octets == 4 else { return false }
                    prefix = 0
                } else if octets == 4 {
                    return false
                }
                value = 0
                digits = 0
            default:
                return false
            }
        }
        guard prefix == 0, octets == 4, digits > 0, value <= 32 else { return false }
        let hostBits: UInt32 = value == 32 ? 0 : UInt32.max >> UInt32(value)
        return address & hostBits == 0
    }

    static func mask(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { i, byte in
            let bitsHere = max(0, min(8, prefix - i * 8))
            return bitsHere == 8 ? byte : byte & ~(UInt8(0xFF) >> bitsHere)
        }
    }

    /// Whether every address of `other` is in this network.
    package func contains(_ other: CIDR) -> Bool {
        guard family == other.family, other.prefixLength >= prefixLength else { return false }
        for i in 0..<address.count {
            let bits = max(0, min(8, prefixLength - i * 8))
            if bits == 0 { break }
            let mask: UInt8 = bits == 8 ? 0xFF : ~(UInt8(0xFF) >> bits)
            if other.address[i] & mask != address[i] { return false }
        }
        return true
    }

    package var description: String {
        switch family {
        case .ipv4:
            return address.map(String.init).joined(separator: ".") + "/\(prefixLength)"
        case .ipv6:
            // RFC 5952: lowercase hex, the longest run of zero groups (2 or more) as `::`.
            let groups = stride(from: 0, to: 16, by: 2).map { UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]) }
            var bestStart = -1, bestLength = 0, runStart = -1
            for i in 0...8 {
                let group: UInt16 = i < 8 ? groups[i] : 1
                if group == 0 {
                    if runStart < 0 { runStart = i }
                } else if runStart >= 0 {
                    if i - runStart > bestLength && i - runStart >= 2 { bestStart = runStart; bestLength = i - runStart }
                    runStart = -1
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            let text: String
            if bestStart >= 0 {
                let head = hex[0..<bestStart].joined(separator: ":")
                let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
                text = head + "::" + tail
            } else {
                text = hex.joined(separator: ":")
            }
            return text + "/\(prefixLength)"
        }
    }
}
