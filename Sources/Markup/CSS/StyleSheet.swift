/// The rules of a CSS style sheet as far as selectors and declarations go: enough to resolve properties such as
/// `display` through the cascade. Comments are skipped; `@media`, `@supports`, `@container` and `@layer` blocks are
/// read with their rules carrying those conditions (see `MediaQuery` for what can be decided); other at-rules
/// (`@font-face`, `@keyframes`, `@import`) are skipped. A rule whose selector Markup cannot parse is dropped, as a
/// browser drops a rule with an invalid selector. Nested rules (CSS nesting) are skipped.
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
        /// The preludes of the `@media`, `@supports`, `@container` or `@layer` blocks around it (`@media (min-width:
        /// 600px)`), outermost first: it applies only where they hold.
        public var conditions: [String]
    }

    /// The rules in source order.
    public private(set) var rules: [Rule] = []

    /// Reads a style sheet; never throws: what is not understood is skipped, as a browser does.
    public init(_ css: String) {
        var reader = Reader(Array(Self.withoutComments(css).unicodeScalars))
        rules = reader.rules(conditions: [], depth: 0)
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
            guard !property.isEmpty, property.unicodeScalars.allSatisfy({ $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            else { continue }
            result.append(Declaration(property: property, value: value, important: important))
        }
        return result
    }

    /// Calls `visit` with each scalar outside quoted strings, from `start`, until it returns false; returns where it
    /// stopped (the end when it never did). Every reader of the sheet goes through here, so a `}` or `;` in a string
    /// (`content: "}"`, `url("a;b.png")`) is never structure.
    static func scan(_ text: ArraySlice<Unicode.Scalar>, from start: Int, _ visit: (Int, Unicode.Scalar) -> Bool) -> Int {
        var quote: Unicode.Scalar?
        var index = start
        while index < text.endIndex {
            let scalar = text[index]
            if let open = quote {
                if scalar == "\\" { index += 1 } else if scalar == open { quote = nil }
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
    static func split(_ text: ArraySlice<Unicode.Scalar>, at separator: Unicode.Scalar) -> [ArraySlice<Unicode.Scalar>] {
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

    private struct Reader {
        let text: [Unicode.Scalar]
        var index = 0

        init(_ text: [Unicode.Scalar]) { self.text = text }

        /// Rules until the end of the text or of the enclosing block.
        mutating func rules(conditions: [String], depth: Int) -> [Rule] {
            var rules: [Rule] = []
            while index < text.count {
                skipWhitespace()
                guard index < text.count else { break }
                if text[index] == "}" {
                    index += 1
                    // A stray brace at the top level is skipped; inside a block it closes the block.
                    if depth == 0 { continue }
                    break
                }
                let start = index
                guard let end = preludeEnd() else {
                    index = text.count
                    break
                }
                if text[end] == "}" {
                    // A prelude cut short by a closing brace is dropped; the brace is read next.
                    index = end
                    continue
                }
                let prelude = String(String.UnicodeScalarView(text[start..<end])).cssTrimmed
                if text[end] == ";" {
                    // An at-rule without a block (`@import url(x);`), or a stray declaration: nothing to apply.
                    index = end + 1
                    continue
                }
                index = end + 1
                if prelude.hasPrefix("@") {
                    let name = prelude.dropFirst().prefix { $0.isLetter || $0 == "-" }.lowercased()
                    // Depth is bounded so a hostile sheet of nested blocks cannot exhaust the stack.
                    if ["media", "supports", "container", "layer", "document"].contains(name), depth < 16 {
                        rules += self.rules(conditions: conditions + [prelude], depth: depth + 1)
                    } else {
                        skipBlock()
                    }
                    continue
                }
                let bodyStart = index
                skipBlock()
                let body = text[bodyStart..<max(bodyStart, index - 1)]
                guard let selector = try? Selector(prelude) else { continue }
                // Nested rules inside the block are not declarations.
                let flat = Self.withoutNestedBlocks(body)
                rules.append(Rule(selector: selector, declarations: StyleSheet.declarationList(flat[...]), conditions: conditions))
            }
            return rules
        }

        /// The index of the `{`, `;` or `}` that ends a prelude, outside strings and parentheses.
        func preludeEnd() -> Int? {
            var depth = 0
            let end = StyleSheet.scan(text[...], from: index) { _, scalar in
                if scalar == "(" { depth += 1 } else if scalar == ")" { depth = max(0, depth - 1) }
                return depth > 0 || (scalar != "{" && scalar != ";" && scalar != "}")
            }
            return end < text.count ? end : nil
        }

        /// Moves past the block whose `{` was just read, to after its matching `}`.
        mutating func skipBlock() {
            var depth = 1
            let end = StyleSheet.scan(text[...], from: index) { _, scalar in
                if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
                return depth > 0
            }
            index = min(end + 1, text.count)
        }

        mutating func skipWhitespace() {
            while index < text.count, text[index].properties.isWhitespace { index += 1 }
        }

        static func withoutNestedBlocks(_ body: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
            var output: [Unicode.Scalar] = []
            var depth = 0
            for scalar in body {
                if scalar == "{" {
                    depth += 1
                } else if scalar == "}" {
                    depth = max(0, depth - 1)
                } else if depth == 0 {
                    output.append(scalar)
                }
            }
            return output
        }
    }
}

extension String {
    /// Without leading and trailing white space, as CSS trims declarations.
    var cssTrimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
