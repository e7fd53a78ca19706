import Foundation

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// The scenario fixtures, read in place from the source tree.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func folder(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// The broken-scenario fixtures: one folder per kind of mistake, each with an `expected.txt`.
    static var brokenCases: [String] {
        let folder = root.appendingPathComponent("broken").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("supportscope-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Diagnostic {
    /// The description with the folder prefix removed, as `expected.txt` files write it.
    func relative(to folder: String) -> String {
        var copy = self
        if copy.file.hasPrefix(folder + "/") { copy.file.removeFirst(folder.count + 1) }
        return copy.description
    }
}

/// A failure a test helper throws, with a message worth reading.
struct TestFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
