import Foundation
import Markup
import PropertyBased
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

enum Pixel {
    static func scenario() throws -> Scenario {
        let result = ScenarioLoader().load(folder: Fixtures.folder("pixel/desktop-session"))
        guard let scenario = result.scenario else {
            throw TestFailure(message: result.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        return scenario
    }

    static func run(_ profile: String, _ scenario: Scenario? = nil) throws -> ModelRun {
        try Replay.run(try scenario ?? Self.scenario(), profile: try CoBrowse.profile(profile))
    }

    static func frames(_ run: ModelRun) -> String {
        run.wire.filter { $0.kind == .frame }.map(\.content).joined(separator: "\n")
    }

    static func outcome(_ run: ModelRun, _ id: String) -> ActionOutcome? {
        run.outcomes.first { $0.stepID == id }
    }
}

@Suite("Compositor: what the screen shows")
struct CompositorTests {
    @Test func coveredMinimisedAndHiddenContentNeverShows() throws {
        let frames = Pixel.frames(try Pixel.run("screenshare-fullscreen"))
        #expect(
            frames.contains("window notes @0,624: VISIBLE-NOTE-7"),
            "the uncovered part of a partly covered window shows")
        #expect(!frames.contains("COVERED-NOTE-9"), "the part under the viewer window does not")
        #expect(!frames.contains("MAIL-SECRET-3"), "a minimised window shows nothing")
        #expect(
            !frames.contains("HIDDEN-TEXT-1"),
            "hidden inputs, display:none, [hidden], comments and scripts are not drawn")
        #expect(frames.contains("AHV 756.1234.5678.97"), "the viewer in front shows its file")
    }

