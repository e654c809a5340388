import Foundation
import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancySchema
import TenancySupport
import TenancyYAML
import TenancyJSON

/// Reads the platform's usage export: JSON Lines of daily records (docs/usage-format.md), one file
/// or a folder of `*.jsonl` files read in name order, streamed a block at a time so that memory
/// does not grow with the number of records. Each good record is handed on as it is read; each
/// bad one gets a diagnostic as precise as a manifest's (file:line:column, the field's path, why,
/// a hint), worked out only for the lines that have problems.
package struct UsageReader: Sendable {
    /// The workspaces the state holds: a record of any other is reported and skipped.
    package let workspaces: Set<String>?
    /// The largest line read (a record is a few hundred bytes).
    package static let maximumLine = 1 << 20
    /// How much of a file is read at once.
    static let block = 4 << 20

    /// When set, this reader handles only the workspaces of one share of the usage (`read(_:shares:…)`).
    var share: Share?
    /// When set, only these workspaces' records are read: the others' lines are passed over
    /// without being decoded or checked (`plan --usage` needs the workspaces a plan changes).
    package var only: Set<String>?
    /// Previous names of applied workspaces, by previous name (`WorkspaceAliases`): a record under
    /// one is the renamed workspace's.
    package var aliases: [String: String] = [:]

    /// One of `count` shares of the workspaces, by a hash of the name: each share's records are
    /// all read by one reader, so that the per-workspace checks (date order) stay whole.
    struct Share: Sendable {
        let index: Int
        let count: Int

        func owns(_ name: some Collection<UInt8>) -> Bool { Self.hash(name) % UInt64(count) == UInt64(index) }

        /// FNV-1a: the same share for a name on every run.
        static func hash(_ name: some Collection<UInt8>) -> UInt64 {
            var h: UInt64 = 0xcbf29ce484222325
            for byte in name { h = (h ^ UInt64(byte)) &* 0x100000001b3 }
            return h
        }

        /// Whether this share reports what belongs to no workspace (a line that is not a record).
        var reportsUnowned: Bool { index == 0 }
    }

    package init(workspaces: Set<String>?) { self.workspaces = workspaces }

    /// Reads `path` on `shares` cores at once, each reading the whole text but handling only the
    /// records of its share of the workspaces (found without decoding the others) into its own
    /// `Sink`; the results are merged as one reader's would be. Lines whose workspace cannot be
    /// told at a glance are decoded by every share and kept by their owner.
    package func read<Sink: Sendable>(_ path: String, shares count: Int, sink make: @escaping @Sendable () -> Sink,
                                     add: @escaping @Sendable (inout Sink, UsageRecord) -> Void) -> (Result, [Sink]) {
        let count = max(1, count)
        // One share an item: every share's result comes back, whatever the number of cores.
        let parts = Parallel.map(count) { index -> (Result, Sink) in
            var reader = self
            reader.share = count > 1 ? Share(index: index, count: count) : nil
            var sink = make()
            let result = reader.read(path) { add(&sink, $0) }
            return (result, sink)
        }
        var merged = Result()
        var sinks: [Sink] = []
        for (result, sink) in parts {
            sinks.append(sink)
            merged.diagnostics.append(contentsOf: result.diagnostics)
            merged.sources.merge(result.sources) { first, _ in first }
            merged.records += result.records
            merged.skipped += result.skipped
            merged.files = max(merged.files, result.files)
            merged.firstDay = [merged.firstDay, result.firstDay].compactMap { $0 }.min()
            merged.lastDay = [merged.lastDay, result.lastDay].compactMap { $0 }.max()
        }
        merged.diagnostics = merged.diagnostics.sorted()
        return (merged, sinks)
    }

    package struct Result: Sendable {
        package var diagnostics = Diagnostics()
        /// The files with problems, to quote their lines (their bytes are read again for it).
        package var sources: [String: SourceFile] = [:]
        package var records = 0
        package var files = 0
        /// Records of workspaces the state does not hold, skipped.
        package var skipped = 0
        /// The first and last day of the records read.
        package var firstDay: Day?
        package var lastDay: Day?
    }

    /// Reads `path`, handing each good record to `sink` in file order.
    package func read(_ path: String, _ sink: (UsageRecord) -> Void) -> Result {
        var result = Result()
        let reports = share?.reportsUnowned ?? true
        let files: [String]
        do { files = try Self.files(at: path) } catch {
            if reports { result.diagnostics.append(error.diagnostic) }
            return result
        }
        // What looks like usage but is not read (hidden, `.JSONL`, `.jsonl.gz`, a subfolder) is
        // named: records left out are usage left unbilled.
        let leftOut = reports ? Self.leftOut(at: path) : []
        if files.isEmpty {
            guard reports else { return result }
            result.diagnostics.append(.error(.usageEmpty, "no usage records in \(path)",
                                             detail: "A usage folder holds *.jsonl files of daily records, read in name order; subfolders, hidden files and other names are not read"
                                                + (leftOut.isEmpty ? "." : ": \(leftOut.prefix(5).map(Terminal.escaped).joined(separator: ", "))\(leftOut.count > 5 ? ", …" : "") here."),
                                             hint: "point --usage at the platform's export (docs/usage-format.md)"))
            return result
        }
        for name in leftOut {
            result.diagnostics.append(.warning(.usageLeftOut, "\(Terminal.escaped(Paths.join(path, name))) is not read: only *.jsonl files directly in \(Terminal.escaped(path)) are",
                                               detail: "Its records, if it holds any, are missing from every answer.",
                                               hint: "rename or move it (decompressed) to a *.jsonl file in \(Terminal.escaped(path)), or remove it"))
        }
        var state = Progress()
        for file in files {
            result.files += 1
            state.files.append(file)
            readFile(file, into: &result, state: &state, sink)
        }
        result.firstDay = state.first
        result.lastDay = state.last
        for (_, seen) in state.unknown {
            var warning = seen.diagnostic
            warning.detail = seen.records == 1 ? "Its record is skipped." : "Its \(seen.records) records are skipped (the first is here)."
            result.diagnostics.append(warning)
            if let file = warning.range?.filename, result.sources[file] == nil,
               let source = try? SourceFile(reading: file, limit: 1 << 30) {
                source.releaseBytes()
                result.sources[file] = source
            }
        }
        result.diagnostics = result.diagnostics.sorted()
        return result
    }

    /// The index of the next line break at or after `start` (memchr: a block holds ten thousand lines).
    static func newline(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let end = min(end, buffer.count)
        guard start < end, let base = buffer.baseAddress, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// What reading remembers across lines and files: each workspace's last day (records of a
    /// workspace come in date order), and the first and last day seen.
    struct Progress {
        /// By the file's place in `files` (no path string copied per record).
        var lastDay: [String: (day: Day, file: Int, line: Int)] = [:]
        var files: [String] = []
        /// Workspaces the state does not hold: the warning for the first record, and how many.
        var unknown: [String: (diagnostic: Diagnostic, records: Int)] = [:]
        var first: Day?
        var last: Day?
    }

    /// The usage files at `path`: itself, or the `*.jsonl` files of a folder in name order.
    /// Names in the usage folder that look like usage but are not read: `.jsonl` in any letter
    /// case or with more after it, `.ndjson` and `.json`, hidden ones, and subfolders holding such files.
    static func leftOut(at path: String) -> [String] {
        guard FileIO.isFolder(path), let names = try? FileIO.names(in: path) else { return [] }
        func looksLikeUsage(_ name: String) -> Bool {
            let lower = name.lowercased()
            return lower.contains(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json")
        }
        return names.sorted().filter { name in
            if name.hasSuffix(".jsonl") && !name.hasPrefix(".") { return false }
            if looksLikeUsage(name) { return true }
            let sub = Paths.join(path, name)
            return FileIO.isFolder(sub) && ((try? FileIO.names(in: sub))?.contains(where: looksLikeUsage) ?? false)
        }
    }

    static func files(at path: String) throws(FileError) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .lastError(path, .open) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        return try FileIO.names(in: path).filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted().map { Paths.join(path, $0) }
    }

    private func readFile(_ path: String, into result: inout Result, state: inout Progress, _ sink: (UsageRecord) -> Void) {
        let reports = share?.reportsUnowned ?? true
        let fd: Int32, size: Int
        do {
            guard let opened = try FileIO.openRegular(path) else {
                if reports { result.diagnostics.append(FileError(path: path, operation: .read, reason: .errno(ENOENT)).diagnostic) }
                return
            }
            fd = opened.fd
            size = max(0, Int(opened.size))
        } catch {
            if reports { result.diagnostics.append(error.diagnostic) }
            return
        }
        defer { close(fd) }
        // One buffer for the whole file: a block is read in after what is left of the last line. A
        // file smaller than a block gets a buffer of its size (and one byte to see its end), grown
        // to the full size only if the file grows while it is read.
        let full = Self.block + Self.maximumLine + 1
        var buffer = [UInt8](repeating: 0, count: size < Self.block ? size + 1 : full)
        var filled = 0      // bytes of buffer in use
        var offset = 0      // where the next read starts in the file
        var lineNumber = 0
        var lineStart = 0   // the file offset of buffer[0]
        var problems = Diagnostics()
        while true {
            if filled == buffer.count, buffer.count < full { buffer.append(contentsOf: repeatElement(0, count: full - buffer.count)) }
            let room = min(Self.block, buffer.count - filled)
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBufferPointer { (all) throws(FileError) -> Int in
                    try FileIO.read(fd, into: UnsafeMutableBufferPointer(rebasing: all[filled..<(filled + room)]), at: offset, path: path)
                }
            } catch {
                if reports { result.diagnostics.append(error.diagnostic) }
                return
            }
            if offset == 0 {
                // The file's encoding, named when it is not the UTF-8 JSON Lines asks for (rather
                // than every line reported as "not a JSON record").
                switch buffer.withUnsafeBufferPointer({ Self.encoding(UnsafeBufferPointer(rebasing: $0[0..<count])) }) {
                case .utf8: break
                case .utf8WithBOM:
                    if reports {
                        problems.append(.warning(.usageEncoding, "\(path) starts with a UTF-8 byte-order mark (ignored)",
                                                 detail: "JSON Lines (RFC 8259, section 8.1) is UTF-8 without a byte-order mark.",
                                                 hint: "export the usage without a byte-order mark",
                                                 range: SourceRange(filename: path, at: SourceLocation(line: 1, column: 1, byte: 0))))
                    }
                    buffer.withUnsafeMutableBytes { raw in
                        guard let base = raw.baseAddress else { return }
                        memmove(base, base + 3, count - 3)
                    }
                    lineStart = 3
                    filled -= 3
                case let .other(name):
                    if reports {
                        result.diagnostics.append(.error(.usageEncoding, "\(path) is \(name), not UTF-8",
                                                         detail: "A usage file is UTF-8 JSON Lines: one JSON object per line.",
                                                         hint: "convert it, for example with `iconv -f \(name) -t UTF-8`",
                                                         range: SourceRange(filename: path, at: SourceLocation(line: 1, column: 1, byte: 0))))
                    }
                    return
                }
            }
            offset += count
            filled += count
            // The block's lines as views of the buffer (an ArraySlice a line would retain and
            // release the buffer, hundreds of thousands of times).
            let start = buffer.withUnsafeBufferPointer { block -> Int in
                var start = 0
                while let newline = Self.newline(in: block, from: start, to: filled) {
                    lineNumber += 1
                    handle(UnsafeBufferPointer(rebasing: block[start..<newline]), file: path, line: lineNumber, byte: lineStart + start,
                           into: &result, problems: &problems, state: &state, sink)
                    start = newline + 1
                }
                return start
            }
            // What is left of the last line moves to the front.
            let left = filled - start
            if start > 0, left > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + start, left)
                }
            }
            lineStart += start
            filled = left
            if filled > Self.maximumLine {
                guard reports else { break }
                problems.append(.error(.usageRecord, "a line longer than \(Format.bytes(Self.maximumLine))",
                                       detail: "A usage record is one line of a few hundred bytes.",
                                       range: SourceRange(filename: path, at: SourceLocation(line: lineNumber + 1, column: 1, byte: lineStart))))
                break
            }
            if count == 0 {
                if filled > 0 {
                    lineNumber += 1
                    buffer.withUnsafeBufferPointer { block in
                        handle(UnsafeBufferPointer(rebasing: block[0..<filled]), file: path, line: lineNumber, byte: lineStart,
                               into: &result, problems: &problems, state: &state, sink)
                    }
                }
                break
            }
        }
        if !problems.isEmpty {
            result.diagnostics.append(contentsOf: problems)
            if let source = try? SourceFile(reading: path, limit: 1 << 30) {
                source.releaseBytes()
                result.sources[path] = source
            }
        }
    }

    enum Encoding: Equatable {
        case utf8, utf8WithBOM
        /// UTF-16 or UTF-32 (by its byte-order mark, or the zero bytes around ASCII `{`).
        case other(String)
    }

    /// What the first bytes of a file say of its encoding.
    static func encoding(_ head: UnsafeBufferPointer<UInt8>) -> Encoding {
        let b = Array(head.prefix(4))
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8WithBOM }
        if b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF]) { return .other("UTF-32") }
        if b.starts(with: [0xFF, 0xFE]) { return .other("UTF-16LE") }
        if b.starts(with: [0xFE, 0xFF]) { return .other("UTF-16BE") }
        if b.count >= 4, b[0] != 0, b[1] == 0, b[2] == 0, b[3] == 0 { return .other("UTF-32LE") }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0, b[3] != 0 { return .other("UTF-32BE") }
        if b.count >= 2, b[0] != 0, b[1] == 0 { return .other("UTF-16LE") }
        if b.count >= 2, b[0] == 0, b[1] != 0 { return .other("UTF-16BE") }
        return .utf8
    }

    /// One line: blank lines are skipped; a record is decoded, checked and handed on.
    private func handle(_ line: UnsafeBufferPointer<UInt8>, file: String, line number: Int, byte: Int, into result: inout Result,
                        problems: inout Diagnostics, state: inout Progress, _ sink: (UsageRecord) -> Void) {
        var text = line
        if text.last == UInt8(ascii: "\r") { text = UnsafeBufferPointer(rebasing: text.dropLast()) }
        guard text.count <= Self.maximumLine else {
            // The documented limit, wherever the line falls in the reader's blocks.
            if share == nil || share?.reportsUnowned == true {
                problems.append(.error(.usageRecord, "a line longer than \(Format.bytes(Self.maximumLine))",
                                       detail: "A usage record is one line of a few hundred bytes.",
                                       range: SourceRange(filename: file, at: SourceLocation(line: number, column: 1, byte: byte))))
            }
            return
        }
        guard text.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        // Reading a share: another share's record is passed over undecoded.
        let glance = share == nil && only == nil ? nil : Self.workspaceAtAGlance(text)
        if aliases.isEmpty {
            if let share, let glance, !share.owns(UnsafeBufferPointer(rebasing: text[glance])) { return }
            if let only, let glance, !only.contains(String(decoding: UnsafeBufferPointer(rebasing: text[glance]), as: UTF8.self)) {
                return
            }
        } else if let glance {
            // A previous name belongs to the share of the name it has now.
            let name = String(decoding: UnsafeBufferPointer(rebasing: text[glance]), as: UTF8.self)
            let current = aliases[name] ?? name
            if let share, !share.owns(current.utf8) { return }
            if let only, !only.contains(current) { return }
        }
        // The platform's own shape straight from the bytes; anything else the general way (what is
        // no record is reported by one share only).
        let reportsHere = share == nil || glance != nil || share?.reportsUnowned == true
        var record = UsageLineDecoder.decode(text)
        if record == nil {
            var found = Diagnostics()
            record = general(text, place: place(file, number, byte, text), problems: &found)
            if reportsHere { problems.append(contentsOf: found) }
        }
        // Recorded under a previous name: the renamed workspace's record (no look-up at all when
        // nothing was renamed: this runs once a record). Renamed inside the optional, then bound
        // without a copy.
        var recordedAs: String?
        if !aliases.isEmpty, let name = record?.workspace, let current = aliases[name] {
            recordedAs = name
            record?.workspace = current
        }
        guard let record else { return }
        if let share, glance == nil, !share.owns(record.workspace.utf8) { return }
        if let only, !only.contains(record.workspace) { return }
        // Positions are worked out only for a line with a problem.
        func here() -> LinePlace { place(file, number, byte, text) }
        // A workspace seen before is known (and its last day is where the look-up found it); only
        // a workspace's first record is looked up among the state's.
        let seen = state.lastDay.index(forKey: record.workspace)
        if seen == nil, let workspaces, !workspaces.contains(record.workspace) {
            // One warning a workspace, at its first record, counting the records skipped.
            result.skipped += 1
            if let seen = state.unknown[record.workspace] {
                state.unknown[record.workspace] = (seen.diagnostic, seen.records + 1)
            } else {
                let diagnostic = Diagnostic.warning(
                    .usageUnknownWorkspace, "no workspace named `\(record.workspace)` in the applied state",
                    hint: Suggestion.closest(to: record.workspace, in: Array(workspaces)).map { "did you mean `\($0)`?" }
                        ?? "apply the workspace first, or drop its records from the export",
                    range: here().range(of: ["workspace"]), path: "workspace")
                state.unknown[record.workspace] = (diagnostic, 1)
            }
            return
        }
        if let problem = UsageDecoding.inconsistency(record) {
            problems.append(.error(.usageRecord, problem.summary, detail: problem.detail, range: here().range(of: problem.path),
                                   path: problem.path.joined(separator: ".")))
            return
        }
        let latest = (day: record.date, file: state.files.count - 1, line: number)
        if let seen {
            let previous = state.lastDay.values[seen]
            guard record.date <= previous.day else {
                state.lastDay.values[seen] = latest
                return accept(record, into: &result, state: &state, sink)
            }
            let twice = record.date == previous.day
            problems.append(.error(twice ? .usageDuplicateDay : .usageDateOrder,
                                   twice ? "a second record of \(record.workspace) for \(record.date)" + (recordedAs.map { " (this one under its previous name `\($0)`)" } ?? "")
                                         : "\(record.workspace)'s records go back in time: \(record.date) after \(previous.day)",
                                   detail: "The record before is at \(state.files[previous.file]):\(previous.line). A workspace has one record per day, in date order.",
                                   hint: twice ? "keep one record per workspace and day" : "sort the export by date",
                                   range: here().range(of: ["date"]), path: "date"))
            return
        }
        state.lastDay[record.workspace] = latest
        accept(record, into: &result, state: &state, sink)
    }

    /// A good record: counted and handed on.
    private func accept(_ record: UsageRecord, into result: inout Result, state: inout Progress, _ sink: (UsageRecord) -> Void) {
        state.first = min(state.first ?? record.date, record.date)
        state.last = max(state.last ?? record.date, record.date)
        result.records += 1
        sink(record)
    }
}

