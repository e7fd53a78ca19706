import Markup
import Testing

struct SelectorErrorCase: CustomTestStringConvertible, Sendable {
    let selector: String
    let column: Int
    let message: String

    init(_ selector: String, _ column: Int, _ message: String) {
        self.selector = selector
        self.column = column
        self.message = message
    }

    var testDescription: String { selector.isEmpty ? "<empty>" : selector }
}

let selectorErrors: [SelectorErrorCase] = [
    SelectorErrorCase("", 1, "expected a selector, found the end of the selector"),
    SelectorErrorCase("   ", 4, "expected a selector, found the end of the selector"),
    SelectorErrorCase("input[", 7, "expected an attribute name after '[', found the end of the selector"),
    SelectorErrorCase("input[type=]", 12, "expected a value after '=' (a name or a quoted string), found ']'"),
    SelectorErrorCase(
        "input[type=text", 16, "expected ']' to close the attribute selector, found the end of the selector"),
    SelectorErrorCase("input[type=text x]", 17, "unknown attribute flag 'x'; expected 'i' or 's'"),
    SelectorErrorCase(
        "[a~b]", 3, "expected ']' or an operator (=, ~=, |=, ^=, $=, *=) after the attribute name, found '~'"),
    SelectorErrorCase("[name='x]", 7, "unterminated string; expected a closing '"),
    SelectorErrorCase(
        "a:hover", 2,
        "unsupported pseudo-class ':hover'; supported are :not(), :is(), :where(), :first-child, :last-child, :only-child, :nth-child(), :nth-last-child(), :nth-of-type(), :nth-last-of-type(), :checked, :disabled, :enabled, :root, :empty"
    ),
    SelectorErrorCase(
        "li:has(a)", 3,
        "unsupported pseudo-class ':has()'; supported are :not(), :is(), :where(), :first-child, :last-child, :only-child, :nth-child(), :nth-last-child(), :nth-of-type(), :nth-last-of-type(), :checked, :disabled, :enabled, :root, :empty"
    ),
    SelectorErrorCase(
        "p::before", 2, "pseudo-elements such as '::before' are not supported: they never match an element"),
    SelectorErrorCase("div >", 5, "expected a selector after '>', found the end of the selector"),
    SelectorErrorCase("div > > p", 7, "expected a selector after '>', found '>'"),
    SelectorErrorCase("a,,b", 3, "expected a selector after ',', found ','"),
    SelectorErrorCase("a, ", 2, "expected a selector after ',', found the end of the selector"),
    SelectorErrorCase("> a", 1, "a selector cannot start with the combinator '>'"),
    SelectorErrorCase("a)", 2, "expected ',' or the end of the selector, found ')'"),
    SelectorErrorCase("svg|rect", 4, "namespace prefixes ('|') are not supported"),
    SelectorErrorCase(".1col", 2, "expected a class name after '.', found '1col'"),
    SelectorErrorCase("#", 2, "expected an id after '#', found the end of the selector"),
    SelectorErrorCase(
        "#1a", 1, "'#1a' is not a valid id selector: an id selector cannot start with a digit (escape it, e.g. #\\31 a)"
    ),
    SelectorErrorCase(":not()", 6, "':not()' needs at least one selector"),
    SelectorErrorCase(":not(.a", 8, "expected ')' to close the pseudo-class, found the end of the selector"),
    SelectorErrorCase(":not", 2, "':not' needs an argument in parentheses, e.g. :not(.hidden)"),
    SelectorErrorCase("li:first-child(1)", 4, "':first-child' takes no argument"),
    SelectorErrorCase(
        "li:nth-child(2n+)", 17,
        "':nth-child()' expects an+b (e.g. 2n+1, -n+3, odd, even): expected a number after the sign"),
    SelectorErrorCase(
        "li:nth-child(foo)", 14, "':nth-child()' expects an+b (e.g. 2n+1, -n+3, odd, even): expected a number or 'n'"),
    SelectorErrorCase(
        "li:nth-child(2n+1 of .x)", 19,
        "':nth-child()' expects an+b (e.g. 2n+1, -n+3, odd, even): the 'of S' form is not supported"),
    SelectorErrorCase(
        "li:nth-child()", 14, "':nth-child()' expects an+b (e.g. 2n+1, -n+3, odd, even): the argument is empty"),
    SelectorErrorCase("li:nth-child(3", 15, "expected ')' to close ':nth-child(', found the end of the selector"),
    SelectorErrorCase("a\\", 2, "a backslash must escape a character"),
    SelectorErrorCase("input:", 7, "expected a pseudo-class name after ':', found the end of the selector"),
    SelectorErrorCase("a not(b)", 3, "unexpected 'not(': a function is only allowed after ':'"),
    SelectorErrorCase(
        String(repeating: ":not(", count: 40) + "a" + String(repeating: ")", count: 40), 162,
        "selectors nest more than 32 levels deep"),
]

