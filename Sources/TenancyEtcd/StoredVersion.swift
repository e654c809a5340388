import TenancySupport
import TenancyEngine
import TenancyModel
import TenancyJSON

/// What the head key (and each kept version's key) holds: which chunks, in order, make up one
/// version of the state. Small whatever the state's size, so the commit that moves the head is one
/// small transaction.
struct StoredVersion: Sendable, Equatable {
    static let format = "tenancy-etcd-version"
    static let formatVersion = 1

    struct Chunk: Sendable, Equatable {
        let digest: String
        let bytes: Int
    }

    let lineage: String
    let serial: Int
    let time: String
    let chunks: [Chunk]

    var bytes: Int { chunks.reduce(0) { $0 + $1.bytes } }
    var version: StateVersion { StateVersion(lineage: lineage, serial: serial) }

    /// SHA-256 over the chunk digests in order: names the whole content.
    var digest: String { SHA256.hex(Array(chunks.map(\.digest).joined(separator: "\n").utf8)) }

    var json: JSON {
        .object([
            "format": .string(Self.format), "format_version": .int(Self.formatVersion),
            "lineage": .string(lineage), "serial": .int(serial), "time": .string(time),
            "digest": .string(digest), "bytes": .int(bytes),
            "chunks": .array(chunks.map { .object(["digest": .string($0.digest), "bytes": .int($0.bytes)]) }),
        ])
    }

    init(lineage: String, serial: Int, time: String, chunks: [Chunk]) {
        self.lineage = lineage
        self.serial = serial
        self.time = time
        self.chunks = chunks
    }

    /// Decodes a stored manifest; nil with a reason when it is not one this build reads.
    init(bytes: [UInt8], location: String) throws(StateError) {
        func invalid(_ reason: String) -> StateError { .corrupt(path: location, reason: reason) }
        guard let json = try? JSONParser.parse(bytes), json["format"]?.stringValue == Self.format else {
            throw invalid("the head key does not hold a Tenancy version")
        }
        guard let found = json["format_version"]?.intValue else { throw invalid("format_version is missing") }
        guard found <= Self.formatVersion else { throw .newerFormat(path: location, found: found) }
        guard let lineage = json["lineage"]?.stringValue, let serial = json["serial"]?.intValue,
              let list = json["chunks"]?.arrayValue else { throw invalid("the version record is incomplete") }
        var chunks: [Chunk] = []
        for chunk in list {
            guard let digest = chunk["digest"]?.stringValue, let bytes = chunk["bytes"]?.intValue else {
                throw invalid("a chunk entry is incomplete")
            }
            chunks.append(Chunk(digest: digest, bytes: bytes))
        }
        self.init(lineage: lineage, serial: serial, time: json["time"]?.stringValue ?? "", chunks: chunks)
    }
}