    @Test func passwordsAreDotsUntilRevealed() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        let step1 = run.wire.filter { $0.step == 1 }.map(\.content).joined()
        #expect(step1.contains("tab shop #password @0,100: ••••••••••••"))
        #expect(!step1.contains("Sommer-2026!"))
        #expect(run.wire.contains { $0.step == 2 && $0.content.contains("tab shop #password @0,100: Sommer-2026!") })
    }

    @Test func crossOriginFramesAndSelectedOptionsAreDrawn() throws {
        let frames = Pixel.frames(try Pixel.run("screenshare-fullscreen"))
        #expect(
            frames.contains("tab shop #psp-frame + #num @0,160: 5555 5555 5555 4444"),
            "pixels do not care about origins")
        // A select is inline, as in a browser: it sits on the line of the card field before it.
        #expect(frames.contains("tab shop #card + #country @0,140: [] Switzerland"))
        #expect(!frames.contains("Germany"))
    }

    @Test func contentBelowTheFoldShowsOnlyAfterScrolling() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        #expect(!run.wire.contains { $0.step < 5 && $0.content.contains("BELOW-FOLD-5") })
        #expect(
            run.wire.contains {
                $0.step == 5 && $0.content.contains("tab shop #footer @0,80: Customer number BELOW-FOLD-5")
            })
    }

    @Test func aNotificationOverlaysTheScreenWhileItLasts() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        #expect(
            run.wire.contains { $0.step == 4 && $0.content == "notification Messages @1560,20: Messages · Code 482913" }
        )
    }

    @Test func anUnchangedStepAddsNothing() throws {
        var scenario = try Pixel.scenario()
        let here = scenario.steps[0].location
        scenario.steps.insert(
            Step(index: 1, id: nil, actor: .customer, action: .copy(text: "x"), at: nil, note: nil, location: here),
            at: 1)
        scenario.steps.insert(
            Step(
                index: 2, id: nil, actor: .customer, action: .scroll(tab: nil, selector: nil, y: 0), at: nil, note: nil,
                location: here), at: 2)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Pixel.run("screenshare-fullscreen", scenario)
        #expect(
            !run.wire.contains { $0.step == 1 || $0.step == 2 },
            "a clipboard change and a scroll to where the page is add nothing")
        // A step sends a frame per change of the screen: a notification leaving, then the step's own change.
        #expect(run.wire.allSatisfy { !$0.content.isEmpty })
        #expect(
            run.wire.contains { $0.content.hasPrefix("removed: notification Messages @1560,20: ") },
            "what leaves the screen is sent as removed")
        #expect(try Pixel.run("screenshare-fullscreen", scenario) == run, "the same scenario gives the same run")
    }

    @Test func onlyTheUncoveredCharactersOfAPartlyCoveredLineShow() {
        let run = TextRun(
            source: "window notes", region: Rect(x: 0, y: 100, width: 900, height: 20),
            text: "IBAN CH93 0076 2011 6238 5295 7")
        // A window over x ≥ 80 leaves the first ten character cells.
        let parts = Compositor.visibleParts(
            of: run, clip: nil, screen: nil, under: [Rect(x: 80, y: 0, width: 900, height: 400)])
        #expect(parts.map(\.text) == ["IBAN CH93"])
        // A cover in the middle splits the line into two runs.
        let split = Compositor.visibleParts(
            of: run, clip: nil, screen: nil, under: [Rect(x: 40, y: 90, width: 48, height: 40)])
        #expect(split.map(\.text) == ["IBAN", "076 2011 6238 5295 7"])
        // Text past the window's edge or the screen's edge is not drawn.
        // A character shows when part of its 8 px cell does: 100 px show 13 of them.
        #expect(
            Compositor.visibleParts(of: run, clip: Rect(x: 0, y: 0, width: 100, height: 800), screen: nil, under: [])
                .map(\.text) == ["IBAN CH93 007"])
        #expect(
            Compositor.visibleParts(of: run, clip: nil, screen: Rect(x: 0, y: 0, width: 1920, height: 50), under: [])
                .isEmpty)
    }

    @Test func longWordsBreakAtTheWindowEdge() {
        #expect(Compositor.wrap("CH9300762011623852957", width: 100) == ["CH9300762011", "623852957"])
    }

    @Test func inlineMarkupAddsNoSpacesAndClosedContentIsNotDrawn() throws {
        let document = try Document.parseHTML(
            """
            <p>756.<b>1234</b>.5678.97</p>
            <table><tr><td>IBAN</td><td>CH93</td></tr></table>
            <details><summary>More</summary><p>SECRET-DETAILS</p></details>
            <dialog><p>SECRET-DIALOG</p></dialog><dialog open><p>Shown dialog</p></dialog>
            <input list=l><datalist id=l><option>SECRET-OPTION</option></datalist>
            """)
        let lines = PageLayout(width: 1280, frames: []).lines(of: document).map(\.text)
        #expect(lines.contains("756.1234.5678.97"))
        #expect(lines.contains("IBAN CH93"))
        #expect(lines.contains("More") && lines.contains("Shown dialog"))
        #expect(!lines.joined().contains("SECRET"))
    }

    @Test func anExpiringNotificationUncoversWhatWasBeneathIt() throws {
        var scenario = try Pixel.scenario()
        let here = scenario.steps[0].location
        scenario.world.windows.append(
            WindowSpec(
                id: "chat", app: "Chat", title: "Chat", bounds: Rect(x: 1500, y: 0, width: 420, height: 200),
                z: 5, minimized: false, text: "CHAT-UNDER-NOTE", file: nil, tabs: []))
        scenario.steps = [
            Step(index: 0, id: nil, actor: .session, action: .start, at: 0, note: nil, location: here),
            Step(
                index: 1, id: nil, actor: .system,
                action: .notification(app: "Messages", title: nil, text: "Code 482913", duration: 8), at: 10, note: nil,
                location: here),
            Step(index: 2, id: nil, actor: .agent, action: .requestControl, at: 20, note: nil, location: here),
            Step(index: 3, id: nil, actor: .session, action: .end, at: 30, note: nil, location: here),
        ]
        let run = try Pixel.run("screenshare-fullscreen", scenario)
        #expect(run.wire.contains { $0.step == 0 && $0.content.contains("CHAT-UNDER-NOTE") })
        #expect(!run.wire.contains { $0.step == 1 && $0.content.contains("CHAT-UNDER-NOTE") })
        #expect(
            run.wire.contains { $0.step == 2 && $0.content.contains("CHAT-UNDER-NOTE") },
            "uncovered when the notification leaves")
    }

    @Test func autofillPopupsShowTheirSuggestions() throws {
        var scenario = try Pixel.scenario()
        let here = scenario.steps[0].location
        scenario.steps.insert(
            Step(
                index: 1, id: nil, actor: .system,
                action: .autofillPopup(
                    tab: nil, selector: "#card", suggestions: ["4111 1111 1111 1111", "5555 5555 5555 4444"]),
                at: nil, note: nil, location: here), at: 1)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Pixel.run("screenshare-fullscreen", scenario)
        #expect(
            run.wire.contains {
                $0.step == 1 && $0.content.contains("autofill #card @")
                    && $0.content.contains("4111 1111 1111 1111 | 5555 5555 5555 4444")
            })
        let coBrowsing = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        #expect(!coBrowsing.wire.contains { $0.step == 1 }, "the browser's own pop-up is not part of the page")
    }

    @Test func rectanglesSubtract() {
        let base = Rect(x: 0, y: 0, width: 100, height: 100)
        #expect(
            Compositor.isCovered(
                base, by: [Rect(x: 0, y: 0, width: 60, height: 100), Rect(x: 50, y: 0, width: 50, height: 100)]))
        #expect(
            !Compositor.isCovered(
                base, by: [Rect(x: 0, y: 0, width: 60, height: 100), Rect(x: 70, y: 0, width: 30, height: 100)]))
        #expect(Compositor.subtract(Rect(x: 200, y: 200, width: 10, height: 10), from: base) == [base])
    }
}

