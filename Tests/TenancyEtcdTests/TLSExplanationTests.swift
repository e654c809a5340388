import XCTest

@testable import TenancyEtcd
@testable import TenancyTransport

/// What a TLS failure is said to mean: each of libcurl's words for a refused or closed handshake
/// gets the setting to look at, never only the raw message.
final class TLSExplanationTests: XCTestCase {
    func testRefusalsAndClosedConnectionsNameWhatToSet() {
        let none = EtcdTLS(caFile: "/ca.pem")
        let offered = EtcdTLS(caFile: "/ca.pem", certFile: "/c.pem", keyFile: "/k.pem")
        for message in ["OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required",
                        "getpeername() failed with errno 107: Transport endpoint is not connected",
                        "Recv failure: Connection reset by peer", "Empty reply from server"] {
            XCTAssertTrue(CurlTransport.explain(code: 56, message: message, tls: none, names: EtcdClient.tlsSettingNames, tooLarge: false)
                .contains("a client certificate (--client-cert-auth): set spec.backend.etcd.tls.certFile"), message)
            XCTAssertTrue(CurlTransport.explain(code: 56, message: message, tls: offered, names: EtcdClient.tlsSettingNames, tooLarge: false)
                .contains("accept this client certificate"), message)
        }
        XCTAssertTrue(CurlTransport.explain(code: 60, message: "unable to get local issuer certificate", tls: EtcdTLS(), names: EtcdClient.tlsSettingNames, tooLarge: false)
            .contains("name the CA that signed it in spec.backend.etcd.tls.caFile"))
        XCTAssertTrue(CurlTransport.explain(code: 60, message: "x", tls: none, names: EtcdClient.tlsSettingNames, tooLarge: false).contains("check that /ca.pem is the CA"))
        XCTAssertEqual(CurlTransport.explain(code: 28, message: "Operation timed out", tls: none, names: EtcdClient.tlsSettingNames, tooLarge: false), "timed out (Operation timed out)")
    }
}
