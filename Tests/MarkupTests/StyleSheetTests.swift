import Markup
import Testing

@Suite("Style sheets, specificity and media queries")
struct StyleSheetTests {
    @Test func specificityCountsIdsClassesAndTypes() throws {
        func specificity(_ css: String) throws -> Specificity { try Selector(css).alternatives[0].specificity }
        #expect(try specificity("#routing-number") == Specificity(ids: 1))
        #expect(try specificity(".account-card .routing") == Specificity(classes: 2))
        #expect(try specificity("form#pay input[type=text]:not(.hidden)") == Specificity(ids: 1, classes: 2, types: 2))
        #expect(try specificity(":where(#a, .b) p") == Specificity(types: 1))
        #expect(try specificity(":is(#a, .b) p") == Specificity(ids: 1, types: 1))
        #expect(try specificity("#a") > specificity(".a.b.c.d.e.f.g.h.i.j.k"))
    }

    @Test func theMostSpecificMatchingAlternativeCounts() throws {
        let document = try Document.parseHTML(#"<p id="x" class="y">t</p>"#)
        let paragraph = try #require(document.first(try Selector("p")))
        #expect(try Selector(".y, #x, p").specificity(matching: paragraph) == Specificity(ids: 1))
        #expect(try Selector("div, span").specificity(matching: paragraph) == nil)
    }

    @Test func rulesDeclarationsAndAtRulesAreRead() {
        let sheet = StyleSheet(
            """
            /* hide { display: none } */
            @charset "utf-8";
            @import url("x.css");
            .a, .b > i { display : NONE !important; color: red }
            @font-face { font-family: X; src: url(x.woff) }
            @media print { .c { display: block } }
            @supports (display: grid) { @media (min-width: 600px) { .d { visibility: hidden } } }
            .e::before { content: "}" }
            p:hover { display: none }
            .f { background: url("a;b.png"); display: none }
            } .g { display: none }
            """)
        // A pseudo-element or `:hover` is dropped from the selector, which then matches more: the rule is approximate.
        #expect(sheet.rules.map(\.selector.source) == [".a, .b > i", ".c", ".d", ".e", "p", ".f", ".g"])
        #expect(sheet.rules.map(\.approximate) == [false, false, false, true, true, false, false])
        #expect(
            sheet.rules[0].declarations.first
                == StyleSheet.Declaration(property: "display", value: "none", important: true))
        #expect(sheet.rules[1].conditions == ["@media print"])
        #expect(sheet.rules[2].conditions == ["@supports (display: grid)", "@media (min-width: 600px)"])
        #expect(sheet.rules[5].declarations.map(\.property) == ["background", "display"])
        #expect(StyleSheet.declarations("display:none;visibility : hidden").map(\.value) == ["none", "hidden"])
    }

    @Test func selectorsMarkupCannotMatchAreWidenedNotDropped() {
        let sheet = StyleSheet(
            ".v { display: none } .field.revealed .v, .field:hover .v { display: inline } a::before, :focus-within > p { display: block }"
        )
        #expect(sheet.rules.map(\.selector.source) == [".v", ".field.revealed .v, .field .v", "a, * > p"])
        #expect(sheet.rules.map(\.approximate) == [false, true, true])
        #expect(StyleSheet.widened(":hover") == "*")
        #expect(StyleSheet.widened("li:nth-child(2):has(> a) span") == "li:nth-child(2) span")
    }

    @Test func layersAreOrderedByFirstMention() {
        let sheet = StyleSheet(
            "@layer base, theme; @layer theme { .a { display: none } } @layer base { .b { display: none } } @layer { .c { x: y } } .d { display: none }"
        )
        #expect(sheet.layers == ["base", "theme", "#1"])
        #expect(sheet.rules.map(\.layer) == ["theme", "base", "#1", nil])
    }

    @Test func declarationsKeepTheirOrderAndAnUnclosedSheetItsLastCharacter() {
        #expect(
            StyleSheet("p { display: none; display: block }").rules[0].declarations.map(\.value) == ["none", "block"])
        #expect(StyleSheet("a { display: none").rules[0].declarations.first?.value == "none")
        // An unterminated string ends at the line's end, as CSS reads it; the next rule survives.
        #expect(StyleSheet(".a { content: \"x\n} .b { display: none }").rules.map(\.selector.source).contains(".b"))
    }

    @Test func hostileSheetsEndWithoutCrashing() {
        #expect(StyleSheet(String(repeating: "@media screen {", count: 10_000)).rules.isEmpty)
        #expect(StyleSheet("a { display: none").rules.count == 1)
        #expect(StyleSheet("/* unterminated").rules.isEmpty)
        #expect(StyleSheet(String(repeating: "}", count: 1000) + "b{display:none}").rules.count == 1)
    }

    @Test func mediaQueriesAreDecidedForAScreenOfKnownSize() {
        #expect(MediaQuery.evaluate("print", width: 1280, height: 720) == false)
        #expect(MediaQuery.evaluate("screen and (min-width: 600px)", width: 1280, height: 720) == true)
        #expect(MediaQuery.evaluate("(max-width: 40em)", width: 1280, height: 720) == false)
        #expect(MediaQuery.evaluate("not print", width: 1280, height: 720) == true)
        #expect(MediaQuery.evaluate("print, (orientation: landscape)", width: 1280, height: 720) == true)
        #expect(MediaQuery.evaluate("(prefers-color-scheme: dark)", width: 1280, height: 720) == nil)
        #expect(MediaQuery.evaluate(condition: "@supports (display: grid)", width: 1280, height: 720) == nil)
    }
}