@Suite("Screen sharing and remote desktop profiles differ where they should")
struct PixelProfileTests {
    @Test func oneWindowCapturesNoOtherWindowAndNoNotification() throws {
        let full = Pixel.frames(try Pixel.run("screenshare-fullscreen"))
        let window = Pixel.frames(try Pixel.run("screenshare-window"))
        #expect(full.contains("482913") && !window.contains("482913"), "OS notifications are not in a window capture")
        #expect(full.contains("VISIBLE-NOTE-7") && !window.contains("VISIBLE-NOTE-7"), "other windows are not captured")
        #expect(window.contains("4111 1111 1111 1111"), "what the customer types in the shared window is")
    }

    @Test func doNotDisturbSuppressesOnlyNotifications() throws {
        let full = Pixel.frames(try Pixel.run("screenshare-fullscreen"))
        let dnd = Pixel.frames(try Pixel.run("screenshare-dnd"))
        #expect(full.contains("482913"))
        #expect(!dnd.contains("482913"))
        #expect(dnd.contains("VISIBLE-NOTE-7") && dnd.contains("4111 1111 1111 1111"))
    }

    @Test func viewOnlyCannotActAndControlActsOnWhatIsVisible() throws {
        let viewOnly = try Pixel.run("screenshare-fullscreen")
        #expect(Pixel.outcome(viewOnly, "agent-buys")?.decision == .notPossible)
        let control = try Pixel.run("screenshare-control")
        #expect(
            Pixel.outcome(control, "agent-buys")?.decision == .notPossible,
            "scrolled away: Buy now is not on the screen")
        #expect(Pixel.outcome(control, "agent-buys")?.reason.description == "the element is not on the screen")
        #expect(Pixel.outcome(control, "agent-clicks-footer")?.decision == .allowedAfterConsent)
        #expect(Pixel.outcome(control, "agent-reads-clipboard")?.decision == .notPossible)
        #expect(
            Pixel.outcome(control, "agent-opens-file")?.decision == .allowedAfterConsent,
            "with the whole screen, the desktop is under the agent's hands")
        #expect(control.reach.contains { $0.source == "file ~/Documents/bank.txt" })
        #expect(viewOnly.reach.isEmpty)
    }

    @Test func attendedRemoteDesktopReachesEverythingAndActsOnAnything() throws {
        let run = try Pixel.run("remote-desktop-attended")
        #expect(Pixel.outcome(run, "agent-buys")?.decision == .allowed, "Buy now can be clicked")
        #expect(Pixel.outcome(run, "agent-reads-clipboard")?.decision == .allowed)
        #expect(Pixel.outcome(run, "agent-takes-file")?.decision == .allowed)
        #expect(run.wire.contains { $0.kind == .transfer && $0.content == "clipboard: CH93 0076 2011 6238 5295 7" })
        #expect(
            run.wire.contains {
                $0.kind == .transfer
                    && $0.content == "file ~/Documents/bank.txt: Refund IBAN CH93 0076 2011 6238 5295 7"
            })
        let sources = run.reach.map(\.source)
        #expect(sources.contains("file ~/Documents/tax.txt") && sources.contains("clipboard"))
        #expect(sources.contains { $0.hasPrefix("saved password for https://shop.example.ch") })
        #expect(
            run.reach.contains { $0.source.hasPrefix("tab shop") && $0.content.contains("BELOW-FOLD-5") },
            "every tab's whole page is reachable")
        #expect(run.audit.map(\.detail).first == "connection opened")
        #expect(!run.audit.contains { $0.detail.contains("4111") })
    }

    @Test func restrictedRemoteDesktopHasNoFilesOrClipboard() throws {
        let run = try Pixel.run("remote-desktop-restricted")
        #expect(Pixel.outcome(run, "agent-reads-clipboard")?.decision == .notPossible)
        #expect(Pixel.outcome(run, "agent-takes-file")?.reason.description == "file transfer is off")
        #expect(Pixel.outcome(run, "agent-buys")?.decision == .allowed, "input is still allowed")
        #expect(!run.wire.contains { $0.kind == .transfer })
        // No sync channel, but the agent's keyboard can still paste the clipboard somewhere and read it.
        #expect(run.reach.contains { $0.source == "clipboard" })
    }

    @Test func controlNeverGrantedReachesNothing() throws {
        var scenario = try Pixel.scenario()
        scenario.steps.removeAll { $0.action == .grantControl }
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Pixel.run("screenshare-control", scenario)
        #expect(run.reach.isEmpty)
        #expect(run.outcomes.filter { $0.stepID != nil }.allSatisfy { $0.decision == .notPossible })
    }

    @Test func remoteDesktopActsOnABackgroundTabAndReachesEveryWindow() throws {
        var scenario = try Pixel.scenario()
        let here = scenario.steps[0].location
        let help = TabSpec(
            id: "help", url: "https://shop.example.ch/help", page: "help.html",
            html: "<html><body><a id=contact href=/c>Contact</a></body></html>", frames: [])
        scenario.world.windows[0].tabs.append(help)
        scenario.steps = [
            Step(index: 0, id: nil, actor: .session, action: .start, at: nil, note: nil, location: here),
            Step(
                index: 1, id: "bg", actor: .agent, action: .click(tab: "help", selector: "#contact"), at: nil,
                note: nil, location: here),
            Step(
                index: 2, id: "prefix", actor: .agent, action: .click(tab: nil, selector: "#buy"), at: nil, note: nil,
                location: here),
            Step(index: 3, id: nil, actor: .session, action: .end, at: nil, note: nil, location: here),
        ]
        let remote = try Pixel.run("remote-desktop-attended", scenario)
        #expect(Pixel.outcome(remote, "bg")?.decision == .allowed)
        #expect(
            remote.reach.contains { $0.source == "window mail" && $0.content.contains("MAIL-SECRET-3") },
            "a minimised window can be restored")
        scenario.steps.insert(
            Step(index: 1, id: nil, actor: .session, action: .grantControl, at: nil, note: nil, location: here), at: 1)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let control = try Pixel.run("screenshare-control", scenario)
        #expect(Pixel.outcome(control, "bg")?.reason.description == "the element is not on the screen")
        #expect(
            Pixel.outcome(control, "prefix")?.reason.description == "the element is not on the screen",
            "#buy is not #buy-now")
    }

    @Test func theEscalatedShareFollowsTheRecordingPolicy() throws {
        let scenario = try Scenario(copying: try CoBrowse.scenario("checkout-help"), escalatingAt: 3)
        var policy = Policy.default
        policy.recordingAllowed = false
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"), policy: policy)
        #expect(!run.retention.contains { $0.name.hasPrefix("session recording") && $0.kept })
    }

    @Test func unattendedAccessIsRetained() throws {
        let attended = try Pixel.run("remote-desktop-attended")
        let unattended = try Pixel.run("remote-desktop-unattended")
        #expect(!attended.retention.contains { $0.name == "standing access" })
        let standing = try #require(unattended.retention.first { $0.name == "standing access" })
        #expect(standing.kept && standing.content.contains("Refund IBAN CH93 0076 2011 6238 5295 7"))
    }

    @Test func recordingsKeepUnmaskedFramesAndNoAuditOfWhatWasSeen() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        let recording = try #require(run.retention.first { $0.name == "session recording" })
        #expect(recording.kept && recording.content.contains("4111 1111 1111 1111"))
        #expect(run.audit.isEmpty, "screen sharing keeps no audit trail")
        #expect(run.retention.contains { $0.name == "audit trail of what the agent saw" && !$0.kept })
    }
}

