import Detectors
import Fields

/// The kinds of sensitive data a scenario can plant, named after the standards that define them.
public enum DataClass: String, Sendable, Hashable, CaseIterable, Codable {
    /// PCI DSS primary account number.
    case cardNumber = "card-number"
    /// PCI DSS sensitive authentication data: CVV/CVC.
    case cardSecurityCode = "card-security-code"
    /// Card expiry date.
    case cardExpiry = "card-expiry"
    /// International bank account number.
    case iban
    /// A domestic bank account number (not an IBAN).
    case bankAccount = "bank-account"
    /// A password or passphrase.
    case password
    /// A one-time code (SMS, authenticator, e-mail).
    case oneTimeCode = "one-time-code"
    /// A national identifier: US SSN, Swiss AHV, German tax ID, UK NINO, ...
    case nationalID = "national-id"
    /// A date of birth.
    case dateOfBirth = "date-of-birth"
    /// GDPR Art. 9 / HIPAA health data.
    case healthData = "health-data"
    /// A postal address.
    case postalAddress = "postal-address"
    /// An e-mail address.
    case email
    /// A phone number.
    case phone
    /// An API key, token or other secret.
    case secret
    /// A wallet's recovery (seed) phrase.
    case seedPhrase = "seed-phrase"
    /// A cryptocurrency wallet address.
    case cryptoWallet = "crypto-wallet"
    /// An IPv4 or IPv6 address.
    case ipAddress = "ip-address"
    /// Anything else; the scenario gives its impact.
    case other

    /// The impact an exposure of the full value has unless the scenario says otherwise (see docs/SCORING.md).
    ///
    /// Very high: what lets someone act as the customer at once (PCI DSS sensitive authentication data,
    /// credentials, one-time codes, secrets, seed phrases). High: identifiers and special categories whose
    /// exposure is reportable (PCI DSS account data, national IDs, GDPR Art. 9 health data, bank accounts).
    /// Medium: contact and personal data (NIST SP 800-122 "linkable" identifiers). Low: network identifiers (an IP
    /// address is personal data under GDPR, but gives neither a way to reach the customer nor to act as them).
    public var defaultImpact: Impact {
        switch self {
        case .ipAddress: .low
        case .cardSecurityCode, .password, .oneTimeCode, .secret, .seedPhrase: .veryHigh
        case .cardNumber, .iban, .bankAccount, .nationalID, .healthData: .high
        case .cardExpiry, .dateOfBirth, .postalAddress, .email, .phone, .cryptoWallet, .other: .medium
        }
    }
}

/// How much harm an exposure of a value does, whatever the channel: the impact axis of the rating.
public enum Impact: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case low, medium, high
    case veryHigh = "very-high"

    package var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Impact, rhs: Impact) -> Bool { lhs.rank < rhs.rank }

    /// One tier lower, for a partial exposure; never below low.
    public var lowered: Impact { Self.allCases[max(0, rank - 1)] }
}

/// How serious a finding is: impact × likelihood, in five levels (the scheme Threagile uses).
/// A coding key too, so a count per severity encodes as an object (with sorted keys, the same bytes every run) rather
/// than as a list in the dictionary's per-process order.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable, CodingKeyRepresentable, Comparable {
    case low, medium, elevated, high, critical

    package var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

extension DataClass {
    /// The class of what a detector found (the national-ID detectors all find `national-id`).
    public init(_ detectorClass: DetectorClass) {
        switch detectorClass {
        case .cardNumber: self = .cardNumber
        case .iban: self = .iban
        case .usSSN, .ukNINO, .swissAHV, .germanTaxID: self = .nationalID
        case .email: self = .email
        case .phone: self = .phone
        case .dateOfBirth: self = .dateOfBirth
        case .oneTimeCode: self = .oneTimeCode
        case .secret: self = .secret
        case .cryptoWallet: self = .cryptoWallet
        case .healthData: self = .healthData
        case .ipAddress: self = .ipAddress
        }
    }
}

extension DataClass {
    /// The class of what a field of `fieldClass` holds; nil for the readable classes (search, quantity, …).
    public init?(field fieldClass: FieldClass) {
        switch fieldClass.whole {
        case .cardNumber, .giftCardNumber: self = .cardNumber
        case .cardExpiry: self = .cardExpiry
        case .cardSecurityCode: self = .cardSecurityCode
        case .currentPassword, .newPassword, .pin, .giftCardPIN, .securityAnswer: self = .password
        case .oneTimeCode: self = .oneTimeCode
        case .iban: self = .iban
        case .bankAccount, .routingNumber: self = .bankAccount
        case .nationalID, .taxID: self = .nationalID
        case .dateOfBirth: self = .dateOfBirth
        case .seedPhrase: self = .seedPhrase
        case .cardholderName: self = .other
        default: return nil
        }
    }
}