extension UsageReader {
    /// The bytes of the workspace's name in a line written as the platform writes it
    /// (`"workspace":"name"`, no escape), by position in the line; nil when it is not plain to see.
    static func workspaceAtAGlance(_ line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let key = Array(#""workspace":""#.utf8)
        guard line.count > key.count, let base = line.baseAddress else { return nil }
        var i = 0
        while i + key.count <= line.count {
            guard let hit = memchr(base + i, Int32(key[0]), line.count - i) else { return nil }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            guard at + key.count <= line.count else { return nil }
            if memcmp(base + at, key, key.count) == 0 {
                let start = at + key.count
                var end = start
                while end < line.count, line[end] != UInt8(ascii: "\""), line[end] != UInt8(ascii: "\\") { end += 1 }
                guard end < line.count, line[end] == UInt8(ascii: "\""), end > start else { return nil }
                return start..<end
            }
            i = at + 1
        }
        return nil
    }

    func place(_ file: String, _ line: Int, _ byte: Int, _ text: UnsafeBufferPointer<UInt8>) -> LinePlace {
        LinePlace(file: file, line: line, byte: byte, bytes: Array(text))
    }

    /// A line the fast decoder did not take: parsed as JSON, decoded from the tree, and when that
    /// fails the schema says what is wrong and where, in the words manifests get.
    func general(_ text: UnsafeBufferPointer<UInt8>, place: LinePlace, problems: inout Diagnostics) -> UsageRecord? {
        let json: JSON
        do { json = try JSONParser.parse(place.bytes) } catch {
            problems.append(.error(.usageRecord, "not a JSON record: \(error.message)",
                                   detail: "Each line of a usage file is one JSON object (JSON Lines).",
                                   hint: "check the export: a line cut short, or two records on one line", range: place.range(atByte: error.offset)))
            return nil
        }
        guard let record = UsageDecoding.decode(json) else {
            let found = place.schemaProblems()
            problems.append(contentsOf: found.isEmpty
                ? [.error(.usageRecord, "not a usage record", hint: "see schema/usage.schema.json", range: place.range(atByte: 0))] : found.items)
            return nil
        }
        return record
    }
}

/// Where a line stands, and how to find ranges in it (the line is parsed again as YAML, which
/// keeps positions, only when a problem needs one).
struct LinePlace {
    let file: String
    let line: Int
    let byte: Int
    let bytes: [UInt8]

