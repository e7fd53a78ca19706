import Foundation
import Markup
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Replays fixture scenarios under the built-in co-browsing profiles.
enum CoBrowse {
    static let registry = ProfileRegistry.builtIn()

    /// A built-in profile; a name that is not one fails the test that asked for it.
    static func profile(_ name: String) throws -> Profile {
        try #require(registry.profile(named: name), "no profile \(name)")
    }

    static func scenario(_ name: String) throws -> Scenario {
        let result = ScenarioLoader().load(folder: Fixtures.folder("cobrowse/\(name)"))
        guard let scenario = result.scenario else {
            throw TestFailure(message: result.diagnostics.map(\.rendered).joined(separator: "\n"))
        }
        return scenario
    }

    static func run(_ name: String, _ profile: String, policy: Policy = .default) throws -> ModelRun {
        guard let chosen = registry.profile(named: profile) else { throw TestFailure(message: "no profile \(profile)") }
        return try Replay.run(try scenario(name), profile: chosen, policy: policy)
    }

    /// Everything the agent's side received, as one text.
    static func wire(_ run: ModelRun) -> String {
        run.wire.map(\.content).joined(separator: "\n")
    }

    /// True when a value shows up in the text as written or with its separators removed.
    static func leaks(_ value: String, in text: String) -> Bool {
        let compact = value.filter { !$0.isWhitespace && $0 != "-" && $0 != "." }
        return text.contains(value) || text.filter { !$0.isWhitespace && $0 != "-" && $0 != "." }.contains(compact)
    }
}

@Suite("Co-browsing: masking and privacy levels")
struct CoBrowsingMaskingTests {
    @Test func standardSendsNoPlantedSecretAnywhereOnTheWire() throws {
        let scenario = try CoBrowse.scenario("checkout-help")
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let wire = CoBrowse.wire(run)
        for item in scenario.items {
            #expect(!CoBrowse.leaks(item.value, in: wire), "\(item.id) crossed to the agent")
        }
        // Typing into masked fields still sends input events, but only masks: the agent sees activity, not digits.
        let inputs = run.wire.filter { $0.kind == .input }
        #expect(!inputs.isEmpty)
        #expect(
            inputs.filter { $0.content != "BLACKFRIDAY".prefix($0.content.count) }.allSatisfy {
                $0.content == "********"
            })
    }

    @Test func naiveLeaksWhatStandardHides() throws {
        let standard = CoBrowse.wire(try CoBrowse.run("checkout-help", "cobrowse-standard"))
        let naive = CoBrowse.wire(try CoBrowse.run("checkout-help", "cobrowse-naive"))
        // Typed card number and CVC, the hidden input, the comment, the script and the data attribute.
        for leak in [
            "4111 1111 1111 1111", "737", "CUST-48213", "<!-- support note: lea.meier@example.ch",
            "window.dataLayer", "data-email=\"lea.meier@example.ch\"",
        ] {
            #expect(naive.contains(leak), "naive should show \(leak)")
            #expect(!standard.contains(leak), "standard must hide \(leak)")
        }
    }

    @Test func basicMasksPasswordsOnly() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-basic")
        let wire = CoBrowse.wire(run)
        #expect(!wire.contains("737"), "the CVC field is a password field")
        #expect(wire.contains("4111 1111 1111 1111"), "basic does not mask card numbers")
        #expect(run.wire.contains { $0.kind == .input && $0.content == "***" }, "basic keeps the length")
    }

    @Test func passwordsStayMaskedAfterRevealAndRetype() throws {
        let scenario = try CoBrowse.scenario("bank-login")
        let run = try CoBrowse.run("bank-login", "cobrowse-standard")
        let wire = CoBrowse.wire(run)
        for item in scenario.items {
            #expect(!CoBrowse.leaks(item.value, in: wire), "\(item.id) crossed to the agent")
        }
        // The reveal changed the type attribute; the mutation shows the new type but still no value.
        let reveal = try #require(run.wire.first { $0.kind == .mutation && $0.content.contains("type=\"text\"") })
        #expect(!reveal.content.contains("value="))
        #expect(
            run.audit.contains {
                $0.event == .mask && $0.detail.contains("field one-time-code (label 'Code aus der SMS')")
            })
    }

    @Test func addingAMaskRuleNeverUnmasksAnything() throws {
        var policy = Policy.default
        policy.mask = ["input[type=text]", ".greeting"]
        let run = try CoBrowse.run("bank-login", "cobrowse-standard", policy: policy)
        #expect(!CoBrowse.wire(run).contains("Winter-2026!x"))
        #expect(run.audit.contains { $0.detail.contains("password field") })
    }

    @Test func strictMasksEverythingButTheAllowList() throws {
        var policy = Policy.default
        policy.allow = ["nav", "h1"]
        let run = try CoBrowse.run("bank-login", "cobrowse-strict", policy: policy)
        let overview = try #require(run.wire.last { $0.kind == .snapshot })
        #expect(overview.content.contains("Ihre Konten"))
        #expect(overview.content.contains(">Zahlungen<"))
        #expect(!overview.content.contains("Privatkonto"))
        #expect(!overview.content.contains("lea.meier"))
        #expect(run.retention.contains { $0.name == "session recording" && !$0.kept })
    }

    @Test func theMaskLengthIsAPolicyChoice() throws {
        var policy = Policy.default
        policy.maskLength = .preserve
        let run = try CoBrowse.run("bank-login", "cobrowse-standard", policy: policy)
        #expect(run.wire.contains { $0.kind == .input && $0.content == String(repeating: "*", count: 13) })
        let fixed = try CoBrowse.run("bank-login", "cobrowse-standard")
        #expect(fixed.wire.filter { $0.kind == .input }.allSatisfy { $0.content == "********" })
    }

    @Test func aPolicyMinimumRaisesTheProfilesLevel() throws {
        var policy = Policy.default
        policy.minimumPrivacy = .standard
        let run = try CoBrowse.run("checkout-help", "cobrowse-naive", policy: policy)
        #expect(!CoBrowse.wire(run).contains("4111 1111 1111 1111"))
        #expect(
            run.audit.first?.detail.hasPrefix("privacy level standard (profile naive, policy minimum standard)") == true
        )
    }
}

