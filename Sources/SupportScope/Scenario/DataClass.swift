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
    /// Anything else; the scenario gives its severity.
    case other

    /// The severity an exposure of this class carries unless the scenario says otherwise.
    public var defaultSeverity: Severity {
        switch self {
        case .cardNumber, .cardSecurityCode, .password, .oneTimeCode, .secret, .seedPhrase: .critical
        case .iban, .bankAccount, .nationalID, .healthData: .high
        case .cardExpiry, .dateOfBirth, .postalAddress: .medium
        case .email, .phone: .low
        case .other: .medium
        }
    }
}

/// How serious an exposure is, from informational to critical.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
