import TenancySupport

/// The one writer of canonical JSON: state files, saved plans, JSON plans, desired resources'
/// texts, audit records and every `--format json` print through it, so they agree byte for byte
/// by construction rather than by tests that compare three writers.
///
/// Canonical means: keys sorted by their UTF-8 bytes, strings quoted by the one escaper
/// (`JSONEscaping`), numbers as their decimal text, and either the pretty
/// layout (two-space indentation, one value per line, `": "`) or the compact one (no space at
/// all). A pretty document read back and written again is the same bytes, so a state file's diff
/// in git shows exactly what changed.
///
/// It streams: values are appended to a byte buffer that the caller drains (`drain`) whenever it
/// likes, so a 500 MB state is written in pieces. Objects are written member by member, keys in
/// ascending order (checked in debug builds); already-canonical text — a resource's attributes as
/// the state file holds them — is copied in as it is (`raw`, like Go's `json.RawMessage`),
/// re-indented to where it now stands, instead of being parsed into a tree and printed again.
public struct JSONWriter: Sendable {
    public enum Layout: Sendable {
        /// Two-space indentation, a value per line: files people diff.
        case pretty
        /// One line, no spaces: hashing, audit lines, compact renders.
        case compact
    }

    public let layout: Layout
    /// What has been written and not drained yet.
    public private(set) var bytes: [UInt8] = []

    /// The open containers, innermost last.
    private var open: [Container] = []
    /// How deep the document itself stands (its first line carries no indentation; `depth` is
    /// where its members go when it is nested in a larger document).
    private let base: Int

    private struct Container: Sendable {
        let isObject: Bool
        var count = 0
        /// After `key`, before its value.
        var awaitingValue = false
        #if DEBUG
        var lastKey: [UInt8]?
        #endif
    }

    /// `depth`: the nesting level at which the written value stands in the document it will be
    /// part of (0 for a document of its own).
    public init(layout: Layout = .pretty, depth: Int = 0, reserving capacity: Int = 0) {
        self.layout = layout
        base = depth
        if capacity > 0 { bytes.reserveCapacity(capacity) }
    }

