import Markup
import Testing

/// One row of the selector matrix: a selector on a realistic page and the elements it must select, in document order.
struct SelectorCase: CustomTestStringConvertible, Sendable {
    let page: String
    let selector: String
    let expected: [String]

    init(_ page: String, _ selector: String, _ expected: [String]) {
        self.page = page
        self.selector = selector
        self.expected = expected
    }

    var testDescription: String { "\(page): \(selector)" }
}

private let checkoutInputs = ["#email", "#phone", "#name", "#street", "#cc-name", "#card-number", "#cc-exp", "#cvc"]

let selectorMatrix: [SelectorCase] = [
    // Masking rules real co-browsing configurations use.
    SelectorCase("checkout.html", #"input[autocomplete^="cc-" i]"#, ["#cc-name", "#card-number", "#cc-exp", "#cvc"]),
    SelectorCase("checkout.html", #"input[autocomplete^="cc-"]"#, ["#card-number", "#cc-exp", "#cvc"]),
    SelectorCase("checkout.html", "form#checkout button[type=submit]", ["#buy-now"]),
    SelectorCase(
        "checkout.html", "input:not([type=hidden])",
        checkoutInputs + ["#save-card", "#voucher-toggle", "#voucher-code"]),
    SelectorCase("checkout.html", "input[type=hidden]", ["#csrf", "input[name=customer_id]"]),
    SelectorCase("checkout.html", "[data-private]", ["#card-number"]),
    SelectorCase("checkout.html", "#checkout > input", ["#csrf", "input[name=customer_id]"]),
    SelectorCase("checkout.html", "input[type=PASSWORD]", ["#cvc"]),
    SelectorCase("checkout.html", "input[type=PASSWORD s]", []),
    SelectorCase("checkout.html", "input[name$=number]", ["#card-number"]),
    SelectorCase("checkout.html", "input[name*=card]", ["#card-number", "#save-card"]),
    SelectorCase("checkout.html", "input[name*=CARD i]", ["#card-number", "#save-card"]),
    SelectorCase("checkout.html", "input[placeholder]", ["#cc-exp", "#voucher-code"]),
    SelectorCase("checkout.html", #"iframe[src^="https://pay."]"#, ["#payment-frame"]),
    SelectorCase("checkout.html", "a[href^=mailto]", ["a@84"]),
    // Combinators.
    SelectorCase("checkout.html", "fieldset > legend + input", ["#name", "#voucher-code"]),
    SelectorCase(
        "checkout.html", "legend ~ input",
        [
            "#email", "#phone", "#name", "#street", "#cc-name", "#card-number", "#cc-exp", "#cvc", "#save-card",
            "#voucher-code",
        ]),
    SelectorCase("checkout.html", "#payment label + input", ["#cc-name", "#card-number", "#cc-exp", "#cvc"]),
    SelectorCase("checkout.html", ".summary p:last-child .amount", ["span@73"]),
    SelectorCase("checkout.html", "p.total > span.amount", ["span@73"]),
    SelectorCase("checkout.html", ".amount", ["span@71", "span@72", "span@73"]),
    SelectorCase("checkout.html", "main > h1:first-child", ["h1@26"]),
    SelectorCase("checkout.html", "head > script:not([src])", ["script@8"]),
    SelectorCase("checkout.html", "body   >   script[src]", ["script@86"]),
    // Selector lists, classes, ids and case rules.
    SelectorCase("checkout.html", ".primary, .secondary", ["#back", "#buy-now"]),
    SelectorCase("checkout.html", ".secondary, .primary", ["#back", "#buy-now"]),
    SelectorCase("checkout.html", "button.primary.secondary", []),
    SelectorCase("checkout.html", "[class~=page-de]", ["body@13"]),
    SelectorCase("checkout.html", "[lang|=de]", ["html@2"]),
    SelectorCase("checkout.html", "[lang|=DE]", ["html@2"]),
    SelectorCase("checkout.html", "[lang|=DE s]", []),
    SelectorCase("checkout.html", "INPUT#cvc", ["#cvc"]),
    SelectorCase("checkout.html", "input#CVC", []),
    SelectorCase("checkout.html", ":root", ["html@2"]),
    SelectorCase("checkout.html", "*:root > head > title", ["title@5"]),
    // Pseudo-classes.
    SelectorCase("checkout.html", ":checked", ["option[value=CH]", "#save-card"]),
    SelectorCase("checkout.html", "input:checked", ["#save-card"]),
    SelectorCase("checkout.html", ":disabled", ["#voucher", "#voucher-code"]),
    SelectorCase(
        "checkout.html", "input:enabled",
        ["#csrf", "input[name=customer_id]"] + checkoutInputs + ["#save-card", "#voucher-toggle"]),
    SelectorCase("checkout.html", "select option:first-child", ["option[value=DE]"]),
    SelectorCase("checkout.html", "option:last-child", ["option[value=AT]"]),
    SelectorCase("checkout.html", "option:nth-child(2)", ["option[value=CH]"]),
    SelectorCase("checkout.html", "nav li:nth-child(odd)", ["li@18", "li@20"]),
    SelectorCase("checkout.html", "nav li:nth-child(even)", ["li@19"]),
    SelectorCase("checkout.html", "nav li:nth-child(2n + 1)", ["li@18", "li@20"]),
    SelectorCase("checkout.html", "nav li:nth-last-child(1)", ["li@20"]),
    SelectorCase("checkout.html", "nav li:only-child", []),
    SelectorCase("checkout.html", "nav li:only-child > a, nav li > a:only-child", ["a@18", "a@19", "a@20"]),
    SelectorCase("checkout.html", ":is(#contact, #shipping) input", ["#email", "#phone", "#name", "#street"]),
    SelectorCase("checkout.html", ":where(header, footer) a", ["a@15", "a@18", "a@19", "a@20", "a@84"]),
    SelectorCase("checkout.html", "input:not(:is([type=hidden], [type=checkbox]))", checkoutInputs + ["#voucher-code"]),
    SelectorCase(
        "checkout.html", "fieldset:not(#voucher) input:not([autocomplete^=cc- i])",
        ["#email", "#phone", "#name", "#street", "#save-card"]),

    // Login page.
    SelectorCase("login.html", #"input[autocomplete="current-password"]"#, ["#password"]),
    SelectorCase("login.html", #"input[type=password], input[autocomplete~="one-time-code"]"#, ["#password", "#otp"]),
    SelectorCase("login.html", "#login [autocomplete]", ["#username", "#password", "#otp"]),
    SelectorCase("login.html", "button:disabled", ["#sign-in"]),
    SelectorCase("login.html", "button:enabled", ["#show-password"]),
    SelectorCase("login.html", "form#login button[type=submit]", ["#sign-in"]),
    SelectorCase("login.html", "input:checked", []),
    SelectorCase("login.html", #"a[href*="token="]"#, ["a@33"]),
    SelectorCase("login.html", ".field.password > input", ["#password"]),
    SelectorCase("login.html", "[aria-pressed=false]", ["#show-password"]),
    SelectorCase("login.html", ".field:nth-child(2)", ["div@15"]),
    SelectorCase("login.html", "div.field:nth-child(-n+3)", ["div@15", "div@19"]),
    SelectorCase("login.html", "form[method=post]", ["#login"]),
    SelectorCase("login.html", "noscript p", ["p@36"]),

    // Bank overview with hidden inputs, comments and iframes.
    SelectorCase("account.html", ".account-balance, [data-private]", ["td@21", "td@22", "td@26", "td@27", "td@32"]),
    SelectorCase("account.html", "tr[hidden] td", ["td@30", "td@31", "td@32"]),
    SelectorCase("account.html", "tbody tr:not([hidden]) .account-balance", ["td@22", "td@27"]),
    SelectorCase("account.html", "input[type=hidden][name^=ssn]", ["input[name=ssn_check]"]),
    SelectorCase("account.html", "input[type=radio]:checked", ["#speed-standard"]),
    SelectorCase("account.html", "textarea", ["#note"]),
    SelectorCase("account.html", "iframe[srcdoc]", ["#promo"]),
    SelectorCase("account.html", "iframe:not([srcdoc])", ["#advisor-chat"]),
    SelectorCase("account.html", "div:empty", ["#empty-slot", "#comment-only"]),
    SelectorCase("account.html", #"[data-account-id|="CH93"]"#, ["tr@19"]),
    SelectorCase("account.html", ".account-balance.negative", ["td@27"]),
    SelectorCase("account.html", #"script[type="application/json"]"#, ["#state"]),
    SelectorCase("account.html", "section#transfer label > input[name=amount]", ["#amount"]),
    SelectorCase("account.html", "#accounts ~ section", ["#transfer"]),
    SelectorCase("account.html", "#top + section", ["#accounts"]),
    SelectorCase("account.html", "td.iban:not([data-private])", ["td@31"]),
    SelectorCase("account.html", #"[data-private="TRUE" i]"#, ["td@26"]),
    SelectorCase("account.html", "header strong, tbody tr:first-child td:nth-child(3)", ["strong@10", "td@22"]),
]

@Suite("CSS selector matching on realistic pages")
struct SelectorMatchingTests {
    @Test("selector matrix", arguments: selectorMatrix)
    func matrix(_ testCase: SelectorCase) throws {
        let document = try Fixture.page(testCase.page)
        let matches = try document.select(testCase.selector)
        #expect(matches.map(\.label) == testCase.expected)
        // Every match must also answer `matches` for itself, and nothing else may.
        let selector = try Selector(testCase.selector)
        let all = Array(document.node.descendantElements)
        #expect(all.filter { selector.matches($0) } == matches)
    }

    @Test func theMatrixIsLargeEnough() {
        #expect(selectorMatrix.count >= 60)
    }

    @Test func selectionFromAnElementStaysBelowIt() throws {
        let document = try Fixture.page("checkout.html")
        let payment = try #require(document.select("#payment").first)
        #expect(
            try payment.select("input").map(\.label) == ["#cc-name", "#card-number", "#cc-exp", "#cvc", "#save-card"])
        // Combinators may look above the scope, as querySelectorAll does.
        #expect(try payment.select("form fieldset > input[type=checkbox]").map(\.label) == ["#save-card"])
        #expect(payment.first(try Selector("input[type=password]"))?.label == "#cvc")
    }

    @Test func xmlDocumentsMatchNamesCaseSensitively() throws {
        let document = try Document.parseXML(#"<Report><Finding Severity="High"/><finding severity="high"/></Report>"#)
        #expect(try document.select("Finding").count == 1)
        #expect(try document.select("finding").count == 1)
        #expect(try document.select("[Severity=High]").count == 1)
        #expect(try document.select("[severity=HIGH i]").count == 1)
    }
}
