import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where secrets come from, and how they are kept: the desired state holds a keyed digest of
/// each secret's value (so that a rotated secret shows as a change), never the value.
///
/// Digests are HMAC-SHA-256 under a random key created with the state (`State.secretKey`), so
/// that the same secret in two states never has the same digest and precomputed tables do not
/// help; they are written `hmac-sha256:<hex>`. States from before the key existed hold plain
/// SHA-256 digests (64 hex digits): a secret is compared with one of those by its plain digest
/// (it is not shown as changed), and the state is written with keyed digests from then on.
///
/// `file:` secrets are read only from inside the configuration's folder (no absolute path, no
/// `..` out of it, no symbolic link leading out of it) or from a folder the project file allows
/// (`spec.secrets.allowedFolders`), and only from a regular file of at most 64 KiB.
package struct SecretSource: Sendable {
    package let environment: [String: String]
    /// The configuration's folder: `file:` references are relative to it.
    package let root: URL
    /// Folders outside the configuration `file:` secrets may name (absolute, or relative to the root).
    package let allowedFolders: [String]
    /// How digests are taken.
    package enum Keying: Sendable, Equatable {
        /// HMAC-SHA-256 under the state's key.
        case keyed([UInt8])
        /// Not yet: the state (and its key) has not been read. Secrets wait (`pendingSecrets`).
        case pending
        /// Plain SHA-256 (tests and tools that compare without a state).
        case plain
    }

    package var keying: Keying

    /// What a secret that cannot be read does to the run.
    package enum Unavailable: String, Sendable {
        /// An error (`secret.missing`): the default, and always for `apply`.
        case refused = "required"
        /// `plan --secrets=unavailable-ok`: a warning (`secret.unchecked`); the plan assumes the
        /// secret is unchanged (it keeps the stored digest) or new, and says it did not check it.
        case assumedUnchanged = "unavailable-ok"
    }

    package var unavailable: Unavailable = .refused

    /// The digest an unchecked secret with no stored digest stands as in a plan: never written to
    /// a state (applying the plan reads the secret first).
    static let uncheckedDigest = "unchecked"

    /// The largest secret file read: secrets are tokens and keys, not documents.
    package static let maximumFileSize = 64 << 10

    package init(environment: [String: String], root: URL, allowedFolders: [String] = [], keying: Keying = .plain) {
        self.environment = environment
        self.root = root
        self.allowedFolders = allowedFolders
        self.keying = keying
    }

    /// The prefix of a keyed digest.
    static let keyedPrefix = "hmac-sha256:"

    /// Whether a stored digest is a plain SHA-256 one (a state from before keyed digests).
    static func isPlain(_ digest: String) -> Bool { !digest.hasPrefix(keyedPrefix) }

    /// The digest a secret's value is kept as.
    func digest(_ value: [UInt8]) -> String {
        guard case let .keyed(key) = keying else { return SHA256.hex(value) }
        return Self.keyedPrefix + HMACSHA256.hex(key: key, value)
    }

    /// What `digests(of:for:stored:)` found for one resource.
    struct Resolved {
        /// The digest of each secret, by attribute path.
        var digests: [String: String] = [:]
        /// Where the stored resource holds a plain digest: the plain digest of the value, for
        /// comparing with it.
        var plain: [String: String] = [:]
        /// The paths of the secrets that could not be read and were let through (`unavailable`).
        var unchecked: [String] = []
        var diagnostics = Diagnostics()
    }

    /// The digests of the secrets a resource names, and a diagnostic for each that cannot be read.
    /// Values go no further than here.
    func digests(of references: [SecretReference], for address: Address, stored: Resource?) -> Resolved {
        var resolved = Resolved()
        for secret in references {
            switch value(of: secret.reference) {
            case let .success(value):
                // A URL kept as a secret (it carries a credential) is checked as the field's plain
                // form would be, once read: an https URL. Its value is never printed.
                if Self.urlPaths.contains(secret.path), !Self.isHTTPSURL(value) {
                    resolved.diagnostics.append(.error(
                        .secretMissing, "secret `\(Terminal.escaped(secret.reference))` does not hold an https URL",
                        detail: "\(secret.path) is a URL; its secret must be one, https:// and a host (the value is not shown).",
                        hint: "put the whole https:// URL in the secret", range: secret.range, path: secret.path, address: address.description))
                }
                resolved.digests[secret.path] = digest(value)
                if let old = stored?.secretDigests[secret.path], Self.isPlain(old) { resolved.plain[secret.path] = SHA256.hex(value) }
            case let .failure(problem) where unavailable == .assumedUnchanged:
                let kept = stored?.secretDigests[secret.path]
                resolved.digests[secret.path] = kept ?? Self.uncheckedDigest
                resolved.unchecked.append(secret.path)
                resolved.diagnostics.append(.warning(
                    .secretUnchecked, "secret `\(Terminal.escaped(secret.reference))` was not checked: \(problem.description)",
                    detail: kept == nil
                        ? "--secrets=unavailable-ok: the plan shows it as a new secret. Applying the plan reads it, and fails if it still cannot be read."
                        : "--secrets=unavailable-ok: the plan assumes it is unchanged. Applying the plan reads it, and refuses if it differs from the stored one (a change this plan did not show).",
                    range: secret.range, path: secret.path, address: address.description))
            case let .failure(problem):
                resolved.diagnostics.append(.error(
                    .secretMissing, "secret `\(Terminal.escaped(secret.reference))` is not available: \(problem.description)",
                    detail: "Tenancy reads each secret at plan time to store a keyed digest of it, so that a rotated secret shows as a change. The value itself is never stored or printed.",
                    hint: problem.hint ?? (secret.reference.hasPrefix("env:") ? "export \(secret.reference.dropFirst(4)) before running, or use file:PATH"
                        : "create the file, or use env:NAME"),
                    range: secret.range, path: secret.path, address: address.description))
            }
        }
        return resolved
    }

    /// The URL fields whose plain form the schema holds to https, and which may be a secret
    /// reference instead (a URL carrying a credential): the secret is held to the same. (A Slack
    /// webhook has always been a secret of any text; it is not checked, so that configurations
    /// whose stand-in values are not URLs keep planning.)
    static let urlPaths: Set<String> = ["spec.webhook.url", "spec.sso.metadataUrl"]

    /// `https://` and a host, no white space (a trailing line break, as a file holds one, aside).
    static func isHTTPSURL(_ value: [UInt8]) -> Bool {
        var text = String(decoding: value, as: UTF8.self)
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        guard text.hasPrefix("https://"), !text.contains(where: \.isWhitespace) else { return false }
        let host = text.dropFirst(8).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty
    }

    /// A secret's value, or why it cannot be had.
    package func value(of reference: String) -> Result<[UInt8], SecretProblem> {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name] else { return .failure(SecretProblem("the environment variable \(name) is not set")) }
            return .success(Array(value.utf8))
        }
        if reference.hasPrefix("file:") { return file(String(reference.dropFirst(5))) }
        return .failure(SecretProblem("`\(reference)` is neither env:NAME nor file:PATH"))
    }

    /// A `file:` secret, read only from where it may be.
    private func file(_ written: String) -> Result<[UInt8], SecretProblem> {
        let rootPath = root.path
        let allowed = allowedFolders.map { $0.hasPrefix("/") ? $0 : Paths.join(rootPath, $0) }
        let outsideHint = "keep secret files inside the configuration's folder, or allow their folder in tenancy.yaml (spec.secrets.allowedFolders)"
        let candidate: String
        if written.hasPrefix("/") {
            candidate = written
        } else {
            guard Paths.staysInside(written) else {
                return .failure(SecretProblem("`\(written)` leads out of the configuration's folder", hint: outsideHint))
            }
            candidate = Paths.join(rootPath, written)
        }
        // Where the path really leads, symbolic links followed.
        guard let resolved = Self.realPath(candidate) else {
            return .failure(SecretProblem("the file \(candidate) does not exist", hint: "create the file, or use env:NAME"))
        }
        let folders = ([rootPath] + allowed).compactMap(Self.realPath)
        let inside = folders.contains { folder in resolved == folder || resolved.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") }
        let isAllowedAbsolute = written.hasPrefix("/") && folders.dropFirst().contains { resolved.hasPrefix($0 + "/") }
        guard inside, !written.hasPrefix("/") || isAllowedAbsolute else {
            let how = written.hasPrefix("/") ? "is an absolute path outside the configuration's folder"
                : "leads (through a symbolic link) out of the configuration's folder, to \(resolved)"
            return .failure(SecretProblem("`\(written)` \(how)", hint: outsideHint))
        }
        do {
            guard let bytes = try FileIO.read(resolved, limit: Self.maximumFileSize) else {
                return .failure(SecretProblem("the file \(candidate) does not exist"))
            }
            return .success(bytes)
        } catch {
            return .failure(SecretProblem(error.plainReason.isEmpty ? error.description : "cannot read \(candidate): \(error.plainReason)",
                                          hint: error.hint))
        }
    }

    /// realpath(3): the absolute path with every symbolic link followed; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Why a secret could not be read, in words, and what to do.
package struct SecretProblem: Error, CustomStringConvertible {
    package let description: String
    package let hint: String?
    init(_ description: String, hint: String? = nil) {
        self.description = description
        self.hint = hint
    }
}
