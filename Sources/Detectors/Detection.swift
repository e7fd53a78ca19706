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

extension DetectorHit {
    /// True when the value is one the standards reserve for examples: an e-mail at a documentation domain (RFC 2606,
    /// RFC 6761), an address in a documentation range (RFC 5737, RFC 3849), a fictional phone number (NANP 555-0100
    /// to 0199, Ofcom's drama ranges), a card processors publish for testing. As a form's placeholder it shows what
    /// to type, not anyone's data.
    public var isDocumentationExample: Bool {
        switch detectorClass {
        case .email:
            guard let at = canonical.lastIndex(of: "@") else { return false }
            let domain = canonical[canonical.index(after: at)...].lowercased()
            if ["example.com", "example.net", "example.org", "localhost"].contains(domain) { return true }
            return [".example", ".test", ".invalid", ".localhost", ".example.com", ".example.net", ".example.org"]
                .contains { domain.hasSuffix($0) }
        case .ipAddress:
            let address = canonical.lowercased()
            return ["192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:", "2001:0db8:"].contains {
                address.hasPrefix($0)
            }
        case .phone:
            let digits = canonical.filter { $0.isASCII && $0.isNumber }
            let national = digits.count == 11 && digits.hasPrefix("1") ? String(digits.dropFirst()) : digits
            if national.count == 10, let first = national.first, first >= "2",
                national.dropFirst(3).hasPrefix("55501")
            {
                return true
            }
            let uk = digits.hasPrefix("44") ? "0" + digits.dropFirst(2) : digits
            return uk.hasPrefix("07700900") || uk.hasPrefix("02079460") || uk.hasPrefix("01632960")
        case .cardNumber:
            return Self.testCards.contains(canonical.filter { $0.isASCII && $0.isNumber })
        default:
            return false
        }
    }

    /// Card numbers the card processors' documentation gives for testing (Stripe, Adyen, Braintree, PayPal).
    static let testCards: Set<String> = [
        "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556", "5555555555554444",
        "5105105105105100", "5200828282828210", "2223003122003222", "378282246310005", "371449635398431",
        "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904",
        "38520000023237", "6200000000000005",
    ]
}
