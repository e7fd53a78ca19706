import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

@Suite("Planted value checks")
struct ValueValidatorTests {
    @Test(arguments: [
        "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005", "6011111111111117", "4000056655665556",
    ])
    func validCardNumbers(_ number: String) {
        #expect(ValueValidators.check(number, as: .cardNumber) == .valid)
    }

    @Test(arguments: [
        ("4111 1111 1111 1112", "the card number fails the Luhn check; use a test number such as 4111 1111 1111 1111"),
        ("4111 1111 1111", "a card number has 13 to 19 digits, this one has 12"),
        ("4111.1111.1111.1111", "a card number holds digits, spaces and dashes only"),
    ])
    func invalidCardNumbers(_ number: String, _ message: String) {
        #expect(ValueValidators.check(number, as: .cardNumber) == .error(message))
    }

    @Test(arguments: [
        "CH93 0076 2011 6238 5295 7", "DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19",
        "AT611904300234573201", "de89370400440532013000",
    ])
    func validIBANs(_ iban: String) {
        #expect(ValueValidators.check(iban, as: .iban) == .valid)
    }

    @Test(arguments: [
        ("CH94 0076 2011 6238 5295 7", "the IBAN's check digits are wrong (mod-97 check fails)"),
        ("DE89 3704 0044 0532 0130", "an IBAN from DE has 22 characters, this one has 20"),
        ("CH93-0076", "an IBAN holds letters and digits only, e.g. CH93 0076 2011 6238 5295 7"),
    ])
    func invalidIBANs(_ iban: String, _ message: String) {
        #expect(ValueValidators.check(iban, as: .iban) == .error(message))
    }

    @Test func nationalIDs() {
        #expect(ValueValidators.check("123-45-6789", as: .nationalID) == .valid)
        #expect(
            ValueValidators.check("666-45-6789", as: .nationalID)
                == .error("not a valid US SSN: area 000, 666 and 900–999, group 00 and serial 0000 are never issued"))
        #expect(ValueValidators.check("756.1234.5678.97", as: .nationalID) == .valid)
        #expect(
            ValueValidators.check("756.1234.5678.90", as: .nationalID)
                == .error("the AHV number's check digit is wrong (EAN-13)"))
        #expect(ValueValidators.check("AB123456C", as: .nationalID) == .valid)
        #expect(
            ValueValidators.check("QQ123456C", as: .nationalID)
                == .error("not a valid UK National Insurance number: HMRC never issues this prefix"))
        #expect(ValueValidators.check("86095742719", as: .nationalID) == .valid)
        #expect(
            ValueValidators.check("75613384920", as: .nationalID) == .valid,
            "a Steuer-ID that starts like an AHV number")
        #expect(
            ValueValidators.check("86095742718", as: .nationalID)
                == .error("not a valid German tax ID (Steuer-ID): its check digit or digit pattern is wrong"))
        #expect(
            ValueValidators.check("X-12-Y", as: .nationalID)
                == .warning(
                    "not a recognised national ID format (US SSN, Swiss AHV, German Steuer-ID, UK NINO); it is not checked"
                ))
    }

    @Test func walletAddressesMustCarryTheirChecksum() {
        #expect(ValueValidators.check("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", as: .cryptoWallet) == .valid)
        #expect(
            ValueValidators.check("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", as: .cryptoWallet)
                == .warning("not a checksummed wallet address (Bitcoin Base58Check or Bech32, Ethereum EIP-55)"))
    }

    @Test func otherClasses() {
        #expect(ValueValidators.check("737", as: .cardSecurityCode) == .valid)
        #expect(ValueValidators.check("73", as: .cardSecurityCode) == .error("a card security code has 3 or 4 digits"))
        #expect(ValueValidators.check("09/28", as: .cardExpiry) == .valid)
        #expect(
            ValueValidators.check("13/28", as: .cardExpiry) == .warning("a card expiry is written MM/YY or MM/YYYY"))
        #expect(ValueValidators.check("482 913", as: .oneTimeCode) == .valid)
        #expect(ValueValidators.check("48", as: .oneTimeCode) == .warning("a one-time code has 4 to 8 digits"))
        #expect(ValueValidators.check("lea.meier@example.ch", as: .email) == .valid)
        #expect(ValueValidators.check("lea.meier", as: .email) == .warning("not an e-mail address"))
        #expect(ValueValidators.check("+41 79 555 12 34", as: .phone) == .valid)
        #expect(ValueValidators.check("14.03.1985", as: .dateOfBirth) == .valid)
        #expect(ValueValidators.check("   ", as: .password) == .error("the value is empty"))
    }
}

