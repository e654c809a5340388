import Foundation
@testable import TenancySupport
import TenancyTestSupport
import XCTest

final class SHA256Tests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // FIPS 180-4's two-block message of 896 bits.
        XCTAssertEqual(SHA256.hex(Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                         + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    /// Input fed in pieces of every awkward size (and as a non-contiguous sequence) hashes as the
    /// whole does: the block buffering and the direct path agree.
    func testPiecesHashAsTheWhole() {
        var state: UInt64 = 7
        let input = (0..<10_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let whole = SHA256.hex(input)
        for size in [1, 3, 63, 64, 65, 127, 128, 1000, 9999] {
            var hasher = SHA256()
            var start = 0
            while start < input.count {
                hasher.update(input[start..<min(input.count, start + size)])
                start += size
            }
            XCTAssertEqual(SHA256.hexString(hasher.finalize()), whole, "pieces of \(size)")
        }
        XCTAssertEqual(SHA256.hex(input.lazy.map { $0 }), whole, "a sequence without contiguous storage")
    }

    /// The processor's SHA instructions and the portable code give the same digests, at every
    /// length around the block and padding boundaries and for long runs of blocks; the FIPS
    /// vectors hold on the portable path too (the one machines without the instructions take).
    func testHardwareAndPortableAgree() throws {
        func digest(_ bytes: [UInt8], portable: Bool, piece: Int = .max) -> String {
            var hasher = SHA256(portable: portable)
            var start = 0
            repeat {
                hasher.update(bytes[start..<min(bytes.count, start &+ piece)])
                start = min(bytes.count, start &+ piece)
            } while start < bytes.count
            return SHA256.hexString(hasher.finalize())
        }
        XCTAssertEqual(digest(Array("abc".utf8), portable: true), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(digest(Array(repeating: UInt8(ascii: "a"), count: 1_000_000), portable: true),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        guard SHA256.hardwareAvailable else {
            throw XCTSkip("this processor has no SHA extensions: only the portable path was checked")
        }
        XCTAssertTrue(SHA256().usesHardware)
        var state: UInt64 = 11
        let input = (0..<70_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        for length in Array(0...300) + [1023, 1024, 4097, 65_536, 70_000] {
            let bytes = Array(input[..<length])
            XCTAssertEqual(digest(bytes, portable: false), digest(bytes, portable: true), "\(length) bytes")
        }
        for piece in [1, 63, 64, 65, 200, 4096] {
            XCTAssertEqual(digest(input, portable: false, piece: piece), digest(input, portable: true), "pieces of \(piece)")
        }
    }

    /// RFC 4231's test cases 1, 2, 4 and 6 (a key longer than a block).
    func testHMACVectors() {
        XCTAssertEqual(HMACSHA256.hex(key: Array(repeating: UInt8(0x0b), count: 20), Array("Hi There".utf8)),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(HMACSHA256.hex(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(HMACSHA256.hex(key: (1...25).map { UInt8($0) }, Array(repeating: UInt8(0xcd), count: 50)),
                       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
        XCTAssertEqual(HMACSHA256.hex(key: Array(repeating: UInt8(0xaa), count: 131),
                                      Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// The written-out rounds are exactly what their generator prints (regenerate, never hand-edit).
    func testRoundsMatchTheirGenerator() throws {
        let root = SuiteLocation.packageRoot
        let script = root.appendingPathComponent("scripts/generate-sha256-rounds.py")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw MissingTool.skip("python3", "python3 is not installed: the SHA-256 generator's output is not compared")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, "--stdout"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let printed = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let committed = try Data(contentsOf: root.appendingPathComponent("Sources/TenancySupport/SHA256Rounds.swift"))
        XCTAssertEqual(String(decoding: printed, as: UTF8.self), String(decoding: committed, as: UTF8.self),
                       "SHA256Rounds.swift differs from scripts/generate-sha256-rounds.py's output")
    }
}
