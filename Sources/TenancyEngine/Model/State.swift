import Foundation
import TenancyModel

/// What was last applied: the system of record, in memory. Versioned, with a lineage fixed when
/// the state is first created (so that a plan or state file from another configuration is
/// recognised) and a serial that every apply increments (so that a stale plan is recognised).
/// How it is stored is `StateFile`'s business, as Terraform keeps `states` apart from
/// `states/statefile`.
package struct State: Sendable, Equatable {
    package var lineage: String
    package var serial: Int
    package var resources: [Address: StateResource]
    /// The key of this state's secret digests (HMAC-SHA-256), random, created with the lineage;
    /// nil in states written before keyed digests (they get one on their next write).
    package var secretKey: [UInt8]?
    /// SHA-256 over the configuration's files (paths relative to its root, each with its bytes'
    /// SHA-256) that the last apply was planned from: runtime answers link to a checkout's
    /// file:line only when its digest is this one. Nil when the last change was not an apply of a
    /// checkout (a state push, a rollback to a version without one, an older Tenancy).
    package var configurationDigest: String?
    /// The project this state belongs to: `metadata.name` of the configuration's `tenancy.yaml`,
    /// else its Organization's name. A configuration of another project pointed at this state is
    /// refused before planning (it would plan to destroy everything here). Nil in states written
    /// before it was recorded: the next apply adopts the current project, and its audit record
    /// says so.
    package var project: String?

    package init(lineage: String = UUID().uuidString.lowercased(), serial: Int = 0, resources: [Address: StateResource] = [:],
                secretKey: [UInt8]? = nil) {
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
        self.secretKey = secretKey
    }

    /// A new random digest key (32 bytes from the system's generator).
    package static func newSecretKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The largest serial a state may have: the next apply must still be able to add one.
    package static let maximumSerial = Int.max - 1
}

/// A resource as recorded: its identity (id, creation time) survives updates and renames.
package struct StateResource: Sendable, Equatable {
    package var id: String
    package var resource: Resource
    package var created: String
    package var updated: String

    package init(id: String, resource: Resource, created: String, updated: String) {
        self.id = id
        self.resource = resource
        self.created = created
        self.updated = updated
    }
}

/// The version of the state a change was planned against: what a commit compares before it swaps,
/// so that a second writer (say, after a lock was broken by force) can never overwrite the first.
package struct StateVersion: Sendable, Equatable, CustomStringConvertible {
    package let lineage: String
    package let serial: Int

    package init(lineage: String, serial: Int) {
        self.lineage = lineage
        self.serial = serial
    }

    package init(_ state: State) {
        self.init(lineage: state.lineage, serial: state.serial)
    }

    package var description: String { "lineage \(lineage), serial \(serial)" }
}
