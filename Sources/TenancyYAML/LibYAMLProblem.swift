import TenancySupport
import CYAML
import TenancyDiagnostics

/// What libyaml says when it gives up, turned into a diagnostic in plain words. libyaml's own
/// messages are terse ("did not find expected key"); each gets a sentence of explanation and, for
/// the mistakes people actually make, a hint.
struct LibYAMLProblem {
    enum Stage { case reader, scanner, parser, memory }

    let stage: Stage
    let problem: String
    let problemMark: Mark
    let context: String?
    let contextMark: Mark?
    let problemOffset: Int
    let problemValue: Int32

    init(_ parser: UnsafePointer<yaml_parser_t>) {
        let p = parser.pointee
        switch p.error {
        case YAML_READER_ERROR: stage = .reader
        case YAML_SCANNER_ERROR: stage = .scanner
        case YAML_MEMORY_ERROR: stage = .memory
        default: stage = .parser
        }
        problem = p.problem.map { String(cString: $0) } ?? "unknown problem"
        problemMark = Mark(line: Int(p.problem_mark.line) + 1, column: Int(p.problem_mark.column) + 1)
        context = p.context.map { String(cString: $0) }
        contextMark = p.context == nil ? nil
            : Mark(line: Int(p.context_mark.line) + 1, column: Int(p.context_mark.column) + 1)
        problemOffset = Int(p.problem_offset)
        problemValue = p.problem_value
    }

    func diagnostic(in source: SourceFile) -> Diagnostic {
        switch stage {
        case .reader:
            let location = source.location(ofByte: problemOffset)
            let range = SourceRange(filename: source.path, at: location)
            if problem.contains("control characters") {
                let what = problemValue == 0 ? "a NUL byte" : "the control character U+" + Format.hex(Int(problemValue), width: 4)
                return .error(.yamlEncoding, "the file contains \(what)",
                              detail: "YAML text may not contain control characters other than tab, line feed and carriage return.",
                              hint: "remove the character; if this is a binary file, it should not be among the manifests",
                              range: range)
            }
            return .error(.yamlEncoding, "the file is not valid UTF-8 (\(problem) at byte \(problemOffset))",
                          detail: "Manifests must be UTF-8 text (or UTF-16/32 with a byte-order mark).",
                          hint: "re-save the file as UTF-8", range: range)
        case .memory:
            return .error(.yamlTooLarge, "libyaml ran out of memory while reading the file",
                          range: SourceRange(filename: source.path, at: source.location(line: 1, column: 1)))
        case .scanner, .parser:
            let location = source.location(line: problemMark.line, column: problemMark.column)
            var detail = ""
            if let context, let contextMark {
                detail = "libyaml: \(problem) \(context) at line \(contextMark.line), column \(contextMark.column)."
            } else {
                detail = "libyaml: \(problem)."
            }
            return .error(.yamlSyntax, "YAML syntax error: \(plainWords)", detail: detail, hint: hint,
                          range: SourceRange(filename: source.path, at: location))
        }
    }

    /// libyaml's problem, phrased for someone who did not write the parser.
    private var plainWords: String {
        switch problem {
        case "found character that cannot start any token": return "this character cannot start a value here"
        case "mapping values are not allowed in this context": return "unexpected `:` in a value"
        case "did not find expected key": return "expected a key at this indentation"
        case "did not find expected node content": return "expected a value"
        case "did not find expected '-' indicator": return "expected a `-` list item at this indentation"
        case "could not find expected ':'": return "expected `:` after a key"
        case "found unexpected end of stream": return "the file ended inside a quoted string or a flow collection"
        case "found undefined tag handle": return "undefined tag handle"
        case "did not find expected ',' or ']'": return "expected `,` or `]` in a flow list"
        case "did not find expected ',' or '}'": return "expected `,` or `}` in a flow mapping"
        case "found a tab character that violates indentation":
            return "a tab is used for indentation"
        case "block sequence entries are not allowed in this context":
            return "a `-` list item cannot start here"
        default: return problem
        }
    }

    private var hint: String? {
        switch problem {
        case "found character that cannot start any token":
            return "YAML indents with spaces only; if this is a tab, replace it. Values starting with `@` or a backtick must be quoted."
        case "found a tab character that violates indentation":
            return "YAML indents with spaces only; replace the tab with spaces"
        case "mapping values are not allowed in this context":
            return "quote a value that contains `: `, or check the indentation of the line"
        case "did not find expected key", "did not find expected '-' indicator":
            return "check that this line is indented like its siblings"
        case "could not find expected ':'":
            return "a plain value cannot span lines like this; quote it, or add the missing `:`"
        case "found unexpected end of stream":
            return contextMark.map { "close the quote or bracket opened at line \($0.line), column \($0.column)" }
                ?? "close the quote or bracket that was opened"
        case "did not find expected ',' or ']'":
            return contextMark.map { "close the list opened at line \($0.line), column \($0.column) with `]`" }
        case "did not find expected ',' or '}'":
            return contextMark.map { "close the mapping opened at line \($0.line), column \($0.column) with `}`" }
        default:
            return nil
        }
    }
}
