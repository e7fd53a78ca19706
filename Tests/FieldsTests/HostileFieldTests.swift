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
        let found = try Self.classify("<form><label for=\"y\">Geburtsjahr</label><select id=\"y\">\(options)</select></form>")
        #expect(found == [.birthYear] || found == [.dateOfBirth])
    }
}
