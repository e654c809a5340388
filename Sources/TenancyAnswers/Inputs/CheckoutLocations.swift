import TenancyDiagnostics
import TenancyEngine
import TenancyModel
import TenancyYAML

/// Where the applied configuration is written in the checkout at hand: the state holds no source
/// locations, so answers link to `file:line:column` only when the checkout's files digest is the
/// one the last apply recorded (`State.configurationDigest`); otherwise they say the locations are
/// from a checkout that differs from the applied serial, or that there are none.
package struct CheckoutLocations: Sendable {
    package enum Status: Sendable, Equatable {
        /// The checkout is what was applied.
        case matches
        /// It is not: locations are the checkout's own and may not be what was applied.
        case differs
        /// The state records no digest (applied before Tenancy recorded it, or pushed).
        case unrecorded
        /// The checkout cannot be read or checked.
        case unavailable(String)
    }

    package let status: Status
    package let serial: Int
    private let manifests: [Address: Manifest]

    /// Reads the checkout at `session`'s root, every manifest held (for its positions).
    package static func read(_ session: Session, state: State) -> CheckoutLocations {
        let loaded = session.loadHoldingTrees()
        if loaded.diagnostics.hasErrors {
            return CheckoutLocations(status: .unavailable("the checkout at \(session.root) has errors (tenancy validate shows them)"),
                                     serial: state.serial, manifests: [:])
        }
        var manifests: [Address: Manifest] = [:]
        for manifest in loaded.configuration.manifests { manifests[manifest.address] = manifest }
        let status: Status
        if let recorded = state.configurationDigest {
            status = recorded == loaded.filesDigest(relativeTo: session.root) ? .matches : .differs
        } else {
            status = .unrecorded
        }
        return CheckoutLocations(status: status, serial: state.serial, manifests: manifests)
    }

    /// None: for answers asked without a checkout.
    package static func none(serial: Int) -> CheckoutLocations {
        CheckoutLocations(status: .unavailable("not asked for"), serial: serial, manifests: [:])
    }

    /// What the answer says about its locations, in one line.
    package var line: String {
        switch status {
        case .matches: return "locations from the checkout, which is what serial \(serial) was applied from"
        case .differs: return "locations from a checkout that differs from what serial \(serial) was applied from"
        case .unrecorded: return "locations from the checkout; serial \(serial) does not record what it was applied from"
        case let .unavailable(why): return "no locations: \(why)"
        }
    }

    /// `teams/platform.yaml:7:15` for a link, when its manifest is in the checkout. A field the
    /// manifest leaves to its template points at the `template` line, saying so.
    package func location(_ link: AccessLink) -> String? {
        if case .unavailable = status { return nil }
        guard let address = link.address, let manifest = manifests[address] else { return nil }
        return location(of: link.locator, in: manifest)
    }

    private func text(_ node: Node) -> String {
        "\(node.source.path):\(node.start.line):\(node.start.column)"
    }

    private func location(of locator: AccessLink.Locator, in manifest: Manifest) -> String {
        let spec = manifest.root["spec"]
        switch locator {
        case .resource:
            return text(manifest.nameNode)
        case let .member(email):
            let item = spec?["members"]?.items.first { $0.string?.lowercased() == email.lowercased() }
            return text(item ?? manifest.nameNode)
        case let .grant(workspace, role):
            let item = spec?["access"]?.items.first { $0["workspace"]?.string == workspace && $0["role"]?.string == role }
            return text(item ?? manifest.nameNode)
        case let .field(path):
            var node: Node? = manifest.root
            for key in path.split(separator: ".") { node = node?[String(key)] }
            if let node { return text(node) }
            if let template = spec?["template"] { return text(template) + " (its template's default)" }
            return text(manifest.nameNode)
        }
    }
}
