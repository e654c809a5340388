import CYAML
import TenancyDiagnostics

/// Builds documents from libyaml events: resolves scalar types, expands aliases (by sharing nodes,
/// within a budget), applies merge keys, and reports duplicate keys, bad tags and excessive nesting.
/// It is not recursive: depth lives in `open`, so no input can overflow the stack.
struct Composer {
    let source: SourceFile
    let options: LoadOptions
    private(set) var diagnostics: [Diagnostic] = []
    /// Set when the rest of the file cannot be read sensibly (nesting or alias budget exceeded).
    private(set) var stopped = false

    private struct OpenCollection {
        var node: Int32
        var scratchStart: Int
        var anchor: String?
    }

    // The document under construction.
    private var records: [NodeRecord] = []
    private var children: [Int32] = []
    private var text: [UInt8] = []
    private var tags: [Int32: String] = [:]
    private var expandedSizes: [Int] = []
    private var scratch: [Int32] = []
    private var open: [OpenCollection] = []
    private var anchors: [String: Int32] = [:]
    private var aliasExpansion = 0
    /// Nodes standing in for unresolved aliases: already reported, so merges skip them quietly.
    private var placeholders: Set<Int32> = []
    private var documentFailed = false
    private var root: Int32 = -1
    private var documentStart = Mark(line: 1, column: 1)
    private var documentIndex = 0

    /// The input bytes, valid while libyaml parses them; used by the strictness checks only.
    private var offsets: CharacterOffsets
    /// Whether the previous document of the stream ended without `...`.
    private var previousEndImplicit: Bool?

    init(source: SourceFile, input: UnsafeBufferPointer<UInt8>, options: LoadOptions) {
        self.source = source
        self.options = options
        self.offsets = CharacterOffsets(input)
    }

    /// Consumes one event; returns a document when the event completes a valid one.
    mutating func handle(_ event: UnsafePointer<yaml_event_t>) -> YAMLDocument? {
        let e = event.pointee
        switch e.type {
        case YAML_SCALAR_EVENT:
            scalar(e)
        case YAML_SEQUENCE_START_EVENT:
            startCollection(e, kind: .sequence)
        case YAML_MAPPING_START_EVENT:
            startCollection(e, kind: .mapping)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            endCollection(e)
        case YAML_ALIAS_EVENT:
            alias(e)
        case YAML_DOCUMENT_START_EVENT:
            beginDocument(at: mark(e.start_mark))
            checkDirectivePlacement(e)
        case YAML_DOCUMENT_END_EVENT:
            previousEndImplicit = e.data.document_end.implicit != 0
            return finishDocument()
        default:
            break
        }
        return nil
    }

    // MARK: Documents

    private mutating func beginDocument(at start: Mark) {
        // The working arrays keep their capacity from one document to the next (they stay warm in
        // the cache); each finished document gets exact-size copies, so no memory is wasted.
        records.removeAll(keepingCapacity: true)
        children.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        tags = [:]
        expandedSizes.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        anchors.removeAll(keepingCapacity: true)
        aliasExpansion = 0
        placeholders.removeAll()
        documentFailed = false
        root = -1
        documentStart = start
    }

    private mutating func finishDocument() -> YAMLDocument? {
        defer { documentIndex += 1 }
        guard !documentFailed, !stopped, root >= 0 else { return nil }
        let storage = DocumentStorage(source: source, records: records.exactCopy(), children: children.exactCopy(),
                                      text: text.exactCopy(), tags: tags)
        return YAMLDocument(storage: storage, root: root, index: documentIndex, start: documentStart)
    }

    // MARK: Nodes

