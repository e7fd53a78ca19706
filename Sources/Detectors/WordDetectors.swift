/// Detectors triggered by a word that starts with a letter, by `@`, and by the PEM armour's dashes.
extension ByteScanner {
    /// Tries the letter-word classes at `start..<end` that `gate` (its first two bytes' `LetterGate` flags) allows;
    /// true when one matched.
    mutating func letterWord(_ start: Int, _ end: Int, gate: UInt8) -> Bool {
        // An IBAN copied in lower case (`gb82west1234…`) is the same account.
        if gate & LetterGate.iban != 0, iban(start) { return true }
        if gate & LetterGate.nino != 0, nino(start) { return true }
        if gate & LetterGate.diagnosis != 0, diagnosisCode(start, end) { return true }
        if gate & LetterGate.secret != 0, secret(start, end) { return true }
        if gate & LetterGate.crypto != 0, cryptoAddress(start, end) { return true }
        return gate & LetterGate.health != 0 && healthTerm(start, end)
    }

    func matches(_ start: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= n else { return false }
        let bytes = literal.utf8Start
        for offset in 0..<count where p[start + offset] != bytes[offset] { return false }
        return true
    }

    /// The end of a run of bytes from `allowed` starting at `start`, looking at most `limit` bytes.
    func runEnd(_ start: Int, _ allowed: (UInt8) -> Bool, limit: Int = 4096) -> Int {
        var end = start
        let stop = min(n, start + limit)
        while end < stop, allowed(p[end]) { end += 1 }
        return end
    }

    static func isAlnumByte(_ byte: UInt8) -> Bool { ByteClass.table[Int(byte)] & ByteClass.alnum != 0 }

    // MARK: - IBAN

    /// Two letters, two check digits, then the country's length in letters and digits, single spaces or hyphens allowed
    /// between (`GB82 WEST 1234…`, `GB82-WEST-1234…`, groups of any size); mod-97.
    /// Letters in either case, as long as the country code is in one case (`GB82`, `gb82`).
    mutating func iban(_ start: Int) -> Bool {
        guard start + 3 < n, kind(start) == kind(start + 1), kind(start) & (ByteClass.upper | ByteClass.lower) != 0,
            isDigit(start + 2), isDigit(start + 3),
            let length = Checksums.ibanLengths[
                String(decoding: [p[start] & 0xDF, p[start + 1] & 0xDF], as: UTF8.self)]
        else { return false }
        var compact: [UInt8] = []
        compact.reserveCapacity(length)
        var j = start
        var group = 0
        var hyphenated = false
        var groupsOfFour = true
        while j < n, compact.count < length {
            let byte = p[j]
            if Self.isAlnumByte(byte) {
                compact.append(byte >= 0x61 ? byte - 32 : byte)
                group += 1
                j += 1
            } else if byte == 0x20 || byte == 0x2D, j + 1 < n, Self.isAlnumByte(p[j + 1]) {
                hyphenated = hyphenated || byte == 0x2D
                groupsOfFour = groupsOfFour && group == 4
                group = 0
                j += 1
            } else {
                break
            }
        }
        guard compact.count == length, !isAlnum(j) else { return false }
        // Hyphens join IBANs printed in fours (`GB82-WEST-1234-…`), not the parts of a UUID.
        if hyphenated, !groupsOfFour { return false }
        // A lower-case IBAN needs a letter beyond hex (in its country code too: `ch`, `gb`) or a word that names it:
        // trace and span ids are lower-case hex, and `de89…` or `be68…` could be one.
        if kind(start) == ByteClass.lower,
            !compact.contains(where: { $0 >= UInt8(ascii: "G") && $0 <= UInt8(ascii: "Z") }),
            context(Vocabulary.iban, around: start..<j) == nil
        {
            return false
        }
        // An IBAN-shaped run whose check fails is still not a card number or a phone: its digits are not looked at again.
        skipTo = j
        guard Checksums.ibanRemainder(compact) == 1 else { return false }
        report(
            .iban, start..<j, canonical: String(decoding: compact, as: UTF8.self), confidence: 0.98,
            reason: "ISO 13616 length for \(String(decoding: compact.prefix(2), as: UTF8.self)) and mod-97 check")
        return true
    }

    // MARK: - UK NINO

