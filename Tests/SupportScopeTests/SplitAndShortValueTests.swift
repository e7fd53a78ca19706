import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Findings of one profile in an analysis.
private func findings(_ analysis: ScenarioAnalysis, _ profile: String) -> [Finding] {
    analysis.profiles.first { $0.run.profile == profile }?.findings ?? []
}

private func about(_ findings: [Finding], _ item: String) -> [Finding] {
    findings.filter { $0.subject == .item(item) }
}

@Suite("Values entered in parts")
struct SplitValueTests {
    static let profiles = ["cobrowse-naive", "cobrowse-standard", "cobrowse-strict", "screenshare-fullscreen"]

    @Test func aCardInFourBoxesAnExpiryInTwoSelectsAndABirthDateInThreeAreSeenUnderNaiveAndNotUnderStandard() throws {
        let analysis = try Exposure.analyze("split-fields", Self.profiles)
        for profile in analysis.profiles {
            #expect(profile.failures.isEmpty, "\(profile.run.profile): \(profile.failures)")
        }
        let naive = findings(analysis, "cobrowse-naive")
        for (item, fields) in [("card.number", 4), ("card.expiry", 2), ("member.dob", 3)] {
            let observed = try #require(about(naive, item).first { $0.kind == .observed }, "\(item) under naive")
            #expect(observed.grade == .full && observed.channel == .inputEvent)
            #expect(observed.rating.contains("split over \(fields) fields"), "\(observed.rating)")
            // The recording is made from the same wire, so it keeps the value too.
            #expect(
                about(naive, item).contains { $0.kind == .retained && $0.channel == .recording }, "\(item) retained")
        }
        for profile in ["cobrowse-standard", "cobrowse-strict"] {
            for item in ["card.number", "card.expiry", "member.dob"] {
                #expect(about(findings(analysis, profile), item).isEmpty, "\(item) under \(profile)")
            }
        }
    }

    @Test func partsTypedWithOtherFieldsInBetweenAreStillOneValue() throws {
        var scenario = try CoBrowse.scenario("split-fields")
        // The customer fills the name between the card boxes: the parts no longer follow each other on the wire.
        let here = scenario.steps[4].location
        for (offset, name) in [(5, "Mia"), (7, "Aebi")] {
            scenario.steps.insert(
                Step(
                    index: 0, id: nil, actor: .customer,
                    action: .type(tab: nil, selector: offset == 5 ? "#vorname" : "#nachname", text: name),
                    at: nil, note: nil, location: here), at: offset)
        }
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let analysis = try ScenarioAnalysis.analyze(scenario, profiles: [try CoBrowse.profile("cobrowse-naive")])
        let card = try #require(about(analysis.profiles[0].findings, "card.number").first { $0.kind == .observed })
        #expect(card.grade == .full && card.rating.contains("split over 4 fields"))
    }

    @Test func boxesAScriptSendsAgainKeepTheirFormAndTheirPlace() throws {
        var scenario = try CoBrowse.scenario("split-fields")
        // The last two boxes sit in a span a script re-renders (a class change) after the second box is typed.
        scenario.world.windows[0].tabs[0].html = scenario.world.windows[0].tabs[0].html
            .replacingOccurrences(
                of: #"<input class="nr" name="nr_3""#, with: #"<span id="rest"><input class="nr" name="nr_3""#
            )
            .replacingOccurrences(of: #"maxlength="4" size="4">"#, with: #"maxlength="4" size="4"></span>"#)
        let afterSecondBox = try #require(
            scenario.steps.firstIndex {
                if case let .type(_, selector, _) = $0.action { return selector == "#nr_2" } else { return false }
            })
        scenario.steps.insert(
            Step(
                index: 0, id: nil, actor: .system,
                action: .pageChange(tab: nil, selector: "#rest", change: .attributes(["class": "filled"])),
                at: nil, note: nil, location: scenario.steps[afterSecondBox].location), at: afterSecondBox + 1)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let analysis = try ScenarioAnalysis.analyze(scenario, profiles: [try CoBrowse.profile("cobrowse-naive")])
        let observed = about(analysis.profiles[0].findings, "card.number").filter { $0.kind == .observed }
        #expect(observed.map(\.channel) == [.inputEvent], "the re-rendered empty boxes carried nothing")
        #expect(observed.first?.grade == .full && observed.first?.rating.contains("split over 4 fields") == true)
    }

    @Test func aDateWrittenAsItsPartsIsTheDate() {
        #expect(SplitValues.dateWritten("17.11.1987", in: "Geboren am 17. November 1987"))
        #expect(SplitValues.dateWritten("17.11.1987", in: "DOB: 17 Nov 1987"))
        #expect(SplitValues.dateWritten("17.11.1987", in: "1987-11-17"))
        #expect(SplitValues.dateWritten("08/31", in: "Gültig bis 08 2031"))
        #expect(SplitValues.dateWritten("08/31", in: "expires August 2031"))
        // Parts apart by words are not a date.
        #expect(!SplitValues.dateWritten("17.11.1987", in: "Seite 17 von 11, Jahrgang 1987"))
        #expect(!SplitValues.dateWritten("08/31", in: "8 items, 2031 points"))
        #expect(!SplitValues.dateWritten("17.11.1987", in: "17.11.1988"))
    }

    @Test func anAuthorMayNameThePartsAndAMissingPartIsAnError() throws {
        let scenario = try CoBrowse.scenario("split-fields")
        let typed = scenario.steps.compactMap { step -> String? in
            if case let .type(_, selector, text) = step.action, selector.hasPrefix("#nr_") { return text }
            return nil
        }
        #expect(typed == ["4000", "0566", "5566", "5556"])
        // `{{card.number#5}}` names no part: the message says how many there are, at the placeholder's column.
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = Fixtures.folder("cobrowse/split-fields")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: source + "/pages/anmeldung.html", toPath: folder.appendingPathComponent("pages/anmeldung.html").path
        )
        let yaml = try String(contentsOfFile: source + "/scenario.yaml", encoding: .utf8).replacingOccurrences(
            of: "{{card.number#4}}", with: "{{card.number#5}}")
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let result = ScenarioLoader().load(folder: folder.path)
        let messages = result.diagnostics.map(\.description)
        #expect(result.scenario == nil)
        #expect(
            messages.contains {
                $0.contains(
                    ":53:12: error: '{{card.number#5}}' names no part of item 'card.number': its value has 4 parts")
            }, "\(messages)")
    }
}

