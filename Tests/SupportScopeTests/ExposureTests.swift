import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

enum Exposure {
    static func analyze(
        _ name: String, _ profiles: [String], folder: String = "cobrowse", reveal: Bool = false
    ) throws -> ScenarioAnalysis {
        let result = ScenarioLoader().load(folder: Fixtures.folder("\(folder)/\(name)"))
        guard let scenario = result.scenario else {
            throw TestFailure(message: result.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        return try ScenarioAnalysis.analyze(
            scenario, profiles: profiles.map { try CoBrowse.profile($0) }, reveal: reveal)
    }

    static func line(_ finding: Finding) -> String {
        "\(finding.step.map { String($0) } ?? "-") \(finding.kind.rawValue) \(finding.channel.rawValue) \(finding.subject.description) \(finding.grade?.rawValue ?? "") \(finding.severity.rawValue) [\(finding.evidence)] \(finding.source.map { "\($0.file.split(separator: "/").last!):\($0.line)" } ?? "") — \(finding.rating)"
    }
}

@Suite("Exposure analysis of replayed scenarios")
struct ExposureAnalysisTests {
    static let profiles = ["cobrowse-naive", "cobrowse-standard", "screenshare-fullscreen", "remote-desktop-attended"]

    func profile(_ analysis: ScenarioAnalysis, _ name: String) -> ProfileAnalysis {
        analysis.profiles.first { $0.run.profile == name }!
    }

    func finding(
        _ findings: [Finding], _ subject: Finding.Subject, _ kind: Finding.Kind, _ channel: Channel
    ) -> Finding? {
        findings.first { $0.subject == subject && $0.kind == kind && $0.channel == channel }
    }

    @Test func checkoutHelpIsMeasuredPerProfile() throws {
        let analysis = try Exposure.analyze("checkout-help", Self.profiles)
        // The scenario's own expectations hold for both co-browsing profiles.
        #expect(profile(analysis, "cobrowse-naive").failures.isEmpty)
        #expect(profile(analysis, "cobrowse-standard").failures.isEmpty)
        // The reference profile lets nothing through, not even lengths.
        #expect(profile(analysis, "cobrowse-standard").findings.isEmpty)

        let naive = profile(analysis, "cobrowse-naive").findings
        let card = try #require(finding(naive, .item("card.number"), .observed, .inputEvent))
        #expect(card.step == 1 && card.actor == .customer && card.grade == .full && card.severity == .high)
        #expect(card.evidence == "4111 •••• •••• 1111")
        #expect(card.stepLocation?.line == 56)
        #expect(card.rating == "high impact (card-number, full value) × very-likely (observed in input event) = high")
        #expect(finding(naive, .item("card.cvc"), .observed, .inputEvent)?.severity == .critical)
        #expect(finding(naive, .item("card.number"), .retained, .recording)?.severity == .critical)
        // The e-mail address is in the page: the finding points at its line.
        let email = try #require(finding(naive, .item("email"), .observed, .domSnapshot))
        #expect(email.source?.file.hasSuffix("pages/checkout.html") == true && email.source?.line == 6)

        let screen = profile(analysis, "screenshare-fullscreen").findings
        let otp = try #require(finding(screen, .item("otp"), .observed, .frame))
        #expect(otp.step == 4 && otp.actor == .system && otp.severity == .critical)

        let desktop = profile(analysis, "remote-desktop-attended").findings
        let payment = try #require(finding(desktop, .action("submits a payment"), .action, .agentControl))
        #expect(payment.step == 11 && payment.severity == .critical && payment.evidence == "click #buy-now: allowed")
        for channel in [Channel.file, .clipboard, .window, .browserTab] {
            #expect(finding(desktop, .item("iban"), .reachable, channel)?.severity == .elevated, "\(channel)")
        }
        // A value in a file the agent can open points at that file.
        #expect(
            finding(desktop, .item("iban"), .reachable, .file)?.source
                == SourceLocation(file: "~/Documents/refund.txt", line: 1, column: 11))
        // Under naive co-browsing the same click was refused (blocked), so it is no finding; typing after consent is a lower one.
        #expect(finding(naive, .action("submits a payment"), .action, .agentControl) == nil)
        #expect(finding(naive, .action("enters card details"), .action, .agentControl)?.severity == .elevated)
    }

    @Test func scoresCompareEveryProfileWithTheReference() throws {
        let analysis = try Exposure.analyze("checkout-help", Self.profiles)
        let comparisons = Dictionary(uniqueKeysWithValues: analysis.comparisons().map { ($0.profile, $0) })
        #expect(comparisons["cobrowse-standard"]?.difference == 0)
        for name in ["cobrowse-naive", "screenshare-fullscreen", "remote-desktop-attended"] {
            let comparison = try #require(comparisons[name])
            #expect(comparison.difference == comparison.score.index && comparison.score.index > 0)
            #expect(comparison.ratio == nil, "the reference has no findings, so there is no ratio")
            let counted = comparison.score.counts.values.reduce(0, +)
            #expect(counted == profile(analysis, name).findings.count)
        }
        let desktop = try #require(comparisons["remote-desktop-attended"]),
            screen = try #require(comparisons["screenshare-fullscreen"])
        #expect(desktop.score.index > screen.score.index)
        #expect(desktop.score.worst == .critical)
    }

    @Test func suiteScoresAddUpTheScenarios() throws {
        let checkout = try Exposure.analyze(
            "checkout-help", ["cobrowse-naive", "cobrowse-standard", "screenshare-fullscreen"])
        let bank = try Exposure.analyze(
            "bank-login", ["cobrowse-naive", "cobrowse-standard", "screenshare-fullscreen"])
        let suite = ScoreComparison.suite([checkout, bank])
        #expect(suite.map(\.profile) == ["cobrowse-naive", "cobrowse-standard", "screenshare-fullscreen"])
        for comparison in suite {
            let parts = [checkout, bank].map { $0.profiles.first { $0.run.profile == comparison.profile }!.score }
            #expect(comparison.score.index == parts[0].index + parts[1].index)
            #expect(comparison.score.counts == Score(summing: parts).counts)
        }
        let reference = suite.first { $0.profile == "cobrowse-standard" }!
        #expect(suite.allSatisfy { $0.difference == $0.score.index - reference.score.index })
    }

    @Test func theSameInputsGiveTheSameFindingsAndIDs() throws {
        let first = try Exposure.analyze("checkout-help", Self.profiles)
        let second = try Exposure.analyze("checkout-help", Self.profiles)
        for (a, b) in zip(first.profiles, second.profiles) {
            #expect(a.findings == b.findings)
            #expect(Set(a.findings.map(\.id)).count == a.findings.count)
        }
    }

    @Test func noFindingCarriesAPlantedValueUnlessRevealed() throws {
        let analysis = try Exposure.analyze("checkout-help", Self.profiles)
        for item in analysis.scenario.items {
            let compact = ExposureAnalyzer.compact(item.value)
            for result in analysis.profiles {
                for finding in result.findings {
                    for text in [finding.evidence, finding.rating, finding.action ?? "", finding.id] {
                        #expect(!ExposureAnalyzer.compact(text).contains(compact), "\(item.id) in \(text)")
                    }
                }
            }
        }
        let revealed = try Exposure.analyze("checkout-help", ["cobrowse-naive"], reveal: true)
        #expect(revealed.profiles[0].findings.contains { $0.evidence == "4111 1111 1111 1111" })
    }

    @Test func failedExpectationsNameTheLineThatStatedThem() throws {
        let result = ScenarioLoader().load(folder: Fixtures.folder("cobrowse/checkout-help"))
        var scenario = try #require(result.scenario)
        // The naive profile's expectation, turned around: it must fail on each entry, at the entry's line.
        var wrong = scenario.expectations[1]
        (wrong.observed, wrong.notObserved) = (wrong.notObserved, wrong.observed)
        wrong.entryLocations = Dictionary(
            uniqueKeysWithValues: wrong.entryLocations.map { key, value in
                (key.hasPrefix("observed:") ? "not-" + key : String(key.dropFirst(4)), value)
            })
        scenario.expectations = [wrong]
        let analysis = try ScenarioAnalysis.analyze(scenario, profiles: [try CoBrowse.profile("cobrowse-naive")])
        let failures = analysis.profiles[0].failures
        #expect(failures.count == 7)
        let card = try #require(failures.first { $0.message.hasPrefix("card.number") })
        #expect(
            card.message
                == "card.number must not be observed under cobrowse-naive, but it was: full value in input event at step 2"
        )
        #expect(card.location.line == 115)
        #expect(
            failures.contains {
                $0.message == "otp must be observed under cobrowse-naive, but it was not" && $0.location.line == 116
            })
    }
}