    /// A zero-width range at a byte of the line.
    func range(atByte offset: Int) -> SourceRange {
        let prefix = bytes.prefix(max(0, min(offset, bytes.count)))
        let column = String(decoding: prefix, as: UTF8.self).count + 1
        return SourceRange(filename: file, at: SourceLocation(line: line, column: column, byte: byte + prefix.count))
    }

    /// The line as a document of its own, positions moved to where the line stands in its file.
    private func document() -> Node? {
        YAMLLoader().load(SourceFile(path: file, bytes: bytes)).documents.first?.root
    }

    private func moved(_ range: SourceRange) -> SourceRange {
        var moved = range
        moved.start = SourceLocation(line: line, column: range.start.column, byte: byte + range.start.byte)
        moved.end = SourceLocation(line: line, column: range.end.column, byte: byte + range.end.byte)
        return moved
    }

    /// The range of the value at `path` (keys), else of the whole record.
    func range(of path: [String]) -> SourceRange {
        guard var node = document() else { return range(atByte: 0) }
        for key in path {
            guard let child = node[key] else { break }
            node = child
        }
        return moved(node.range)
    }

    /// What the usage schema says of the line.
    func schemaProblems() -> Diagnostics {
        guard let root = document(), case let .success(schema) = UsageSchema.compiled else { return Diagnostics() }
        return Diagnostics(ManifestSchemas.diagnostics(validating: root, with: schema).items.map { problem in
            var moved = problem
            moved.range = problem.range.map(self.moved)
            return moved
        })
    }
}

/// The usage schema, compiled once.
enum UsageSchema {
    static let compiled = ManifestSchemas.dataSchema("usage.schema.json")
}