@Suite("Co-browsing: control, blocking and isolation")
struct CoBrowsingControlTests {
    @Test func agentActionsFollowConsentBlockingMaskingAndIsolation() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let decisions = Dictionary(
            uniqueKeysWithValues: run.outcomes.compactMap { outcome in outcome.stepID.map { ($0, outcome) } })
        #expect(decisions["agent-clicks-early"]?.decision == .refused)
        #expect(
            decisions["agent-clicks-early"]?.reason.description
                == "the agent has neither requested nor been granted control")
        #expect(decisions["agent-types-coupon"]?.decision == .allowedAfterConsent)
        #expect(
            decisions["agent-types-card"]?.reason.description
                == "the element is masked (field card-number (autocomplete 'cc-number')); the agent cannot act on it")
        #expect(decisions["agent-buys"]?.reason.description == "blocked by the policy (block selector #buy-now)")
        #expect(
            decisions["agent-opens-file"]?.reason.description
                == "isolation: co-browsing gives no access to the customer's files")
        #expect(
            decisions["agent-reads-clipboard"]?.reason.description
                == "isolation: co-browsing gives no access to the customer's clipboard")
        #expect(
            decisions["agent-switches-tab"]?.reason.description == "isolation: the agent sees only the co-browsed tab")
        #expect(decisions["agent-clicks-late"]?.decision == .refused, "control was revoked")
        // Every request and every refusal is in the audit trail, at its step.
        for outcome in run.outcomes {
            #expect(run.audit.contains { $0.step == outcome.step && $0.detail.hasPrefix(outcome.request) })
        }
        #expect(
            run.audit.filter { $0.event == .control }.map(\.detail) == [
                "the customer granted control", "the customer revoked control",
            ])
    }

    @Test func anAllowedActionChangesTheLivePageAndShowsInTheNextMessages() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let typed = run.wire.filter { $0.kind == .input && $0.step == 9 }.map(\.content)
        #expect(typed.last == "BLACKFRIDAY")
        #expect(typed.count == "BLACKFRIDAY".count)
    }

    @Test func blockedElementsAreEmptyPlaceholders() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let snapshot = try #require(run.wire.first { $0.kind == .snapshot })
        #expect(snapshot.content.firstMatch(of: /<button data-ss-id="n[0-9a-z]+" data-ss-blocked=""><\/button>/) != nil)
        #expect(!snapshot.content.contains("Jetzt kaufen"))
        #expect(run.audit.contains { $0.event == .block && $0.detail == "block #buy-now: block selector #buy-now" })
    }

    @Test func otherWindowsTabsFilesClipboardAndNotificationsNeverCross() throws {
        for profile in ["cobrowse-naive", "cobrowse-standard"] {
            let wire = CoBrowse.wire(try CoBrowse.run("checkout-help", profile))
            #expect(
                !CoBrowse.leaks("CH93 0076 2011 6238 5295 7", in: wire),
                "\(profile): IBAN from the chat, clipboard, file or bank tab")
            #expect(!wire.contains("482913"), "\(profile): the notification")
            #expect(!wire.contains("5555 5555 5555 4444"), "\(profile): the payment provider's frame")
        }
    }

    @Test func crossOriginFramesArePlaceholders() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let snapshot = try #require(run.wire.first { $0.kind == .snapshot })
        #expect(
            snapshot.content.firstMatch(
                of:
                    /<iframe data-ss-id="n[0-9a-z]+" id="psp-frame" title="\*\*\*\*\*\*\*\*" data-ss-frame="not mirrored"><\/iframe>/
            ) != nil)
        #expect(run.indicator.contains { $0.reason == .frame && $0.path == "#psp-frame" })
    }

    @Test func theMirrorPausesOutsideTheCoBrowsedTabAndAllowedOrigins() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let statuses = run.wire.filter { $0.kind == .status }.map { "\($0.step): \($0.content)" }
        #expect(
            statuses == [
                "8: control granted", "15: control revoked", "17: paused", "18: resumed", "19: paused", "20: resumed",
            ])
        #expect(
            run.audit.contains {
                $0.event == .pause && $0.detail.contains("https://pay.example-psp.com, which the policy does not allow")
            })
        // While paused on the payment provider's page, nothing of it crossed.
        #expect(!run.wire.contains { $0.step == 19 && $0.kind == .snapshot })
        #expect(!CoBrowse.wire(run).contains("Pay securely"))
    }

    @Test func allowedOriginsComeFromThePolicyWhenGiven() throws {
        var policy = Policy.default
        policy.allowedOrigins = ["https://shop.alpenblick.example", "https://pay.example-psp.com"]
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard", policy: policy)
        #expect(run.wire.contains { $0.step == 19 && $0.kind == .snapshot && $0.content.contains("Pay securely") })
        // The payment page's own card field is masked by the default rules.
        #expect(!CoBrowse.wire(run).contains("5555 5555 5555 4444"))
    }
}

