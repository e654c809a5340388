import Foundation
import TenancyEngine
import TenancyEtcd
#if canImport(Glibc)
import Glibc
#endif

/// Real etcd processes for tests: each member on free loopback ports with a temporary data
/// directory, stopped and removed by `stop()`. Members can be killed (SIGKILL) and restarted on
/// the same ports and data, to test what a cluster does when it loses members.
package final class EtcdCluster {
    package struct Member {
        package let name: String
        package let clientPort: Int
        package let peerPort: Int
        package let dataDirectory: String
        /// `https` when the cluster serves TLS.
        package let scheme: String
        package var endpoint: URL { URL(string: "\(scheme)://127.0.0.1:\(clientPort)")! }
    }

    /// TLS on the client URLs: the server's certificate and key, and with `clientCA` etcd's
    /// `--client-cert-auth --trusted-ca-file` (clients must show a certificate that CA signed).
    /// `client`: what the cluster's own readiness checks connect with.
    package struct TLS {
        package let certFile: String
        package let keyFile: String
        package let clientCA: String?
        package let client: EtcdTLS
        package init(certFile: String, keyFile: String, clientCA: String?, client: EtcdTLS) {
            self.certFile = certFile
            self.keyFile = keyFile
            self.clientCA = clientCA
            self.client = client
        }
    }

    package let members: [Member]
    package let tls: TLS?
    package let folder: String
    let binary: String
    let token: String
    private var processes: [Int: Process] = [:]

    /// The etcd binary: TENANCY_ETCD_BINARY, else `etcd` on the PATH; nil when there is none.
    package static func binary() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TENANCY_ETCD_BINARY"], FileManager.default.isExecutableFile(atPath: path) { return path }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/etcd"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The line a test skips with when etcd is not installed.
    package static let missingMessage = "etcd is not installed (apt-get install etcd-server, or set TENANCY_ETCD_BINARY); the etcd tests are skipped"

    /// Starts `size` members and waits until the cluster answers; nil when etcd is not installed.
    package static func start(size: Int = 1, tls: TLS? = nil) throws -> EtcdCluster? {
        guard let binary = binary() else { return nil }
        let cluster = try EtcdCluster(binary: binary, size: size, tls: tls)
        do {
            for index in cluster.members.indices { try cluster.launch(index) }
            try cluster.waitUntilReady(timeout: 30)
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    private init(binary: String, size: Int, tls: TLS?) throws {
        self.binary = binary
        self.tls = tls
        token = "tenancy-test-\(UUID().uuidString.prefix(8))"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-etcd-\(UUID().uuidString)").path
        self.folder = folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var ports = Set<Int>()
        while ports.count < size * 2 { ports.insert(try Self.freePort()) }
        let sorted = Array(ports)
        members = (0..<size).map { i in
            Member(name: "m\(i)", clientPort: sorted[2 * i], peerPort: sorted[2 * i + 1], dataDirectory: "\(folder)/m\(i)",
                   scheme: tls == nil ? "http" : "https")
        }
    }

    deinit { stop() }

    package var endpoints: [URL] { members.map(\.endpoint) }

    /// The server's version, as the first member reports it.
    package var version: String? {
        let client = EtcdClient(endpoints: [members[0].endpoint], tls: tls?.client ?? EtcdTLS(), timeout: 2, rounds: 1)
        return (try? client.call("maintenance/status", .object([:])))?["version"]?.stringValue
    }

    /// A loopback port nobody listens on (for a dead endpoint).
    package static func freePortForTests() throws -> Int { try freePort() }

    /// A port the kernel just handed out on loopback (free now; etcd binds it a moment later).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func launch(_ index: Int) throws {
        let member = members[index]
        let initial = members.map { "\($0.name)=http://127.0.0.1:\($0.peerPort)" }.joined(separator: ",")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--name", member.name, "--data-dir", member.dataDirectory,
            "--listen-client-urls", member.endpoint.absoluteString,
            "--advertise-client-urls", member.endpoint.absoluteString,
            "--listen-peer-urls", "http://127.0.0.1:\(member.peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(member.peerPort)",
            "--initial-cluster", initial, "--initial-cluster-token", token, "--initial-cluster-state", "new",
            "--heartbeat-interval", "50", "--election-timeout", "500",
            "--logger", "zap", "--log-level", "warn",
        ]
        if let tls {
            process.arguments! += ["--cert-file", tls.certFile, "--key-file", tls.keyFile]
            if let ca = tls.clientCA { process.arguments! += ["--client-cert-auth", "--trusted-ca-file", ca] }
        }
        let log = "\(folder)/\(member.name).log"
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = FileHandle(forWritingAtPath: log)
        _ = handle?.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[index] = process
    }

    /// Waits until every running member answers a status request.
    package func waitUntilReady(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        for index in processes.keys.sorted() {
            let client = EtcdClient(endpoints: [members[index].endpoint], tls: tls?.client ?? EtcdTLS(), timeout: 1, rounds: 1)
            while true {
                if (try? client.call("maintenance/status", .object([:]))) != nil,
                   (try? client.get("tenancy-test-ready")) != nil { break }
                if Date() >= deadline {
                    throw EtcdError.unreachable(["\(members[index].endpoint): not ready after \(Int(timeout))s; see \(folder)/\(members[index].name).log"])
                }
                usleep(100_000)
            }
        }
    }

    /// SIGKILL: the member stops at once, as on a machine failure.
    package func kill(_ index: Int) {
        guard let process = processes.removeValue(forKey: index) else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts a killed member again, on its ports and data.
    package func restart(_ index: Int) throws {
        try launch(index)
    }

    /// Stops every member and removes the data.
    package func stop() {
        for index in Array(processes.keys) {
            guard let process = processes.removeValue(forKey: index) else { continue }
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
