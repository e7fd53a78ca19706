import Markup
import Testing

@Suite("Malformed real-world HTML")
struct MalformedHTMLTests {
    @Test func unclosedTagsAreRecovered() throws {
        let document = try Document.parseHTML(contentsOfFile: Fixture.path("malformed/unclosed-tags.html"))
        // As in a browser, the unclosed last cell swallows the rest of the page.
        let cells = try document.select("td").map(\.textContent)
        #expect(Array(cells.prefix(3)) == ["Item", "Qty", "Rucksack"])
        #expect(cells.count == 4 && cells[3].hasPrefix("1\n"))
        #expect(try document.select("li").count == 2)
        #expect(try document.select("select[name=size] option:checked").map(\.textContent) == ["L"])
        #expect(try document.select("input[name=qty]").first?.attribute("value") == "1")
        #expect(document.node.descendants.contains { $0.kind == .text && $0.textContent.contains("+49 30 1234567") })
    }

    @Test func strayTextBeforeHTMLIsKeptAndReported() throws {
        let document = try Document.parseHTML(contentsOfFile: Fixture.path("malformed/stray-text.html"))
        #expect(try document.select("#greeting").first?.textContent == "Hallo Anna")
        #expect(document.rootElement?.textContent.contains("Undefined variable $customer") == true)
        // libxml2 gives the text after </html> a second top-level element; nothing is lost.
        #expect(document.node.textContent.contains("still here"))
        #expect(!document.diagnostics.isEmpty)
        for diagnostic in document.diagnostics {
            #expect(diagnostic.line > 0 && diagnostic.column > 0, "\(diagnostic)")
            #expect(diagnostic.file == Fixture.path("malformed/stray-text.html"))
        }
    }

    @Test func templateJunkParsesWithPositionedDiagnostics() throws {
        let path = Fixture.path("malformed/template-junk.html")
        let document = try Document.parseHTML(contentsOfFile: path)
        let profile = try #require(try document.select("#profile").first)
        #expect(profile.attribute("data-user") == "{{ user.id | json }}")
        #expect(try document.select("input[name=dob]").first?.attribute("value") == "{{ user.birthday|date:'d.m.Y' }}")
        #expect(profile.textContent.contains("Broken entity: &notanentity;"))
        #expect(try document.select("#unquoted").count == 1)
        // The stray "<" on line 9 and the bad entities on line 10 are reported where they are.
        let lines = Set(document.diagnostics.map(\.line))
        #expect(lines.contains(9))
        #expect(lines.contains(10))
        #expect(document.diagnostics.allSatisfy { $0.description.hasPrefix("\(path):\($0.line):\($0.column): ") })
    }

    @Test func anEightyKilobyteInlineScriptStaysOneTextNode() throws {
        var script = "window.__STATE__ = {\"items\": ["
        var index = 0
        while script.utf8.count < 80_000 {
            script += "{\"sku\":\"SKU-\(index)\",\"html\":\"<div class='x'>&amp;</div>\",\"price\":\(index).95},"
            index += 1
        }
        script += "]}; if (a < b && c > d) { document.write('</scr' + 'ipt>'); }"
        let page = "<html><head><script>\(script)</script></head><body><p id=after>after</p></body></html>"
        let document = try Document.parseHTML(page)
        let element = try #require(try document.select("script").first)
        #expect(element.children.count == 1)
        #expect(element.textContent == script)
        #expect(try document.select("#after").first?.textContent == "after")
        #expect(try document.select("div").isEmpty)
    }

    @Test(arguments: [
        ("malformed/windows-1252.html", "#price", "Preis: 49,90 € – inkl. MwSt."),
        ("malformed/windows-1252.html", "#quote", "“Grüße” aus Zürich"),
        ("malformed/windows-1252.html", "label", "Prüfnummer"),
        ("malformed/iso-8859-1.html", "#dob", "Geburtsdatum: 14.03.1985 - Straße"),
        ("malformed/shift-jis.html", "#jp", "カード番号を入力してください"),
    ])
    func declaredCharsetsAreDecoded(_ file: String, _ selector: String, _ text: String) throws {
        let document = try Document.parseHTML(contentsOfFile: Fixture.path(file))
        #expect(try document.select(selector).first?.textContent == text)
    }

    @Test func attributeNamesInOtherCharsetsAreDecoded() throws {
        let document = try Document.parseHTML(contentsOfFile: Fixture.path("malformed/windows-1252.html"))
        #expect(try document.select("#pruef").first?.attribute("name") == "prüfnummer")
    }

    @Test func undeclaredNonUTF8IsReportedAndReadAsLatin1() throws {
        let document = try Document.parseHTML(contentsOfFile: Fixture.path("malformed/undeclared-latin1.html"))
        #expect(try document.select("#city").first?.textContent == "Zürich")
        #expect(document.declaredEncoding == nil)
        let warning = try #require(document.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect((warning.line, warning.column) == (1, 27))
        #expect(warning.message.hasPrefix("the page declares no character encoding and is not valid UTF-8"))
    }

