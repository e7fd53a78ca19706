/// Words near a candidate that make a detector sure (or, for negatives, unsure) of it, matched case-insensitively on bytes.
struct ContextWords: Sendable {
    let words: [[UInt8]]
    /// The words by their first byte (lowercased): only those are compared at a position.
    private let byFirstByte: [[Int]]

    init(_ words: [String]) {
        self.words = words.map { Array($0.lowercased().utf8) }
        var first = [[Int]](repeating: [], count: 256)
        for (index, word) in self.words.enumerated() { first[Int(word[0])].append(index) }
        byFirstByte = first
    }

    /// The end (in the window) of the last word found in `window`, or nil. The window is already lowercased.
    func lastMatch(in window: UnsafeBufferPointer<UInt8>) -> (word: Int, end: Int)? {
        var best: (word: Int, end: Int)?
        guard !window.isEmpty else { return nil }
        for start in 0..<window.count {
            let candidates = byFirstByte[Int(window[start])]
            if candidates.isEmpty { continue }
            // Words start at a word boundary; short ones (`tan`, `pin`, `cc`) must also end at one.
            if start > 0, isLetter(window[start - 1]) { continue }
            for index in candidates {
                let word = words[index]
                if start + word.count > window.count { continue }
                if word.count <= 3, start + word.count < window.count, isLetter(window[start + word.count]) { continue }
                var equal = true
                for offset in 1..<word.count where window[start + offset] != word[offset] {
                    equal = false
                    break
                }
                if equal, best.map({ start + word.count >= $0.end }) ?? true { best = (index, start + word.count) }
            }
        }
        return best
    }

    private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x80 }
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
    static let otpNegative = ContextWords([
        "postal code", "zip code", "postcode", "promo code", "discount code", "error code", "status code",
        "product code",
        "voucher code", "coupon code", "area code", "country code", "sort code", "order", "invoice", "tracking", "plz",
        "postleitzahl", "gutschein", "artikel", "item", "sku", "ticket", "case", "ref", "code 200", "http", "version",
        "zip",
        "building", "room", "flight", "seat", "bestellung", "rechnung", "kundennummer", "customer", "account", "id",
        "postal-code", "zip-code", "postal_code", "zip_code", "post_code", "zipcode",
        "©", "copyright", "(c)", "since", "seit",
    ])
    /// Words that name a number a phone by themselves (not "call", "contact" or "office", which also stand beside
    /// dates, meeting ids and company numbers).
    static let phoneLabel = ContextWords([
        "phone", "tel", "mobile", "cell", "fax", "telefon", "handy", "mobil", "natel", "rufnummer", "whatsapp",
        "téléphone", "telephone", "portable", "telefono", "móvil", "movil", "cellulare", "telefoon", "mobiel",
        "telefone", "celular", "puhelin", "telefonnummer", "hotline",
    ])
    static let iban = ContextWords(["iban", "konto", "account", "compte", "conto", "cuenta", "rekening", "bank"])
    /// Words beside a Luhn-valid number that make it something other than a card.
    static let notCard = ContextWords(["imei", "sim", "serial", "seriennummer", "gtin", "ean", "barcode", "isbn"])
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
    static let version = ContextWords([
        "version", "ver.", "release", "build", "firmware", "update", "patch", "oid", "snmp",
    ])
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
