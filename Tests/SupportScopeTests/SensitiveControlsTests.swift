import Fields
import Markup
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

@Suite("Which agent actions touch sensitive controls")
struct SensitiveControlsTests {
    static let page = """
        <main>
          <form id="transfer" action="/zahlungen" method="post">
            <label for="payee-iban">IBAN des Empfängers</label><input id="payee-iban" name="iban">
            <input id="amount" name="betrag" inputmode="decimal">
            <button type="submit" id="confirm"><span class="icon"></span> Überweisung bestätigen</button>
          </form>
          <form id="security" action="/sicherheit">
            <input id="old" type="password" autocomplete="current-password">
            <input id="new" type="password" autocomplete="new-password">
            <button type="submit" id="save-security">Speichern</button>
          </form>
          <form id="checkout"><input id="cc" autocomplete="cc-number"><button id="go">Weiter</button></form>
          <form id="search"><input id="q" name="q"><button id="find">Suchen</button></form>
          <a href="/hilfe" id="help">Hilfe &amp; Kontakt</a>
          <button id="paypal" type="button">Pay with PayPal</button>
          <section id="info"><p id="note">You can pay by card or buy a gift voucher.</p></section>
        </main>
        """

    func classify(_ action: Action, _ selector: String) throws -> String? {
        let document = try Document.parseHTML(Self.page)
        return SensitiveControls.classify(action, target: document.first(try Selector(selector)))?.reason
    }

    @Test func buttonsAreJudgedByTheirWordsOrTheirForm() throws {
        #expect(
            try classify(.click(tab: nil, selector: "#confirm .icon"), "#confirm .icon") == "confirms a money transfer")
        #expect(try classify(.click(tab: nil, selector: "#save-security"), "#save-security") == "changes a password")
        #expect(try classify(.click(tab: nil, selector: "#go"), "#go") == "submits a payment")
        #expect(try classify(.click(tab: nil, selector: "#paypal"), "#paypal") == "submits a payment")
        #expect(try classify(.click(tab: nil, selector: "#find"), "#find") == nil)
        #expect(try classify(.click(tab: nil, selector: "#help"), "#help") == nil)
        #expect(
            try classify(.click(tab: nil, selector: "#note"), "#note") == nil, "a paragraph about paying is no control")
    }

    @Test func typingIsJudgedByTheField() throws {
        #expect(
            try classify(.type(tab: nil, selector: "#payee-iban", text: "x"), "#payee-iban") == "enters bank details")
        #expect(try classify(.type(tab: nil, selector: "#new", text: "x"), "#new") == "enters a new password")
        #expect(try classify(.type(tab: nil, selector: "#q", text: "x"), "#q") == nil)
        #expect(try classify(.scroll(tab: nil, selector: "#q", y: nil), "#q") == nil)
    }
}

@Suite("Sensitive actions in the field classifier's languages, refused by default")
struct SensitiveActionDefaultTests {
    /// Buttons as real shops and banks label them, one per language, and the action each is.
    @Test(arguments: [
        ("Jetzt kaufen", ControlAction.payment), ("Zahlungspflichtig bestellen", .payment),
        ("Confirm transfer", .moneyTransfer),
        ("Valider la commande", .payment), ("Confirmer le virement", .moneyTransfer), ("Conferma ordine", .payment),
        ("Paga ora", .payment),
        ("Finalizar compra", .payment), ("Confirmar transferencia", .moneyTransfer), ("Alterar senha", .passwordChange),
        ("Afrekenen", .payment), ("Zamawiam i płacę", .payment), ("Potwierdź przelew", .moneyTransfer),
        ("Satın al", .payment),
        ("Hesabı sil", .accountDeletion), ("Bayar sekarang", .payment), ("Konfirmasi transfer", .moneyTransfer),
        ("注文を確定する", .payment),
        ("退会する", .accountDeletion), ("立即购买", .payment), ("确认转账", .moneyTransfer), ("Rotate key", .accessKeys),
    ])
    func buttonsAreRecognisedInTwelveLanguages(_ label: String, _ expected: ControlAction) throws {
        let document = try Document.parseHTML("<main><button id=\"b\" type=\"button\">\(label)</button></main>")
        let use = SensitiveControls.classify(
            .click(tab: nil, selector: "#b"), target: document.first(try Selector("#b")))
        #expect(use?.action == expected, "\(label)")
    }

