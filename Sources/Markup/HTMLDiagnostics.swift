import CLibXML2

/// Tunes libxml2's HTML diagnostics to pages written for today's browsers.
///
/// libxml2 2.9's HTML parser knows HTML 4 only and reports every HTML5, SVG
/// or MathML element ("Tag nav invalid") although it builds them correctly.
/// Real pages are full of them, so those reports would bury the problems
/// that matter; an unknown tag that no standard defines (a typo such as
/// `<inptu>`) stays, as a warning.
enum HTMLDiagnostics {
    static func filter(_ diagnostics: [ParseDiagnostic]) -> [ParseDiagnostic] {
        diagnostics.compactMap { diagnostic in
            guard diagnostic.code == Int(XML_HTML_UNKNOWN_TAG.rawValue) else { return diagnostic }
            guard let name = unknownTagName(diagnostic.message) else { return diagnostic }
            if knownElements.contains(name.lowercased()) || name.contains("-") { return nil }
            var warning = diagnostic
            warning.severity = .warning
            return warning
        }
    }

    /// The name in libxml2's "Tag NAME invalid" message.
    private static func unknownTagName(_ message: String) -> String? {
        let parts = message.split(separator: " ")
        guard parts.count == 3, parts[0] == "Tag", parts[2] == "invalid" else { return nil }
        return String(parts[1])
    }

    /// Elements of HTML5 and of the SVG and MathML vocabularies pages embed.
    static let knownElements: Set<String> = [
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
