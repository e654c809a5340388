import TenancyEngine
import TenancySupport
import TenancyJSON

/// A runtime answer's JSON written as it is rendered: its members in key order, then the
/// `workspaces` array (the last key of every answer) with each workspace rendered on all cores
/// and handed to `emit` in pieces. The same bytes as the whole tree's canonical text, without the
/// tree of ten thousand workspaces.
enum AnswerDocument {
    static func write(_ members: [String: JSON], workspaces count: Int, _ workspace: @escaping @Sendable (Int) -> JSON,
                      to emit: (UnsafeRawBufferPointer) -> Void) {
        write(members, workspaces: count, writing: { i, writer in writer.json(workspace(i)) }, to: emit)
    }

    /// The same, each workspace written straight into the writer (no tree of its own: ten
    /// thousand workspaces' trees cost more to build, sort and free than to print).
    static func write(_ members: [String: JSON], workspaces count: Int, writing workspace: @escaping @Sendable (Int, inout JSONWriter) -> Void,
                      to emit: (UnsafeRawBufferPointer) -> Void) {
        var writer = JSONWriter()
        writer.beginObject()
        for key in members.keys.sorted() where key < "workspaces" {
            writer.key(key)
            if let value = members[key] { writer.json(value) }
        }
        writer.key("workspaces")
        writer.beginArray()
        writer.elements(count, draining: emit, workspace)
        writer.endArray()
        for key in members.keys.sorted() where key > "workspaces" {
            writer.key(key)
            if let value = members[key] { writer.json(value) }
        }
        writer.endObject()
        writer.finishDocument()
        writer.drain(into: emit)
    }
}

/// A runtime answer's text written as it is rendered: its heading, then each workspace's section
/// rendered on all cores a few hundred at a time and handed to `emit` in order, then what ends it
/// (ten thousand workspaces' tables are megabytes of text, never held whole).
enum AnswerText {
    static func write(heading: String, sections count: Int, _ section: @escaping @Sendable (Int) -> String, ending: () -> String,
                      to emit: (UnsafeRawBufferPointer) -> Void) {
        func write(_ text: String) {
            var text = text
            text.withUTF8 { emit(UnsafeRawBufferPointer($0)) }
        }
        write(heading)
        Parallel.streamed(count, runSize: 64, batch: 8, render: { range in
            range.reduce(into: "") { out, i in out += section(i) }
        }, write: write)
        write(ending())
    }

    /// What `write` hands out, as one string (tests and small answers).
    static func collect(_ write: ((UnsafeRawBufferPointer) -> Void) -> Void) -> String {
        var out = ""
        write { out += String(decoding: $0, as: UTF8.self) }
        return out
    }
}
