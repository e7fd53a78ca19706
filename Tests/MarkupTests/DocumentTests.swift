import Markup
import Testing

@Suite("HTML documents and nodes")
struct DocumentTests {
    @Test func parsesARealisticCheckoutPage() throws {
        let document = try Fixture.page("checkout.html")
        #expect(document.kind == .html)
        #expect(document.declaredEncoding == "utf-8")
        #expect(document.url == Fixture.path("pages/checkout.html"))
        // HTML5 elements (header, nav, main, footer) are not reported as invalid tags.
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
        let root = try #require(document.rootElement)
        #expect(root.name == "html")
        #expect(root.attribute("lang") == "de-CH")
        #expect(root.parent == document.node)
        #expect(document.node.kind == .document)
    }

    @Test func attributesKeepSourceOrderAndResolveReferences() throws {
        let document = try Fixture.page("checkout.html")
        let card = try #require(try document.select("#card-number").first)
        #expect(
            card.attributes.map(\.name) == ["type", "id", "name", "inputmode", "autocomplete", "data-private", "value"])
        #expect(card.attribute("value") == "4111 1111 1111 1111")
        #expect(card.attribute("AUTOCOMPLETE") == "cc-number")
        #expect(card.attribute("data-private") == "")
        #expect(card.hasAttribute("data-private"))
        #expect(card.attribute("missing") == nil)
        let link = try #require(try Fixture.page("login.html").select(".help a").first)
        #expect(link.attribute("href") == "/reset?email=j.doe%40northwind.example&token=7c1f")
    }

    @Test func textContentIncludesScriptsAndResolvesEntities() throws {
        let document = try Fixture.page("checkout.html")
        let script = try #require(try document.select("head script").first)
        #expect(script.textContent.contains(#"customerEmail: "lea.meier@example.ch""#))
        let footer = try #require(try document.select("footer p").first)
        #expect(footer.textContent.hasPrefix("© 2026 Alpenblick Outdoor AG · "))
        let label = try #require(try document.select("label[for=cvc]").first)
        #expect(label.textContent == "Prüfnummer (CVC)")
    }

    @Test func navigationWalksTheTreeInDocumentOrder() throws {
        let document = try Fixture.page("account.html")
        let row = try #require(try document.select("tr.checking").first)
        #expect(row.elementChildren.map(\.name) == ["td", "td", "td"])
        #expect(row.children.count == 7)  // three cells and the whitespace between them
        let firstCell = try #require(row.elementChildren.first)
        #expect(firstCell.previousElementSibling == nil)
        #expect(firstCell.nextElementSibling?.attribute("class") == "iban")
        #expect(firstCell.parent == row)
        #expect(row.firstChild?.kind == .text)
        #expect(row.lastChild?.kind == .text)
        #expect(firstCell.isDescendant(of: document.rootElement!))
        let comments = document.node.descendants.filter { $0.kind == .comment }
        #expect(
            comments.map(\.textContent) == [
                " debug: account holder SSN 123-45-6789, risk score 0.12 ", " nothing to show ",
            ])
        // Pre-order: a parent comes before its children, and siblings in order.
        let names = document.node.descendantElements.prefix(6).map(\.name)
        #expect(names == ["html", "head", "meta", "title", "body", "header"])
    }

    @Test func elementsKnowTheirSourceLine() throws {
        let document = try Fixture.page("checkout.html")
        #expect(try document.select("#cvc").first?.line == 60)
        #expect(try document.select("#buy-now").first?.line == 77)
        let comment = document.node.descendants.first { $0.kind == .comment }
        #expect(comment?.line == 27)
        #expect(try document.createElement("div").line == nil)
    }

    @Test func linesBeyond65535AreExact() throws {
        var page = "<html><body>\n"
        for index in 0..<70_000 { page += "<p>line \(index)</p>\n" }
        page += "<input id=\"late\" type=\"password\">\n</body></html>\n"
        let document = try Document.parseHTML(page)
        #expect(try document.select("#late").first?.line == 70_002)
    }

    @Test func pathLocatesANode() throws {
        let document = try Fixture.page("login.html")
        let password = try #require(try document.select("#password").first)
        #expect(password.path == "/html/body/div/form/div[2]/input")
        #expect(try document.nodes(matchingXPath: password.path) == [password])
    }

    @Test func serialisesBackToHTMLAsUTF8() throws {
        let document = try Fixture.page("checkout.html")
        let label = try #require(try document.select("label[for=cvc]").first)
        #expect(label.html() == #"<label for="cvc">Prüfnummer (CVC)</label>"#)
        let fieldset = try #require(try document.select("#voucher").first)
        #expect(fieldset.html().hasPrefix(#"<fieldset id="voucher" disabled>"#))
        let html = document.html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"de-CH\">"))
        #expect(html.contains("Österreich"))
        #expect(html.contains("<!-- customer 48213, Lea Meier, loyalty tier GOLD, last card 4111 -->"))
        // Re-parsing the output gives the same tree.
        let again = try Document.parseHTML(html)
        #expect(again.node.descendantElements.map(\.name) == document.node.descendantElements.map(\.name))
        #expect(try again.select("#card-number").first?.attribute("value") == "4111 1111 1111 1111")
    }

    @Test func serialisesToXML() throws {
        let document = try Fixture.page("login.html")
        let input = try #require(try document.select("#otp").first)
        #expect(
            input.xml()
                == #"<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}"/>"#
        )
        let xml = try Document.parseXML("<a><b k=\"ü &amp; &lt;\">Grüße</b></a>")
        #expect(xml.xml() == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b k=\"ü &amp; &lt;\">Grüße</b></a>\n")
        #expect(xml.rootElement?.innerHTML() == "<b k=\"ü &amp; &lt;\">Grüße</b>")
    }

    @Test func startTagEscapesValues() throws {
        let document = try Document.parseHTML(#"<p><input name="q" value="a &quot;b&quot; <c> & d"></p>"#)
        let input = try #require(try document.select("input").first)
        #expect(input.startTag == #"<input name="q" value="a &quot;b&quot; &lt;c&gt; &amp; d">"#)
        #expect(input.description == input.startTag)
    }

    @Test func emptyInputGivesAnEmptyDocumentWithAWarning() throws {
        let document = try Document.parseHTML([UInt8](), url: "pages/empty.html")
        #expect(document.rootElement == nil)
        #expect(document.diagnostics.map(\.description) == ["pages/empty.html:1:1: error: Document is empty"])
    }

    @Test func unreadableFilesAreErrors() {
        #expect(throws: MarkupError.self) { try Document.parseHTML(contentsOfFile: "/nonexistent/page.html") }
    }
}

@Suite("Selectors for many elements")
struct CSSPathsTests {
    @Test func theCacheGivesTheSamePathsAsEachElementAlone() throws {
        for name in ["checkout.html", "login.html", "account.html"] {
            let document = try Document.parseHTML(contentsOfFile: Fixture.path("pages/" + name))
            let paths = CSSPaths()
            for element in document.node.descendants where element.isElement {
                #expect(paths.path(of: element) == element.cssPath, "\(name): \(element.startTag)")
            }
        }
    }
}