    private mutating func scalar(_ e: yaml_event_t) {
        let s = e.data.scalar
        let bytes = UnsafeBufferPointer(start: s.value, count: s.length)
        let style: Node.Style
        switch s.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let start = mark(e.start_mark), end = mark(e.end_mark)
        var type: Node.ScalarType = .string
        var tag: String?
        if let rawTag = s.tag {
            tag = String(cString: rawTag)
            type = scalarType(forTag: tag!, bytes: bytes, start: start, end: end)
        } else if style == .plain {
            type = CoreSchema.resolve(bytes)
        }
        guard text.count + bytes.count < Int(UInt32.max) else {
            fail(.yamlTooLarge, "the document is larger than 4 GiB", at: start, end)
            stopped = true
            return
        }
        let offset = UInt32(text.count)
        if let base = bytes.baseAddress { text.append(contentsOf: UnsafeBufferPointer(start: base, count: bytes.count)) }
        let index = append(NodeRecord(
            kind: .scalar, scalarType: type, style: style,
            startLine: UInt32(start.line), startColumn: UInt32(start.column),
            endLine: UInt32(end.line), endColumn: UInt32(end.column),
            payloadStart: offset, payloadCount: UInt32(bytes.count)), size: 1)
        if let tag { tags[index] = tag }
        if let anchor = s.anchor { anchors[String(cString: anchor)] = index }
        checkScalarSyntax(e, style: style, bytes: bytes, start: start, end: end)
        attach(index)
    }

    private mutating func startCollection(_ e: yaml_event_t, kind: Node.Kind) {
        let start = mark(e.start_mark)
        guard open.count < options.maxDepth else {
            fail(.yamlTooDeep, "collections are nested more than \(options.maxDepth) levels deep",
                 detail: "Tenancy refuses deeper nesting so that no document can exhaust the stack of the tools that read it.",
                 hint: "flatten the structure; no manifest needs this depth", at: start, start)
            stopped = true
            return
        }
        let rawTag = kind == .sequence ? e.data.sequence_start.tag : e.data.mapping_start.tag
        let rawAnchor = kind == .sequence ? e.data.sequence_start.anchor : e.data.mapping_start.anchor
        let flow = kind == .sequence
            ? e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
            : e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
        let tag = rawTag.map { String(cString: $0) }
        if let tag { checkCollectionTag(tag, kind: kind, at: start) }
        let index = append(NodeRecord(
            kind: kind, scalarType: .string, style: flow ? .flow : .block,
            startLine: UInt32(start.line), startColumn: UInt32(start.column),
            endLine: UInt32(start.line), endColumn: UInt32(start.column),
            payloadStart: 0, payloadCount: 0), size: 1)
        if let tag { tags[index] = tag }
        open.append(OpenCollection(node: index, scratchStart: scratch.count,
                                   anchor: rawAnchor.map { String(cString: $0) }))
    }

    private mutating func endCollection(_ e: yaml_event_t) {
        guard let collection = open.popLast() else { return }
        let index = Int(collection.node)
        let first = collection.scratchStart
        if records[index].kind == .mapping, let merged = finishMapping(from: first) {
            scratch.removeSubrange(first...)
            scratch.append(contentsOf: merged)
        }
        var size = 1
        for i in first..<scratch.count { size = size &+ expandedSizes[Int(scratch[i])] }
        expandedSizes[index] = size
        let end = mark(e.end_mark)
        records[index].endLine = UInt32(end.line)
        records[index].endColumn = UInt32(end.column)
        records[index].payloadStart = UInt32(children.count)
        records[index].payloadCount = UInt32(scratch.count - first)
        children.append(contentsOf: scratch[first...])
        scratch.removeSubrange(first...)
        if records[index].style == .flow { checkFlowCollectionEnd(e, start: Mark(line: Int(records[index].startLine), column: Int(records[index].startColumn)), end: end) }
        if let anchor = collection.anchor { anchors[anchor] = collection.node }
        attach(collection.node)
    }