    /// `AB 12 34 56 C`: a valid two-letter prefix, six digits, a suffix A–D.
    mutating func nino(_ start: Int) -> Bool {
        guard isUpper(start + 1) else { return false }
        let a = p[start], b = p[start + 1]
        // HMRC never issues D, F, I, Q, U, V first, nor D, F, I, O, Q, U, V second (bits by letter, A = bit 0).
        let badFirst: UInt32 = 1 << 3 | 1 << 5 | 1 << 8 | 1 << 16 | 1 << 20 | 1 << 21
        let badSecond: UInt32 = badFirst | 1 << 14
        guard badFirst >> UInt32(a - 0x41) & 1 == 0, badSecond >> UInt32(b - 0x41) & 1 == 0, start + 2 < n,
            isDigit(start + 2) || p[start + 2] == 0x20
        else { return false }
        let pair = String(decoding: [a, b], as: UTF8.self)
        guard !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(pair) else { return false }
        var j = start + 2
        var digitCount = 0
        var spaced = false
        while j < n, digitCount < 6 {
            if isDigit(j) {
                digitCount += 1
                j += 1
            } else if p[j] == 0x20, digitCount % 2 == 0, isDigit(j + 1) {
                spaced = true
                j += 1
            } else {
                break
            }
        }
        guard digitCount == 6 else { return false }
        if j + 1 < n, p[j] == 0x20, spaced { j += 1 }
        guard j < n, (0x41...0x44).contains(p[j]), !isAlnum(j + 1) else { return false }
        let contextWord = context(Vocabulary.nino, around: start..<(j + 1))
        let canonical = String(decoding: (start...j).map { p[$0] }.filter { $0 != 0x20 }, as: UTF8.self)
        report(
            .ukNINO, start..<(j + 1), canonical: canonical, confidence: contextWord == nil ? 0.85 : 0.98,
            reason: "HMRC prefix rules and suffix" + (contextWord.map { ", context '\($0)'" } ?? ""))
        return true
    }

    // MARK: - Health

    /// An ICD-10 code (`E11.9`, `F32`) next to words about health.
    mutating func diagnosisCode(_ start: Int, _ end: Int) -> Bool {
        guard end - start == 3, p[start] != UInt8(ascii: "U"), isDigit(start + 1),
            isDigit(start + 2) || isUpper(start + 2)
        else { return false }
        var last = end
        if last + 1 < n, p[last] == UInt8(ascii: "."), isAlnum(last + 1) {
            let tail = wordEnd(last + 1)
            guard tail - last - 1 <= 4 else { return false }
            last = tail
        }
        guard let contextWord = context(Vocabulary.health, around: start..<last) else { return false }
        report(
            .healthData, start..<last, canonical: text(start..<last), confidence: 0.85,
            reason: "ICD-10 code, context '\(contextWord)'")
        return true
    }

    /// Conditions and medicines a support agent has no business seeing, English and German; only next to words about health.
    static let healthTerms: [String] = [
        "diabetes", "asthma", "hiv", "aids", "depression", "anxiety", "schizophrenia", "bipolar", "cancer", "leukemia",
        "leukaemia",
        "epilepsy", "hepatitis", "tuberculosis", "pregnancy", "pregnant", "dementia", "alzheimer", "parkinson",
        "hypertension",
        "chemotherapy", "dialysis", "insulin", "metformin", "sertraline", "fluoxetine", "methadone", "antiretroviral",
        "migraine",
        "arthritis", "psoriasis", "herpes", "chlamydia", "syphilis", "adhd", "autism", "anorexia", "bulimia", "ptsd",
        "opioid",
        "oxycodone", "lithium", "warfarin", "prednisone", "levothyroxine", "atorvastatin", "lisinopril", "tamoxifen",
        "infertility",
        "schwangerschaft", "krebs", "bluthochdruck", "epilepsie", "demenz", "zuckerkrankheit", "angststörung",
        "multiple", "sclerosis",
    ]

