import TenancyEngine

/// A runtime answer's JSON written as it is rendered: its members in key order, then the
/// `workspaces` array (the last key of every answer) with each workspace rendered on all cores
/// and handed to `emit` in pieces. The same bytes as the whole tree's canonical text, without the
/// tree of ten thousand workspaces.
enum AnswerDocument {
    static func write(_ members: [String: JSON], workspaces count: Int, _ workspace: @escaping @Sendable (Int) -> JSON,
                      to emit: (UnsafeRawBufferPointer) -> Void) {
        var writer = JSONWriter()
        writer.beginObject()
        for key in members.keys.sorted() where key < "workspaces" {
            writer.key(key)
            if let value = members[key] { writer.json(value) }
        }
        writer.key("workspaces")
        writer.beginArray()
        writer.elements(count, draining: emit) { i, entry in entry.json(workspace(i)) }
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
