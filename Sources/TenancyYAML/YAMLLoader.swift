import CYAML
import Dispatch
import Foundation
import TenancySupport
import TenancyDiagnostics

/// The documents of one file and the problems found reading it.
public struct LoadResult: Sendable {
    public let source: SourceFile
    public var documents: [YAMLDocument]
    public var diagnostics: Diagnostics
}

/// Reads YAML through libyaml's event API into `YAMLDocument`s whose nodes remember where they
/// were written. Everything a file can get wrong comes back as diagnostics, never as a crash.
public struct YAMLLoader: Sendable {
    public var options: LoadOptions

    public init(options: LoadOptions = LoadOptions()) {
        self.options = options
    }

    /// Streams the documents of a file to `body` as each one completes, so that a long stream of
    /// documents need not be held in memory at once. Documents with errors are not delivered.
    /// Diagnostics come back in source order.
    @discardableResult
    public func forEachDocument(in source: SourceFile, _ body: (YAMLDocument) -> Void) -> Diagnostics {
        source.bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Diagnostics in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) != 0 else {
                return Diagnostics([.error(.yamlTooLarge, "libyaml could not allocate a parser",
                                           range: SourceRange(filename: source.path, at: SourceLocation(line: 1, column: 1, byte: 0)))])
            }
            defer { yaml_parser_delete(parser) }
            let input = raw.bindMemory(to: UInt8.self)
            var empty: UInt8 = 0
            withUnsafeMutablePointer(to: &empty) { emptyPointer in
                yaml_parser_set_input_string(parser, input.baseAddress ?? UnsafePointer(emptyPointer), input.count)
            }

            var composer = Composer(source: source, input: input, options: options)
            var event = yaml_event_t()
            var diagnostics = Diagnostics()
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else {
                    diagnostics.append(contentsOf: composer.diagnostics)
                    diagnostics.append(LibYAMLProblem(parser).diagnostic(in: source))
                    return diagnostics.sorted()
                }
                let isEnd = event.type == YAML_STREAM_END_EVENT
                let document = composer.handle(&event)
                yaml_event_delete(&event)
                if let document { body(document) }
                if isEnd || composer.stopped { break }
            }
            diagnostics.append(contentsOf: composer.diagnostics)
            return diagnostics.sorted()
        }
    }

    /// All documents of one file.
    public func load(_ source: SourceFile) -> LoadResult {
        var documents: [YAMLDocument] = []
        let diagnostics = forEachDocument(in: source) { documents.append($0) }
        return LoadResult(source: source, documents: documents, diagnostics: diagnostics)
    }

    /// Convenience for tests and tools: YAML text given in memory.
    public func load(string: String, path: String = "<input>") -> LoadResult {
        load(SourceFile(path: path, bytes: Data(string.utf8)))
    }

    /// Loads several files, spread over all cores; results come back in the order given.
    public func load(_ sources: [SourceFile]) -> [LoadResult] {
        Parallel.map(sources.count) { load(sources[$0]) }
    }
}
