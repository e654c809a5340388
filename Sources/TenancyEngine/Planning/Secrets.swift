import Foundation
import TenancyDiagnostics
import TenancyModel
import TenancySupport

/// Where secrets come from, and how they are kept: the desired state holds a digest of each
/// secret's value (so that a rotated secret shows as a change), never the value.
public struct SecretSource: Sendable {
    public let environment: [String: String]
    /// The configuration's folder: `file:` references are relative to it.
    public let root: URL

    public init(environment: [String: String], root: URL) {
        self.environment = environment
        self.root = root
    }

    /// The digests of the secrets a resource names, by attribute path, and a diagnostic for each
    /// one that cannot be read. The values go no further than this function.
    func digests(of references: [SecretReference], in manifest: Manifest) -> (digests: [String: String], diagnostics: Diagnostics) {
        var digests: [String: String] = [:]
        var diagnostics = Diagnostics()
        for secret in references {
            switch value(of: secret.reference) {
            case let .success(value):
                digests[secret.path] = SHA256.hex(value)
            case let .failure(problem):
                diagnostics.append(.error(
                    .secretMissing, "secret `\(secret.reference)` is not available: \(problem)",
                    detail: "Tenancy reads each secret at plan time to store a digest of it, so that a rotated secret shows as a change. The value itself is never stored or printed.",
                    hint: secret.reference.hasPrefix("env:") ? "export \(secret.reference.dropFirst(4)) before running, or use file:PATH"
                        : "create the file, or use env:NAME",
                    range: secret.range, path: secret.path, address: manifest.address.description))
            }
        }
        return (digests, diagnostics)
    }

    /// A secret's value, or why it cannot be had.
    func value(of reference: String) -> Result<[UInt8], SecretProblem> {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name] else { return .failure(SecretProblem("the environment variable \(name) is not set")) }
            return .success(Array(value.utf8))
        }
        if reference.hasPrefix("file:") {
            let relative = String(reference.dropFirst(5))
            let path = relative.hasPrefix("/") ? relative : Paths.join(root.path, relative)
            do {
                guard let bytes = try FileIO.read(path) else { return .failure(SecretProblem("the file \(path) does not exist")) }
                return .success(bytes)
            } catch {
                return .failure(SecretProblem(error.description))
            }
        }
        return .failure(SecretProblem("`\(reference)` is neither env:NAME nor file:PATH"))
    }
}

/// Why a secret could not be read, in words.
struct SecretProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
