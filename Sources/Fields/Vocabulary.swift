import Foundation
import Installation

/// What a phrase in a control's names or labels can say; one word table each (`Words/<concept>.txt`).
enum Concept: String, CaseIterable, Sendable {
    case cardNumber = "card-number"
    case cardExpiry = "card-expiry"
    case cardSecurityCode = "card-security-code"
    /// "Security code", "verification code": a card's on a card form, otherwise a one-time code.
    case securityCode = "security-code"
    case cardholderName = "cardholder-name"
    case password
    case oneTimeCode = "one-time-code"
    case iban
    case bankAccount = "bank-account"
    case routingNumber = "routing-number"
    case nationalID = "national-id"
    case taxID = "tax-id"
    case dateOfBirth = "date-of-birth"
    case securityAnswer = "security-answer"
    case securityQuestion = "security-question"
    case pin
    case giftCard = "gift-card"
    case seedPhrase = "seed-phrase"
    case search, quantity, coupon
    case postalCode = "postal-code"
    case comment
    // Modifiers: they refine a class or give context, and name no field on their own.
    case newPassword = "new-password"
    case currentPassword = "current-password"
    case answer, card, month, year, day, holder, name
    case otherDate = "other-date"
    // What a button or link does (`ControlActions`): they name no field.
    case actionPayment = "action-payment"
    case actionMoneyTransfer = "action-money-transfer"
    case actionPasswordChange = "action-password-change"
    case actionPayoutAccount = "action-payout-account"
    case actionSecuritySettings = "action-security-settings"
    case actionAccountDeletion = "action-account-deletion"
    case actionAccessKeys = "action-access-keys"

    /// True for the concepts that name a field on their own (the rest only refine or give context).
    var namesField: Bool {
        switch self {
        case .newPassword, .currentPassword, .answer, .card, .month, .year, .day, .holder, .name, .otherDate: false
        case .actionPayment, .actionMoneyTransfer, .actionPasswordChange, .actionPayoutAccount, .actionSecuritySettings,
            .actionAccountDeletion, .actionAccessKeys:
            false
        default: true
        }
    }
}

/// A phrase of a word table, ready to match.
struct Phrase: Sendable {
    let text: String
    let words: [String]
    /// The words run together, for matching inside a longer word (`kartennummer` in `kreditkartennummer`).
    let compact: String
    /// Japanese or Chinese: matched anywhere in the folded text.
    let inScript: Bool
    /// The phrase folded like the texts it is looked for in.
    let folded: String
}

/// One phrase found in a text.
struct PhraseMatch: Sendable, Hashable {
    let concept: Concept
    let phrase: String
    /// Word positions it covers in the text.
    let range: Range<Int>
    /// Letters it covers, to prefer the longer of two overlapping matches.
    let length: Int
    /// The language of the table line it came from; nil for developers' names.
    let language: String?
}

/// The word tables, loaded once from the `Words` resource folder, indexed for matching.
final class Vocabulary: Sendable {
    static let shared = Vocabulary()

    private struct Entry: Sendable {
        let concept: Concept
        let phrase: Phrase
        let namesOnly: Bool
        let cancels: Bool
        let language: String?
    }

    /// Entries by their first word.
    private let byFirstWord: [String: [Entry]]
    /// Entries of six letters or more by their first three letters, for matching inside words.
    private let byPrefix: [String: [Entry]]
    private let inScript: [Entry]
    /// Month names of every language, by number 1–12.
    let monthNames: [String: Int]

