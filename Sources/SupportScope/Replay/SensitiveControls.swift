import Fields
import Markup

/// Recognises controls whose use by an agent is a sensitive action: paying, moving money, changing a
/// password, a payout account or security settings, deleting the account, entering credentials or bank details.
///
/// It reads what a person would: the control's text, value, accessible name, id and name, and the
/// fields of the form it belongs to (a submit button in a form with card fields pays).
enum SensitiveControls {
    /// Phrases per sensitive action, English and German, as lowercase word runs.
    static let phrases: [(action: String, phrases: [[String]])] = [
        ("confirms a money transfer", [["confirm", "transfer"], ["send", "money"], ["transfer", "now"], ["überweisen"], ["überweisung", "bestätigen"],
                                       ["auftrag", "bestätigen"], ["withdraw"], ["withdrawal"], ["auszahlen"], ["auszahlung", "bestätigen"], ["send", "funds"]]),
        ("submits a payment", [["pay"], ["pay", "now"], ["buy"], ["buy", "now"], ["place", "order"], ["complete", "purchase"], ["confirm", "payment"],
                               ["kaufen"], ["jetzt", "kaufen"], ["bezahlen"], ["zahlungspflichtig"], ["bestellen"], ["jetzt", "bestellen"]]),
        ("changes a password", [["change", "password"], ["update", "password"], ["reset", "password"], ["save", "password"], ["set", "password"],
                                ["passwort", "ändern"], ["passwort", "speichern"], ["kennwort", "ändern"]]),
        ("changes a payout account", [["payout"], ["add", "payee"], ["save", "payee"], ["new", "payee"], ["bank", "account"], ["bank", "details"],
                                      ["auszahlungskonto"], ["bankverbindung"], ["empfänger", "speichern"], ["kontoverbindung"]]),
        ("changes security settings", [["two", "factor"], ["2fa"], ["disable", "mfa"], ["add", "device"], ["recovery", "codes"], ["zwei", "faktor"],
                                       ["sim", "swap"], ["activate", "sim"], ["sim", "aktivieren"], ["change", "email"], ["e", "mail", "ändern"]]),
        ("deletes the account", [["delete", "account"], ["close", "account"], ["konto", "löschen"], ["konto", "schliessen"], ["delete", "workspace"],
                                 ["delete", "organization"], ["delete", "organisation"], ["workspace", "löschen"]]),
        ("changes API keys or access", [["rotate", "key"], ["rotate", "keys"], ["revoke", "key"], ["regenerate", "key"], ["create", "api", "key"],
                                        ["roll", "key"], ["new", "secret", "key"], ["invite", "admin"], ["make", "owner"], ["schlüssel", "erneuern"]]),
    ]

    /// Why the agent's action is sensitive, or nil when it is not. `classifier` reads the target's page (one per
    /// document, kept by the caller so that a page's forms are classified once, not once per action).
    static func classify(_ action: Action, target: Node?, classifier: FieldClassifier? = nil) -> String? {
        guard let target else { return nil }
        let classifier = classifier ?? FieldClassifier(document: target.document)
        switch action {
        case .click:
            // A click on no control (a paragraph, a section) does nothing sensitive, whatever the text around it says.
            guard let control = clickable(target) else { return nil }
            if let action = match(words(describing: control)) { return action }
            // A submit button names nothing itself ("Continue"): its form's fields say what it does.
            if isSubmit(control), let form = ancestor(of: control, named: "form") { return formPurpose(form, classifier: classifier) }
            return nil
        case .type, .select, .revealPassword:
            return fieldPurpose(target, classifier: classifier)
        default:
            return nil
        }
    }

    static func clickable(_ node: Node) -> Node? {
        var current: Node? = node
        while let element = current, element.isElement {
            if ["button", "a", "input", "summary"].contains(element.name) || element.attribute("role") == "button" { return element }
            current = element.parent
        }
        return nil
    }

    static func isSubmit(_ control: Node) -> Bool {
        switch control.name {
        case "button": return (control.attribute("type") ?? "submit").lowercased() == "submit"
        case "input": return ["submit", "image"].contains(control.attribute("type")?.lowercased() ?? "")
        default: return false
        }
    }

    static func ancestor(of node: Node, named name: String) -> Node? {
        var current = node.parent
        while let element = current, element.isElement {
            if element.name == name { return element }
            current = element.parent
        }
        return nil
    }

    static func words(describing control: Node) -> [String] {
        let texts = [control.textContent] + ["value", "aria-label", "title", "id", "name"].compactMap { control.attribute($0) }
        return texts.flatMap(Self.words)
    }

    static func match(_ words: [String]) -> String? {
        for (action, phrases) in phrases {
            for phrase in phrases where contains(words, phrase) { return action }
        }
        return nil
    }


    private static let fieldSelector = try! Selector("input, select, textarea")

    /// What submitting this form does, judged by its fields.
    static func formPurpose(_ form: Node, classifier: FieldClassifier) -> String? {
        let purposes = form.select(fieldSelector).compactMap { fieldPurpose($0, classifier: classifier) }
        if purposes.contains("enters card details") { return "submits a payment" }
        if purposes.contains("enters a new password") { return "changes a password" }
        if purposes.contains("enters bank details") { return "changes a payout account" }
        return nil
    }

    /// What entering data into this field does, by the field classifier's class for it.
    static func fieldPurpose(_ field: Node, classifier: FieldClassifier) -> String? {
        guard let fieldClass = classifier.classification(of: field)?.fieldClass else {
            return field.name == "input" && field.attribute("type")?.lowercased() == "password" ? "enters a password" : nil
        }
        switch fieldClass {
        case .newPassword: return "enters a new password"
        case .cardNumber, .cardNumberPart, .cardExpiry, .cardExpiryMonth, .cardExpiryYear, .cardSecurityCode, .cardholderName,
             .giftCardNumber, .giftCardPIN:
            return "enters card details"
        case .iban, .bankAccount, .routingNumber: return "enters bank details"
        case .currentPassword, .pin, .securityAnswer: return "enters a password"
        case .oneTimeCode: return "enters a one-time code"
        case .seedPhrase: return "enters a wallet's recovery phrase"
        case .nationalID, .taxID, .dateOfBirth, .birthDay, .birthMonth, .birthYear: return "enters identity data"
        case .search, .quantity, .coupon, .postalCode, .comment: return nil
        }
    }

    /// Lowercase words, split at anything that is not a letter or digit and at camelCase humps.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in text {
            if character.isLetter || character.isNumber {
                if character.isUppercase, previousLower, !current.isEmpty {
                    words.append(current)
                    current = ""
                }
                current.append(Character(character.lowercased()))
                previousLower = character.isLowercase
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// True when `phrase` occurs as consecutive words in `words`.
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard words.count >= phrase.count else { return false }
        for start in 0...(words.count - phrase.count) where Array(words[start..<(start + phrase.count)]) == phrase {
            return true
        }
        return false
    }
}
