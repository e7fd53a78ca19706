/// A parsed CSS selector list, such as `input[autocomplete^="cc-" i], .account-balance`.
///
/// Supported: type and universal selectors, `#id`, `.class`, attribute
/// selectors with every matcher (`=`, `~=`, `|=`, `^=`, `$=`, `*=`) and the
/// `i`/`s` flags, compound selectors, the four combinators, selector lists and
/// the pseudo-classes `:not()`, `:is()`, `:where()`, `:first-child`,
/// `:last-child`, `:only-child`, `:nth-child(an+b)`, `:nth-last-child(an+b)`,
/// `:nth-of-type(an+b)`, `:nth-last-of-type(an+b)`,
/// `:checked`, `:disabled`, `:enabled`, `:root` and `:empty`. Anything else is
/// a `SelectorError` that names the column. Matching is native, so no value
/// ever reaches an XPath expression.
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    /// The text the selector was parsed from.
    public let source: String
    /// The comma-separated alternatives; an element matches when any of them does.
    public let alternatives: [ComplexSelector]

    /// Parses a selector list; throws with the column of the first problem.
    public init(_ source: String) throws(SelectorError) {
        self.source = source
        self.alternatives = try SelectorParser.parse(source)
    }

    public var description: String { source }
}

/// Compound selectors joined by combinators, e.g. `form#checkout > button[type=submit]`.
public struct ComplexSelector: Sendable, Hashable {
    /// The compound selectors from left to right.
    public let compounds: [CompoundSelector]
    /// `combinators[i]` joins `compounds[i]` and `compounds[i + 1]`.
    public let combinators: [Combinator]
    /// Two or more searching combinators (descendant, `~`) can make naive matching exponential.
    let needsMemo: Bool

    /// Creates a complex selector; there must be one combinator fewer than compounds.
    public init(compounds: [CompoundSelector], combinators: [Combinator]) {
        precondition(
            !compounds.isEmpty && combinators.count == compounds.count - 1, "one combinator between each two compounds")
        self.compounds = compounds
        self.combinators = combinators
        self.needsMemo = combinators.filter { $0 == .descendant || $0 == .subsequentSibling }.count >= 2
    }
}

/// How two compound selectors relate.
public enum Combinator: String, Sendable, Hashable {
    /// `a b`: b has an ancestor a.
    case descendant = " "
    /// `a > b`: b's parent is a.
    case child = ">"
    /// `a + b`: b immediately follows a.
    case nextSibling = "+"
    /// `a ~ b`: b follows a among its siblings.
    case subsequentSibling = "~"
}

/// A run of simple selectors on one element, e.g. `input.field[required]:not([type=hidden])`.
public struct CompoundSelector: Sendable, Hashable {
    /// The element name, or nil for any element (`*` or no type selector).
    public let elementName: String?
    /// Conditions the element must all meet.
    public let conditions: [SimpleSelector]

    /// Creates a compound selector.
    public init(elementName: String?, conditions: [SimpleSelector]) {
        self.elementName = elementName
        self.conditions = conditions
    }
}

/// One condition of a compound selector.
public enum SimpleSelector: Sendable, Hashable {
    case id(String)
    case className(String)
    case attribute(AttributeSelector)
    case pseudoClass(PseudoClass)
}

/// An attribute condition such as `[autocomplete^="cc-" i]`.
public struct AttributeSelector: Sendable, Hashable {
    /// How the attribute's value is compared.
    public enum Operator: String, Sendable, Hashable {
        case exists = ""
        case equals = "="
        case includesWord = "~="
        case dashPrefix = "|="
        case prefix = "^="
        case suffix = "$="
        case substring = "*="
    }

    /// Whether letters compare case-sensitively.
    public enum CaseSensitivity: Sendable, Hashable {
        /// HTML's rule: a fixed list of attributes (`type`, `method`, ...) compare case-insensitively, others exactly.
        case documentDefault
        /// The `i` flag: ASCII letters compare case-insensitively.
        case insensitive
        /// The `s` flag: exact comparison.
        case sensitive
    }

    /// The attribute name.
    public let name: String
    /// The comparison.
    public let matcher: Operator
    /// The value compared against ("" for `exists`).
    public let value: String
    /// Case handling for the value.
    public let caseSensitivity: CaseSensitivity

    /// Creates an attribute condition.
    public init(name: String, matcher: Operator, value: String, caseSensitivity: CaseSensitivity) {
        self.name = name
        self.matcher = matcher
        self.value = value
        self.caseSensitivity = caseSensitivity
    }
}

/// A supported pseudo-class.
public enum PseudoClass: Sendable, Hashable {
    case not([ComplexSelector])
    case `is`([ComplexSelector])
    case `where`([ComplexSelector])
    case firstChild, lastChild, onlyChild
    case nthChild(NthPattern)
    case nthLastChild(NthPattern)
    case nthOfType(NthPattern)
    case nthLastOfType(NthPattern)
    case checked, disabled, enabled, root, empty
}

/// The `an+b` argument of `:nth-child()`: positions `a*n + b` for n = 0, 1, 2, ...
public struct NthPattern: Sendable, Hashable {
    /// The step.
    public let a: Int
    /// The offset.
    public let b: Int

    /// Creates a pattern.
    public init(a: Int, b: Int) {
        self.a = a
        self.b = b
    }

    /// Whether a 1-based position is selected.
    public func matches(_ position: Int) -> Bool {
        if a == 0 { return position == b }
        let difference = position - b
        return difference % a == 0 && difference / a >= 0
    }
}

/// Why a selector did not parse: the 1-based column and what was expected there.
public struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The selector text.
    public let selector: String
    /// 1-based column, counted in characters, where the problem starts.
    public let column: Int
    /// What went wrong and what was expected.
    public let message: String

    /// Creates an error.
    public init(selector: String, column: Int, message: String) {
        self.selector = selector
        self.column = column
        self.message = message
    }

    /// `column N: message`, followed by the selector and a caret under the column.
    public var description: String {
        "column \(column): \(message)\n" + caretSnippet
    }

    /// The diagnostic as editors and CI read it: `source:line:column: error: message`, then the selector and a caret.
    ///
    /// `source` and `line` say where the selector itself came from (a policy file, a scenario), when it came from a file.
    public func rendered(source: String = "<selector>", line: Int = 1, columnOffset: Int = 0) -> String {
        "\(source):\(line):\(columnOffset + column): error: \(message)\n" + caretSnippet
    }

    private var caretSnippet: String {
        "    \(selector)\n    \(String(repeating: " ", count: max(0, column - 1)))^"
    }
}