@Suite("Co-browsing: escalation, indicator, retention and audit")
struct CoBrowsingSessionTests {
    @Test func escalationHandsTheSessionToScreenSharing() throws {
        let scenario = try Scenario(copying: try CoBrowse.scenario("checkout-help"), escalatingAt: 3)
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        #expect(run.escalatedAt == 3)
        #expect(run.profile == "cobrowse-standard")
        let coBrowsing = run.wire.filter { $0.kind != .frame }
        #expect(coBrowsing.last?.content == "escalated to screen sharing")
        #expect(!coBrowsing.contains { $0.step > 3 }, "co-browsing sends nothing after the hand-over")
        #expect(!coBrowsing.contains { $0.content.contains("4111 1111 1111 1111") })
        // From the hand-over on, pixels: the card number typed before shows, masking protects nothing.
        let first = try #require(run.wire.first { $0.kind == .frame })
        #expect(first.step == 3)
        #expect(first.content.contains("4111 1111 1111 1111"))
        #expect(run.outcomes.allSatisfy { $0.decision == .notPossible }, "a view-only screen share cannot act")
        #expect(run.audit.contains { $0.event == .escalation })
        #expect(
            run.retention.contains {
                $0.name == "session recording (after escalation)" && $0.kept
                    && $0.content.contains("4111 1111 1111 1111")
            })
    }

    @Test func theCustomerIsShownEveryHiddenAndBlockedRegion() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let regions = run.indicator.map { "\($0.reason.rawValue) \($0.path) \($0.rule)" }
        #expect(
            regions == [
                "blocked #buy-now block selector #buy-now",
                "masked #card-number field card-number (autocomplete 'cc-number')",
                "masked #cvc password field", "frame #psp-frame frames are not mirrored",
                "masked #status > p mask selector .alert", "masked html > body > p > span mask selector .mail",
            ])
        // Each region's CSS path finds its element again.
        let document = try Document.parseHTML(
            try String(contentsOfFile: Fixtures.folder("cobrowse/checkout-help/pages/checkout.html"), encoding: .utf8))
        #expect(try document.select("#status").count == 1)
        #expect(
            try document.select(run.indicator.first { $0.path.hasPrefix("#card") }!.path).first?.attribute("name")
                == "cardnumber")
    }

    @Test func onlyReportDataSessionInformationAndTheMaskedRecordingSurvive() throws {
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard")
        #expect(
            run.retention.map(\.name) == [
                "session information", "report data", "live mirror (DOM, input events, cursors)", "session recording",
            ])
        #expect(run.retention.map(\.kept) == [true, true, false, true])
        let recording = try #require(run.retention.last)
        #expect(recording.content == CoBrowse.wire(run))
        for item in try CoBrowse.scenario("checkout-help").items {
            #expect(!run.retention.contains { CoBrowse.leaks(item.value, in: $0.content) }, "\(item.id) retained")
        }
        var policy = Policy.default
        policy.recordingAllowed = false
        let unrecorded = try CoBrowse.run("checkout-help", "cobrowse-standard", policy: policy)
        #expect(unrecorded.retention.last?.reason.description == "not made: the policy forbids recording")
        #expect(unrecorded.retention.last?.kept == false)
    }

    @Test func theAuditTrailIsDeterministic() throws {
        let first = try CoBrowse.run("checkout-help", "cobrowse-standard")
        let second = try CoBrowse.run("checkout-help", "cobrowse-standard")
        #expect(first == second)
        #expect(first.audit.first?.event == .policy)
        #expect(first.audit.last?.detail == "the session ended")
    }
}

