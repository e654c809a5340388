import Dispatch
import Synchronization

/// Canonical JSON documents too large to hold whole (plans and plan files over thousands of
/// resources), written piece by piece: the document is rendered once with a marker standing for
/// its long array, each element is rendered on its own (on all cores, in runs) and a resource's
/// attributes are spliced into an element as the canonical text they are already held as, instead
/// of being parsed into trees to be printed again. The output is byte for byte the canonical text
/// of the whole tree.
enum SplicedText {
    /// Writes `document`, whose array holding the one string `marker` stands for `count` elements
    /// each rendered by `element` (nested two levels deep), to `write`. False (nothing written) when
    /// the marker is not found, e.g. for an empty array.
    static func write(_ document: JSON, marker: String, count: Int, runSize: Int, batch: Int,
                      element: @escaping @Sendable (Int) -> String, to write: (String) -> Void) -> Bool {
        let text = document.canonicalText()
        guard count > 0, let slot = text.range(of: JSON.string(marker).compactText()) else { return false }
        write(String(text[..<slot.lowerBound]))
        inRuns(count, runSize: runSize, batch: batch, write: write) { index, out in
            if index > 0 { out += ",\n    " }
            out += element(index)
        }
        write(String(text[slot.upperBound...]))
        return true
    }

    /// The attributes of one change's resources as they go into its tree: a marker where a
    /// resource holds its canonical text (spliced in by `render`), the tree otherwise.
    struct Splices {
        private(set) var texts: [(marker: String, text: ArraySlice<UInt8>)] = []

        mutating func attributes(of resource: Resource, after: Bool) -> JSON {
            guard let text = resource.storedAttributes?.text else { return resource.attributes }
            let marker = after ? "\u{0}tenancy-after" : "\u{0}tenancy-before"
            texts.append((marker, text))
            return .string(marker)
        }

        /// An element of a document's long array (two levels deep) whose attributes stand four deep.
        func render(_ tree: JSON) -> String { SplicedText.render(tree, indent: 2, splicing: texts, depth: 4) }
    }

    /// `tree` rendered at `indent`, each marker string in it replaced by its text reindented from
    /// the state's depth (`StoredAttributes.indent`) to `depth`.
    static func render(_ tree: JSON, indent: Int, splicing: [(marker: String, text: ArraySlice<UInt8>)], depth: Int) -> String {
        var text = tree.canonicalText(indent: indent)
        for (marker, stored) in splicing {
            guard let range = text.range(of: JSON.string(marker).compactText()) else { continue }
            text.replaceSubrange(range, with: reindented(stored, to: depth))
        }
        return text
    }

    /// Attributes text as the state holds it (nested `StoredAttributes.indent` levels deep) moved
    /// to `depth`. Canonical text has no line break inside a string, so every one is structural.
    static func reindented(_ text: ArraySlice<UInt8>, to depth: Int) -> String {
        let extra = 2 * Swift.max(0, depth - StoredAttributes.indent) // spaces per line break
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count + text.count / 8)
        for byte in text {
            bytes.append(byte)
            if byte == UInt8(ascii: "\n") { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: extra)) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The reverse: text nested `depth` levels deep moved back to the state's depth; nil when a
    /// line does not carry the indentation that takes away (the text was not written so).
    static func dedented(_ text: ArraySlice<UInt8>, from depth: Int) -> [UInt8]? {
        let extra = 2 * Swift.max(0, depth - StoredAttributes.indent)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            bytes.append(byte)
            i += 1
            if byte == UInt8(ascii: "\n") {
                guard text.endIndex - i >= extra, text[i..<(i + extra)].allSatisfy({ $0 == UInt8(ascii: " ") }) else { return nil }
                i += extra
            }
        }
        return bytes
    }

    /// Renders items `0..<count` on all cores, `batch` runs of `runSize` at a time, and writes
    /// each batch out in order before rendering the next: output of any length in bounded memory.
    static func inRuns(_ count: Int, runSize: Int, batch: Int, write: (String) -> Void,
                       render: @Sendable (_ index: Int, _ out: inout String) -> Void) {
        var start = 0
        while start < count {
            let end = Swift.min(count, start + runSize * batch)
            let runs = (end - start + runSize - 1) / runSize
            let parts = Mutex<[Int: String]>([:])
            let first = start
            DispatchQueue.concurrentPerform(iterations: runs) { run in
                var out = ""
                for index in (first + run * runSize)..<Swift.min(end, first + (run + 1) * runSize) { render(index, &out) }
                parts.withLock { $0[run] = out }
            }
            let rendered = parts.withLock { $0 }
            for run in 0..<runs { write(rendered[run] ?? "") }
            start = end
        }
    }
}