    /// A writer that writes into `buffer`'s memory (emptied first): a thread converting one
    /// resource after another reuses one warm buffer rather than growing a new one each time.
    public init(layout: Layout = .pretty, depth: Int = 0, reusing buffer: [UInt8]) {
        self.layout = layout
        base = depth
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    /// The nesting level the next value stands at.
    public var depth: Int { base + open.count }

    // MARK: Containers

    public mutating func beginObject() {
        beforeValue()
        open.append(Container(isObject: true))
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func endObject() { end(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        beforeValue()
        open.append(Container(isObject: false))
        bytes.append(UInt8(ascii: "["))
    }

    public mutating func endArray() { end(UInt8(ascii: "]")) }

    /// The next member's key; its value follows. Keys must come in ascending byte order.
    public mutating func key(_ key: String) {
        var key = key
        key.withUTF8 { self.key(bytes: $0) }
    }

    public mutating func key(bytes key: UnsafeBufferPointer<UInt8>) {
        guard var container = open.popLast() else { preconditionFailure("JSONWriter: a key outside an object") }
        precondition(container.isObject && !container.awaitingValue, "JSONWriter: a key where a value belongs")
        #if DEBUG
        if let last = container.lastKey {
            assert(last.lexicographicallyPrecedes(key), "JSONWriter: key \(String(decoding: key, as: UTF8.self)) after \(String(decoding: last, as: UTF8.self)): keys must ascend")
        }
        container.lastKey = Array(key)
        #endif
        if container.count > 0 { bytes.append(UInt8(ascii: ",")) }
        if layout == .pretty { newline(base + open.count + 1) }
        container.count += 1
        container.awaitingValue = true
        open.append(container)
        writeString(key)
        if layout == .pretty {
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
    }

    private mutating func end(_ close: UInt8) {
        guard let container = open.popLast() else { preconditionFailure("JSONWriter: closing what was not opened") }
        precondition(!container.awaitingValue, "JSONWriter: a key without a value")
        if container.count > 0, layout == .pretty { newline(base + open.count) }
        bytes.append(close)
    }

    /// The separator a value needs where it stands: after a key nothing, in an array a comma and
    /// (pretty) a line of its own.
    private mutating func beforeValue() {
        guard let last = open.indices.last else { return }
        if open[last].isObject {
            precondition(open[last].awaitingValue, "JSONWriter: a value in an object needs a key")
            open[last].awaitingValue = false
            return
        }
        if open[last].count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[last].count += 1
        if layout == .pretty { newline(base + open.count) }
    }

    // MARK: Values

    public mutating func null() {
        beforeValue()
        append("null")
    }

    public mutating func bool(_ value: Bool) {
        beforeValue()
        append(value ? "true" : "false")
    }

    public mutating func int(_ value: Int) {
        beforeValue()
        append(String(value))
    }

    /// A number given as its canonical decimal text.
    public mutating func number(_ text: String) {
        beforeValue()
        append(text)
    }

    public mutating func string(_ value: String) {
        beforeValue()
        var value = value
        value.withUTF8 { writeString($0) }
    }

    /// A string given as its UTF-8 bytes.
    public mutating func string(bytes value: UnsafeBufferPointer<UInt8>) {
        beforeValue()
        writeString(value)
    }

    /// Any value, its objects' keys sorted.
    public mutating func json(_ value: JSON) {
        switch value {
        case .null: null()
        case let .bool(b): bool(b)
        case let .number(n): number(n)
        case let .string(s): string(s)
        case let .array(items):
            beginArray()
            for item in items { json(item) }
            endArray()
        case let .object(members):
            beginObject()
            for (key, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                self.key(key)
                json(member)
            }
            endObject()
        }
    }

    /// A value that is already canonical pretty text standing at nesting level `depth` (as a
    /// resource's attributes stand at level 3 of a state file): copied as it is, each line
    /// re-indented to the level it now stands at, or compacted for the compact layout. Canonical
    /// text has no line break inside a string, so every line break in it is structural.
    public mutating func raw(_ text: ArraySlice<UInt8>, standingAt depth: Int) {
        if layout == .compact {
            beforeValue()
            Self.compact(text, into: &bytes)
            return
        }
        let shift = self.depth - depth
        if shift >= 0 {
            beforeValue()
            Self.append(text, indentedBy: 2 * shift, into: &bytes)
        } else if let moved = Self.moved(text, from: depth, to: self.depth) {
            beforeValue()
            bytes.append(contentsOf: moved)
        } else {
            // Not laid out as the canonical writer lays it out: print it again from its tree.
            json((try? JSONParser.parse(Array(text))) ?? .null)
        }
    }

    /// `text` with `spaces` more indentation after each line break, appended to `out`.
    static func append(_ text: ArraySlice<UInt8>, indentedBy spaces: Int, into out: inout [UInt8]) {
        guard spaces > 0 else {
            out.append(contentsOf: text)
            return
        }
        out.reserveCapacity(out.count + text.count + text.count / 8)
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: UInt8(ascii: "\n")) {
            out.append(contentsOf: text[start...newline])
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: spaces))
            start = newline + 1
        }
        out.append(contentsOf: text[start...])
    }

    /// Pretty canonical text standing at level `from` moved to level `to`: every line after the
    /// first re-indented; nil when moving it up would take away indentation a line does not have
    /// (the text was not written so).
    public static func moved(_ text: ArraySlice<UInt8>, from: Int, to: Int) -> [UInt8]? {
        var out: [UInt8] = []
        if to >= from {
            append(text, indentedBy: 2 * (to - from), into: &out)
            return out
        }
        let remove = 2 * (from - to)
        out.reserveCapacity(text.count)
        var start = text.startIndex
        while let newline = text[start...].firstIndex(of: UInt8(ascii: "\n")) {
            out.append(contentsOf: text[start...newline])
            let next = newline + 1
            guard text.endIndex - next >= remove, text[next..<(next + remove)].allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
            start = next + remove
        }
        out.append(contentsOf: text[start...])
        return out
    }

    /// An element (or member value) already written by a writer made with this writer's `depth`
    /// and layout: appended as it is, with the separator it needs here.
    public mutating func prerendered(_ text: [UInt8]) {
        beforeValue()
        bytes.append(contentsOf: text)
    }

    /// `count` elements of the array being written, each rendered by `element` into a writer of its
    /// own at this depth, on all cores in runs of `runSize`, `batch` runs at a time; `emit` gets
    /// what is written after each batch. How a plan of any size is written in bounded memory.
    public mutating func elements<Failure: Error>(
        _ count: Int, runSize: Int = 64, batch: Int = 4, draining emit: (UnsafeRawBufferPointer) throws(Failure) -> Void,
        _ element: @escaping @Sendable (Int, inout JSONWriter) -> Void
    ) throws(Failure) {
        let depth = self.depth, layout = self.layout
        try Parallel.streamed(count, runSize: runSize, batch: batch, render: { range in
            range.map { i -> [UInt8] in
                var writer = JSONWriter(layout: layout, depth: depth)
                element(i, &writer)
                return writer.take()
            }
        }, write: { (rendered: [[UInt8]]) throws(Failure) in
            for text in rendered { self.prerendered(text) }
            try self.drain(into: emit)
        })
    }

    /// A line break after a compact document (one document per line, as JSON Lines and
    /// `terraform show -json` print them).
    public mutating func lineBreak() {
        precondition(open.isEmpty, "JSONWriter: the document has open containers")
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Ends a document of its own (pretty files end with a line break).
    public mutating func finishDocument() {
        precondition(open.isEmpty, "JSONWriter: the document has open containers")
        if layout == .pretty { bytes.append(UInt8(ascii: "\n")) }
    }

    // MARK: Output

    /// Hands what was written so far to `sink` and empties the buffer (keeping its capacity).
    public mutating func drain<Failure: Error>(into sink: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        guard !bytes.isEmpty else { return }
        let result = bytes.withUnsafeBytes { raw in Result { () throws(Failure) in try sink(raw) } }
        bytes.removeAll(keepingCapacity: true)
        try result.get()
    }

    /// Takes the written bytes out, leaving the buffer empty.
    public mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    // MARK: Text

    /// Strings go through the one escaper (`JSONEscaping`).
    private mutating func writeString(_ text: UnsafeBufferPointer<UInt8>) {
        JSONEscaping.appendQuoted(text, to: &bytes)
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A line break and the indentation of a nesting level.
    private mutating func newline(_ level: Int) {
        let spaces: StaticString = "\n                                                                "
        let wanted = 1 + 2 * level
        spaces.withUTF8Buffer { buffer in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<Swift.min(buffer.count, wanted)]))
        }
        if wanted > spaces.utf8CodeUnitCount {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: wanted - spaces.utf8CodeUnitCount))
        }
    }

    /// The compact form of pretty canonical text: line breaks and their indentation, and the space
    /// after each `:`, removed outside strings.
    public static func compact<Bytes: Collection>(_ text: Bytes, into out: inout [UInt8]) where Bytes.Element == UInt8 {
        var inString = false
        var escaped = false
        for byte in text {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            // A line break, its indentation, or the space after `:`.
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: " ") { continue }
            if byte == UInt8(ascii: "\"") { inString = true }
            out.append(byte)
        }
    }
}

extension JSON {
    /// Canonical pretty text of a document of its own, with its final line break.
    public func canonicalText() -> String {
        var writer = JSONWriter()
        writer.json(self)
        writer.finishDocument()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The canonical text as it stands nested `indent` levels deep in a larger document (no
    /// final line break).
    public func canonicalText(indent: Int) -> String {
        String(decoding: canonicalBytes(indent: indent), as: UTF8.self)
    }

    /// The same as bytes.
    public func canonicalBytes(indent: Int = 0) -> [UInt8] {
        var writer = JSONWriter(depth: indent)
        writer.json(self)
        return writer.bytes
    }

    /// The compact canonical form (for hashing, audit lines, renders on one line).
    public func compactText() -> String {
        String(decoding: compactBytes(), as: UTF8.self)
    }

    public func compactBytes() -> [UInt8] {
        var writer = JSONWriter(layout: .compact)
        writer.json(self)
        return writer.bytes
    }
}

extension JSONWriter {
    /// A member whose value is a string; left out when there is none (Tenancy's documents never
    /// write `null` for a missing value).
    public mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    /// A member whose value is an integer; left out when there is none.
    public mutating func member(_ key: String, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        int(value)
    }
}
