import Foundation

/// A private CA and the certificates a TLS test needs, made with the `openssl` command in a
/// folder: the CA, a server certificate for 127.0.0.1 signed by it, a client certificate signed
/// by it, and a second CA with a client certificate of its own (one the server must refuse).
/// P-256 keys: quick to make, and what etcd deployments commonly use.
package struct TestCertificates {
    package let folder: String
    package var ca: String { "\(folder)/ca.pem" }
    package var serverCert: String { "\(folder)/server.pem" }
    package var serverKey: String { "\(folder)/server.key" }
    package var clientCert: String { "\(folder)/client.pem" }
    package var clientKey: String { "\(folder)/client.key" }
    package var otherCA: String { "\(folder)/other-ca.pem" }
    package var otherClientCert: String { "\(folder)/other-client.pem" }
    package var otherClientKey: String { "\(folder)/other-client.key" }

    /// The openssl binary, or nil when it is not installed.
    package static func openssl() -> String? {
        ["/usr/bin/openssl", "/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    package static let missingMessage = "openssl is not installed (apt-get install openssl): the TLS tests are skipped"

    /// Makes them in `folder`; nil when openssl is not installed.
    package static func make(in folder: String) throws -> TestCertificates? {
        guard let openssl = openssl() else { return nil }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let made = TestCertificates(folder: folder)
        func run(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: openssl)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let said = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw NSError(domain: "openssl", code: Int(process.terminationStatus),
                              userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")): \(String(decoding: said, as: UTF8.self))"])
            }
        }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        func authority(_ name: String) throws {
            try run(["req", "-x509"] + key + ["-keyout", "\(name).key", "-out", "\(name).pem", "-days", "2", "-subj", "/CN=tenancy test \(name)"])
        }
        func certificate(_ name: String, signedBy ca: String, extensions: String) throws {
            try run(["req"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=tenancy test \(name)"])
            try Data(extensions.utf8).write(to: URL(fileURLWithPath: "\(folder)/\(name).ext"))
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "\(ca).pem", "-CAkey", "\(ca).key", "-CAcreateserial",
                     "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
        }
        try authority("ca")
        // etcd's JSON gateway dials its own gRPC port with the server certificate, as a client:
        // with --client-cert-auth that certificate must also be good for client authentication.
        try certificate("server", signedBy: "ca", extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n")
        try certificate("client", signedBy: "ca", extensions: "extendedKeyUsage=clientAuth\n")
        try authority("other-ca")
        try certificate("other-client", signedBy: "other-ca", extensions: "extendedKeyUsage=clientAuth\n")
        return made
    }
}
