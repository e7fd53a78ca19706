import Markup
import Testing

@Suite("XPath")
struct XPathTests {
    @Test func returnsNodeSetsInDocumentOrder() throws {
        let document = try Fixture.page("checkout.html")
        let inputs = try document.nodes(matchingXPath: "//input[@type='hidden']")
        #expect(inputs.map(\.label) == ["#csrf", "input[name=customer_id]"])
        let attributes = try document.nodes(matchingXPath: "//input[@id='cvc']/@autocomplete")
        #expect(attributes.map(\.kind) == [.attribute])
        #expect(attributes.first?.textContent == "cc-csc")
    }

    @Test func returnsScalars() throws {
        let document = try Fixture.page("account.html")
        guard case let .number(count) = try document.evaluateXPath("count(//td[contains(@class,'account-balance')])")
        else {
            Issue.record("expected a number")
            return
        }
        #expect(count == 3)
        guard case let .string(title) = try document.evaluateXPath("normalize-space(//title)") else {
            Issue.record("expected a string")
            return
        }
        #expect(title == "Accounts overview — Northwind Bank")
        guard case let .boolean(hasSSN) = try document.evaluateXPath("boolean(//input[@name='ssn_check'])") else {
            Issue.record("expected a boolean")
            return
        }
        #expect(hasSSN)
    }

    @Test func evaluatesRelativeToANode() throws {
        let document = try Fixture.page("checkout.html")
        let payment = try #require(try document.select("#payment").first)
        #expect(try payment.nodes(matchingXPath: "./input").count == 5)
        #expect(try payment.nodes(matchingXPath: "../fieldset").count == 4)
    }

    @Test func variablesKeepUserInputOutOfTheExpression() throws {
        let document = try Fixture.page("login.html")
        let hostile = "x' or '1'='1"
        #expect(
            try document.nodes(matchingXPath: "//input[@name=$name]", variables: ["name": .string(hostile)]).isEmpty)
        let found = try document.nodes(matchingXPath: "//input[@name=$name]", variables: ["name": .string("password")])
        #expect(found.map(\.label) == ["#password"])
    }

    @Test func namespacedDocuments() throws {
        let document = try Document.parseXML(contentsOfFile: Fixture.path("xml/findings-valid.xml"))
        #expect(throws: MarkupError.self) { try document.nodes(matchingXPath: "//f:finding/@id") }
        let bound = try document.evaluateXPath("//f:finding/@id", namespaces: ["f": "urn:example:findings:1"]).nodes
        #expect(bound.map(\.textContent) == ["f1", "f2"])
        #expect(bound.first?.parent?.namespaceURI == "urn:example:findings:1")
    }

    @Test func invalidExpressionsThrowWithADiagnostic() throws {
        let document = try Fixture.page("login.html")
        do {
            _ = try document.evaluateXPath("//input[@name=")
            Issue.record("evaluated unexpectedly")
        } catch let MarkupError.invalidXPath(expression, diagnostics) {
            #expect(expression == "//input[@name=")
            #expect(!diagnostics.isEmpty)
        }
    }
}
