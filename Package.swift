// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "SupportScope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "supportscope", targets: ["supportscope"]),
        .library(name: "Markup", targets: ["Markup"]),
        .library(name: "SupportScope", targets: ["SupportScope"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(name: "Markup", dependencies: ["CLibXML2"]),
        .target(name: "SupportScope", dependencies: ["Markup"]),
        .target(name: "Reporting", dependencies: ["SupportScope", "Markup"]),
        .executableTarget(
            name: "supportscope",
            dependencies: [
                "SupportScope", "Reporting", "Markup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MarkupTests",
            dependencies: ["Markup"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SupportScopeTests", dependencies: ["SupportScope"]),
        // Depending on the executable makes `swift test` build it before the CLI tests run it.
        .testTarget(name: "CLITests", dependencies: ["SupportScope", "supportscope"]),
    ],
    swiftLanguageModes: [.v6]
)
