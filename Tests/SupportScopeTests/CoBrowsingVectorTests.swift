import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Every leak vector real DOM-mirroring tools have shipped, exercised on each path it can take (in the first
/// snapshot, inserted later by a script, typed as input) and measured with the exposure analysis, which finds
/// a value in any encoding (entities, URL encoding, split across messages) — never with a plain `contains`.
@Suite("Co-browsing leak vectors on every path")
struct CoBrowsingVectorTests {
    struct Vector: CustomStringConvertible, Sendable {
        let name: String
        let dataClass: DataClass
        let value: String
        /// The markup carrying `{{v}}`, as a page would.
        let html: String
        /// A field the customer can type the value into, when the vector is one.
        let field: String?
        /// Whether the careless mirror shows it (frames never show, whatever the level).
        let naiveShows: Bool

        var description: String { name }
    }

    static let text = "ZQ-7781-WALDER"
    static let vectors: [Vector] = [
        Vector(
            name: "hidden input", dataClass: .other, value: text,
            html: "<input type=\"hidden\" name=\"acct\" value=\"{{v}}\">", field: nil, naiveShows: true),
        Vector(
            name: "comment", dataClass: .other, value: text, html: "<!-- CRM: customer {{v}} -->", field: nil,
            naiveShows: true),
        Vector(
            name: "inline script", dataClass: .other, value: text,
            html: "<script>window.dataLayer = [{ customer: \"{{v}}\" }];</script>", field: nil, naiveShows: true),
        Vector(
            name: "data attribute", dataClass: .other, value: text,
            html: "<span class=\"greeting\" data-customer=\"{{v}}\">Willkommen</span>", field: nil, naiveShows: true),
        Vector(
            name: "framework mirror attribute", dataClass: .other, value: text,
            html: "<app-field ng-reflect-model=\"{{v}}\"></app-field>", field: nil, naiveShows: true),
        Vector(
            name: "title attribute", dataClass: .other, value: text, html: "<abbr title=\"{{v}}\">Kunde</abbr>",
            field: nil, naiveShows: true),
        Vector(
            name: "aria-label", dataClass: .other, value: text,
            html: "<button type=\"button\" aria-label=\"Konto {{v}}\">⋯</button>", field: nil, naiveShows: true),
        Vector(
            name: "placeholder", dataClass: .other, value: text, html: "<input name=\"ref\" placeholder=\"{{v}}\">",
            field: nil, naiveShows: true),
        Vector(
            name: "alt text", dataClass: .other, value: text, html: "<img alt=\"Ausweis {{v}}\" src=\"/img/id.png\">",
            field: nil, naiveShows: true),
        Vector(
            name: "inline style URL", dataClass: .other, value: text,
            html: "<div style=\"background:url('/avatar?u={{v}}')\">A</div>", field: nil, naiveShows: true),
        Vector(
            name: "mailto link", dataClass: .email, value: "zora.quellmatt@example.ch",
            html: "<a href=\"mailto:{{v}}\">Mail</a>", field: nil, naiveShows: true),
        Vector(
            name: "URL query (URL-encoded)", dataClass: .other, value: text,
            html: "<a href=\"/reset?token=ZQ%2D7781%2DWALDER#step\">Reset</a>", field: nil, naiveShows: true),
        Vector(
            name: "srcdoc frame", dataClass: .other, value: text, html: "<iframe srcdoc=\"<p>{{v}}</p>\"></iframe>",
            field: nil, naiveShows: true),
        Vector(
            name: "canvas fallback", dataClass: .other, value: text,
            html: "<canvas width=\"10\" height=\"10\">{{v}}</canvas>", field: nil, naiveShows: true),
        Vector(
            name: "data: image", dataClass: .other, value: text, html: "<img alt=\"\" src=\"data:text/plain,{{v}}\">",
            field: nil, naiveShows: true),
        Vector(
            name: "shadow root", dataClass: .other, value: text,
            html: "<div id=\"host\"><template shadowrootmode=\"open\"><p>{{v}}</p></template></div>", field: nil,
            naiveShows: true),
        Vector(
            name: "entity-encoded text in a template", dataClass: .other, value: text,
            html: "<template><p>&#90;&#81;-7781-WALDER</p></template>", field: nil, naiveShows: true),
        Vector(
            name: "password field", dataClass: .password, value: "Morgenrot-77!",
            html: "<input type=\"password\" id=\"pw\" value=\"{{v}}\">", field: "#pw", naiveShows: true),
        Vector(
            name: "PASSWORD in capitals", dataClass: .password, value: "Morgenrot-77!",
            html: "<input type=\"PASSWORD\" id=\"pw\" value=\"{{v}}\">", field: "#pw", naiveShows: true),
        Vector(
            name: "autocomplete cc-number", dataClass: .cardNumber, value: "4000 0566 5566 5556",
            html: "<input id=\"cc\" name=\"f3\" autocomplete=\"section-pay billing cc-number\" value=\"{{v}}\">",
            field: "#cc", naiveShows: true),
        Vector(
            name: "field named by its label", dataClass: .iban, value: "DE89 3704 0044 0532 0130 00",
            html: "<label for=\"f7\">IBAN des Empfängers</label><input id=\"f7\" name=\"f7\" value=\"{{v}}\">",
            field: "#f7", naiveShows: true),
        Vector(
            name: "textarea", dataClass: .other, value: text,
            html: "<label for=\"msg\">Passwort-Notiz</label><textarea id=\"msg\">{{v}}</textarea>",
            field: "#msg", naiveShows: true),
        Vector(
            name: "select", dataClass: .other, value: text,
            html:
                "<label for=\"q\">PIN-Frage</label><select id=\"q\"><option>Haustier</option><option selected>{{v}}</option></select>",
            field: nil, naiveShows: true),
        Vector(
            name: "contenteditable region named private", dataClass: .other, value: text,
            html: "<div contenteditable=\"true\" aria-label=\"Passwort-Notiz\">{{v}}</div>", field: nil,
            naiveShows: true),
        Vector(
            name: "card number in a table cell", dataClass: .cardNumber, value: "4000 0566 5566 5556",
            html: "<table><tr><td>Hinterlegte Karte</td><td>{{v}}</td></tr></table>",
            field: nil, naiveShows: true),
        Vector(
            name: "IBAN in an alert", dataClass: .iban, value: "CH93 0076 2011 6238 5295 7",
            html: "<div role=\"alert\">Rückerstattung auf {{v}} veranlasst.</div>",
            field: nil, naiveShows: true),
        Vector(
            name: "API key in a code block", dataClass: .secret, value: "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            html: "<pre><code>STRIPE_KEY={{v}}</code></pre>",
            field: nil, naiveShows: true),
        Vector(
            name: "one-time code next to its label", dataClass: .oneTimeCode, value: "731942",
            html: "<p class=\"sms\">Ihr Bestätigungscode: {{v}}</p>",
            field: nil, naiveShows: true),
        Vector(
            name: "card number in a link's path", dataClass: .cardNumber, value: "4000056655665556",
            html: "<a href=\"/cards/{{v}}/details\">Details</a>",
            field: nil, naiveShows: true),
        Vector(
            name: "URL with a token in a meta tag", dataClass: .other, value: text,
            html: "<meta property=\"og:url\" content=\"https://portal.example.ch/reset?token={{v}}\">",
            field: nil, naiveShows: true),
        Vector(
            name: "IBAN typed into an unmarked field", dataClass: .iban, value: "DE89 3704 0044 0532 0130 00",
            html: "<label for=\"r\">Verwendungszweck</label><input id=\"r\" name=\"ref\" value=\"{{v}}\">", field: "#r",
            naiveShows: true),
        Vector(
            name: "card number typed into free text", dataClass: .cardNumber, value: "4000 0566 5566 5556",
            html: "<label for=\"m\">Ihre Nachricht</label><textarea id=\"m\">{{v}}</textarea>", field: "#m",
            naiveShows: true),
        Vector(
            name: "card number typed into an unmarked field", dataClass: .cardNumber, value: "4000 0566 5566 5556",
            html: "<label for=\"n\">Notiz</label><input id=\"n\" name=\"note\" value=\"{{v}}\">", field: "#n",
            naiveShows: true),
    ]

    enum Path: String, CaseIterable, Sendable {
        case snapshot, mutation, input
    }

    /// The scenario for a vector on one path: in the page from the start, inserted by a script, or typed.
    static func scenario(_ vector: Vector, _ path: Path) -> Scenario {
        let markup = vector.html.replacingOccurrences(of: "{{v}}", with: vector.value)
        let here = SourceLocation(file: "vector", line: 1, column: 1)
        var body = "<main><h1>Konto</h1><div id=\"slot\"></div></main>"
        var steps = [Step(index: 0, id: nil, actor: .session, action: .start, at: nil, note: nil, location: here)]
        switch path {
        case .snapshot:
            body = "<main><h1>Konto</h1><div id=\"slot\">\(markup)</div></main>"
        case .mutation:
            steps.append(
                Step(
                    index: 1, id: nil, actor: .system,
                    action: .pageChange(tab: nil, selector: "#slot", change: .html(markup)), at: nil, note: nil,
                    location: here))
        case .input:
            // The field is there empty; the customer types the value.
            let empty = markup.replacingOccurrences(of: vector.value, with: "")
            body = "<main><h1>Konto</h1><div id=\"slot\">\(empty)</div></main>"
            steps.append(
                Step(
                    index: 1, id: nil, actor: .customer,
                    action: .type(tab: nil, selector: vector.field!, text: vector.value), at: nil, note: nil,
                    location: here))
        }
        steps.append(
            Step(index: steps.count, id: nil, actor: .session, action: .end, at: nil, note: nil, location: here))
        var scenario = Scenario.onePage(
            html:
                "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Konto</title></head><body>\(body)</body></html>",
            url: "https://portal.example.ch/konto")
        scenario.steps = steps
        scenario.items = [
            PlantedItem(
                id: "v", dataClass: vector.dataClass, value: vector.value, impact: .high, label: nil, location: here)
        ]
        return scenario
    }

    /// The worst grade at which the value reached the agent (observed or retained), if it did.
    static func exposure(_ vector: Vector, _ path: Path, _ profile: String) throws -> Finding.Grade? {
        let scenario = scenario(vector, path)
        let run = try Replay.run(scenario, profile: try CoBrowse.profile(profile))
        return ExposureAnalyzer(scenario: scenario).findings(for: run)
            .filter {
                $0.subject == .item("v") && ($0.kind == .observed || $0.kind == .retained)
                    && $0.grade?.isExposure == true
            }
            .compactMap(\.grade).max()
    }

    static var cases: [(Vector, Path)] {
        vectors.flatMap { vector in Path.allCases.filter { $0 != .input || vector.field != nil }.map { (vector, $0) } }
    }

    @Test func aValueInTheTitleOrThePathDoesNotCrossInThePageLocation() throws {
        var scenario = Self.scenario(Self.vectors[0], .snapshot)
        let iban = "CH93 0076 2011 6238 5295 7"
        scenario.world.windows[0].tabs[0].html = scenario.world.windows[0].tabs[0].html.replacingOccurrences(
            of: "<title>Konto</title>", with: "<title>Konto \(iban)</title>")
        scenario.world.windows[0].tabs[0].url = "https://portal.example.ch/payees/CH9300762011623852957/edit"
        scenario.items = [
            PlantedItem(id: "v", dataClass: .iban, value: iban, impact: .high, label: nil, location: scenario.location)
        ]
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        let location = try #require(run.wire.first { $0.kind == .location })
        #expect(!location.content.contains("CH93") && location.content.contains("https://portal.example.ch/payees/"))
        #expect(ExposureAnalyzer(scenario: scenario).findings(for: run).allSatisfy { $0.grade?.isExposure != true })
    }

    /// Amounts and postal codes are not held back; a card or an IBAN under way is.
    @Test(arguments: [
        ("2480.00", false), ("CHF 1'250", false), ("8004", false), ("Bern 3011", false),
        ("4111 1111 1", true), ("Meine Karte: 4111-1111-11", true), ("DE89 3704", true),
    ])
    func onlyANumberUnderWayIsHeldBack(_ value: String, _ heldBack: Bool) {
        #expect(MaskedValues.endsInAccountNumber(value) == heldBack, "\(value)")
    }

    @Test(arguments: cases)
    func standardSendsTheValueNowhereInAnyEncoding(_ vector: Vector, _ path: Path) throws {
        #expect(
            try Self.exposure(vector, path, "cobrowse-standard") == nil, "\(vector.name) via \(path) reached the agent")
    }

    @Test(arguments: cases.filter { $0.0.naiveShows })
    func naiveShowsTheValueSoTheReportCanExplainIt(_ vector: Vector, _ path: Path) throws {
        #expect(
            try Self.exposure(vector, path, "cobrowse-naive") != nil,
            "\(vector.name) via \(path) should show under the naive profile")
    }
}