@Suite("Canary tracing through formatting")
struct CanaryTracingTests {
    static let items = [
        PlantedItem(
            id: "card", dataClass: .cardNumber, value: "4111 1111 1111 1111", impact: .high, label: nil,
            location: SourceLocation(file: "s.yaml", line: 5, column: 7)),
        PlantedItem(
            id: "mail", dataClass: .email, value: "lea.meier@example.ch", impact: .medium, label: nil,
            location: SourceLocation(file: "s.yaml", line: 8, column: 7)),
        PlantedItem(
            id: "pw", dataClass: .password, value: "Alpen-Gl0w!2026", impact: .veryHigh, label: nil,
            location: SourceLocation(file: "s.yaml", line: 11, column: 7)),
    ]

    func grades(_ messages: [(WireMessage.Kind, String)]) -> [String: Finding.Grade] {
        var scenario = Scenario.onePage(html: "<p>Konto</p>", url: "https://shop.example/")
        scenario.items = Self.items
        let wire = messages.enumerated().map { WireMessage(step: $0.offset, kind: $0.element.0, content: $0.element.1) }
        let run = ModelRun(
            profile: "probe", model: .cobrowse, wire: wire, outcomes: [], reach: [], retention: [], audit: [],
            indicator: [], escalatedAt: nil)
        var best: [String: Finding.Grade] = [:]
        for finding in ExposureAnalyzer(scenario: scenario).findings(for: run) {
            guard case let .item(id) = finding.subject, let grade = finding.grade else { continue }
            best[id] = max(best[id] ?? grade, grade)
        }
        return best
    }