    private init() {
        var byFirstWord: [String: [Entry]] = [:]
        var byPrefix: [String: [Entry]] = [:]
        var inScript: [Entry] = []
        for concept in Concept.allCases {
            for (key, phrases) in Self.lines(of: concept.rawValue) {
                let namesOnly = key == "names"
                let cancels = key == "not"
                for text in phrases {
                    let words = Words.split(text)
                    guard !words.isEmpty else { continue }
                    let phrase = Phrase(
                        text: text, words: words, compact: words.joined(), inScript: Words.containsCJK(text),
                        folded: Words.fold(text))
                    let entry = Entry(
                        concept: concept, phrase: phrase, namesOnly: namesOnly, cancels: cancels,
                        language: namesOnly || cancels ? nil : key)
                    if phrase.inScript {
                        inScript.append(entry)
                        continue
                    }
                    byFirstWord[words[0], default: []].append(entry)
                    if phrase.compact.count >= 6 {
                        byPrefix[String(phrase.compact.prefix(3)), default: []].append(entry)
                    }
                }
            }
        }
        var months: [String: Int] = [:]
        for (_, names) in Self.lines(of: "month-names") {
            for (index, name) in names.enumerated() { months[Words.fold(name)] = index + 1 }
        }
        self.byFirstWord = byFirstWord
        self.byPrefix = byPrefix
        self.inScript = inScript
        monthNames = months
    }

    /// The `key: phrase | phrase` lines of one word file.
    private static func lines(of name: String) -> [(String, [String])] {
        guard let url = ResourceBundles.file("Words/\(name).txt", of: "Fields"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            // The tables ship with the tool, and the command checks its resources before it starts: a library user
            // without them cannot classify anything.
            fatalError(ResourceBundles.problem(["the field classifier's word table '\(name).txt'"]))
        }
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { return nil }
            let key = String(trimmed[..<colon])
            let phrases = trimmed[trimmed.index(after: colon)...].split(separator: "|")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return (key, phrases)
        }
    }

    /// Every concept phrase in `text`. `names`: the text is a `name` or `id`, where developers' abbreviations count too.
    /// A concept whose `not` phrase occurs is dropped, and a field-naming match inside a longer one of another concept
    /// ("security code" inside "card security code") gives way to it.
    func matches(in text: String, names: Bool) -> [PhraseMatch] {
        let words = Words.split(text)
        var found: [PhraseMatch] = []
        var cancelled: Set<Concept> = []
        func take(_ entry: Entry, _ range: Range<Int>, _ length: Int) {
            if entry.namesOnly, !names { return }
            if entry.cancels {
                cancelled.insert(entry.concept)
            } else {
                found.append(
                    PhraseMatch(
                        concept: entry.concept, phrase: entry.phrase.text, range: range, length: length,
                        language: entry.language))
            }
        }
        for (index, word) in words.enumerated() {
            for entry in byFirstWord[word] ?? [] {
                let phraseWords = entry.phrase.words
                guard index + phraseWords.count <= words.count else { continue }
                if phraseWords.count == 1 || Array(words[index..<(index + phraseWords.count)]) == phraseWords {
                    take(entry, index..<(index + phraseWords.count), entry.phrase.compact.count)
                }
            }
            // Inside a longer word: `kreditkartennummer`, `ccexpiration`, `passwortwiederholen`.
            let letters = Array(word)
            guard letters.count > 6 else { continue }
            for start in 0...(letters.count - 6) {
                let prefix = String(letters[start..<(start + 3)])
                for entry in byPrefix[prefix] ?? [] where entry.phrase.compact != word {
                    let compact = Array(entry.phrase.compact)
                    if start + compact.count <= letters.count,
                        Array(letters[start..<(start + compact.count)]) == compact
                    {
                        take(entry, index..<(index + 1), compact.count)
                    }
                }
            }
        }
        if Words.containsCJK(text) {
            let folded = Words.fold(text)
            for entry in inScript where folded.contains(entry.phrase.folded) {
                take(entry, 0..<words.count, entry.phrase.text.count * 2)
            }
        }
        found.removeAll { cancelled.contains($0.concept) }
        return found.filter { match in
            guard match.concept.namesField else { return true }
            return !found.contains { other in
                other.concept != match.concept && other.concept.namesField && other.length > match.length
                    && other.range.lowerBound <= match.range.lowerBound
                    && other.range.upperBound >= match.range.upperBound
            }
        }
    }
}
