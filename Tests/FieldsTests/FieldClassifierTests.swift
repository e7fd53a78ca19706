import Fields
import Markup
import Testing

/// The patterns real pages use that the first heuristics missed, one test each (the conformance corpus
/// measures them in bulk; these say which signal must carry each case).
@Suite("The field classifier on the patterns real pages use")
struct FieldClassifierTests {
    /// Classes of the selected controls in `html`.
    func classes(_ html: String, _ selectors: [String]) throws -> [FieldClass?] {
        let document = try Document.parseHTML(html)
        let classifier = FieldClassifier(document: document)
        return try selectors.map { selector in
            let control = try #require(document.first(try Selector(selector)), "no element for \(selector)")
            return classifier.classification(of: control)?.fieldClass
        }
    }

    @Test func aLabelThatPointsAtTheWrongFieldIsWeighedAgainstTheFieldsOwnName() throws {
        // The widely copied Bootstrap checkout: the CVV label is `for="cc-expiration"`.
        let page = """
            <form class="needs-validation" novalidate>
              <div class="row gy-3">
                <div class="col-md-6"><label for="cc-name" class="form-label">Name on card</label>
                  <input type="text" class="form-control" id="cc-name" placeholder="" required>
                  <small class="text-muted">Full name as displayed on card</small></div>
                <div class="col-md-6"><label for="cc-number" class="form-label">Credit card number</label>
                  <input type="text" class="form-control" id="cc-number" placeholder="" required></div>
                <div class="col-md-3"><label for="cc-expiration" class="form-label">Expiration</label>
                  <input type="text" class="form-control" id="cc-expiration" placeholder="" required></div>
                <div class="col-md-3"><label for="cc-expiration" class="form-label">CVV</label>
                  <input type="text" class="form-control" id="cc-cvv" placeholder="" required></div>
              </div>
            </form>
            """
        let found = try classes(page, ["#cc-name", "#cc-number", "#cc-expiration", "#cc-cvv"])
        #expect(found == [.cardholderName, .cardNumber, .cardExpiry, .cardSecurityCode])
        let fixed = page.replacingOccurrences(
            of: "<label for=\"cc-expiration\" class=\"form-label\">CVV",
            with: "<label for=\"cc-cvv\" class=\"form-label\">CVV")
        #expect(try classes(fixed, ["#cc-expiration", "#cc-cvv"]) == [.cardExpiry, .cardSecurityCode])
    }

