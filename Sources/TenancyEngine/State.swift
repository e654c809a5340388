import Foundation
import TenancyModel

/// What was last applied: the system of record. Versioned, with a lineage fixed when the state is
/// first created (so that a plan or state file from another configuration is recognised) and a
/// serial that every apply increments (so that a stale plan is recognised).
public struct State: Sendable, Equatable {
    public static let formatName = "tenancy-state"
    /// The state file format this build reads and writes.
    public static let formatVersion = 1

    public var lineage: String
    public var serial: Int
    public var resources: [Address: StateResource]

    public init(lineage: String = UUID().uuidString.lowercased(), serial: Int = 0, resources: [Address: StateResource] = [:]) {
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
    }
}

/// A resource as recorded: its identity (id, creation time) survives updates and renames.
public struct StateResource: Sendable, Equatable {
    public var id: String
    public var resource: Resource
    public var created: String
    public var updated: String

    public init(id: String, resource: Resource, created: String, updated: String) {
        self.id = id
        self.resource = resource
        self.created = created
        self.updated = updated
    }
}

/// Why a state file cannot be used. Each case says what to do; none is ever a crash.
public enum StateError: Error, Sendable, Equatable, CustomStringConvertible {
    case corrupt(path: String, reason: String)
    case newerFormat(path: String, found: Int)
    case io(path: String, reason: String)
    /// The compare-and-swap found another version than the one the change was planned against.
    case stale(location: String, reason: String)
    /// The store cannot be reached (every endpoint tried).
    case unavailable(location: String, reason: String)
    /// A stored version in a backend that keeps versions (etcd) cannot be read back.
    case corruptVersion(location: String, serial: Int, reason: String)

    public var description: String {
        switch self {
        case let .corrupt(path, reason):
            return "the state file \(path) is not valid (\(reason)); restore it from \(path).backup or from version control"
        case let .newerFormat(path, found):
            return "the state file \(path) has format version \(found), newer than this tenancy understands (\(State.formatVersion)); upgrade tenancy"
        case let .io(path, reason):
            return "cannot access \(path): \(reason)"
        case let .stale(location, reason):
            return "the state at \(location) was not replaced: \(reason); nothing was written, run the command again"
        case let .unavailable(location, reason):
            return "cannot reach the state at \(location): \(reason)"
        case let .corruptVersion(location, serial, reason):
            return "the state version \(serial) at \(location) is not valid (\(reason)); restore a kept one with `tenancy state history` and `tenancy state rollback SERIAL`"
        }
    }
}

extension State {
    public var json: JSON {
        var resources: [String: JSON] = [:]
        for (address, entry) in self.resources {
            resources[address.description] = .object([
                "id": .string(entry.id),
                "kind": .string(address.kind.rawValue),
                "name": .string(address.name),
                "attributes": entry.resource.attributes,
                "dependencies": .array(entry.resource.dependencies.map { .string($0) }),
                "secret_digests": .object(entry.resource.secretDigests.mapValues { .string($0) }),
                "created": .string(entry.created),
                "updated": .string(entry.updated),
            ])
        }
        return .object([
            "format": .string(Self.formatName),
            "format_version": .int(Self.formatVersion),
            "lineage": .string(lineage),
            "serial": .int(serial),
            "resources": .object(resources),
        ])
    }

    /// The canonical text of the state file, the same as `json.canonicalText()`, but built with each
    /// resource's stored attribute text copied as it is rather than rebuilt from a tree.
    public func canonicalText() -> String {
        String(decoding: canonicalBytes(), as: UTF8.self)
    }

    /// The canonical text as UTF-8 bytes, written straight into one buffer: what backends store.
    public func canonicalBytes() -> [UInt8] {
        var all: [UInt8] = []
        // Sized up front: the attribute texts plus a few hundred bytes of envelope per resource,
        // so that a 500 MB state is not copied on each growth of the buffer.
        all.reserveCapacity(resources.values.reduce(256) { $0 + $1.resource.stateText().count + 640 })
        writeCanonical { (piece: UnsafeBufferPointer<UInt8>) in all.append(contentsOf: piece) }
        return all
    }

