/// Splits a Markdown comment into numbered parts that each fit a host's comment limit (GitHub
/// 65,536 characters, GitLab 1,000,000, Bitbucket 32,768, Azure DevOps 150,000), at line
/// boundaries. A code fence or `<details>` block open at a split is closed at the end of its part
/// and opened again at the start of the next (`… (continued)`), so that every part renders on its
/// own; every part after the first starts with a heading that repeats the summary line. A line
/// longer than a part can hold is cut (only such a line is ever cut inside).
///
/// Sizes are counted in UTF-16 code units, the largest of the ways hosts count characters, so a
/// part under the limit here is under it on every host.
package struct MarkdownSplitter: Sendable {
    package let limit: Int

    /// The hosts' limits, by the name `--comment-limit` takes.
    package static let hostLimits: [(host: String, limit: Int)] = [
        ("github", 65_536), ("gitlab", 1_000_000), ("bitbucket", 32_768), ("azure", 150_000),
    ]

    /// The smallest limit that leaves room for a part's heading, closings and a little text.
    package static let minimumLimit = 1_000

    package init(limit: Int) { self.limit = max(Self.minimumLimit, limit) }

    /// The parts of `text`. `heading(k, n)` is the first line of part k of n for k > 1 (the
    /// first part starts with the text itself); `marker(k, n)` (may be empty) begins every part,
    /// for the comment to be found again.
    package func split(_ text: String, heading: (Int, Int) -> String, marker: (Int, Int) -> String = { _, _ in "" }) -> [String] {
        // Room for the numbers, whatever they turn out to be.
        let widest = max(heading(999, 999).utf16.count, heading(1, 1).utf16.count) + 2
        let markerRoom = max(marker(999, 999).utf16.count, marker(1, 1).utf16.count) + 1
        let footer = "\n_Continued in the next part._\n"
        var bodies: [String] = []
        var current = ""
        var size = 0
        var fence: String?          // the open fence's backticks and info string (```diff)
        var details: [String] = []  // the open <details> lines, outermost first

        func closing() -> String {
            var out = ""
            if let fence { out += "\n" + String(fence.prefix { $0 == "`" }) + "\n" }
            out += String(repeating: "\n</details>\n", count: details.count)
            return out + footer
        }
        func reopening() -> String {
            var out = ""
            for line in details {
                out += line.replacingOccurrences(of: "</summary>", with: " (continued)</summary>") + "\n\n"
            }
            if let fence { out += fence + "\n" }
            return out
        }
        func budget(first: Bool) -> Int {
            limit - markerRoom - (first ? 0 : widest) - closing().utf16.count - 16
        }
        func startNext() {
            current += closing()
            bodies.append(current)
            current = reopening()
            size = current.utf16.count
        }

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let length = line.utf16.count + 1
            let room = budget(first: bodies.isEmpty)
            if size + length > room {
                if size > reopening().utf16.count {
                    startNext()
                    continue
                }
                // A line too long for any part: cut it where the part ends.
                let (head, tail) = Self.cut(line, units: max(1, room - size - 1))
                current += head + "\n"
                lines[i] = tail
                startNext()
                continue
            }
            current += line + "\n"
            size += length
            Self.track(line, fence: &fence, details: &details)
            i += 1
        }
        bodies.append(current)
        let count = bodies.count
        return bodies.enumerated().map { index, body in
            let k = index + 1
            let mark = marker(k, count)
            return (mark.isEmpty ? "" : mark + "\n") + (k == 1 ? "" : heading(k, count) + "\n\n") + body
        }
    }

    /// Follows code fences and `<details>` blocks line by line: `fence` is the open fence's line,
    /// `details` the open blocks' lines, outermost first.
    package static func track(_ line: String, fence: inout String?, details: inout [String]) {
        let trimmed = line.drop { $0 == " " }
        if let open = fence {
            let ticks = open.prefix { $0 == "`" }
            if trimmed.hasPrefix(ticks), trimmed.allSatisfy({ $0 == "`" || $0 == " " }) { fence = nil }
            return
        }
        if trimmed.hasPrefix("```") {
            fence = String(trimmed)
            return
        }
        if trimmed.hasPrefix("<details") { details.append(String(trimmed)) }
        if trimmed.contains("</details>"), !details.isEmpty { details.removeLast() }
    }

    /// The first `units` UTF-16 units of `line` (never splitting a character) and the rest.
    static func cut(_ line: String, units: Int) -> (String, String) {
        var taken = 0
        var index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            let width = line[index..<next].utf16.count
            if taken + width > units { break }
            taken += width
            index = next
        }
        if index == line.startIndex, index < line.endIndex { index = line.index(after: index) }
        return (String(line[..<index]), String(line[index...]))
    }
}
