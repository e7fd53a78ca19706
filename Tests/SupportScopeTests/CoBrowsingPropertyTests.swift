import Foundation
import PropertyBased
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Random pages mixing every shape of private and public content, under random policies.
@Suite("Co-browsing privacy properties")
struct CoBrowsingPropertyTests {
    /// One piece of a generated page.
    enum Part: CaseIterable {
        case passwordField, cardField, heuristicField, publicField, maskedBlock, blockedBlock, publicBlock,
            crossOriginFrame, comment, hiddenInput, script, dataAttribute, contentCard, shadowRoot, urlQuery,
            titleAttribute
    }

    /// A generated page: its HTML, the secrets that must never cross under `standard`, and those that must.
    struct Page {
        var html: String
        var parts: [(part: Part, secret: String, id: String)]
        var maskClasses: [String]
        var blockClasses: [String]
    }

    static func page(_ parts: [Part], maskChoice: [Bool]) -> Page {
        var html =
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Generated</title></head><body><form id=\"f\">\n"
        var list: [(Part, String, String)] = []
        var mask: [String] = []
        var block: [String] = []
        for (index, part) in parts.enumerated() {
            let secret =
                part == .contentCard ? Self.card(index) : "Zq\(index)x\(String(index * 7919 + 104_729, radix: 36))Wk"
            let id = "p\(index)"
            switch part {
            case .passwordField:
                html +=
                    "<label for=\"\(id)\">Kennwort</label><input type=\"password\" id=\"\(id)\" value=\"\(secret)\">\n"
            case .cardField:
                html +=
                    "<input id=\"\(id)\" name=\"x\(index)\" autocomplete=\"section-a billing cc-number\" value=\"\(secret)\">\n"
            case .heuristicField:
                html += "<label>IBAN <input id=\"\(id)\" name=\"f\(index)\" value=\"\(secret)\"></label>\n"
            case .publicField: html += "<input id=\"\(id)\" name=\"city\" value=\"\(secret)\">\n"
            case .maskedBlock:
                let masked = maskChoice[index % maskChoice.count]
                html += "<div class=\"m\(index)\" id=\"\(id)\"><span>\(secret)</span></div>\n"
                if masked { mask.append(".m\(index)") }
            case .blockedBlock:
                html += "<div class=\"b\(index)\" id=\"\(id)\"><button>\(secret)</button></div>\n"
                block.append(".b\(index)")
            case .publicBlock: html += "<p id=\"\(id)\">\(secret)</p>\n"
            case .crossOriginFrame:
                html += "<iframe id=\"\(id)\" src=\"https://pay.example-psp.com/?t=\(secret)\"></iframe>\n"
            case .comment: html += "<!-- \(secret) -->\n"
            case .hiddenInput: html += "<input type=\"hidden\" id=\"\(id)\" value=\"\(secret)\">\n"
            case .script: html += "<script>var token = \"\(secret)\";</script>\n"
            case .dataAttribute: html += "<span id=\"\(id)\" data-account=\"\(secret)\">x</span>\n"
            case .contentCard: html += "<table id=\"\(id)\"><tr><td>Hinterlegt</td><td>\(secret)</td></tr></table>\n"
            case .shadowRoot:
                html += "<div id=\"\(id)\"><template shadowrootmode=\"open\"><p>\(secret)</p></template></div>\n"
            case .urlQuery: html += "<a id=\"\(id)\" href=\"/reset?token=\(secret)#top\">Reset</a>\n"
            case .titleAttribute: html += "<abbr id=\"\(id)\" title=\"\(secret)\">Kunde</abbr>\n"
            }
            list.append((part, secret, id))
        }
        html += "</form></body></html>\n"
        return Page(html: html, parts: list, maskClasses: mask, blockClasses: block)
    }

    /// A Visa test number (16 digits, Luhn-valid) that differs per index.
    static func card(_ index: Int) -> String {
        let body = "400000000000" + String(format: "%03d", index % 1000)
        let digits = body.compactMap(\.wholeNumberValue)
        let check = (0...9).first { ValueValidators.luhn(digits + [$0]) }!
        let number = body + String(check)
        return stride(from: 0, to: 16, by: 4).map { String(Array(number)[$0..<($0 + 4)]) }.joined(separator: " ")
    }

    /// Whether the value reached the agent in any encoding, measured by the exposure analysis.
    static func exposed(_ secret: String, part: Part, in scenario: Scenario, run: ModelRun) -> Bool {
        var scenario = scenario
        scenario.items = [
            PlantedItem(
                id: "s", dataClass: part == .contentCard ? .cardNumber : .other, value: secret, impact: .high,
                label: nil,
                location: scenario.location)
        ]
        return ExposureAnalyzer(scenario: scenario).findings(for: run).contains {
            $0.subject == .item("s") && ($0.kind == .observed || $0.kind == .retained) && $0.grade?.isExposure == true
        }
    }

