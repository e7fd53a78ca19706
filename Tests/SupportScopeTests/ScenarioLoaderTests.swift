import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

@Suite("Loading broken scenarios")
struct BrokenScenarioTests {
    @Test func thereIsAFixturePerKindOfMistake() {
        #expect(Fixtures.brokenCases.count >= 30)
    }

    /// Each fixture's `expected.txt` holds every diagnostic, exactly: message, line and column.
    @Test("broken fixture", arguments: Fixtures.brokenCases)
    func brokenFixture(_ name: String) throws {
        let folder = Fixtures.folder("broken/\(name)")
        let expected = try String(contentsOfFile: folder + "/expected.txt", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let result = ScenarioLoader().load(folder: folder)
        #expect(result.diagnostics.map { $0.relative(to: folder) } == expected)
        #expect(!expected.isEmpty)
        if expected.contains(where: { $0.contains(": error: ") }) {
            #expect(result.scenario == nil)
        } else {
            #expect(result.scenario != nil)
        }
    }

    @Test func diagnosticsQuoteTheLineWithACaret() throws {
        let folder = Fixtures.folder("broken/unknown-key")
        let diagnostic = try #require(ScenarioLoader().load(folder: folder).diagnostics.first)
        #expect(
            diagnostic.rendered == """
                \(folder)/scenario.yaml:2:1: error: unknown key 'titel' in scenario (did you mean 'title'?)
                titel: Minimal checkout
                ^
                """)
    }

    @Test func oversizedFilesAreRefused() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = try String(contentsOfFile: Fixtures.folder("broken/unknown-key/scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "titel:", with: "title:")
        try base.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("pages"), withIntermediateDirectories: true)
        let huge = "<html><body>" + String(repeating: "<p>filler</p>\n", count: 700_000) + "</body></html>"
        try huge.write(to: folder.appendingPathComponent("pages/checkout.html"), atomically: true, encoding: .utf8)
        let result = ScenarioLoader().load(folder: folder.path)
        #expect(
            result.diagnostics.map { $0.relative(to: folder.path) }
                == [
                    "scenario.yaml:17:17: error: 'pages/checkout.html' is \(huge.utf8.count) bytes; the limit is 2097152 bytes"
                ])

        let bigYAML = base + "# " + String(repeating: "x", count: 1 << 20) + "\n"
        try bigYAML.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let refused = ScenarioLoader().load(folder: folder.path)
        #expect(
            refused.diagnostics.map { $0.relative(to: folder.path) }
                == ["scenario.yaml: error: 'scenario.yaml' is \(bigYAML.utf8.count) bytes; the limit is 1048576 bytes"])
    }

    @Test func aBillionLaughsFileIsRefusedQuickly() throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        yaml += "? *a9\n: boom\n"
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let clock = ContinuousClock()
        let start = clock.now
        let result = ScenarioLoader().load(folder: folder.path)
        #expect(clock.now - start < .seconds(2))
        #expect(
            result.diagnostics.map { $0.relative(to: folder.path) }
                == [
                    "scenario.yaml:2:10: error: YAML aliases (*name) are not allowed: they can expand exponentially; write the value out"
                ])
    }

    /// The three ways past the old line scanner, each ending in an alias used as a mapping key.
    @Test(arguments: [
        ("# crlf\r\n", "\r\n", "[x, x, x, x, x, x, x, x, x, x]", 3),
        ("", "\n", "{\"k0\":*a0,\"k1\":*a0,\"k2\":*a0,\"k3\":*a0,\"k4\":*a0,\"k5\":*a0}", 2),
        ("list:\n  - t: x |\n", "\n", "[x, x, x, x, x, x, x, x, x, x]", 4),
    ])
    func aliasesPastTheOldLineScannerAreRefused(_ prefix: String, _ newline: String, _ flow: String, _ line: Int) throws
    {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var yaml = prefix + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" + newline
        for level in 1...9 {
            let body =
                flow.hasPrefix("{")
                ? flow.replacingOccurrences(of: "*a0", with: "*a\(level - 1)")
                : "[" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
            yaml += "a\(level): &a\(level) \(body)" + newline
        }
        yaml += "? *a9" + newline + ": boom" + newline
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let result = ScenarioLoader().load(folder: folder.path)
        let messages = result.diagnostics.map { $0.relative(to: folder.path) }
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("scenario.yaml:\(line):") == true)
        #expect(messages.first?.contains("YAML aliases (*name) are not allowed") == true)
    }

    @Test func aMissingFolderOrFileIsReported() {
        let result = ScenarioLoader().load(folder: "/nonexistent/scenario")
        #expect(
            result.diagnostics.map(\.description)
                == ["/nonexistent/scenario/scenario.yaml: error: 'scenario.yaml' does not exist in the scenario folder"]
        )
    }
}

