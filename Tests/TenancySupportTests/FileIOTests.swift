import Foundation
import TenancySupport
import XCTest

/// The file helpers against real files, FIFOs, folders and limits: every failure a plain sentence.
final class FileIOTests: XCTestCase {
    var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "tenancy-fileio-\(UUID().uuidString)"
        try FileIO.createFolder(folder + "/sub/deeper")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testReadWholeAndMissing() throws {
        let path = folder + "/a.txt"
        XCTAssertNil(try FileIO.read(path))
        try FileIO.atomicWrite(Array("hello".utf8), to: path)
        XCTAssertEqual(try FileIO.read(path), Array("hello".utf8))
        XCTAssertEqual(try FileIO.read(folder + "/empty-does-not-exist"), nil)
        try FileIO.atomicWrite([], to: path)
        XCTAssertEqual(try FileIO.read(path), [])
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try FileIO.atomicWrite(big, to: path)
        XCTAssertEqual(try FileIO.read(path), big)
        let ends = try XCTUnwrap(try FileIO.ends(of: path, head: 512, tail: 64))
        XCTAssertEqual(ends.head, Array(big.prefix(512)))
        XCTAssertEqual(ends.tail, Array(big.suffix(64)))
    }

    func testLimitsAndKindsAreRefusedInPlainWords() throws {
        let path = folder + "/big.txt"
        try FileIO.atomicWrite(Array(repeating: 1, count: 2000), to: path)
        XCTAssertThrowsError(try FileIO.read(path, limit: 1000)) { error in
            XCTAssertEqual((error as? FileError)?.description, "cannot read \(path): it is larger than the limit of 1000 B")
        }
        XCTAssertThrowsError(try FileIO.read(folder + "/sub")) { error in
            XCTAssertEqual((error as? FileError)?.plainReason, "it is a folder, not a regular file")
        }
        let fifo = folder + "/pipe.yaml"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Must not block waiting for a writer, and must not say "permission".
        XCTAssertThrowsError(try FileIO.read(fifo)) { error in
            XCTAssertEqual((error as? FileError)?.plainReason, "it is a FIFO (named pipe), not a regular file")
        }
        XCTAssertThrowsError(try FileIO.read("/dev/null")) { error in
            XCTAssertEqual((error as? FileError)?.plainReason, "it is a character device, not a regular file")
        }
        let loop = folder + "/loop.yaml"
        XCTAssertEqual(symlink(loop, loop), 0)
        XCTAssertThrowsError(try FileIO.read(loop)) { error in
            XCTAssertEqual((error as? FileError)?.plainReason, "too many levels of symbolic links (a symlink loop?)")
        }
    }

    func testAtomicWriteLeavesNothingBehindOnFailure() throws {
        let path = folder + "/state.json"
        try FileIO.atomicWrite(Array("old".utf8), to: path)
        struct Stop: Error {}
        XCTAssertThrowsError(try FileIO.atomicWrite(to: path, mapError: { $0 as Error }) { write in
            try Array("partial".utf8).withUnsafeBytes { try write($0) }
            throw Stop()
        })
        XCTAssertEqual(try FileIO.read(path), Array("old".utf8))
        XCTAssertEqual(try FileIO.names(in: folder).sorted(), ["state.json", "sub"])
        try FileIO.atomicWrite(Array("new".utf8), to: path, alsoLinkedAt: folder + "/sub/kept.json")
        XCTAssertEqual(try FileIO.read(folder + "/sub/kept.json"), Array("new".utf8))
    }

    func testErrnoWords() {
        XCTAssertEqual(FileError.words(for: ENOSPC), "the disk is full")
        XCTAssertEqual(FileError.words(for: EACCES), "permission denied")
        XCTAssertTrue(FileError(path: "x", operation: .write, reason: .errno(EFBIG)).isOutOfSpace)
        XCTAssertFalse(FileError(path: "x", operation: .write, reason: .errno(EACCES)).isOutOfSpace)
    }
}