    /// An open-addressing table of the terms' FNV-1a hashes (slot = low bits): one probe per word in the common case.
    /// A pointer, allocated once and never written after, because the scan consults it for every word.
    nonisolated(unsafe) static let healthSlots: UnsafePointer<UInt64> = {
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: healthSlotCount)
        slots.initialize(repeating: 0, count: healthSlotCount)
        for term in healthTerms {
            var slot = Int(fnv(Array(term.utf8)[...]) & UInt64(healthSlotCount - 1))
            while slots[slot] != 0 { slot = (slot + 1) & (healthSlotCount - 1) }
            slots[slot] = fnv(Array(term.utf8)[...])
        }
        return UnsafePointer(slots)
    }()

    static let healthSlotCount = 512

    /// The terms' first three letters (a–z each), one bit per triple: prose words share first pairs with the terms
    /// (`de`, `an`, `ca`) far more often than first triples, so most are ruled out before any hashing.
    nonisolated(unsafe) static let healthTriples: UnsafePointer<UInt64> = {
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: 26 * 26 * 26 / 64 + 1)
        bits.initialize(repeating: 0, count: 26 * 26 * 26 / 64 + 1)
        for term in healthTerms {
            let bytes = Array(term.utf8)
            // The gate reads three ASCII letters; a term starting otherwise would need another gate.
            precondition(bytes.count >= 3 && bytes.prefix(3).allSatisfy { $0 >= 0x61 && $0 <= 0x7A }, "\(term)")
            let triple = (Int(bytes[0] - 0x61) * 26 + Int(bytes[1] - 0x61)) * 26 + Int(bytes[2] - 0x61)
            bits[triple >> 6] |= 1 << UInt64(triple & 63)
        }
        return UnsafePointer(bits)
    }()

    static func isHealthHash(_ hash: UInt64) -> Bool {
        var slot = Int(hash & UInt64(healthSlotCount - 1))
        while healthSlots[slot] != 0 {
            if healthSlots[slot] == hash { return true }
            slot = (slot + 1) & (healthSlotCount - 1)
        }
        return false
    }

    static func fnv(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// A condition or medicine from `healthTerms` next to a word about health.
    mutating func healthTerm(_ start: Int, _ asciiEnd: Int) -> Bool {
        guard asciiEnd - start >= 3 else { return false }
        let first = p[start] | 0x20
        let second = p[start + 1] | 0x20
        let third = p[start + 2] | 0x20
        guard first >= 0x61, first <= 0x7A, second >= 0x61, second <= 0x7A, third >= 0x61, third <= 0x7A else {
            return false
        }
        let triple = (Int(first - 0x61) * 26 + Int(second - 0x61)) * 26 + Int(third - 0x61)
        guard (Self.healthTriples[triple >> 6] >> UInt64(triple & 63)) & 1 != 0 else { return false }
        // The word goes on through letters beyond ASCII (`Angststörung`), which the byte scan's words stop at.
        var end = asciiEnd
        while end < n, end - start <= 16, p[end] >= 0x80 || kind(end) & ByteClass.alnum != 0 { end += 1 }
        let length = end - start
        guard length >= 3, length <= 16 else { return false }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in start..<end {
            let byte = p[index]
            hash = (hash ^ UInt64(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)) &* 0x100_0000_01B3
        }
        guard Self.isHealthHash(hash) else { return false }
        let word = text(start..<end).lowercased()
        guard Self.healthTerms.contains(word) else { return false }
        guard let contextWord = context(Vocabulary.health, around: start..<end) else { return false }
        report(
            .healthData, start..<end, canonical: word, confidence: 0.8,
            reason: "a health term, context '\(contextWord)'")
        return true
    }

    // MARK: - Secrets

    static func isTokenByte(_ byte: UInt8) -> Bool { isAlnumByte(byte) }
    static func isURLSafeByte(_ byte: UInt8) -> Bool { isAlnumByte(byte) || byte == 0x5F || byte == 0x2D }

    /// At least `minimum` distinct characters: rejects placeholders such as `sk_live_xxxxxxxx`.
    func varied(_ range: Range<Int>, minimum: Int = 10) -> Bool {
        var seen: (UInt64, UInt64) = (0, 0)
        var count = 0
        for index in range {
            let byte = p[index] & 0x7F
            let bit: UInt64 = 1 << UInt64(byte & 63)
            let isNew = byte < 64 ? seen.0 & bit == 0 : seen.1 & bit == 0
            guard isNew else { continue }
            if byte < 64 { seen.0 |= bit } else { seen.1 |= bit }
            count += 1
            if count >= minimum { return true }
        }
        return false
    }

    mutating func secret(_ start: Int, _ end: Int) -> Bool {
        let first = p[start]
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "r"):
            // Every such prefix is `?k_`: most words starting with s or r fail at their second letter.
            guard start + 2 < n, p[start + 1] == UInt8(ascii: "k"), p[start + 2] == UInt8(ascii: "_") else { break }
            for prefix: StaticString in ["sk_live_", "sk_test_", "rk_live_", "rk_test_"] where matches(start, prefix) {
                return token(
                    start, body: start + 8, length: 24...128, allowed: Self.isTokenByte, name: "Stripe secret key")
            }
        case UInt8(ascii: "g"):
            if matches(start, "github_pat_") {
                return token(
                    start, body: start + 11, length: 82...82, allowed: Self.isURLSafeByte,
                    name: "GitHub fine-grained token")
            }
            if matches(start, "glpat-") {
                return token(start, body: start + 6, length: 20...20, allowed: Self.isURLSafeByte, name: "GitLab token")
            }
            for prefix: StaticString in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where matches(start, prefix) {
                return githubToken(start)
            }
        case UInt8(ascii: "x"):
            for prefix: StaticString in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"] where matches(start, prefix) {
                return token(
                    start, body: start + 5, length: 20...200, allowed: { Self.isAlnumByte($0) || $0 == 0x2D },
                    name: "Slack token")
            }
        case UInt8(ascii: "n"):
            if matches(start, "npm_") {
                return token(start, body: start + 4, length: 36...36, allowed: Self.isTokenByte, name: "npm token")
            }
        case UInt8(ascii: "A"):
            if matches(start, "AKIA") || matches(start, "ASIA") {
                return token(
                    start, body: start + 4, length: 16...16,
                    allowed: { (0x41...0x5A).contains($0) || (0x32...0x37).contains($0) },
                    name: "AWS access key id", minimumVariety: 8)
            }
            if matches(start, "AIza") {
                return token(
                    start, body: start + 4, length: 35...35, allowed: Self.isURLSafeByte, name: "Google API key")
            }
        case UInt8(ascii: "S"):
            if matches(start, "SG.") { return sendGridKey(start) }
        case UInt8(ascii: "e"):
            if matches(start, "eyJ") { return jsonWebToken(start) }
        default:
            break
        }
        return false
    }

    /// A prefix and a body of `length` bytes from `allowed`, ending at a word boundary, varied enough to be random.
    mutating func token(
        _ start: Int, body: Int, length: ClosedRange<Int>, allowed: (UInt8) -> Bool, name: String,
        minimumVariety: Int = 10
    ) -> Bool {
        let end = runEnd(body, allowed, limit: length.upperBound + 1)
        // The run is read once: `xoxb-xoxb-…` must not make each repeat rescan the rest.
        skipTo = max(skipTo, end)
        guard length.contains(end - body), !isAlnum(end), varied(body..<end, minimum: minimumVariety) else {
            return false
        }
        // Documentation examples are not secrets anyone holds.
        guard !text(body..<end).uppercased().contains("EXAMPLE") else { return false }
        report(.secret, start..<end, canonical: text(start..<end), confidence: 0.95, reason: "\(name) format")
        return true
    }

    /// `ghp_` + 30 random base-62 characters + their CRC-32 in 6 base-62 characters.
    mutating func githubToken(_ start: Int) -> Bool {
        let body = start + 4
        let end = runEnd(body, Self.isTokenByte)
        guard end - body == 36, !isAlnum(end) else { return false }
        let entropy = UnsafeBufferPointer(rebasing: p[body..<(body + 30)])
        guard let checksum = Checksums.base62(UnsafeBufferPointer(rebasing: p[(body + 30)..<end])),
            checksum == UInt64(Checksums.crc32(entropy))
        else { return false }
        report(
            .secret, start..<end, canonical: text(start..<end), confidence: 0.99,
            reason: "GitHub token format and CRC-32 checksum")
        return true
    }

    /// `SG.` + 22 + `.` + 43 URL-safe characters.
    mutating func sendGridKey(_ start: Int) -> Bool {
        let first = runEnd(start + 3, Self.isURLSafeByte, limit: 23)
        guard first - start - 3 == 22, first < n, p[first] == 0x2E else { return false }
        let second = runEnd(first + 1, Self.isURLSafeByte, limit: 44)
        skipTo = max(skipTo, second)
        guard second - first - 1 == 43, !isAlnum(second), varied(start + 3..<second) else { return false }
        report(
            .secret, start..<second, canonical: text(start..<second), confidence: 0.95,
            reason: "SendGrid API key format")
        return true
    }

    /// Three base64url segments, the first two JSON objects, the header naming its algorithm.
    mutating func jsonWebToken(_ start: Int) -> Bool {
        let header = runEnd(start, Self.isURLSafeByte)
        skipTo = max(skipTo, header)
        guard header < n, p[header] == 0x2E, matches(header + 1, "eyJ") else { return false }
        let payload = runEnd(header + 1, Self.isURLSafeByte)
        skipTo = max(skipTo, payload)
        guard payload < n, p[payload] == 0x2E else { return false }
        let signature = runEnd(payload + 1, Self.isURLSafeByte)
        skipTo = max(skipTo, signature)
        guard signature - payload - 1 >= 16, !isAlnum(signature) else { return false }
        guard let decoded = Self.base64URL(UnsafeBufferPointer(rebasing: p[start..<header])),
            String(decoding: decoded, as: UTF8.self).contains("\"alg\"")
        else { return false }
        report(
            .secret, start..<signature, canonical: text(start..<signature), confidence: 0.97,
            reason: "JSON Web Token with a signed header")
        return true
    }

    static func base64URL(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case 0x2D, 0x2B: value = 62
            case 0x5F, 0x2F: value = 63
            default: return nil
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }

    /// `-----BEGIN … PRIVATE KEY-----`, through its END line when there is one; returns where the block ends.
    mutating func privateKey(at start: Int) -> Int? {
        guard matches(start, "-----BEGIN ") else { return nil }
        var j = start + 11
        while j < min(n, start + 60), p[j] != 0x0A {
            if matches(j, "PRIVATE KEY-----") {
                var end = j + 16
                var k = end
                while k < min(n, start + 16384) {
                    if matches(k, "-----END ") {
                        end = runEnd(k + 9, { $0 != 0x0A && $0 != 0x3C }, limit: 64)
                        break
                    }
                    k += 1
                }
                report(
                    .secret, start..<end, canonical: text(start..<(j + 16)), confidence: 0.99,
                    reason: "PEM private key block")
                return end
            }
            j += 1
        }
        return nil
    }

    // MARK: - Crypto wallets

    /// Bitcoin (Base58Check, Bech32/Bech32m) and Ethereum (EIP-55 mixed case, or lowercase next to wallet words) addresses.
    mutating func cryptoAddress(_ start: Int, _ end: Int) -> Bool {
        let length = end - start
        let first = p[start]
        if first == UInt8(ascii: "0"), length == 42, p[start + 1] == UInt8(ascii: "x") {
            let hex = UnsafeBufferPointer(rebasing: p[(start + 2)..<end])
            guard
                hex.allSatisfy({
                    (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0)
                })
            else { return false }
            let mixed = hex.contains { (0x41...0x46).contains($0) } && hex.contains { (0x61...0x66).contains($0) }
            if mixed {
                guard Checksums.eip55(hex) else { return false }
                report(
                    .cryptoWallet, start..<end, canonical: text(start..<end).lowercased(), confidence: 0.97,
                    reason: "Ethereum address with EIP-55 checksum")
                return true
            }
            guard let contextWord = context(Vocabulary.wallet, around: start..<end) else { return false }
            report(
                .cryptoWallet, start..<end, canonical: text(start..<end).lowercased(), confidence: 0.75,
                reason: "Ethereum address without checksum, context '\(contextWord)'")
            return true
        }
        if matches(start, "bc1"), length == 42 || length == 62 {
            guard Checksums.bech32(UnsafeBufferPointer(rebasing: p[start..<end])) else { return false }
            report(
                .cryptoWallet, start..<end, canonical: text(start..<end), confidence: 0.98,
                reason: "Bitcoin Bech32 address checksum")
            return true
        }
        if first == UInt8(ascii: "1") || first == UInt8(ascii: "3"), (26...35).contains(length) {
            guard let decoded = Checksums.base58Decode(UnsafeBufferPointer(rebasing: p[start..<end])),
                decoded.count == 25,
                decoded[0] == (first == UInt8(ascii: "1") ? 0 : 5), Checksums.base58Check(decoded)
            else { return false }
            report(
                .cryptoWallet, start..<end, canonical: text(start..<end), confidence: 0.98,
                reason: "Bitcoin Base58Check address checksum")
            return true
        }
        return false
    }

    // MARK: - E-mail

    static func isLocalByte(_ byte: UInt8) -> Bool {
        isAlnumByte(byte) || byte == 0x2E || byte == 0x5F || byte == 0x25 || byte == 0x2B || byte == 0x2D
    }

    /// `local@domain.tld`: a local part, two or more domain labels, a TLD of letters that is not a file extension.
    mutating func email(at index: Int) {
        var localStart = index
        while localStart > 0, index - localStart < 64, Self.isLocalByte(p[localStart - 1]) { localStart -= 1 }
        while localStart < index, p[localStart] == 0x2E { localStart += 1 }
        guard localStart < index, p[index - 1] != 0x2E else { return }
        var labels: [Range<Int>] = []
        var j = index + 1
        while j < n {
            let labelEnd = runEnd(j, { Self.isAlnumByte($0) || $0 == 0x2D })
            guard labelEnd > j, p[j] != 0x2D, p[labelEnd - 1] != 0x2D else { break }
            labels.append(j..<labelEnd)
            j = labelEnd
            guard j + 1 < n, p[j] == 0x2E, Self.isAlnumByte(p[j + 1]) else { break }
            j += 1
        }
        guard labels.count >= 2, let tld = labels.last, (2...24).contains(tld.count),
            tld.allSatisfy({ kind($0) & (ByteClass.lower | ByteClass.upper) != 0 })
        else { return }
        let extensionTLD = text(tld).lowercased()
        guard !["png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "avif", "ico"].contains(extensionTLD) else {
            return
        }
        let range = localStart..<tld.upperBound
        report(
            .email, range, canonical: text(range).lowercased(), confidence: 0.95,
            reason: "address syntax with a letter TLD")
    }
}

