import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TenancySupport

#if canImport(Glibc)
private let streamSocket = Int32(SOCK_STREAM.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Glibc.connect(fd, address, length)
}
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Glibc.send(fd, bytes, count, sendFlags) }
#else
private let streamSocket = SOCK_STREAM
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Darwin.connect(fd, address, length)
}
private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Darwin.send(fd, bytes, count, 0) }
#endif

/// One HTTP POST and its answer. Two implementations: plain HTTP/1.1 over a socket for `http://`
/// endpoints (`SocketTransport`), libcurl for `https://` ones (`CurlTransport`).
///
/// Not Foundation's URLSession: etcd's gateway sends every error (a compacted revision, no
/// leader, an unknown lease) as an HTTP/1.1 chunked response with trailers, and
/// swift-corelibs-foundation's URLSession on Linux (6.3) stops the process with "Transfer
/// completed, but there's no response" when it meets trailers; over TLS it can neither take a CA
/// file nor send a client certificate. Without it the binary does not load FoundationNetworking.
package protocol HTTPTransport: Sendable {
    func post(_ url: URL, body: [UInt8], headers: [String: String], timeout: Double) throws(TransportError) -> (status: Int, body: [UInt8])
}

/// Why a request got no HTTP answer.
package struct TransportError: Error, Sendable {
    package let reason: String
    package init(reason: String) { self.reason = reason }
}

/// HTTP/1.1 over a blocking socket, one connection per request (`Connection: close`), with a
/// deadline on connecting, sending and receiving. Reads Content-Length, chunked (trailers
/// skipped) and close-delimited bodies.
package struct SocketTransport: HTTPTransport {
    package init() {}

    package func post(_ url: URL, body: [UInt8], headers: [String: String], timeout: Double) throws(TransportError) -> (status: Int, body: [UInt8]) {
        guard let host = url.host else { throw TransportError(reason: "no host in \(url)") }
        let port = url.port ?? 80
        let fd = try connect(host: host, port: port, timeout: timeout)
        defer { close(fd) }
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        var head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try send(fd, Array(head.utf8) + body)
        var response = Response(fd: fd)
        return try response.read()
    }

    private func connect(host: String, port: Int, timeout: Double) throws(TransportError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamSocket
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw TransportError(reason: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var failure = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            var time = timeval(tv_sec: Int(timeout), tv_usec: .init((timeout - Double(Int(timeout))) * 1_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            // Non-blocking connect, so that a silent host cannot hold us past the timeout.
            let flags = fcntl(fd, F_GETFL, 0)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            #if canImport(Darwin)
            var noSignal: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &noSignal, socklen_t(MemoryLayout<Int32>.size))
            #endif
            var result = systemConnect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(timeout * 1000))
                if ready == 1 {
                    var error: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                    result = error == 0 ? 0 : -1
                    errno = error
                } else {
                    result = -1
                    errno = ready == 0 ? ETIMEDOUT : errno
                }
            }
            if result == 0 {
                _ = fcntl(fd, F_SETFL, flags)
                return fd
            }
            failure = String(cString: strerror(errno))
            close(fd)
        }
        throw TransportError(reason: failure == String(cString: strerror(ETIMEDOUT)) ? "connection timed out after \(Int(timeout))s" : failure)
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) throws(TransportError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in systemSend(fd, raw.baseAddress! + sent, bytes.count - sent) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TransportError(reason: errno == EAGAIN ? "timed out sending the request" : String(cString: strerror(errno)))
            }
            sent += n
        }
    }
}

/// Reads one HTTP/1.1 response from a socket, within bounds: a peer that sends an endless line,
/// endless headers or a body past `maximumBody` gets an error, not this process's memory.
package struct Response {
    /// The largest answer read: far above anything etcd's gateway sends (its values are under its
    /// 1.5 MiB request limit, a range of them a few hundred megabytes at the very most).
    package static let maximumBody = 1 << 30
    static let maximumLine = 64 << 10
    static let maximumHeaders = 200
    /// Where the bytes come from: a socket, or (for the fuzzers and tests) bytes already there.
    private enum Source {
        case socket(Int32)
        case bytes
    }
    private let source: Source
    var buffer: [UInt8] = []
    var position = 0
    var closed = false

    init(fd: Int32) { source = .socket(fd) }

    /// An answer already received whole.
    package init(bytes: [UInt8]) {
        source = .bytes
        buffer = bytes
        closed = true
    }

    mutating func fill() throws(TransportError) {
        guard case let .socket(fd) = source else {
            closed = true
            return
        }
        if position > 65536 {
            buffer.removeFirst(position)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TransportError(reason: errno == EAGAIN || errno == EWOULDBLOCK ? "timed out waiting for the answer" : String(cString: strerror(errno)))
            }
            if n == 0 { closed = true } else { buffer += chunk[0..<n] }
            return
        }
    }

    mutating func line() throws(TransportError) -> String {
        while true {
            if let end = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                guard end - position <= Self.maximumLine else { throw TransportError(reason: "an answer line longer than 64 KiB") }
                var text = buffer[position..<end]
                if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
                position = end + 1
                return String(decoding: text, as: UTF8.self)
            }
            if buffer.count - position > Self.maximumLine { throw TransportError(reason: "an answer line longer than 64 KiB") }
            if closed { throw TransportError(reason: "the connection closed in the middle of the answer") }
            try fill()
        }
    }

    mutating func bytes(_ count: Int) throws(TransportError) -> ArraySlice<UInt8> {
        while buffer.count - position < count {
            if closed { throw TransportError(reason: "the connection closed in the middle of the answer") }
            try fill()
        }
        defer { position += count }
        return buffer[position..<(position + count)]
    }

    package mutating func read() throws(TransportError) -> (status: Int, body: [UInt8]) {
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw TransportError(reason: "not an HTTP answer: \(statusLine.prefix(60))")
        }
        var length: Int?
        var chunked = false
        var headers = 0
        while true {
            let header = try line()
            if header.isEmpty { break }
            headers += 1
            guard headers <= Self.maximumHeaders else { throw TransportError(reason: "an answer with more than \(Self.maximumHeaders) headers") }
            guard let colon = header.firstIndex(of: ":") else { continue }
            let name = header[..<colon].lowercased()
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let count = Int(value), count >= 0 else { throw TransportError(reason: "a malformed Content-Length") }
                guard count <= Self.maximumBody else { throw TransportError(reason: "an answer of \(count) bytes, over the 1 GiB limit") }
                length = count
            }
            if name == "transfer-encoding", value.lowercased().contains("chunked") { chunked = true }
        }
        var body: [UInt8] = []
        if chunked {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "", radix: 16),
                      size >= 0 else {
                    throw TransportError(reason: "a malformed chunk size")
                }
                if size == 0 {
                    var trailers = 0
                    while try !line().isEmpty { // trailers, up to the empty line
                        trailers += 1
                        guard trailers <= Self.maximumHeaders else { throw TransportError(reason: "an answer with endless trailers") }
                    }
                    break
                }
                guard size <= Self.maximumBody - body.count else { throw TransportError(reason: "an answer over the 1 GiB limit") }
                body += try bytes(size)
                _ = try line()
            }
        } else if let length {
            body = Array(try bytes(length))
        } else {
            while !closed {
                try fill()
                guard buffer.count - position <= Self.maximumBody else { throw TransportError(reason: "an answer over the 1 GiB limit") }
            }
            body = Array(buffer[position...])
        }
        return (status, body)
    }
}
