import Foundation
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one input file, shared by the loader (which parses them) and the diagnostic
/// renderers (which quote them). Line starts are computed once, on first use, because only
/// diagnostics need them and most runs have none.
public final class SourceFile: Sendable {
    /// The name shown to users: the path as given on the command line or found under a folder.
    public let path: String
    /// The file's bytes. After `releaseBytes()` they are read from the file again when asked for
    /// (by a diagnostic that quotes a line, which is rare), but only if the file is still the one
    /// that was parsed: if it changed since, `bytes` is empty and `changedSinceRead` says why, so
    /// that a diagnostic never quotes a line that is not the one it is about.
    public var bytes: [UInt8] {
        contents.withLock { contents in
            if let kept = contents.bytes { return kept }
            guard let origin = contents.origin else { return [] }
            let reread = (try? FileIO.read(origin.path)) ?? nil
            if let reread, Fingerprint(of: origin.path) == origin.fingerprint, reread.count == contents.length {
                contents.bytes = reread
                return reread
            }
            contents.changed = true
            contents.bytes = []
            return []
        }
    }

    /// Whether the file changed on disk after it was parsed (and its bytes were let go): its
    /// lines are then not quoted.
    public var changedSinceRead: Bool {
        _ = bytes
        return contents.withLock { $0.changed }
    }

    /// What identifies the version of a file that was read: device, inode, size and modification
    /// time to the nanosecond, as git's index does. An edit, a replacement by rename or a
    /// truncation changes it.
    struct Fingerprint: Sendable, Equatable {
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modified: Int64
        let changed: Int64

        init?(of path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        init(_ info: stat) {
            device = UInt64(truncatingIfNeeded: info.st_dev)
            inode = UInt64(truncatingIfNeeded: info.st_ino)
            size = Int64(info.st_size)
            #if canImport(Darwin)
            modified = Int64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtimespec.tv_nsec)
            changed = Int64(info.st_ctimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctimespec.tv_nsec)
            #else
            modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
            #endif
        }
    }