    @Test(arguments: [
        "<td>4111 1111 1111 1111</td>", "<td>4111-1111-1111-1111</td>", "<td>4111111111111111</td>",
        "<b>4111</b>\n1111 1111 1111",
        "&#52;&#49;&#49;&#49; 1111 1111 1111", "&#x34;111&nbsp;1111&nbsp;1111&nbsp;1111",
        "https://x.example/?pan=4111%201111%201111%201111",
        "{\"pan\":\"\\u0034111 1111 1111 1111\"}",
    ])
    func aCardNumberIsFoundInEveryEncoding(_ content: String) {
        #expect(grades([(.snapshot, content)])["card"] == .full)
    }

    @Test func aValueSplitAcrossMessagesIsFoundWhereItBecameComplete() {
        #expect(
            grades([(.mutation, "<span>4111 1111</span>"), (.mutation, "<span>1111 1111</span>")])["card"] == .full)
        // The agent's side holds both halves, whatever the messages' boundaries.
        #expect(grades([(.mutation, "<i>lea.meier@</i>"), (.mutation, "example.ch")])["mail"] == .full)
    }

    @Test func keystrokesRevealTheLongestPrefix() {
        let typed = (1...9).map { (WireMessage.Kind.input, String("4111 1111 1111 1111".prefix($0 + $0 / 5))) }
        #expect(grades(typed)["card"] == .partial, "nine digits is more than the first six")
        #expect(grades([(.input, "4111 11")])["card"] == .truncated, "the first six are a permitted truncation")
        #expect(grades([(.input, "Alpen-Gl0")])["pw"] == .partial)
        #expect(grades([(.input, "Alp")])["pw"] == nil)
    }

    @Test func masksGradeWhatTheyLeaveVisible() {
        #expect(grades([(.snapshot, "Visa •••• •••• •••• 1111")])["card"] == .truncated)
        #expect(grades([(.snapshot, "411111******1111")])["card"] == .truncated)
        #expect(grades([(.snapshot, "XXXX-XXXX-XXXX-1111")])["card"] == .truncated)
        // A hex address typed keystroke by keystroke is not a masked code: a lone `x` is a letter.
        var otp = Scenario.onePage(html: "<p>Konto</p>", url: "https://shop.example/")
        otp.items = [
            PlantedItem(
                id: "otp", dataClass: .oneTimeCode, value: "040650", impact: .veryHigh, label: nil,
                location: otp.location)
        ]
        let typed = ["0", "0x", "0x5", "0x5a"].enumerated().map {
            WireMessage(step: $0.offset, kind: .input, content: $0.element)
        }
        let run = ModelRun(
            profile: "probe", model: .cobrowse, wire: typed, outcomes: [], reach: [], retention: [], audit: [],
            indicator: [], escalatedAt: nil)
        #expect(ExposureAnalyzer(scenario: otp).findings(for: run).isEmpty)
        #expect(grades([(.snapshot, "4111 1111 •••• 1111")])["card"] == .partial)
        #expect(grades([(.input, "••••••••••••••••")])["card"] == .lengthOnly)
        #expect(grades([(.snapshot, "<input value=\"•••••••••••••••\">")])["pw"] == .lengthOnly)
        #expect(
            grades([(.snapshot, "<p>••••••••••••••••</p>")])["card"] == nil, "bullets in text are not a field's value")
        #expect(
            grades([(.input, "••••••••"), (.input, "••••••••")])["card"] == nil, "masks do not add up across messages")
    }

    @Test func prefixesCountOnlyAsAFieldsWholeValue() {
        var scenario = Scenario.onePage(html: "<p>Konto</p>", url: "https://shop.example/")
        scenario.items = [
            PlantedItem(
                id: "dob", dataClass: .dateOfBirth, value: "14.03.1985", impact: .medium, label: nil,
                location: SourceLocation(file: "s.yaml", line: 2, column: 3))
        ]
        let run = ModelRun(
            profile: "probe", model: .cobrowse,
            wire: [
                WireMessage(step: 0, kind: .snapshot, content: "<p>14.03 sale, 1985 prices</p>"),
                WireMessage(step: 1, kind: .input, content: "14.03.19"),
            ],
            outcomes: [], reach: [], retention: [], audit: [], indicator: [], escalatedAt: nil)
        let findings = ExposureAnalyzer(scenario: scenario).findings(for: run)
        #expect(findings.map(\.channel) == [.inputEvent], "the snapshot's text is not the field's value")
        #expect(findings.first?.grade == .partial)
    }

    @Test func aPartlyMaskedIBANIsAtLeastATruncation() {
        var scenario = Scenario.onePage(html: "<p>Konto</p>", url: "https://shop.example/")
        scenario.items = [
            PlantedItem(
                id: "iban", dataClass: .iban, value: "CH93 0076 2011 6238 5295 7", impact: .high, label: nil,
                location: SourceLocation(file: "s.yaml", line: 2, column: 3))
        ]
        let run = ModelRun(
            profile: "probe", model: .cobrowse,
            wire: [WireMessage(step: 0, kind: .snapshot, content: "<td>CH•• •••• •••• •••• 5295 7</td>")],
            outcomes: [], reach: [], retention: [], audit: [], indicator: [], escalatedAt: nil)
        #expect(ExposureAnalyzer(scenario: scenario).findings(for: run).first?.grade == .truncated)
    }

    @Test func anUnplantedValueIsNotHiddenByAPlantedValueInsideIt() {
        var scenario = Scenario.onePage(html: "<p>Konto</p>", url: "https://shop.example/")
        scenario.items = [
            PlantedItem(
                id: "otp", dataClass: .oneTimeCode, value: "111111", impact: .veryHigh, label: nil,
                location: SourceLocation(file: "s.yaml", line: 2, column: 3))
        ]
        let run = ModelRun(
            profile: "probe", model: .cobrowse,
            wire: [WireMessage(step: 0, kind: .snapshot, content: "<td>Card 4111111111111111</td>")],
            outcomes: [], reach: [], retention: [], audit: [], indicator: [], escalatedAt: nil)
        #expect(
            ExposureAnalyzer(scenario: scenario).findings(for: run).contains { $0.subject == .unplanted(.cardNumber) })
    }

    @Test func evidenceKeepsOnlyWellKnownTokenPrefixes() {
        #expect(Redaction.evidence("my-sup3r-secret-value", dataClass: .secret) == "••••••••")
        #expect(Redaction.evidence("AIzaSyA-b1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q", dataClass: .secret) == "AIza••••••••")
        #expect(Redaction.evidence("xoxb-123456-7890-abcdefgh", dataClass: .secret) == "xoxb-••••••••")
        #expect(
            Action.navigate(tab: nil, url: "https://bank.example/reset?token=abc&mail=a@b.ch", page: "p.html", html: "")
                .summary
                == "navigate to https://bank.example/reset?…")
        #expect(Action.copy(text: "4111 1111 1111 1111").summary == "copy text to the clipboard")
    }

    @Test func caseAndBoundariesAreRespected() {
        #expect(grades([(.snapshot, "Kontakt: LEA.MEIER@EXAMPLE.CH")])["mail"] == .full)
        #expect(grades([(.snapshot, "alpen-gl0w!2026")])["pw"] == nil, "passwords are case-sensitive")
        #expect(grades([(.snapshot, "order 94111 1111 1111 11119")])["card"] == nil, "inside a longer number")
    }

    @Test func unplantedDataIsFoundAndLocatedInThePage() throws {
        var scenario = Scenario.onePage(
            html: "<table>\n<tr><td>Erstattung auf</td>\n<td>DE89 3704 0044 0532 0130 00</td></tr>\n</table>",
            url: "https://shop.example/")
        scenario.items = Self.items
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-naive"))
        let findings = ExposureAnalyzer(scenario: scenario).findings(for: run)
        let iban = try #require(findings.first { $0.subject == .unplanted(.iban) && $0.channel == .domSnapshot })
        #expect(iban.dataClass == .iban && iban.severity == .high && iban.confidence > 0.9)
        #expect(iban.evidence == "DE•• •••• •••• •••• •••• 00")
        #expect(iban.source?.line == 3)
        #expect(iban.rating.contains("mod-97"))
    }
}

