import CYAML
import TenancyDiagnostics

/// libyaml's event stream of a file in the notation of the yaml-test-suite (`+MAP {} &a <tag>`,
/// `=VAL :text`, `=ALI *a`). The conformance test compares it with each case's `test.event`, and it
/// is the quickest way to see how a puzzling document parses.
public enum EventNotation {
    /// The events up to the end of the stream or the first libyaml error.
    public static func events(in source: SourceFile) -> (lines: [String], error: Diagnostic?) {
        source.bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> ([String], Diagnostic?) in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) != 0 else { return ([], nil) }
            defer { yaml_parser_delete(parser) }
            var empty: UInt8 = 0
            withUnsafeMutablePointer(to: &empty) { emptyPointer in
                let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptyPointer)
                yaml_parser_set_input_string(parser, base, raw.count)
            }
            var lines: [String] = []
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(parser, &event) != 0 else {
                    return (lines, LibYAMLProblem(parser).diagnostic(in: source))
                }
                let isEnd = event.type == YAML_STREAM_END_EVENT
                lines.append(line(for: event))
                yaml_event_delete(&event)
                if isEnd { return (lines, nil) }
            }
        }
    }

    static func line(for e: yaml_event_t) -> String {
        func properties(anchor: UnsafeMutablePointer<yaml_char_t>?, tag: UnsafeMutablePointer<yaml_char_t>?) -> String {
            var out = ""
            if let anchor { out += " &" + String(cString: anchor) }
            if let tag { out += " <" + String(cString: tag) + ">" }
            return out
        }
        switch e.type {
        case YAML_STREAM_START_EVENT: return "+STR"
        case YAML_STREAM_END_EVENT: return "-STR"
        case YAML_DOCUMENT_START_EVENT: return e.data.document_start.implicit != 0 ? "+DOC" : "+DOC ---"
        case YAML_DOCUMENT_END_EVENT: return e.data.document_end.implicit != 0 ? "-DOC" : "-DOC ..."
        case YAML_SEQUENCE_START_EVENT:
            let s = e.data.sequence_start
            return "+SEQ" + (s.style == YAML_FLOW_SEQUENCE_STYLE ? " []" : "") + properties(anchor: s.anchor, tag: s.tag)
        case YAML_SEQUENCE_END_EVENT: return "-SEQ"
        case YAML_MAPPING_START_EVENT:
            let m = e.data.mapping_start
            return "+MAP" + (m.style == YAML_FLOW_MAPPING_STYLE ? " {}" : "") + properties(anchor: m.anchor, tag: m.tag)
        case YAML_MAPPING_END_EVENT: return "-MAP"
        case YAML_ALIAS_EVENT: return "=ALI *" + (e.data.alias.anchor.map { String(cString: $0) } ?? "")
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let indicator: String
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: indicator = "'"
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: indicator = "\""
            case YAML_LITERAL_SCALAR_STYLE: indicator = "|"
            case YAML_FOLDED_SCALAR_STYLE: indicator = ">"
            default: indicator = ":"
            }
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
            return "=VAL" + properties(anchor: s.anchor, tag: s.tag) + " " + indicator + escape(value)
        default: return "?"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\0": out += "\\0"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
