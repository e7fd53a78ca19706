/// The rules of a CSS style sheet as far as selectors and declarations go: enough to resolve properties such as
/// `display` through the cascade. Comments are skipped; `@media`, `@supports` and `@container` blocks are read with
/// their rules carrying those conditions (see `MediaQuery` for what can be decided); `@layer` blocks and statements
/// give rules their cascade layer, in the order layers are first named; other at-rules (`@font-face`, `@keyframes`,
/// `@import`) are skipped. A selector alternative Markup cannot match (`:hover`, `:has()`, `::before`) is widened by
/// dropping what it does not know, and its rule marked approximate: it may match more than a browser would, so a
/// reader should let it show, never hide. Nested rules (CSS nesting) are skipped.
public struct StyleSheet: Sendable {
    /// One declaration, `display: none !important`.
    public struct Declaration: Sendable, Hashable {
        /// The property, lowercased.
        public var property: String
        /// The value, trimmed, lowercased, without `!important`.
        public var value: String
        public var important: Bool

        public init(property: String, value: String, important: Bool) {
            self.property = property
            self.value = value
            self.important = important
        }
    }

    /// One style rule.
    public struct Rule: Sendable {
        public var selector: Selector
        public var declarations: [Declaration]
        /// The preludes of the `@media`, `@supports` or `@container` blocks around it (`@media (min-width: 600px)`),
        /// outermost first: it applies only where they hold.
        public var conditions: [String]
        /// Its cascade layer (`base`, `base.reset`), or nil outside any layer.
        public var layer: String?
        /// Some alternative of its selector was widened (see the type's comment).
        public var approximate: Bool
    }

    /// The rules in source order.
    public private(set) var rules: [Rule] = []
    /// The layers in the order they were first named: a later layer wins over an earlier one, and styles outside any
    /// layer win over all of them (for `!important` declarations the other way round).
    public private(set) var layers: [String] = []

    /// Reads a style sheet; never throws: what is not understood is skipped, as a browser does.
    public init(_ css: String) {
        var reader = Reader(Array(Self.withoutComments(css).unicodeScalars))
        rules = reader.rules(conditions: [], layer: nil, depth: 0)
        layers = reader.layers
    }

    /// The selector of a rule's prelude: as written when Markup supports it, else each alternative on its own and, where
    /// an alternative uses what Markup cannot match, widened without it (`approximate`). Nil when nothing is left.
    static func selector(_ prelude: String) -> (selector: Selector, approximate: Bool)? {
        // What Markup cannot parse is widened or dropped, as the type's comment says: a browser drops it too.
        if let exact = try? Selector(prelude) { return (exact, false) }
        let alternatives = split(Array(prelude.unicodeScalars)[...], at: ",").map {
            String(String.UnicodeScalarView($0)).cssTrimmed
        }
        var kept: [String] = []
        for alternative in alternatives where !alternative.isEmpty {
            if (try? Selector(alternative)) != nil {
                kept.append(alternative)
            } else if let wide = widened(alternative), (try? Selector(wide)) != nil {
                kept.append(wide)
            }
        }
        guard !kept.isEmpty, let selector = try? Selector(kept.joined(separator: ", ")) else { return nil }
        return (selector, true)
    }

    /// Pseudo-classes Markup matches; every other pseudo-class and every pseudo-element is dropped when widening.
    private static let supportedPseudoClasses: Set<String> = [
        "not", "is", "where", "first-child", "last-child", "only-child", "nth-child", "nth-last-child", "nth-of-type",
        "nth-last-of-type", "checked", "disabled", "enabled", "root", "empty",
    ]