    /// The canonical text handed to `emit` in pieces of about a megabyte, in order: how a state
    /// file is written without the whole text in memory beside the resources it is made of.
    public func writeCanonical<E: Error>(_ emit: (UnsafeBufferPointer<UInt8>) throws(E) -> Void) throws(E) {
        let pieceSize = 1 << 20
        var out: [UInt8] = []
        out.reserveCapacity(pieceSize + (64 << 10))
        func flush() throws(E) {
            try out.withUnsafeBufferPointer { (buffer) throws(E) in try emit(buffer) }
            out.removeAll(keepingCapacity: true)
        }
        func add(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        func member(_ key: String, _ value: String, indent: Int, last: Bool) {
            for _ in 0..<indent { add("  ") }
            add(JSON.string(key).compactText())
            add(": ")
            add(value)
            add(last ? "\n" : ",\n")
        }
        add("{\n")
        member("format", JSON.string(Self.formatName).compactText(), indent: 1, last: false)
        member("format_version", String(Self.formatVersion), indent: 1, last: false)
        member("lineage", JSON.string(lineage).compactText(), indent: 1, last: false)
        if resources.isEmpty {
            member("resources", "{}", indent: 1, last: false)
        } else {
            add("  \"resources\": {\n")
            let sorted = resources.map { (key: $0.key.description, address: $0.key, entry: $0.value) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (n, (key, address, entry)) in sorted.enumerated() {
                add("    ")
                add(JSON.string(key).compactText())
                add(": {\n")
                add("      \"attributes\": ")
                out.append(contentsOf: entry.resource.stateText())
                add(",\n")
                member("created", JSON.string(entry.created).compactText(), indent: 3, last: false)
                member("dependencies", JSON.array(entry.resource.dependencies.map { .string($0) }).canonicalText(indent: 3), indent: 3, last: false)
                member("id", JSON.string(entry.id).compactText(), indent: 3, last: false)
                member("kind", JSON.string(address.kind.rawValue).compactText(), indent: 3, last: false)
                member("name", JSON.string(address.name).compactText(), indent: 3, last: false)
                member("secret_digests", JSON.object(entry.resource.secretDigests.mapValues { .string($0) }).canonicalText(indent: 3),
                       indent: 3, last: false)
                member("updated", JSON.string(entry.updated).compactText(), indent: 3, last: true)
                add(n == sorted.count - 1 ? "    }\n" : "    },\n")
                if out.count >= pieceSize { try flush() }
            }
            add("  },\n")
        }
        member("serial", String(serial), indent: 1, last: true)
        add("}\n")
        try flush()
    }

    /// The lineage and serial of a state file in canonical form (as this tool writes it), read from
    /// its first and last lines without decoding the rest; nil when the text is not in that form.
    public static func peekVersion(_ bytes: [UInt8]) -> StateVersion? {
        peekVersion(head: bytes.prefix(512), tail: bytes.suffix(64))
    }

    /// The same from the first 512 and the last 64 bytes alone (all a reader needs to fetch).
    public static func peekVersion(head: ArraySlice<UInt8>, tail: ArraySlice<UInt8>) -> StateVersion? {
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
    public static func peekLineage<Bytes: Collection>(_ head: Bytes) -> String? where Bytes.Element == UInt8 {
        let bytes = Array(head)
        let marker = Array("\n  \"lineage\": \"".utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) else { return nil }
        let value = bytes[(start + marker.count)...].prefix { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\n") }
        guard !value.isEmpty, start + marker.count + value.count < bytes.count,
              bytes[start + marker.count + value.count] == UInt8(ascii: "\"") else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    /// Reads a state file, leaving each resource's attributes as checked text until needed. The
    /// file is read in one pass in which each resource entry is converted as soon as it has been
    /// parsed (its attributes skipped: checked, not built), so that no tree of the whole is built.
    public init(bytes: [UInt8], path: String) throws(StateError) {
        var resources: [Address: StateResource] = [:]
        var problem: StateError?
        let top: JSON
        do throws(JSONParser.Error) {
            top = try JSONParser.parse(bytes, handingOut: "resources", deferring: "attributes", atDepth: 3) { key, entry, deferred in
                guard problem == nil else { return }
                let text = deferred.first { $0.path.count == 3 && $0.path[2] == "attributes" }.map { StoredAttributes(text: bytes[$0.range]) }
                do throws(StateError) {
                    let (address, resource) = try Self.resource(key: key, entry: entry, stored: text, path: path)
                    resources[address] = resource
                } catch {
                    problem = error
                }
            }
        } catch {
            throw .corrupt(path: path, reason: error.description)
        }
        let (lineage, serial) = try Self.header(top, path: path)
        if let problem { throw problem }
        self.init(lineage: lineage, serial: serial, resources: resources)
    }

    /// Decodes a state document; every malformation is a `StateError` naming the file.
    public init(json: JSON, path: String) throws(StateError) {
        try self.init(json: json, path: path, stored: [:])
    }

    private init(json: JSON, path: String, stored: [String: StoredAttributes]) throws(StateError) {
        let (lineage, serial) = try Self.header(json, path: path)
        guard let entries = json["resources"]?.objectValue else { throw .corrupt(path: path, reason: "resources is missing") }
        var resources: [Address: StateResource] = [:]
        for (key, entry) in entries {
            let (address, resource) = try Self.resource(key: key, entry: entry, stored: stored[key], path: path)
            resources[address] = resource
        }
        self.init(lineage: lineage, serial: serial, resources: resources)
    }

    /// The format, lineage and serial of a state document (its `resources` object is checked too).
    private static func header(_ json: JSON, path: String) throws(StateError) -> (lineage: String, serial: Int) {
        func corrupt(_ reason: String) -> StateError { .corrupt(path: path, reason: reason) }
        guard json["format"]?.stringValue == Self.formatName else { throw corrupt("it is not a Tenancy state file") }
        guard let version = json["format_version"]?.intValue else { throw corrupt("format_version is missing") }
        guard version <= Self.formatVersion else { throw .newerFormat(path: path, found: version) }
        guard let lineage = json["lineage"]?.stringValue, !lineage.isEmpty else { throw corrupt("lineage is missing") }
        guard let serial = json["serial"]?.intValue, serial >= 0 else { throw corrupt("serial is missing") }
        guard json["resources"]?.objectValue != nil else { throw corrupt("resources is missing") }
        return (lineage, serial)
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
}
