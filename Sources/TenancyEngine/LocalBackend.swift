import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// write(2), named apart from `LocalBackend.write(_:expecting:)`.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// Who holds the state lock, as written into the lock file (Terraform's fields).
public struct LockInfo: Sendable, Equatable {
    public let id: String
    public let operation: String
    public let who: String
    public let created: String
    public let path: String

    public var json: JSON {
        .object(["ID": .string(id), "Operation": .string(operation), "Who": .string(who),
                 "Created": .string(created), "Path": .string(path)])
    }

    init?(json: JSON) {
        guard let id = json["ID"]?.stringValue else { return nil }
        self.id = id
        operation = json["Operation"]?.stringValue ?? "?"
        who = json["Who"]?.stringValue ?? "?"
        created = json["Created"]?.stringValue ?? "?"
        path = json["Path"]?.stringValue ?? "?"
    }

    public init(id: String, operation: String, who: String, created: String, path: String) {
        self.id = id
        self.operation = operation
        self.who = who
        self.created = created
        self.path = path
    }
}

/// Why a lock could not be taken or released.
public enum LockError: Error, Sendable, Equatable, CustomStringConvertible {
    case held(LockInfo)
    case notHeld(id: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .held(info):
            return "the state is locked by \(info.who) since \(info.created) (operation: \(info.operation), lock ID \(info.id))"
        case let .notHeld(id): return "no lock with ID \(id) is held"
        case let .io(path, reason): return "cannot lock \(path): \(reason)"
        }
    }
}

/// The embedded default: state in a file beside the configuration. Writes never tear: a temporary
/// file in the same folder, fsync, rename over the old one, fsync of the folder; the previous
/// version is kept as `state.json.backup`. The lock is a file created exclusively.
public struct LocalBackend: Sendable {
    public let statePath: String
    public var backupPath: String { statePath + ".backup" }
    public var lockPath: String { statePath + ".lock" }

    public init(statePath: String) {
        self.statePath = statePath
    }

    // MARK: State

    /// The stored state, or nil when there is none yet.
    public func read() throws(StateError) -> State? {
        guard FileManager.default.fileExists(atPath: statePath) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: statePath)) } catch {
            throw .io(path: statePath, reason: error.localizedDescription)
        }
        return try State(bytes: Array(data), path: statePath)
    }

    /// Replaces the state, atomically, if the stored one is still the one the caller read
    /// (`expected` lineage and serial; nil when there was none): a compare-and-swap, so that a
    /// broken lock can never make one writer overwrite another's work.
    public func write(_ state: State, expecting expected: (lineage: String, serial: Int)?) throws(StateError) {
        let current = try read()
        switch (current, expected) {
        case (nil, nil): break
        case let (current?, expected?) where current.lineage == expected.lineage && current.serial == expected.serial: break
        case let (current?, _):
            throw .corrupt(path: statePath, reason: "it changed since it was read (now lineage \(current.lineage), serial \(current.serial)); run the command again")
        case (nil, _?):
            throw .corrupt(path: statePath, reason: "it was removed since it was read")
        }
        let folder = (statePath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, reason: error.localizedDescription)
        }
        if current != nil {
            let previous: Data
            do { previous = try Data(contentsOf: URL(fileURLWithPath: statePath)) } catch {
                throw .io(path: statePath, reason: error.localizedDescription)
            }
            try Self.atomicWrite(Array(previous), to: backupPath)
        }
        try Self.atomicWrite(Array(state.canonicalText().utf8), to: statePath)
        removeLeftovers()
    }

    /// Temporary files of runs killed mid-write. Called under the lock, after a successful write,
    /// so no other writer can own one.
    private func removeLeftovers() {
        let folder = (statePath as NSString).deletingLastPathComponent
        let name = (statePath as NSString).lastPathComponent
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        for entry in entries where entry.hasPrefix(name + ".tmp-") || entry.hasPrefix(name + ".backup.tmp-") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(entry))
        }
    }

    /// Temporary file, write, fsync, rename, fsync of the folder; mode 0600. Either the old or the
    /// new content is at `path` afterwards, whatever happens in between.
    public static func atomicWrite(_ bytes: [UInt8], to path: String) throws(StateError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .io(path: temporary, reason: String(cString: strerror(errno))) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in raw.baseAddress.map { posixWrite(fd, $0 + written, bytes.count - written) } ?? 0 }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw .io(path: path, reason: reason)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw .io(path: path, reason: reason)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .io(path: path, reason: reason)
        }
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    // MARK: Lock

    /// Takes the lock, waiting up to `timeout` seconds for a holder to release it.
    public func lock(operation: String, who: String, timeout: Double, now: () -> Date = Date.init) throws(LockError) -> LockInfo {
        let info = LockInfo(id: UUID().uuidString.lowercased(), operation: operation, who: who,
                            created: ISO8601DateFormatter().string(from: now()), path: statePath)
        let folder = (lockPath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .io(path: folder, reason: error.localizedDescription)
        }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while true {
            let fd = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                let bytes = Array(info.json.canonicalText().utf8)
                let ok = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress!, bytes.count) } == bytes.count && fsync(fd) == 0
                close(fd)
                guard ok else {
                    unlink(lockPath)
                    throw .io(path: lockPath, reason: String(cString: strerror(errno)))
                }
                return info
            }
            guard errno == EEXIST else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
            if Date() >= deadline {
                throw .held(holder() ?? LockInfo(id: "unknown", operation: "?", who: "?", created: "?", path: statePath))
            }
            usleep(100_000)
        }
    }

    /// Who holds the lock now, if anyone.
    public func holder() -> LockInfo? {
        guard let data = FileManager.default.contents(atPath: lockPath), let json = try? JSONParser.parse(Array(data)) else {
            return nil
        }
        return LockInfo(json: json)
    }

    /// Releases a lock this process took.
    public func unlock(_ info: LockInfo) {
        if holder()?.id == info.id { unlink(lockPath) }
    }

    /// `tenancy force-unlock ID`: removes the lock if it has this ID.
    public func forceUnlock(id: String) throws(LockError) {
        guard let info = holder(), info.id == id else { throw .notHeld(id: id) }
        guard unlink(lockPath) == 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
    }
}
