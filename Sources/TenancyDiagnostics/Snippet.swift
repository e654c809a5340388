/// The quoted source line of a diagnostic, bounded whatever the line: a window of at most `width`
/// characters around the range (a 64 MB line costs one pass over its bytes and a 120-character
/// string, never a copy of the line), control characters shown as their pictures (a NUL or an
/// escape would garble a terminal), and the range replaced by `*` when it holds a secret, so that
/// a literal secret found in a manifest is never printed back.
public struct Snippet: Sendable, Equatable {
    /// The 1-based line.
    public let line: Int
    /// The window of the line, ready to print.
    public let text: String
    /// Where the range starts in `text`, in characters (Unicode scalars), and how many it covers.
    public let highlightStart: Int
    public let highlightLength: Int
    /// Whether characters were left out before or after the window (shown as `…` in `text`).
    public let clippedBefore: Bool
    public let clippedAfter: Bool

    /// Lines longer than this are shown as a window around the range.
    public static let width = 120

    /// The snippet of `range` in `source`; nil when the line is not in the file (or the file
    /// changed since it was read).
    /// `masks`: every range of the file that holds a secret (`Diagnostic.secretRanges`), each
    /// hidden wherever it falls on the quoted line: a line holding two secrets is quoted by the
    /// diagnostic of each, and by any other diagnostic of that line, never with one in the clear.
    public static func make(_ range: SourceRange, in source: SourceFile, masked: Bool = false, masks: [SourceRange] = [],
                            width: Int = Snippet.width) -> Snippet? {
        guard !source.changedSinceRead else { return nil }
        let bytes = source.bytes
        let starts = source.lineStartOffsets()
        let line = range.start.line
        guard line >= 1, line <= starts.count else { return nil }
        let lineStart = starts[line - 1]
        var lineEnd = line < starts.count ? starts[line] : bytes.count
        // Without its line break (LF, CR, CRLF, NEL, LS, PS).
        while lineEnd > lineStart, bytes[lineEnd - 1] == 0x0A || bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        if line < starts.count {
            if lineEnd - lineStart >= 2, bytes[lineEnd - 2] == 0xC2, bytes[lineEnd - 1] == 0x85 { lineEnd -= 2 }
            else if lineEnd - lineStart >= 3, bytes[lineEnd - 3] == 0xE2, bytes[lineEnd - 2] == 0x80,
                    bytes[lineEnd - 1] == 0xA8 || bytes[lineEnd - 1] == 0xA9 { lineEnd -= 3 }
        }
        let caret = max(range.start.column - 1, 0)
        var length = 1
        if range.end.line == range.start.line, range.end.column - range.start.column > 1 { length = range.end.column - range.start.column }
        // A range over several lines is marked at its start; a masked one is hidden to the end of
        // the line (one that began on an earlier line hides the whole line).
        var hidden: [Range<Int>] = []
        for mask in (masked ? [range] : []) + masks where mask.start.line <= line && mask.end.line >= line {
            let from = mask.start.line == line ? max(mask.start.column - 1, 0) : 0
            let to = mask.end.line == line && mask.end.column - 1 > from ? mask.end.column - 1 : (mask.end.line > line ? Int.max / 2 : from + 1)
            hidden.append(from..<to)
        }
        // The line's length in characters (one pass over its bytes, nothing copied): a line that
        // fits is shown whole, a longer one as a window around the range, kept within the line.
        var total = 0
        var scan = lineStart
        while scan < lineEnd {
            scan += SourceFile.sequenceLength(leadByte: bytes[scan])
            total += 1
        }
        let firstShown = total <= width ? 0 : max(0, min(caret - width / 2, total - width))
        // One pass: the byte offsets of the first shown character and of the one after the last.
        var offset = lineStart
        var index = 0
        var windowStart = lineEnd
        while offset < lineEnd, index < firstShown + width {
            if index == firstShown { windowStart = offset }
            offset += SourceFile.sequenceLength(leadByte: bytes[offset])
            index += 1
        }
        if index <= firstShown { windowStart = min(offset, lineEnd) }
        let windowEnd = min(offset, lineEnd)
        let clippedBefore = firstShown > 0
        let clippedAfter = windowEnd < lineEnd
        var text = clippedBefore ? "…" : ""
        var highlightStart = min(caret, index) - firstShown + (clippedBefore ? 1 : 0)
        let shown = String(decoding: bytes[windowStart..<windowEnd], as: UTF8.self)
        var position = 0
        for scalar in shown.unicodeScalars {
            let absolute = firstShown + position
            if hidden.contains(where: { $0.contains(absolute) }) {
                text.unicodeScalars.append("*")
            } else if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                text.unicodeScalars.append(Unicode.Scalar(scalar.value == 0x7F ? 0x2421 : 0x2400 + scalar.value) ?? "?")
            } else if Terminal.needsEscape(scalar) {
                // C1 controls (CSI), line separators and bidirectional overrides: shown as one
                // replacement character each, so that columns still line up with the caret.
                text.unicodeScalars.append("\u{FFFD}")
            } else {
                text.unicodeScalars.append(scalar)
            }
            position += 1
        }
        highlightStart = max(0, min(highlightStart, text.unicodeScalars.count))
        if clippedAfter { text += "…" }
        let available = max(text.unicodeScalars.count - highlightStart - (clippedAfter ? 1 : 0), 1)
        return Snippet(line: line, text: text, highlightStart: highlightStart, highlightLength: min(length, available),
                       clippedBefore: clippedBefore, clippedAfter: clippedAfter)
    }
}

extension String {
    /// At most `limit` characters, with how many were left out: a diagnostic never repeats a
    /// value of a megabyte.
    public func clipped(to limit: Int) -> String {
        guard unicodeScalars.count > limit else { return self }
        var clipped = String(String.UnicodeScalarView(unicodeScalars.prefix(limit)))
        clipped += "… (\(unicodeScalars.count - limit) more characters)"
        return clipped
    }
}
