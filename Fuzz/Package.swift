// swift-tools-version: 6.1
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder: derive it, as Benchmarks/ does.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

// The fuzzer lives in its own package: it is built with `--sanitize fuzzer` (libFuzzer provides `main`), which the
// main package's build must never see. `Fuzz/run` builds and runs it.
let package = Package(
    name: "SupportScopeFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "supportscope-fuzz",
            dependencies: [.product(name: "FuzzEntries", package: root)],
            path: "Sources/supportscope-fuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
