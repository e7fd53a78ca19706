import Detectors

/// Checks that a planted value is a well-formed member of its class, so a typo cannot silently change what is measured.
///
/// Card numbers and IBANs must pass their check digits (an error otherwise);
/// other classes get plausibility checks whose failures are warnings.
public enum ValueValidators {
    /// The outcome of checking one value.
    public enum Verdict: Sendable, Equatable {
        case valid
        case warning(String)
        case error(String)
    }

    /// Checks `value` against the rules of `dataClass`. A value a detector's validator accepts as that class is valid:
    /// the checks below never reject what the analysis would recognise; they explain what it would not.
    public static func check(_ value: String, as dataClass: DataClass) -> Verdict {
        if let classes = detectorClasses[dataClass], !validated.validatedClasses(of: value).isDisjoint(with: classes) {
            return .valid
        }
        switch dataClass {
        case .cardNumber: return checkCardNumber(value)
        case .iban: return checkIBAN(value)
        case .cardSecurityCode:
            let digits = value.filter(\.isASCIIDigit)
            return digits.count == value.count && (3...4).contains(digits.count)
                ? .valid : .error("a card security code has 3 or 4 digits")
        case .cardExpiry:
            return value.wholeMatch(of: /(0[1-9]|1[0-2])\s*\/\s*(\d{2}|\d{4})/) != nil
                ? .valid : .warning("a card expiry is written MM/YY or MM/YYYY")
        case .oneTimeCode:
            let digits = value.filter(\.isASCIIDigit)
            return digits.count == value.filter { !$0.isWhitespace && $0 != "-" }.count
                && (4...8).contains(digits.count)
                ? .valid : .warning("a one-time code has 4 to 8 digits")
        case .nationalID: return checkNationalID(value)
        case .email:
            return value.wholeMatch(of: /[^@\s]+@[^@\s]+\.[A-Za-z]{2,}/) != nil
                ? .valid : .warning("not an e-mail address")
        case .phone:
            return value.filter(\.isASCIIDigit).count >= 6 ? .valid : .warning("a phone number has at least 6 digits")
        case .dateOfBirth:
            return value.contains(/\d{1,4}[.\/-]\d{1,2}[.\/-]\d{1,4}/) || value.contains(/\d{4}/)
                ? .valid : .warning("not a recognisable date")
        case .cryptoWallet:
            return DetectorSet(classes: [.cryptoWallet]).scan(value).first?.range == 0..<value.utf8.count
                ? .valid : .warning("not a checksummed wallet address (Bitcoin Base58Check or Bech32, Ethereum EIP-55)")
        case .ipAddress:
            return DetectorSet(classes: [.ipAddress]).validatedClasses(of: value).isEmpty
                ? .warning("not an IPv4 or IPv6 address") : .valid
        case .password, .bankAccount, .healthData, .postalAddress, .secret, .seedPhrase, .other:
            return value.trimmingWhitespace().isEmpty ? .error("the value is empty") : .valid
        }
    }

    /// The detector classes that recognise a planted class.
    package static let detectorClasses: [DataClass: Set<DetectorClass>] = [
        .cardNumber: [.cardNumber], .iban: [.iban], .nationalID: [.usSSN, .ukNINO, .swissAHV, .germanTaxID],
        .email: [.email],
        .phone: [.phone], .dateOfBirth: [.dateOfBirth], .cryptoWallet: [.cryptoWallet], .secret: [.secret],
        .oneTimeCode: [.oneTimeCode],
        .healthData: [.healthData], .ipAddress: [.ipAddress],
    ]

    package static let validated = DetectorSet()