@Suite("The rating method is documented as implemented")
struct RatingDocumentationTests {
    static let scoring = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("docs/SCORING.md")

    @Test func theSeverityTableInTheDocsIsTheOneInTheCode() throws {
        let text = try String(contentsOf: Self.scoring, encoding: .utf8)
        #expect(text.contains(Rating.markdownTable()), "paste Rating.markdownTable() into docs/SCORING.md")
    }

    @Test func theTableRisesWithImpactAndLikelihood() {
        for impact in Impact.allCases {
            let row = Likelihood.allCases.map { Rating.severity(impact: impact, likelihood: $0) }
            #expect(row == row.sorted())
        }
        for likelihood in Likelihood.allCases {
            let column = Impact.allCases.map { Rating.severity(impact: $0, likelihood: likelihood) }
            #expect(column == column.sorted())
        }
        #expect(Rating.severity(impact: .veryHigh, likelihood: .veryLikely) == .critical)
        #expect(Rating.severity(impact: .low, likelihood: .veryLikely) == .low)
    }

    @Test func everyDataClassHasTheImpactTheDocsGiveIt() throws {
        let text = try String(contentsOf: Self.scoring, encoding: .utf8)
        for dataClass in DataClass.allCases {
            #expect(
                text.contains("| `\(dataClass.rawValue)` | \(dataClass.defaultImpact.rawValue) |"),
                "\(dataClass.rawValue)")
        }
    }
}