extension Scenario {
    /// A copy whose step at `index` becomes a `session: escalate`.
    init(copying scenario: Scenario, escalatingAt index: Int) throws {
        self = scenario
        steps[index].actor = .session
        steps[index].action = .escalate
    }
}

@Suite("Co-browsing: every kind of private field (review findings)")
struct CoBrowsingFieldTests {
    @Test func standardHidesEveryPlantedValueOnThisPage() throws {
        let scenario = try CoBrowse.scenario("account-settings")
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        let wire = CoBrowse.wire(run)
        for item in scenario.items {
            #expect(!CoBrowse.leaks(item.value, in: wire), "\(item.id) crossed to the agent")
            #expect(!run.retention.contains { $0.content.contains(item.value) }, "\(item.id) retained")
        }
    }

    @Test func aPasswordWithNoOtherSignalStaysMaskedAfterReveal() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        #expect(
            run.wire.contains {
                $0.kind == .mutation && $0.content.hasPrefix("<input") && $0.content.contains("id=\"f1\"")
                    && $0.content.contains("type=\"text\"")
            })
        #expect(!CoBrowse.wire(run).contains("Morgenrot"))
    }

    @Test func aFixedMaskSendsOneEventPerFieldNotOnePerKeystroke() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        let inputs = run.wire.filter { $0.kind == .input }
        #expect(!inputs.isEmpty)
        #expect(inputs.map(\.content) == Array(repeating: "********", count: inputs.count))
        #expect(Set(inputs.compactMap(\.nodeID)).count == inputs.count, "one event per field")
    }

    @Test func scriptsInsideStrippedAndHiddenContentSendNothing() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        #expect(!run.wire.contains { $0.step == 5 }, "a change inside <template> must not cross")
        let hidden = try #require(run.wire.first { $0.step == 4 })
        #expect(
            hidden.content.firstMatch(of: /^<input data-ss-id="n[0-9a-z]+" type="hidden" id="token" name="token">$/)
                != nil)
        #expect(!run.wire.contains { $0.step == 4 && $0.kind == .input })
    }

    @Test func autofillTokensTextareasSelectsAndMaskedAttributes() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        let snapshot = try #require(run.wire.first { $0.kind == .snapshot }).content
        for rule in [
            "field one-time-code (autocomplete 'one-time-code')", "field date-of-birth (autocomplete 'bday')",
            "field new-password (autocomplete 'new-password')",
        ] {
            #expect(run.audit.contains { $0.event == .mask && $0.detail.hasSuffix(rule) }, "\(rule)")
        }
        #expect(
            snapshot.firstMatch(
                of:
                    /<textarea data-ss-id="n[0-9a-z]+" id="notes" name="notes" class="private-notes" placeholder="\*{8}">\*{8}<\/textarea>/
            ) != nil)
        #expect(snapshot.firstMatch(of: /<option data-ss-id="n[0-9a-z]+">\*{8}<\/option>/) != nil)
        #expect(!snapshot.contains("selected"))
        #expect(
            snapshot.firstMatch(of: /<a data-ss-id="n[0-9a-z]+" class="mail">\*{8}<\/a>/) != nil,
            "no mailto: on a masked link")
    }

    @Test func aMaskedRadioDoesNotTellWhichOptionWasChosen() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        #expect(!run.wire.contains { $0.step == 9 }, "no mutation, no cursor for a click inside a masked region")
        let naive = try CoBrowse.run("account-settings", "cobrowse-naive")
        #expect(naive.wire.contains { $0.step == 9 && $0.kind == .cursor })
    }

    @Test func urlsMediaAndFileNamesFailClosed() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        let snapshot = try #require(run.wire.first { $0.kind == .snapshot }).content
        #expect(
            snapshot.firstMatch(of: /<a data-ss-id="n[0-9a-z]+" id="support">Write to support<\/a>/) != nil,
            "no mailto: address")
        #expect(
            snapshot.firstMatch(of: /<a data-ss-id="n[0-9a-z]+" id="reset" href="\/reset">/) != nil,
            "no query string or fragment")
        #expect(
            snapshot.firstMatch(of: /<img data-ss-id="n[0-9a-z]+" id="avatar" alt="\*\*\*\*\*\*\*\*">/) != nil,
            "no data: URL")
        #expect(
            snapshot.firstMatch(of: /<input data-ss-id="n[0-9a-z]+" type="file" id="upload" name="upload">/) != nil,
            "no file name")
        #expect(
            snapshot.firstMatch(
                of:
                    /<canvas data-ss-id="n[0-9a-z]+" id="signature" width="300" height="80" data-ss-media="not mirrored"><\/canvas>/
            ) != nil)
        #expect(
            snapshot.firstMatch(of: /<video data-ss-id="n[0-9a-z]+" id="kyc" data-ss-media="not mirrored"><\/video>/)
                != nil)
        #expect(run.indicator.contains { $0.path == "#signature" && $0.rule == "canvas and media are not mirrored" })
        #expect(run.audit.contains { $0.detail == "mask #upload: file input (its file name)" })
        let naive = CoBrowse.wire(try CoBrowse.run("account-settings", "cobrowse-naive"))
        for leak in [
            "mailto:lea.meier@example.ch", "token=PIN-4711-XQ", "base64,GOLD-8812-KL", "Type 2 diabetes, metformin.pdf",
            "Signed by PIN-4711-XQ",
        ] {
            #expect(naive.contains(leak), "naive shows \(leak)")
        }
    }

    @Test func aValueCopiedByScriptStaysMasked() throws {
        var scenario = try CoBrowse.scenario("checkout-help")
        let here = scenario.steps[0].location
        // After the card is typed, a script echoes it in a plain element and in an attribute no selector names.
        scenario.steps.insert(
            contentsOf: [
                Step(
                    index: 0, id: nil, actor: .system,
                    action: .pageChange(
                        tab: nil, selector: "#status", change: .text("Karte 4111 1111 1111 1111 gespeichert")),
                    at: nil, note: nil, location: here),
                Step(
                    index: 0, id: nil, actor: .system,
                    action: .pageChange(
                        tab: nil, selector: "#coupon", change: .attributes(["title": "for 4111 1111 1111 1111"])),
                    at: nil, note: nil, location: here),
            ], at: 3)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        #expect(!CoBrowse.wire(run).contains("4111 1111 1111 1111"))
        #expect(run.wire.contains { $0.step == 3 && $0.content.hasSuffix(">********</div>") })
        #expect(run.wire.contains { $0.step == 4 && $0.content.contains("title=\"********\"") })
        let naive = CoBrowse.wire(try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-naive")))
        #expect(naive.contains("Karte 4111 1111 1111 1111 gespeichert"))
    }

    @Test func aReRenderedFieldStaysMasked() throws {
        var scenario = try CoBrowse.scenario("account-settings")
        let here = scenario.steps[0].location
        // A framework re-renders the password field as a new plain input: only its id and name are left.
        scenario.steps.insert(
            contentsOf: [
                Step(
                    index: 0, id: nil, actor: .system, action: .pageChange(tab: nil, selector: "#f1", change: .remove),
                    at: nil, note: nil, location: here),
                Step(
                    index: 0, id: nil, actor: .system,
                    action: .pageChange(
                        tab: nil, selector: "#status", change: .html("<input id=f1 name=f1 value=Morgenrot-77!>")),
                    at: nil, note: nil, location: here),
            ], at: 4)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        #expect(!CoBrowse.wire(run).contains("Morgenrot"))
        #expect(
            run.audit.contains { $0.detail == "mask #f1: sticky: password field (the field was re-rendered)" },
            "\(run.audit.filter { $0.detail.contains("f1") }.map(\.detail))")
    }

    @Test func urlScrubbing() {
        #expect(
            MirrorSerializer.scrubbedURL("https://shop.example.ch/reset?token=abc#x") == "https://shop.example.ch/reset"
        )
        #expect(MirrorSerializer.scrubbedURL("/orders/17") == "/orders/17")
        #expect(MirrorSerializer.scrubbedURL(" MAILTO:lea@example.ch") == nil)
        #expect(MirrorSerializer.scrubbedURL("tel:+41791234567") == nil)
        #expect(MirrorSerializer.scrubbedURL("data:text/html,<b>x</b>") == nil)
        #expect(MirrorSerializer.scrubbedURL("javascript:alert(1)") == nil)
    }

    @Test func aLabelAddedLaterStillMasksItsField() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        #expect(
            run.audit.contains {
                $0.event == .mask && $0.detail == "mask #f9: field card-number (label 'Kartennummer')"
            })
        #expect(run.wire.filter { $0.step == 11 }.map(\.content) == ["********"])
    }

    @Test func theLocationCutsQueryAndFragmentAndMasksAMaskedTitle() throws {
        let standard = try CoBrowse.run("account-settings", "cobrowse-standard")
        #expect(
            standard.wire.first?.content == "https://portal.northwind.example/settings Account settings – Northwind")
        let naive = try CoBrowse.run("account-settings", "cobrowse-naive")
        #expect(
            naive.wire.first?.content.hasPrefix("https://portal.northwind.example/settings?token=reset-5521#email=lea")
                == true)
        let strict = try CoBrowse.run("account-settings", "cobrowse-strict")
        #expect(strict.wire.first?.content == "https://portal.northwind.example/settings ********")
    }

    @Test func agentRequestsOutsideTheTabOriginsOrPauseAreRefused() throws {
        let run = try CoBrowse.run("account-settings", "cobrowse-standard")
        let reasons = Dictionary(
            uniqueKeysWithValues: run.outcomes.compactMap { outcome in
                outcome.stepID.map { ($0, outcome.reason.description) }
            })
        #expect(reasons["agent-scrolls-other-tab"] == "isolation: the agent sees only the co-browsed tab")
        #expect(reasons["agent-leaves-origin"] == "https://evil.example.com is not an allowed origin")
        #expect(
            reasons["agent-clicks-while-paused"]
                == "the mirror is paused: the customer switched to another tab; only the co-browsed tab is mirrored")
    }

    @Test func withoutAConsentRuleTheAgentActsDirectly() throws {
        var policy = Policy.default
        policy.controlRequiresConsent = false
        let run = try CoBrowse.run("checkout-help", "cobrowse-standard", policy: policy)
        let early = try #require(run.outcomes.first { $0.stepID == "agent-clicks-early" })
        #expect(early.decision == .allowed)
        #expect(early.reason.description == "the policy lets the agent act without consent")
    }

    @Test func anInvalidPolicySelectorStopsTheReplay() throws {
        var policy = Policy.default
        policy.mask = ["input[type=password"]
        #expect(throws: ModelFactory.Failure.self) {
            try CoBrowse.run("checkout-help", "cobrowse-standard", policy: policy)
        }
    }

    @Test func defaultPortsNameTheSameOrigin() {
        #expect(Policy.origin(of: "https://Shop.Example.ch:443/a?b") == "https://shop.example.ch")
        #expect(Policy.origin(of: "http://shop.example.ch:80/") == "http://shop.example.ch")
        #expect(Policy.origin(of: "https://shop.example.ch:8443/") == "https://shop.example.ch:8443")
    }

    @Test func theMirrorResumesWhenAWindowSwitchBringsTheTabBack() throws {
        var scenario = try CoBrowse.scenario("checkout-help")
        let here = scenario.steps[0].location
        scenario.steps = [
            Step(index: 0, id: nil, actor: .session, action: .start, at: nil, note: nil, location: here),
            Step(
                index: 1, id: nil, actor: .customer, action: .switchWindow(window: "chat"), at: nil, note: nil,
                location: here),
            Step(
                index: 2, id: nil, actor: .customer, action: .switchTab(tab: "bank"), at: nil, note: nil, location: here
            ),
            Step(
                index: 3, id: nil, actor: .customer, action: .switchTab(tab: "shop"), at: nil, note: nil, location: here
            ),
            Step(
                index: 4, id: nil, actor: .customer, action: .switchTab(tab: "bank"), at: nil, note: nil, location: here
            ),
            Step(
                index: 5, id: nil, actor: .customer, action: .switchWindow(window: "chat"), at: nil, note: nil,
                location: here),
            Step(
                index: 6, id: nil, actor: .customer, action: .switchWindow(window: "browser"), at: nil, note: nil,
                location: here),
        ]
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        let statuses = run.wire.filter { $0.kind == .status }.map { "\($0.step): \($0.content)" }
        #expect(
            statuses == ["2: paused", "3: resumed", "4: paused"], "the browser comes back on the bank tab, still paused"
        )
    }
}

