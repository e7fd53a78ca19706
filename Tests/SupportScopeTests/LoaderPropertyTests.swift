import Foundation
import PropertyBased
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Whatever bytes a scenario file holds, loading ends, quickly, with a scenario or diagnostics — never a crash or a hang.
@Suite("Loader robustness (property tests)")
struct LoaderPropertyTests {
    /// Fragments that make YAML interesting: indentation, flow collections, anchors, tags, quotes, placeholders, keys of the format.
    static let fragments = [
        "\n", "  ", "- ", ": ", "id: x", "title: t", "summary: s", "items:", "world:", "windows:", "steps:", "tabs:",
        "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!binary ", "'", "\"", "|", ">", "#", "? ", "{{card}}", "{{",
        "customer: type", "agent: click", "session: start", "selector: ", "#id", "[a=", "page: ../x",
        "page: /etc/passwd",
        "value: 4111 1111 1111 1111", "class: iban", "at: 5s", "\t", "%YAML 1.2", "---", "...", "~", "null", "ü",
        "\u{0}",
    ]

    static let fragment = Gen<String?>.element(of: fragments).map { $0 ?? "" }
    static let yamlish = fragment.array(of: 0...60).map { $0.joined() }

    @Test func generatedYAMLNeverCrashesOrHangs() async {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("scenario.yaml")
        await propertyCheck(count: 300, input: Self.yamlish) { text in
            try? text.write(to: file, atomically: true, encoding: .utf8)
            let clock = ContinuousClock()
            let start = clock.now
            let result = ScenarioLoader().load(folder: folder.path)
            #expect(clock.now - start < .seconds(2))
            // Either a scenario or at least one diagnostic, and every diagnostic is positioned in this folder.
            #expect(result.scenario != nil || !result.diagnostics.isEmpty)
            #expect(result.diagnostics.allSatisfy { $0.file.hasPrefix(folder.path) })
        }
    }

    /// Cutting a valid scenario anywhere or dropping a line still gives diagnostics, never a crash.
    @Test func mutatedValidScenariosNeverCrash() async throws {
        let original = try String(contentsOfFile: Fixtures.folder("valid/full-session/scenario.yaml"), encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            atPath: Fixtures.folder("valid/full-session/pages"), toPath: folder.appendingPathComponent("pages").path)
        try FileManager.default.copyItem(
            atPath: Fixtures.folder("valid/full-session/files"), toPath: folder.appendingPathComponent("files").path)
        let file = folder.appendingPathComponent("scenario.yaml")
        let line = Gen.int(in: 0...(lines.count - 1))
        await propertyCheck(count: 200, input: line, line, Self.fragment) { drop, insertAt, fragment in
            var mutated = lines
            mutated.remove(at: drop)
            mutated.insert(fragment, at: min(insertAt, mutated.count))
            try? mutated.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            let result = ScenarioLoader().load(folder: folder.path)
            #expect(result.scenario != nil || result.diagnostics.hasErrors)
        }
    }
}
