import Analysis
import Foundation
import Simulation
import Testing

@testable import Recordings
@testable import Scenarios

/// The round trip: a scenario of the shipped library replayed under a co-browsing profile, its wire exported as an
/// rrweb recording, and the recording read back — audited (the same exposures, where the audit recognises the value)
/// and imported (a scenario whose run exposes the planted values on the same channels as the original).
@Suite("rrweb recordings: export, then audit and import, give the same findings")
struct RoundTripTests {
    static let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../Scenarios"
    ).standardized.path

    /// Letters and digits, uppercased: how values are compared across the two scenarios' redactions and spacing.
    static func key(_ value: String) -> String { String(value.filter { $0.isLetter || $0.isNumber }).uppercased() }

    /// The (value, channel) pairs of the run's full observed sightings of planted items on channels a recording has.
    static func exposures(_ findings: [Finding], in scenario: Scenario) -> Set<String> {
        let channels: Set<Channel> = [.domSnapshot, .domMutation, .inputEvent, .pageLocation]
        return Set(
            findings.compactMap { finding in
                guard finding.kind == .observed, finding.grade == .full, channels.contains(finding.channel),
                    case let .item(id) = finding.subject, let item = scenario.item(id)
                else { return nil }
                return key(item.value) + " via " + finding.channel.rawValue
            })
    }

    /// Each case with the fewest exposures the audit must find again: none under the reference profile, which
    /// masks every planted value of the payee scenario — and the audit of its export must agree.
    @Test(arguments: [
        ("banking-new-payee", "cobrowse-naive", 3), ("banking-new-payee", "cobrowse-standard", 0),
        ("black-friday-checkout", "cobrowse-naive", 3), ("account-recovery-otp", "cobrowse-basic", 3),
    ])
    func aLibraryScenarioSurvivesTheRoundTrip(_ name: String, _ profileName: String, _ fewest: Int) throws {
        let scenario = try #require(ScenarioLoader().load(folder: Self.library + "/" + name).scenario)
        let profile = try #require(ProfileRegistry.builtIn().profile(named: profileName))
        let run = try Replay.run(scenario, profile: profile)
        let original = Self.exposures(ExposureAnalyzer(scenario: scenario).findings(for: run), in: scenario)
        let export = try RRWebExporter.recording(of: run, scenario: scenario)
        #expect(export.notCarried.keys.allSatisfy { !$0.contains("did not parse") && !$0.contains("had not sent") })
        let recording = try RRWebReader.read(bytes: Array(export.json.utf8), path: "\(name).json")

        // Audited: every exposure of a value the audit recognises is found on the same channel.
        let audit = try RRWebAuditor.audit(recording, id: name)
        let audited = Self.exposures(audit.analysis.profiles[0].findings, in: audit.analysis.scenario)
        let recognised = Set(audit.analysis.scenario.items.map { Self.key($0.value) })
        let expected = original.filter { recognised.contains(String($0.prefix { $0 != " " })) }
        #expect(expected.count >= fewest, "\(original)")
        #expect(expected.subtracting(audited).isEmpty, "lost on the way: \(expected.subtracting(audited))")
        if fewest == 0 {
            let values = Set(scenario.items.map { Self.key($0.value) })
            #expect(audited.allSatisfy { !values.contains(String($0.prefix { $0 != " " })) }, "\(audited)")
            return
        }

        // Imported: the scenario validates strictly, and its run exposes each planted value where the original did.
        let imported = try RRWebImporter.scenario(from: recording, id: name)
        let folder = RecordingFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = try RecordingFixtures.load(imported, in: folder)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.description))")
        let again = try #require(loaded.scenario)
        let rerun = Self.exposures(
            ExposureAnalyzer(scenario: again).findings(for: try Replay.run(again, profile: profile)), in: again)
        let planted = Set(again.items.map { Self.key($0.value) })
        let plantedOriginal = original.filter { planted.contains(String($0.prefix { $0 != " " })) }
        #expect(!plantedOriginal.isEmpty)
        #expect(plantedOriginal.subtracting(rerun).isEmpty, "lost on the way: \(plantedOriginal.subtracting(rerun))")
    }

    /// A change to `body` itself (the mirror re-sends the whole body) stays a body: found by a helper's measurement,
    /// where the body and all but its first child vanished from the export.
    @Test func aReplacedBodyStaysTheBody() throws {
        let scenario = Scenario.onePage(html: "", url: "https://shop.example/")
        let run = ModelRun(
            profile: "cobrowse-naive", model: .cobrowse,
            wire: [
                WireMessage(step: 0, kind: .location, content: "https://shop.example/ Shop"),
                WireMessage(
                    step: 0, kind: .snapshot,
                    content: "<!DOCTYPE html><html data-ss-id=\"n1\"><head data-ss-id=\"n2\"></head>"
                        + "<body data-ss-id=\"n3\" class=\"shop\"><p data-ss-id=\"n4\">Basket</p></body></html>"),
                WireMessage(
                    step: 1, kind: .mutation, nodeID: 3,
                    content: "<body data-ss-id=\"n3\" class=\"shop\"><p data-ss-id=\"n4\">Basket</p>"
                        + "<p data-ss-id=\"n5\">Card 4111 1111 1111 1111</p></body>"),
            ], outcomes: [], reach: [], retention: [], audit: [], indicator: [], escalatedAt: nil)
        let export = try RRWebExporter.recording(of: run, scenario: scenario)
        #expect(export.notCarried.isEmpty, "\(export.notCarried)")
        let recording = try RRWebReader.read(bytes: Array(export.json.utf8), path: "body.json")
        let document = RecordedDocument()
        for event in recording.events {
            switch event.body {
            case let .fullSnapshot(node): document.load(node)
            case let .mutation(mutation): try document.apply(mutation)
            default: continue
            }
        }
        let page = document.html().replacing(#/ data-rr-id="[0-9]+"/#, with: "")
        #expect(page.contains("<body class=\"shop\"><p>Basket</p><p>Card 4111 1111 1111 1111</p></body>"), "\(page)")
    }

    @Test func aScreenRunIsNotExported() throws {
        let scenario = try #require(ScenarioLoader().load(folder: Self.library + "/banking-new-payee").scenario)
        let profile = try #require(ProfileRegistry.builtIn().profile(named: "screenshare-fullscreen"))
        #expect(throws: RRWebExporter.Failure.self) {
            try RRWebExporter.recording(of: try Replay.run(scenario, profile: profile), scenario: scenario)
        }
    }
}