    /// Luhn mod-10 over the digits of a card number, with 13–19 digits and only spaces or dashes between them.
    package static func checkCardNumber(_ value: String) -> Verdict {
        guard value.allSatisfy({ $0.isASCIIDigit || $0 == " " || $0 == "-" }) else {
            return .error("a card number holds digits, spaces and dashes only")
        }
        let digits = value.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count) else {
            return .error("a card number has 13 to 19 digits, this one has \(digits.count)")
        }
        guard luhn(digits) else {
            return .error("the card number fails the Luhn check; use a test number such as 4111 1111 1111 1111")
        }
        return .valid
    }

    /// The Luhn checksum (ISO/IEC 7812-1).
    public static func luhn(_ digits: [Int]) -> Bool {
        digits.allSatisfy { (0...9).contains($0) } && Checksums.luhn(digits.map { UInt8($0) })
    }

    /// Country length and the ISO 7064 mod-97 check.
    package static func checkIBAN(_ value: String) -> Verdict {
        let compact = value.filter { !$0.isWhitespace }.uppercased()
        guard compact.allSatisfy({ $0.isASCIIDigit || ("A"..."Z").contains($0) }), compact.count >= 5 else {
            return .error("an IBAN holds letters and digits only, e.g. CH93 0076 2011 6238 5295 7")
        }
        let country = String(compact.prefix(2))
        if let length = Checksums.ibanLengths[country], compact.count != length {
            return .error("an IBAN from \(country) has \(length) characters, this one has \(compact.count)")
        }
        guard mod97(compact) == 1 else {
            return .error("the IBAN's check digits are wrong (mod-97 check fails)")
        }
        return .valid
    }

    package static func mod97(_ iban: String) -> Int { Checksums.ibanRemainder(Array(iban.utf8)) }

    /// Recognised national IDs must pass their own rules; unrecognised formats are a warning.
    package static func checkNationalID(_ value: String) -> Verdict {
        if value.wholeMatch(of: /[0-9]{3}-[0-9]{2}-[0-9]{4}/) != nil {
            let parts = value.split(separator: "-").map { Int($0)! }
            if parts[0] == 0 || parts[0] == 666 || parts[0] >= 900 || parts[1] == 0 || parts[2] == 0 {
                return .error(
                    "not a valid US SSN: area 000, 666 and 900–999, group 00 and serial 0000 are never issued")
            }
            return .valid
        }
        // AHV numbers have 13 digits; a German tax ID (11 digits) may start with 756 too.
        if value.hasPrefix("756"), value.filter(\.isASCIIDigit).count != 11 {
            let digits = value.filter(\.isASCIIDigit).compactMap(\.wholeNumberValue)
            guard value.wholeMatch(of: /756\.?[0-9]{4}\.?[0-9]{4}\.?[0-9]{2}/) != nil, digits.count == 13 else {
                return .error("a Swiss AHV number is written 756.xxxx.xxxx.xx")
            }
            return ean13(digits) ? .valid : .error("the AHV number's check digit is wrong (EAN-13)")
        }
        let digits = value.filter(\.isASCIIDigit).compactMap(\.wholeNumberValue).map { UInt8($0) }
        if digits.count == 11, value.allSatisfy({ $0.isASCIIDigit || $0 == " " }) {
            return Checksums.germanTaxID(digits)
                ? .valid : .error("not a valid German tax ID (Steuer-ID): its check digit or digit pattern is wrong")
        }
        if value.wholeMatch(of: /[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]/) != nil {
            return DetectorSet(classes: [.ukNINO]).scan(value).isEmpty
                ? .error("not a valid UK National Insurance number: HMRC never issues this prefix") : .valid
        }
        return .warning(
            "not a recognised national ID format (US SSN, Swiss AHV, German Steuer-ID, UK NINO); it is not checked")
    }

    /// The EAN-13 check digit: weights 1 and 3 alternating from the left.
    package static func ean13(_ digits: [Int]) -> Bool {
        digits.allSatisfy { (0...9).contains($0) } && Checksums.ean13(digits.map { UInt8($0) })
    }
}

extension Character {
    package var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    package func trimmingWhitespace() -> String {
        // Only the white space at either end is walked: a long value typed key by key is trimmed at every key.
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