    private struct Contents: Sendable {
        var bytes: [UInt8]?
        /// Where the bytes came from and which version of the file they were, when from a file.
        let origin: (path: String, fingerprint: Fingerprint?)?
        let length: Int
        var changed = false
    }
    private let contents: Locked<Contents>
    private let lineStarts = Locked<[Int]?>(nil)

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        contents = Locked(Contents(bytes: bytes, origin: nil, length: bytes.count))
    }

    public convenience init(path: String, bytes: Data) {
        self.init(path: path, bytes: [UInt8](bytes))
    }

    /// Reads a file into one buffer, which the parser reads in place: a 100 MB manifest is never
    /// copied into a String. `limit`: files larger than this are refused. A path that does not
    /// exist is an error here (`ENOENT`), unlike `FileIO.read`.
    public init(reading path: String, displayPath: String? = nil, limit: Int = .max) throws(FileError) {
        guard let (fd, size) = try FileIO.openRegular(path) else {
            throw FileError(path: displayPath ?? path, operation: .read, reason: .errno(ENOENT))
        }
        defer { close(fd) }
        if size > limit { throw FileError(path: displayPath ?? path, operation: .read, reason: .tooLarge(limit: limit)) }
        var info = stat()
        let fingerprint = fstat(fd, &info) == 0 ? Fingerprint(info) : nil
        let bytes = try FileIO.readAll(fd, path: displayPath ?? path, expected: size, limit: limit)
        self.path = displayPath ?? path
        // A file that grew or shrank while it was read has no version to re-read later.
        let settled = fingerprint.flatMap { $0.size == Int64(bytes.count) ? $0 : nil }
        contents = Locked(Contents(bytes: bytes, origin: (path, settled), length: bytes.count))
    }

    /// The same for a file URL (tests and tools).
    public convenience init(contentsOf url: URL, displayPath: String? = nil) throws(FileError) {
        try self.init(reading: url.path, displayPath: displayPath)
    }

    /// Lets the bytes go once a file has been parsed (its trees hold what they need of them): a
    /// plan over many files then holds none of their text. A file given as bytes keeps them.
    public func releaseBytes() {
        contents.withLock { contents in
            if contents.origin != nil { contents.bytes = nil }
        }
    }

    /// Byte offsets of the first byte of every line. Line breaks are counted as libyaml counts them
    /// (LF, CR, CRLF, and the Unicode NEL, LS and PS), so that its line numbers and ours agree.
    public func lineStartOffsets() -> [Int] {
        lineStarts.withLock { cached in
            if let cached { return cached }
            let computed = Self.computeLineStarts(bytes)
            cached = computed
            return computed
        }
    }

    private static func computeLineStarts(_ data: [UInt8]) -> [Int] {
        var starts = [0]
        data.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var i = 0
            while i < count {
                let byte = buffer[i]
                if byte == 0x0A {
                    starts.append(i + 1)
                } else if byte == 0x0D {
                    if i + 1 < count, buffer[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                } else if byte == 0xC2, i + 1 < count, buffer[i + 1] == 0x85 {
                    i += 1
                    starts.append(i + 1)
                } else if byte == 0xE2, i + 2 < count, buffer[i + 1] == 0x80,
                          buffer[i + 2] == 0xA8 || buffer[i + 2] == 0xA9 {
                    i += 2
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        return starts
    }

    /// The byte offset of a 1-based line and character column; clamps to the file's bounds so that
    /// a position from a truncated or odd input never traps.
    public func byteOffset(line: Int, column: Int) -> Int {
        let bytes = self.bytes
        let starts = lineStartOffsets()
        guard line >= 1 else { return 0 }
        guard line <= starts.count else { return bytes.count }
        var offset = starts[line - 1]
        var remaining = column - 1
        bytes.withUnsafeBufferPointer { buffer in
            while remaining > 0, offset < buffer.count {
                offset += Self.sequenceLength(leadByte: buffer[offset])
                remaining -= 1
            }
        }
        return min(offset, bytes.count)
    }

    /// The 1-based line and character column of a byte offset (libyaml reports reader errors,
    /// such as invalid UTF-8, by byte offset only).
    public func location(ofByte byte: Int) -> SourceLocation {
        let bytes = self.bytes
        let starts = lineStartOffsets()
        let clamped = max(0, min(byte, bytes.count))
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var offset = starts[low]
        bytes.withUnsafeBufferPointer { buffer in
            while offset < clamped {
                offset += Self.sequenceLength(leadByte: buffer[offset])
                column += 1
            }
        }
        return SourceLocation(line: low + 1, column: column, byte: clamped)
    }

    /// A full location (with byte offset) for a line and column.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(line: line, column: column, byte: byteOffset(line: line, column: column))
    }

    /// The text of a 1-based line without its line break, decoded leniently (invalid UTF-8 shows as
    /// U+FFFD) so that quoting a broken file never fails.
    public func lineText(_ line: Int) -> String? {
        let bytes = self.bytes
        let starts = lineStartOffsets()
        guard line >= 1, line <= starts.count else { return nil }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] : bytes.count
        return bytes.withUnsafeBufferPointer { buffer -> String in
            while end > start, buffer[end - 1] == 0x0A || buffer[end - 1] == 0x0D { end -= 1 }
            if end - start >= 2, line < starts.count {
                // Strip a Unicode line separator (NEL, LS, PS) that ended this line.
                if buffer[end - 2] == 0xC2, buffer[end - 1] == 0x85 { end -= 2 }
                else if end - start >= 3, buffer[end - 3] == 0xE2, buffer[end - 2] == 0x80,
                        buffer[end - 1] == 0xA8 || buffer[end - 1] == 0xA9 { end -= 3 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        }
    }

    @inline(__always)
    public static func sequenceLength(leadByte: UInt8) -> Int {
        switch leadByte {
        case 0xF0...0xF7: return 4
        case 0xE0...0xEF: return 3
        case 0xC0...0xDF: return 2
        default: return 1
        }
    }
}
