import Markup
import Testing
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
        return SensitiveControls.classify(action, target: document.first(try Selector(selector)))
    }

    @Test func buttonsAreJudgedByTheirWordsOrTheirForm() throws {
        #expect(try classify(.click(tab: nil, selector: "#confirm .icon"), "#confirm .icon") == "confirms a money transfer")
        #expect(try classify(.click(tab: nil, selector: "#save-security"), "#save-security") == "changes a password")
        #expect(try classify(.click(tab: nil, selector: "#go"), "#go") == "submits a payment")
        #expect(try classify(.click(tab: nil, selector: "#paypal"), "#paypal") == "submits a payment")
        #expect(try classify(.click(tab: nil, selector: "#find"), "#find") == nil)
        #expect(try classify(.click(tab: nil, selector: "#help"), "#help") == nil)
        #expect(try classify(.click(tab: nil, selector: "#note"), "#note") == nil, "a paragraph about paying is no control")
    }

    @Test func typingIsJudgedByTheField() throws {
        #expect(try classify(.type(tab: nil, selector: "#payee-iban", text: "x"), "#payee-iban") == "enters bank details")
        #expect(try classify(.type(tab: nil, selector: "#new", text: "x"), "#new") == "enters a new password")
        #expect(try classify(.type(tab: nil, selector: "#q", text: "x"), "#q") == nil)
        #expect(try classify(.scroll(tab: nil, selector: "#q", y: nil), "#q") == nil)
    }
}
