import Foundation

/// Text as the classifier reads it: lowercase, accents folded, split into words at anything
/// that is not a letter or digit, at camelCase humps and between letters and digits.
enum Words {
    /// The words of `text`: `creditCard[expMonth]_2` → `credit card exp month 2`, `Prüfnummer` → `prufnummer`.
    /// `#` is a word of its own, because `Card #` names a card number.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current: [Unicode.Scalar] = []
        var previous: Unicode.Scalar?
        let scalars = Array(text.unicodeScalars)
        func flush() {
            if !current.isEmpty { words.append(fold(current)) }
            current.removeAll(keepingCapacity: true)
        }
        for (index, scalar) in scalars.enumerated() {
            if isMark(scalar) {
                // A combining accent belongs to the letter before it.
                if !current.isEmpty { current.append(scalar) }
                continue
            }
            guard isWordScalar(scalar) else {
                flush()
                if scalar == "#" { words.append("#") }
                previous = nil
                continue
            }
            if let before = previous, !current.isEmpty {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if isDigit(before) != isDigit(scalar)
                    || (isLower(before) && isUpper(scalar))
                    || (isUpper(before) && isUpper(scalar) && next.map(isLower) == true)
                {
                    flush()
                }
            }
            current.append(scalar)
            previous = scalar
        }
        flush()
        return words
    }

    /// `text` lowercased with accents and compatibility forms folded (`Nº` → `no`, full-width → ASCII).
    static func fold(_ text: String) -> String { fold(Array(text.unicodeScalars)) }

    static func fold(_ scalars: [Unicode.Scalar]) -> String {
        if scalars.allSatisfy(\.isASCII) {
            return String(
                String.UnicodeScalarView(
                    scalars.map { $0.value >= 65 && $0.value <= 90 ? Unicode.Scalar($0.value + 32)! : $0 }))
        }
        let lowered = String(String.UnicodeScalarView(scalars)).lowercased()
        let decomposed = lowered.decomposedStringWithCompatibilityMapping
        return String(String.UnicodeScalarView(decomposed.unicodeScalars.filter { !isMark($0) }))
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 48 && value <= 57) || (value >= 65 && value <= 90) || (value >= 97 && value <= 122)
        }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            ? (scalar.value >= 48 && scalar.value <= 57) : scalar.properties.generalCategory == .decimalNumber
    }

    static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value >= 65 && scalar.value <= 90) : scalar.properties.isUppercase
    }

    static func isLower(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value >= 97 && scalar.value <= 122) : scalar.properties.isLowercase
    }

    /// Japanese, Chinese and Korean script, where words are not separated by spaces.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF66...0xFF9F: true
        default: false
        }
    }

    static func containsCJK(_ text: String) -> Bool {
        text.unicodeScalars.contains { !$0.isASCII && isCJK($0) }
    }
}
