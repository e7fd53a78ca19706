import Foundation
import Testing

@testable import Detectors

@Suite("Checksums against published vectors")
struct ChecksumTests {
    func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test func hashesMatchTheirStandardsTestVectors() {
        #expect(
            hex(Checksums.sha256(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex(Checksums.keccak256([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Checksums.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test(arguments: [
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55ExamplesPass(_ address: String) {
        #expect(Checksums.eip55(Array(address.utf8)))
        #expect(
            !Checksums.eip55(
                Array(
                    (address.prefix(39)
                        + (address.last!.isUppercase ? address.last!.lowercased() : address.last!.uppercased())).utf8))
                || !address.last!.isLetter)
    }

    @Test func bitcoinAddressesFromTheBIPsPass() {
        #expect(Checksums.bech32(Array("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4".utf8)))
        #expect(!Checksums.bech32(Array("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5".utf8)))
        let decoded = Checksums.base58Decode(Array("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2".utf8))!
        #expect(decoded.count == 25 && Checksums.base58Check(decoded))
    }

    @Test func nationalNumbersFromOfficialExamplesPass() {
        #expect(Checksums.ean13([7, 5, 6, 9, 2, 1, 7, 0, 7, 6, 9, 8, 5]))
        #expect(Checksums.germanTaxID([8, 6, 0, 9, 5, 7, 4, 2, 7, 1, 9]))
        #expect(!Checksums.germanTaxID([8, 6, 0, 9, 5, 7, 4, 2, 7, 1, 8]))
        #expect(Checksums.ibanRemainder(Array("GB82WEST12345698765432".utf8)) == 1)
        #expect(Checksums.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    }
}

@Suite("Detectors on realistic text")
struct DetectorTests {
    func classes(_ text: String) -> [DetectorClass] { DetectorSet.all.scan(text).map(\.detectorClass) }

    @Test func aCheckoutPageYieldsEachValueOnceWithExactByteRanges() {
        let page = """
            <form id="checkout"><label for="cc">Kartennummer</label>
            <input id="cc" autocomplete="cc-number" value="4111 1111 1111 1111"> <input name="cvc" value="737">
            <p>Rückfragen: anna.mueller@example.ch oder Tel. 044 668 18 00</p>
            <!-- payout: CH93 0076 2011 6238 5295 7 --></form>
            """
        let hits = DetectorSet.all.scan(page)
        #expect(hits.map(\.detectorClass) == [.cardNumber, .email, .phone, .iban])
        let bytes = Array(page.utf8)
        for hit in hits {
            let text = String(decoding: bytes[hit.range], as: UTF8.self)
            #expect(
                ["4111 1111 1111 1111", "anna.mueller@example.ch", "044 668 18 00", "CH93 0076 2011 6238 5295 7"]
                    .contains(text))
        }
        #expect(hits[0].canonical == "4111111111111111")
        #expect(hits[3].canonical == "CH9300762011623852957")
    }

    @Test func contextRaisesConfidenceAndItsAbsenceKeepsContextOnlyClassesQuiet() {
        let bare = DetectorSet.all.scan("4111 1111 1111 1111")
        let named = DetectorSet.all.scan("Card number 4111 1111 1111 1111")
        #expect(bare.first!.confidence < named.first!.confidence)
        #expect(classes("Order 482913 shipped") == [])
        #expect(classes("Your verification code is 482913") == [.oneTimeCode])
        #expect(classes("482913 is your login code") == [.oneTimeCode])
        #expect(classes("Postal code 8004") == [])
        #expect(classes("Invoice date 14.03.1985") == [])
        #expect(classes("Geburtsdatum: 14.03.1985") == [.dateOfBirth])
    }

    @Test func keystrokePrefixesAndMasksAreNotCards() {
        #expect(classes("4111 1111 1111") == [])
        #expect(classes("•••• •••• •••• 1111") == [])
        #expect(classes("411111******1111") == [])
    }

    @Test func secretsAreRecognisedByFormatAndChecksum() {
        #expect(classes("token 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") == [.secret])
        #expect(
            classes("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----")
                == [.secret])
        #expect(classes("AKIAIOSFODNN7EXAMPLE") == [])
    }

    @Test func offsetsCountUTF8BytesInTextWithUmlauts() {
        let text = "Prüfnummer für Zürich: IBAN DE89 3704 0044 0532 0130 00"
        let hit = DetectorSet.all.scan(text).first!
        #expect(String(decoding: Array(text.utf8)[hit.range], as: UTF8.self) == "DE89 3704 0044 0532 0130 00")
    }

    @Test func aRestrictedSetReportsOnlyItsClasses() {
        let set = DetectorSet(classes: [.email])
        #expect(set.scan("mail anna@example.com card 4111 1111 1111 1111").map(\.detectorClass) == [.email])
    }
}

@Suite("Detectors on hostile input")
struct DetectorRobustnessTests {
    /// Fragments that start candidates of every class, cut and glued at random: every truncation point is an edge case.
    static let fragments = [
        "4111", " ", "-", ".", "/", "1111", "+41", "(", ")", "756.", "9217", "CH93", "0076", "DE89", "AB", "12", "C",
        "@", "example", ".ch",
        "ghp_", "sk_live_", "AKIA", "AIza", "SG.", "eyJ", "xoxb-", "-----BEGIN ", "PRIVATE KEY-----", "bc1q", "0x",
        "5aAeb6053F3E94C9b9A0",
        "1BvBMSEYst", "code ", "Geburtsdatum ", "E11.9", "diabetes", "patient ", "ü", "\u{A0}", "\n", "Ä", "•", "0",
        "9", "Z",
    ]

    @Test func randomGluedFragmentsNeverCrashAndEveryRangeIsInBounds() {
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<(next() % 24) { text += Self.fragments[next() % Self.fragments.count] }
            let length = text.utf8.count
            for hit in DetectorSet.all.scan(text) {
                #expect(hit.range.lowerBound >= 0 && hit.range.upperBound <= length && !hit.range.isEmpty, "\(text)")
                #expect((0...1).contains(hit.confidence))
            }
        }
    }

    @Test func emptyAndOneByteInputsGiveNothing() {
        for text in ["", "4", "@", "-", "+", "(", "A", "ghp_", "-----BEGIN "] {
            #expect(DetectorSet.all.scan(text).isEmpty)
        }
    }
}

@Suite("Detectors stay linear on crafted input")
struct DetectorLinearityTests {
    /// Each input repeats a prefix that starts a candidate whose body may contain the next repeat; a scanner
    /// that re-read the rest of the text at every repeat would take minutes on these 400 KB, not milliseconds.
    @Test(arguments: [
        "xoxb-", "AIza-", "glpat-", "eyJ-", "eyJ.", "SG.", "-----BEGIN ", "ghp_", "sk_live_", "0x", "bc1", "CH93 ",
        "+41 ", "a@",
    ])
    func repeatedCandidatePrefixesFinish(_ prefix: String) {
        let text = String(repeating: prefix, count: 400_000 / prefix.utf8.count)
        _ = DetectorSet.all.scan(text)
    }

    @Test func aPrivateKeyWithTheSecretClassSwitchedOffDoesNotLoop() {
        let text = "key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\nmail lea@example.ch"
        #expect(DetectorSet(classes: [.email]).scan(text).map(\.detectorClass) == [.email])
    }
}

@Suite("Detector shapes added after measuring on Faker's corpus")
struct DetectorShapeTests {
    static func hits(_ text: String) -> [(DetectorClass, String)] {
        DetectorSet.all.scan(text).map { hit in
            let bytes = Array(text.utf8)[hit.range]
            return (hit.detectorClass, String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func cardsOfEveryLengthTheNetworksIssueAndTheLongestReadingFirst() {
        // A 12-digit Maestro is a card only beside a card word; a 15-digit JCB 2131 always.
        #expect(Self.hits("Card number 501234567896 on file").map(\.1) == ["501234567896"])
        #expect(Self.hits("Order 501234567896 shipped").isEmpty)
        #expect(Self.hits("charge 213112345678904 please").map(\.0) == [.cardNumber])
        // The whole 16-digit Discover, not a 12-digit Maestro and four digits more.
        #expect(Self.hits("Card 6011 0000 0000 0004 expires").map(\.1) == ["6011 0000 0000 0004"])
        // Outside every published range: a card beside a card word (16–19 digits), never an IMEI or a barcode.
        #expect(Self.hits("Kartennummer: 3504000000000120").map(\.0) == [.cardNumber])
        #expect(Self.hits("Reference 3504000000000120").isEmpty)
        #expect(Self.hits("SIM card IMEI 3504000000000120").isEmpty)
    }

    @Test func ibansInLowerCaseAndHyphensButNotHexIdentifiers() {
        #expect(Self.hits("IBAN gb82west12345698765432").map(\.0) == [.iban])
        #expect(Self.hits("send to GB82-WEST-1234-5698-7654-32 today").map(\.1) == ["GB82-WEST-1234-5698-7654-32"])
        // Lower-case hex that happens to pass mod-97 as a Belgian IBAN is a span id without an IBAN word.
        let belgian = "be68539007547034"
        #expect(Self.hits("IBAN " + belgian).map(\.0) == [.iban])
        #expect(Self.hits("span " + belgian + " closed").isEmpty)
    }

    @Test func phonesWithExtensionsTrunksAndWordsAfterThem() {
        #expect(Self.hits("Tel.: 206-555-0183x4411").map(\.1) == ["206-555-0183x4411"])
        #expect(Self.hits("Tel.: +1-604-555-0172 ext. 565").map(\.1) == ["+1-604-555-0172 ext. 565"])
        #expect(Self.hits("Contact: +41 (0)44 668 18 00").map(\.1) == ["+41 (0)44 668 18 00"])
        #expect(Self.hits("Handy: (03)85051952").map(\.1) == ["(03)85051952"])
        #expect(Self.hits("0634-931594 (mobile)").map(\.1) == ["0634-931594"])
        #expect(Self.hits("Telefon: 881 748 858").map(\.1) == ["881 748 858"])
        // Beside words that are not a phone's: a date, an IP address, a size, a meeting id, two codes.
        for text in [
            "Office closed on 24.12.2025", "Office router 192.168.100.200", "QR code 1080x1080",
            "Meeting ID 812 3456 7890 - call in", "Call ID 1733412345", "SMS code 482913\n\n482913",
        ] {
            #expect(Self.hits(text).allSatisfy { $0.0 != .phone }, "\(text)")
        }
        #expect(Self.hits("QR code 1080x1080").isEmpty)
    }
}

@Suite("IP addresses")
struct IPAddressTests {
    @Test func addressesInLogsHeadersAndTablesAreFound() {
        let hits = DetectorShapeTests.hits(
            """
            Login from 203.0.113.7 at 09:14; X-Forwarded-For: 198.51.100.23, 10.0.0.12
            <td>2001:db8:85a3::8a2e:370:7334</td> ssh root@[fe80::1ff:fe23:4567:890a]:22
            peer 2a00:1450:4001:82a:0:0:0:200e mapped ::ffff:192.0.2.1 via 64:ff9b::192.0.2.33
            """)
        #expect(hits.map(\.0).allSatisfy { $0 == .ipAddress })
        #expect(
            hits.map(\.1) == [
                "203.0.113.7", "198.51.100.23", "10.0.0.12", "2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
                "2a00:1450:4001:82a:0:0:0:200e", "192.0.2.1", "64:ff9b::192.0.2.33",
            ])
    }

    @Test func versionsTimesMACsAndOIDsAreNot() {
        for text in [
            "Firmware version 7.9.58.284 installed", "Release 10.0.19041.1", "Chrome 120.0.6099.109 (64-bit)",
            "OID 1.3.6.1.4.1.311", "rule 1.2.3.4.5", "libfoo.so.1.2.3.4", "256.1.1.1", "01.02.03.04", "Uptime 12:30:45",
            "MAC 00:1a:2b:3c:4d:5e", "std::vector<int>", "dead::beef", "a::b", "at 09:41",
            "1:2:3:4:5:6:7", "2001:db8::1::2",
        ] {
            #expect(!DetectorShapeTests.hits(text).contains { $0.0 == .ipAddress }, "\(text)")
        }
    }

    @Test func theEvidenceKeepsOnlyTheSeparatorsAndTheReasonNamesSpecialRanges() {
        let hit = DetectorSet.all.scan("router 192.168.1.20")
        #expect(hit.first?.reason == "IPv4 address (private network)")
        #expect(DetectorSet.all.validatedClasses(of: "2001:db8::7") == [.ipAddress])
    }
}

@Suite("Phones through libphonenumber")
struct LibPhoneNumberTests {
    /// libphonenumber is linked when the build found `libphonenumber-dev`; CI installs it, elsewhere these skip.
    static var available: Bool {
        get throws {
            if PhoneNumbering.isAvailable { return true }
            if ProcessInfo.processInfo.environment["CI"] != nil {
                throw PhoneLibraryMissing()
            }
            print(
                "notice: test skipped: libphonenumber is not installed (apt-get install libphonenumber-dev, then rebuild)"
            )
            return false
        }
    }

    struct PhoneLibraryMissing: Error, CustomStringConvertible {
        var description: String { "libphonenumber is missing under CI: apt-get install libphonenumber-dev" }
    }

    @Test func internationalNumbersAreCheckedAgainstTheirCountrysPlan() throws {
        guard try Self.available else { return }
        #expect(PhoneNumbering.international("+41446681800") == .init(isValid: true, region: "CH"))
        #expect(PhoneNumbering.international("+12946028383") == .init(isValid: false, region: "ZZ"))
        // Too long for Switzerland: no phone at all, whatever the country code table says.
        #expect(PhoneNumbering.international("+4144668180012345") == nil)
        #expect(DetectorShapeTests.hits("Fax +41 4466 8180 0123 4567").map(\.1) == ["+41 4466 8180 0123"])
        #expect(DetectorShapeTests.hits("Tel +44 20 7946 0958 123 Main Street").map(\.1) == ["+44 20 7946 0958"])
        #expect(DetectorShapeTests.hits("Ref +999 1234 5678 90").isEmpty)
        let hit = try #require(DetectorSet.all.scan("Tel. +41 (0)44 668 18 00").first)
        #expect(hit.reason.contains("valid number for CH"))
    }

    @Test func assignedNationalNumbersNeedOnlyAWordAboutPhones() throws {
        guard try Self.available else { return }
        for (text, number) in [
            ("Call me on 9159-2074 after six.", "9159-2074"), ("Please ring 71 14 12 74 to confirm.", "71 14 12 74"),
            ("Reach the front desk at 0549056933.", "0549056933"), ("Handy: 5702 8110", "5702 8110"),
            ("Call me on 00420 703 612 592 after six.", "00420 703 612 592"),
            ("Call me on (+358) 828393090 after six.", "(+358) 828393090"),
        ] {
            #expect(DetectorShapeTests.hits(text).map(\.1) == [number], "\(text)")
        }
        #expect(PhoneNumbering.validNationalRegion("044 668 18 00") != nil)
        #expect(PhoneNumbering.validNationalRegion("12") == nil)
    }

    @Test func aCodeTwiceOrANumberAfterAnIdIsNoPhone() throws {
        guard try Self.available else { return }
        for text in [
            "Your code is 739204. We will never call you.\n\n739204", "Call ID 1650000000",
            "Meeting ID 123 4567 8901 - call in",
            "Call me on 739204 739204", "Ring 00 12 34",
        ] {
            #expect(!DetectorShapeTests.hits(text).contains { $0.0 == .phone }, "\(text)")
        }
    }
}

@Suite("Context from the page's structure")
struct StructuralContextDetectorTests {
    @Test func wordsFromTheStructureCountAsBeforeTheTextAndNearerWordsWin() {
        #expect(DetectorSet.all.scan("80514275931").isEmpty)
        #expect(DetectorSet.all.scan("80514275931", names: "Steuer-ID").map(\.detectorClass) == [.germanTaxID])
        #expect(
            DetectorSet.all.scan("482913", names: "Bestätigungscode confirmation").map(\.detectorClass) == [
                .oneTimeCode
            ])
        // The field's own name comes last, so it is the nearest word: a postal code, not a code.
        #expect(DetectorSet.all.scan("80331", names: "Bestätigungscode PLZ postal_code").isEmpty)
        // A word in the text itself is nearer than any structural one.
        #expect(DetectorSet.all.scan("Order 482913", names: "verification code").isEmpty)
    }

    @Test func documentationExamplesAreKnownByTheirReservedRanges() {
        func example(_ text: String) -> Bool? { DetectorSet.all.scan(text).first?.isDocumentationExample }
        #expect(example("you@example.com") == true)
        #expect(example("support@shop.example") == true)
        #expect(example("sam.rivera@gmail.com") == false)
        #expect(example("Tel. (415) 555-0142") == true)
        #expect(example("Tel. (415) 555-2671") == false)
        #expect(example("Mobile 07700 900123") == true)
        #expect(example("4111 1111 1111 1111") == true)
        #expect(example("4539 1488 0343 6467") == false)
        #expect(example("from 192.0.2.44") == true)
        #expect(example("from 2001:db8::44") == true)
        #expect(example("from 81.6.40.12") == false)
    }
}

@Suite("Rendering's eight-byte fast path")
struct PlainASCIITests {
    /// The lanes' rule written byte by byte (see `RenderedText.quietWord`).
    func reference(_ word: UInt64, afterDigit: Bool) -> Bool? {
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func mayRun(_ byte: UInt8) -> Bool { byte < 0x2E || byte == 0x5F }
        func isLetterByte(_ byte: UInt8) -> Bool { (0x80...0xBF).contains(byte) || RenderedText.isInertLead(byte) }
        if bytes.contains(where: { $0 >= 0x80 && !isLetterByte($0) || $0 == 0x5C }) { return nil }
        for lane in 0..<8 where (lane == 0 ? afterDigit : isDigit(bytes[lane - 1])) && mayRun(bytes[lane]) {
            let single = bytes[lane] == 0x20 || bytes[lane] == 0x2D
            if !single || lane == 7 || mayRun(bytes[lane + 1]) { return nil }
        }
        return isDigit(bytes[7])
    }

    @Test func theWordTestAgreesWithTheByteTestOnEveryByteInEveryLane() {
        // Letters, digits, digits and spaces, and `ü` (C3 BC) four times.
        let fillers: [UInt64] = [
            0x6161_6161_6161_6161, 0x3131_3131_3131_3131, 0x3120_3120_3120_3120, 0xBCC3_BCC3_BCC3_BCC3,
        ]
        for filler in fillers {
            for lane in 0..<8 {
                for byte in 0...255 {
                    let shift = UInt64(8 * lane)
                    let word = (filler & ~(0xFF << shift)) | (UInt64(byte) << shift)
                    for afterDigit in [false, true] {
                        #expect(
                            RenderedText.quietWord(word, afterDigit: afterDigit)
                                == reference(word, afterDigit: afterDigit), "byte \(byte) in lane \(lane)")
                    }
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Mostly ASCII letters and punctuation, as in a page; then any bytes at all.
            for word in [state & 0x7F7F_7F7F_7F7F_7F7F, state] {
                #expect(RenderedText.quietWord(word, afterDigit: false) == reference(word, afterDigit: false))
                #expect(RenderedText.quietWord(word, afterDigit: true) == reference(word, afterDigit: true))
            }
        }
    }

    /// Every scalar an inert lead byte starts renders as itself: not invisible, not a dash, not read as another
    /// character, not white space. (U+034F, the combining grapheme joiner, led by CD, hid a card number before.)
    @Test func everyScalarOfAnInertLeadRendersAsItself() {
        var skipped = 0
        for value in UInt32(0x80)...0x7FF {
            guard let scalar = Unicode.Scalar(value), RenderedText.isInertLead(UInt8(0xC0 | (value >> 6))) else {
                continue
            }
            skipped += 1
            #expect(
                !RenderedText.isInvisible(scalar) && !RenderedText.isDash(scalar)
                    && RenderedText.fold(scalar) == scalar && !scalar.properties.isWhitespace,
                "U+\(String(value, radix: 16, uppercase: true))")
        }
        #expect(skipped > 1_000)
        // The joiner between a card number's digits, on a page with nothing else to render, is read through.
        #expect(DetectorSet.all.scan("Card 4\u{034F}111 1111 1111 1111").map(\.detectorClass) == [.cardNumber])
    }

    /// The pre-pass decides the same with and without the eight-byte path, on texts dense in what matters to it:
    /// digits, separator runs, dashes, escapes and characters beyond ASCII.
    @Test func theFastPathNeverChangesTheAnswer() {
        let pieces = [
            "4111", " ", "  ", "-", "--", "_", ",", "\t", "\n", "a", "Tel", ".", "/", "\\", "\\3", "\u{00A0}",
            "\u{2013}",
            "\u{200B}", "ü", "\u{FF11}", "7", "(", ")", "%", "é", "×", "ß", "α", "ж", "\u{0661}", "\u{06F1}",
            "\u{07C1}", "\u{034F}",
        ]
        var state: UInt64 = 0x1234_5678_9ABC_DEF0
        var disagreements: [String] = []
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<12 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            var copy = text
            let (fast, slow) = copy.withUTF8 {
                (RenderedText.needsRendering($0), RenderedText.needsRendering($0, wordAtATime: false))
            }
            if fast != slow { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}

@Suite("Review mends: what the negatives and the plan must not hide")
struct ReviewMendTests {
    @Test func aVersionWordMustBeAWholeWordAndAnIdOnlyRulesOutPhones() {
        #expect(DetectorShapeTests.hits("Password updated from 85.195.12.34").map(\.0) == [.ipAddress])
        #expect(DetectorShapeTests.hits("Signed in from Chrome (85.195.12.34)").map(\.1) == ["85.195.12.34"])
        #expect(DetectorShapeTests.hits("Build 4.12.7.1 is out").isEmpty)
        #expect(DetectorShapeTests.hits("Enter the code to confirm your Apple ID: 482913").map(\.0) == [.oneTimeCode])
        #expect(!DetectorShapeTests.hits("Call ID 1650000000").contains { $0.0 == .phone })
    }

    @Test func surroundingsNameAValueButNeverRuleOneOut() {
        // The element's own names can rule a value out; the paragraph before it cannot.
        #expect(DetectorSet.all.scan("80331", names: "PLZ postal_code", surroundings: "Bestätigungscode").isEmpty)
        #expect(
            DetectorSet.all.scan("482913 is your verification code", names: "", surroundings: "Thanks for your order")
                .map(\.detectorClass) == [.oneTimeCode])
        #expect(
            DetectorSet.all.scan("Last sign-in from 85.195.12.34", names: "", surroundings: "Security updates")
                .map(\.detectorClass) == [.ipAddress])
    }

    @Test func aFictionalNumberHasTheNorthAmericanShape() {
        #expect(DetectorSet.all.scan("Tel. 079 555 01 23").first?.isDocumentationExample == false)
    }

    @Test func aNumberTooLongForItsPlanIsStillAPhoneBesideAPhoneWord() throws {
        guard try LibPhoneNumberTests.available else { return }
        let hit = try #require(DetectorSet.all.scan("Tel: +41 79 123 45 678").first)
        #expect(hit.detectorClass == .phone && hit.confidence == 0.6)
        #expect(hit.reason.contains("a length its country's plan does not have"))
        #expect(DetectorSet.all.scan("Ref +41 79 123 45 678").isEmpty)
    }
}

@Suite("Health terms beyond ASCII")
struct HealthTermTests {
    @Test func aTermWithAnUmlautIsReadWhole() {
        #expect(DetectorShapeTests.hits("Diagnose: Angststörung seit 2019").map(\.1) == ["Angststörung"])
        #expect(DetectorShapeTests.hits("Diagnose: Angststörungen").isEmpty)
        #expect(DetectorShapeTests.hits("Diagnose: Zuckerkrankheit").map(\.0) == [.healthData])
    }
}
