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
    }

    /// A URL that carries a credential anywhere is a secret: user information, a credential
    /// query parameter, or a well-known incoming webhook's path. URLs without one are not.
    func testURLsThatCarryCredentials() {
        let secrets: [(String, String)] = [
            ("https://deploy-token@git.example.com/repo.git", "a URL with a credential in its user part"),
            ("https://user:pw@siem.example.com/in", "a URL with a password in it"),
            ("https://siem.example.com/ingest?token=abc123", "a URL with a credential in its `token` parameter"),
            ("https://siem.example.com/ingest?x=1&API_KEY=zz", "a URL with a credential in its `api_key` parameter"),
            ("https://siem.example.com/i?access_token=a%2Fb", "a URL with a credential in its `access_token` parameter"),
            ("https://blob.example.net/c?sv=2021&sig=AbC%3D", "a URL with a credential in its `sig` parameter"),
            ("https://x.example.com/h?signature=f00d", "a URL with a credential in its `signature` parameter"),
            ("https://x.example.com/h?key=k&secret=s", "a URL with a credential in its `key` parameter"),
            ("https://hooks.slack.com/services/T0/B0/XXXX", "a Slack webhook URL (which is itself a secret)"),
            ("https://discord.com/api/webhooks/123/abc-def", "a Discord webhook URL (which is itself a secret)"),
            ("https://acme.webhook.office.com/webhookb2/aaa@bbb/IncomingWebhook/ccc/ddd", "a Microsoft Teams webhook URL (which is itself a secret)"),
            ("https://hooks.zapier.com/hooks/catch/123/abc/", "a Zapier webhook URL (which is itself a secret)"),
            ("https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t", "a Google Chat webhook URL (which is itself a secret)"),
        ]
        for (url, kind) in secrets { XCTAssertEqual(SecretScanner.secretKind(url), kind, url) }
        // The same credentials spelt otherwise: in the fragment, after `;`, as `token[]`, a host
        // with a trailing dot or another subdomain, a doubled slash, no scheme at all.
        for url in ["https://h.example/x#access_token=S3cr3tValue", "https://h.example/x?a=1;token=S3cr3tValue",
                    "https://h.example/x?token[]=S3cr3tValue", "https://hooks.slack.com./services/T0/B0/XXXX",
                    "https://hooks.slack.com//services/T0/B0/XXXX", "https://ptb.discord.com/api/webhooks/1/S3cr3t",
                    "hooks.slack.com/services/T0/B0/XXXX", "https://HOOKS.SLACK.COM/services/T0/B0/XXXX"] {
            XCTAssertNotNil(SecretScanner.secretKind(url), url)
        }
        // Names no list of whole names had (a hostile try found these in the clear): a credential
        // word anywhere in the name, or a matrix parameter in the path.
        for name in ["private_token", "x-api-key", "passwd", "secret_key", "bearer", "Authorization", "sessionid", "session_id",
                     "X-Auth-Token", "client.secret", "refresh_token", "db_password"] {
            let url = "https://siem.example/in?\(name)=SEKB6"
            XCTAssertEqual(SecretScanner.secretKind(url), "a URL with a credential in its `\(name.lowercased())` parameter", url)
        }
        XCTAssertNotNil(SecretScanner.secretKind("https://siem.example/in;token=SEKB6/x"), "a matrix parameter")
        // camelCase and words run together (a second hostile try found these in the clear).
        for name in ["clientSecret", "ClientSecret", "refreshToken", "authToken", "sessionToken", "appSecret", "apiSecret", "secretKey",
                     "privateKey", "signingKey", "AWSAccessKeyId", "userPassword", "apitoken", "authkey", "hmac", "cookie", "sas"] {
            XCTAssertNotNil(SecretScanner.secretKind("https://idp.example/t?client_id=abc&\(name)=TOPSECRET77"), name)
        }
        XCTAssertEqual(SecretScanner.words(of: "AWSAccessKeyId"), ["AWS", "Access", "Key", "Id"])
        for name in ["keyid", "hockey", "passage", "secretary", "clientId", "pageSize", "sortKeyword"] {
            XCTAssertNil(SecretScanner.secretKind("https://x.example/a?\(name)=1"), name)
        }
        for url in ["https://siem.example.com/ingest", "https://siem.example.com/ingest?tokenized=false", "https://x.example.com/h?key=",
                    "https://siem.example.com/in?author=bob&passive=1&monkey=2&keyboard=us", "https://x.example/a;v=2/b",
                    "https://hooks.slack.com/services/", "https://example.com/a@b", "https://idp.example.com/saml?entity=acme"] {
            XCTAssertNil(SecretScanner.secretKind(url), url)
        }
        // User information alone is a credential too: tokens are written so (`https://TOKEN@host`).
        XCTAssertEqual(SecretScanner.secretKind("https://user@example.com/path"), "a URL with a credential in its user part")
    }
}