    private mutating func alias(_ e: yaml_event_t) {
        let name = e.data.alias.anchor.map { String(cString: $0) } ?? ""
        let start = mark(e.start_mark), end = mark(e.end_mark)
        if let target = anchors[name] {
            aliasExpansion = aliasExpansion &+ expandedSizes[Int(target)]
            if aliasExpansion > options.maxAliasExpansion {
                fail(.yamlAliasBudget, "aliases expand this document beyond \(options.maxAliasExpansion) nodes",
                     detail: "Each use of an alias copies its anchor's whole value; nested aliases multiply (the \"billion laughs\" attack). The expansion is refused before it is built.",
                     hint: "use fewer nested aliases, or write the values out", at: start, end)
                stopped = true
                return
            }
            attach(target)
            return
        }
        if open.contains(where: { $0.anchor == name }) {
            fail(.yamlRecursiveAlias, "alias `*\(name)` refers to a value that contains it",
                 detail: "Recursive structures cannot be represented in a manifest.", at: start, end)
        } else {
            let known = Suggestion.closest(to: name, in: anchors.keys)
            fail(.yamlUndefinedAlias, "alias `*\(name)` has no anchor `&\(name)` before it",
                 detail: "An alias can only refer to an anchor defined earlier in the same document.",
                 hint: known.map { "did you mean `*\($0)`?" }, at: start, end)
        }
        // A null placeholder keeps the surrounding mapping's key/value pairing intact.
        let placeholder = append(NodeRecord(
            kind: .scalar, scalarType: .null, style: .plain,
            startLine: UInt32(start.line), startColumn: UInt32(start.column),
            endLine: UInt32(end.line), endColumn: UInt32(end.column),
            payloadStart: UInt32(text.count), payloadCount: 0), size: 1)
        placeholders.insert(placeholder)
        attach(placeholder)
    }

    @inline(__always)
    private mutating func append(_ record: NodeRecord, size: Int) -> Int32 {
        records.append(record)
        expandedSizes.append(size)
        return Int32(records.count - 1)
    }

    @inline(__always)
    private mutating func attach(_ index: Int32) {
        if open.isEmpty { root = index } else { scratch.append(index) }
    }

    // MARK: Mappings: duplicates and merge keys

    private func isMergeKey(_ index: Int32) -> Bool {
        let r = records[Int(index)]
        guard r.kind == .scalar, r.style == .plain, r.payloadCount == 2 else { return false }
        if let tag = tags[index], tag != CoreSchema.mergeTag { return false }
        let start = Int(r.payloadStart)
        return text[start] == UInt8(ascii: "<") && text[start + 1] == UInt8(ascii: "<")
    }

    private func keysEqual(_ a: Int32, _ b: Int32) -> Bool {
        let ra = records[Int(a)], rb = records[Int(b)]
        guard ra.kind == .scalar, rb.kind == .scalar, ra.scalarType == rb.scalarType else { return false }
        switch ra.scalarType {
        case .null: return true
        case .bool: return (text[Int(ra.payloadStart)] | 0x20) == (text[Int(rb.payloadStart)] | 0x20)
        default:
            guard ra.payloadCount == rb.payloadCount else { return false }
            let sa = Int(ra.payloadStart), sb = Int(rb.payloadStart)
            for i in 0..<Int(ra.payloadCount) where text[sa + i] != text[sb + i] { return false }
            return true
        }
    }

