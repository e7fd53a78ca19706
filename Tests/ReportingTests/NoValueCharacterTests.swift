import Foundation
import Testing

@testable import Analysis
@testable import Reporting
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Without `--reveal`, output shows no more of a planted value than its redaction keeps: no keystroke prefix, no
/// partial exposure written out.
@Suite("No character of a planted value without --reveal")
struct NoValueCharacterTests {
    /// True when `needle` occurs in `text` as a whole token: no letter or digit right before or after it.
    static func containsToken(_ text: String, _ needle: String) -> Bool {
        var start = text.startIndex
        while let found = text.range(of: needle, range: start..<text.endIndex) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
            let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
            if !(before.isLetter || before.isNumber) && !(after.isLetter || after.isNumber) { return true }
            start = text.index(after: found.lowerBound)
        }
        return false
    }

    /// True when `needle` starts a token of `text` (a keystroke of a value the author wrote elsewhere in the scenario,
    /// the agent's typing, say, shows its prefixes).
    static func startsToken(_ text: String, _ needle: String) -> Bool {
        var start = text.startIndex
        while let found = text.range(of: needle, range: start..<text.endIndex) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
            if !(before.isLetter || before.isNumber) { return true }
            start = text.index(after: found.lowerBound)
        }
        return false
    }

    /// The output without the numbers the tool itself writes (line and step numbers, counts, positions, finding ids),
    /// which are not values.
    static func withoutToolNumbers(_ text: String) -> String {
        var text = text
        let patterns = [
            #/line \d+/#, #/step \d+/#, #/\(\d+ of \d+ (?:digits|characters)\)/#, #/@\d+,\d+/#, #/\(\d+ characters\)/#,
            #/SS-[0-9a-f]+/#, #/exposure index \d+/#, #/findings: \d+/#, #/\d+ (?:critical|high|elevated|medium|low)/#,
            #/\.[a-z]+:\d+/#,
        ]
        for pattern in patterns { text = text.replacing(pattern, with: " ") }
        return text
    }

    /// What the author wrote in the scenario's folder besides the values: a token found there may come from it.
    static func authorText(_ scenario: Scenario) -> String {
        let folder = URL(fileURLWithPath: scenario.folder)
        var text = ""
        if let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) {
            for case let file as URL in files {
                if let contents = try? String(contentsOf: file, encoding: .utf8) { text += contents + "\n" }
            }
        }
        for item in scenario.items where !item.value.isEmpty {
            text = text.replacingOccurrences(of: item.value, with: " ")
        }
        // Each item's own evidence may be shown: an IBAN's `CH••` is not the start of a balance `CHF 12'400`.
        for item in scenario.items { text += "\n" + Redaction.evidence(item.value, dataClass: item.dataClass) }
        return text
    }

    /// The prefixes of `value` that show more of it than its redaction keeps, with at least two letters or digits.
    static func revealingPrefixes(_ item: PlantedItem) -> [String] {
        let kept = Redaction.keptPrefix(item.value, dataClass: item.dataClass)
        var prefixes: [String] = []
        var significant = 0
        var prefix = ""
        for character in item.value {
            prefix.append(character)
            guard character.isLetter || character.isNumber else { continue }
            significant += 1
            if significant > kept, significant >= 2 { prefixes.append(prefix) }
        }
        return prefixes
    }

    @Test func explainShowsNoPrefixOfAnyPlantedValueForTheWholeLibrary() throws {
        let registry = ProfileRegistry.builtIn()
        let suite = ScenarioSuite.load(ReportFixtures.folders)
        var checked = 0
        var leaks: [String] = []
        for scenario in suite.scenarios {
            let analysis = try ScenarioAnalysis.analyze(scenario, profiles: registry.profiles, reveal: false)
            let author = Self.authorText(scenario)
            for result in analysis.profiles {
                let text = Self.withoutToolNumbers(RunExplanation(scenario: scenario, analysis: result).text)
                for item in scenario.items {
                    for prefix in Self.revealingPrefixes(item) {
                        checked += 1
                        if Self.containsToken(text, prefix), !Self.startsToken(author, prefix) {
                            leaks.append(
                                "\(scenario.id) under \(result.run.profile): \(item.id) prefix of \(prefix.count)")
                        }
                    }
                }
            }
        }
        #expect(checked > 20_000, "\(checked) prefixes checked")
        #expect(leaks.isEmpty, "\(leaks.prefix(20).joined(separator: "\n"))")
    }

    static func item(_ id: String, _ dataClass: DataClass, _ value: String) -> PlantedItem {
        PlantedItem(
            id: id, dataClass: dataClass, value: value, impact: dataClass.defaultImpact, label: nil,
            location: SourceLocation(file: "scenario.yaml", line: 1, column: 1))
    }

    @Test func aPartialExposureShowsOnlyWhatCrossed() {
        let redactor = TextRedactor(items: [
            Self.item("card.number", .cardNumber, "4111 1111 1111 1111"),
            Self.item("card.cvc", .cardSecurityCode, "738"),
        ])
        // Keystrokes of the items being typed, however short; the separator typed after a prefix goes with it.
        #expect(redactor.redact("4111 ", typing: ["card.number"]) == "4111 ·· (4 of 16 digits)")
        #expect(redactor.redact("73", typing: ["card.cvc"]) == "·· (2 of 3 digits)")
        #expect(redactor.redact("4111 1111 1111 1111") == "4111 •••• •••• 1111")
        // A rendering that masks part of the value shows how much of it crossed, not the whole value's evidence.
        #expect(redactor.redact("card 4111 11•• •••• ••11 on file") == "card 4111 ·· (8 of 16 digits) on file")
        // Marks let a view draw each redacted value as seen.
        let marked = redactor.redact("CVC 738", marked: true)
        #expect(marked == "CVC \u{E000}••••••••\u{E001}")
    }

    @Test func authorsNamesAreKeptWhereAShortValueIsPartOfThem() {
        let redactor = TextRedactor(items: [Self.item("card.month", .cardExpiry, "04")])
        #expect(redactor.redact("checkout-04/pages/kasse.html", context: .structure) == "checkout-04/pages/kasse.html")
        #expect(redactor.redact("click #step-04 then v04.txt", context: .structure) == "click #step-04 then v04.txt")
        // Where it stands as a value it is still redacted, in any context.
        #expect(redactor.redact("month: 04", context: .structure) == "month: ••")
        #expect(redactor.redact("checkout-04") == "checkout-••")
    }

    /// A planted "04" turned the folder `s04-checkout` into `s••-checkout` in the reports: the author's names are kept.
    @Test func aShortValueNeverAltersTheAuthorsFolderFileOrSelectorNames() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("checkout-04")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ReportFixtures.root.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"),
            to: folder)
        let yaml = folder.appendingPathComponent("scenario.yaml")
        let text = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(
            of: "items:\n", with: "items:\n  - id: card.month\n    class: card-expiry\n    value: \"04\"\n")
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        let out = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = Reports.write(try ReportFixtures.model(folders: [folder.path]), formats: ["html", "xml", "json"], to: out)
        for name in ["index.html", "report.xml", "report.json"] {
            let report = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            // The HTML names files without their folder; the XML and JSON give the whole path.
            #expect(name == "index.html" || report.contains("checkout-04/"), "\(name) keeps the folder's name")
            #expect(!report.contains("checkout-••"), "\(name) damaged the folder's name")
        }
    }
}