    @Test func submittingAGiftCardOrACardholderFormIsAPayment() throws {
        let document = try Document.parseHTML(
            """
            <form action="/checkout/giftcard" method="post">
              <p><label for="gc">Gift card number</label> <input id="gc" name="giftCardNumber" inputmode="numeric">
              <p><label for="gcpin">Gift card PIN</label> <input id="gcpin" name="giftCardPin" maxlength="4">
              <p><button id="go" type="submit">Continue</button>
            </form>
            """)
        let use = SensitiveControls.classify(
            .click(tab: nil, selector: "#go"), target: document.first(try Selector("#go")))
        #expect(use?.action == .payment)
    }

    @Test(arguments: [
        "Weiter", "Warenkorb ansehen", "Zurück zur Übersicht", "Kaufhistorie", "Rechercher", "Continue shopping",
    ])
    func ordinaryButtonsAreNot(_ label: String) throws {
        let document = try Document.parseHTML("<main><button id=\"b\" type=\"button\">\(label)</button></main>")
        #expect(
            SensitiveControls.classify(.click(tab: nil, selector: "#b"), target: document.first(try Selector("#b")))
                == nil, "\(label)")
    }

    static func run(_ profile: String, policy: Policy = .default) throws -> ModelRun {
        try Replay.run(
            try CoBrowse.scenario("split-fields-buy"), profile: try CoBrowse.profile(profile), policy: policy)
    }

    @Test func theReferenceLevelRefusesAndTheNaiveOneAllows() throws {
        let standard = try Self.run("cobrowse-standard")
        let outcome = try #require(standard.outcomes.first { $0.stepID == "agent-pays" })
        #expect(outcome.decision == .refused)
        #expect(
            outcome.reason.description.hasPrefix(
                "submits a payment: sensitive actions are refused at the standard level"))
        #expect(
            standard.audit.contains { $0.event == .protect && $0.detail == "protect #abschliessen: submits a payment" })
        #expect(
            standard.indicator.contains { $0.reason == .protected && $0.path == "#abschliessen" },
            "the customer sees it cannot be pressed")
        #expect(try Self.run("cobrowse-strict").outcomes.first { $0.stepID == "agent-pays" }?.decision == .refused)
        #expect(
            try Self.run("cobrowse-naive").outcomes.first { $0.stepID == "agent-pays" }?.decision
                == .allowedAfterConsent)
        #expect(
            try Self.run("cobrowse-basic").outcomes.first { $0.stepID == "agent-pays" }?.decision
                == .allowedAfterConsent)
    }

    @Test func aPolicyAllowsNamedActionsOrControls() throws {
        var byKind = Policy.default
        byKind.allowActions = ["payment"]
        #expect(
            try Self.run("cobrowse-standard", policy: byKind).outcomes.first { $0.stepID == "agent-pays" }?.decision
                == .allowedAfterConsent)
        var byControl = Policy.default
        byControl.allowControls = ["#abschliessen"]
        let run = try Self.run("cobrowse-standard", policy: byControl)
        #expect(run.outcomes.first { $0.stepID == "agent-pays" }?.decision == .allowedAfterConsent)
        #expect(!run.indicator.contains { $0.reason == .protected })
        var other = Policy.default
        other.allowActions = ["money-transfer"]
        #expect(
            try Self.run("cobrowse-standard", policy: other).outcomes.first { $0.stepID == "agent-pays" }?.decision
                == .refused)
    }
}
