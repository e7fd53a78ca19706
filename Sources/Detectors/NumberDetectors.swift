/// Number-shaped detectors: a run of digit groups joined by single separators is read once, then windows of
/// consecutive groups are tried against each class's layout and validator.
extension ByteScanner {
    static let maximumGroups = 12

    /// Reads the digit groups from `start`; `opening` is the `+` or `(` just before it. Returns the sequence's end.
    mutating func numberSequence(from start: Int, opening: UInt8?) -> Int {
        // The scratch arrays are sized once per scan and overwritten, never cleared: clearing and appending cost a
        // sixth of the whole scan on prose full of numbers. Only entries below the counts below are ever read.
        if groupStart.isEmpty {
            groupStart = [Int](repeating: 0, count: Self.maximumGroups + 1)
            groupEnd = groupStart
            digitOffset = groupStart
            separator = [UInt8](repeating: 0, count: Self.maximumGroups + 1)
        }
        var groups = 0
        var digitCount = 0
        var i = start
        while true {
            let begin = i
            while i < n, kind(i) == ByteClass.digit { i += 1 }
            let length = i - begin
            if digitCount + length > digits.count {
                digits.append(contentsOf: repeatElement(0, count: digitCount + length - digits.count))
            }
            digits.withUnsafeMutableBufferPointer { buffer in
                for offset in 0..<length { buffer[digitCount + offset] = p[begin + offset] &- 0x30 }
            }
            digitOffset[groups] = digitCount
            digitCount += length
            groupStart[groups] = begin
            groupEnd[groups] = i
            groups += 1
            guard groups < Self.maximumGroups, i < n else { break }
            let byte = p[i]
            if byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x2F, isDigit(i + 1) {
                separator[groups - 1] = byte
                i += 1
            } else if byte == 0xC2, i + 2 < n, p[i + 1] == 0xA0, isDigit(i + 2) {
                separator[groups - 1] = 0x20
                i += 2
            } else if byte == 0x29, opening == UInt8(ascii: "("), groups == 1, i + 1 < n,
                isDigit(i + 1) || (p[i + 1] == 0x20 && isDigit(i + 2))
            {
                // `(555) 123-4567`, `(03)85051952`: the closing parenthesis joins the area code to the rest.
                separator[groups - 1] = 0x29
                i += isDigit(i + 1) ? 1 : 2
            } else if byte == 0x29, opening == UInt8(ascii: "+"), groups == 1, start >= 2,
                p[start - 2] == UInt8(ascii: "("), i + 1 < n, isDigit(i + 1) || (p[i + 1] == 0x20 && isDigit(i + 2))
            {
                // `(+358) 828393090`: a country code in parentheses.
                separator[groups - 1] = 0x29
                i += isDigit(i + 1) ? 1 : 2
            } else if opening == UInt8(ascii: "+"), groups == 1, let after = trunkZero(at: i) {
                // `+41 (0)44 668 18 00`, `+49(0)30 …`: the national trunk prefix in parentheses is not dialled.
                separator[groups - 1] = 0x28
                i = after
            } else {
                break
            }
        }
        digitOffset[groups] = digitCount
        // Only a phone-length number has an extension: `1080x1080` is a size, its last group still dropped below.
        extensionEnd = digitCount >= 7 ? phoneExtension(at: i) : nil
        // A last group glued to letters (`12px`, `3x`) is a measurement or a code, not part of a number.
        var count = groups
        if extensionEnd == nil, i < n, kind(i) & (ByteClass.lower | ByteClass.upper) != 0 || p[i] == UInt8(ascii: "_") {
            count -= 1
        }
        var g = 0
        while g < count {
            if let last = matchAt(g, count: count, opening: g == 0 ? opening : nil) { g = last + 1 } else { g += 1 }
        }
        return i
    }

    /// After a country code, ` (0)` or `(0)` and then a digit (with a space or not): where that digit is.
    func trunkZero(at index: Int) -> Int? {
        var i = index
        if i < n, p[i] == 0x20 { i += 1 }
        guard i + 2 < n, p[i] == 0x28, p[i + 1] == 0x30, p[i + 2] == 0x29 else { return nil }
        i += 3
        if i < n, p[i] == 0x20 { i += 1 }
        return isDigit(i) ? i : nil
    }

