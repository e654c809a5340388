/// SHA-256 (FIPS 180-4). Secrets are stored as digests, the audit log is a hash chain, chunks and
/// files are named by their digests; no
/// package may be used and Foundation on Linux has no digest API, so it is implemented here
/// (and checked against the FIPS test vectors in the tests).
public struct SHA256: Sendable {
    // The state words, as stored properties rather than an array: the compression function keeps
    // them in registers.
    var s0: UInt32 = 0x6a09e667, s1: UInt32 = 0xbb67ae85, s2: UInt32 = 0x3c6ef372, s3: UInt32 = 0xa54ff53a
    var s4: UInt32 = 0x510e527f, s5: UInt32 = 0x9b05688c, s6: UInt32 = 0x1f83d9ab, s7: UInt32 = 0x5be0cd19
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<S: Sequence>(_ data: S) where S.Element == UInt8 {
        // Contiguous input: whole 64-byte blocks go straight to the compression function.
        let handled: Bool? = data.withContiguousStorageIfAvailable { bytes in
            var offset = 0
            while offset < bytes.count {
                if buffer.isEmpty && bytes.count - offset >= 64 {
                    compress(bytes.baseAddress! + offset)
                    offset += 64
                    length &+= 64
                    continue
                }
                buffer.append(bytes[offset])
                length &+= 1
                offset += 1
                if buffer.count == 64 {
                    buffer.withUnsafeBufferPointer { compress($0.baseAddress!) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            return true
        }
        if handled == true { return }
        for byte in data {
            buffer.append(byte)
            length &+= 1
            if buffer.count == 64 {
                buffer.withUnsafeBufferPointer { compress($0.baseAddress!) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = buffer + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: 64) { compress(all.baseAddress! + start) }
        }
        buffer.removeAll()
        return [s0, s1, s2, s3, s4, s5, s6, s7].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }

    /// The lowercase hex digest of `data`.
    public static func hex<S: Sequence>(_ data: S) -> String where S.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data)
        return hexString(hasher.finalize())
    }

    public static func hexString(_ digest: [UInt8]) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// HMAC-SHA-256 (RFC 2104, FIPS 198-1): the keyed digest that stored secret digests use, so that
/// two states' digests of one secret never match and precomputed tables do not help.
public struct HMACSHA256: Sendable {
    private var inner = SHA256()
    private var outer = SHA256()

    public init<Key: Collection>(key: Key) where Key.Element == UInt8 {
        var block = Array(key)
        if block.count > 64 {
            var hasher = SHA256()
            hasher.update(block)
            block = hasher.finalize()
        }
        block += Array(repeating: 0, count: 64 - block.count)
        inner.update(block.map { $0 ^ 0x36 })
        outer.update(block.map { $0 ^ 0x5c })
    }

    public mutating func update<S: Sequence>(_ data: S) where S.Element == UInt8 { inner.update(data) }

    public mutating func finalize() -> [UInt8] {
        var outer = self.outer
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The lowercase hex MAC of `data` under `key`.
    public static func hex<Key: Collection, S: Sequence>(key: Key, _ data: S) -> String
        where Key.Element == UInt8, S.Element == UInt8 {
        var mac = HMACSHA256(key: key)
        mac.update(data)
        return SHA256.hexString(mac.finalize())
    }
}
