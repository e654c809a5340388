import Foundation
import Synchronization

/// The bytes of one input file, shared by the loader (which parses them) and the diagnostic
/// renderers (which quote them). Line starts are computed once, on first use, because only
/// diagnostics need them and most runs have none.
public final class SourceFile: Sendable {
    /// The name shown to users: the path as given on the command line or found under a folder.
    public let path: String
    /// The file's bytes (never a copied `String`). After `releaseBytes()` they are read from the
    /// file again when asked for: by a diagnostic that quotes a line, which is rare.
    public var bytes: Data {
        contents.withLock { contents in
            if let contents { return contents }
            let reread = origin.flatMap { try? Data(contentsOf: $0, options: [.mappedIfSafe]) } ?? Data()
            contents = reread
            return reread
        }
    }
    private let contents: Mutex<Data?>
    /// Where the bytes came from, when from a file.
    private let origin: URL?
    private let lineStarts = Mutex<[Int]?>(nil)

    public init(path: String, bytes: Data) {
        self.path = path
        self.contents = Mutex(bytes)
        self.origin = nil
    }

    /// Reads a file into one buffer (Foundation maps it where it judges that safe; on Linux it
    /// reads it), which the parser reads in place: a 100 MB manifest is never copied into a String.
    public init(contentsOf url: URL, displayPath: String? = nil) throws {
        let data = try Data(contentsOf: url, options: [.mappedIfSafe])
        self.path = displayPath ?? url.path
        self.contents = Mutex(data)
        self.origin = url
    }

    /// Lets the bytes go once a file has been parsed (its trees hold what they need of them): a
    /// plan over many files then holds none of their text. A file given as bytes keeps them.
    public func releaseBytes() {
        guard origin != nil else { return }
        contents.withLock { $0 = nil }
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

    private static func computeLineStarts(_ data: Data) -> [Int] {
        var starts = [0]
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let buffer = raw.bindMemory(to: UInt8.self)
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
        let starts = lineStartOffsets()
        guard line >= 1 else { return 0 }
        guard line <= starts.count else { return bytes.count }
        var offset = starts[line - 1]
        var remaining = column - 1
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let buffer = raw.bindMemory(to: UInt8.self)
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
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let buffer = raw.bindMemory(to: UInt8.self)
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
        let starts = lineStartOffsets()
        guard line >= 1, line <= starts.count else { return nil }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] : bytes.count
        return bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String in
            let buffer = raw.bindMemory(to: UInt8.self)
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
    static func sequenceLength(leadByte: UInt8) -> Int {
        switch leadByte {
        case 0xF0...0xF7: return 4
        case 0xE0...0xEF: return 3
        case 0xC0...0xDF: return 2
        default: return 1
        }
    }
}
