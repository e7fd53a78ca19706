import Markup
import Testing

@Suite("Tree mutation")
struct MutationTests {
    @Test func setAndRemoveAttributes() throws {
        let document = try Fixture.page("login.html")
        let password = try #require(try document.select("#password").first)
        // A "show password" toggle changes the type.
        try password.setAttribute("type", "text")
        #expect(password.attribute("type") == "text")
        #expect(try document.select("input[type=password]").isEmpty)
        try password.setAttribute("data-note", #"a & b < c "quoted""#)
        #expect(password.attribute("data-note") == #"a & b < c "quoted""#)
        // libxml2 picks single quotes for a value holding double quotes, which HTML allows.
        #expect(password.html().contains(#"data-note='a &amp; b &lt; c "quoted"'"#))
        password.removeAttribute("value")
        #expect(password.attribute("value") == nil)
        password.removeAttribute("value")  // absent: nothing happens
        try password.setAttribute("TYPE", "password")  // HTML names are case-insensitive
        #expect(password.attributes.filter { $0.name == "type" }.map(\.value) == ["password"])
    }

    @Test func everyChangeMovesTheRevision() throws {
        let document = try Fixture.page("login.html")
        let password = try #require(try document.select("#password").first)
        var last = document.revision
        func changed() -> Bool {
            defer { last = document.revision }
            return document.revision > last
        }
        #expect(!changed(), "reading changes nothing")
        _ = try document.select("input")
        #expect(!changed())
        try password.setAttribute("class", "revealed")
        #expect(changed())
        password.removeAttribute("class")
        #expect(changed())
        let form = try #require(password.parent)
        try form.setText("Signed in")
        #expect(changed())
        try form.setInnerHTML("<p>Welcome back</p>")
        #expect(changed())
        try #require(form.firstChild).remove()
        #expect(changed())
    }

    @Test func removingAnIdKeepsXPathIdLookupsSafe() throws {
        let document = try Fixture.page("login.html")
        let password = try #require(try document.select("#password").first)
        password.removeAttribute("id")
        #expect(try document.nodes(matchingXPath: "id('password')").isEmpty)
        #expect(try document.select("#password").isEmpty)
    }

    @Test func typingChangesTheLiveValue() throws {
        let document = try Fixture.page("checkout.html")
        let email = try #require(try document.select("#email").first)
        for prefix in ["l", "le", "lea", "lea@"] { try email.setAttribute("value", prefix) }
        #expect(email.attribute("value") == "lea@")
    }

    @Test func setTextReplacesChildrenButOldNodesStayUsable() throws {
        let document = try Fixture.page("account.html")
        let cell = try #require(try document.select("td.account-balance").first)
        let oldText = try #require(cell.firstChild)
        try cell.setText("CHF ••••••")
        #expect(cell.textContent == "CHF ••••••")
        #expect(cell.children.count == 1)
        // The detached node is still valid memory and still holds its text.
        #expect(oldText.textContent == "CHF 12,480.35")
        #expect(oldText.parent == nil)
        try oldText.setText("changed")
        #expect(oldText.textContent == "changed")
        try cell.firstChild?.setText("CHF <masked> & more")
        #expect(cell.html() == #"<td class="account-balance">CHF &lt;masked&gt; &amp; more</td>"#)
    }

    @Test func insertAppendReplaceRemove() throws {
        let document = try Fixture.page("checkout.html")
        let form = try #require(try document.select("#checkout").first)
        let buy = try #require(try document.select("#buy-now").first)
        let placeholder = try document.createElement("span")
        try placeholder.setAttribute("class", "blocked")
        try placeholder.setAttribute("data-original", "button")
        try buy.replace(with: placeholder)
        #expect(try document.select("#buy-now").isEmpty)
        #expect(try form.select("span.blocked").count == 1)
        #expect(buy.parent == nil)
        #expect(buy.attribute("id") == "buy-now")

        try form.append(buy)
        #expect(form.lastChild == buy)
        let note = try document.createComment(" masked by policy ")
        try form.insert(note, before: buy)
        #expect(buy.previousSibling == note)
        note.remove()
        #expect(note.parent == nil)
        #expect(buy.previousSibling?.kind == .text)
        buy.remove()
        buy.remove()  // removing twice is harmless
        #expect(try document.select("#buy-now").isEmpty)
    }

    @Test func adjacentTextNodesAreNotMergedAway() throws {
        let document = try Document.parseHTML("<p id=p>start</p>")
        let paragraph = try #require(try document.select("#p").first)
        let first = document.createText(" one")
        let second = document.createText(" two")
        try paragraph.append(first)
        try paragraph.append(second)
        try paragraph.insert(document.createText("zero "), before: try #require(paragraph.firstChild))
        // libxml2's own helpers would have freed `first` and `second` here.
        #expect(first.textContent == " one")
        #expect(second.textContent == " two")
        #expect(paragraph.textContent == "zero start one two")
        #expect(paragraph.children.count == 4)
    }

    @Test func invalidChangesAreRefused() throws {
        let document = try Fixture.page("checkout.html")
        let other = try Fixture.page("login.html")
        let form = try #require(try document.select("#checkout").first)
        let fieldset = try #require(try document.select("#payment").first)
        #expect(throws: MarkupError.self) { try fieldset.append(form) }
        #expect(throws: MarkupError.self) { try form.append(form) }
        #expect(throws: MarkupError.self) { try form.append(try #require(other.rootElement)) }
        #expect(throws: MarkupError.self) {
            try form.insert(document.createElement("i"), before: try #require(other.rootElement))
        }
        let text = document.createText("x")
        #expect(throws: MarkupError.self) { try text.append(document.createElement("b")) }
        #expect(throws: MarkupError.self) { try document.node.append(document.createElement("html")) }
        #expect(throws: MarkupError.self) { try text.setAttribute("a", "b") }
        // Names that would serialise as injected markup.
        #expect(throws: MarkupError.self) { try document.createElement("div><script") }
        #expect(throws: MarkupError.self) { try document.createElement("a b") }
        #expect(throws: MarkupError.self) { try form.setAttribute("onclick=\"x\" data", "1") }
        #expect(throws: MarkupError.self) { try form.setAttribute("", "1") }
        // The tree is unchanged by the refusals.
        #expect(form.parent?.name == "main")
    }

    @Test func nodesOutliveTheirDocumentReference() throws {
        var kept: Node?
        do {
            let document = try Fixture.page("checkout.html")
            let cvc = try #require(try document.select("#cvc").first)
            cvc.remove()
            kept = cvc
        }
        // The node keeps the document (and the detached node) alive.
        #expect(kept?.attribute("value") == "737")
        #expect(kept?.document.rootElement?.name == "html")
    }

    @Test func buildsADocumentFromScratch() throws {
        let document = Document.emptyHTML()
        let html = try document.createElement("html")
        try document.node.append(html)
        let body = try document.createElement("body")
        try html.append(body)
        let input = try document.createElement("input")
        try input.setAttribute("type", "password")
        try body.append(input)
        #expect(document.rootElement == html)
        #expect(body.html() == #"<body><input type="password"></body>"#)
        #expect(try document.select("body > input[type=password]").count == 1)
    }
}

@Suite("Inner HTML")
struct InnerHTMLTests {
    @Test func replacesChildrenWithAParsedFragment() throws {
        let document = try Fixture.page("checkout.html")
        let summary = try #require(try document.select(".summary").first)
        let oldFirst = try #require(summary.firstChild)
        try summary.setInnerHTML(
            #"<p class="alert">Karte <b>4111 1111 1111 1111</b> gespeichert &amp; bereit</p> Danke"#)
        #expect(
            summary.innerHTML()
                == #"<p class="alert">Karte <b>4111 1111 1111 1111</b> gespeichert &amp; bereit</p> Danke"#)
        #expect(try document.select(".summary > p.alert b").first?.textContent == "4111 1111 1111 1111")
        #expect(oldFirst.parent == nil)
        // The inserted nodes belong to this document and can be changed and selected like any other.
        let alert = try #require(try document.select("p.alert").first)
        try alert.setAttribute("role", "status")
        #expect(try document.select("[role=status]").count == 1)
    }

    @Test func onlyElementsHaveInnerHTML() throws {
        let document = try Document.parseHTML("<p>x</p>")
        let text = try #require(try document.select("p").first?.firstChild)
        #expect(throws: MarkupError.self) { try text.setInnerHTML("<b>y</b>") }
    }
}

@Suite("Safety of mutations, schemas and selectors (review findings)")
struct SafetyRegressionTests {
    @Test func compilingASchemaLeavesTheCallersDocumentAlone() throws {
        let document = try Document.parseXML(contentsOfFile: Fixture.path("xml/findings.xsd"))
        let comment = try document.createComment(" kept ")
        try document.rootElement!.append(comment)
        let blank = try #require(document.rootElement?.firstChild)
        #expect(blank.kind == .text)
        let schema = try XMLSchema(document: document)
        // libxml2 strips blank text and comments from the document it compiles; ours is untouched.
        #expect(comment.textContent == " kept ")
        #expect(blank.parent == document.rootElement)
        comment.remove()
        #expect(schema.isValid(try Document.parseXML(contentsOfFile: Fixture.path("xml/findings-valid.xml"))))
    }

    @Test func schemasThatLoadOtherFilesAreRefused() throws {
        let text = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="/etc/passwd"/>
              <xs:import namespace="urn:x" schemaLocation="other.xsd"/>
            </xs:schema>
            """
        do {
            _ = try XMLSchema(bytes: Array(text.utf8), url: "bundle.xsd")
            Issue.record("compiled unexpectedly")
        } catch let MarkupError.invalidSchema(file, diagnostics) {
            #expect(file == "bundle.xsd")
            #expect(diagnostics.map(\.line) == [2, 3])
            #expect(
                diagnostics.first?.message
                    == "xs:include with a schemaLocation is not supported: schemas must be one self-contained file")
        }
    }

    @Test func removedElementsLeaveTheIDTable() throws {
        let document = try Fixture.page("checkout.html")
        let buy = try #require(try document.select("#buy-now").first)
        let form = try #require(buy.parent)
        buy.remove()
        #expect(try document.nodes(matchingXPath: "id('buy-now')").isEmpty)
        try form.append(buy)
        #expect(try document.nodes(matchingXPath: "id('buy-now')") == [buy])
        let summary = try #require(try document.select(".summary").first)
        try summary.setText("gone")
        #expect(try document.nodes(matchingXPath: "//span[@class='amount']").isEmpty)
    }

    @Test func namespacedAttributesAreChangedByIdentity() throws {
        let document = try Document.parseXML(#"<e xmlns:a="urn:a" xmlns:b="urn:b" a:x="1" b:x="2" plain="p"/>"#)
        let element = try #require(document.rootElement)
        let attributes = try element.nodes(matchingXPath: "@*")
        let second = try #require(attributes.first { $0.namespaceURI == "urn:b" })
        try second.setText("two")
        guard case let .string(value) = try element.evaluateXPath("string(@b:x)", namespaces: ["b": "urn:b"]) else {
            Issue.record("expected a string")
            return
        }
        #expect(value == "two")
        second.remove()
        #expect(element.attributes.map(\.value) == ["1", "p"])
    }

    @Test func htmlNamesAreStoredInLowercase() throws {
        let document = try Document.parseHTML("<p id=p></p>")
        let paragraph = try #require(try document.select("#p").first)
        try paragraph.setAttribute("DATA-Private", "")
        let element = try document.createElement("SPAN")
        try paragraph.append(element)
        #expect(paragraph.html() == #"<p id="p" data-private=""><span></span></p>"#)
        try paragraph.setAttribute("xml:lang", "de")
        #expect(paragraph.attribute("xml:lang") == "de")
    }

    @Test func commentsCannotCarryMarkup() throws {
        let document = try Document.parseHTML("<!-- note --><p>x</p>")
        #expect(throws: MarkupError.self) { try document.createComment("--><script>alert(1)</script><!--") }
        let comment = try #require(document.node.descendants.first { $0.kind == .comment })
        #expect(throws: MarkupError.self) { try comment.setText("x --> <img src=x>") }
        #expect(comment.textContent == " note ")
    }

    @Test func theFirstLegendChildCountsWhereverItIs() throws {
        let document = try Document.parseHTML(
            """
            <fieldset disabled><div><input id=a></div><legend><input id=b></legend><legend><input id=c></legend></fieldset>
            """)
        #expect(try document.select("input:disabled").map { $0.attribute("id") } == ["a", "c"])
        #expect(try document.select("input:enabled").map { $0.attribute("id") } == ["b"])
    }

    @Test func pathologicalSelectorsStayFast() throws {
        let depth = 40
        let page =
            String(repeating: "<div class=x>", count: depth) + "<b>leaf</b>" + String(repeating: "</div>", count: depth)
        let document = try Document.parseHTML(page)
        let selector = try Selector(".y " + Array(repeating: "*", count: 20).joined(separator: " "))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(document.select(selector).isEmpty)
        #expect(clock.now - start < .seconds(2))
        let siblings = try Document.parseHTML("<ul>" + String(repeating: "<li>x</li>", count: 60) + "</ul>")
        let tilde = try Selector(".y " + Array(repeating: "~ li", count: 15).joined(separator: " "))
        #expect(siblings.select(tilde).isEmpty)
        #expect(clock.now - start < .seconds(4))
    }

    @Test func innerHTMLCopiesCarryNoFragmentLines() throws {
        let document = try Fixture.page("checkout.html")
        let summary = try #require(try document.select(".summary").first)
        try summary.setInnerHTML("<p class=new>new</p>")
        let inserted = try #require(try document.select("p.new").first)
        #expect(inserted.line == nil)
    }
}