    /// An extension right after a number: `x4411`, ` x181`, ` ext. 12`, ` ext 12`, `ext=12` (1–6 digits). Its end.
    func phoneExtension(at index: Int) -> Int? {
        var i = index
        if i < n, p[i] == 0x20 { i += 1 }
        if i < n, p[i] == UInt8(ascii: "x") || p[i] == UInt8(ascii: "X") {
            i += 1
        } else if i + 3 <= n, (p[i] | 0x20) == UInt8(ascii: "e"), (p[i + 1] | 0x20) == UInt8(ascii: "x"),
            (p[i + 2] | 0x20) == UInt8(ascii: "t")
        {
            i += 3
            if i < n, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: "=") { i += 1 }
            if i < n, p[i] == 0x20 { i += 1 }
        } else {
            return nil
        }
        let digitsEnd = runEnd(i, { $0 >= 0x30 && $0 <= 0x39 }, limit: 7)
        guard (1...6).contains(digitsEnd - i), !isAlnum(digitsEnd) else { return nil }
        return digitsEnd
    }

    /// The end of a phone whose last group is `last`: past its extension when it has one.
    func phoneEnd(_ last: Int, count: Int) -> Int {
        last == count - 1 ? extensionEnd ?? groupEnd[last] : groupEnd[last]
    }

    @inline(__always) func size(_ g: Int) -> Int { groupEnd[g] - groupStart[g] }

    /// True when groups `from...to` are joined by the same separator, one of `allowed`.
    func sameSeparator(_ from: Int, _ to: Int, _ allowed: [UInt8]) -> Bool {
        guard to > from else { return true }
        let first = separator[from]
        guard allowed.contains(first) else { return false }
        for index in from..<to where separator[index] != first { return false }
        return true
    }

    func digitSlice(_ from: Int, _ to: Int) -> ArraySlice<UInt8> { digits[digitOffset[from]..<digitOffset[to + 1]] }

    /// Group `g`'s digits as a number; only for groups of a few digits (a date's part, an address's octet).
    func value(of g: Int) -> Int {
        var result = 0
        for index in digitOffset[g]..<digitOffset[g + 1] { result = result * 10 + Int(digits[index]) }
        return result
    }

    func canonical(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice.map { $0 + 0x30 }, as: UTF8.self) }

    func range(_ from: Int, _ to: Int) -> Range<Int> { groupStart[from]..<groupEnd[to] }

    func sizes(_ from: Int, _ pattern: [Int], count: Int) -> Bool {
        guard from + pattern.count <= count else { return false }
        for (offset, expected) in pattern.enumerated() where size(from + offset) != expected { return false }
        return true
    }

    /// Tries every number class at group `g`; returns the last group of a match.
    mutating func matchAt(_ g: Int, count: Int, opening: UInt8?) -> Int? {
        // Most numbers in prose (`2 days`, `24 hours`, `CHF 129.90`) are too short for any class: each class is tried
        // only when the digits left in the sequence could hold it, which keeps their context searches off them.
        let remaining = digitOffset[count] - digitOffset[g]
        let groups = count - g
        if remaining < 4, groups < 3 { return nil }
        if groups >= 4, opening != UInt8(ascii: "+"), let last = ipv4(g, count: count) { return last }
        if opening == UInt8(ascii: "+"), let last = internationalPhone(g, count: count) { return last }
        if remaining >= 13, let last = swissAHV(g, count: count) { return last }
        if remaining >= 9, let last = usSSN(g, count: count) { return last }
        if remaining >= 12, let last = cardNumber(g, count: count) { return last }
        if remaining >= 11, let last = germanTaxID(g, count: count) { return last }
        if groups >= 3, let last = dateOfBirth(g, count: count) { return last }
        if remaining >= 9, opening != UInt8(ascii: "+"), size(g) >= 4, digits[digitOffset[g]] == 0,
            digits[digitOffset[g] + 1] == 0,
            let last = internationalPhone(g, count: count, exitCode: true)
        {
            return last
        }
        if remaining >= 7, opening != UInt8(ascii: "+"), let last = nationalPhone(g, count: count, opening: opening) {
            return last
        }
        if let last = oneTimeCode(g, count: count) { return last }
        return nil
    }

    // MARK: - Classes

    /// `756.1234.5678.97` (or spaced), or 13 digits starting 756 next to AHV words; EAN-13 check digit.
    mutating func swissAHV(_ g: Int, count: Int) -> Int? {
        var last: Int
        var contextWord: String?
        if sizes(g, [3, 4, 4, 2], count: count), sameSeparator(g, g + 3, [0x2E, 0x20]) {
            last = g + 3
        } else if size(g) == 13 {
            last = g
        } else {
            return nil
        }
        let value = digitSlice(g, last)
        guard value.count == 13, value.starts(with: [7, 5, 6]), Checksums.ean13(value) else { return nil }
        contextWord = context(Vocabulary.ahv, around: range(g, last))
        if last == g, contextWord == nil { return nil }
        report(
            .swissAHV, range(g, last), canonical: canonical(value), confidence: contextWord == nil ? 0.95 : 0.99,
            reason: "EAN-13 check digit" + (contextWord.map { ", context '\($0)'" } ?? ""))
        return last
    }

    /// `123-45-6789`; spaced or unseparated only next to SSN words. Area 000, 666 and 900–999, group 00 and serial 0000 are never issued.
    mutating func usSSN(_ g: Int, count: Int) -> Int? {
        let last: Int
        var needsContext = false
        if sizes(g, [3, 2, 4], count: count), sameSeparator(g, g + 2, [0x2D, 0x20]) {
            last = g + 2
            needsContext = separator[g] == 0x20 || (g + 3 < count)
        } else if size(g) == 9, g + 1 == count {
            last = g
            needsContext = true
        } else {
            return nil
        }
        let value = Array(digitSlice(g, last))
        let area = Int(value[0]) * 100 + Int(value[1]) * 10 + Int(value[2])
        let group = Int(value[3]) * 10 + Int(value[4])
        let serial = value[5...].reduce(0) { $0 * 10 + Int($1) }
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return nil }
        // Numbers the SSA voided after they appeared in advertising.
        let text = canonical(value[...])
        guard text != "078051120", text != "219099999" else { return nil }
        let contextWord = context(Vocabulary.ssn, around: range(g, last))
        if needsContext, contextWord == nil { return nil }
        report(
            .usSSN, range(g, last), canonical: text, confidence: contextWord == nil ? 0.85 : 0.97,
            reason: "SSA issuance rules" + (contextWord.map { ", context '\($0)'" } ?? ""))
        return last
    }

    /// A card network as the networks publish their ranges (ISO/IEC 7812 issuer identification numbers): the prefixes
    /// (a number of leading digits and a range of them) and the lengths it issues. The scan tries every length any
    /// network issues and the issuer check reads this same table, so the two cannot disagree.
    struct CardNetwork {
        let name: String
        let prefixes: [(digits: Int, range: ClosedRange<Int>)]
        let lengths: Set<Int>
        /// Lengths that are common for other numbers too (a 12-digit order number): only next to card words.
        var needsContext: Set<Int> = []
    }

    /// In order: the first network whose prefix and length match names the card (Discover's 65 before Maestro's 56–69).
    static let cardNetworks: [CardNetwork] = [
        CardNetwork(name: "Visa", prefixes: [(1, 4...4)], lengths: [13, 16, 19]),
        CardNetwork(name: "Mastercard", prefixes: [(2, 51...55), (4, 2221...2720)], lengths: [16]),
        CardNetwork(name: "American Express", prefixes: [(2, 34...34), (2, 37...37)], lengths: [15]),
        CardNetwork(
            name: "Discover", prefixes: [(4, 6011...6011), (2, 65...65), (3, 644...649), (6, 622126...622925)],
            lengths: Set(16...19)),
        CardNetwork(name: "JCB", prefixes: [(4, 3528...3589)], lengths: Set(16...19)),
        CardNetwork(name: "JCB", prefixes: [(4, 1800...1800), (4, 2131...2131)], lengths: [15]),
        CardNetwork(
            name: "Diners Club", prefixes: [(2, 36...36), (2, 38...39), (3, 300...305), (4, 3095...3095)],
            lengths: Set(14...19)),
        CardNetwork(name: "UnionPay", prefixes: [(2, 62...62)], lengths: Set(16...19)),
        CardNetwork(name: "Mir", prefixes: [(4, 2200...2204)], lengths: Set(16...19)),
        CardNetwork(
            name: "Maestro", prefixes: [(2, 50...50), (2, 56...69)], lengths: Set(12...19), needsContext: [12]),
    ]

    /// Every length some network issues, shortest first.
    static let cardLengths: [Int] = Set(cardNetworks.flatMap(\.lengths)).sorted()

    /// The ways cards are printed in groups: fours with the rest last for every length, and the 4-6-5 and 4-6-4 of
    /// American Express and Diners Club.
    static let cardGroupings: [[Int]] = {
        var groupings: [[Int]] = cardLengths.map { length in
            Array(repeating: 4, count: length / 4) + (length % 4 == 0 ? [] : [length % 4])
        }
        groupings += [[4, 6, 5], [4, 6, 4], [4, 4, 5]]
        return groupings
    }()

    /// Any length some network issues, in one group or a card grouping with one separator; Luhn, an issuer's prefix
    /// and length; not all one digit.
    mutating func cardNumber(_ g: Int, count: Int) -> Int? {
        var candidates: [Int] = []
        if Self.cardLengths.contains(size(g)) { candidates.append(g) }
        for grouping in Self.cardGroupings
        where sizes(g, grouping, count: count) && sameSeparator(g, g + grouping.count - 1, [0x20, 0x2D]) {
            candidates.append(g + grouping.count - 1)
        }
        // The longest reading first: a 16-digit Discover next to "card" is not a 12-digit Maestro and four digits more.
        for last in candidates.sorted(by: { digitOffset[$0 + 1] > digitOffset[$1 + 1] }) {
            let value = digitSlice(g, last)
            guard Checksums.luhn(value), value.contains(where: { $0 != value.first }) else { continue }
            let contextWord = context(Vocabulary.card, around: range(g, last))
            if let network = Self.network(value) {
                if network.needsContext.contains(value.count), contextWord == nil { continue }
                report(
                    .cardNumber, range(g, last), canonical: canonical(value),
                    confidence: contextWord == nil ? 0.9 : 0.99,
                    reason: "Luhn check, \(network.name) prefix and length"
                        + (contextWord.map { ", context '\($0)'" } ?? ""))
                return last
            }
            // Outside every published range but named a card where it stands (a new BIN, a test generator's JCB
            // `3504…`): a payment card's first digit (ISO/IEC 7812: 1–6), 16–19 digits, Luhn and the word are enough
            // — but not a phone's IMEI (15 digits, Luhn, `35…`) or a serial number next to "SIM card".
            if let contextWord, (16...19).contains(value.count), (1...6).contains(value.first!),
                context(Vocabulary.notCard, around: range(g, last), before: 48, after: 24) == nil
            {
                report(
                    .cardNumber, range(g, last), canonical: canonical(value), confidence: 0.8,
                    reason: "Luhn check and a card's length, context '\(contextWord)'")
                return last
            }
        }
        return nil
    }

    /// The card network whose prefix and length the number has.
    static func network(_ digits: ArraySlice<UInt8>) -> CardNetwork? {
        func prefix(_ length: Int) -> Int { digits.prefix(length).reduce(0) { $0 * 10 + Int($1) } }
        return cardNetworks.first { network in
            network.lengths.contains(digits.count)
                && network.prefixes.contains { $0.range.contains(prefix($0.digits)) && digits.count >= $0.digits }
        }
    }

    /// Eleven digits (or `12 345 678 901`) next to tax-ID words; leading digit, digit distribution and ISO 7064 check digit.
    mutating func germanTaxID(_ g: Int, count: Int) -> Int? {
        let last: Int
        if size(g) == 11 {
            last = g
        } else if sizes(g, [2, 3, 3, 3], count: count), sameSeparator(g, g + 3, [0x20]) {
            last = g + 3
        } else {
            return nil
        }
        let value = digitSlice(g, last)
        guard Checksums.germanTaxID(value) else { return nil }
        let contextWord = context(Vocabulary.taxID, around: range(g, last))
        guard contextWord != nil || last > g else { return nil }
        report(
            .germanTaxID, range(g, last), canonical: canonical(value), confidence: contextWord == nil ? 0.75 : 0.97,
            reason: "ISO 7064 check digit and digit distribution" + (contextWord.map { ", context '\($0)'" } ?? ""))
        return last
    }

    /// Country calling codes (ITU-T E.164), as the first one to three digits.
    static let countryCodes: Set<Int> = [
        1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
        60, 61,
        62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 223, 225,
        230, 233,
        234, 237, 242, 243, 244, 249, 250, 251, 252, 254, 255, 256, 260, 261, 263, 264, 351, 352, 353, 354, 355, 356,
        357, 358,
        359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 852,
        853, 855,
        880, 886, 960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992, 993, 994,
        995, 996, 998,
    ]

    /// `+41 79 123 45 67`, or `0041 79 123 45 67` next to a phone word: a country code and 8–15 digits in all.
    /// With libphonenumber, a length no number of that country has is no phone, and an assigned number is surer.
    mutating func internationalPhone(_ g: Int, count: Int, exitCode: Bool = false) -> Int? {
        let dialled = exitCode ? 2 : 0
        var last = g
        var total = size(g) - dialled
        while last + 1 < count, total + size(last + 1) <= 15, separator[last] != 0x2F {
            last += 1
            total += size(last)
        }
        guard (8...15).contains(total) else { return nil }
        var value = digitSlice(g, last).dropFirst(dialled)
        func prefix(_ length: Int) -> Int { value.prefix(length).reduce(0) { $0 * 10 + Int($1) } }
        guard (1...3).contains(where: { Self.countryCodes.contains(prefix($0)) }), value.first != 0 else { return nil }
        var plan: PhoneNumbering.Verdict?
        var impossible = false
        if PhoneNumbering.isAvailable {
            // The longest reading its country's plan allows: `+44 20 7946 0958 123` is a London number and a 123.
            let whole = (last: last, value: value)
            plan = PhoneNumbering.international("+" + canonical(value))
            while plan == nil, last > g, total - size(last) >= 8 {
                total -= size(last)
                last -= 1
                value = digitSlice(g, last).dropFirst(dialled)
                plan = PhoneNumbering.international("+" + canonical(value))
            }
            // No reading fits the plan: beside a phone word it is still reported (a mistyped digit, or a range
            // newer than the installed metadata), less surely; without one it is no phone.
            if plan == nil {
                (last, value, impossible) = (whole.last, whole.value, true)
            }
        }
        var start = exitCode ? groupStart[g] : groupStart[g] - 1
        // `(+358) 828393090`: the parenthesis is the number's.
        if !exitCode, last > g, separator[g] == 0x29 { start -= 1 }
        let end = phoneEnd(last, count: count)
        let contextWord = context(Vocabulary.phone, around: start..<end)
        if impossible, contextWord == nil { return nil }
        // The international exit code `00` alone is not enough: an assigned number or a phone word is.
        if exitCode, plan?.isValid != true, contextWord == nil { return nil }
        var reason = exitCode ? "international exit code, country code and length" : "E.164 country code and length"
        if let plan { reason += plan.isValid ? ", valid number for \(plan.region)" : ", possible length" }
        if impossible { reason += ", a length its country's plan does not have" }
        let confidence = impossible ? 0.6 : plan?.isValid == true || contextWord != nil ? 0.95 : 0.8
        report(
            .phone, start..<end, canonical: "+" + canonical(value), confidence: confidence,
            reason: reason + (contextWord.map { ", context '\($0)'" } ?? ""))
        return last
    }

    /// National numbers (`044 668 18 00`, `(555) 234-5678`, `030 1234567`, `881 748 858`) only next to phone words,
    /// before the number or after it (`… (mobile)`, `… - office`): a North American number, a number with its trunk
    /// prefix, or any 7–12 digits in groups or in one run; the word is what makes them a phone.
    mutating func nationalPhone(_ g: Int, count: Int, opening: UInt8?) -> Int? {
        var last = g
        var total = size(g)
        while last + 1 < count, total + size(last + 1) <= 12, separator[last] != 0x2F || size(g) <= 5,
            separator[last] != 0x2E || size(g) <= 4
        {
            last += 1
            total += size(last)
        }
        // A lone digit after the number is something else's (a count, the next line's first character).
        while last > g, size(last) == 1 {
            total -= 1
            last -= 1
        }
        let value = digitSlice(g, last)
        let isNANP =
            total == 10 && sizes(g, [3, 3, 4], count: count) && value.first! >= 2 && value[value.startIndex + 3] >= 2
        let isTrunk =
            value.first == 0 && value.dropFirst().first != 0 && (9...12).contains(total) && (last > g || total >= 10)
        // Other numbers of 7–12 digits are a phone only by the word beside them, and only in one run, in three or more
        // groups, or in two joined by `-`, `.` or `/`: two space-separated runs are as often two numbers (a code
        // repeated on the next line). Not a date, not a dotted quad.
        let isPhoneLength =
            (7...12).contains(total) && (g...last).allSatisfy { size($0) >= 2 } && !isDateShaped(g, last)
            && !isDottedQuad(g, last)
        let isPlain = isPhoneLength && (last == g || last - g >= 2 || separator[g] != 0x20)
        guard isNANP || isTrunk || isPhoneLength else { return nil }
        let start = opening == UInt8(ascii: "(") ? groupStart[g] - 1 : groupStart[g]
        let end = phoneEnd(last, count: count)
        var contextWord: String?
        var labelWord: String?
        if isNANP || isTrunk {
            contextWord = context(Vocabulary.phone, around: start..<end, before: 48, after: 24)
        } else if isPhoneLength {
            // A plain number needs a word that names a phone (not "call" or "office"), and no nearer word that makes
            // it a code, an order, an invoice or an account.
            labelWord = plainPhoneWord(around: start..<end)
            if isPlain { contextWord = labelWord }
        }
        var kind = isNANP ? "North American numbering plan" : isTrunk ? "national trunk prefix" : "7–12 digits"
        var confidence = isNANP || isTrunk ? 0.85 : 0.75
        // Two runs apart (`5988 5829`) are as often one code twice (on two lines, which render as one space): even
        // when assigned, they need a word that names a phone, and the same digits twice are never one.
        let isTwoRuns = last == g + 1 && separator[g] == 0x20
        if PhoneNumbering.isAvailable, contextWord == nil || !(isNANP || isTrunk),
            !isTwoRuns || (labelWord != nil && !digitSlice(g, g).elementsEqual(digitSlice(last, last))),
            let word = contextWord ?? labelWord ?? phoneWord(around: start..<end),
            let region = PhoneNumbering.validNationalRegion(text(start..<groupEnd[last]))
        {
            // Any other assigned national number needs only a word about phones ("call", "ring", "contact").
            contextWord = word
            kind = "valid national number for \(region)"
            confidence = 0.85
        }
        guard let contextWord else { return nil }
        report(
            .phone, start..<end, canonical: canonical(value), confidence: confidence,
            reason: kind + ", context '\(contextWord)'")
        return last
    }

    /// A word about phones (`call`, `ring`, `contact` too) in the 48 bytes before `range`, not beaten by a nearer word
    /// that makes the number something else (an id, a code, an order), or in the 16 bytes after it.
    func phoneWord(around range: Range<Int>) -> String? {
        let before = max(0, range.lowerBound - 48)..<range.lowerBound
        // The positive word first: most numbers have none, and then the negatives need not be looked for.
        let positive = lastContext(Vocabulary.phone, before)
        let after =
            positive == nil ? contextMatch(Vocabulary.phone, range.upperBound..<min(n, range.upperBound + 16)) : nil
        guard positive != nil || after != nil else { return nil }
        let negative = notPhoneEnd(before)
        if let positive, negative.map({ positive.end > $0 }) ?? true {
            return String(decoding: Vocabulary.phone.words[positive.word], as: UTF8.self)
        }
        return negative == nil ? after : nil
    }

    /// A phone word that names a plain number a phone: in the 48 bytes before it, not beaten by a nearer word that
    /// makes it something else (a code, an order, an account), or a label in the 16 bytes after it (`(mobile)`).
    func plainPhoneWord(around range: Range<Int>) -> String? {
        if assumeLabelled { return "label" }
        let before = max(0, range.lowerBound - 48)..<range.lowerBound
        if let positive = lastContext(Vocabulary.phoneLabel, before) {
            if notPhoneEnd(before).map({ positive.end > $0 }) ?? true {
                return String(decoding: Vocabulary.phoneLabel.words[positive.word], as: UTF8.self)
            }
            return nil
        }
        return contextMatch(Vocabulary.phoneLabel, range.upperBound..<min(n, range.upperBound + 16))
    }

    /// Where the nearest word in `before` ends that makes a number something other than a phone (a code, an order,
    /// an id), or nil.
    func notPhoneEnd(_ before: Range<Int>) -> Int? {
        [
            lastContext(Vocabulary.otpNegative, before), lastContext(Vocabulary.otp, before),
            lastContext(Vocabulary.notPhone, before),
        ].compactMap { $0?.end }.max()
    }

    /// Three groups that read as a calendar date in one of the usual orders (`24.12.2025`, `2024-06-12`, `12/31/2024`).
    func isDateShaped(_ g: Int, _ last: Int) -> Bool {
        guard last - g == 2, sameSeparator(g, last, [0x2E, 0x2F, 0x2D]) else { return false }
        let sizes = (size(g), size(g + 1), size(g + 2))
        guard sizes.0 <= 4, sizes.1 <= 4, sizes.2 <= 4 else { return false }
        let parts = (value(of: g), value(of: g + 1), value(of: g + 2))
        if sizes.0 == 4 { return (1...12).contains(parts.1) && (1...31).contains(parts.2) }
        guard sizes.2 == 4 || sizes.2 == 2 else { return false }
        return ((1...31).contains(parts.0) && (1...12).contains(parts.1))
            || ((1...12).contains(parts.0) && (1...31).contains(parts.1))
    }

    /// Four dotted groups of one to three digits: an IPv4 address, not a phone.
    func isDottedQuad(_ g: Int, _ last: Int) -> Bool {
        last - g == 3 && sameSeparator(g, last, [0x2E]) && (g...last).allSatisfy { size($0) <= 3 }
    }

    /// A calendar date (`14.03.1985`, `03/14/1985`, `1985-03-14`) next to words about birth, in a plausible year.
    mutating func dateOfBirth(_ g: Int, count: Int) -> Int? {
        guard g + 2 < count, sameSeparator(g, g + 2, [0x2E, 0x2F, 0x2D]) else { return nil }
        let lengths = (size(g), size(g + 1), size(g + 2))
        // Parts longer than a year are no date, and read as numbers they would overflow (found by fuzzing).
        guard lengths.0 <= 4, lengths.1 <= 4, lengths.2 <= 4 else { return nil }
        let parts = (value(of: g), value(of: g + 1), value(of: g + 2))
        let isDate: Bool
        if lengths.0 == 4, (1...2).contains(lengths.1), (1...2).contains(lengths.2) {
            isDate = Self.isDate(day: parts.2, month: parts.1, year: parts.0)
        } else if (1...2).contains(lengths.0), (1...2).contains(lengths.1), lengths.2 == 4 {
            isDate =
                Self.isDate(day: parts.0, month: parts.1, year: parts.2)
                || Self.isDate(day: parts.1, month: parts.0, year: parts.2)
        } else {
            isDate = false
        }
        guard isDate else { return nil }
        guard let contextWord = context(Vocabulary.birth, around: range(g, g + 2), before: 48, after: 0) else {
            return nil
        }
        report(
            .dateOfBirth, range(g, g + 2), canonical: canonical(digitSlice(g, g + 2)), confidence: 0.9,
            reason: "a valid calendar date, context '\(contextWord)'")
        return g + 2
    }

    static func isDate(day: Int, month: Int, year: Int) -> Bool {
        guard (1900...2026).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        switch month {
        case 2: return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// A lone group of 4–8 digits (or `123 456`) next to code words and not next to words that make it another number.
    mutating func oneTimeCode(_ g: Int, count: Int) -> Int? {
        let last: Int
        if g == 0, count == 1, (4...8).contains(size(g)) {
            last = g
        } else if g == 0, count == 2, sizes(g, [3, 3], count: count), sameSeparator(g, g + 1, [0x20, 0x2D]) {
            last = g + 1
        } else {
            return nil
        }
        let span = range(g, last)
        // A four-digit year is a year, whatever word stands near it.
        if last == g, size(g) == 4 {
            let year = digitSlice(g, g).reduce(0) { $0 * 10 + Int($1) }
            if (1900...2099).contains(year) { return nil }
        }
        let before = max(0, span.lowerBound - 48)..<span.lowerBound
        let after = span.upperBound..<min(n, span.upperBound + 40)
        var word: String? = assumeLabelled ? "label" : nil
        if word != nil {
        } else if let positive = lastContext(Vocabulary.otp, before) {
            let negative = lastContext(Vocabulary.otpNegative, before)
            if negative.map({ positive.end > $0.end }) ?? true {
                word = String(decoding: Vocabulary.otp.words[positive.word], as: UTF8.self)
            }
        } else if lastContext(Vocabulary.otpNegative, before) == nil, let positive = lastContext(Vocabulary.otp, after),
            lastContext(Vocabulary.otpNegative, after) == nil
        {
            word = String(decoding: Vocabulary.otp.words[positive.word], as: UTF8.self)
        }
        guard let word else { return nil }
        report(
            .oneTimeCode, span, canonical: canonical(digitSlice(g, last)), confidence: 0.85,
            reason: "\(digitSlice(g, last).count) digits, context '\(word)'")
        return last
    }
}