@Suite("YAML alias scanner")
struct YAMLAliasScannerTests {
    @Test(arguments: [
        ("a: &x 1\nb: *x\n", Position(line: 2, column: 4)),
        ("list:\n  - &x one\n  - *x\n", Position(line: 3, column: 5)),
        ("flow: [&x 1, *x]\n", Position(line: 1, column: 14)),
        ("map: {a: &x 1, b: *x}\n", Position(line: 1, column: 19)),
        ("? *key\n: value\n", Position(line: 1, column: 3)),
        ("*x : value\n", Position(line: 1, column: 1)),
        // What a line scanner got wrong (hostile testing): other line breaks after a comment, flow mappings
        // without a space after the colon, a plain value ending in `|` or `>` inside a list entry.
        ("# c\r\na: &x 1\r\nb: *x\r\n", Position(line: 3, column: 4)),
        ("# c\ra: &x 1\rb: *x\r", Position(line: 3, column: 4)),
        ("# c\u{85}a: &x 1\u{85}b: *x\n", Position(line: 3, column: 4)),
        ("# c\u{2028}a: &x 1\u{2028}b: *x\n", Position(line: 3, column: 4)),
        ("# c\u{2029}a: &x 1\u{2029}b: *x\n", Position(line: 3, column: 4)),
        ("a0: &a0 1\na1: &a1 {\"k0\":*a0,\"k1\":*a0}\n", Position(line: 2, column: 15)),
        ("list:\n  - t: x |\n  - &x y\n  - *x\n", Position(line: 4, column: 5)),
        ("list:\n  - t: x >\n  - &x y\n  - *x\n", Position(line: 4, column: 5)),
    ])
    func findsAliases(_ yaml: String, _ position: Position) {
        #expect(YAMLAliasScanner.firstAlias(in: yaml) == position)
    }

    @Test(arguments: [
        "text: 5 * 3 = 15\n",
        "text: a*b\n",
        "quoted: \"*not an alias\"\n",
        "single: '*not'' an alias'\n",
        "comment: value # *not an alias\n",
        "summary: |\n  *emphasis* in a block\n  - *also text\nnext: ok\n",
        "folded: >-\n  *text*\n",
        "multi: \"line one\n  *still quoted\"\n",
        "anchor: &only-an-anchor value\n",
    ])
    func ignoresTextThatIsNoAlias(_ yaml: String) {
        #expect(YAMLAliasScanner.firstAlias(in: yaml) == nil)
    }
}

@Suite("Value checks on hostile values")
struct HostileValueTests {
    @Test(arguments: ["万千百十一二三四五六七", "١٢٣-٤٥-٦٧٨٩", "756.١٢٣٤.٥٦٧٨.٩٧", "756万1234.5678.97", "４１１１ １１１１ １１１１ １１１１"])
    func nonASCIIDigitsAreRejectedNotCrashedOn(_ value: String) {
        for dataClass in [DataClass.nationalID, .cardNumber, .iban, .oneTimeCode] {
            #expect(ValueValidators.check(value, as: dataClass) != .valid)
        }
        #expect(!ValueValidators.luhn([10_000, 1, 2]))
    }
}

@Suite("Planted values and the detectors agree")
struct ValueValidatorDetectorTests {
    /// Whatever a detector recognises as a class validates as that class: an SSN written without dashes (which a page
    /// shows next to "SSN") is one; so is a Swiss AHV number without dots.
    @Test(arguments: [
        ("219448127", DataClass.nationalID), ("219 44 8127", .nationalID), ("7561234567897", .nationalID),
        ("AB 12 34 56 C", .nationalID),
        ("+41 44 300 11 22", .phone), ("4111-1111-1111-1111", .cardNumber), ("lea.meier@example.ch", .email),
    ])
    func whatADetectorRecognisesValidates(_ value: String, _ dataClass: DataClass) {
        #expect(ValueValidators.check(value, as: dataClass) == .valid, "\(value)")
    }

    @Test func invalidNumbersStayInvalid() {
        #expect(ValueValidators.check("666-12-3456", as: .nationalID) != .valid)
        #expect(ValueValidators.check("000448127", as: .nationalID) != .valid)
    }
}
