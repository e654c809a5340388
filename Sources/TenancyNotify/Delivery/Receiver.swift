import Foundation
import TenancyEngine
import TenancyJSON
import TenancySupport

/// An integration that notifications are delivered to, as the applied state holds it: Slack, a
/// generic webhook or e-mail. Secrets stay references here; their values are read only when a
/// message is sent (`Secrets`), and never written anywhere.
package struct Receiver: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case slack(Slack)
        case webhook(Webhook)
        case email(Email)
    }

    package struct Slack: Sendable, Equatable {
        package let channel: String
        /// The incoming webhook's URL: a secret (its path is the credential).
        package let url: String
        package let caFile: String?
    }

    package struct Webhook: Sendable, Equatable {
        /// The URL as written (https), or a secret reference to it.
        package let url: Value
        package let signingSecret: String?
        package let caFile: String?
    }

    package struct Email: Sendable, Equatable {
        package enum Security: String, Sendable { case starttls, implicit }
        package let addresses: [String]
        package let host: String
        package let port: Int
        package let from: String
        package let username: String?
        package let password: String?
        package let security: Security
        package let caFile: String?

        /// `smtp://host:587` (STARTTLS, required) or `smtps://host:465`.
        package var url: String {
            let host = self.host.contains(":") && !self.host.hasPrefix("[") ? "[\(self.host)]" : self.host
            return (security == .implicit ? "smtps://" : "smtp://") + host + ":" + String(port)
        }
    }

    /// A value written in the manifest, or a secret reference to one.
    package enum Value: Sendable, Equatable {
        case literal(String)
        case secret(String)
    }

    package let name: String
    package let kind: Kind
    /// A digest of the integration's applied settings (secret digests included): a delivery it
    /// refused is tried again once these change.
    package let fingerprint: String

    /// What the state's Integration resource says; nil for an integration that receives nothing
    /// (single sign-on), or of a shape Tenancy never writes.
    package init?(name: String, attributes: JSON, secretDigests: [String: String]) {
        self.name = name
        let spec = attributes["spec"]
        var text = attributes.compactText()
        for (path, digest) in secretDigests.sorted(by: { $0.key < $1.key }) { text += "\u{0}" + path + "=" + digest }
        fingerprint = String(SHA256.hex(Array(text.utf8)).prefix(32))
        if let slack = spec?["slack"] {
            guard let url = slack["webhook"]?["secretRef"]?.stringValue else { return nil }
            kind = .slack(Slack(channel: slack["channel"]?.stringValue ?? "", url: url, caFile: slack["caFile"]?.stringValue))
        } else if let webhook = spec?["webhook"] {
            let url: Value
            if let literal = webhook["url"]?.stringValue {
                url = .literal(literal)
            } else if let reference = webhook["url"]?["secretRef"]?.stringValue {
                url = .secret(reference)
            } else {
                return nil
            }
            kind = .webhook(Webhook(url: url, signingSecret: webhook["signingSecret"]?["secretRef"]?.stringValue,
                                    caFile: webhook["caFile"]?.stringValue))
        } else if let email = spec?["email"] {
            guard let host = email["host"]?.stringValue, let from = email["from"]?.stringValue else { return nil }
            let security = email["tls"]?.stringValue.flatMap(Email.Security.init(rawValue:)) ?? .starttls
            kind = .email(Email(addresses: email["addresses"]?.arrayValue?.compactMap(\.stringValue) ?? [], host: host,
                                port: email["port"]?.intValue ?? (security == .implicit ? 465 : 587), from: from,
                                username: email["username"]?.stringValue, password: email["password"]?["secretRef"]?.stringValue,
                                security: security, caFile: email["caFile"]?.stringValue))
        } else {
            return nil
        }
    }

    /// "Slack #eng-alerts", "webhook https://siem.example/ingest", "e-mail to 2 addresses": for
    /// messages, without a secret (a URL held as a secret is not shown).
    package var description: String {
        switch kind {
        case let .slack(slack): return "Slack \(slack.channel)"
        case let .webhook(webhook):
            if case let .literal(url) = webhook.url { return "webhook \(url)" }
            return "webhook (URL from a secret)"
        case let .email(email):
            return "e-mail to \(email.addresses.joined(separator: ", ")) through \(email.host):\(email.port)"
        }
    }

    /// The CA file named, absolute (relative names are the configuration's root's).
    package func caFile(root: String) -> String? {
        let written: String?
        switch kind {
        case let .slack(slack): written = slack.caFile
        case let .webhook(webhook): written = webhook.caFile
        case let .email(email): written = email.caFile
        }
        guard let written else { return nil }
        return written.hasPrefix("/") ? written : Paths.join(Paths.absolute(root), written)
    }

    /// The integrations of a state that receive notifications, by name.
    package static func all(in state: State) -> [String: Receiver] {
        var result: [String: Receiver] = [:]
        for (address, stored) in state.resources where address.kind == .integration {
            if let receiver = Receiver(name: address.name, attributes: stored.resource.attributes,
                                       secretDigests: stored.resource.secretDigests) {
                result[address.name] = receiver
            }
        }
        return result
    }
}
