import Markup

/// What the options of a `<select>` look like: months, days, or years of a card's life or a person's.
enum OptionShape: String, Sendable {
    case months, days
    /// A short run of years from a recent one on: a card's expiry.
    case expiryYears = "expiry years"
    /// Many years, or years long past: a birth year.
    case birthYears = "birth years"

    /// The shape of `select`'s options, or nil when they are anything else.
    /// Placeholder options ("Month", "--", an empty value) are left out.
    static func of(_ select: Node) -> OptionShape? {
        var numbers: [Int] = []
        var monthNames = 0
        var options = 0
        var twoDigitYears = true
        for option in select.descendants where option.isElement && option.name == "option" {
            let text = option.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            let value = option.attribute("value") ?? text
            if value.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            options += 1
            if options > 140 { return nil }
            if let number = leadingNumber(value) ?? leadingNumber(text) {
                numbers.append(number)
                if value.trimmingCharacters(in: .whitespaces).count > 2 { twoDigitYears = false }
            } else if let month = monthNumber(text) {
                numbers.append(month)
                monthNames += 1
            }
        }
        // Most options must read as numbers (a placeholder like "Year" may still have a value).
        guard options >= 2, numbers.count * 10 >= options * 8 else { return nil }
        let low = numbers.min()!, high = numbers.max()!
        if monthNames >= 10 || (numbers.count >= 11 && numbers.count <= 13 && low >= 0 && high <= 12) { return .months }
        if numbers.count >= 28, numbers.count <= 32, low >= 0, high <= 31 { return .days }
        if low >= 1900, high <= 2100 {
            if low <= 1950 || numbers.count > 30 || numbers.first! > numbers.last! { return .birthYears }
            return .expiryYears
        }
        if twoDigitYears, high <= 99 {
            if numbers.count > 32 { return .birthYears }
            // Two-digit years that start past the months and days: 24, 25, … 40.
            if numbers.count >= 5, low > 12 { return .expiryYears }
        }
        return nil
    }

    private static func leadingNumber(_ text: String) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4 else { return nil }
        return Int(digits)
    }

    private static func monthNumber(_ text: String) -> Int? {
        let folded = Words.fold(text).trimmingCharacters(in: .whitespaces)
        if let number = Vocabulary.shared.monthNames[folded] { return number }
        // "Jan (01)", "Januar 2025": the first word.
        guard let first = Words.split(text).first else { return nil }
        return Vocabulary.shared.monthNames[first]
    }
}

/// Month names of the field classifier's languages (`Words/month-names.txt`), for reading a month a person chose.
public enum MonthNames {
    /// 1–12 for a month's name or abbreviation (`November`, `nov`, `März`, `11月`), nil for anything else.
    public static func number(_ text: String) -> Int? {
        let folded = Words.fold(text).trimmingCharacters(in: .whitespaces)
        return Vocabulary.shared.monthNames[folded]
    }
}
