/// A recursive-descent parser from selector tokens to `ComplexSelector` values.
///
/// Over 300 lines because it is one grammar: splitting its productions across types would hide the recursion.
struct SelectorParser {
    /// Nesting of `:not()`, `:is()` and `:where()` beyond this is refused, so hostile input cannot exhaust the stack.
    static let maximumNesting = 32
    /// Longer selectors are refused before tokenizing.
    static let maximumLength = 8_192

    private let source: String
    private let tokens: [SelectorToken]
    private var index = 0
    private var nesting = 0

    static func parse(_ source: String) throws(SelectorError) -> [ComplexSelector] {
        let length = source.unicodeScalars.count
        guard length <= maximumLength else {
            throw SelectorError(
                selector: String(source.prefix(80)) + "…", column: maximumLength + 1,
                message: "the selector is \(length) characters long; the limit is \(maximumLength)")
        }
        var parser = SelectorParser(source: source, tokens: try SelectorTokenizer.tokenize(source))
        let list = try parser.parseList(closedBy: nil)
        return list
    }

    private init(source: String, tokens: [SelectorToken]) {
        self.source = source
        self.tokens = tokens
    }

    // MARK: Token access

    private var current: SelectorToken { tokens[index] }

    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        var skipped = false
        while current.kind == .whitespace {
            advance()
            skipped = true
        }
        return skipped
    }

    private func isDelim(_ scalar: Unicode.Scalar) -> Bool { current.kind == .delim(scalar) }

    private func error(_ message: String, at token: SelectorToken? = nil) -> SelectorError {
        SelectorError(selector: source, column: (token ?? current).column, message: message)
    }

    // MARK: Grammar

    /// `complex (',' complex)*`, ending at the end of input or, inside a pseudo-class, at `)`.
    private mutating func parseList(closedBy closer: Unicode.Scalar?) throws(SelectorError) -> [ComplexSelector] {
        var list: [ComplexSelector] = []
        skipWhitespace()
        while true {
            list.append(try parseComplex())
            skipWhitespace()
            if isDelim(",") {
                let comma = current
                advance()
                skipWhitespace()
                if !startsCompound, !startsWithCombinator {
                    throw error(
                        "expected a selector after ',', found \(current.described)",
                        at: current.kind == .end ? comma : current)
                }
                continue
            }
            if let closer, isDelim(closer) { return list }
            if closer == nil, current.kind == .end { return list }
            if closer != nil, current.kind == .end {
                throw error("expected ')' to close the pseudo-class, found the end of the selector")
            }
            throw error("expected ',' or the end of the selector, found \(current.described)")
        }
    }

    /// `compound (combinator compound)*`.
    private mutating func parseComplex() throws(SelectorError) -> ComplexSelector {
        if case let .delim(scalar) = current.kind, let combinator = Combinator(rawValue: String(Character(scalar))) {
            throw error("a selector cannot start with the combinator '\(combinator.rawValue)'")
        }
        var compounds = [try parseCompound()]
        var combinators: [Combinator] = []
        while true {
            let hadWhitespace = skipWhitespace()
            if case let .delim(scalar) = current.kind, ">+~".unicodeScalars.contains(scalar) {
                let symbol = current
                advance()
                skipWhitespace()
                guard startsCompound else {
                    throw error(
                        "expected a selector after '\(Character(scalar))', found \(current.described)",
                        at: current.kind == .end ? symbol : current)
                }
                combinators.append(Combinator(rawValue: String(Character(scalar)))!)
                compounds.append(try parseCompound())
            } else if hadWhitespace, startsCompound {
                combinators.append(.descendant)
                compounds.append(try parseCompound())
            } else {
                return ComplexSelector(compounds: compounds, combinators: combinators)
            }
        }
    }

    private var startsWithCombinator: Bool {
        if case let .delim(scalar) = current.kind { return ">+~".unicodeScalars.contains(scalar) }
        return false
    }

    private var startsCompound: Bool {
        switch current.kind {
        case .ident, .hash, .function: return true
        case .delim(let scalar): return "*.[:|".unicodeScalars.contains(scalar)
        default: return false
        }
    }

    /// A type or universal selector followed by ids, classes, attributes and pseudo-classes, with no whitespace.
    private mutating func parseCompound() throws(SelectorError) -> CompoundSelector {
        var elementName: String?
        var hasType = false
        switch current.kind {
        case let .ident(name):
            elementName = name
            hasType = true
            advance()
        case .delim("*"):
            hasType = true
            advance()
        default:
            break
        }
        if isDelim("|") || current.kind == .match(.dashPrefix) {
            throw error("namespace prefixes ('|') are not supported")
        }
        var conditions: [SimpleSelector] = []
        loop: while true {
            switch current.kind {
            case let .hash(name, isIdentifier):
                guard isIdentifier else {
                    throw error(
                        "'#\(name)' is not a valid id selector: an id selector cannot start with a digit (escape it, e.g. #\\3\(name.prefix(1)) \(name.dropFirst()))"
                    )
                }
                conditions.append(.id(name))
                advance()
            case .delim("."):
                advance()
                guard case let .ident(name) = current.kind else {
                    throw error("expected a class name after '.', found \(current.described)")
                }
                conditions.append(.className(name))
                advance()
            case .delim("["):
                conditions.append(.attribute(try parseAttribute()))
            case .delim(":"):
                conditions.append(.pseudoClass(try parsePseudoClass()))
            case .delim("#"):
                advance()
                throw error("expected an id after '#', found \(current.described)")
            case .function(let name):
                throw error("unexpected '\(name)(': a function is only allowed after ':'")
            default:
                break loop
            }
        }
        if !hasType, conditions.isEmpty {
            throw error("expected a selector, found \(current.described)")
        }
        return CompoundSelector(elementName: elementName, conditions: conditions)
    }

    /// `[name]`, `[name op value]`, `[name op value i]`.
    private mutating func parseAttribute() throws(SelectorError) -> AttributeSelector {
        advance()
        skipWhitespace()
        guard case let .ident(name) = current.kind else {
            throw error("expected an attribute name after '[', found \(current.described)")
        }
        advance()
        if isDelim("|") { throw error("namespace prefixes ('|') are not supported") }
        skipWhitespace()
        if isDelim("]") {
            advance()
            return AttributeSelector(name: name, matcher: .exists, value: "", caseSensitivity: .documentDefault)
        }
        let matcher: AttributeSelector.Operator
        switch current.kind {
        case .delim("="): matcher = .equals
        case let .match(found): matcher = found
        default:
            throw error(
                "expected ']' or an operator (=, ~=, |=, ^=, $=, *=) after the attribute name, found \(current.described)"
            )
        }
        advance()
        skipWhitespace()
        let value: String
        switch current.kind {
        case let .ident(text), let .string(text), let .number(text), let .dimension(text):
            // Bare numbers are not valid CSS identifiers, but every browser's
            // real-world selectors (`[maxlength=4]`) rely on lenient engines; accept them.
            value = text
        default:
            throw error(
                "expected a value after '\(matcher.rawValue)' (a name or a quoted string), found \(current.described)")
        }
        advance()
        skipWhitespace()
        var sensitivity = AttributeSelector.CaseSensitivity.documentDefault
        if case let .ident(flag) = current.kind {
            switch flag.lowercased() {
            case "i": sensitivity = .insensitive
            case "s": sensitivity = .sensitive
            default: throw error("unknown attribute flag '\(flag)'; expected 'i' or 's'")
            }
            advance()
            skipWhitespace()
        }
        guard isDelim("]") else {
            throw error("expected ']' to close the attribute selector, found \(current.described)")
        }
        advance()
        return AttributeSelector(name: name, matcher: matcher, value: value, caseSensitivity: sensitivity)
    }

    private static let supportedPseudoClasses =
        ":not(), :is(), :where(), :first-child, :last-child, :only-child, :nth-child(), :nth-last-child(), :nth-of-type(), :nth-last-of-type(), :checked, :disabled, :enabled, :root, :empty"

    /// One case per supported pseudo-class, kept together so the list reads like the grammar it implements.
    private mutating func parsePseudoClass() throws(SelectorError) -> PseudoClass {
        let colon = current
        advance()
        if isDelim(":") {
            throw error("pseudo-elements such as '::before' are not supported: they never match an element", at: colon)
        }
        switch current.kind {
        case let .ident(name):
            let pseudo: PseudoClass
            switch name.lowercased() {
            case "first-child": pseudo = .firstChild
            case "last-child": pseudo = .lastChild
            case "only-child": pseudo = .onlyChild
            case "checked": pseudo = .checked
            case "disabled": pseudo = .disabled
            case "enabled": pseudo = .enabled
            case "root": pseudo = .root
            case "empty": pseudo = .empty
            case "not", "is", "where", "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
                throw error(
                    "':\(name)' needs an argument in parentheses, e.g. :\(name)(\(name.hasPrefix("nth") ? "2n+1" : ".hidden"))"
                )
            default:
                throw error(
                    "unsupported pseudo-class ':\(name)'; supported are \(Self.supportedPseudoClasses)", at: colon)
            }
            advance()
            return pseudo
        case let .function(name):
            let function = current
            advance()
            switch name.lowercased() {
            case "not", "is", "where":
                nesting += 1
                defer { nesting -= 1 }
                guard nesting <= Self.maximumNesting else {
                    throw error("selectors nest more than \(Self.maximumNesting) levels deep", at: function)
                }
                skipWhitespace()
                if isDelim(")") { throw error("':\(name)()' needs at least one selector") }
                let list = try parseList(closedBy: ")")
                advance()
                switch name.lowercased() {
                case "not": return .not(list)
                case "is": return .is(list)
                default: return .where(list)
                }
            case "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type":
                let pattern = try parseNthPattern(name: name)
                switch name.lowercased() {
                case "nth-child": return .nthChild(pattern)
                case "nth-last-child": return .nthLastChild(pattern)
                case "nth-of-type": return .nthOfType(pattern)
                default: return .nthLastOfType(pattern)
                }
            case "first-child", "last-child", "only-child", "checked", "disabled", "enabled", "root", "empty":
                throw error("':\(name)' takes no argument", at: function)
            default:
                throw error(
                    "unsupported pseudo-class ':\(name)()'; supported are \(Self.supportedPseudoClasses)", at: colon)
            }
        default:
            throw error("expected a pseudo-class name after ':', found \(current.described)")
        }
    }

    /// Reads the raw text up to the closing parenthesis and parses it as An+B.
    private mutating func parseNthPattern(name: String) throws(SelectorError) -> NthPattern {
        let open = index
        while !isDelim(")") {
            if current.kind == .end {
                throw error("expected ')' to close ':\(name)(', found the end of the selector")
            }
            advance()
        }
        let start = tokens[open].start
        let end = current.start
        advance()
        let scalars = Array(source.unicodeScalars)
        let argument = String(String.UnicodeScalarView(scalars[start..<end]))
        return try NthPatternParser.parse(argument, offset: start, selector: source, pseudoClass: name)
    }
}