@Suite("CSS selector parsing")
struct SelectorParsingTests {
    @Test("malformed or unsupported selectors name the column and what was expected", arguments: selectorErrors)
    func errors(_ testCase: SelectorErrorCase) {
        do {
            let selector = try Selector(testCase.selector)
            Issue.record("parsed unexpectedly: \(selector.alternatives)")
        } catch {
            #expect(error.message == testCase.message)
            #expect(error.column == testCase.column)
        }
    }

    @Test func parsesIntoTypedValues() throws {
        let selector = try Selector(
            #"form#checkout > button[type=submit], input[autocomplete^="cc-" i]:not([type=hidden])"#)
        #expect(selector.alternatives.count == 2)
        let first = selector.alternatives[0]
        #expect(first.combinators == [.child])
        #expect(first.compounds[0] == CompoundSelector(elementName: "form", conditions: [.id("checkout")]))
        #expect(
            first.compounds[1].conditions == [
                .attribute(
                    AttributeSelector(
                        name: "type", matcher: .equals, value: "submit", caseSensitivity: .documentDefault))
            ])
        let second = selector.alternatives[1]
        #expect(
            second.compounds[0].conditions.first
                == .attribute(
                    AttributeSelector(
                        name: "autocomplete", matcher: .prefix, value: "cc-", caseSensitivity: .insensitive)))
        guard case let .pseudoClass(.not(inner)) = second.compounds[0].conditions.last else {
            Issue.record("expected :not(...)")
            return
        }
        #expect(inner.count == 1)
    }

    @Test(arguments: [
        ("odd", NthPattern(a: 2, b: 1)), ("even", NthPattern(a: 2, b: 0)), ("3", NthPattern(a: 0, b: 3)),
        ("-n+3", NthPattern(a: -1, b: 3)), ("2n + 1", NthPattern(a: 2, b: 1)), ("+5", NthPattern(a: 0, b: 5)),
        ("n", NthPattern(a: 1, b: 0)), ("-2n-1", NthPattern(a: -2, b: -1)), (" 3n - 2 ", NthPattern(a: 3, b: -2)),
        ("EVEN", NthPattern(a: 2, b: 0)), ("N+1", NthPattern(a: 1, b: 1)),
    ])
    func nthPatterns(_ text: String, _ expected: NthPattern) throws {
        let selector = try Selector("li:nth-child(\(text))")
        #expect(selector.alternatives[0].compounds[0].conditions == [.pseudoClass(.nthChild(expected))])
    }

    @Test func nthPatternPositions() {
        #expect((1...7).filter(NthPattern(a: 2, b: 1).matches) == [1, 3, 5, 7])
        #expect((1...7).filter(NthPattern(a: -1, b: 3).matches) == [1, 2, 3])
        #expect((1...7).filter(NthPattern(a: 0, b: 4).matches) == [4])
        #expect((1...7).filter(NthPattern(a: 3, b: -2).matches) == [1, 4, 7])
    }

    @Test func escapesAndStrings() throws {
        let selector = try Selector(#"#\31 23, [data-label="say \"hi\""], .a\:b"#)
        #expect(selector.alternatives[0].compounds[0].conditions == [.id("123")])
        #expect(
            selector.alternatives[1].compounds[0].conditions == [
                .attribute(
                    AttributeSelector(
                        name: "data-label", matcher: .equals, value: #"say "hi""#, caseSensitivity: .documentDefault))
            ])
        #expect(selector.alternatives[2].compounds[0].conditions == [.className("a:b")])
    }

    @Test func errorDescriptionPointsAtTheColumn() {
        do {
            _ = try Selector("input[type=text x]")
        } catch {
            #expect(
                error.description
                    == "column 17: unknown attribute flag 'x'; expected 'i' or 's'\n    input[type=text x]\n                    ^"
            )
        }
    }

    @Test func overlongSelectorsAreRefusedQuickly() {
        let long = String(repeating: "div ", count: 5_000)
        #expect(throws: SelectorError.self) { try Selector(long) }
    }
}
