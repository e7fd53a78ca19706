/// Escaping of text for HTML and XML, the one implementation every writer uses: the co-browsing mirror, the HTML and
/// XML reports, Markup's own start tags. A preset says which characters become references and what becomes of
/// control characters; text that needs nothing is returned as it is, without a copy.
public struct Escaper: Sendable {
    /// `"` as `&quot;`.
    let quote: Bool
    /// `'` as `&#39;`.
    let apostrophe: Bool
    /// Line feed and tab as `&#10;` and `&#9;` (an XML attribute would otherwise normalise them to spaces).
    let whitespaceAsReferences: Bool
    /// Carriage return as `&#13;` (an XML parser would otherwise drop it).
    let carriageReturnAsReference: Bool
    /// Control characters other than line feed and tab as U+FFFD (XML 1.0 cannot carry them; a report should not).
    let replaceControls: Bool
    /// U+FFFE and U+FFFF as U+FFFD (not characters in XML).
    let replaceNonCharacters: Bool

    /// Text between HTML tags: `&`, `<`, `>`.
    public static let htmlText = Escaper(
        quote: false, apostrophe: false, whitespaceAsReferences: false, carriageReturnAsReference: false,
        replaceControls: false, replaceNonCharacters: false)
    /// A double-quoted HTML attribute value: `&`, `<`, `>`, `"`.
    public static let htmlAttribute = Escaper(
        quote: true, apostrophe: false, whitespaceAsReferences: false, carriageReturnAsReference: false,
        replaceControls: false, replaceNonCharacters: false)
    /// Anything from a scenario or a page in a report page, text or attribute: both quotes, and no control characters.
    public static let htmlReport = Escaper(
        quote: true, apostrophe: true, whitespaceAsReferences: false, carriageReturnAsReference: false,
        replaceControls: true, replaceNonCharacters: false)
    /// XML 1.0 character data.
    public static let xmlText = Escaper(
        quote: false, apostrophe: false, whitespaceAsReferences: false, carriageReturnAsReference: true,
        replaceControls: true, replaceNonCharacters: true)
    /// An XML 1.0 double-quoted attribute value, which keeps its line breaks and tabs.
    public static let xmlAttribute = Escaper(
        quote: true, apostrophe: false, whitespaceAsReferences: true, carriageReturnAsReference: true,
        replaceControls: true, replaceNonCharacters: true)

    /// `text` escaped.
    public func callAsFunction(_ text: String) -> String {
        guard needsWork(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quote: out += "&quot;"
            case "'" where apostrophe: out += "&#39;"
            case "\n" where whitespaceAsReferences: out += "&#10;"
            case "\t" where whitespaceAsReferences: out += "&#9;"
            case "\r" where carriageReturnAsReference: out += "&#13;"
            case _ where replaceControls && scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += "\u{FFFD}"
            case _ where replaceNonCharacters && (scalar.value == 0xFFFE || scalar.value == 0xFFFF): out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether any byte of `text` may need escaping: most text needs none and is returned without a copy.
    private func needsWork(_ text: String) -> Bool {
        text.utf8.contains { byte in
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || (quote && byte == UInt8(ascii: "\""))
                || (apostrophe && byte == UInt8(ascii: "'"))
                || (byte < 0x20 && (replaceControls || whitespaceAsReferences || carriageReturnAsReference))
                || (replaceNonCharacters && byte == 0xEF)
        }
    }
}
