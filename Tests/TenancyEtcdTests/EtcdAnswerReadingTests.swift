import Foundation
import TenancyEtcd
import XCTest
import TenancyJSON

/// Answers of etcd's gateway read as a call reads them, from bytes (what the fuzz target
/// `fuzz-etcd-answer` drives): each hostile one is an error with a reason, never a trap.
final class EtcdAnswerReadingTests: XCTestCase {
    func answer(_ body: String, status: String = "200 OK") -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    func testAWellFormedRangeIsRead() {
        let value = Data(#"{"x":1}"#.utf8).base64EncodedString()
        let read = EtcdAnswerReading.read(answer(#"{"header":{"revision":"3"},"kvs":[{"key":"YQ==","value":"\#(value)","mod_revision":"3"}]}"#))
        XCTAssertEqual(read, "HTTP 200: 1 keys, 0 records")
    }

    /// Regression: a range value that is not a string (`5`, `""`) was sliced as if it were one,
    /// from one past its opening quote to one before its closing quote, and a one-byte value made
    /// that range run backwards (a trap).
    func testAValueThatIsNotAStringIsMalformed() {
        for value in ["5", "true", "{}", "[]", "null", #""""#] {
            let read = EtcdAnswerReading.read(answer(#"{"header":{},"kvs":[{"key":"YQ==","value":\#(value)}]}"#))
            XCTAssertTrue(read.contains("not base64") || read.contains("keys"), "\(value): \(read)")
        }
        XCTAssertTrue(EtcdAnswerReading.read(answer(#"{"header":{},"kvs":[{"key":7}]}"#)).contains("a key that is not base64"))
    }

    func testBrokenAnswersSayWhy() {
        let cases: [([UInt8], String)] = [
            ([], "the connection closed in the middle of the answer"),
            (Array("SSH-2.0-OpenSSH\r\n\r\n".utf8), "not an HTTP answer"),
            (Array("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n".utf8), "a malformed Content-Length"),
            (Array("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n".utf8), "over the 1 GiB limit"),
            (Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8), "a malformed chunk size"),
            (Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}".utf8), "closed in the middle"),
            (answer("<html>", status: "502 Bad Gateway"), "no etcd endpoint answered"),
            (answer("not json"), "not JSON"),
            (answer(#"{"error":"etcdserver: request is too large","code":3}"#, status: "400 Bad Request"), "refused the request"),
        ]
        for (bytes, reason) in cases {
            let read = EtcdAnswerReading.read(bytes)
            XCTAssertTrue(read.contains(reason), "\(String(decoding: bytes.prefix(40), as: UTF8.self)): \(read)")
        }
    }
}