@Suite("Co-browsing: values entered in parts")
struct CoBrowsingSplitFieldTests {
    /// What the customer types or selects in parts on the page: a card number in four boxes, an expiry, a date of birth.
    static let parts = ["4000", "0566", "5566", "5556", "1987", "2031"]

    @Test func standardMasksEveryPartOfAGroupAsOneField() throws {
        let run = try CoBrowse.run("split-fields", "cobrowse-standard")
        let wire = CoBrowse.wire(run)
        for part in Self.parts { #expect(!wire.contains(part), "\(part) crossed to the agent") }
        let masked = run.audit.filter { $0.event == .mask }.map(\.detail)
        #expect(masked.filter { $0.contains("field card-number-part (group '4 boxes of 4+4+4+4 digits')") }.count == 4)
        #expect(
            masked.contains { $0.hasSuffix("field card-expiry-year (group 'month, year')") },
            "the year select has no words of its own")
        #expect(masked.filter { $0.contains("field birth-") }.count == 3, "three selects after the plain text 'DOB:'")
        // The voucher code stays readable: a readable class is never masked.
        #expect(wire.contains("AARE-FRUEHLING"))
    }

    @Test func naiveSendsEveryPart() throws {
        let wire = CoBrowse.wire(try CoBrowse.run("split-fields", "cobrowse-naive"))
        for part in Self.parts { #expect(wire.contains(part), "\(part) should cross under the naive profile") }
    }
}

@Suite("Co-browsing: the mirror's state belongs to one page")
struct CoBrowsingNavigationTests {
    static func page(_ number: Int) -> String {
        """
        <!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Rückfrage \(number) – Kundendienst</title></head>
        <body><main><h1>Ihre Rückfrage Nr. \(number)</h1>
        <form action="/rueckfrage/\(number)" method="post">
          <p><label for="bemerkung">Bemerkung</label> <input id="bemerkung" name="bemerkung"></p>
          <p><button type="submit">Absenden</button></p>
        </form></main></body></html>
        """
    }

