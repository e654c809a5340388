import CTenancySystem
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX file I/O as the project needs it: whole files read straight into one buffer, positioned
/// reads of a file's ends, complete writes that survive EINTR and short writes, and atomic
/// replacement. Every failure is a `FileError` naming the path and the reason in plain words.
package enum FileIO {
    /// What kind of file a mode is, in words, for the files that are not regular.
    package static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    /// Opens a regular file for reading; nil when it does not exist. A FIFO is opened without
    /// blocking (a FIFO with no writer would otherwise hang the open) and refused as not regular.
    package static func openRegular(_ path: String) throws(FileError) -> (fd: Int32, size: Int)? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .lastError(path, .open)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let failure = FileError.lastError(path, .stat)
            close(fd)
            throw failure
        }
        if let kind = kindName(info.st_mode) {
            close(fd)
            throw FileError(path: path, operation: .read, reason: .notRegular(kind))
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return (fd, Int(info.st_size))
    }

    /// A file's bytes, read straight into one array (no intermediate copies: a state file or a
    /// saved plan can be hundreds of megabytes, and each copy is peak memory); nil when there is no
    /// such file. `limit`: refuse files larger than this many bytes.
    package static func read(_ path: String, limit: Int = .max) throws(FileError) -> [UInt8]? {
        guard let (fd, size) = try openRegular(path) else { return nil }
        defer { close(fd) }
        if size > limit { throw FileError(path: path, operation: .read, reason: .tooLarge(limit: limit)) }
        return try readAll(fd, path: path, expected: size, limit: limit)
    }

    /// Everything left to read from `fd`, expecting about `expected` bytes: one allocation of that
    /// size in the usual case; if the file grew while it was read, reading goes on, up to `limit`.
    package static func readAll(_ fd: Int32, path: String, expected: Int, limit: Int = .max) throws(FileError) -> [UInt8] {
        // One byte more than expected, to see the end of the file without another read.
        var bytes = try readUpTo(fd, Swift.max(0, expected) + 1, path: path)
        var last = bytes.count
        while last > 0, bytes.count > expected {
            if bytes.count > limit { throw FileError(path: path, operation: .read, reason: .tooLarge(limit: limit)) }
            let more = try readUpTo(fd, 1 << 20, path: path)
            bytes.append(contentsOf: more)
            last = more.count
        }
        if bytes.count > limit { throw FileError(path: path, operation: .read, reason: .tooLarge(limit: limit)) }
        return bytes
    }

    /// Reads until `capacity` bytes or the end of the file, whichever comes first.
    private static func readUpTo(_ fd: Int32, _ capacity: Int, path: String) throws(FileError) -> [UInt8] {
        try fill(capacity, path: path) { base, done in Glibc_read(fd, base + done, capacity - done) }
    }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    package static func read(_ fd: Int32, count: Int, at offset: Int, path: String) throws(FileError) -> [UInt8] {
        guard count > 0 else { return [] }
        return try fill(count, path: path) { base, done in pread(fd, base + done, count - done, off_t(offset + done)) }
    }

    /// Reads up to `buffer.count` bytes at `offset` into `buffer` (a buffer read into again and
    /// again: no new memory per block); returns how many, fewer only at the end of the file.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int, path: String) throws(FileError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let (done, failure) = repeatStep(buffer.count, path: path) { done in pread(fd, base + done, buffer.count - done, off_t(offset + done)) }
        if let failure { throw failure }
        return done
    }

    /// `step(done)` (a read(2) or pread(2) at `done`) until `capacity` bytes are done or it
    /// reports the end; EINTR is retried, any other error ends it with the error.
    private static func repeatStep(_ capacity: Int, path: String, _ step: (_ done: Int) -> Int) -> (done: Int, failure: FileError?) {
        var done = 0
        while done < capacity {
            let n = step(done)
            if n < 0 {
                if errno == EINTR { continue }
                return (done, .lastError(path, .read))
            }
            if n == 0 { break }
            done += n
        }
        return (done, nil)
    }

    /// A new array of up to `capacity` bytes filled by `step` (a read(2) or pread(2) into the
    /// buffer at `done`), until it is full or `step` reports the end; EINTR is retried.
    private static func fill(_ capacity: Int, path: String,
                             _ step: (_ base: UnsafeMutablePointer<UInt8>, _ done: Int) -> Int) throws(FileError) -> [UInt8] {
        var failure: FileError?
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            guard let base = buffer.baseAddress else { count = 0; return }
            let result = repeatStep(capacity, path: path) { done in step(base, done) }
            failure = result.failure
            count = result.done
        }
        if let failure { throw failure }
        return bytes
    }

    /// The first `head` and the last `tail` bytes of a file; nil when there is no such file.
    package static func ends(of path: String, head: Int, tail: Int) throws(FileError) -> (head: [UInt8], tail: [UInt8])? {
        guard let (fd, size) = try openRegular(path) else { return nil }
        defer { close(fd) }
        return (try read(fd, count: Swift.min(head, size), at: 0, path: path),
                try read(fd, count: Swift.min(tail, size), at: Swift.max(0, size - tail), path: path))
    }

    /// Writes all of `bytes` (retrying on EINTR and short writes).
    package static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let n = Glibc_write(fd, base + written, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw .lastError(path, .write)
            }
            written += n
        }
    }

    package static func write(_ fd: Int32, _ bytes: [UInt8], path: String) throws(FileError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(FileError) in try write(fd, raw, path: path) } }.get()
    }

    /// fsync, retrying on EINTR.
    package static func sync(_ fd: Int32, path: String) throws(FileError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .lastError(path, .sync)
        }
    }

    /// fsync of a folder, so that a rename or a new entry in it survives a power cut. Best effort:
    /// some file systems refuse to sync folders, which loses nothing on the others.
    package static func syncFolder(_ folder: String) {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Replaces `path` with content produced piece by piece, so that either the old or the new
    /// content is there afterwards, whatever happens between: a temporary file in the same
    /// folder (mode 0600 unless given), every piece written, fsync, rename over `path`, fsync of the folder.
    /// `produce` calls its argument with each piece in order: a large state is never held whole.
    /// `alsoLinkedAt`: before the rename, the new file is also hard-linked there (a kept version).
    /// `cancellation`: a run stopped by a signal while the file is written (it ends the process
    /// at once) removes the temporary file first, so that an interrupted write leaves nothing.
    /// `withdrawnOnStop`: the file only stands for a run that finished (a saved plan): a stop at
    /// any later moment of the run removes it again, if it is still the file written here (its
    /// device and inode), never one written since by someone else. The removal is registered
    /// before the rename, so no moment is left in which a stop keeps the file.
    package static func atomicWrite<Failure: Error>(
        to path: String, alsoLinkedAt extra: String? = nil, mode: mode_t = 0o600, cancellation: Cancellation? = nil,
        withdrawnOnStop: Bool = false,
        mapError: @escaping (FileError) -> Failure,
        producing produce: ((UnsafeRawBufferPointer) throws(Failure) -> Void) throws(Failure) -> Void
    ) throws(Failure) {
        let folder = Paths.folder(of: path)
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let written = Locked<FileIdentity?>(nil)
        // Registered before the file exists: a stop between its creation and the registration
        // would leave it behind (removing a file that is not there yet is harmless).
        let cleanup = cancellation?.onStop {
            unlink(temporary)
            if withdrawnOnStop, let identity = written.withLock({ $0 }), FileIdentity(path) == identity { unlink(path) }
        }
        var finished = false
        defer { if let cleanup, !(finished && withdrawnOnStop) { cancellation?.release(cleanup) } }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw mapError(.lastError(path, .create)) }
        if withdrawnOnStop, let identity = FileIdentity(descriptor: fd) { written.withLock { $0 = identity } }
        do throws(Failure) {
            try produce { (piece) throws(Failure) in
                do throws(FileError) { try write(fd, piece, path: path) } catch { throw mapError(error) }
            }
            do throws(FileError) { try sync(fd, path: path) } catch { throw mapError(error) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        if let extra {
            unlink(extra)
            guard link(temporary, extra) == 0 else {
                let failure = FileError.lastError(extra, .link)
                unlink(temporary)
                throw mapError(failure)
            }
        }
        guard rename(temporary, path) == 0 else {
            let failure = FileError.lastError(path, .rename)
            unlink(temporary)
            throw mapError(failure)
        }
        finished = true
        syncFolder(folder)
    }

    /// Which file is which (device and inode): a file removed only while it is still the one
    /// written, a folder walked once whatever links lead to it, a file loaded once.
    package struct FileIdentity: Sendable, Hashable {
        let device: UInt64
        let inode: UInt64

        package init(_ info: stat) {
            device = UInt64(truncatingIfNeeded: info.st_dev)
            inode = UInt64(truncatingIfNeeded: info.st_ino)
        }

        /// The file `path` names, not following a symbolic link at the end.
        package init?(_ path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        package init?(descriptor: Int32) {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { return nil }
            self.init(info)
        }
    }

    /// Refuses to replace what is not a regular file: an output the user names (`--out
    /// /dev/stdout`, a symbolic link to a descriptor; a FIFO; a device; a folder) would otherwise
    /// be replaced by the rename of an atomic write.
    package static func checkReplaceable(_ path: String) throws(FileError) {
        var info = stat()
        if lstat(path, &info) == 0, let kind = kindName(info.st_mode) {
            throw FileError(path: path, operation: .write, reason: .notRegular(kind))
        }
    }

    /// The same for bytes already in memory.
    package static func atomicWrite(_ bytes: [UInt8], to path: String, alsoLinkedAt extra: String? = nil,
                                   mode: mode_t = 0o600, cancellation: Cancellation? = nil) throws(FileError) {
        try atomicWrite(to: path, alsoLinkedAt: extra, mode: mode, cancellation: cancellation, mapError: { $0 }) { (write) throws(FileError) in
            try bytes.withUnsafeBytes { raw in Result { () throws(FileError) in try write(raw) } }.get()
        }
    }

    /// Writes several files as one: each is first written whole beside its place (and synced);
    /// only when every one is, they are renamed into place. A failure while writing (a full disk)
    /// leaves every file as it was; renaming, which needs no space, is what is left to fail.
    package static func writeTogether(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644,
                                     cancellation: Cancellation? = nil) throws(FileError) {
        let suffix = ".staged-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staged = files.map { $0.path + suffix }
        // Removing a staged name not written yet (or renamed already) is harmless.
        @Sendable func discard(from first: Int = 0) { for path in staged[first...] { unlink(path) } }
        // Stopped by a signal midway: the staged files go too (what was renamed is whole).
        let cleanup = cancellation?.onStop { discard() }
        defer { if let cleanup { cancellation?.release(cleanup) } }
        for file in files { try checkReplaceable(file.path) }
        for (i, file) in files.enumerated() {
            do throws(FileError) { try atomicWrite(file.bytes, to: staged[i], mode: mode, cancellation: cancellation) } catch {
                discard()
                throw FileError(path: file.path, operation: error.operation, reason: error.reason)
            }
        }
        for (i, file) in files.enumerated() where rename(staged[i], file.path) != 0 {
            let failure = FileError.lastError(file.path, .rename)
            discard(from: i)
            throw failure
        }
        for folder in Set(files.map { Paths.folder(of: $0.path) }) { syncFolder(folder) }
    }

    /// Reserves space for `length` more bytes at the end of the file open at `fd`, its size
    /// unchanged, so that appending them cannot fail for want of space; also refuses (EFBIG) when
    /// the process's file-size limit would stop the append. A file system that cannot reserve
    /// (EOPNOTSUPP) is not an error: the append then takes its chances.
    package static func reserve(_ fd: Int32, appending length: Int, path: String) throws(FileError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .lastError(path, .stat) }
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
        let resource = RLIMIT_FSIZE
        #endif
        if getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max, UInt64(info.st_size) + UInt64(length) > UInt64(limit.rlim_cur) {
            throw FileError(path: path, operation: .write, reason: .errno(EFBIG))
        }
        let result = tenancy_reserve(fd, info.st_size, off_t(length))
        guard result == 0 || result == EOPNOTSUPP || result == ENOSYS else {
            throw FileError(path: path, operation: .write, reason: .errno(result))
        }
    }

    /// Whether something (a file, a folder, a broken link) exists at `path`.
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether `path` is a folder (following symbolic links).
    package static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` may be written by Tenancy: not a symbolic link (it is not followed), not a
    /// file of another user (one a stranger could have planted or can rewrite: an audit log), and
    /// in a folder that is a real folder (not a link), owned by this user or root, and not
    /// writable by anyone else, sticky or not: in a shared folder others may create the names
    /// Tenancy is about to use. A path that does not exist yet is fine.
    package static func checkWritablePlace(_ path: String) throws(FileError) {
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK { throw FileError(path: path, operation: .write, reason: .symbolicLink) }
            if info.st_uid != geteuid() && info.st_uid != 0 {
                throw FileError(path: path, operation: .write, reason: .unsafeFolder("it belongs to another user (uid \(info.st_uid)), who could have planted or could rewrite it"))
            }
        }
        let folder = Paths.folder(of: path)
        guard lstat(folder.isEmpty ? "." : folder, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            throw FileError(path: folder, operation: .write, reason: .symbolicLink)
        }
        if info.st_uid != geteuid() && info.st_uid != 0 {
            throw FileError(path: folder, operation: .write, reason: .unsafeFolder("the folder belongs to another user (uid \(info.st_uid))"))
        }
        if info.st_mode & S_IWOTH != 0 {
            throw FileError(path: folder, operation: .write,
                            reason: .unsafeFolder(info.st_mode & S_ISVTX == 0 ? "anyone may write in the folder"
                                                  : "anyone may create files in the folder (it is writable by everyone, sticky or not)"))
        }
    }

    /// A folder anyone may write in (without the sticky bit that keeps others from renaming
    /// one's entries) lets another user swap an entry for a symbolic link between Tenancy's
    /// check and its write: refused. For the folder that holds `.tenancy/` too, whose owner may be
    /// another user (a checkout made by the CI runner's user).
    package static func checkNotWritableByAnyone(_ folder: String) throws(FileError) {
        var info = stat()
        guard lstat(folder.isEmpty ? "." : folder, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR, info.st_mode & S_IWOTH != 0 && info.st_mode & S_ISVTX == 0 {
            throw FileError(path: folder.isEmpty ? "." : folder, operation: .write, reason: .unsafeFolder("anyone may write in the folder"))
        }
    }

    /// Creates a folder and its parents (mode 0755 unless given); an existing folder is fine.
    package static func createFolder(_ path: String, mode: mode_t = 0o755) throws(FileError) {
        if isFolder(path) { return }
        let parent = Paths.folder(of: path)
        if parent != path, parent != ".", parent != "/", !isFolder(parent) { try createFolder(parent, mode: mode) }
        if mkdir(path, mode) != 0, errno != EEXIST { throw .lastError(path, .create) }
        if !isFolder(path) { throw FileError(path: path, operation: .create, reason: .errno(ENOTDIR)) }
    }

    /// An entry of a folder as `readdir` gives it: its name as text when the bytes are UTF-8,
    /// and the bytes themselves.
    package struct FolderEntry: Sendable {
        /// Nil when the name is not valid UTF-8 (no Swift string names it exactly).
        package let name: String?
        package let bytes: [UInt8]

        /// The name for messages: as it is, or with each byte that is not UTF-8 as `\xHH`.
        package var display: String { name ?? Self.escaped(bytes) }

        static func escaped(_ bytes: [UInt8]) -> String {
            var out = ""
            var i = 0
            while i < bytes.count {
                // The longest valid UTF-8 run from here, else one byte escaped.
                var end = min(bytes.count, i + 4)
                while end > i, String(validating: bytes[i..<end], as: UTF8.self) == nil { end -= 1 }
                if end > i, let text = String(validating: bytes[i..<end], as: UTF8.self) {
                    out += text
                    i = end
                } else {
                    let hex = String(bytes[i], radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                    i += 1
                }
            }
            return out
        }
    }

    /// The entries of a folder (without `.` and `..`), unsorted, names that are not UTF-8
    /// included (callers decide whether such an entry matters, and report it when it does).
    package static func entries(in folder: String) throws(FileError) -> [FolderEntry] {
        guard let dir = opendir(folder) else { throw .lastError(folder, .list) }
        defer { closedir(dir) }
        var entries: [FolderEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw .lastError(folder, .list) }
                break
            }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            entries.append(FolderEntry(name: String(validating: bytes, as: UTF8.self), bytes: bytes))
        }
        return entries
    }

    /// The UTF-8 names in a folder (without `.` and `..`), unsorted. A name that is not UTF-8 is
    /// left out here: callers for whom such an entry could matter use `entries(in:)`.
    package static func names(in folder: String) throws(FileError) -> [String] {
        try entries(in: folder).compactMap(\.name)
    }

    /// `lstat` (or `stat` when `following`) of a folder's entry named by its bytes: the one way
    /// to look at an entry whose name is not UTF-8.
    package static func status(of entry: FolderEntry, in folder: String, following: Bool = false) -> stat? {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + entry.bytes + [0]
        var info = stat()
        let result = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { text -> Int32 in
                guard let base = text.baseAddress else { return -1 }
                return following ? stat(base, &info) : lstat(base, &info)
            }
        }
        return result == 0 ? info : nil
    }
}

/// read(2) and write(2) under names of their own: inside types that have `read` and `write`
/// methods, the bare names would resolve to those.
@inline(__always)
func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

@inline(__always)
func Glibc_write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
