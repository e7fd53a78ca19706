// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Google's libphonenumber validates phone numbers when its headers are installed (Debian's `libphonenumber-dev`,
/// which `.ci/run` installs); without it the detectors fall back to shapes and context words alone
/// (`SUPPORTSCOPE_WITHOUT_LIBPHONENUMBER=1` builds that fallback on purpose, to measure it).
let libphonenumber =
    ProcessInfo.processInfo.environment["SUPPORTSCOPE_WITHOUT_LIBPHONENUMBER"] == nil
    && ["/usr/include", "/usr/local/include"].contains {
        FileManager.default.fileExists(atPath: $0 + "/phonenumbers/phonenumberutil.h")
    }

let package = Package(
    name: "SupportScope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "supportscope", targets: ["supportscope"]),
        .library(name: "Markup", targets: ["Markup"]),
        .library(name: "Detectors", targets: ["Detectors"]),
        .library(name: "Fields", targets: ["Fields"]),
        .library(name: "SupportScope", targets: ["SupportScope"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "FuzzEntries", targets: ["FuzzEntries"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "Markup", dependencies: ["CLibXML2"]),
        // Finds the targets' resource folders in a build or an installation (`scripts/install`).
        .target(name: "Installation"),
        // Byte-level detectors with their validators; no dependencies but libphonenumber's shim, so benchmarks and
        // tests measure them alone.
        .target(name: "Detectors", dependencies: libphonenumber ? ["CPhoneNumbers"] : []),
        // The field classifier: what a form control holds, from its names, labels, options and neighbours.
        // Its word tables are data (`Words/*.txt`), one file per concept with every language inside.
        .target(name: "Fields", dependencies: ["Markup", "Installation"], resources: [.copy("Words")]),
        // The scenario format, its loader and validation: the only user of Yams.
        .target(
            name: "Scenarios",
            dependencies: ["Markup", "Detectors", "Fields", "Installation", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/Templates")]
        ),
        // The customer's machine and the remote-support models that replay a scenario on it.
        .target(
            name: "Simulation", dependencies: ["Scenarios", "Markup", "Detectors", "Fields", "Installation"],
            resources: [.copy("Resources/Profiles")]),
        // What crossed to the agent, measured: exposure findings and scores, inspect, scenario variants.
        .target(name: "Analysis", dependencies: ["Simulation", "Scenarios", "Markup", "Detectors", "Fields"]),
        // Recorded sessions (rrweb) read within budgets, rebuilt page by page, imported as scenarios or audited as a wire.
        .target(
            name: "Recordings", dependencies: ["Markup", "Detectors", "Scenarios", "Fields", "Simulation", "Analysis"]),
        // One import for the three.
        .target(name: "SupportScope", dependencies: ["Scenarios", "Simulation", "Analysis"]),
        .target(
            name: "Reporting", dependencies: ["SupportScope", "Markup", "Detectors", "Installation"],
            resources: [
                .copy("Resources/supportscope-report.xsd"), .copy("Resources/report.css"),
                .copy("Resources/report-prose.txt"),
            ]),
        // What the fuzzer drives (`Fuzz/`): one entry per reader of hostile input.
        .target(
            name: "FuzzEntries",
            dependencies: ["SupportScope", "Simulation", "Reporting", "Markup", "Detectors", "Recordings"]),
        .executableTarget(
            name: "supportscope",
            dependencies: [
                "SupportScope", "Reporting", "Markup", "Detectors", "Installation", "Recordings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MarkupTests",
            dependencies: ["Markup"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DetectorsTests",
            dependencies: ["Detectors"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FieldsTests",
            dependencies: ["Fields", "Markup"],
            // Read in place through #filePath, like the scenario fixtures.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SupportScopeTests",
            dependencies: [
                "SupportScope", "Scenarios", "Simulation", "Analysis", "Markup", "Fields", "FuzzEntries", "Recordings",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Read in place through #filePath: the fixtures include a symbolic link that a resource copy would follow.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReportingTests",
            dependencies: ["Reporting", "SupportScope", "Markup", "Detectors"],
            // Read in place through #filePath, like the scenario fixtures.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RecordingsTests",
            dependencies: [
                "Recordings", "Scenarios", "Markup", "Detectors", "Analysis", "Simulation",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Read in place through #filePath, like the scenario fixtures.
            exclude: ["Fixtures"]
        ),
        // Depending on the executable makes `swift test` build it before the CLI tests run it.
        .testTarget(name: "CLITests", dependencies: ["SupportScope", "Reporting", "supportscope"]),
    ]
        // A C interface to libphonenumber's C++ API, so the detectors can ask it about candidate numbers.
        + (libphonenumber
            ? [.target(name: "CPhoneNumbers", linkerSettings: [.linkedLibrary("phonenumber")])] : []),
    swiftLanguageModes: [.v6]
)
