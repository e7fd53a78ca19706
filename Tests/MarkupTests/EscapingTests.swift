import Markup
import Testing

@Suite("One escaper for HTML and XML")
struct EscapingTests {
    static let hostile = "a&b<c>d\"e'f\ng\th\r\u{1}\u{FFFE}"

    @Test func eachPresetEscapesWhatItsPlaceNeeds() {
        #expect(Escaper.htmlText(Self.hostile) == "a&amp;b&lt;c&gt;d\"e'f\ng\th\r\u{1}\u{FFFE}")
        #expect(Escaper.htmlAttribute(Self.hostile) == "a&amp;b&lt;c&gt;d&quot;e'f\ng\th\r\u{1}\u{FFFE}")
        #expect(Escaper.htmlReport(Self.hostile) == "a&amp;b&lt;c&gt;d&quot;e&#39;f\ng\th\u{FFFD}\u{FFFD}\u{FFFE}")
        #expect(Escaper.xmlText(Self.hostile) == "a&amp;b&lt;c&gt;d\"e'f\ng\th&#13;\u{FFFD}\u{FFFD}")
        #expect(Escaper.xmlAttribute(Self.hostile) == "a&amp;b&lt;c&gt;d&quot;e'f&#10;g&#9;h&#13;\u{FFFD}\u{FFFD}")
    }

    @Test func textThatNeedsNothingComesBackAsItIs() {
        let plain = "Kartennummer 4111 · Grüße"
        for escaper in [Escaper.htmlText, .htmlAttribute, .htmlReport, .xmlText, .xmlAttribute] {
            #expect(escaper(plain) == plain)
        }
    }
}
