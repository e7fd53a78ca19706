import Markup

/// What pressing a control does, when it does something an agent must not do for the customer unasked.
public enum ControlAction: String, Sendable, Hashable, CaseIterable, Codable {
    case payment
    case moneyTransfer = "money-transfer"
    case passwordChange = "password-change"
    case payoutAccount = "payout-account"
    case securitySettings = "security-settings"
    case accountDeletion = "account-deletion"
    case accessKeys = "access-keys"

    /// What the control does, in words: `submits a payment`.
    public var description: String {
        switch self {
        case .payment: "submits a payment"
        case .moneyTransfer: "confirms a money transfer"
        case .passwordChange: "changes a password"
        case .payoutAccount: "changes a payout account"
        case .securitySettings: "changes security settings"
        case .accountDeletion: "deletes the account"
        case .accessKeys: "changes API keys or access"
        }
    }

    fileprivate var concept: Concept {
        switch self {
        case .payment: .actionPayment
        case .moneyTransfer: .actionMoneyTransfer
        case .passwordChange: .actionPasswordChange
        case .payoutAccount: .actionPayoutAccount
        case .securitySettings: .actionSecuritySettings
        case .accountDeletion: .actionAccountDeletion
        case .accessKeys: .actionAccessKeys
        }
    }
}

/// Recognises controls whose use by an agent is sensitive, reading what a person would: the control's text,
/// value, accessible name, title, id and name, in the field classifier's languages (`Words/action-*.txt`), and the
/// fields of the form it submits (a "Continue" button in a form with card fields pays).
public enum ControlActions {
    /// The control a click on `target` presses (the target or its nearest button, link or submit ancestor), if any.
    public static func clickable(_ target: Node) -> Node? {
        var current: Node? = target
        while let element = current, element.isElement {
            if ["button", "a", "input", "summary"].contains(element.name)
                || element.attribute("role")?.lowercased() == "button"
            {
                return element
            }
            current = element.parent
        }
        return nil
    }

    /// True for the elements a person presses: buttons, links, submit and image inputs, `role=button`.
    public static func isPressable(_ element: Node) -> Bool {
        guard element.isElement else { return false }
        switch element.name {
        case "button", "a", "summary": return true
        case "input": return ["submit", "button", "image"].contains(element.attribute("type")?.lowercased() ?? "")
        default: return element.attribute("role")?.lowercased() == "button"
        }
    }

    /// What pressing `control` does, by its own words, or for a submit button that names nothing, by its form's fields.
    public static func action(of control: Node, classifier: FieldClassifier) -> ControlAction? {
        if let named = action(named: control, reading: classifier.reading) { return named }
        guard isSubmit(control), let form = FieldClassifier.form(of: control, reading: classifier.reading) else {
            return nil
        }
        return formAction(form, classifier: classifier)
    }

    /// The action the control's words name. A phrase of several words beats a single word of another action
    /// ("Confirm transfer" is a transfer even where "confirm payment" would be a payment).
    static func action(named control: Node, reading: PageReading) -> ControlAction? {
        var texts: [(String, Bool)] = [(reading.text(of: control), false)]
        for name in ["value", "aria-label", "title"] {
            if let value = control.attribute(name) { texts.append((value, false)) }
        }
        for name in ["id", "name"] { if let value = control.attribute(name) { texts.append((value, true)) } }
        var best: (action: ControlAction, length: Int)?
        for (text, names) in texts where !text.isEmpty {
            for match in Vocabulary.shared.matches(in: String(text.prefix(256)), names: names) {
                guard let action = ControlAction.allCases.first(where: { $0.concept == match.concept }) else {
                    continue
                }
                if best.map({ match.length > $0.length }) ?? true { best = (action, match.length) }
            }
        }
        return best?.action
    }

    static func isSubmit(_ control: Node) -> Bool {
        switch control.name {
        case "button": return (control.attribute("type") ?? "submit").lowercased() == "submit"
        case "input": return ["submit", "image"].contains(control.attribute("type")?.lowercased() ?? "")
        default: return false
        }
    }

    /// What submitting the form does, judged by the classes of its fields.
    static func formAction(_ form: Node, classifier: FieldClassifier) -> ControlAction? {
        var classes: Set<FieldClass> = []
        for field in form.select(FieldClassifier.controlSelector) {
            if let fieldClass = classifier.classification(of: field)?.fieldClass { classes.insert(fieldClass) }
        }
        // Every field that takes card details makes the form a payment: a gift card's number and PIN, the cardholder.
        if !classes.isDisjoint(with: [
            .cardNumber, .cardNumberPart, .cardSecurityCode, .cardExpiry, .cardExpiryMonth, .cardExpiryYear,
            .cardholderName, .giftCardNumber, .giftCardPIN,
        ]) {
            return .payment
        }
        if classes.contains(.newPassword) { return .passwordChange }
        if !classes.isDisjoint(with: [.iban, .bankAccount, .routingNumber]) { return .payoutAccount }
        return nil
    }

    /// What entering data into `field` does, by the field classifier's class for it: `enters card details`.
    public static func purpose(ofEntering field: Node, classifier: FieldClassifier) -> String? {
        guard let fieldClass = classifier.classification(of: field)?.fieldClass else {
            return field.name == "input" && field.attribute("type")?.lowercased() == "password"
                ? "enters a password" : nil
        }
        switch fieldClass {
        case .newPassword: return "enters a new password"
        case .cardNumber, .cardNumberPart, .cardExpiry, .cardExpiryMonth, .cardExpiryYear, .cardSecurityCode,
            .cardholderName,
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
}
