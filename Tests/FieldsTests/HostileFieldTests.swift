import Fields
import Foundation
import Markup
import Testing

/// Pages built to make label inference and grouping quadratic: the classifier must read each in linear time
/// (the benchmark "Field classifier: hostile layouts" times them; these check the answers stay sane).
@Suite("The field classifier on hostile layouts")
struct HostileFieldTests {
    static let count = Int(ProcessInfo.processInfo.environment["HOSTILE_FIELDS"] ?? "") ?? 20_000

    static func classify(_ html: String) throws -> [FieldClass?] {
        let document = try Document.parseHTML(html)
        return FieldClassifier(document: document).fields().map { $0.classification?.fieldClass }
    }

    @Test func oneTableRowOfThousandsOfFields() throws {
        let cells = (0..<Self.count).map { "<td><input name=\"f\($0)\"></td>" }.joined()
        let found = try Self.classify("<form><table><tr><th>Kartennummer</th></tr><tr>\(cells)</tr></table></form>")
        #expect(found.count == Self.count)
    }

    @Test func oneContainerOfThousandsOfFieldsAndAGridOfThem() throws {
        let inputs = (0..<Self.count).map { "<div><input name=\"f\($0)\" maxlength=\"4\"></div>" }.joined()
        let headings = String(repeating: "<div>CVV</div>", count: Self.count)
        let found = try Self.classify("<form><div>\(headings)</div><div>\(inputs)</div></form>")
        #expect(found.count == Self.count)
    }

    @Test func aLabelAroundThousandsOfFieldsAndAHugeName() throws {
        let inputs = (0..<Self.count).map { "<input name=\"f\($0)\">" }.joined()
        let name = String(repeating: "cardnumber", count: 100_000)
        let found = try Self.classify("<form><label>Karte \(inputs)</label><input name=\"\(name)\"></form>")
        #expect(found.count == Self.count + 1)
        #expect(found.last == .cardNumber)
    }

    @Test func aSelectWithAHundredThousandOptions() throws {
        let options = (0..<100_000).map { "<option>\($0)</option>" }.joined()
        let found = try Self.classify(
            "<form><label for=\"y\">Geburtsjahr</label><select id=\"y\">\(options)</select></form>")
        #expect(found == [.birthYear] || found == [.dateOfBirth])
    }
}

/// What a reviewer found could be made quadratic or could mislead the classifier: each stays fixed.
@Suite("The field classifier after review")
struct FieldClassifierReviewTests {
    @Test func aHugeLabelAroundManyFieldsAndManyEmptySpansBeforeThem() throws {
        let spans = String(repeating: "<span></span>", count: 20_000)
        let inputs = (0..<5_000).map { "<input name=\"f\($0)\">" }.joined()
        let text = String(repeating: "Kartennummer ", count: 80_000)
        let found = try HostileFieldTests.classify("<form><label>\(text)\(spans)\(inputs)</label></form>")
        #expect(found.count == 5_000)
    }

    @Test func twentyThousandFourDigitBoxesOnACardFormAndManyLabelsForOneID() throws {
        let boxes = (0..<20_000).map { "<input name=\"b\($0)\" maxlength=\"4\">" }.joined()
        let labels = String(repeating: "<label for=\"x\">Kartennummer</label>", count: 10_000)
        let found = try HostileFieldTests.classify(
            "<form>\(labels)<label>Kartennummer</label>\(boxes)<input id=\"x\"></form>")
        #expect(found.count == 20_001)
        #expect(found.last == .cardNumber)
    }

    @Test func boxesWithClassesOfTheirOwnAreNotACardNumber() throws {
        let page = """
            <form><label for="n">Kartennummer</label><input id="n" name="kn">
            <label for="c">Prüfziffer</label><input id="c" maxlength="4"><label for="z">PLZ</label><input id="z" maxlength="5">
            <label for="p">PIN</label><input id="p" maxlength="4"></form>
            """
        #expect(try HostileFieldTests.classify(page) == [.cardNumber, .cardSecurityCode, .postalCode, .pin])
    }

    @Test func aFormAttributeWithSpacesNamesNoForm() throws {
        let page = """
            <form id="checkout"><label for="n">Kartennummer</label><input id="n"></form>
            <label for="c">CVC</label><input id="c" form=" checkout" maxlength="3">
            """
        // The second input names no form exactly, so it is classified on its own, not lost.
        #expect(try HostileFieldTests.classify(page) == [.cardNumber, .cardSecurityCode])
    }

    @Test func aDecorationInputIsClassifiedButEndsNoLabelSearch() throws {
        let page = """
            <form><div>Card Number</div><div><div><input role="presentation" readonly value="X"></div>
            <div><input id="cc" maxlength="19"></div></div><input name="cvv" role="presentation"></form>
            """
        let found = try HostileFieldTests.classify(page)
        #expect(found[1] == .cardNumber, "the heading labels the real input past the decoration")
        #expect(found[2] == .cardSecurityCode, "a field marked as presentation is still masked by its name")
    }

    @Test func placeholderShapesAreDescribedNotQuoted() throws {
        let document = try Document.parseHTML(#"<form><input id="i" placeholder="DE89 3704 0044 0532 0130 00"></form>"#)
        let control = try #require(document.first(try Selector("#i")))
        let field = try #require(FieldClassifier(document: document).classification(of: control))
        #expect(field.fieldClass == .iban)
        #expect(!field.rule.contains("3704"), "\(field.rule)")
    }
}
