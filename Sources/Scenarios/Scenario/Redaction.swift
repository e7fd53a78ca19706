/// How reports show a sensitive value: never the value itself unless the user asks, and at most what standards allow.
public enum Redaction {
    static let bullet: Character = "•"

    /// The evidence for `value` of `dataClass`, or the value itself when `reveal` is set (planted values are synthetic).
    public static func evidence(_ value: String, dataClass: DataClass, reveal: Bool = false) -> String {
        if reveal { return value }
        switch dataClass {
        case .cardNumber:
            // PCI DSS allows the first six and last four; four and four is enough to recognise a card in a report.
            return keeping(value, first: 4, last: 4)
        case .iban, .bankAccount:
            return keeping(value, first: 2, last: 2)
        case .nationalID, .phone:
            return keeping(value, first: 0, last: 2)
        case .email:
            guard let at = value.firstIndex(of: "@"), at > value.startIndex else { return fixed }
            return String(value[value.startIndex]) + "•••" + value[at...]
        case .cardSecurityCode, .password, .oneTimeCode, .seedPhrase:
            // A fixed mask: the length of a secret is information too.
            return fixed
        case .secret:
            return secretPrefix(value) + fixed
        case .cardExpiry, .dateOfBirth, .ipAddress:
            // Separators stay (a date's, an address's dots and colons): which kind of value it is, not which value.
            return String(value.map { $0.isNumber || $0.isLetter ? bullet : $0 })
        case .cryptoWallet:
            guard value.count > 10 else { return fixed }
            return value.prefix(4) + "…" + value.suffix(4)
        case .healthData, .postalAddress, .other:
            // One letter of a short value (a month, a branch code) is a good part of it.
            guard value.filter({ $0.isLetter || $0.isNumber }).count >= 5 else { return fixed }
            return String(value.prefix(1)) + fixed
        }
    }

    static let fixed = "••••••••"

    /// How many of `value`'s first letters and digits its evidence shows (a card's first four, an e-mail's first letter).
    static func keptPrefix(_ value: String, dataClass: DataClass) -> Int {
        let significant = value.filter { $0.isLetter || $0.isNumber }.count
        switch dataClass {
        case .cardNumber: return significant > 10 ? 4 : 0
        case .iban, .bankAccount: return significant > 6 ? 2 : 0
        case .email: return value.firstIndex(of: "@").map { $0 > value.startIndex ? 1 : 0 } ?? 0
        case .cryptoWallet: return value.count > 10 ? 4 : 0
        case .healthData, .postalAddress, .other: return significant >= 5 ? 1 : 0
        case .secret:
            return secretPrefix(value).filter { $0.isLetter || $0.isNumber }.count
        case .nationalID, .phone, .cardSecurityCode, .password, .oneTimeCode, .seedPhrase, .cardExpiry, .dateOfBirth,
            .ipAddress:
            return 0
        }
    }

    /// The evidence for part of `value` — a prefix typed so far, or a rendering with some characters masked —
    /// where `crossed` is the text that crossed and `revealed` how many of the value's `total` letters and digits it
    /// shows: at most the leading characters the whole value's evidence would keep (and only those that are the
    /// value's, not a mask's `X`), then how much crossed (`4111 ·· (4 of 16 digits)`). For a secret whose evidence is
    /// a fixed mask (a security code, a password, a one-time code, a seed phrase, a token) nothing about its length is
    /// said: `•••••••• (in part)`. Never more of the value than `evidence` shows.
    public static func partial(
        _ crossed: String, of value: String, dataClass: DataClass, revealed: Int, total: Int, reveal: Bool = false
    ) -> String {
        if reveal { return crossed }
        switch dataClass {
        case .cardSecurityCode, .password, .oneTimeCode, .seedPhrase, .secret:
            return secretPrefix(value).isEmpty || !crossed.hasPrefix(secretPrefix(value))
                ? fixed + " (in part)" : secretPrefix(value) + fixed + " (in part)"
        default: break
        }
        var keep = min(keptPrefix(value, dataClass: dataClass), revealed)
        var expected = value.filter { $0.isLetter || $0.isNumber }.makeIterator()
        var shown = ""
        for character in crossed where keep > 0 {
            if character.isLetter || character.isNumber {
                // A character that is not the value's (a mask's `X`) ends what may be shown.
                guard let next = expected.next(), next.lowercased() == character.lowercased() else { break }
                shown.append(character)
                keep -= 1
            } else if !shown.isEmpty, character == " " || character == "-" || character == "." {
                shown.append(character)
            } else {
                break
            }
        }
        if !shown.isEmpty, shown.last != " " { shown.append(" ") }
        let unit = value.allSatisfy { !($0.isLetter) } ? "digits" : "characters"
        return shown + "·· (\(revealed) of \(total) \(unit))"
    }

    /// Keeps the first and last `first`/`last` letters and digits and the separators between them.
    static func keeping(_ value: String, first: Int, last: Int) -> String {
        let significant = value.filter { $0.isLetter || $0.isNumber }.count
        guard significant > first + last + 2 else { return fixed }
        var seen = 0
        return String(
            value.map { character -> Character in
                guard character.isLetter || character.isNumber else { return character }
                defer { seen += 1 }
                return seen < first || seen >= significant - last ? character : bullet
            })
    }

    /// The public prefixes of well-known tokens: they name the kind of secret and nothing more.
    static let secretPrefixes = [
        "github_pat_", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "-----BEGIN ", "glpat-", "xoxb-", "xoxp-",
        "xoxa-", "xoxr-", "xoxs-",
        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_", "AKIA", "ASIA", "AIza", "SG.", "eyJ",
    ]

    /// The token's well-known prefix (`ghp_`, `sk_live_`, `AKIA`), or nothing for any other secret.
    static func secretPrefix(_ value: String) -> String {
        secretPrefixes.first { value.hasPrefix($0) } ?? ""
    }

    /// A URL without its query and fragment, where reset tokens and e-mail addresses travel.
    public static func url(_ url: String) -> String {
        guard let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return url }
        return String(url[..<cut]) + (url[cut...].count > 1 ? "?…" : "")
    }
}