@Suite("Loading valid scenarios")
struct ValidScenarioTests {
    @Test func theFullFixtureLoadsIntoTheValuesItDescribes() throws {
        let folder = Fixtures.folder("valid/full-session")
        let result = ScenarioLoader().load(folder: folder)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
        let scenario = try #require(result.scenario)
        #expect(scenario.id == "full-session")
        #expect(scenario.domain == "retail")
        #expect(scenario.tags == ["pci", "escalation"])
        #expect(scenario.references == ["PCI DSS 4.0 3.4.1", "GDPR Art. 32"])
        #expect(scenario.location == SourceLocation(file: folder + "/scenario.yaml", line: 2, column: 5))

        #expect(scenario.items.map(\.id) == ["card.number", "card.cvc", "otp", "iban", "ssn", "loyalty"])
        #expect(scenario.item("card.number")?.dataClass == .cardNumber)
        #expect(scenario.item("card.number")?.impact == .high)
        #expect(scenario.item("card.number")?.label == "Mastercard")
        #expect(scenario.item("loyalty")?.impact == .low)
        #expect(scenario.item("iban")?.impact == .high)

        let world = scenario.world
        #expect(world.screen == Size(width: 1440, height: 900))
        #expect(world.windows.map(\.id) == ["browser", "mail", "viewer"])
        let browser = world.windows[0]
        #expect(browser.bounds == Rect(x: 0, y: 0, width: 1200, height: 860))
        #expect(browser.z == 3 && browser.isBrowser)
        #expect(browser.tabs.map(\.id) == ["shop", "bank"])
        #expect(browser.tabs[0].html.contains("Loyalty: GOLD-4471-99"))
        #expect(
            browser.tabs[0].frames == [
                FrameSpec(
                    selector: "#psp", url: "https://pay.example-psp.com/fields", page: "pages/psp.html",
                    html:
                        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Fields</title></head>\n<body><input id=\"number\" autocomplete=\"cc-number\" value=\"5555-5555-5555-4444\"></body></html>\n"
                )
            ])
        let mail = world.windows[1]
        #expect(
            mail.minimized && mail.text == "Your loyalty number GOLD-4471-99"
                && mail.bounds == Rect(x: 0, y: 0, width: 1440, height: 900))
        #expect(world.windows[2].file == "~/Documents/statement.txt")
        #expect(
            world.files == [
                FileSpec(
                    path: "~/Documents/statement.txt",
                    content: "Account statement\nIBAN DE89 3704 0044 0532 0130 00\nCard 5555-5555-5555-4444\n",
                    size: 20480),
                FileSpec(path: "~/Desktop/notes.txt", content: "SSN 123-45-6789", size: 15),
            ])
        #expect(world.clipboard == "DE89 3704 0044 0532 0130 00")
        #expect(
            world.credentials == [
                Credential(site: "https://bank.example.de", username: "jdoe", password: "123-not-really")
            ])

        let actions = scenario.steps.map(\.action)
        #expect(actions.count == 31)
        #expect(actions[0] == .start)
        #expect(scenario.steps[0].note == "The customer opens the support chat.")
        #expect(actions[1] == .type(tab: nil, selector: "#card", text: "5555-5555-5555-4444"))
        #expect(scenario.steps[1].at == 2)
        #expect(actions[2] == .select(tab: nil, selector: "select[name=country]", value: "DE"))
        #expect(actions[5] == .scroll(tab: nil, selector: nil, y: 600))
        #expect(actions[6] == .autofillPopup(tab: nil, selector: "#card", suggestions: ["5555-5555-5555-4444"]))
        #expect(actions[7] == .notification(app: "Messages", title: "Bank", text: "Code 482913", duration: 1.5))
        #expect(scenario.steps[7].at == 10)
        #expect(
            actions[8]
                == .pageChange(tab: nil, selector: "#status", change: .html("<p class=ok>Saved card ending 4444</p>")))
        #expect(
            actions[9]
                == .pageChange(
                    tab: nil, selector: "#status",
                    change: .attributes(["data-iban": "DE89 3704 0044 0532 0130 00", "title": "Saved"])))
        #expect(actions[10] == .pageChange(tab: nil, selector: "#promo", change: .remove))
        #expect(actions[12] == .switchTab(tab: "bank"))
        #expect(actions[13] == .switchWindow(window: "viewer"))
        #expect(actions[14] == .openFile(path: "~/Desktop/notes.txt", window: "viewer"))
        #expect(actions[15] == .copy(text: "DE89 3704 0044 0532 0130 00"))
        if case let .navigate(tab, url, page, html) = actions[16] {
            #expect(
                tab == "shop" && url == "https://shop.example.com/pay" && page == "pages/pay.html"
                    && html.contains("id=\"pay-now\""))
        } else {
            Issue.record("step 17 should navigate")
        }
        #expect(scenario.steps[19].id == "agent-types" && scenario.steps[19].actor == .agent)
        #expect(actions[19] == .type(tab: "shop", selector: "#coupon", text: "BLACKFRIDAY"))
        #expect(actions[26] == .transferFile(path: "~/Desktop/notes.txt", toAgent: true))
        #expect(actions[29] == .escalate)
        #expect(scenario.steps[29].at == 60)
        #expect(actions[30] == .end)

        #expect(scenario.expectations.count == 2)
        #expect(scenario.expectations[0].profiles == ["cobrowse-standard"])
        #expect(scenario.expectations[0].notObserved == ["card.number", "card.cvc", "otp"])
        #expect(
            scenario.expectations[0].refused == [
                "agent-opens", "agent-reads-clipboard", "agent-transfers", "agent-switches",
            ])
        #expect(scenario.expectations[1].profiles == ["screenshare-fullscreen", "remote-desktop-attended"])
        #expect(scenario.expectations[1].retained == ["card.number"])
        #expect(scenario.policy == PolicyAdditions(mask: [".loyalty", "#status"], block: ["#pay-now"]))
    }

    @Test("templates validate as they are", arguments: ScenarioTemplates.names)
    func templatesValidate(_ template: String) throws {
        let parent = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("Black Friday Help").path
        let written = try ScenarioTemplates.create(template, in: folder)
        #expect(written.contains("scenario.yaml"))
        let result = ScenarioLoader().load(folder: folder)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
        #expect(result.scenario?.id == "black-friday-help")
        #expect(throws: ScenarioTemplates.Failure.folderNotEmpty(folder)) {
            try ScenarioTemplates.create(template, in: folder)
        }
    }

    @Test func unknownTemplatesAreRefused() {
        #expect(throws: ScenarioTemplates.Failure.unknownTemplate("web-chekout")) {
            try ScenarioTemplates.create("web-chekout", in: "/tmp/never-created")
        }
        #expect(
            ScenarioTemplates.Failure.unknownTemplate("web-chekout").description.contains(
                "did you mean 'web-checkout'?"))
    }

    @Test func aSuiteRefusesDuplicateScenarioIDs() throws {
        let parent = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        _ = try ScenarioTemplates.create("web-checkout", in: parent.appendingPathComponent("a/same").path)
        _ = try ScenarioTemplates.create("desktop-support", in: parent.appendingPathComponent("b/same").path)
        let suite = ScenarioSuite.load([parent.path])
        #expect(suite.folders.count == 2)
        #expect(suite.scenarios.map(\.id) == ["same"])
        #expect(
            suite.diagnostics.map(\.message) == [
                "duplicate scenario id 'same': \(parent.path)/a/same/scenario.yaml uses it too"
            ])
        #expect(suite.diagnostics.first?.line == 5)
    }

    @Test func aSuiteReportsPathsWithoutScenarios() throws {
        let empty = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let suite = ScenarioSuite.load([empty.path, "/nonexistent/suite"])
        #expect(
            suite.diagnostics.map(\.description) == [
                "/nonexistent/suite: error: no such folder",
                "\(empty.path): warning: no scenario.yaml found here",
            ])
    }
}
