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

@Suite("Terminal output and reports cannot be forged by input")
struct TerminalEscapingTests {
    /// A page path holding a line break and ESC forged a CI annotation and cleared the terminal.
    @Test func controlCharactersAreShownEscaped() {
        let path = "pages/x.html\n/etc/passwd:1:1: error: forged\u{1B}[2J"
        let shown = Escaper.terminal("\(path):3:1: warning: something")
        #expect(!shown.contains("\n"))
        #expect(!shown.contains("\u{1B}"))
        #expect(shown.contains("\\u{A}/etc/passwd:1:1: error: forged\\u{1B}[2J"))
    }

    @Test func bidirectionalOverridesAreVisibleInTerminalAndReport() {
        let name = "invoice\u{202E}fdp.exe"
        #expect(Escaper.terminal(name) == "invoice\\u{202E}fdp.exe")
        #expect(Escaper.htmlReport(name) == "invoice⟨U+202E⟩fdp.exe")
        #expect(Escaper.xmlText(name) == "invoice⟨U+202E⟩fdp.exe")
    }

    @Test func lineBreaksAndTabsStayWhereAsked() {
        #expect(Escaper.terminal("a\n\tb", keeping: ["\n", "\t"]) == "a\n\tb")
        #expect(Escaper.terminal("plain text") == "plain text")
    }

    @Test func parseDiagnosticsPrintTheirPathEscaped() {
        let diagnostic = ParseDiagnostic(
            severity: .warning, file: "a\u{1B}]0;x\u{7}.html", line: 1, column: 2, message: "m")
        #expect(diagnostic.description == "a\\u{1B}]0;x\\u{7}.html:1:2: warning: m")
    }
}
