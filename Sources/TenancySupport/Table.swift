/// Plain-text tables for people: columns padded to their widest cell (counted in characters),
/// numbers right-aligned, two spaces between columns, no trailing spaces.
package enum Table {
    /// `rows[0]` is the header. Cells are used as they are: escape what came from users first.
    package static func render(_ rows: [[String]], rightAligned: Set<Int> = [], indent: Int = 0) -> String {
        let columns = rows.map { $0.count }.max() ?? 0
        // Widths in Unicode scalars, counted once a cell (a String's `count` walks graphemes).
        let counts = rows.map { row in row.map { $0.unicodeScalars.count } }
        var widths = [Int](repeating: 0, count: columns)
        for row in counts {
            for (i, width) in row.enumerated() { widths[i] = max(widths[i], width) }
        }
        let margin = String(repeating: " ", count: indent)
        var out = ""
        for (r, row) in rows.enumerated() {
            var line = margin
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - counts[r][i])
                if i > 0 { line += "  " }
                line += rightAligned.contains(i) ? pad + cell : cell + (i == row.count - 1 ? "" : pad)
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
