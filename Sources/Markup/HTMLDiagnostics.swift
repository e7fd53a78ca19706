internal import CLibXML2

/// Tunes libxml2's HTML diagnostics to pages written for today's browsers.
///
/// libxml2 2.9's HTML parser knows HTML 4 only and reports every HTML5, SVG
/// or MathML element ("Tag nav invalid") although it builds them correctly.
/// Real pages are full of them, so those reports would bury the problems
/// that matter; an unknown tag that no standard defines (a typo such as
/// `<inptu>`) stays, as a warning.
enum HTMLDiagnostics {
    /// Drops unknown-tag reports for standard elements and custom elements, and makes the rest warnings.
    static func triage(_ error: borrowing xmlError) -> DiagnosticCollector.Triage {
        guard error.code == Int32(XML_HTML_UNKNOWN_TAG.rawValue) else { return .keep }
        // libxml2 passes the tag name as the error's first string.
        guard let str1 = error.str1 else { return .keepAsWarning }
        let name = UnsafeRawPointer(str1).assumingMemoryBound(to: xmlChar.self)
        if knownElements.contains(where: { sameName(name, $0, insensitive: true) }) { return .ignore }
        var index = 0
        while name[index] != 0 {
            if name[index] == UInt8(ascii: "-") { return .ignore }
            index += 1
        }
        return .keepAsWarning
    }

    /// Elements of HTML5 and of the SVG and MathML vocabularies pages embed.
    static let knownElements: [String] = [
        // HTML5 elements libxml2 2.9 does not know.
        "article", "aside", "audio", "bdi", "canvas", "data", "datalist", "details", "dialog",
        "figcaption", "figure", "footer", "header", "hgroup", "main", "mark", "meter", "nav",
        "output", "picture", "progress", "rp", "rt", "ruby", "search", "section", "slot", "source",
        "summary", "template", "time", "track", "video", "wbr", "embed",
        // SVG.
        "svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "text",
        "tspan", "textpath", "defs", "use", "symbol", "clippath", "mask", "pattern", "image",
        "lineargradient", "radialgradient", "stop", "filter", "foreignobject", "marker", "desc",
        "title", "view", "animate", "animatetransform", "fegaussianblur", "feoffset", "feblend",
        "fecolormatrix", "femerge", "femergenode", "feflood", "fecomposite",
        // MathML.
        "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "mfrac", "msqrt", "mroot", "msup", "msub",
        "msubsup", "mtable", "mtr", "mtd", "semantics", "annotation",
    ]
}
