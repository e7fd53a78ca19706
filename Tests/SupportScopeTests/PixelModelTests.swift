import Foundation
import PropertyBased
import Testing
@testable import SupportScope

enum Pixel {
    static func scenario() throws -> Scenario {
        let result = ScenarioLoader().load(folder: Fixtures.folder("pixel/desktop-session"))
        guard let scenario = result.scenario else { throw TestFailure(message: result.diagnostics.map(\.rendered).joined(separator: "\n")) }
        return scenario
    }

    static func run(_ profile: String, _ scenario: Scenario? = nil) throws -> ModelRun {
        try Replay.run(try scenario ?? Self.scenario(), profile: CoBrowse.registry.profile(named: profile)!)
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
        #expect(frames.contains("window notes @0,624: VISIBLE-NOTE-7"), "the uncovered part of a partly covered window shows")
        #expect(!frames.contains("COVERED-NOTE-9"), "the part under the viewer window does not")
        #expect(!frames.contains("MAIL-SECRET-3"), "a minimised window shows nothing")
        #expect(!frames.contains("HIDDEN-TEXT-1"), "hidden inputs, display:none, [hidden], comments and scripts are not drawn")
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
        #expect(frames.contains("tab shop #psp-frame + #num @0,180: 5555 5555 5555 4444"), "pixels do not care about origins")
        #expect(frames.contains("tab shop #country @0,160: Switzerland"))
        #expect(!frames.contains("Germany"))
    }

    @Test func contentBelowTheFoldShowsOnlyAfterScrolling() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        #expect(!run.wire.contains { $0.step < 5 && $0.content.contains("BELOW-FOLD-5") })
        #expect(run.wire.contains { $0.step == 5 && $0.content.contains("tab shop #footer @0,80: Customer number BELOW-FOLD-5") })
    }

    @Test func aNotificationOverlaysTheScreenWhileItLasts() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        #expect(run.wire.contains { $0.step == 4 && $0.content == "notification Messages @1560,20: Messages · Code 482913" })
    }

    @Test func anUnchangedStepAddsNothing() throws {
        let run = try Pixel.run("screenshare-fullscreen")
        // Granting control to a view-only share changes nothing on the screen.
        #expect(!run.wire.contains { $0.step == 7 })
        #expect(Set(run.wire.map(\.step)).count == run.wire.count, "at most one frame message per step")
    }

    @Test func rectanglesSubtract() {
        let base = Rect(x: 0, y: 0, width: 100, height: 100)
        #expect(Compositor.isCovered(base, by: [Rect(x: 0, y: 0, width: 60, height: 100), Rect(x: 50, y: 0, width: 50, height: 100)]))
        #expect(!Compositor.isCovered(base, by: [Rect(x: 0, y: 0, width: 60, height: 100), Rect(x: 70, y: 0, width: 30, height: 100)]))
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
        #expect(Pixel.outcome(control, "agent-buys")?.decision == .notPossible, "scrolled away: Buy now is not on the screen")
        #expect(Pixel.outcome(control, "agent-buys")?.reason == "the element is not on the screen")
        #expect(Pixel.outcome(control, "agent-clicks-footer")?.decision == .allowedAfterConsent)
        #expect(Pixel.outcome(control, "agent-reads-clipboard")?.decision == .notPossible)
        #expect(Pixel.outcome(control, "agent-opens-file")?.decision == .allowedAfterConsent, "with the whole screen, the desktop is under the agent's hands")
        #expect(control.reach.contains { $0.source == "file ~/Documents/bank.txt" })
        #expect(viewOnly.reach.isEmpty)
    }

    @Test func attendedRemoteDesktopReachesEverythingAndActsOnAnything() throws {
        let run = try Pixel.run("remote-desktop-attended")
        #expect(Pixel.outcome(run, "agent-buys")?.decision == .allowed, "Buy now can be clicked")
        #expect(Pixel.outcome(run, "agent-reads-clipboard")?.decision == .allowed)
        #expect(Pixel.outcome(run, "agent-takes-file")?.decision == .allowed)
        #expect(run.wire.contains { $0.kind == .transfer && $0.content == "clipboard: CH93 0076 2011 6238 5295 7" })
        #expect(run.wire.contains { $0.kind == .transfer && $0.content == "file ~/Documents/bank.txt: Refund IBAN CH93 0076 2011 6238 5295 7" })
        let sources = run.reach.map(\.source)
        #expect(sources.contains("file ~/Documents/tax.txt") && sources.contains("clipboard"))
        #expect(sources.contains { $0.hasPrefix("saved password for https://shop.example.ch") })
        #expect(run.reach.contains { $0.source.hasPrefix("tab shop") && $0.content.contains("BELOW-FOLD-5") }, "every tab's whole page is reachable")
        #expect(run.audit.map(\.detail).first == "connection opened")
        #expect(!run.audit.contains { $0.detail.contains("4111") })
    }

    @Test func restrictedRemoteDesktopHasNoFilesOrClipboard() throws {
        let run = try Pixel.run("remote-desktop-restricted")
        #expect(Pixel.outcome(run, "agent-reads-clipboard")?.decision == .notPossible)
        #expect(Pixel.outcome(run, "agent-takes-file")?.reason == "file transfer is off")
        #expect(Pixel.outcome(run, "agent-buys")?.decision == .allowed, "input is still allowed")
        #expect(!run.wire.contains { $0.kind == .transfer })
        #expect(!run.reach.contains { $0.source == "clipboard" })
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
            let browser = WindowSpec(id: "b", app: "Browser", title: "Shop", bounds: Rect(x: 0, y: 0, width: 1280, height: 600), z: 1,
                                     minimized: false, text: nil, file: nil, tabs: [tab])
            let notes = WindowSpec(id: "n", app: "Notes", title: "Notes", bounds: Rect(x: 100, y: 100, width: 400, height: 200), z: coverNotes ? 0 : 2,
                                   minimized: minimise, text: "NOTESECRET", file: nil, tabs: [])
            let scenario = Scenario(id: "g", title: "G", summary: "G", domain: nil, tags: [], references: [], folder: ".", items: [],
                                    world: WorldTemplate(screen: Size(width: 1280, height: 800), windows: [browser, notes], files: [], clipboard: nil, credentials: []),
                                    steps: [Step(index: 0, id: nil, actor: .session, action: .start, at: nil, note: nil, location: here)],
                                    expectations: [], policy: PolicyAdditions(mask: [], block: []), location: here)
            let run = try Replay.run(scenario, profile: CoBrowse.registry.profile(named: "screenshare-fullscreen")!)
            let frames = Pixel.frames(run)
            for (secret, visible) in expected {
                #expect(frames.contains(secret) == visible, "\(secret) visible=\(visible)")
            }
            // The notes window lies inside the browser's area: it shows only when in front and not minimised.
            #expect(frames.contains("NOTESECRET") == (!coverNotes && !minimise))
        }
    }
}
