import Foundation
import Testing

/// `supportscope import rrweb` as a reviewer uses it: a recording in, a scenario folder out that validates and runs,
/// with a summary that names every kind of event and never prints a recorded value.
@Suite("supportscope import rrweb", .serialized)
struct ImportTests {
    static let recording = CLI.packageRoot.appendingPathComponent(
        "Tests/RecordingsTests/Fixtures/checkout-session.json"
    ).path

    @Test func aRecordingBecomesAScenarioThatRunsUnderEveryProfile() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("checkout-session").path
        let result = try CLI.run(["import", "rrweb", Self.recording, "--out", scenario])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("read 42 event(s) from \(Self.recording) (sha256 "))
        #expect(result.stdout.contains("  1 × incremental: mutation: page changes (the page's own scripts)"))
        #expect(result.stdout.contains("  1 × plugin: not replayed"))
        #expect(
            result.stdout.contains(
                "wrote \(scenario): 2 page(s), 11 step(s), planted items: 1 card-number, 1 email, 1 one-time-code, 1 phone, 1 secret"
            ), "\(result.stdout)")
        // The summary names classes and counts, never a value the recording holds.
        for value in ["4111", "lea.meier", "sk_live", "668 18", "4711"] {
            #expect(!result.stdout.contains(value) && !result.stderr.contains(value), "\(value) printed")
        }
        let profiles = try CLI.run(["models"]).stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }
            .map { String($0.prefix { $0 != " " }) }.joined(separator: ",")
        let run = try CLI.run([
            "run", scenario, "--strict", "--profiles", profiles, "--out", folder.appendingPathComponent("out").path,
            "--format", "json", "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.json"), encoding: .utf8)
        // Screen sharing shows the typed card number; the reference co-browsing profile masks it.
        #expect(report.contains("\"profile\": \"screenshare-fullscreen\""))
        #expect(!report.contains("4111 1111 1111 1111"))

        let again = try CLI.run(["import", "rrweb", Self.recording, "--out", scenario])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists and is not empty"))
    }

    @Test func aBrokenRecordingIsRefusedWithItsPlace() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("broken.json")
        try
            "[\n  {\"type\": 4, \"data\": {\"href\": \"https://a.example/\"}},\n  {\"type\": 2, \"data\": {\"node\": 7}}\n]"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["import", "rrweb", file.path, "--out", folder.appendingPathComponent("s").path])
        #expect(result.status == 2)
        #expect(result.stderr == "\(file.path):3:3: error: event 1: a node must be an object\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
    }
}
