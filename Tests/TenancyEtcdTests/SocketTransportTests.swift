import Foundation
@testable import TenancyEtcd
@testable import TenancyTransport
import TenancyEtcdCluster
import TenancyTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The plain HTTP/1.1 client against a scripted server on loopback: etcd's gateway answers errors
/// chunked with trailers, successes with a length; a silent server must time out, a closed port
/// must fail at once. (These run without etcd.)
final class SocketTransportTests: XCTestCase {
    /// Accepts one connection, reads the request, writes `answer` (nil: writes nothing and holds
    /// the connection open until the test ends), then closes.
    final class ScriptedServer: @unchecked Sendable {
        let port: Int
        private let listener: Int32
        private let done = DispatchSemaphore(value: 0)

        init(answer: [UInt8]?) throws {
            listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = listener
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            port = Int(UInt16(bigEndian: address.sin_port))
            listen(fd, 1)
            let done = self.done
            Thread {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                var buffer = [UInt8](repeating: 0, count: 65536)
                var request: [UInt8] = []
                while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
                    let n = recv(client, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    request += buffer[0..<n]
                }
                if let answer {
                    _ = answer.withUnsafeBytes { send(client, $0.baseAddress, answer.count, 0) }
                } else {
                    done.wait()
                }
                close(client)
            }.start()
        }

        deinit {
            done.signal()
            close(listener)
        }

        var url: URL { URL(string: "http://127.0.0.1:\(port)/v3/kv/range")! }
    }

    func post(_ server: ScriptedServer, timeout: Double = 2) throws(TransportError) -> (status: Int, body: [UInt8]) {
        try SocketTransport().post(server.url, body: Array("{}".utf8), headers: ["Content-Type": "application/json"], timeout: timeout)
    }

    func testLengthDelimitedAnswer() throws {
        let body = #"{"header":{"revision":"7"}}"#
        let server = try ScriptedServer(answer: Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
        let answer = try post(server)
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), body)
    }

    /// What etcd's gateway sends for every error: chunked, with trailers after the last chunk.
    func testChunkedAnswerWithTrailers() throws {
        let body = #"{"error":"etcdserver: requested lease not found","code":5}"#
        let half = body.utf8.count / 2
        let first = String(body.prefix(half)), second = String(body.dropFirst(half))
        let text = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTrailer: Grpc-Trailer-Content-Type\r\nTransfer-Encoding: chunked\r\n\r\n"
            + String(first.utf8.count, radix: 16) + "\r\n" + first + "\r\n"
            + String(second.utf8.count, radix: 16) + ";ext=1\r\n" + second + "\r\n"
            + "0\r\nGrpc-Trailer-Content-Type: application/grpc\r\n\r\n"
        let server = try ScriptedServer(answer: Array(text.utf8))
        let answer = try post(server)
        XCTAssertEqual(answer.status, 404)
        XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), body)
    }

    func testSilentServerTimesOutAndClosedPortFailsAtOnce() throws {
        let silent = try ScriptedServer(answer: nil)
        let start = Date()
        XCTAssertThrowsError(try post(silent, timeout: 0.5)) { error in
            XCTAssertTrue((error as? TransportError)?.reason.contains("timed out") == true, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        let closed = URL(string: "http://127.0.0.1:\(try EtcdCluster.freePortForTests())/v3/kv/range")!
        XCTAssertThrowsError(try SocketTransport().post(closed, body: [], headers: [:], timeout: 2)) { error in
            XCTAssertTrue((error as? TransportError)?.reason.lowercased().contains("refused") == true, "\(error)")
        }
    }

    func testGarbageIsAnErrorNotACrash() throws {
        for text in ["not http at all\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
                     "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n"] {
            let server = try ScriptedServer(answer: Array(text.utf8))
            XCTAssertThrowsError(try post(server), text)
        }
    }

    /// A peer that sends an endless line, endless headers, or claims a body past the limit gets
    /// an error naming the bound, not this process's memory.
    func testHostileAnswersAreBounded() throws {
        let cases: [(String, String)] = [
            ("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 70_000) + "\r\n\r\n", "longer than 64 KiB"),
            ("HTTP/1.1 200 OK\r\n" + String(repeating: "X-A: b\r\n", count: 300) + "\r\n", "more than 200 headers"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 9000000000000\r\n\r\n", "over the 1 GiB limit"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffff\r\n", "over the 1 GiB limit"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n", "malformed chunk size"),
        ]
        for (text, reason) in cases {
            let server = try ScriptedServer(answer: Array(text.utf8))
            XCTAssertThrowsError(try post(server), reason) { error in
                XCTAssertTrue((error as? TransportError)?.reason.contains(reason) == true, "\(error)")
            }
        }
    }
}
