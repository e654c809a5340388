import TenancyModel
import TenancySupport
import TenancyJSON

/// The state file format: how a `State` is stored (by the local backend as a file, by the etcd
/// backend as chunks of the same text). Canonical JSON — sorted keys, two-space indentation, one
/// resource per address — so that two runs that store the same state store the same bytes and a
/// diff in git shows exactly what changed; documented in docs/state-format.md.
package enum StateFile {
    package static let formatName = "tenancy-state"
    /// The format this build writes. 2: `secret_key` (the state's digest key) and keyed secret
    /// digests; version 1 files are read, and written as version 2 on their next write.
    package static let formatVersion = 2

    /// The depth at which the file nests each resource's attributes.
    static let attributesDepth = StoredAttributes.indent

    // MARK: Writing

    /// The file's text handed to `emit` in pieces of about a megabyte, in order, each ending
    /// between two resources: how a state is stored without its whole text in memory beside the
    /// resources it is made of.
    package static func write<Failure: Error>(_ state: State, to emit: (UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) {
        let pieceSize = 1 << 20
        var writer = JSONWriter(reserving: pieceSize + (64 << 10))
        writer.beginObject()
        if let digest = state.configurationDigest {
            writer.key("configuration_digest")
            writer.string(digest)
        }
        writer.key("format")
        writer.string(formatName)
        writer.key("format_version")
        writer.int(formatVersion)
        writer.key("lineage")
        writer.string(state.lineage)
        if let project = state.project {
            writer.key("project")
            writer.string(project)
        }
        writer.key("resources")
        writer.beginObject()
        let sorted = state.resources.map { (key: $0.key.description, address: $0.key, entry: $0.value) }
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (key, address, entry) in sorted {
            writer.key(key)
            writeEntry(address, entry, to: &writer)
            if writer.bytes.count >= pieceSize { try writer.drain(into: emit) }
        }
        writer.endObject()
        if let key = state.secretKey {
            writer.key("secret_key")
            writer.string(SHA256.hexString(key))
        }
        writer.key("serial")
        writer.int(state.serial)
        writer.endObject()
        writer.finishDocument()
        try writer.drain(into: emit)
    }

    /// The file as a tree (for tests and tools: `write` prints the same bytes without building it).
    package static func document(_ state: State) -> JSON {
        var resources: [String: JSON] = [:]
        for (address, entry) in state.resources {
            resources[address.description] = .object([
                "id": .string(entry.id), "kind": .string(address.kind.rawValue), "name": .string(address.name),
                "attributes": entry.resource.attributes,
                "dependencies": .array(entry.resource.dependencies.map { .string($0) }),
                "secret_digests": .object(entry.resource.secretDigests.mapValues { .string($0) }),
                "created": .string(entry.created), "updated": .string(entry.updated),
            ])
        }
        var document: [String: JSON] = [
            "format": .string(formatName), "format_version": .int(formatVersion), "lineage": .string(state.lineage),
            "serial": .int(state.serial), "resources": .object(resources),
        ]
        if let key = state.secretKey { document["secret_key"] = .string(SHA256.hexString(key)) }
        if let project = state.project { document["project"] = .string(project) }
        return .object(document)
    }

    /// One resource's entry, as it stands under `resources` (or alone, at the top of a document).
    package static func writeEntry(_ address: Address, _ entry: StateResource, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("attributes")
        entry.resource.writeAttributes(to: &writer)
        writer.key("created")
        writer.string(entry.created)
        writer.key("dependencies")
        writer.beginArray()
        for dependency in entry.resource.dependencies { writer.string(dependency) }
        writer.endArray()
        writer.key("id")
        writer.string(entry.id)
        writer.key("kind")
        writer.string(address.kind.rawValue)
        writer.key("name")
        writer.string(address.name)
        writer.key("secret_digests")
        writeStrings(entry.resource.secretDigests, to: &writer)
        writer.key("updated")
        writer.string(entry.updated)
        writer.endObject()
    }

    /// The whole text as bytes (what `write` hands out, in one buffer).
    package static func bytes(of state: State) -> [UInt8] {
        var all: [UInt8] = []
        // Sized up front: the attribute texts plus a few hundred bytes of envelope per resource,
        // so that a 500 MB state is not copied on each growth of the buffer.
        all.reserveCapacity(state.resources.values.reduce(256) { $0 + $1.resource.stateText().count + 640 })
        write(state) { (piece: UnsafeRawBufferPointer) in all.append(contentsOf: piece) }
        return all
    }

    /// A string-to-string object, keys sorted.
    static func writeStrings(_ members: [String: String], to writer: inout JSONWriter) {
        writer.beginObject()
        for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            writer.key(key)
            writer.string(value)
        }
        writer.endObject()
    }

    // MARK: Reading

    /// Reads a state file, leaving each resource's attributes as checked text until needed. The
    /// file is read in one pass in which each resource entry is converted as soon as it has been
    /// parsed (its attributes skipped: checked, not built), so that no tree of the whole is built.
    package static func read(_ bytes: [UInt8], path: String) throws(StateError) -> State {
        var resources: [Address: StateResource] = [:]
        var problem: StateError?
        let top: JSON
        do throws(JSONParser.Error) {
            top = try JSONParser.parse(bytes, handingOut: "resources", deferring: "attributes", atDepth: 3) { key, entry, deferred in
                guard problem == nil else { return }
                let text = deferred.first { $0.path.count == 3 && $0.path[2] == "attributes" }.map { StoredAttributes(text: bytes[$0.range]) }
                do throws(StateError) {
                    let (address, resource) = try Self.resource(key: key, entry: entry, stored: text, path: path)
                    guard resources[address] == nil else { throw StateError.corrupt(path: path, reason: "\(key) is there twice") }
                    resources[address] = resource
                } catch {
                    problem = error
                }
            }
        } catch {
            throw .corrupt(path: path, reason: error.description)
        }
        let (lineage, serial, key) = try Self.header(top, path: path)
        if let problem { throw problem }
        var state = State(lineage: lineage, serial: serial, resources: resources, secretKey: key)
        state.configurationDigest = top["configuration_digest"]?.stringValue
        state.project = top["project"]?.stringValue
        return state
    }

    /// Decodes a state document already parsed whole; every malformation is a `StateError`.
    package static func decode(_ json: JSON, path: String) throws(StateError) -> State {
        let (lineage, serial, key) = try Self.header(json, path: path)
        guard let entries = json["resources"]?.objectValue else { throw .corrupt(path: path, reason: "resources is missing") }
        var resources: [Address: StateResource] = [:]
        for (key, entry) in entries {
            let (address, resource) = try Self.resource(key: key, entry: entry, stored: nil, path: path)
            resources[address] = resource
        }
        var state = State(lineage: lineage, serial: serial, resources: resources, secretKey: key)
        state.configurationDigest = json["configuration_digest"]?.stringValue
        state.project = json["project"]?.stringValue
        return state
    }

    /// The format, lineage and serial of a state document (its `resources` object is checked too).
    private static func header(_ json: JSON, path: String) throws(StateError) -> (lineage: String, serial: Int, key: [UInt8]?) {
        func corrupt(_ reason: String) -> StateError { .corrupt(path: path, reason: reason) }
        guard json["format"]?.stringValue == Self.formatName else { throw corrupt("it is not a Tenancy state file") }
        guard let version = json["format_version"]?.intValue else { throw corrupt("format_version is missing") }
        guard version <= Self.formatVersion else { throw .newerFormat(path: path, found: version) }
        guard version >= 1 else { throw corrupt("format_version \(version) does not exist") }
        guard let lineage = json["lineage"]?.stringValue, !lineage.isEmpty else { throw corrupt("lineage is missing") }
        guard let serialText = json["serial"] else { throw corrupt("serial is missing") }
        guard let serial = serialText.intValue, serial >= 0, serial <= State.maximumSerial else {
            throw corrupt("serial must be a whole number from 0 to \(State.maximumSerial)")
        }
        guard json["resources"]?.objectValue != nil else { throw corrupt("resources is missing") }
        var key: [UInt8]?
        if let text = json["secret_key"] {
            guard let hex = text.stringValue, let bytes = Self.bytes(hex: hex), bytes.count >= 16 else {
                throw corrupt("secret_key must be at least 32 hex digits")
            }
            key = bytes
        }
        return (lineage, serial, key)
    }

    /// Bytes from lowercase or uppercase hex; nil for anything else.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    /// One resource entry; `stored` is its attributes' text when they were skipped.
    private static func resource(key: String, entry: JSON, stored: StoredAttributes?, path: String) throws(StateError)
        -> (Address, StateResource) {
        func corrupt(_ reason: String) -> StateError { .corrupt(path: path, reason: reason) }
        guard let address = Address(key) else { throw corrupt("`\(key)` is not an address") }
        guard let id = entry["id"]?.stringValue, let created = entry["created"]?.stringValue,
              let updated = entry["updated"]?.stringValue else {
            throw corrupt("resource \(key) is incomplete")
        }
        let dependencies = entry["dependencies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let digests = entry["secret_digests"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let resource: Resource
        if let stored {
            guard stored.text.first == UInt8(ascii: "{") else { throw corrupt("resource \(key) has no attributes object") }
            resource = Resource(address: address, stored: stored, dependencies: dependencies, secretDigests: digests)
        } else {
            guard let attributes = entry["attributes"], attributes.objectValue != nil else {
                throw corrupt("resource \(key) is incomplete")
            }
            resource = Resource(address: address, attributes: attributes, dependencies: dependencies, secretDigests: digests)
        }
        return (address, StateResource(id: id, resource: resource, created: created, updated: updated))
    }

    // MARK: Peeking

    /// The lineage and serial of a state file in canonical form (as this tool writes it), read from
    /// its first and last lines without decoding the rest; nil when the text is not in that form.
    package static func peekVersion(_ bytes: [UInt8]) -> StateVersion? {
        peekVersion(head: bytes.prefix(512), tail: bytes.suffix(64))
    }

    /// The same from the first 512 and the last 64 bytes alone (all a reader needs to fetch).
    package static func peekVersion(head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) -> StateVersion? {
        guard let lineage = peekLineage(head) else { return nil }
        // The canonical text ends with `  "serial": N\n}\n`.
        let tail = Array(tail.suffix(64))
        let marker = Array("\"serial\": ".utf8)
        guard let start = tail.indices.reversed().first(where: { tail[$0...].starts(with: marker) }) else { return nil }
        let digits = tail[(start + marker.count)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let rest = tail[(start + marker.count + digits.count)...]
        guard !digits.isEmpty, digits.count < 19, Array(rest) == Array("\n}\n".utf8),
              let serial = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        return StateVersion(lineage: lineage, serial: serial)
    }

    /// The lineage from the first lines of a state file in canonical form.
    package static func peekLineage<Bytes: Collection>(_ head: Bytes) -> String? where Bytes.Element == UInt8 {
        let bytes = Array(head)
        let marker = Array("\n  \"lineage\": \"".utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        let value = bytes[(start + marker.count)...].prefix { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\n") }
        guard !value.isEmpty, start + marker.count + value.count < bytes.count,
              bytes[start + marker.count + value.count] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: value, as: UTF8.self)
    }
}
