/// What a form control holds, as the field classifier recognises it.
///
/// The sensitive classes are the ones a co-browsing mirror must mask; the readable ones
/// (search, quantity, coupon, postal code, comment) are recognised so that the words
/// they share with sensitive fields ("promo code", "PIN code" of an address) do not mask them.
public enum FieldClass: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case cardNumber = "card-number"
    /// One of several inputs that together hold the card number (`nr_1` … `nr_4`).
    case cardNumberPart = "card-number-part"
    case cardExpiry = "card-expiry"
    case cardExpiryMonth = "card-expiry-month"
    case cardExpiryYear = "card-expiry-year"
    case cardSecurityCode = "card-security-code"
    case cardholderName = "cardholder-name"
    case currentPassword = "current-password"
    case newPassword = "new-password"
    case oneTimeCode = "one-time-code"
    case iban
    case bankAccount = "bank-account"
    case routingNumber = "routing-number"
    case nationalID = "national-id"
    case taxID = "tax-id"
    case dateOfBirth = "date-of-birth"
    case birthDay = "birth-day"
    case birthMonth = "birth-month"
    case birthYear = "birth-year"
    case securityAnswer = "security-answer"
    case pin
    case giftCardNumber = "gift-card-number"
    case giftCardPIN = "gift-card-pin"
    case seedPhrase = "seed-phrase"
    case search
    case quantity
    case coupon
    case postalCode = "postal-code"
    case comment

    /// True for the classes whose content is private; false for the readable ones.
    public var isSensitive: Bool {
        switch self {
        case .search, .quantity, .coupon, .postalCode, .comment: false
        default: true
        }
    }

    /// True when the reference level (standard) masks the class without being asked: every sensitive
    /// class but the cardholder's name, which is personal data the agent often needs to read back.
    public var isMaskedByDefault: Bool { isSensitive && self != .cardholderName }

    /// The class's name as a reviewer reads it ("card expiry month").
    public var title: String { rawValue.replacingOccurrences(of: "-", with: " ") }

    /// The whole value this class is part of: a card number for its parts, an expiry for its month.
    public var whole: FieldClass {
        switch self {
        case .cardNumberPart: .cardNumber
        case .cardExpiryMonth, .cardExpiryYear: .cardExpiry
        case .birthDay, .birthMonth, .birthYear: .dateOfBirth
        default: self
        }
    }

    public static func < (lhs: FieldClass, rhs: FieldClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One piece of evidence the classifier used.
public struct FieldSignal: Sendable, Hashable, CustomStringConvertible {
    /// Where the evidence came from.
    public enum Source: String, Sendable, Hashable, Codable {
        case autocomplete, type, name, id, label, ariaLabel = "aria-label", ariaLabelledBy = "aria-labelledby", title,
            placeholder
        case inferredLabel = "inferred label", previousCell = "previous cell", columnHeader = "column header", legend
        case options, group, position, shape
    }

    public var source: Source
    /// The text that matched, shortened (a label, a name, an autocomplete token), or what the structure showed.
    public var evidence: String
    /// How much it weighed.
    public var weight: Double

    public init(source: Source, evidence: String, weight: Double) {
        self.source = source
        self.evidence = evidence
        self.weight = weight
    }

    public var description: String { "\(source.rawValue) '\(evidence)'" }
}

/// The classifier's answer for one control.
public struct FieldClassification: Sendable, Hashable {
    public var fieldClass: FieldClass
    /// From 0 to 1: how much evidence agreed.
    public var confidence: Double
    /// The evidence for the class, strongest first.
    public var signals: [FieldSignal]
    /// Notes on evidence that was weighed down (a label that points at the wrong field).
    public var notes: [String]

    public init(fieldClass: FieldClass, confidence: Double, signals: [FieldSignal], notes: [String] = []) {
        self.fieldClass = fieldClass
        self.confidence = confidence
        self.signals = signals
        self.notes = notes
    }

    /// The class and its strongest signal, as the audit trail and `inspect` name the rule: `card-number (label 'Kartennummer')`.
    public var rule: String {
        signals.first.map { "\(fieldClass.rawValue) (\($0))" } ?? fieldClass.rawValue
    }
}
