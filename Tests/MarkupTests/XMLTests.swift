import Foundation
import Markup
import Testing

@Suite("XML documents, hardening and XSD validation")
struct XMLTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
         <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
         <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
         <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
         <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <lolz>&lol9;</lolz>
        """

    @Test func billionLaughsIsRefusedQuickly() {
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: MarkupError.entityDeclarationRefused(file: "bomb.xml", entity: "lol", line: 3, column: 20)) {
            try Document.parseXML(Self.billionLaughs, url: "bomb.xml")
        }
        // Generous bound: the refusal happens at the first declaration, long before any expansion.
        #expect(clock.now - start < .seconds(2))
    }

    @Test func externalEntityFileReadIsRefusedAndLeaksNothing() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-xxe-\(UUID().uuidString).txt")
        try "TOP-SECRET-CANARY-7731".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let attacks = [
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file://\(secret.path)\">]>\n<r>&x;</r>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY % p SYSTEM \"file://\(secret.path)\"> %p;]>\n<r/>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n<r>&x;</r>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!NOTATION n SYSTEM \"x\"><!ENTITY u SYSTEM \"file:///etc/passwd\" NDATA n>]>\n<r/>",
        ]
        for attack in attacks {
            do {
                let document = try Document.parseXML(attack, url: "attack.xml")
                Issue.record("parsed: \(document.xml())")
            } catch let error as MarkupError {
                guard case let .entityDeclarationRefused(file, _, line, _) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(file == "attack.xml")
                #expect(line == 2)
                #expect(!error.description.contains("TOP-SECRET"))
                #expect(!error.description.contains("root:"))
                #expect(error.description.contains("entity-expansion bombs and external-entity file reads"))
            }
        }
    }

    @Test func externalDTDIsNotLoaded() throws {
        let document = try Document.parseXML(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"file:///etc/passwd\">\n<r>plain</r>")
        #expect(document.rootElement?.textContent == "plain")
        #expect(!document.xml().contains("root:"))
    }

    @Test func malformedXMLListsEveryProblemWithItsPosition() {
        let text = "<?xml version=\"1.0\"?>\n<report>\n  <finding id=\"a>\n</report>\n"
        do {
            _ = try Document.parseXML(text, url: "broken.xml")
            Issue.record("parsed unexpectedly")
        } catch let MarkupError.malformedXML(file, diagnostics) {
            #expect(file == "broken.xml")
            #expect(!diagnostics.isEmpty)
            #expect(diagnostics.allSatisfy { $0.line >= 3 && $0.column > 0 })
            #expect(diagnostics.first?.description.hasPrefix("broken.xml:") == true)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func predefinedAndNumericReferencesStillWork() throws {
        let document = try Document.parseXML("<r a=\"&lt;&#x41;&amp;\">&quot;&#252;&apos;</r>")
        #expect(document.rootElement?.attribute("a") == "<A&")
        #expect(document.rootElement?.textContent == "\"ü'")
    }

    @Test func validDocumentPassesTheSchema() throws {
        let schema = try XMLSchema(contentsOfFile: Fixture.path("xml/findings.xsd"))
        let document = try Document.parseXML(contentsOfFile: Fixture.path("xml/findings-valid.xml"))
        #expect(schema.validate(document).isEmpty)
        #expect(schema.isValid(document))
    }

    @Test func invalidDocumentReportsEveryViolationWithItsLine() throws {
        let schema = try XMLSchema(contentsOfFile: Fixture.path("xml/findings.xsd"))
        let path = Fixture.path("xml/findings-invalid.xml")
        let document = try Document.parseXML(contentsOfFile: path)
        let violations = schema.validate(document)
        #expect(!schema.isValid(document))
        #expect(violations.allSatisfy { $0.file == path && $0.severity == .error })
        // Missing tool attribute (2), bad severity (3), missing dataClass (8), step 0 (8), unexpected note (10).
        #expect(Set(violations.map(\.line)) == [2, 3, 8, 10])
        #expect(violations.contains { $0.line == 3 && $0.message.contains("catastrophic") })
        #expect(violations.contains { $0.line == 2 && $0.message.contains("tool") })
    }

    @Test func aBrokenSchemaIsAnError() throws {
        let text = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="a" type="xs:nosuchtype"/>
            </xs:schema>
            """
        #expect(throws: MarkupError.self) { try XMLSchema(bytes: Array(text.utf8), url: "bad.xsd") }
    }
}
