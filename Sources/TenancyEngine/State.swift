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

    public var description: String {
        switch self {
        case let .corrupt(path, reason):
            return "the state file \(path) is not valid (\(reason)); restore it from \(path).backup or from version control"
        case let .newerFormat(path, found):
            return "the state file \(path) has format version \(found), newer than this tenancy understands (\(State.formatVersion)); upgrade tenancy"
        case let .io(path, reason):
            return "cannot access \(path): \(reason)"
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

    /// Decodes a state document; every malformation is a `StateError` naming the file.
    public init(json: JSON, path: String) throws(StateError) {
        func corrupt(_ reason: String) -> StateError { .corrupt(path: path, reason: reason) }
        guard json["format"]?.stringValue == Self.formatName else { throw corrupt("it is not a Tenancy state file") }
        guard let version = json["format_version"]?.intValue else { throw corrupt("format_version is missing") }
        guard version <= Self.formatVersion else { throw .newerFormat(path: path, found: version) }
        guard let lineage = json["lineage"]?.stringValue, !lineage.isEmpty else { throw corrupt("lineage is missing") }
        guard let serial = json["serial"]?.intValue, serial >= 0 else { throw corrupt("serial is missing") }
        guard let entries = json["resources"]?.objectValue else { throw corrupt("resources is missing") }
        var resources: [Address: StateResource] = [:]
        for (key, entry) in entries {
            guard let address = Address(key) else { throw corrupt("`\(key)` is not an address") }
            guard let id = entry["id"]?.stringValue, let attributes = entry["attributes"], attributes.objectValue != nil,
                  let created = entry["created"]?.stringValue, let updated = entry["updated"]?.stringValue else {
                throw corrupt("resource \(key) is incomplete")
            }
            let dependencies = entry["dependencies"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let digests = entry["secret_digests"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            resources[address] = StateResource(
                id: id, resource: Resource(address: address, attributes: attributes, dependencies: dependencies, secretDigests: digests),
                created: created, updated: updated)
        }
        self.init(lineage: lineage, serial: serial, resources: resources)
    }
}
