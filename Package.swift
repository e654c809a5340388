// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Tenancy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tenancy", targets: ["tenancy"]),
        .executable(name: "tenancy-bench", targets: ["tenancy-bench"]),
        .library(name: "TenancyYAML", targets: ["TenancyYAML"]),
        .library(name: "TenancyDiagnostics", targets: ["TenancyDiagnostics"]),
        .library(name: "TenancySchema", targets: ["TenancySchema"]),
        .library(name: "TenancyModel", targets: ["TenancyModel"]),
    ],
    targets: [
        // libyaml, found through pkg-config (`yaml-0.1`).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Source positions, the Diagnostic type and its text/JSON renderers.
        .target(name: "TenancyDiagnostics"),
        // libyaml events -> Node tree with marks, YAML 1.2 core schema, aliases, merge keys, limits.
        .target(name: "TenancyYAML", dependencies: ["CYAML", "TenancyDiagnostics"]),
        // JSON Schema draft 07 over the loader's nodes, with human diagnostics.
        .target(name: "TenancySchema", dependencies: ["TenancyYAML", "TenancyDiagnostics"]),
        // The manifest language: kinds, units, embedded schemas and templates, semantic rules.
        .target(name: "TenancyModel", dependencies: ["TenancySchema", "TenancyYAML", "TenancyDiagnostics"]),
        // Commands, argument parsing, rendering and exit codes (everything the executable does).
        // Desired state, state, diff, plans, apply, backends, audit.
        .target(name: "TenancyEngine", dependencies: ["TenancyModel", "TenancyYAML", "TenancyDiagnostics"]),
        // State in etcd over its v3 JSON API: chunked compare-and-swap commits, leased locks.
        .target(name: "TenancyEtcd", dependencies: ["TenancyEngine", "TenancyModel"]),
        .target(name: "TenancyCLI", dependencies: ["TenancyEngine", "TenancyEtcd", "TenancyModel", "TenancySchema", "TenancyYAML", "TenancyDiagnostics"]),
        .executableTarget(name: "tenancy", dependencies: ["TenancyCLI"]),
        .executableTarget(name: "tenancy-bench", dependencies: ["CYAML", "TenancyYAML", "TenancyModel", "TenancyEngine", "TenancyTestSupport"]),
        .testTarget(name: "TenancyDiagnosticsTests", dependencies: ["TenancyDiagnostics"]),
        // Fixtures are read from the source tree (via #filePath), so that golden files can be
        // regenerated in place with TENANCY_UPDATE_GOLDEN=1 and reviewed in the diff.
        // Where the shared conformance suites are, for the test targets that run them.
        .target(name: "TenancyTestSupport", dependencies: ["TenancyEngine", "TenancyEtcd", "TenancyModel"], path: "Tests/TenancyTestSupport"),
        .testTarget(name: "TenancyYAMLTests", dependencies: ["TenancyYAML", "TenancyDiagnostics", "TenancyTestSupport"]),
        .testTarget(name: "TenancySchemaTests", dependencies: ["TenancySchema", "TenancyYAML", "TenancyDiagnostics", "TenancyTestSupport"]),
        .testTarget(name: "TenancyModelTests", dependencies: ["TenancyModel", "TenancySchema", "TenancyYAML", "TenancyDiagnostics"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TenancyEngineTests", dependencies: ["TenancyEngine", "TenancyModel", "TenancyDiagnostics", "TenancyTestSupport"]),
        .testTarget(name: "TenancyEtcdTests", dependencies: ["TenancyEtcd", "TenancyEngine", "TenancyModel", "TenancyTestSupport"]),
        .testTarget(name: "TenancyCLITests", dependencies: ["TenancyCLI", "TenancyDiagnostics", "TenancyEngine", "TenancyEtcd", "TenancyModel", "TenancyTestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
