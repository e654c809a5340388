import TenancyDiagnostics
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a folder holds a Tenancy configuration, decided before anything walks it: a
/// `tenancy.yaml` in it, or a Tenancy manifest (a `*.yaml`/`*.yml` file whose text declares
/// `apiVersion: tenancy/…`) in it or in its first two levels of subfolders.
///
/// A command pointed at the wrong folder (`--dir /`, a home folder, an empty one) is refused at
/// once, naming what was looked for, instead of walking millions of files or planning "no
/// changes" into a `.tenancy/` it created. The probe is bounded: two levels, hidden folders and
/// symbolic links to folders not entered, `/proc` and `/sys` never read, and a few kilobytes read
/// of each candidate file. A subfolder with a `tenancy.yaml` of its own is another project, not a
/// part of this one: its manifests do not make the folder above a configuration (`--dir /` on a
/// machine with a project in `/tmp/x/` is still refused).
package enum ConfigurationProbe {
    /// How many levels of subfolders below the folder are looked into.
    package static let depth = 2
    /// How much of a candidate file is read to find its `apiVersion`.
    static let headBytes = 8 << 10
    /// Folders whose contents are the kernel's, not files: never read.
    static let kernelFolders = ["/proc", "/sys"]

    /// True when `folder` holds a configuration by the rule above. The file system's root never
    /// does, whatever lies two levels below it (a loose manifest in /tmp/x/ would otherwise make
    /// `--dir /` walk the whole disk).
    package static func isConfiguration(_ folder: String) -> Bool {
        if isFileSystemRoot(folder) { return false }
        if FileIO.exists(Paths.join(folder, ProjectSettings.fileName)) { return true }
        return holdsManifest(folder, level: 0)
    }

    /// Whether `folder` is `/` (its real path, links resolved).
    package static func isFileSystemRoot(_ folder: String) -> Bool {
        guard let real = realpath(folder, nil) else { return Paths.absolute(folder) == "/" }
        defer { free(real) }
        return String(cString: real) == "/"
    }

    /// Subfolders within the probe's depth that hold a `tenancy.yaml` of their own: projects of
    /// their own, named when the folder above is refused (the `--dir` meant, likely).
    package static func nestedProjects(_ folder: String, level: Int = 0) -> [String] {
        guard level < depth, kernelFolder(containing: folder) == nil, let names = try? FileIO.names(in: folder) else { return [] }
        var found: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = Paths.join(folder, name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            if FileIO.exists(Paths.join(path, ProjectSettings.fileName)) { found.append(path) } else { found += nestedProjects(path, level: level + 1) }
        }
        return found
    }

    /// What was looked for, for a diagnostic that refuses a folder.
    package static let lookedFor = "a tenancy.yaml, or a Tenancy manifest (apiVersion: tenancy/v1) in it or in its first \(depth) levels of subfolders"

    /// `/proc` or `/sys` when `folder` (its real path, links resolved) is one of them or inside.
    package static func kernelFolder(containing folder: String) -> String? {
        var resolved = Paths.absolute(folder)
        if let real = realpath(folder, nil) {
            resolved = String(cString: real)
            free(real)
        }
        return kernelFolders.first { resolved == $0 || resolved.hasPrefix($0 + "/") }
    }

    private static func holdsManifest(_ folder: String, level: Int) -> Bool {
        if kernelFolder(containing: folder) != nil { return false }
        guard let names = try? FileIO.names(in: folder) else { return false }
        var subfolders: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = Paths.join(folder, name)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                subfolders.append(path)
            case S_IFREG, S_IFLNK:
                let lower = name.lowercased()
                if (lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")), declaresTenancy(path) { return true }
            default:
                continue
            }
        }
        guard level < depth else { return false }
        return subfolders.contains { !FileIO.exists(Paths.join($0, ProjectSettings.fileName)) && holdsManifest($0, level: level + 1) }
    }

    /// Whether a file given by name that lies in no configuration is a manifest to check: it
    /// declares `apiVersion: tenancy/…`, or a line `kind: <a Tenancy kind>` at the start of a line
    /// (a manifest that forgot its apiVersion is still checked, and told). Other YAML — a CI
    /// workflow, `.gitlab-ci.yml`, `.pre-commit-config.yaml` beside a configuration in a subfolder
    /// — is not a manifest at all.
    package static func looksLikeManifest(_ path: String) -> Bool {
        if declaresTenancy(path) { return true }
        guard let head = self.head(path) else { return false }
        let kinds = Set(Kind.allCases.map(\.rawValue))
        for line in head.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("kind:".utf8)) {
            let trimmed: Set<Character> = [" ", "\t", "\r", "\"", "'"]
            let text = String(decoding: line.dropFirst(5), as: UTF8.self)
            let value = String(text.drop { trimmed.contains($0) }.reversed().drop { trimmed.contains($0) }.reversed())
            if kinds.contains(value) { return true }
        }
        return false
    }

    /// The file's first kilobytes; nil when it is not a regular file or cannot be read. Opened
    /// without blocking, as a regular file only: a FIFO with a manifest's name must not hang the
    /// probe.
    static func head(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var buffer = [UInt8](repeating: 0, count: headBytes)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, headBytes) }
        guard count > 0 else { return nil }
        return Array(buffer[..<count])
    }

    /// Whether the file's first kilobytes hold an `apiVersion: tenancy/…` line (quoted or not).
    package static func declaresTenancy(_ path: String) -> Bool {
        guard let buffer = head(path) else { return false }
        let count = buffer.count
        // Byte by byte: each `apiVersion` followed by spaces, `:`, spaces or a quote, `tenancy/`.
        let key = Array("apiVersion".utf8), value = Array("tenancy/".utf8)
        var i = 0
        while i + key.count < count {
            defer { i += 1 }
            guard buffer[i] == key[0], buffer[i..<(i + key.count)].elementsEqual(key) else { continue }
            var j = i + key.count
            while j < count, buffer[j] == 0x20 || buffer[j] == 0x09 { j += 1 }
            guard j < count, buffer[j] == UInt8(ascii: ":") else { continue }
            j += 1
            while j < count, buffer[j] == 0x20 || buffer[j] == 0x09 || buffer[j] == 0x22 || buffer[j] == 0x27 { j += 1 }
            if j + value.count <= count, buffer[j..<(j + value.count)].elementsEqual(value) { return true }
        }
        return false
    }
}
