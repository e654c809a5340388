import CTenancySystem

/// SHA-256 (FIPS 180-4). Secrets are stored as digests, the audit log is a hash chain, chunks and
/// files are named by their digests, saved plans carry one of their whole text; no package may be
/// used and Foundation on Linux has no digest API, so it is implemented here (and checked against
/// the FIPS test vectors in the tests). On processors with the SHA extensions the blocks go to
/// them (`tenancy_sha256_blocks`, in C because Swift has no x86 intrinsics); elsewhere to the
/// portable compression function in SHA256Rounds.swift.
package struct SHA256: Sendable {
    // The state words, as stored properties rather than an array: the compression function keeps
    // them in registers.
    var s0: UInt32 = 0x6a09e667, s1: UInt32 = 0xbb67ae85, s2: UInt32 = 0x3c6ef372, s3: UInt32 = 0xa54ff53a
    var s4: UInt32 = 0x510e527f, s5: UInt32 = 0x9b05688c, s6: UInt32 = 0x1f83d9ab, s7: UInt32 = 0x5be0cd19
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    /// Whether blocks go to the processor's SHA instructions (false: the portable code, which the
    /// tests also run on machines that have them).
    let usesHardware: Bool

    /// Whether this processor hashes in hardware; asked once.
    package static let hardwareAvailable = tenancy_sha256_hardware() != 0

    package init() { usesHardware = Self.hardwareAvailable }

    /// `portable`: never the processor's SHA instructions (for the tests that compare the two).
    init(portable: Bool) { usesHardware = portable ? false : Self.hardwareAvailable }

    package mutating func update<S: Sequence>(_ data: S) where S.Element == UInt8 {
        // Contiguous input: runs of whole 64-byte blocks go straight to the compression function.
        let handled: Bool? = data.withContiguousStorageIfAvailable { bytes in
            guard let base = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                if buffer.isEmpty && bytes.count - offset >= 64 {
                    let blocks = (bytes.count - offset) / 64
                    compress(base + offset, blocks: blocks)
                    offset += 64 * blocks
                    length &+= UInt64(64 * blocks)
                    continue
                }
                let taken = min(64 - buffer.count, bytes.count - offset)
                buffer.append(contentsOf: UnsafeBufferPointer(start: base + offset, count: taken))
                length &+= UInt64(taken)
                offset += taken
                if buffer.count == 64 { compressBuffer() }
            }
            return true
        }
        if handled == true { return }
        for byte in data {
            buffer.append(byte)
            length &+= 1
            if buffer.count == 64 { compressBuffer() }
        }
    }

    private mutating func compressBuffer() {
        do {
            let block = buffer // a second owner only for the call: `compress` mutates self
            block.withUnsafeBufferPointer { compress($0.baseAddress!, blocks: 1) }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// `blocks` whole blocks at `data`, in hardware where there is some.
    mutating func compress(_ data: UnsafePointer<UInt8>, blocks: Int) {
        guard usesHardware else {
            for i in 0..<blocks { compress(data + 64 * i) }
            return
        }
        var words = (s0, s1, s2, s3, s4, s5, s6, s7)
        withUnsafeMutableBytes(of: &words) { raw in
            tenancy_sha256_blocks(raw.baseAddress!.assumingMemoryBound(to: UInt32.self), data, blocks)
        }
        (s0, s1, s2, s3, s4, s5, s6, s7) = words
    }

    package mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail = buffer + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { all in compress(all.baseAddress!, blocks: all.count / 64) }
        buffer.removeAll()
        return [s0, s1, s2, s3, s4, s5, s6, s7].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }

    /// The lowercase hex digest of `data`.
    package static func hex<S: Sequence>(_ data: S) -> String where S.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data)
        return hexString(hasher.finalize())
    }

    package static func hexString(_ digest: [UInt8]) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// HMAC-SHA-256 (RFC 2104, FIPS 198-1): the keyed digest that stored secret digests use, so that
/// two states' digests of one secret never match and precomputed tables do not help.
package struct HMACSHA256: Sendable {
    private var inner = SHA256()
    private var outer = SHA256()

    package init<Key: Collection>(key: Key) where Key.Element == UInt8 {
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

    package mutating func update<S: Sequence>(_ data: S) where S.Element == UInt8 { inner.update(data) }

    package mutating func finalize() -> [UInt8] {
        var outer = self.outer
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The lowercase hex MAC of `data` under `key`.
    package static func hex<Key: Collection, S: Sequence>(key: Key, _ data: S) -> String
        where Key.Element == UInt8, S.Element == UInt8 {
        var mac = HMACSHA256(key: key)
        mac.update(data)
        return SHA256.hexString(mac.finalize())
    }
}
