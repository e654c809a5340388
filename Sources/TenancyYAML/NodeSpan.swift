import TenancyDiagnostics

/// Where a node was written, kept without the node's document: the rules over a whole
/// configuration remember where each workspace's name and references stand after the trees are
/// gone, and most such positions are never reported, so the byte offsets a `SourceRange` carries
/// (which need the file's line table) are worked out only when one is.
public struct NodeSpan: Sendable {
    public let source: SourceFile
    let startLine: UInt32
    let startColumn: UInt32
    let endLine: UInt32
    let endColumn: UInt32

    public var range: SourceRange {
        SourceRange(filename: source.path,
                    start: source.location(line: Int(startLine), column: Int(startColumn)),
                    end: source.location(line: Int(endLine), column: Int(endColumn)))
    }

    /// The line it starts on, without computing the file's line table.
    public var line: Int { Int(startLine) }
}

extension Node {
    /// The node's position, for a diagnostic that may never be made.
    public var span: NodeSpan {
        let r = record
        return NodeSpan(source: storage.source, startLine: r.startLine, startColumn: r.startColumn,
                        endLine: r.endLine, endColumn: r.endColumn)
    }
}
