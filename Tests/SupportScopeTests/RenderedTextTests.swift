import Detectors
import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// One card number written the ways hostile testing used to get it past the tracer, the detectors and the redaction:
/// each renders in a browser as the card's sixteen digits.
enum CardProbes {
    static let value = "4000 0566 5566 5556"
    static let digits = "4000056655665556"

    static let forms: [(name: String, html: String)] = [
        ("groups on indented lines", "<p>Card:\n      4000\n      0566\n      5566\n      5556\n    </p>"),
        ("runs of spaces", "<p>Card: 4000     0566     5566     5556</p>"),
        ("tabs", "<p>Card: 4000\t\t0566\t\t5566\t\t5556</p>"),
        ("zero-width spaces", "<p>Card: 4000\u{200B}0566\u{200B}5566\u{200B}5556</p>"),
        ("soft hyphens as references", "<p>Card: 4000&shy;0566&shy;5566&shy;5556</p>"),
        ("zero-width joiners in a group", "<p>Card: 40\u{200D}00 05\u{200C}66 5566 55\u{2060}56</p>"),
        ("full-width digits", "<p>Card: ４０００ ０５６６ ５５６６ ５５５６</p>"),
        ("Arabic-Indic digits", "<p>Card: ٤٠٠٠ ٠٥٦٦ ٥٥٦٦ ٥٥٥٦</p>"),
        ("mathematical digits", "<p>Card: 𝟒𝟎𝟎𝟎 𝟎𝟓𝟔𝟔 𝟓𝟓𝟔𝟔 𝟓𝟓𝟓𝟔</p>"),
        (
            "CSS escapes in content",
            "<style>.c::after{content:\"\\34\\30\\30\\30 \\30\\35\\36\\36 \\35\\35\\36\\36 \\35\\35\\35\\36\"}</style><p class=c>Card: </p>"
        ),
        ("underscores", "<p>Card: 4000_0566_5566_5556</p>"),
        ("commas", "<p>Card: 4000,0566,5566,5556</p>"),
        ("double dashes", "<p>Card: 4000 -- 0566 -- 5566 -- 5556</p>"),
        ("en dashes", "<p>Card: 4000–0566–5566–5556</p>"),
    ]