@Suite("Short values and where findings point")
struct ShortValueTests {
    static let profiles = ["cobrowse-naive", "cobrowse-standard", "cobrowse-strict", "screenshare-fullscreen"]

    @Test func aTwoCharacterMonthIsFoundWhereItIsBoundAndNowhereElse() throws {
        let analysis = try Exposure.analyze("card-activation", Self.profiles)
        for profile in analysis.profiles {
            #expect(profile.failures.isEmpty, "\(profile.run.profile): \(profile.failures)")
        }
        // The page says 11 a dozen times (a file name, a branch, a minute count, the month list, node ids): none is the month.
        let naive = about(findings(analysis, "cobrowse-naive"), "card.month").filter { $0.kind == .observed }
        #expect(naive.map(\.channel) == [.inputEvent], "\(naive.map(Exposure.line))")
        // Typed into a masked field, it crosses as a mask and is not seen.
        for profile in ["cobrowse-standard", "cobrowse-strict"] {
            for item in ["card.month", "card.pin", "ebanking.password"] {
                #expect(about(findings(analysis, profile), item).isEmpty, "\(item) under \(profile)")
            }
        }
        // A short value's evidence shows none of its characters.
        #expect(naive.first?.evidence == "••••••••")
    }

    @Test func shortValuesOnAScreenAndInTheClipboardAreFound() throws {
        let analysis = try Exposure.analyze("card-activation", ["screenshare-fullscreen", "remote-desktop-attended"])
        for profile in analysis.profiles {
            #expect(profile.failures.isEmpty, "\(profile.run.profile): \(profile.failures)")
        }
        let screen = findings(analysis, "screenshare-fullscreen")
        // `Ihr Aktivierungscode aus dem Brief: <strong>4829</strong>` is one line on the screen: the words around the
        // value were recorded across the inline tag.
        #expect(
            about(screen, "activation.code").contains { $0.kind == .observed && $0.channel == .frame && $0.step == 0 })
        // Three digits typed into a field the page does not mask: the field's box on the screen holds them alone.
        #expect(about(screen, "check.digits").contains { $0.kind == .observed && $0.channel == .frame })
        #expect(
            about(findings(analysis, "remote-desktop-attended"), "activation.code").contains {
                $0.kind == .observed && $0.channel == .clipboard
            })
    }

    @Test func aRecordingOfAFixedMaskTellsNoLength() throws {
        // The new password has exactly as many characters as the fixed mask `********`.
        let analysis = try Exposure.analyze("card-activation", ["cobrowse-standard"])
        #expect(
            !analysis.profiles[0].findings.contains { $0.grade == .lengthOnly },
            "\(analysis.profiles[0].findings.map(Exposure.line))")
        #expect(analysis.profiles[0].run.retention.contains { $0.name == "session recording" && $0.kept })
    }

    @Test func aFindingPointsAtTheOccurrenceThatCrossed() throws {
        let analysis = try Exposure.analyze(
            "card-activation", ["cobrowse-standard", "cobrowse-naive", "screenshare-fullscreen"])
        let standard = about(findings(analysis, "cobrowse-standard"), "customer.email")
        // The address is first in the masked title (line 5); what crossed is the avatar URL in the stylesheet (line 9).
        let observed = try #require(standard.first { $0.kind == .observed })
        #expect(
            observed.source
                == SourceLocation(
                    file: Fixtures.folder("cobrowse/card-activation") + "/pages/aktivieren.html", line: 9, column: 102))
        #expect(standard.first { $0.kind == .retained }?.source == observed.source, "the recording keeps what crossed")
        // A typed value points at the field it was typed into.
        let pin = try #require(about(findings(analysis, "cobrowse-naive"), "card.pin").first { $0.kind == .observed })
        #expect(pin.source?.line == 29 && pin.source?.column == 11)
        // On a screen, at the element whose line showed it: the month select (line 24) and its option, not the `.11.css` link.
        let month = try #require(
            about(findings(analysis, "screenshare-fullscreen"), "card.month").first { $0.kind == .observed })
        #expect((month.source?.line ?? 0) >= 24, "\(String(describing: month.source))")
    }
}
