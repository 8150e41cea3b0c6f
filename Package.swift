// swift-tools-version:6.0
// Caseflow — a discrete-event simulator of probation workload and case allocation.
// SPDX-License-Identifier: GPL-3.0-or-later
import PackageDescription

let package = Package(
    name: "caseflow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "caseflow", targets: ["caseflow"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Probation", targets: ["Probation"]),
        .library(name: "Scenario", targets: ["Scenario"]),
        .library(name: "Reports", targets: ["Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // Property-based tests (test targets only).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // GNU GSL (Debian libgsl-dev), found through pkg-config `gsl`.
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        // zlib (Debian zlib1g-dev), for the gzip-compressed detail files.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // OpenSSL's libcrypto (Debian libssl-dev), for the SHA-256 digests in manifests.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The general discrete-event engine. No probation words here.
        .target(name: "Simulation", dependencies: ["CGSL"]),
        // The domain model: cases, tiers, practitioners, WMT arithmetic, allocation.
        // Release builds skip Swift's run-time exclusivity checks in the model's
        // hot loops (about 10% of a national run); debug builds — and so the
        // test suite — keep them, so an access conflict still fails the tests.
        .target(name: "Probation", dependencies: ["Simulation"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Scenario files: schema, YAML loading, validation, levers.
        .target(name: "Scenario", dependencies: ["Probation", "Simulation", .product(name: "Yams", package: "Yams")],
                resources: [.copy("Resources")]),
        // What runs write: time series, summaries, WMT snapshots, manifests. Release builds
        // skip the run-time exclusivity checks here too (about 4% of a national run's
        // instructions, in the CSV writers and readers); debug builds and the tests keep them.
        .target(name: "Reports", dependencies: ["Probation", "Simulation", "CZlib", "CCrypto"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // The command line: thin, it calls the modules.
        .executableTarget(name: "caseflow", dependencies: [
            "Simulation", "Probation", "Scenario", "Reports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation"]),
        .testTarget(name: "ProbationTests", dependencies: ["Probation", "Simulation"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Probation",
                                                          .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Probation", "Simulation"]),
        .testTarget(name: "CaseflowTests", dependencies: ["caseflow", "Reports", "CZlib"]),
    ]
)
