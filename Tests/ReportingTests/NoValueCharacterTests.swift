import Foundation
import Markup
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
            #/\.[a-z]+:\d+/#, #/\d+(?:\.\d+)?×/#, #/\d+ of \d+/#, #/[Ee]xposure index:? \d+/#, #/index \d+/#,
        ]
        for pattern in patterns { text = text.replacing(pattern, with: " ") }
        return text
    }

    /// What the author wrote in the scenario's folder besides the values (the YAML and the pages, every planted value
    /// taken out), and each item's own evidence: a whole token found there may come from there, not from a value.
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

    /// What the scenario's steps type or select that is not a planted value nor part of one (the agent typing its
    /// own expiry `11/28`): its keystrokes are the author's, whatever value they happen to start like.
    static func otherTyping(_ scenario: Scenario) -> [String] {
        func symbols(_ text: String) -> String { String(text.lowercased().filter { $0.isLetter || $0.isNumber }) }
        return scenario.steps.compactMap { step -> String? in
            switch step.action {
            case let .type(_, _, text), let .select(_, _, text): text
            default: nil
            }
        }.filter { typed in
            !scenario.items.contains { item in
                let (value, keys) = (symbols(item.value), symbols(typed))
                return !keys.isEmpty && (keys.contains(value) || value.hasPrefix(keys))
            }
        }
    }

    /// The prefixes of `scenario`'s planted values that show more than their redaction keeps and stand as a token in
    /// `text`, unless the author wrote that token elsewhere or a step types it as another value; and how many were
    /// looked for.
    static func revealed(
        in text: String, _ scenario: Scenario, author: String, typing: [String]
    ) -> (leaks: [String], checked: Int) {
        var leaks: [String] = []
        var checked = 0
        for item in scenario.items {
            for prefix in revealingPrefixes(item) {
                checked += 1
                if containsToken(text, prefix), !containsToken(author, prefix),
                    !typing.contains(where: { $0.hasPrefix(prefix) })
                {
                    leaks.append("\(item.id) prefix of \(prefix.count)")
                }
            }
        }
        return (leaks, checked)
    }

    /// The prefixes of `value` that show more of it than its redaction keeps.
    static func revealingPrefixes(_ item: PlantedItem) -> [String] {
        let kept = Redaction.keptPrefix(item.value, dataClass: item.dataClass)
        var prefixes: [String] = []
        var significant = 0
        var prefix = ""
        for character in item.value {
            prefix.append(character)
            guard character.isLetter || character.isNumber else { continue }
            significant += 1
            // One character is checked where it is a field's value (below): in prose, `4` is as often a count.
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
            let typing = Self.otherTyping(scenario)
            for result in analysis.profiles {
                let whole = RunExplanation(scenario: scenario, analysis: result).text
                // A field's value as it crossed, keystroke by keystroke: not even its first character in clear.
                for line in whole.split(separator: "\n") where line.hasPrefix("  → agent received input: ") {
                    let value = line.dropFirst("  → agent received input: ".count)
                    guard !value.isEmpty, !value.hasPrefix("["), !typing.contains(where: { $0.hasPrefix(value) }) else {
                        continue
                    }
                    for item in scenario.items where item.value.lowercased().hasPrefix(value.lowercased()) {
                        leaks.append("\(scenario.id) under \(result.run.profile): \(item.id) typed \(value.count)")
                    }
                }
                let found = Self.revealed(in: Self.withoutToolNumbers(whole), scenario, author: author, typing: typing)
                checked += found.checked
                leaks += found.leaks.map { "\(scenario.id) under \(result.run.profile): \($0)" }
            }
        }
        #expect(checked > 20_000, "\(checked) prefixes checked")
        #expect(leaks.isEmpty, "\(leaks.prefix(20).joined(separator: "\n"))")
    }

    @Test func reportsShowNoPrefixOfAnyPlantedValue() throws {
        var leaks: [String] = []
        var checked = 0
        // Each scenario's own report, read for its own values: another scenario's text says nothing about them.
        for analysis in try ReportFixtures.analyses() {
            let scenario = analysis.scenario
            let out = ReportFixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let model = try ReportModel(
                scenarios: [analysis], profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false,
                environment: [:])
            _ = Reports.write(model, formats: ["html", "json"], to: out)
            // What a reader reads: the HTML's text, field values and titles (each mirror's too), the JSON's strings;
            // the tool's own numbers and hashes (run id, input digests) taken out.
            let html = try Self.readable(try String(contentsOfFile: out + "/index.html", encoding: .utf8))
            let json = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
            let reports = Self.withoutToolNumbers(
                (html + Self.strings(json)).joined(separator: "\n").replacing(#/[0-9a-f]{16,}/#, with: " "))
            let found = Self.revealed(
                in: reports, scenario, author: Self.authorText(scenario), typing: Self.otherTyping(scenario))
            checked += found.checked
            leaks += found.leaks.map { "\(scenario.id): \($0)" }
        }
        #expect(checked > 1_500, "\(checked) prefixes checked")
        #expect(leaks.isEmpty, "\(leaks.prefix(20).joined(separator: "\n"))")
    }

    /// The texts a reader of `html` reads: text nodes, field values, titles and placeholders, and the same inside each
    /// mirror frame's document.
    /// The report's own cells that hold only a number (a step, a count) are the tool's and left out.
    static func readable(_ html: String, isMirror: Bool = false) throws -> [String] {
        var texts: [String] = []
        for node in try Document.parseHTML(html).node.descendants {
            if node.kind == .text {
                let text = node.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
                if isMirror || text.isEmpty || !text.allSatisfy(\.isNumber) { texts.append(node.textContent) }
            }
            guard node.isElement else { continue }
            for name in ["value", "title", "placeholder", "alt", "aria-label"] {
                if let value = node.attribute(name) { texts.append(value) }
            }
            if node.name == "iframe", let frame = node.attribute("srcdoc") {
                texts += try readable(frame, isMirror: true)
            }
        }
        return texts
    }

    /// Every string in a JSON value.
    static func strings(_ json: Any) -> [String] {
        switch json {
        case let text as String: [text]
        case let list as [Any]: list.flatMap(strings)
        case let object as [String: Any]: object.keys.sorted().flatMap { strings(object[$0]!) }
        default: []
        }
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
        // A secret's part says nothing about its length.
        #expect(redactor.redact("73", typing: ["card.cvc"]) == "•••••••• (in part)")
        #expect(redactor.redact("7", typing: ["card.cvc"]) == "•••••••• (in part)")
        #expect(redactor.redact("4", typing: ["card.number"]) == "4 ·· (1 of 16 digits)")
        // A mask's X is not the value's: it is not shown as kept.
        #expect(redactor.redact("XXXX XXXX 1111 1111") == "·· (8 of 16 digits)")
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
            of: "items:\n", with: "items:\n  - id: card.month\n    class: card-expiry\n    value: \"04\"\n"
        ).replacingOccurrences(of: "id: checkout-help\n", with: "id: checkout-04\n")
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        let out = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = Reports.write(try ReportFixtures.model(folders: [folder.path]), formats: ["html", "xml", "json"], to: out)
        for name in ["index.html", "report.xml", "report.json"] {
            let report = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
            // The HTML names files without their folder (but shows the scenario's id); the XML and JSON give the path.
            #expect(report.contains(name == "index.html" ? "<code>checkout-04</code>" : "checkout-04/"), "\(name)")
            #expect(!report.contains("checkout-••"), "\(name) damaged the folder's name")
        }
    }
}