    /// `alternative` without the pseudo-classes and pseudo-elements Markup cannot match (`.field:hover .v` gives
    /// `.field .v`, `a::before` gives `a`); a compound left empty becomes `*`.
    public static func widened(_ alternative: String) -> String? {
        let scalars = Array(alternative.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var index = 0
        var bracket = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "[" { bracket += 1 } else if scalar == "]" { bracket = max(0, bracket - 1) }
            guard scalar == ":", bracket == 0 else {
                output.append(scalar)
                index += 1
                continue
            }
            var end = index + 1
            if end < scalars.count, scalars[end] == ":" { end += 1 }
            let nameStart = end
            while end < scalars.count,
                scalars[end].properties.isAlphabetic || scalars[end] == "-" || ("0"..."9").contains(scalars[end])
            { end += 1 }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<end])).lowercased()
            var close = end
            if close < scalars.count, scalars[close] == "(" {
                var depth = 0
                while close < scalars.count {
                    if scalars[close] == "(" {
                        depth += 1
                    } else if scalars[close] == ")" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    close += 1
                }
                close = min(close + 1, scalars.count)
            }
            if nameStart == index + 1, supportedPseudoClasses.contains(name) {
                output += scalars[index..<close]
            } else if output.isEmpty
                || output.last.map({ $0.properties.isWhitespace || ">+~".unicodeScalars.contains($0) }) == true
            {
                // A compound that was only the dropped part still matches some element.
                output.append("*")
            }
            index = close
        }
        let text = String(String.UnicodeScalarView(output)).cssTrimmed
        return text.isEmpty ? nil : text
    }

    /// The declarations of a `style` attribute.
    public static func declarations(_ text: String) -> [Declaration] {
        declarationList(Array(withoutComments(text).unicodeScalars)[...])
    }

    static func withoutComments(_ css: String) -> String {
        guard css.contains("/*") else { return css }
        var output = ""
        var rest = Substring(css)
        while let open = rest.range(of: "/*") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "*/") else { return output }
            output += " "
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    static func declarationList(_ text: ArraySlice<Unicode.Scalar>) -> [Declaration] {
        var result: [Declaration] = []
        for part in split(text, at: ";") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let property = String(String.UnicodeScalarView(part[..<colon])).cssTrimmed.lowercased()
            var value = String(String.UnicodeScalarView(part[(colon + 1)...])).cssTrimmed.lowercased()
            var important = false
            if let bang = value.range(of: "!") {
                important = value[bang.upperBound...].filter { !$0.isWhitespace } == "important"
                value = String(value[..<bang.lowerBound]).cssTrimmed
            }
            guard !property.isEmpty,
                property.unicodeScalars.allSatisfy({
                    $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0)
                })
            else { continue }
            result.append(Declaration(property: property, value: value, important: important))
        }
        return result
    }

    /// Calls `visit` with each scalar outside quoted strings, from `start`, until it returns false; returns where it
    /// stopped (the end when it never did). Every reader of the sheet goes through here, so a `}` or `;` in a string
    /// (`content: "}"`, `url("a;b.png")`) is never structure.
    static func scan(_ text: ArraySlice<Unicode.Scalar>, from start: Int, _ visit: (Int, Unicode.Scalar) -> Bool) -> Int
    {
        var quote: Unicode.Scalar?
        var index = start
        while index < text.endIndex {
            let scalar = text[index]
            if let open = quote {
                // An unterminated string ends at the line's end, as CSS reads a bad string.
                if scalar == "\\" { index += 1 } else if scalar == open || scalar == "\n" { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if !visit(index, scalar) {
                return index
            }
            index += 1
        }
        return text.endIndex
    }

    /// Splits at `separator` outside strings, parentheses and brackets.
    static func split(_ text: ArraySlice<Unicode.Scalar>, at separator: Unicode.Scalar) -> [ArraySlice<Unicode.Scalar>]
    {
        var parts: [ArraySlice<Unicode.Scalar>] = []
        var depth = 0
        var start = text.startIndex
        _ = scan(text, from: text.startIndex) { index, scalar in
            if scalar == "(" || scalar == "[" {
                depth += 1
            } else if scalar == ")" || scalar == "]" {
                depth = max(0, depth - 1)
            } else if scalar == separator, depth == 0 {
                parts.append(text[start..<index])
                start = index + 1
            }
            return true
        }
        if start < text.endIndex { parts.append(text[start..<text.endIndex]) }
        return parts
    }
}

extension String {
    /// Without leading and trailing white space, as CSS trims declarations.
    var cssTrimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