    static func page(_ form: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Saved cards</title></head>
        <body><main><h1>Your saved cards</h1>\(form)<button type="button">Edit</button></main></body></html>
        """
    }

    static let yaml = """
        id: card-probe
        title: A saved card shown in a hostile form
        summary: The customer's saved-cards page shows the card number written so its bytes differ from its digits.
        domain: retail
        items:
          - id: card
            class: card-number
            value: "\(value)"
        world:
          windows:
            - id: browser
              app: Firefox
              title: Saved cards
              tabs:
                - id: shop
                  url: https://shop.example/account/cards
                  page: pages/cards.html
        steps:
          - session: start
          - customer: scroll
            y: 200
          - session: end

        """
}

@Suite("Rendered text: what the agent can read is what is compared")
struct RenderedTextTests {
    @Test(arguments: CardProbes.forms.map(\.name))
    func everyFormOfTheCardIsFoundAndNeverPrinted(_ name: String) throws {
        let html = CardProbes.page(CardProbes.forms.first { $0.name == name }!.html)
        let folder = try HostileScenario(yaml: CardProbes.yaml, pages: ["pages/cards.html": html]).folder
        defer { try? FileManager.default.removeItem(at: folder) }
        let loaded = ScenarioLoader().load(folder: folder.path)
        let scenario = try #require(loaded.scenario, "\(loaded.diagnostics)")
        let analysis = try ScenarioAnalysis.analyze(
            scenario, profiles: ["cobrowse-naive", "cobrowse-standard"].map { try CoBrowse.profile($0) })
        for profile in analysis.profiles {
            let wire = profile.run.wire.map(\.content).joined(separator: "\n")
            let crossed = Self.renderedDigits(wire).contains(CardProbes.digits)
            let found = profile.findings.contains { $0.subject == .item("card") && $0.grade?.isExposure == true }
            // Either the card did not cross (masked as rendered) or the crossing is a finding: never silent.
            #expect(!crossed || found, "\(name) under \(profile.run.profile): crossed without a finding")
            if profile.run.profile == "cobrowse-naive" { #expect(found, "\(name): naive mirrors everything") }
            for finding in profile.findings {
                #expect(!Self.renderedDigits(finding.evidence).contains("05665566"), "\(name): evidence in clear")
            }
        }
        // The explanation's redactor, which the reports' wire views use, leaves no run of the card's middle digits.
        let redactor = TextRedactor(scenario: scenario)
        let redacted = redactor.redact(html)
        #expect(!Self.renderedDigits(redacted).contains("05665566"), "\(name): redaction left the value")
    }

    /// The detectors read text as rendered and give ranges in the original bytes.
    @Test(arguments: CardProbes.forms.map(\.name).filter { $0 != "CSS escapes in content" })
    func theDetectorsFindEachForm(_ name: String) throws {
        let html = CardProbes.forms.first { $0.name == name }!.html
        let text = String(String.UnicodeScalarView(WireText.decode(html)))
        let hits = DetectorSet.all.scan(text).filter { $0.detectorClass == .cardNumber }
        let hit = try #require(hits.first, "\(name): no card found")
        #expect(hit.canonical == CardProbes.digits)
        let bytes = Array(text.utf8)
        let covered = String(decoding: bytes[hit.range], as: UTF8.self)
        #expect(Self.renderedDigits(covered) == CardProbes.digits)
    }

    @Test func thousandsSeparatorsAndIndentationAreLeftAlone() {
        let text = "Total: 1,234,567 items\n        <td>2024</td>\n        <td>11</td>"
        let rendered = Array(text.utf8).withUnsafeBufferPointer { RenderedText.rendered($0) }
        let plain = rendered.map { String(decoding: $0.bytes, as: UTF8.self) } ?? text
        #expect(plain.contains("1,234,567"))
    }

    /// A mirror's node id (`n737`) or a value glued to a letter (`v737`) is not the CVC 737.
    @Test func digitsNextToLettersAreNoShortValue() {
        let pattern = CanaryPattern(value: "737", dataClass: .cardSecurityCode)
        for text in ["<input data-ss-id=\"n737\">", "<input value=\"v737\">", "ref737x"] {
            #expect(pattern.sightings(in: Array(text.unicodeScalars)).isEmpty, "\(text)")
        }
        #expect(!pattern.sightings(in: Array("CVC: 737".unicodeScalars)).isEmpty)
    }

    /// The tracer goes on after a whole occurrence (a value repeated 7,800 times was quadratic) — from inside the first
    /// markup it skipped, and not at all past the start of another message: every message's whole values are found.
    @Test func wholeOccurrencesAreAllFoundAfterTheSkip() {
        // Overlapping occurrences in one message are one place: the first is found, the search goes on after it.
        let stripe = CanaryPattern(value: "4242 4242 4242 4242", dataClass: .cardNumber)
        let groups = Array("4242 4242 4242 4242 4242 4242 4242 4242".unicodeScalars)
        #expect(stripe.sightings(in: groups).filter { $0.grade == .full }.map(\.range.lowerBound) == [0, 20])
        // Pieced over two messages of a joined stream, the overlapping one still ends in the second.
        let messages = Array("4242 4242\n4242 4242 4242 4242".unicodeScalars)
        #expect(
            stripe.sightings(in: messages, messageStarts: [0, 10]).filter { $0.grade == .full }.map(\.range.lowerBound)
                == [0, 5, 10])
        // A whole value inside markup that another occurrence's walk skipped as a separator.
        let card = CanaryPattern(value: "4111 1111 1111 1111", dataClass: .cardNumber)
        let text = Array("4111 1111<input value=\"4111 1111 1111 1111\"> 1111 1111".unicodeScalars)
        let starts = card.sightings(in: text).filter { $0.grade == .full }.map(\.range.lowerBound)
        #expect(starts == [0, 23])
        let repeated = Array(String(repeating: "<p>4111 1111 1111 1111</p>", count: 1_000).unicodeScalars)
        #expect(card.sightings(in: repeated).filter { $0.grade == .full }.count == 1_000)
    }

    static func renderedDigits(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                WireText.decode(text).map(RenderedText.fold).filter { ("0"..."9").contains($0) }))
    }
}
