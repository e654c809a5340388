import Foundation
import TenancySupport
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on loopback in front of one etcd member, for tests of what the network can do to a
/// run: pass everything, accept and never answer, delay every answer, or lose the answer to (or
/// the whole of) chosen requests. Tenancy's plain-HTTP client opens one connection per request,
/// so a connection is a request here.
package final class FaultProxy: @unchecked Sendable {
    package enum Mode: Sendable {
        /// Forward both ways.
        case pass
        /// Accept connections and read them, never connect upstream, never answer.
        case silent
        /// Forward, holding each answer back this many seconds first.
        case delay(Double)
        /// Requests whose bytes satisfy the predicate are forwarded, their answers dropped and the
        /// connection closed (the request happened; its caller never learns it), `times` times.
        case loseAnswers(times: Int, to: @Sendable ([UInt8]) -> Bool)
        /// Such requests are cut off before they reach the member (nothing happened).
        case dropRequests(times: Int, to: @Sendable ([UInt8]) -> Bool)
        /// Such requests are held this many seconds before they are forwarded (a test kills the
        /// member meanwhile), once.
        case holdRequests(seconds: Double, to: @Sendable ([UInt8]) -> Bool)
    }

    package let port: Int
    package let upstream: Int
    private let listener: Int32
    private let mode = Locked<Mode>(.pass)
    private let open = Locked<Set<Int32>>([])
    private let stopped = Locked(false)
    /// Requests that matched a predicate, and what was done to them.
    package let events = Locked<[String]>([])

    package var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Listens on a free loopback port, forwarding to `upstream` on loopback.
    package init(upstream: Int) throws {
        self.upstream = upstream
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw CocoaError(.fileWriteUnknown)
        }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    package func set(_ mode: Mode) { self.mode.withLock { $0 = mode } }

    /// Closes the listener and every connection.
    package func stop() {
        guard !stopped.withLock({ let was = $0; $0 = true; return was }) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            open.withLock { _ = $0.insert(client) }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    /// One connection: read the request whole (headers and Content-Length body), then act.
    private func serve(_ client: Int32) {
        defer {
            open.withLock { _ = $0.remove(client) }
            close(client)
        }
        guard let request = readRequest(client) else { return }
        let current = mode.withLock { mode -> Mode in
            switch mode {
            case let .loseAnswers(times, predicate) where predicate(request):
                mode = times > 1 ? .loseAnswers(times: times - 1, to: predicate) : .pass
                return .loseAnswers(times: 1, to: predicate)
            case let .dropRequests(times, predicate) where predicate(request):
                mode = times > 1 ? .dropRequests(times: times - 1, to: predicate) : .pass
                return .dropRequests(times: 1, to: predicate)
            case let .holdRequests(seconds, predicate) where predicate(request):
                mode = .pass
                return .holdRequests(seconds: seconds, to: predicate)
            case .loseAnswers, .dropRequests, .holdRequests: return .pass
            default: return mode
            }
        }
        switch current {
        case .silent:
            // Hold the connection open, answering nothing, until the client gives up.
            var sink = [UInt8](repeating: 0, count: 4096)
            while recv(client, &sink, sink.count, 0) > 0 {}
        case .dropRequests:
            events.withLock { $0.append("dropped a request") }
        case .pass, .delay, .loseAnswers, .holdRequests:
            if case let .holdRequests(seconds, _) = current {
                events.withLock { $0.append("holding a request") }
                usleep(UInt32(seconds * 1_000_000))
            }
            guard let server = connectUpstream() else { return }
            defer { close(server) }
            guard sendAll(server, request) else { return }
            let answer = readAll(server)
            if case .loseAnswers = current {
                events.withLock { $0.append("lost an answer") }
                return
            }
            if case let .delay(seconds) = current { usleep(UInt32(seconds * 1_000_000)) }
            _ = sendAll(client, answer)
        }
    }

    private func readRequest(_ fd: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if data.count >= end.upperBound + length { return data }
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return data.isEmpty ? nil : data }
            data += chunk[0..<n]
        }
    }

    private func readAll(_ fd: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return data }
            data += chunk[0..<n]
        }
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    private func connectUpstream() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = Self.loopback(port: upstream)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
