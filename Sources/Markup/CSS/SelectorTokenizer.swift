/// One token of a selector, with its position in the source's Unicode scalars.
struct SelectorToken: Equatable {
    enum Kind: Equatable {
        case ident(String)
        /// A name directly followed by `(`, e.g. `not(`.
        case function(String)
        /// `#name`; `isIdentifier` is false for `#1a`, which is no valid id selector.
        case hash(String, isIdentifier: Bool)
        case string(String)
        /// A number with optional sign, e.g. `+3`, `-2`, `10`.
        case number(String)
        /// A number followed by a name, e.g. `2n` in `2n+1`.
        case dimension(String)
        case whitespace
        case match(AttributeSelector.Operator)
        case delim(Unicode.Scalar)
        case end
    }

    let kind: Kind
    /// Offset of the first scalar.
    let start: Int
    /// Offset just past the last scalar.
    let end: Int

    /// 1-based column.
    var column: Int { start + 1 }

    /// How the token reads in an error message.
    var described: String {
        switch kind {
        case let .ident(name): "'\(name)'"
        case let .function(name): "'\(name)('"
        case let .hash(name, _): "'#\(name)'"
        case let .string(text): "the string \"\(text)\""
        case let .number(text), let .dimension(text): "'\(text)'"
        case .whitespace: "whitespace"
        case let .match(matcher): "'\(matcher.rawValue)'"
        case let .delim(scalar): "'\(Character(scalar))'"
        case .end: "the end of the selector"
        }
    }
}

/// Splits a selector into tokens following CSS Syntax Level 3, as far as selectors need.
struct SelectorTokenizer {
    private let scalars: [Unicode.Scalar]
    private let source: String
    private var position = 0

    init(_ source: String) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
    }

    static func tokenize(_ source: String) throws(SelectorError) -> [SelectorToken] {
        var tokenizer = SelectorTokenizer(source)
        var tokens: [SelectorToken] = []
        while true {
            let token = try tokenizer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < scalars.count ? scalars[index] : nil
    }

    private func error(_ message: String, at offset: Int) -> SelectorError {
        SelectorError(selector: source, column: offset + 1, message: message)
    }

    /// The next token. Over 60 lines: one case per token the selector grammar has, as the grammar lists them.
    private mutating func next() throws(SelectorError) -> SelectorToken {
        let start = position
        guard let scalar = peek() else { return SelectorToken(kind: .end, start: start, end: start) }
        func token(_ kind: SelectorToken.Kind) -> SelectorToken {
            SelectorToken(kind: kind, start: start, end: position)
        }

        if Self.isWhitespace(scalar) {
            while let next = peek(), Self.isWhitespace(next) { position += 1 }
            return token(.whitespace)
        }
        if scalar == "\"" || scalar == "'" {
            return token(.string(try consumeString(quote: scalar)))
        }
        if scalar == "#" {
            position += 1
            guard startsName() else { return token(.delim("#")) }
            let isIdentifier = startsIdentifier()
            return token(.hash(try consumeName(), isIdentifier: isIdentifier))
        }
        if let matcher = attributeMatcher(scalar), peek(1) == "=" {
            position += 2
            return token(.match(matcher))
        }
        if startsNumber() {
            var text = ""
            if let sign = peek(), sign == "+" || sign == "-" {
                text.unicodeScalars.append(sign)
                position += 1
            }
            while let digit = peek(), Self.isDigit(digit) {
                text.unicodeScalars.append(digit)
                position += 1
            }
            if peek() == ".", let after = peek(1), Self.isDigit(after) {
                text += "."
                position += 1
                while let digit = peek(), Self.isDigit(digit) {
                    text.unicodeScalars.append(digit)
                    position += 1
                }
            }
            if startsIdentifier() {
                return token(.dimension(text + (try consumeName())))
            }
            return token(.number(text))
        }
        if startsIdentifier() {
            let name = try consumeName()
            if peek() == "(" {
                position += 1
                return token(.function(name))
            }
            return token(.ident(name))
        }
        if scalar == "\\" {
            throw error("a backslash must escape a character", at: start)
        }
        position += 1
        return token(.delim(scalar))
    }

    private func attributeMatcher(_ scalar: Unicode.Scalar) -> AttributeSelector.Operator? {
        switch scalar {
        case "~": .includesWord
        case "|": .dashPrefix
        case "^": .prefix
        case "$": .suffix
        case "*": .substring
        default: nil
        }
    }

    // MARK: Names and escapes

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar.value >= 0x80
    }

    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || isDigit(scalar) || scalar == "-"
    }

    private func isValidEscape(at offset: Int) -> Bool {
        guard peek(offset) == "\\", let next = peek(offset + 1) else { return false }
        return next != "\n"
    }

    /// Whether an identifier starts here (CSS "would start an identifier").
    private func startsIdentifier() -> Bool {
        guard let first = peek() else { return false }
        if first == "-" {
            guard let second = peek(1) else { return false }
            return Self.isNameStart(second) || second == "-" || isValidEscape(at: 1)
        }
        return Self.isNameStart(first) || isValidEscape(at: 0)
    }

    /// Whether a name (identifier characters, possibly starting with a digit) starts here.
    private func startsName() -> Bool {
        guard let first = peek() else { return false }
        return Self.isNameCharacter(first) || isValidEscape(at: 0)
    }

    private func startsNumber() -> Bool {
        guard let first = peek() else { return false }
        if Self.isDigit(first) { return true }
        if first == "+" || first == "-", let second = peek(1) {
            if Self.isDigit(second) { return true }
            if second == ".", let third = peek(2), Self.isDigit(third) { return true }
        }
        return false
    }

    private mutating func consumeName() throws(SelectorError) -> String {
        var name = String.UnicodeScalarView()
        while let scalar = peek() {
            if Self.isNameCharacter(scalar) {
                name.append(scalar)
                position += 1
            } else if isValidEscape(at: 0) {
                name.append(try consumeEscape())
            } else {
                break
            }
        }
        return String(name)
    }

    /// Consumes `\` and what it escapes: up to six hex digits (and one trailing space) or any other character.
    private mutating func consumeEscape() throws(SelectorError) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let first = peek() else { throw error("a backslash must escape a character", at: start) }
        guard Self.isHexDigit(first) else {
            position += 1
            return first
        }
        var value: UInt32 = 0
        var digits = 0
        while digits < 6, let digit = peek(), Self.isHexDigit(digit) {
            value = value * 16 + UInt32(Character(digit).hexDigitValue ?? 0)
            digits += 1
            position += 1
        }
        if let space = peek(), Self.isWhitespace(space) { position += 1 }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }

    private mutating func consumeString(quote: Unicode.Scalar) throws(SelectorError) -> String {
        let start = position
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw error("unterminated string; expected a closing \(Character(quote))", at: start)
            }
            if scalar == quote {
                position += 1
                return String(text)
            }
            if scalar == "\n" {
                throw error("a string cannot contain a line break; expected a closing \(Character(quote))", at: start)
            }
            if scalar == "\\" {
                if peek(1) == "\n" {
                    position += 2
                    continue
                }
                if peek(1) == nil {
                    throw error("unterminated string; expected a closing \(Character(quote))", at: start)
                }
                text.append(try consumeEscape())
                continue
            }
            text.append(scalar)
            position += 1
        }
    }
}