/// Which of the checks for words that start with a letter a word's first two bytes allow: each check's own first test,
/// read from one table (indexed by the two bytes) instead of five calls for every word of a text.
enum LetterGate {
    static let iban: UInt8 = 1
    static let nino: UInt8 = 2
    static let diagnosis: UInt8 = 4
    static let secret: UInt8 = 8
    static let crypto: UInt8 = 16
    static let health: UInt8 = 32

    /// The secret prefixes' first two bytes (`ByteScanner.secret`).
    static let secretPairs = ["sk", "rk", "gi", "gl", "gh", "xo", "np", "AK", "AS", "AI", "SG", "ey"]

    /// Where two bytes' flags are: their low seven bits, so the table (16 KB) stays in the first-level cache. A byte
    /// beyond ASCII shares a slot with an ASCII one; the checks test their bytes themselves, so that costs nothing.
    @inline(__always) static func index(_ first: UInt8, _ second: UInt8) -> Int {
        Int(first & 0x7F) << 7 | Int(second & 0x7F)
    }

    // Allocated once for the life of the process and never written after.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 128 * 128)
        table.initialize(repeating: 0, count: 128 * 128)
        func set(_ first: UInt8, _ second: UInt8, _ flag: UInt8) { table[index(first, second)] |= flag }
        let upper = Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        for a in upper {
            for b in upper {
                let pair = String(decoding: [a, b], as: UTF8.self)
                if Checksums.ibanLengths[pair] != nil {
                    set(a, b, iban)
                    set(a | 0x20, b | 0x20, iban)
                }
                // `nino` rules out the rest itself; the gate only needs its two capitals.
                set(a, b, nino)
            }
            for digit in UInt8(ascii: "0")...UInt8(ascii: "9") where a != UInt8(ascii: "U") { set(a, digit, diagnosis) }
        }
        for pair in secretPairs {
            let bytes = Array(pair.utf8)
            set(bytes[0], bytes[1], secret)
        }
        set(UInt8(ascii: "b"), UInt8(ascii: "c"), crypto)
        for term in ByteScanner.healthTerms {
            let bytes = Array(term.utf8)
            for first in [bytes[0], bytes[0] & 0xDF] {
                for second in [bytes[1], bytes[1] & 0xDF] { set(first, second, health) }
            }
        }
        return UnsafePointer(table)
    }()
}