/// Parses the An+B micro-syntax: `odd`, `even`, `3`, `-n+3`, `2n + 1`, `+5`, `n`.
enum NthPatternParser {
    static func parse(
        _ text: String, offset: Int, selector: String, pseudoClass: String
    ) throws(SelectorError) -> NthPattern {
        let scalars = Array(text.unicodeScalars)
        var position = 0
        func fail(_ detail: String) -> SelectorError {
            SelectorError(
                selector: selector, column: offset + position + 1,
                message: "':\(pseudoClass)()' expects an+b (e.g. 2n+1, -n+3, odd, even): \(detail)")
        }
        func skipSpaces() {
            while position < scalars.count, SelectorTokenizer.isWhitespace(scalars[position]) { position += 1 }
        }
        func digits() -> Int? {
            var value = 0
            var count = 0
            while position < scalars.count, SelectorTokenizer.isDigit(scalars[position]) {
                value = min(value * 10 + Int(scalars[position].value - 48), 1_000_000_000)
                position += 1
                count += 1
            }
            return count > 0 ? value : nil
        }
        skipSpaces()
        let rest = String(String.UnicodeScalarView(scalars[position...])).trimmingCharactersInWhitespace().lowercased()
        if rest == "odd" { return NthPattern(a: 2, b: 1) }
        if rest == "even" { return NthPattern(a: 2, b: 0) }
        if rest.isEmpty { throw fail("the argument is empty") }

        var sign = 1
        if scalars[position] == "+" || scalars[position] == "-" {
            sign = scalars[position] == "-" ? -1 : 1
            position += 1
        }
        let leading = digits()
        var a = 0
        var b = 0
        if position < scalars.count, scalars[position] == "n" || scalars[position] == "N" {
            a = sign * (leading ?? 1)
            position += 1
            skipSpaces()
            if position < scalars.count, scalars[position] == "+" || scalars[position] == "-" {
                let bSign = scalars[position] == "-" ? -1 : 1
                position += 1
                skipSpaces()
                guard let value = digits() else { throw fail("expected a number after the sign") }
                b = bSign * value
            }
        } else {
            guard let value = leading else { throw fail("expected a number or 'n'") }
            b = sign * value
        }
        skipSpaces()
        if position < scalars.count {
            if String(String.UnicodeScalarView(scalars[position...])).lowercased().hasPrefix("of") {
                throw fail("the 'of S' form is not supported")
            }
            throw fail("unexpected '\(Character(scalars[position]))'")
        }
        return NthPattern(a: a, b: b)
    }
}

extension String {
    func trimmingCharactersInWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, SelectorTokenizer.isWhitespace(scalars[start]) { start += 1 }
        while end > start, SelectorTokenizer.isWhitespace(scalars[end - 1]) { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
