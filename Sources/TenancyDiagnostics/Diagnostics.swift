/// The problems of one run, collected rather than thrown one at a time, so that a user sees every
/// problem in a single pass (as XcodeGen's spec validation and Terraform's tfdiags do).
public struct Diagnostics: Sendable, Hashable, RandomAccessCollection {
    public private(set) var items: [Diagnostic]

    public init(_ items: [Diagnostic] = []) { self.items = items }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(position: Int) -> Diagnostic { items[position] }

    public mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }
    public mutating func append(contentsOf other: Diagnostics) { items.append(contentsOf: other.items) }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }

    public var errorCount: Int { items.reduce(0) { $0 + ($1.severity == .error ? 1 : 0) } }
    public var warningCount: Int { items.reduce(0) { $0 + ($1.severity == .warning ? 1 : 0) } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// The same problems with each said once: two checks that find the same thing at the same
    /// place (the document envelope and the schema, a missing `apiVersion`) report it once.
    public func removingDuplicates() -> Diagnostics {
        var seen = Set<Diagnostic>()
        return Diagnostics(items.filter { seen.insert($0).inserted })
    }

    /// Orders diagnostics by file, then position, then severity, so that output is stable no matter
    /// in which order parallel loaders finished. Diagnostics without a file come first.
    public func sorted() -> Diagnostics {
        Diagnostics(items.enumerated().sorted { a, b in
            let l = a.element, r = b.element
            switch (l.range, r.range) {
            case (nil, nil): break
            case (nil, _): return true
            case (_, nil): return false
            case let (lr?, rr?):
                if lr.filename != rr.filename { return lr.filename < rr.filename }
                if lr.start != rr.start { return lr.start < rr.start }
            }
            if l.severity != r.severity { return l.severity < r.severity }
            return a.offset < b.offset
        }.map(\.element))
    }
}
