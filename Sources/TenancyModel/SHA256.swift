/// SHA-256 (FIPS 180-4). Secrets are stored as digests, and the audit log is a hash chain; no
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
