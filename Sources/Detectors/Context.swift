/// Words near a candidate that make a detector sure (or, for negatives, unsure) of it, matched case-insensitively on bytes.
///
/// Every number in a text asks several of these about the bytes around it, so the search is laid out flat: a bitmap
/// of first bytes rejects most positions with one test, and the words starting with a byte sit together in one
/// array, compared in place. The storage is built once per vocabulary (static) and never written after.
struct ContextWords: @unchecked Sendable {
    let words: [[UInt8]]
    /// Words that rule a value out rather than name it: only the text itself and the element's own names count.
    let isNegative: Bool
    /// Bit `b` is set when some word starts with byte `b`.
    private let firstBytes: UnsafePointer<UInt64>
    /// All words' bytes, one after the other; word `i` starts at `starts[i]` and has `lengths[i]` bytes.
    private let bytes: UnsafePointer<UInt8>
    private let starts: UnsafePointer<Int32>
    private let lengths: UnsafePointer<Int32>
    /// The words starting with byte `b` are `order[byFirst[b]..<byFirst[b + 1]]`.
    private let byFirst: UnsafePointer<Int32>
    private let order: UnsafePointer<Int32>

    init(_ words: [String], negative: Bool = false) {
        isNegative = negative
        self.words = words.map { Array($0.lowercased().utf8) }
        let all = self.words
        let flat = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, all.reduce(0) { $0 + $1.count }))
        let starts = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, all.count))
        let lengths = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, all.count))
        var offset = 0
        for (index, word) in all.enumerated() {
            starts[index] = Int32(offset)
            lengths[index] = Int32(word.count)
            for byte in word {
                flat[offset] = byte
                offset += 1
            }
        }
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: 4)
        bits.initialize(repeating: 0, count: 4)
        let byFirst = UnsafeMutablePointer<Int32>.allocate(capacity: 257)
        let order = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, all.count))
        var next = 0
        for byte in 0..<256 {
            byFirst[byte] = Int32(next)
            for (index, word) in all.enumerated() where Int(word[0]) == byte {
                order[next] = Int32(index)
                next += 1
                bits[byte >> 6] |= 1 << UInt64(byte & 63)
            }
        }
        byFirst[256] = Int32(next)
        (self.bytes, self.starts, self.lengths) = (UnsafePointer(flat), UnsafePointer(starts), UnsafePointer(lengths))
        (self.firstBytes, self.byFirst, self.order) = (
            UnsafePointer(bits), UnsafePointer(byFirst), UnsafePointer(order)
        )
    }

    /// The end (in the window) of the last word found in `window`, or nil. ASCII letters compare in either case,
    /// so the window is read where it is, without a lowercased copy.
    func lastMatch(in window: UnsafeBufferPointer<UInt8>) -> (word: Int, end: Int)? {
        guard let base = window.baseAddress else { return nil }
        let count = window.count
        var best: (word: Int, end: Int)?
        for start in 0..<count {
            let byte = Int(Self.lower(base[start]))
            if (firstBytes[byte >> 6] >> UInt64(byte & 63)) & 1 == 0 { continue }
            // Words start at a word boundary; short ones (`tan`, `pin`, `cc`) must also end at one.
            if start > 0, isLetter(base[start - 1]) { continue }
            for slot in Int(byFirst[byte])..<Int(byFirst[byte + 1]) {
                let index = Int(order[slot])
                let length = Int(lengths[index])
                if start + length > count { continue }
                if length <= 3, start + length < count, isLetter(base[start + length]) { continue }
                let word = bytes + Int(starts[index])
                var offset = 1
                while offset < length, Self.lower(base[start + offset]) == word[offset] { offset += 1 }
                if offset == length, best.map({ start + length >= $0.end }) ?? true { best = (index, start + length) }
            }
        }
        return best
    }

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }

    @inline(__always) private func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x80
    }
}