    @Test func threeSelectsAfterPlainTextAreADateOfBirth() throws {
        let years = (1920...2010).reversed().map { "<option>\($0)</option>" }.joined()
        let page = """
            <form action="/register" method="post"><p>Name: <input name="fullname"></p>
            <p>DOB: <select name="day"><option value="">Day</option>\((1...31).map { "<option>\($0)</option>" }.joined())</select>
            <select name="month"><option value="">Month</option>\((1...12).map { "<option value=\"\($0)\">\($0)</option>" }.joined())</select>
            <select name="year"><option value="">Year</option>\(years)</select></p></form>
            """
        #expect(
            try classes(page, ["[name=fullname]", "[name=day]", "[name=month]", "[name=year]"]) == [
                nil, .birthDay, .birthMonth, .birthYear,
            ])
    }

    @Test func aTravelDateIsNotABirthDate() throws {
        let page = """
            <form><fieldset><legend>Departure date</legend>
            <select name="dep_day">\((1...31).map { "<option>\($0)</option>" }.joined())</select>
            <select name="dep_month">\((1...12).map { "<option>\($0)</option>" }.joined())</select>
            <select name="dep_year"><option>2026</option><option>2027</option></select></fieldset></form>
            """
        #expect(try classes(page, ["[name=dep_day]", "[name=dep_month]", "[name=dep_year]"]) == [nil, nil, nil])
    }

    @Test func fourBoxesAfterOneLabelAreOneCardNumber() throws {
        let page = """
            <form id="pay"><div class="field"><span class="lbl">Kartennummer</span>
            <input name="nr_1" maxlength="4" size="4"> <input name="nr_2" maxlength="4" size="4">
            <input name="nr_3" maxlength="4" size="4"> <input name="nr_4" maxlength="4" size="4"></div>
            <div class="field"><span class="lbl">Hausnummer</span><input name="hnr" maxlength="5"></div></form>
            """
        let found = try classes(page, ["[name=nr_1]", "[name=nr_2]", "[name=nr_3]", "[name=nr_4]", "[name=hnr]"])
        #expect(found == [.cardNumberPart, .cardNumberPart, .cardNumberPart, .cardNumberPart, nil])
    }

    @Test func aPhoneSplitInThreeIsNotACard() throws {
        let page = """
            <form><label>Phone</label><input name="ph1" maxlength="3"><input name="ph2" maxlength="3"><input name="ph3" maxlength="4"></form>
            """
        #expect(try classes(page, ["[name=ph1]", "[name=ph2]", "[name=ph3]"]) == [nil, nil, nil])
    }

    @Test func placeholdersAndColumnHeadingsLabelFieldsWithoutLabels() throws {
        let page = """
            <form id="payment-form">
              <input type="text" name="card" placeholder="No. Kartu Kredit" class="input">
              <div class="grid">
                <div class="row heads"><div class="c">Masa berlaku</div><div class="c">CVV</div></div>
                <div class="row"><div class="c"><input name="f_exp" placeholder="MM/YY"></div>
                  <div class="c"><input name="f_sec" placeholder="000" maxlength="4"></div></div>
              </div>
            </form>
            """
        #expect(
            try classes(page, ["[name=card]", "[name=f_exp]", "[name=f_sec]"]) == [
                .cardNumber, .cardExpiry, .cardSecurityCode,
            ])
    }

    @Test func monthAndYearSelectsAfterACardNumberAreItsExpiry() throws {
        let page = """
            <form><label for="num">Numéro de carte</label><input id="num" name="num">
            <label for="m">Date d'expiration</label>
            <select id="m" name="m"><option value="">Mois</option><option value="01">janvier</option><option value="02">février</option>
            <option value="03">mars</option><option value="04">avril</option><option value="05">mai</option><option value="06">juin</option>
            <option value="07">juillet</option><option value="08">août</option><option value="09">septembre</option>
            <option value="10">octobre</option><option value="11">novembre</option><option value="12">décembre</option></select>
            <select name="y"><option value="">Année</option>\((2026...2036).map { "<option>\($0)</option>" }.joined())</select>
            <input name="cvc" maxlength="3" inputmode="numeric"></form>
            """
        #expect(
            try classes(page, ["#num", "#m", "[name=y]", "[name=cvc]"]) == [
                .cardNumber, .cardExpiryMonth, .cardExpiryYear, .cardSecurityCode,
            ])
    }

    @Test func splitExpiryInputsAreNamedByTheirWords() throws {
        let page = """
            <form><input name="credit_card[card_number]"><input name="payment[cc-exp-month]" maxlength="2">
            <input name="ITEM_PAYMENT_FLIGHTS_FLIGHT_CC_EXPIRY_DATE_EXPIRY_YEAR_0" maxlength="4"></form>
            """
        #expect(
            try classes(page, ["input:nth-of-type(1)", "input:nth-of-type(2)", "input:nth-of-type(3)"])
                == [.cardNumber, .cardExpiryMonth, .cardExpiryYear])
    }

    @Test func aLabelInThePreviousTableCellNamesTheField() throws {
        let page = """
            <form><table><tr><td>Name</td><td><input name="f1"></td></tr>
            <tr><td>Steuer-ID</td><td><input name="f7"></td></tr>
            <tr><td>Geburtsdatum</td><td><input name="f8" placeholder="TT.MM.JJJJ"></td></tr></table></form>
            """
        #expect(try classes(page, ["[name=f1]", "[name=f7]", "[name=f8]"]) == [nil, .taxID, .dateOfBirth])
    }

    @Test func aTableHeaderRowNamesTheColumnsBelowIt() throws {
        let page = """
            <form><table><thead><tr><th>Kartennummer</th><th>Gültig bis</th><th>Prüfziffer</th></tr></thead>
            <tbody><tr><td><input name="a"></td><td><input name="b"></td><td><input name="c"></td></tr></tbody></table></form>
            """
        #expect(
            try classes(page, ["[name=a]", "[name=b]", "[name=c]"]) == [.cardNumber, .cardExpiry, .cardSecurityCode])
    }

    @Test func readableFieldsStayReadableWhereTheyShareWordsWithSensitiveOnes() throws {
        let page = """
            <form><input type="search" name="q" placeholder="Search"><label for="promo">Promo code</label><input id="promo">
            <label for="zip">ZIP / Postal code</label><input id="zip" autocomplete="postal-code">
            <label for="qty">Qty</label><input id="qty" type="number"><label for="msg">Gift message</label><textarea id="msg"></textarea>
            <label for="em">E-mail</label><input id="em" type="email"></form>
            """
        #expect(
            try classes(page, ["[name=q]", "#promo", "#zip", "#qty", "#msg", "#em"]) == [
                .search, .coupon, .postalCode, .quantity, .comment, nil,
            ])
    }

    @Test func passwordsAreCurrentOrNewByTheirWordsOrTheirNumber() throws {
        let login = #"<form><input name="user"><input type="password" name="pw"></form>"#
        #expect(try classes(login, ["[name=pw]"]) == [.currentPassword])
        let register =
            #"<form><input name="user"><input type="password" name="pw"><input type="password" name="pw2"></form>"#
        #expect(try classes(register, ["[name=pw]", "[name=pw2]"]) == [.newPassword, .newPassword])
        let change = """
            <form><label for="a">Aktuelles Passwort</label><input type="password" id="a"><label for="b">Neues Passwort</label>
            <input type="password" id="b"><label for="c">Passwort wiederholen</label><input type="password" id="c"></form>
            """
        #expect(try classes(change, ["#a", "#b", "#c"]) == [.currentPassword, .newPassword, .newPassword])
    }

    @Test func sixOneCharacterBoxesAreAOneTimeCode() throws {
        let boxes = (1...6).map { #"<input name="otp_\#($0)" maxlength="1" inputmode="numeric" autocomplete="off">"# }
            .joined()
        let page = #"<form><h2>Enter the code we sent to your phone</h2><div class="code">\#(boxes)</div></form>"#
        #expect(try classes(page, (1...6).map { "[name=otp_\($0)]" }) == Array(repeating: .oneTimeCode, count: 6))
    }

    @Test func securityCodeIsTheCardsOnACardFormAndAnSMSCodeElsewhere() throws {
        let card =
            #"<form><label for="n">Card number</label><input id="n"><label for="s">Security code</label><input id="s"></form>"#
        #expect(try classes(card, ["#s"]) == [.cardSecurityCode])
        let login =
            #"<form><label for="s">Security code</label><input id="s" autocomplete="off"><button>Verify</button></form>"#
        #expect(try classes(login, ["#s"]) == [.oneTimeCode])
    }

    @Test func anAnswerIsPrivateWhereASecurityQuestionIsAsked() throws {
        let page = """
            <form><label for="q">Security question</label><select id="q"><option>Name of your first school?</option></select>
            <label for="a">Answer</label><input id="a"></form>
            """
        #expect(try classes(page, ["#q", "#a"]) == [nil, .securityAnswer])
        #expect(try classes(#"<form><label for="a">Your answer</label><input id="a"></form>"#, ["#a"]) == [nil])
    }

    @Test func languagesWithoutSpacesMatchInsideTheText() throws {
        let page = """
            <form><label for="a">カード番号</label><input id="a"><label for="b">有効期限（月/年）</label><input id="b">
            <label for="c">セキュリティコード</label><input id="c"><label for="d">卡号</label><input id="d"><label for="e">短信验证码</label><input id="e"></form>
            """
        #expect(
            try classes(page, ["#a", "#b", "#c", "#d", "#e"]) == [
                .cardNumber, .cardExpiry, .cardSecurityCode, .cardNumber, .oneTimeCode,
            ])
    }

    @Test func autocompleteTokensFollowTheHTMLGrammar() throws {
        let page = """
            <form><input id="a" autocomplete="section-blue billing cc-number"><input id="b" autocomplete="shipping postal-code">
            <input id="c" autocomplete="cc-exp-month"><input id="d" autocomplete="one-time-code"><input id="e" autocomplete="bday-year">
            <input id="f" autocomplete="nope"></form>
            """
        #expect(
            try classes(page, ["#a", "#b", "#c", "#d", "#e", "#f"]) == [
                .cardNumber, .postalCode, .cardExpiryMonth, .oneTimeCode, .birthYear, nil,
            ])
    }

    @Test func theClassificationSaysWhichSignalsDecided() throws {
        let document = try Document.parseHTML(
            #"<form><label for="k">Kreditkartennummer</label><input id="k" name="ccnum"></form>"#)
        let control = try #require(document.first(try Selector("#k")))
        let field = try #require(FieldClassifier(document: document).classification(of: control))
        #expect(field.fieldClass == .cardNumber)
        #expect(field.signals.map(\.source) == [.label, .name])
        #expect(field.rule == "card-number (label 'Kreditkartennummer')")
        #expect(field.confidence > 0.9)
    }
}
