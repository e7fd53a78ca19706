import Foundation
import Markup
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

@Suite("Screens as rendered: the page's CSS, inline frames and the title bar")
struct ScreenStyleTests {
    static func run() throws -> ModelRun {
        let result = ScenarioLoader().load(folder: Fixtures.folder("pixel/styled-account"))
        guard let scenario = result.scenario else {
            throw TestFailure(message: result.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        return try Replay.run(scenario, profile: try CoBrowse.profile("screenshare-fullscreen"))
    }

    static func screen(_ run: ModelRun, upTo step: Int) -> String {
        run.wire.filter { $0.kind == .frame && $0.step <= step }.map(\.content).joined(separator: "\n")
    }

    @Test func theStylesheetDecidesWhatTheScreenShows() throws {
        let first = Self.screen(try Self.run(), upTo: 1)
        #expect(!first.contains("536-22-8174"), "`.reveal-target { display: none }` hides the SSN")
        #expect(!first.contains("1984-03-09"), "the hidden attribute")
        #expect(!first.contains("271081528"), "an id rule beats a more general class rule")
        #expect(first.contains("AUTO-OFFER-7731"), "of two equal rules the later wins")
        #expect(!first.contains("GRANDMA-FARM-1962"), "!important beats an inline style")
        #expect(!first.contains("4410093827"), "visibility: hidden hides the row's text")
        #expect(first.contains("ending LAST-3827"), "a descendant's visibility: visible shows it again")
        #expect(!first.contains("STMT-REF-55102"), "an @media print rule does not apply on a screen")
        #expect(!first.contains("MBR-0098812"), "an @media (min-width: 600px) rule applies to a 1280 px window")
        #expect(!first.contains("Pickles the beagle"), "an inline visibility: hidden")
    }

    @Test func revealingTheValueShowsItFromThatStepOn() throws {
        let run = try Self.run()
        #expect(run.wire.contains { $0.step == 2 && $0.content.contains("***-**-8174 536-22-8174 Show") })
    }

    @Test func anInlineFrameShowsItsSrcdocWithItsOwnStyles() throws {
        let screen = Self.screen(try Self.run(), upTo: 1)
        #expect(
            screen.split(separator: "\n").contains {
                $0.contains("#statement-preview") && $0.hasSuffix(": Statement for account PSCU-STMT-90431")
            }, "\(screen)")
        #expect(!screen.contains("INTERNAL-NOTE-4410"))
    }

    @Test func aDOMMirrorSendsTheSrcdocUnlessItsAttributeIsDropped() throws {
        // What CSS hides, a DOM mirror still carries; a srcdoc is an attribute, which only the allow-list stops.
        let analysis = try Exposure.analyze("styled-account", ["cobrowse-naive", "cobrowse-standard"], folder: "pixel")
        let observed = analysis.profiles.map { profile in
            Set(profile.findings.filter { $0.kind == .observed }.map(\.subject))
        }
        #expect(observed[0].contains(.item("statement.account")) && observed[0].contains(.item("internal.note")))
        #expect(!observed[1].contains(.item("statement.account")) && !observed[1].contains(.item("internal.note")))
        #expect(observed[1].contains(.item("routing.number")), "hidden by the stylesheet, present in the DOM")
    }

    @Test func theTitleBarFollowsThePageShown() throws {
        let run = try Self.run()
        #expect(
            run.wire.contains {
                $0.step == 0 && $0.content.contains("window browser title @")
                    && $0.content.contains("Chrome — Profile and security – Prairie State Credit Union")
            })
        #expect(
            run.wire.contains {
                $0.step == 3 && $0.content.contains("Chrome — Tax documents for Dana Whitfield – SSN 536-22-8174")
            })
    }

    @Test func theScenariosExpectationsHold() throws {
        let analysis = try Exposure.analyze("styled-account", ["screenshare-fullscreen"], folder: "pixel")
        #expect(analysis.profiles[0].failures.isEmpty, "\(analysis.profiles[0].failures)")
    }

    static func drawn(_ html: String) throws -> String {
        Compositor.pageLines(of: try Document.parseHTML(html), width: 1280, viewportHeight: 720).map(\.text).joined(
            separator: "\n")
    }

    @Test func theCascadeAsBrowsersApplyIt() throws {
        // Of two declarations in one style attribute the later wins.
        #expect(
            try Self.drawn(#"<p style="display:none;display:block">Shown twice over</p>"#).contains("Shown twice over"))
        // A style sheet inside <noscript> is inert where scripts run.
        #expect(
            try Self.drawn("<noscript><style>.lazy{display:none}</style></noscript><p class=lazy>Lazy but shown</p>")
                .contains("Lazy but shown"))
        // Styles outside any layer beat layered ones whatever their specificity; for !important the layer wins.
        #expect(
            try Self.drawn("<style>@layer base{.x{display:none}} div{display:block}</style><div class=x>Layered</div>")
                .contains("Layered"))
        #expect(
            try !Self.drawn(
                "<style>@layer base{.y{display:none !important}} div.y{display:block !important}</style><div class=y>Important layer</div>"
            )
            .contains("Important layer"))
        // A rule whose selector Markup cannot match exactly may show, never hide.
        #expect(
            try Self.drawn(
                "<style>.v{display:none} .field:hover .v{display:inline}</style><div class=field><span class=v>Hover value</span></div>"
            )
            .contains("Hover value"))
        #expect(
            try Self.drawn("<style>.w:has(b){display:none}</style><div class=w><b>Has bold</b></div>").contains(
                "Has bold"))
    }

    @Test func aFrameSizedByCSSDecidesNoSizeQuery() throws {
        let frame =
            #"<iframe style="width:100%" srcdoc="&lt;style&gt;@media (max-width:400px){.m{display:none}}&lt;/style&gt;&lt;p class=m&gt;Frame text&lt;/p&gt;"></iframe>"#
        #expect(try Self.drawn(frame).contains("Frame text"))
        let small =
            #"<iframe width="300" srcdoc="&lt;style&gt;@media (max-width:400px){.m{display:none}}&lt;/style&gt;&lt;p class=m&gt;Small frame&lt;/p&gt;"></iframe>"#
        #expect(try !Self.drawn(small).contains("Small frame"))
    }

    @Test func inlineFramesNestOnlySoDeep() throws {
        var html = "<p>Innermost</p>"
        for _ in 0..<12 {
            html =
                "<iframe srcdoc=\""
                + html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
                + "\"></iframe>"
        }
        #expect(try !Self.drawn(html).contains("Innermost"))
    }
}
