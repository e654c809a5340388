// swift-tools-version:6.0
import PackageDescription

// The modules stack in the order of the data flow (../shared/DESIGN.md): each imports only those
// above it in this list.

// `RawNodes` (the validator's and the desired-text writer's view of a document) is non-escapable:
// the compiler keeps it inside the closure that lends it. Declaring the lifetimes of such types
// takes Swift's `Lifetimes` feature, still marked experimental in Swift 6.3 (it is what the
// standard library's `Span` is built with).
let lifetimes: [SwiftSetting] = [.enableExperimentalFeature("Lifetimes")]

// Cross-module optimization within the package: the modules' shared declarations are `package`,
// which the compiler's default cross-module optimization (public declarations only) would leave
// opaque to their callers in other modules, costing 10-30% on the measured paths
// (BENCHMARKS.md). Release builds only.
let packageOptimization: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-enable-cmo-everything"], .when(configuration: .release)),
]
let package = Package(
    name: "Tenancy",
    platforms: [.macOS(.v14)],
    // Supported products: the `tenancy` command, and the libraries whose `public` declarations are
    // meant for other programs — TenancyYAML (YAML 1.2 over libyaml, with marks and limits),
    // TenancySchema (JSON Schema draft-07 over its nodes, with human diagnostics), and the
    // vocabulary they speak (TenancyDiagnostics, TenancyJSON). Every other module's declarations
    // are `package`: shared inside this package, with no promise outside it.
    products: [
        .executable(name: "tenancy", targets: ["tenancy"]),
        .executable(name: "tenancy-bench", targets: ["tenancy-bench"]),
        .library(name: "TenancyYAML", targets: ["TenancyYAML"]),
        .library(name: "TenancySchema", targets: ["TenancySchema"]),
        .library(name: "TenancyDiagnostics", targets: ["TenancyDiagnostics"]),
        .library(name: "TenancyJSON", targets: ["TenancyJSON"]),
    ],
    targets: [
        // libyaml, found through pkg-config (`yaml-0.1`).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // What Swift cannot reach, in C: system calls Glibc's module does not expose (fallocate),
        // the processor's SHA instructions.
        .target(name: "CTenancySystem"),
        // HTTPS and SMTP with a CA file and a client certificate through libcurl, loaded at run time
        // (libcurl's options are variadic C functions, which Swift cannot call).
        .target(name: "CTenancyCurl", linkerSettings: [.linkedLibrary("dl")]),
        // What several modules share: the lock, SHA-256 and HMAC, POSIX file I/O, work split across
        // cores, path text, number formatting, background tasks, cancellation.
        .target(name: "TenancySupport", dependencies: ["CTenancySystem"]),
        // One HTTP POST (plain HTTP/1.1 over a socket; https and SMTP through libcurl with a CA file
        // and a client certificate): what the etcd client and the notifications send with.
        .target(name: "TenancyTransport", dependencies: ["CTenancyCurl", "TenancySupport"]),
        // JSON: the value, the parser, the in-place reader and the one writer (every document shape
        // Tenancy prints is encoded once, through `JSONWriter`).
        .target(name: "TenancyJSON", dependencies: ["TenancySupport"]),
        // Source files and positions, the Diagnostic type, the error protocol, text/JSON renderers.
        .target(name: "TenancyDiagnostics", dependencies: ["TenancyJSON", "TenancySupport"]),
        // libyaml events -> node arena with marks, YAML 1.2 core schema, aliases, merge keys, limits.
        .target(name: "TenancyYAML", dependencies: ["CYAML", "TenancyDiagnostics", "TenancySupport"], swiftSettings: lifetimes),
        // JSON Schema draft 07 over the loader's nodes, with human diagnostics.
        .target(name: "TenancySchema", dependencies: ["TenancyYAML", "TenancyDiagnostics", "TenancySupport"], swiftSettings: lifetimes),
        // The manifest language: kinds, units, the project file, manifest files and path patterns,
        // embedded schemas and templates, semantic and template rules.
        .target(name: "TenancyModel", dependencies: ["TenancySchema", "TenancyYAML", "TenancyDiagnostics", "TenancySupport"],
                swiftSettings: lifetimes),
        // The run (project, lock, state read, streaming load, desired state, plan, apply, audit),
        // canonical JSON, the state and plan file formats, the local backend, plan renders.
        .target(name: "TenancyEngine", dependencies: ["TenancyModel", "TenancyYAML", "TenancyJSON", "TenancyDiagnostics", "TenancySupport"],
                swiftSettings: lifetimes),
        // What the applied configuration answers, one folder per answer with its computation and
        // its views (text, JSON, Markdown, SARIF, JUnit): the inputs (state, usage, checkout),
        // usage, quotas, billing, analytics, access, a plan's impact, compliance, and the effective
        // settings the platform reads (export and publishing).
        .target(name: "TenancyAnswers", dependencies: ["TenancyEngine", "TenancyModel", "TenancySchema", "TenancyYAML", "TenancyJSON", "TenancyDiagnostics", "TenancySupport"]),
        // Notifications delivered: the events the answers and applies raise, routed by the
        // configuration, sent to Slack, webhooks and e-mail once per crossing (a delivery log in
        // the backend's journal).
        .target(name: "TenancyNotify", dependencies: ["TenancyTransport", "TenancyAnswers", "TenancyEngine", "TenancyModel", "TenancyJSON", "TenancyDiagnostics", "TenancySupport"]),
        // The console report (`tenancy report`): the answers gathered, each workspace's view, the
        // HTML, the data a large organization's sections wait in, and the page's assets
        // (Assets/report.css and report.js, embedded by EmbeddedFilesTests).
        .target(name: "TenancyReport", dependencies: ["TenancyNotify", "TenancyAnswers", "TenancyEngine", "TenancyModel", "TenancyYAML", "TenancyJSON", "TenancyDiagnostics", "TenancySupport"],
                exclude: ["Assets/report.css", "Assets/report.js"]),
        // State in etcd over its v3 JSON API: chunked compare-and-swap commits, leased locks,
        // publishing the effective settings.
        .target(name: "TenancyEtcd", dependencies: ["TenancyTransport", "TenancyAnswers", "TenancyEngine", "TenancyModel", "TenancyJSON", "TenancyDiagnostics", "TenancySupport"]),
        // Commands: arguments, calls into the engine, renders, exit codes (everything the executable does).
        .target(name: "TenancyCLI", dependencies: ["TenancyEngine", "TenancyEtcd", "TenancyNotify", "TenancyReport", "TenancyAnswers", "TenancyModel", "TenancyYAML", "TenancyJSON", "TenancyDiagnostics", "TenancySupport"]),
        .executableTarget(name: "tenancy", dependencies: ["TenancyCLI"]),

        // Local etcd members on free loopback ports, for the tests and the benchmark (not shipped).
        .target(name: "TenancyEtcdCluster", dependencies: ["TenancyEtcd", "TenancyEngine", "TenancySupport", "TenancyJSON"]),
        // The benchmark: generates its corpora, measures beside libyaml's raw event loop.
        .executableTarget(name: "tenancy-bench", dependencies: ["CYAML", "TenancyYAML", "TenancyModel", "TenancyEngine", "TenancySupport", "TenancyEtcdCluster", "TenancyJSON"]),

        // Shared by the test targets: the one way to run Tenancy (in process or as the binary), the
        // one golden-file check, scenario folders, the conformance suites, the backend contract.
        .target(name: "TenancyTestSupport", dependencies: ["TenancyCLI", "TenancyEngine", "TenancyEtcd", "TenancyEtcdCluster", "TenancyModel", "TenancyJSON"],
                path: "Tests/TenancyTestSupport"),
        .testTarget(name: "TenancySupportTests", dependencies: ["TenancySupport", "TenancyTestSupport"]),
        .testTarget(name: "TenancyDiagnosticsTests", dependencies: ["TenancyJSON", "TenancyDiagnostics", "TenancySupport"]),
        .testTarget(name: "TenancyYAMLTests", dependencies: ["TenancyYAML", "TenancyDiagnostics", "TenancyTestSupport"]),
        .testTarget(name: "TenancySchemaTests", dependencies: ["TenancySchema", "TenancyYAML", "TenancyDiagnostics", "TenancyTestSupport"]),
        // Fixtures are read from the source tree (via #filePath), so that golden files can be
        // regenerated in place with TENANCY_UPDATE_GOLDEN=1 and reviewed in the diff.
        .testTarget(name: "TenancyModelTests", dependencies: ["TenancyModel", "TenancySchema", "TenancyYAML", "TenancyDiagnostics", "TenancySupport", "TenancyTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TenancyEngineTests", dependencies: ["TenancyEngine", "TenancyModel", "TenancyJSON", "TenancyDiagnostics", "TenancySupport", "TenancyTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TenancyAnswersTests", dependencies: ["TenancyAnswers", "TenancyEngine", "TenancyModel", "TenancyJSON", "TenancyDiagnostics", "TenancySupport", "TenancyTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TenancyReportTests", dependencies: ["TenancyReport", "TenancyAnswers", "TenancyModel", "TenancySupport", "TenancyTestSupport"]),
        .testTarget(name: "TenancyEtcdTests", dependencies: ["TenancyEtcd", "TenancyTransport", "TenancyEngine", "TenancyModel", "TenancySupport", "TenancyEtcdCluster", "TenancyTestSupport", "TenancyJSON"]),
        .testTarget(name: "TenancyCLITests", dependencies: ["TenancyCLI", "TenancyNotify", "TenancyJSON", "TenancyDiagnostics", "TenancyEngine", "TenancyEtcd", "TenancyModel", "TenancyAnswers", "TenancyReport", "TenancySupport", "TenancyEtcdCluster", "TenancyTestSupport"],
                    exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

// Every Swift module of the package is optimized across the package's module boundaries.
for target in package.targets where target.type == .regular || target.type == .executable {
    guard !target.name.hasPrefix("C") else { continue }
    target.swiftSettings = (target.swiftSettings ?? []) + packageOptimization
}

// The libFuzzer targets (scripts/fuzz/run builds them with TENANCY_FUZZ=1 and
// -sanitize=fuzzer,address into .build/fuzz): only then, since they link libFuzzer's driver, which
// no other build has. Inside the package, so that they reach its `package` declarations.
if Context.environment["TENANCY_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CFuzzDriver", path: "scripts/fuzz/CFuzzDriver"),
        .executableTarget(name: "fuzz-configuration", dependencies: ["CFuzzDriver", "TenancyModel", "TenancyEngine", "TenancyDiagnostics"],
                          path: "scripts/fuzz/targets/fuzz-configuration"),
        .executableTarget(name: "fuzz-formats", dependencies: ["CFuzzDriver", "TenancyEngine", "TenancyJSON", "TenancySupport"],
                          path: "scripts/fuzz/targets/fuzz-formats"),
        .executableTarget(name: "fuzz-etcd-answer", dependencies: ["CFuzzDriver", "TenancyEtcd"],
                          path: "scripts/fuzz/targets/fuzz-etcd-answer"),
        .executableTarget(name: "fuzz-usage", dependencies: ["CFuzzDriver", "TenancyAnswers", "TenancyJSON"],
                          path: "scripts/fuzz/targets/fuzz-usage"),
        .executableTarget(name: "fuzz-billing", dependencies: ["CFuzzDriver", "TenancyAnswers", "TenancyJSON"],
                          path: "scripts/fuzz/targets/fuzz-billing"),
    ]
}
