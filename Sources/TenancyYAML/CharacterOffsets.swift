/// Turns libyaml's character indexes into byte offsets of the input. libyaml counts characters,
/// the strictness checks need bytes; for an ASCII file (the common case) they are the same, and
/// otherwise a cursor moves forward through the text with the events, so the cost stays linear.
struct CharacterOffsets {
    let input: UnsafeBufferPointer<UInt8>
    private let isASCII: Bool
    private var characterIndex = 0
    private var byteIndex = 0

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        isASCII = Self.allASCII(input)
    }

    mutating func byteOffset(ofCharacter target: Int) -> Int {
        if isASCII { return min(target, input.count) }
        if target < characterIndex { characterIndex = 0; byteIndex = 0 }
        while characterIndex < target, byteIndex < input.count {
            byteIndex += 1
            while byteIndex < input.count, input[byteIndex] & 0xC0 == 0x80 { byteIndex += 1 }
            characterIndex += 1
        }
        return byteIndex
    }

    /// The byte at a character index, or nil past the end.
    mutating func byte(atCharacter index: Int) -> UInt8? {
        let offset = byteOffset(ofCharacter: index)
        return offset < input.count ? input[offset] : nil
    }

    private static func allASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let words = bytes.count / 8
        var combined: UInt64 = 0
        for i in 0..<words { combined |= raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) }
        for i in (words * 8)..<bytes.count { combined |= UInt64(bytes[i]) }
        return combined & 0x8080_8080_8080_8080 == 0
    }
}
