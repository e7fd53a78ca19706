/// The kinds of sensitive data the detectors recognise in text nobody tagged.
public enum DetectorClass: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// A payment card number (PCI DSS primary account number).
    case cardNumber = "card-number"
    /// An international bank account number.
    case iban
    /// A US social security number.
    case usSSN = "us-ssn"
    /// A UK National Insurance number.
    case ukNINO = "uk-nino"
    /// A Swiss AHV/AVS social security number.
    case swissAHV = "ch-ahv"
    /// A German tax identification number (Steuer-ID, IdNr).
    case germanTaxID = "de-tax-id"
    /// An e-mail address.
    case email
    /// A phone number.
    case phone
    /// A date next to words about birth.
    case dateOfBirth = "date-of-birth"
    /// A 4–8 digit code next to words about verification codes.
    case oneTimeCode = "one-time-code"
    /// An API key, token or private key in a well-known format.
    case secret
    /// A cryptocurrency wallet address with a valid checksum.
    case cryptoWallet = "crypto-wallet"
    /// A diagnosis code or condition next to words about health.
    case healthData = "health-data"
    /// An IPv4 or IPv6 address (personal data under GDPR: it singles out a device or a network).
    case ipAddress = "ip-address"

    /// True when the class has a structural validator (check digits, checksums, issuance rules) besides context.
    public var hasValidator: Bool {
        switch self {
        case .cardNumber, .iban, .usSSN, .ukNINO, .swissAHV, .germanTaxID, .email, .secret, .cryptoWallet, .dateOfBirth,
            .ipAddress:
            true
        case .phone, .oneTimeCode, .healthData: false
        }
    }

    public static func < (lhs: DetectorClass, rhs: DetectorClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One piece of sensitive data a detector found.
public struct DetectorHit: Sendable, Hashable {
    public var detectorClass: DetectorClass
    /// Where it is, as UTF-8 byte offsets into the scanned text.
    public var range: Range<Int>
    /// The value in a canonical form (separators dropped, letters uppercased for numbers and codes), for comparing with planted values.
    public var canonical: String
    /// How sure the detector is, from 0 to 1: the validator sets the base, context words raise it.
    public var confidence: Double
    /// What made the detector sure: the check that passed and the context word, if any.
    public var reason: String

    /// Creates a hit.
    public init(detectorClass: DetectorClass, range: Range<Int>, canonical: String, confidence: Double, reason: String)
    {
        self.detectorClass = detectorClass
        self.range = range
        self.canonical = canonical
        self.confidence = confidence
        self.reason = reason
    }
}
