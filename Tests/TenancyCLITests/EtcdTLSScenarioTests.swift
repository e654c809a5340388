import Foundation
import TenancyEtcd
import TenancyEtcdCluster
import TenancyTestSupport
import XCTest

/// etcd as production runs it: TLS on the client URLs with `--client-cert-auth` and a private CA.
/// The certificates are made here with openssl; the machine's trust store is never touched.
final class EtcdTLSScenarioTests: XCTestCase {
    var cluster: EtcdCluster?
    var folder: URL!
    var certificates: TestCertificates!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tenancy-etcd-tls-\(UUID().uuidString)")
        guard let made = try TestCertificates.make(in: folder.appendingPathComponent("pki").path) else {
            throw MissingTool.skip("openssl", TestCertificates.missingMessage)
        }
        certificates = made
        let tls = EtcdCluster.TLS(certFile: made.serverCert, keyFile: made.serverKey, clientCA: made.ca,
                                  client: EtcdTLS(caFile: made.ca, certFile: made.clientCert, keyFile: made.clientKey))
        guard let started = try EtcdCluster.start(size: 1, tls: tls) else { throw MissingTool.skip("etcd", EtcdCluster.missingMessage) }
        cluster = started
    }

    override func tearDown() {
        cluster?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A configuration whose tenancy.yaml names the endpoint and `tls` (or not).
    func configure(_ tls: String) throws -> URL {
        let root = folder.appendingPathComponent("config-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let endpoint = try XCTUnwrap(cluster?.endpoints.first)
        let project = """
        apiVersion: tenancy/v1
        kind: Project
        metadata: {name: tls}
        spec:
          backend:
            etcd:
              endpoints: [\(endpoint.absoluteString)]
              prefix: /tls/
              timeout: 3s
        \(tls)
        ---
        apiVersion: tenancy/v1
        kind: Workspace
        metadata: {name: secure}
        spec:
          template: enterprise-starter
          quotas: {users: 10, concurrentConnections: 100, storage: 1GiB}

        """
        try Data(project.utf8).write(to: root.appendingPathComponent("tenancy.yaml"))
        return root
    }

    func tenancy(_ arguments: [String], in root: URL, environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
        try TenancyRun.binary(arguments, in: root, environment: ["TENANCY_ACTOR": "tls-test"].merging(environment) { $1 })
    }

    func testTheRightClientCertificateIsAccepted() throws {
        // Files relative to the configuration's root, as a repository would hold them.
        let root = try configure("""
              tls:
                caFile: pki/ca.pem
                certFile: pki/client.pem
                keyFile: pki/client.key
        """)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("pki").path, withDestinationPath: certificates.folder)
        let apply = try tenancy(["apply", "--auto-approve"], in: root)
        XCTAssertEqual(apply.code, 0, apply.err)
        XCTAssertTrue(apply.out.contains("Apply complete! Resources: 1 added"), apply.out)
        let plan = try tenancy(["plan", "--detailed-exitcode"], in: root)
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertEqual(try tenancy(["audit", "verify"], in: root).code, 0)
    }

    func testTheEnvironmentNamesTheFilesInCI() throws {
        let root = try configure("")
        let plan = try tenancy(["plan"], in: root, environment: [
            "TENANCY_ETCD_CA_FILE": certificates.ca, "TENANCY_ETCD_CERT_FILE": certificates.clientCert,
            "TENANCY_ETCD_KEY_FILE": certificates.clientKey,
        ])
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.contains("Plan: 1 to add"), plan.out)
    }

    func testNoOrAWrongCertificateIsRefusedClearly() throws {
        let withoutCertificate = try tenancy(["plan"], in: try configure("      tls: {caFile: \(certificates.ca)}"))
        XCTAssertEqual(withoutCertificate.code, 1)
        // The refusal comes as a TLS alert, or (TLS 1.3, by timing) as the server closing the
        // connection: both say what to set.
        XCTAssertTrue(withoutCertificate.err.contains("a client certificate (--client-cert-auth): set spec.backend.etcd.tls.certFile"),
                      withoutCertificate.err)
        XCTAssertTrue(withoutCertificate.err.contains(try XCTUnwrap(cluster?.endpoints.first).absoluteString), "names the endpoint")

        let wrong = try tenancy(["plan"], in: try configure("""
              tls: {caFile: \(certificates.ca), certFile: \(certificates.otherClientCert), keyFile: \(certificates.otherClientKey)}
        """))
        XCTAssertEqual(wrong.code, 1)
        XCTAssertTrue(wrong.err.contains("accept this client certificate"), wrong.err)

        // The server's certificate checked against the system's trust store, which does not know the test CA.
        let untrusted = try tenancy(["plan"], in: try configure("""
              tls: {certFile: \(certificates.clientCert), keyFile: \(certificates.clientKey)}
        """))
        XCTAssertEqual(untrusted.code, 1)
        XCTAssertTrue(untrusted.err.contains("the server's certificate is not trusted") && untrusted.err.contains("caFile"), untrusted.err)

        // Against the wrong CA file.
        let otherCA = try tenancy(["plan"], in: try configure("""
              tls: {caFile: \(certificates.otherCA), certFile: \(certificates.clientCert), keyFile: \(certificates.clientKey)}
        """))
        XCTAssertEqual(otherCA.code, 1)
        XCTAssertTrue(otherCA.err.contains("check that \(certificates.otherCA) is the CA that signed"), otherCA.err)
    }

    func testFilesThatCannotBeUsedAreDiagnosticsAtTheirLines() throws {
        let root = try configure("""
              tls: {caFile: missing.pem, certFile: \(certificates.clientCert), keyFile: \(certificates.folder)}
        """)
        let plan = try tenancy(["plan"], in: root)
        XCTAssertEqual(plan.code, 1)
        XCTAssertTrue(plan.err.contains("tenancy.yaml:10:") && plan.err.contains("the TLS file missing.pem cannot be used: it does not exist"), plan.err)
        XCTAssertTrue(plan.err.contains("cannot be used: it is not a regular file"), plan.err)
        XCTAssertTrue(plan.err.contains("[backend.tls]"), plan.err)
        let half = try tenancy(["plan"], in: try configure("      tls: {certFile: \(certificates.clientCert)}"))
        XCTAssertEqual(half.code, 1)
        XCTAssertTrue(half.err.contains("[schema.dependencies]") || half.err.contains("keyFile"), half.err)
    }
}
