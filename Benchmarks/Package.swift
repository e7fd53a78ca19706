// swift-tools-version: 6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, and a clone's folder can
// have any name: derive it instead of spelling it.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

// Benchmarks live in their own package so that `swift test` on the main
// package never builds the benchmark harness and its dependencies.
let package = Package(
    name: "SupportScopeBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MarkupBenchmarks",
            dependencies: [
                .product(name: "Markup", package: root),
                .product(name: "SupportScope", package: root),
                .product(name: "Simulation", package: root),
                .product(name: "Detectors", package: root),
                .product(name: "Reporting", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "MarkupBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
