/// A position in a source file, as people and editors count: 1-based line and column (columns in
/// Unicode characters, the way libyaml and editors count them) plus the 0-based byte offset that
/// machine consumers such as Terraform-style JSON tooling need.
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int
    public var byte: Int

    public init(line: Int, column: Int, byte: Int) {
        self.line = line
        self.column = column
        self.byte = byte
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A span of a file; `end` is exclusive, as in Terraform's diagnostic ranges.
public struct SourceRange: Sendable, Hashable {
    public var filename: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(filename: String, start: SourceLocation, end: SourceLocation) {
        self.filename = filename
        self.start = start
        self.end = end
    }

    /// A zero-width range, for problems that sit at one point (end of file, a reader error).
    public init(filename: String, at location: SourceLocation) {
        self.init(filename: filename, start: location, end: location)
    }
}