    @Test func aPageThatDeclaresNoEncodingIsUTF8WhenItIsValidUTF8() throws {
        // Saved pages often have no <meta charset> (a form cut out of a site); browsers detect UTF-8 in them.
        let bytes = Array(
            "<form><label>Straße mit Hausnummer:</label> <input name=strasse><p>create a Macy’s account</p></form>".utf8
        )
        let document = try Document.parseHTML(bytes)
        #expect(try document.select("label").first?.textContent == "Straße mit Hausnummer:")
        #expect(try document.select("p").first?.textContent == "create a Macy’s account")
        #expect(document.diagnostics.allSatisfy { !$0.message.contains("character encoding") })
    }

    @Test func aForcedEncodingWinsOverTheMetaTag() throws {
        let bytes = try Fixture.bytes("malformed/iso-8859-1.html")
        let document = try Document.parseHTML(bytes, encoding: "ISO-8859-1")
        #expect(try document.select("#dob").first?.textContent.hasSuffix("Straße") == true)
        // A Swift string is UTF-8 whatever its meta tag says.
        let fromString = try Document.parseHTML(#"<meta charset="iso-8859-1"><p id="x">Grüße</p>"#)
        #expect(try fromString.select("#x").first?.textContent == "Grüße")
    }

    @Test func unknownTagsAreWarningsButHTML5AndCustomElementsAreNot() throws {
        let document = try Document.parseHTML(
            """
            <main><section><nav><search><my-widget>ok</my-widget></search></nav></section>
            <svg viewBox="0 0 10 10"><path d="M0 0"/></svg>
            <inptu name="typo"></main>
            """)
        #expect(document.diagnostics.map(\.message) == ["Tag inptu invalid"])
        #expect(document.diagnostics.map(\.severity) == [.warning])
        #expect(document.diagnostics.first?.line == 3)
    }

    @Test func html5ElementsDoNotUseUpTheDiagnosticBudget() throws {
        let sections = String(repeating: "<section><article><nav>x</nav></article></section>\n", count: 2_000)
        let document = try Document.parseHTML("<html><body>\n\(sections)<p>&bogus x</p></body></html>")
        #expect(document.diagnostics.count == 1)
        #expect(document.diagnostics.first?.line == 2_002)
        #expect(document.diagnostics.first?.message.contains("expecting ';'") == true)
    }

    @Test func binaryGarbageDoesNotCrash() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let bytes = (0..<Int.random(in: 0...4_096, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? Document.parseHTML(bytes)
        }
        let nasty = Array("<\u{0}<!--<![CDATA[<script><!--</script><?xml ?><!DOCTYPE".utf8) + [0xFF, 0xFE, 0x00, 0xC3]
        _ = try Document.parseHTML(nasty)
    }

    @Test func diagnosticsAreBoundedForHostileInput() throws {
        let page = String(repeating: "<a b=\"\" b=\"\" &bogus <", count: 20_000)
        let document = try Document.parseHTML(page)
        #expect(document.diagnostics.count <= 501)
        #expect(document.diagnostics.last?.message.hasSuffix("further problem(s) not shown") == true)
    }

    /// One NUL byte in an attribute made libxml2 stop: the card field after it, and its findings, were lost silently.
    @Test func aNulByteIsReplacedAndNothingAfterItIsLost() throws {
        let html = """
            <!doctype html><html><body>
            <form action="/pay"><input type="hidden" name="token" value="ab\u{0}cd">
            <label for="cc">Card number</label><input id="cc" name="cardnumber" autocomplete="cc-number">
            </form></body></html>
            """
        let document = try Document.parseHTML(html, url: "pay.html")
        #expect(document.select(try Selector("#cc")).count == 1)
        #expect(document.select(try Selector("input[name=token]")).first?.attribute("value") == "ab\u{FFFD}cd")
        let warning = try #require(document.diagnostics.first)
        #expect(warning.code == ParseDiagnostic.contentReplaced)
        #expect(
            warning.description
                == "pay.html:2:64: warning: a NUL byte replaced by U+FFFD, as browsers do (libxml2 would stop reading the page at it)"
        )
    }

    /// `x ~ * ~ *` over 3,000 siblings took over 30 s: the answers are now kept across the elements of one `select`.
    @Test func siblingSearchesOverThousandsOfSiblingsAreLinear() throws {
        let items = String(repeating: "<li>item</li>", count: 3_000)
        let document = try Document.parseHTML("<ul><x></x>\(items)</ul>")
        #expect(document.select(try Selector("x ~ * ~ *")).count == 2_999)
        #expect(document.select(try Selector("x ~ li ~ li, ul > li:nth-of-type(1) ~ li")).count == 2_999)
        #expect(document.first(try Selector("x ~ * ~ *")) != nil)
    }
}
