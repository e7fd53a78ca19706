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
    /// Bidirectional controls (U+202E and its kin) shown as `⟨U+202E⟩`: in a report they would reorder what a
    /// reviewer reads around them.
    var showBidirectionalControls = false

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
        replaceControls: true, replaceNonCharacters: false, showBidirectionalControls: true)
    /// XML 1.0 character data.
    public static let xmlText = Escaper(
        quote: false, apostrophe: false, whitespaceAsReferences: false, carriageReturnAsReference: true,
        replaceControls: true, replaceNonCharacters: true, showBidirectionalControls: true)
    /// An XML 1.0 double-quoted attribute value, which keeps its line breaks and tabs.
    public static let xmlAttribute = Escaper(
        quote: true, apostrophe: false, whitespaceAsReferences: true, carriageReturnAsReference: true,
        replaceControls: true, replaceNonCharacters: true, showBidirectionalControls: true)

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
            case _ where showBidirectionalControls && Self.isBidirectionalControl(scalar):
                out += "⟨U+\(String(scalar.value, radix: 16, uppercase: true))⟩"
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
                || (showBidirectionalControls && (byte == 0xE2 || byte == 0xD8))
        }
    }

    /// Marks that reorder or hide the text around them: embeddings, overrides, isolates and the directional marks.
    static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Text for a terminal or a CI log: control characters (ESC, a line break inside a path, DEL, C1) and
    /// bidirectional controls shown as `\u{1B}`, so nothing from an input can move the cursor, clear the screen, forge
    /// a line of output or reorder it. `keeping` names characters left as they are (the line breaks and tabs of a
    /// multi-line message).
    public static func terminal(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        func escaped(_ scalar: Unicode.Scalar) -> Bool {
            (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || isBidirectionalControl(scalar))
                && !keeping.contains(scalar)
        }
        guard text.unicodeScalars.contains(where: escaped) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if escaped(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Escaper {
    /// `text` as a JSON string (RFC 8259), quotes included, appended to `out`: quotes, backslashes, line breaks and
    /// tabs escaped; other control characters and U+FFFE/U+FFFF become U+FFFD, as in the XML, so every format a
    /// report or an audit is written in holds the same text. Text that needs nothing is appended as it is.
    public static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xEF {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