/// The context vocabularies, English and German, for the detectors that need or use context.
enum Vocabulary {
    static let card = ContextWords([
        "card", "karte", "visa", "mastercard", "amex", "pan", "kreditkarte", "cc", "charge", "paid with", "carte",
        "tarjeta", "carta",
    ])
    static let otp = ContextWords([
        "code", "otp", "one-time", "one time", "passcode", "verification", "2fa", "mfa", "tan", "token", "einmal",
        "bestätigungscode", "sicherheitscode", "bestaetigungscode", "verifizierungscode", "pin",
    ])
    static let otpNegative = ContextWords(
        [
            "postal code", "zip code", "postcode", "promo code", "discount code", "error code", "status code",
            "product code",
            "voucher code", "coupon code", "area code", "country code", "sort code", "order", "invoice", "tracking",
            "plz",
            "postleitzahl", "gutschein", "artikel", "item", "sku", "ticket", "case", "ref", "code 200", "http",
            "version",
            "zip",
            "building", "room", "flight", "seat", "bestellung", "rechnung", "kundennummer", "customer", "account",
            "postal-code", "zip-code", "postal_code", "zip_code", "post_code", "zipcode",
            "©", "copyright", "(c)", "since", "seit",
        ], negative: true)
    /// Words that name a number a phone by themselves (not "call", "contact" or "office", which also stand beside
    /// dates, meeting ids and company numbers).
    static let phoneLabel = ContextWords([
        "phone", "tel", "mobile", "cell", "fax", "telefon", "handy", "mobil", "natel", "rufnummer", "whatsapp",
        "téléphone", "telephone", "portable", "telefono", "móvil", "movil", "cellulare", "telefoon", "mobiel",
        "telefone", "celular", "puhelin", "telefonnummer", "hotline",
    ])
    static let iban = ContextWords(["iban", "konto", "account", "compte", "conto", "cuenta", "rekening", "bank"])
    /// Words beside a Luhn-valid number that make it something other than a card.
    static let notCard = ContextWords(
        ["imei", "sim", "serial", "seriennummer", "gtin", "ean", "barcode", "isbn"], negative: true)
    /// Words beside a phone-shaped number that make it an id (`Call ID 1733412345`, `Meeting ID 812 3456 7890`).
    static let notPhone = ContextWords(["id"], negative: true)
    static let birth = ContextWords([
        "birth", "born", "dob", "d.o.b", "bday", "birthday", "geboren", "geburtsdatum", "geburtstag", "geb.",
        "date de naissance", "né le", "née le",
    ])
    static let phone = ContextWords([
        "phone", "tel", "mobile", "cell", "call", "fax", "telefon", "handy", "mobil", "natel", "rufnummer", "whatsapp",
        "sms", "contact", "ring", "reach", "office", "téléphone", "telephone", "portable", "telefono", "móvil", "movil",
        "cellulare", "telefoon", "mobiel", "telefone", "celular", "puhelin", "telefonnummer", "hotline",
    ])
    /// Words before a dotted number that make it a version, not an address.
    static let version = ContextWords(
        ["version", "ver.", "release", "build ", "firmware", "patch", "oid", "snmp"], negative: true)
    static let ssn = ContextWords(["ssn", "social security", "social-security", "ss#", "ss no"])
    static let ahv = ContextWords(["ahv", "avs", "sozialversicherung", "social security", "oasi", "versichertennummer"])
    static let taxID = ContextWords([
        "steuer", "identifikationsnummer", "idnr", "id-nr", "tin", "tax id", "tax identification", "steuerid",
        "steuer-id", "st-idnr",
    ])
    static let nino = ContextWords(["national insurance", "nino", "ni number", "ni no"])
    static let wallet = ContextWords([
        "wallet", "address", "eth", "ethereum", "metamask", "bitcoin", "btc", "withdraw", "deposit", "usdt",
    ])
    static let health = ContextWords([
        "diagnos", "icd", "patient", "condition", "medication", "prescri", "symptom", "treatment", "therapy", "medical",
        "allerg", "clinic", "health", "befund", "medikament", "rezept", "behandlung", "vorerkrankung", "krankheit",
        "erkrankung",
        "gesundheit", "arzt", "doctor", "dosage", "dose", "mg ",
    ])
}