@Suite("Compositor property: frames hold only visible text")
struct CompositorPropertyTests {
    enum Part: CaseIterable {
        case visible, displayNone, hiddenAttribute, hiddenInput, comment, script, belowFold
    }

    static let parts = Gen<Part?>.element(of: Part.allCases).map { $0 ?? .visible }.array(of: 1...12)

    @Test func aFrameNeverContainsTextThatIsNotVisible() async {
        await propertyCheck(count: 120, input: Self.parts, Gen.bool, Gen.bool) { parts, coverNotes, minimise in
            var body = ""
            var expected: [(String, Bool)] = []
            // Content below the fold goes last, so it never pushes a visible part out of the viewport.
            let ordered = parts.filter { $0 != .belowFold } + parts.filter { $0 == .belowFold }
            for (index, part) in ordered.enumerated() {
                let secret = "Tq\(index)v\(index * 37 + 11)Zz"
                switch part {
                case .visible: body += "<p>\(secret)</p>"
                case .displayNone: body += "<div style=\"display : none\">\(secret)</div>"
                case .hiddenAttribute: body += "<span hidden>\(secret)</span>"
                case .hiddenInput: body += "<input type=hidden value=\"\(secret)\">"
                case .comment: body += "<!-- \(secret) -->"
                case .script: body += "<script>var x = '\(secret)'</script>"
                case .belowFold: body += String(repeating: "<p>filler</p>", count: 40) + "<p>\(secret)</p>"
                }
                expected.append((secret, part == .visible))
            }
            let html = "<!DOCTYPE html><html><head><title>T</title></head><body>\(body)</body></html>"
            let here = SourceLocation(file: "generated", line: 1, column: 1)
            let tab = TabSpec(id: "t", url: "https://shop.example.ch/", page: "p.html", html: html, frames: [])
            let browser = WindowSpec(
                id: "b", app: "Browser", title: "Shop", bounds: Rect(x: 0, y: 0, width: 1280, height: 600), z: 1,
                minimized: false, text: nil, file: nil, tabs: [tab])
            let notes = WindowSpec(
                id: "n", app: "Notes", title: "Notes", bounds: Rect(x: 100, y: 100, width: 400, height: 200),
                z: coverNotes ? 0 : 2,
                minimized: minimise, text: "NOTESECRET", file: nil, tabs: [])
            let scenario = Scenario(
                id: "g", title: "G", summary: "G", domain: nil, tags: [], references: [], folder: ".", items: [],
                world: WorldTemplate(
                    screen: Size(width: 1280, height: 800), windows: [browser, notes], files: [], clipboard: nil,
                    credentials: []),
                steps: [Step(index: 0, id: nil, actor: .session, action: .start, at: nil, note: nil, location: here)],
                expectations: [], policy: PolicyAdditions(mask: [], block: []), location: here)
            let run = try Replay.run(scenario, profile: try CoBrowse.profile("screenshare-fullscreen"))
            let frames = Pixel.frames(run)
            for (secret, visible) in expected {
                #expect(frames.contains(secret) == visible, "\(secret) visible=\(visible)")
            }
            // The notes window lies inside the browser's area: it shows only when in front and not minimised.
            #expect(frames.contains("NOTESECRET") == (!coverNotes && !minimise))
        }
    }
}

@Suite("Frame lines")
struct FrameLineTests {
    @Test func aLabelledLineSplitsIntoItsParts() throws {
        let line: Substring = "window notes @640,132: IBAN CH93 0076 @ home"
        let parts = try #require(FrameLine.parse(line))
        #expect(
            parts.source == "window notes" && parts.x == 640 && parts.y == 132 && parts.text == "IBAN CH93 0076 @ home")
        #expect(FrameLine.parse("removed: tab shop #f1 @0,240: ")?.text == "")
        #expect(FrameLine.parse("mail me @ home, 12:30") == nil)
        #expect(FrameLine.parse("no label at all") == nil)
    }
}