    /// A scenario that shows the page, types into every field, and rewrites every block by script.
    static func scenario(_ page: Page) -> Scenario {
        let here = SourceLocation(file: "generated", line: 1, column: 1)
        var steps: [Step] = [
            Step(index: 0, id: nil, actor: .session, action: .start, at: nil, note: nil, location: here)
        ]
        for (part, secret, id) in page.parts {
            switch part {
            case .passwordField, .cardField, .heuristicField, .publicField:
                steps.append(
                    Step(
                        index: steps.count, id: nil, actor: .customer,
                        action: .type(tab: nil, selector: "#\(id)", text: secret + "T"),
                        at: nil, note: nil, location: here))
            case .maskedBlock, .blockedBlock:
                steps.append(
                    Step(
                        index: steps.count, id: nil, actor: .system,
                        action: .pageChange(tab: nil, selector: "#\(id)", change: .html("<b>\(secret)H</b>")), at: nil,
                        note: nil, location: here))
            default:
                break
            }
        }
        steps.append(
            Step(index: steps.count, id: nil, actor: .session, action: .end, at: nil, note: nil, location: here))
        let tab = TabSpec(
            id: "t", url: "https://shop.example.ch/", page: "page.html", html: page.html,
            frames: [
                FrameSpec(
                    selector: "iframe", url: "https://pay.example-psp.com/", page: "frame.html",
                    html: "<p>FRAMESECRET</p>")
            ])
        let window = WindowSpec(
            id: "w", app: "Browser", title: "Shop", bounds: Rect(x: 0, y: 0, width: 1280, height: 800), z: 1,
            minimized: false, text: nil, file: nil, tabs: [tab])
        return Scenario(
            id: "generated", title: "Generated", summary: "Generated", domain: nil, tags: [], references: [],
            folder: ".",
            items: [],
            world: WorldTemplate(
                screen: Size(width: 1280, height: 800), windows: [window], files: [], clipboard: nil, credentials: []),
            steps: steps, expectations: [], policy: PolicyAdditions(mask: page.maskClasses, block: page.blockClasses),
            location: here)
    }

    static let parts = Gen<Part?>.element(of: Part.allCases).map { $0 ?? .publicBlock }.array(of: 1...14)
    static let choices = Gen.bool.array(of: 1...6)

    static func replay(_ scenario: Scenario, _ profile: String, policy: Policy = .default) throws -> String {
        let run = try Replay.run(scenario, profile: try CoBrowse.profile(profile), policy: policy)
        return (run.wire.map(\.content) + run.retention.map(\.content)).joined(separator: "\n")
    }

    @Test func standardNeverSendsMaskedBlockedFramedOrStrippedContent() async {
        await propertyCheck(count: 150, input: Self.parts, Self.choices) { parts, choices in
            let page = Self.page(parts, maskChoice: choices)
            let scenario = Self.scenario(page)
            let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
            let wire = (run.wire.map(\.content) + run.retention.map(\.content)).joined(separator: "\n")
            #expect(!wire.contains("FRAMESECRET"))
            for (part, secret, id) in page.parts {
                let mustHide: Bool =
                    switch part {
                    case .passwordField, .cardField, .heuristicField, .blockedBlock, .crossOriginFrame, .comment,
                        .hiddenInput, .script, .dataAttribute,
                        .contentCard, .shadowRoot, .urlQuery, .titleAttribute:
                        true
                    case .maskedBlock: page.maskClasses.contains(".m\(id.dropFirst())")
                    case .publicField, .publicBlock: false
                    }
                // Measured as the analysis does: entities, URL encoding and messages split apart all count.
                let exposed = Self.exposed(secret, part: part, in: scenario, run: run)
                if mustHide {
                    #expect(!exposed, "\(part) leaked its value")
                } else {
                    #expect(exposed, "\(part) should be visible")
                }
            }
        }
    }

    @Test func addingAMaskRuleNeverUnmasksAnything() async {
        await propertyCheck(count: 100, input: Self.parts, Self.choices, Gen.int(in: 0...13)) { parts, choices, extra in
            let page = Self.page(parts, maskChoice: choices)
            let base = try Self.replay(Self.scenario(page), "cobrowse-standard")
            var stricter = Policy.default
            stricter.mask = ["#p\(extra)", "input", "[type=password]"]
            let tightened = try Self.replay(Self.scenario(page), "cobrowse-standard", policy: stricter)
            for (_, secret, _) in page.parts where !base.contains(secret) {
                #expect(!tightened.contains(secret), "an added rule revealed \(secret)")
            }
        }
    }

    @Test func naiveShowsWhatStandardHides() async {
        await propertyCheck(count: 60, input: Self.parts, Self.choices) { parts, choices in
            let page = Self.page(parts, maskChoice: choices)
            let naive = try Self.replay(Self.scenario(page), "cobrowse-naive")
            #expect(!naive.contains("FRAMESECRET"), "no mirror can read a cross-origin frame")
            for (part, secret, _) in page.parts
            where [
                .comment, .hiddenInput, .script, .dataAttribute, .cardField, .heuristicField, .contentCard, .shadowRoot,
                .urlQuery, .titleAttribute,
            ].contains(part) {
                #expect(naive.contains(secret), "naive should show the \(part)")
            }
        }
    }
}