    @Test func hundredsOfNavigationsKeepContentMaskingStickyOnEveryPage() throws {
        var scenario = try CoBrowse.scenario("split-fields")
        let here = scenario.steps[0].location
        let end = try #require(scenario.steps.last)
        scenario.steps = [scenario.steps[0]]
        // Each page is parsed anew and the old one freed: addresses are reused, identities must not be.
        let rounds = 300
        for round in 1...rounds {
            scenario.steps.append(
                Step(
                    index: 0, id: nil, actor: .customer,
                    action: .navigate(
                        tab: nil, url: "https://www.fitnesspark-aare.example/rueckfrage/\(round)",
                        page: "pages/anmeldung.html",
                        html: Self.page(round)),
                    at: nil, note: nil, location: here))
            // A card number pasted into a free-text field: masked by content, and the field stays masked.
            scenario.steps.append(
                Step(
                    index: 0, id: nil, actor: .customer,
                    action: .type(tab: nil, selector: "#bemerkung", text: "4000056655665556"),
                    at: nil, note: nil, location: here))
        }
        scenario.steps.append(end)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        #expect(!CoBrowse.leaks("4000056655665556", in: CoBrowse.wire(run)))
        let masked = run.audit.filter { $0.event == .mask && $0.detail.hasPrefix("mask content of #bemerkung") }
        #expect(masked.count == rounds, "every page announces its own masked field")
        #expect(Set(masked.map(\.step)).count == rounds)
    }
}

@Suite("Co-browsing: a script that renames a field")
struct CoBrowsingRenamedFieldTests {
    @Test func aFieldGivenAPrivateNameLaterIsMaskedFromThenOn() throws {
        var scenario = try CoBrowse.scenario("split-fields")
        let here = scenario.steps[0].location
        // The shop's script turns the voucher box into a card-number box (an SPA reusing a DOM node) before the customer types.
        scenario.steps.insert(
            Step(
                index: 0, id: nil, actor: .system,
                action: .pageChange(
                    tab: nil, selector: "#rabatt",
                    change: .attributes(["autocomplete": "cc-number", "name": "cardnumber"])),
                at: nil, note: nil, location: here), at: 1)
        for index in scenario.steps.indices { scenario.steps[index].index = index }
        let run = try Replay.run(scenario, profile: try CoBrowse.profile("cobrowse-standard"))
        #expect(!CoBrowse.wire(run).contains("AARE-FRUEHLING"))
        #expect(run.audit.contains { $0.detail == "mask #rabatt: field card-number (autocomplete 'cc-number')" })
    }
}
