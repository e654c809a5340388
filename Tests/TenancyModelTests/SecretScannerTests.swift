import Foundation
@testable import TenancyModel
import XCTest

final class SecretScannerTests: XCTestCase {
    private func isSecretField(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { SecretScanner.isSecretFieldName($0) }
    }

    func testFieldNames() {
        for name in ["password", "dbPassword", "PASSWD", "clientSecret", "signingSecret", "apiKey", "api_key", "token",
                     "accessToken", "privateKey", "private_key", "AccessKey", "credentials"] {
            XCTAssertTrue(isSecretField(name), name)
        }
        for name in ["secretRef", "name", "tokens".dropLast(6) + "x", "description", "apiRate", "access", "keyRef"] {
            XCTAssertFalse(isSecretField(String(name)), String(name))
        }
    }

    func testValueShapes() {
        XCTAssertEqual(SecretScanner.secretKind("xoxb-1234567890-abcdef"), "a Slack token")
        XCTAssertEqual(SecretScanner.secretKind("https://hooks.slack.com/services/T0/B0/XXXX"), "a Slack webhook URL (which is itself a secret)")
        XCTAssertEqual(SecretScanner.secretKind("postgres://app:s3cret@db.example.com/app"), "a URL with a password in it")
        XCTAssertEqual(SecretScanner.secretKind("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "a GitHub token")
        XCTAssertEqual(SecretScanner.secretKind("AKIAABCDEFGHIJKLMNOP"), "an AWS access key id")
        XCTAssertEqual(SecretScanner.secretKind("-----BEGIN RSA PRIVATE KEY-----\nMII"), "a private key")
        XCTAssertNil(SecretScanner.secretKind("https://siem.example.com/ingest"))
        XCTAssertNil(SecretScanner.secretKind("ops@example.com and more text"))
        XCTAssertNil(SecretScanner.secretKind("https://user@example.com/path"), "a user name alone is not a secret")
    }
}