    /// A hash consistent with `keysEqual`, for mappings too large to compare pairwise.
    private func keyHash(_ index: Int32) -> Int? {
        let r = records[Int(index)]
        guard r.kind == .scalar else { return nil }
        var hasher = Hasher()
        hasher.combine(r.scalarType)
        switch r.scalarType {
        case .null: break
        case .bool: hasher.combine(text[Int(r.payloadStart)] | 0x20)
        default:
            text.withUnsafeBytes { raw in
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[Int(r.payloadStart)..<Int(r.payloadStart + r.payloadCount)]))
            }
        }
        return hasher.finalize()
    }

    /// Reports duplicate keys of the mapping whose members (key, value, key, value, …) stand in
    /// `scratch[first...]`, and applies merge keys. Returns the new members when a merge changed
    /// them, nil otherwise (the common case, which allocates nothing).
    private mutating func finishMapping(from first: Int) -> [Int32]? {
        let pairCount = (scratch.count - first) / 2
        var hasMerge = false
        if pairCount <= 16 {
            for p in 0..<pairCount {
                let key = scratch[first + 2 * p]
                if options.mergeKeys && isMergeKey(key) { hasMerge = true; continue }
                for q in 0..<p {
                    let other = scratch[first + 2 * q]
                    if keysEqual(key, other) && !(options.mergeKeys && isMergeKey(other)) {
                        reportDuplicate(key, first: other)
                        break
                    }
                }
            }
        } else {
            var seen: [Int: [Int32]] = [:]
            seen.reserveCapacity(pairCount)
            for p in 0..<pairCount {
                let key = scratch[first + 2 * p]
                if options.mergeKeys && isMergeKey(key) { hasMerge = true; continue }
                guard let hash = keyHash(key) else { continue }
                if let earlier = seen[hash]?.first(where: { keysEqual($0, key) }) {
                    reportDuplicate(key, first: earlier)
                } else {
                    seen[hash, default: []].append(key)
                }
            }
        }
        guard hasMerge else { return nil }
        let members = Array(scratch[first...])
        return merge(members)
    }

    private mutating func merge(_ members: [Int32]) -> [Int32] {
        let pairCount = members.count / 2
        var ownKeys: [Int32] = []
        for p in 0..<pairCount where !isMergeKey(members[2 * p]) { ownKeys.append(members[2 * p]) }

        // Keys written in the mapping win over merged ones; among merged mappings, earlier wins.
        var present = ownKeys
        var result: [Int32] = []
        result.reserveCapacity(members.count)
        for p in 0..<pairCount {
            let key = members[2 * p], value = members[2 * p + 1]
            guard isMergeKey(key) else { result.append(key); result.append(value); continue }
            let sources: [Int32]
            switch records[Int(value)].kind {
            case .mapping: sources = [value]
            case .sequence:
                let r = records[Int(value)]
                sources = Array(children[Int(r.payloadStart)..<Int(r.payloadStart + r.payloadCount)])
            case .scalar: sources = [value]
            }
            for sourceIndex in sources where !placeholders.contains(sourceIndex) {
                let r = records[Int(sourceIndex)]
                guard r.kind == .mapping else {
                    let at = Mark(line: Int(r.startLine), column: Int(r.startColumn))
                    fail(.yamlMerge, "a merge key `<<` needs a mapping or a list of mappings",
                         detail: "`<<: *defaults` copies the keys of the mapping anchored as `defaults` into this one.",
                         hint: "anchor a mapping (`defaults: &defaults {…}`) and merge that", at: at,
                         Mark(line: Int(r.endLine), column: Int(r.endColumn)))
                    continue
                }
                let base = Int(r.payloadStart)
                for q in 0..<Int(r.payloadCount) / 2 {
                    let mergedKey = children[base + 2 * q]
                    if present.contains(where: { keysEqual($0, mergedKey) }) { continue }
                    present.append(mergedKey)
                    result.append(mergedKey)
                    result.append(children[base + 2 * q + 1])
                }
            }
        }
        return result
    }

    private mutating func reportDuplicate(_ key: Int32, first: Int32) {
        let r = records[Int(key)], f = records[Int(first)]
        let name = text.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(r.payloadStart)..<Int(r.payloadStart + r.payloadCount)]), as: UTF8.self)
        }
        fail(.yamlDuplicateKey, "duplicate key `\(name)`",
             detail: "`\(name)` is first set at line \(f.startLine), column \(f.startColumn). Keys in a mapping must be unique; other tools silently keep one of the values, so one of these settings would be lost.",
             hint: "remove one of the two, or merge their values",
             at: Mark(line: Int(r.startLine), column: Int(r.startColumn)),
             Mark(line: Int(r.endLine), column: Int(r.endColumn)))
    }

    // MARK: What libyaml 0.2.5 lets through

    /// `%YAML` / `%TAG` directives may only follow a document that ended with `...`.
    private mutating func checkDirectivePlacement(_ e: yaml_event_t) {
        let d = e.data.document_start
        let hasDirectives = d.version_directive != nil || d.tag_directives.start != d.tag_directives.end
        guard hasDirectives, previousEndImplicit == true else { return }
        let at = mark(e.start_mark)
        fail(.yamlSyntax, "YAML syntax error: a directive follows a document that was not ended with `...`",
             detail: "Directives (%YAML, %TAG) belong to the next document; the previous one must be closed with `...` first.",
             hint: "add a line `...` before the directive", at: at, at)
    }

    private mutating func checkScalarSyntax(_ e: yaml_event_t, style: Node.Style, bytes: UnsafeBufferPointer<UInt8>,
                                            start: Mark, end: Mark) {
        switch style {
        case .singleQuoted, .doubleQuoted:
            if offsets.byte(atCharacter: Int(e.end_mark.index)) == UInt8(ascii: "#") {
                commentWithoutSpace(at: end)
            }
            if end.line > start.line { checkContinuationIndent(from: start, to: end) }
        case .literal, .folded:
            // The header: indicator, then indentation and chomping indicators, then space or break.
            // With an anchor or tag the start mark is at those, not at the indicator: not checked.
            guard e.data.scalar.tag == nil, e.data.scalar.anchor == nil else { return }
            var i = offsets.byteOffset(ofCharacter: Int(e.start_mark.index)) + 1
            while i < offsets.input.count, offsets.input[i] == UInt8(ascii: "+") || offsets.input[i] == UInt8(ascii: "-")
                    || (offsets.input[i] >= 0x31 && offsets.input[i] <= 0x39) { i += 1 }
            if i < offsets.input.count, offsets.input[i] == UInt8(ascii: "#") {
                let source = self.source
                let location = source.location(ofByte: i)
                commentWithoutSpace(at: Mark(line: location.line, column: location.column))
            }
        case .plain:
            // `-` alone can only be reached inside a flow collection, where it is not a valid value.
            if bytes.count == 1, bytes[0] == UInt8(ascii: "-"), let parent = open.last,
               records[Int(parent.node)].style == .flow {
                fail(.yamlSyntax, "YAML syntax error: `-` cannot stand alone as a value in a flow collection",
                     hint: "quote it: \"-\"", at: start, end)
            }
        default:
            break
        }
    }

    private mutating func checkFlowCollectionEnd(_ e: yaml_event_t, start: Mark, end: Mark) {
        if offsets.byte(atCharacter: Int(e.end_mark.index)) == UInt8(ascii: "#") {
            commentWithoutSpace(at: end)
        }
        if end.line > start.line { checkContinuationIndent(from: start, to: end) }
    }

    private mutating func commentWithoutSpace(at position: Mark) {
        fail(.yamlSyntax, "YAML syntax error: a comment needs a space before `#`",
             detail: "Without a space, `#` would be part of the value in other places, so YAML forbids it here.",
             hint: "put a space before `#`", at: position, position)
    }

    /// A flow collection or quoted scalar that spans lines inside a block collection must indent its
    /// continuation lines deeper than that collection (with spaces: tabs are not indentation).
    private mutating func checkContinuationIndent(from start: Mark, to end: Mark) {
        guard let parent = open.last, records[Int(parent.node)].style == .block else { return }
        let indent = Int(records[Int(parent.node)].startColumn) - 1
        let lineStarts = source.lineStartOffsets()
        let input = offsets.input
        for line in (start.line + 1)...end.line where line - 1 < lineStarts.count {
            var i = lineStarts[line - 1]
            var spaces = 0
            while i < input.count, input[i] == UInt8(ascii: " ") { i += 1; spaces += 1 }
            var j = i
            while j < input.count, input[j] == UInt8(ascii: " ") || input[j] == UInt8(ascii: "\t") { j += 1 }
            let blank = j >= input.count || input[j] == UInt8(ascii: "\n") || input[j] == UInt8(ascii: "\r")
            if !blank && spaces <= indent {
                let at = Mark(line: line, column: spaces + 1)
                fail(.yamlSyntax, "YAML syntax error: this continuation line must be indented more than its parent",
                     detail: "A value that spans several lines inside a block mapping or list must indent every following line deeper than the key (or `-`) it belongs to, with spaces; tabs do not count as indentation.",
                     hint: "indent this line by at least \(indent + 1) spaces", at: at, at)
                return
            }
        }
    }

    // MARK: Tags

    private static let scalarTags: [String: Node.ScalarType] = [
        CoreSchema.strTag: .string, CoreSchema.intTag: .int, CoreSchema.floatTag: .float,
        CoreSchema.boolTag: .bool, CoreSchema.nullTag: .null, "!": .string,
    ]

    private mutating func scalarType(forTag tag: String, bytes: UnsafeBufferPointer<UInt8>, start: Mark, end: Mark) -> Node.ScalarType {
        if let type = Self.scalarTags[tag] {
            if !CoreSchema.accepts(type, bytes) {
                let value = String(decoding: bytes, as: UTF8.self)
                fail(.yamlTagMismatch, "`\(value)` is not a valid \(Self.shortName(tag))",
                     hint: "remove the tag, or write a value of that type", at: start, end)
            }
            return type
        }
        if tag == CoreSchema.mergeTag { return .string }
        if tag == CoreSchema.mapTag || tag == CoreSchema.seqTag {
            fail(.yamlTagMismatch, "\(Self.shortName(tag)) is a collection tag but tags a scalar", at: start, end)
            return .string
        }
        unknownTag(tag, at: start, end)
        return .string
    }

    private mutating func checkCollectionTag(_ tag: String, kind: Node.Kind, at start: Mark) {
        let expected = kind == .sequence ? CoreSchema.seqTag : CoreSchema.mapTag
        if tag == expected || tag == "!" { return }
        if tag == CoreSchema.mapTag || tag == CoreSchema.seqTag || Self.scalarTags[tag] != nil {
            fail(.yamlTagMismatch, "\(Self.shortName(tag)) cannot tag a \(kind == .sequence ? "sequence" : "mapping")",
                 at: start, start)
            return
        }
        unknownTag(tag, at: start, start)
    }

    private mutating func unknownTag(_ tag: String, at start: Mark, _ end: Mark) {
        guard options.unknownTags == .error else { return }
        fail(.yamlUnknownTag, "unknown tag `\(Self.shortName(tag))`",
             detail: "Manifests use the YAML 1.2 core schema: !!str, !!int, !!float, !!bool, !!null, !!map and !!seq.",
             hint: "remove the tag; quote the value if it should be a string", at: start, end)
    }

    private static func shortName(_ tag: String) -> String {
        tag.hasPrefix(CoreSchema.tagPrefix) ? "!!" + tag.dropFirst(CoreSchema.tagPrefix.count) : tag
    }

    // MARK: Reporting

    @inline(__always)
    private func mark(_ m: yaml_mark_t) -> Mark { Mark(line: Int(m.line) + 1, column: Int(m.column) + 1) }

    private mutating func fail(_ code: Diagnostic.Code, _ summary: String, detail: String = "", hint: String? = nil,
                               at start: Mark, _ end: Mark) {
        documentFailed = true
        diagnostics.append(.error(code, summary, detail: detail, hint: hint, range: SourceRange(
            filename: source.path,
            start: source.location(line: start.line, column: start.column),
            end: source.location(line: end.line, column: end.column))))
    }
}

extension Array where Element: BitwiseCopyable {
    /// A copy whose capacity is its count, made with one allocation and one memcpy. (Assigning an
    /// array shares its buffer, capacity and all; the working buffers would then be copied on the
    /// next write instead.)
    func exactCopy() -> [Element] {
        withUnsafeBufferPointer { source in
            [Element](unsafeUninitializedCapacity: source.count) { target, count in
                if let from = source.baseAddress, let to = target.baseAddress {
                    to.initialize(from: from, count: source.count)
                }
                count = source.count
            }
        }
    }
}
