import Markup
import Scenarios

/// Lays a page out as lines of visible text, the way a browser would show it (see `Compositor`).
struct PageLayout {
    static let lineHeight = 20
    static let characterWidth = 8

    let width: Int
    let frames: [(selector: String, url: String, document: Document)]
    /// The viewport's height, for `@media` height and orientation queries.
    var viewportHeight = 720
    var styleCache: StyleCache? = nil
    /// Whether long lines wrap at the width (a screen), or stay whole (for printing a page, where a value must not be
    /// cut in two before it is redacted).
    var wraps = true

    struct Line {
        /// The elements that put text on the line; their CSS paths are worked out only for lines on screen.
        var elements: [Node]
        var text: String
        /// The values of the form fields on the line.
        var fields: [String] = []

        var source: String { elements.map(\.cssPath).joined(separator: " + ") }
    }

    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tr", "ul", "br", "label", "legend", "option", "summary", "details", "iframe", "textarea", "caption",
    ]
    static let invisible: Set<String> = [
        "head", "script", "style", "template", "noscript", "title", "meta", "link", "datalist",
    ]

    /// The page's lines, or its first `limit` lines (the walk stops there).
    func lines(of document: Document, upTo limit: Int = .max) -> [Line] {
        var walk = LayoutWalk(layout: self, limit: limit)
        walk.walk(
            document.node,
            styles: styleCache?.styles(of: document, width: width, height: viewportHeight)
                ?? StyleVisibility(document, width: width, height: viewportHeight), hidden: false)
        walk.flush()
        return walk.lines
    }

    static let bodySelector = try! Selector("body")
    static let optionSelector = try! Selector("option")

    /// Text as a line shows it: white space runs as one space, none at the ends.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What an input shows: its value, dots for a password, nothing for hidden inputs and buttons without a value.
    static func shownValue(of input: Node) -> String? {
        let type = input.attribute("type")?.lowercased() ?? "text"
        switch type {
        case "hidden", "file", "image": return nil
        case "checkbox", "radio": return input.hasAttribute("checked") ? "[x]" : "[ ]"
        case "password":
            let value = input.attribute("value") ?? ""
            return value.isEmpty ? nil : String(repeating: "•", count: value.count)
        case "submit", "button", "reset":
            return input.attribute("value") ?? type.capitalized
        default:
            // An empty field still draws its box.
            let value = input.attribute("value") ?? ""
            return value.isEmpty ? "[\(input.attribute("placeholder") ?? "")]" : value
        }
    }

    /// Text wrapped at one character per 8 px.
    static func wrap(_ text: String, width: Int) -> [String] {
        let columns = max(8, width / Self.characterWidth)
        // Never more characters than UTF-8 bytes: a short line needs no counting.
        if text.utf8.count <= columns, !text.utf8.contains(0x0A) { return [text] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > columns {
                    lines.append(line)
                    line = ""
                }
                // A word longer than the line breaks where the line ends, as a browser breaks overflowing text; each
                // cut walks one line's characters (counting the whole rest each time made a 2 MB word quadratic).
                var rest = Substring(word)
                while line.isEmpty,
                    let cut = rest.index(rest.startIndex, offsetBy: columns, limitedBy: rest.endIndex),
                    cut < rest.endIndex
                {
                    lines.append(String(rest[..<cut]))
                    rest = rest[cut...]
                }
                line += (line.isEmpty ? "" : " ") + rest
            }
            lines.append(line)
        }
        return lines
    }
}

extension String {
    /// `300` or `300px` as written in a `width` attribute; anything else (`100%`) is not a pixel size.
    fileprivate var cssPixels: String { hasSuffix("px") ? String(dropLast(2)) : self }
}

/// One walk of a page (or a frame's page inside it) that lays its text out in lines.
private struct LayoutWalk {
    let layout: PageLayout
    let limit: Int
    private(set) var lines: [PageLayout.Line] = []
    private var current = PageLayout.Line(elements: [], text: "")
    /// Whitespace seen since the last character, across text nodes, as one space.
    private var pendingSpace = false
    private var frameDepth = 0

    init(layout: PageLayout, limit: Int) {
        self.layout = layout
        self.limit = limit
    }

    /// Ends the line under way (wrapped at the width when the layout wraps).
    mutating func flush() {
        pendingSpace = false
        let text = current.text
        if !text.isEmpty {
            for wrapped in (layout.wraps ? PageLayout.wrap(text, width: layout.width) : [text]) where !wrapped.isEmpty {
                lines.append(
                    PageLayout.Line(
                        elements: current.elements, text: wrapped,
                        fields: current.fields.filter { wrapped.contains($0) }))
            }
        }
        current = PageLayout.Line(elements: [], text: "")
    }

    /// Adds text to the line under way, white space collapsed as a browser does.
    private mutating func append(_ text: String, from element: Node?) {
        var added = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, !current.text.isEmpty { current.text.append(" ") }
            pendingSpace = false
            current.text.append(character)
            added = true
        }
        guard added else { return }
        // A line names every element that put text on it, so an action on any of them finds it on screen.
        if let element, current.elements.last != element, !current.elements.contains(element) {
            current.elements.append(element)
        }
    }

    /// Lays out `node`; `hidden` is an ancestor's `visibility: hidden` that nothing below it has undone.
    mutating func walk(_ node: Node, styles: StyleVisibility, hidden: Bool) {
        if lines.count >= limit { return }
        switch node.kind {
        case .text, .cdata:
            if !hidden { append(node.textContent, from: node.parent) }
        case .element:
            element(node, styles: styles, hidden: hidden)
        case .document:
            children(of: node, styles: styles, hidden: hidden)
        default:
            break
        }
    }

    private mutating func children(of node: Node, styles: StyleVisibility, hidden: Bool) {
        var child = node.firstChild
        while let current = child, lines.count < limit {
            walk(current, styles: styles, hidden: hidden)
            child = current.nextSibling
        }
    }

    private mutating func element(_ node: Node, styles: StyleVisibility, hidden inherited: Bool) {
        let name = node.name
        if PageLayout.invisible.contains(name) || styles.isDisplayNone(node) { return }
        if name == "dialog", !node.hasAttribute("open") { return }
        let hidden =
            switch styles.visibility(of: node) {
            case .hidden: true
            case .visible: false
            case .inherit: inherited
            }
        let block = PageLayout.blocks.contains(name)
        if block { flush() }
        // Table cells sit side by side with space between them.
        if name == "td" || name == "th" { pendingSpace = true }
        switch name {
        case "details" where !node.hasAttribute("open"):
            // A closed disclosure shows its summary only.
            if let summary = node.elementChildren.first(where: { $0.name == "summary" }) {
                walk(summary, styles: styles, hidden: hidden)
            }
        case "input", "select", "textarea":
            if !hidden { field(node) }
        case "iframe", "frame":
            frame(node, hidden: hidden)
        default:
            children(of: node, styles: styles, hidden: hidden)
        }
        if block { flush() }
    }

    /// What a form field shows; its value is noted as a box of its own on the line.
    private mutating func field(_ node: Node) {
        switch node.name {
        case "input":
            guard let value = PageLayout.shownValue(of: node) else { return }
            append(value, from: node)
            if node.attribute("value")?.isEmpty == false { current.fields.append(PageLayout.collapsed(value)) }
        case "select":
            let options = node.select(PageLayout.optionSelector)
            guard let chosen = options.last(where: { $0.hasAttribute("selected") }) ?? options.first else { return }
            append(chosen.textContent, from: node)
            current.fields.append(PageLayout.collapsed(chosen.textContent))
        default:
            let value = node.attribute("value") ?? node.textContent
            append(value, from: node)
            current.fields.append(PageLayout.collapsed(value))
        }
    }

    /// Pixels do not care about origins: the frame's page is drawn where the frame is, with its own styles. A frame the
    /// scenario gives a page shows that page; otherwise its `srcdoc`, which a browser renders. Frames inside `srcdoc`
    /// frames are drawn to a depth of eight: a page cannot nest them without end.
    private mutating func frame(_ node: Node, hidden: Bool) {
        let cache = layout.styleCache
        let document =
            // Frame selectors were parsed when the scenario was loaded; a srcdoc that libxml2 cannot parse shows nothing.
            layout.frames.first(where: { (try? Selector($0.selector)).map(node.matches) ?? false })?.document
            ?? (frameDepth < 8
                ? node.attribute("srcdoc").flatMap { srcdoc in
                    cache?.document(srcdoc: srcdoc) ?? (try? Document.parseHTML(srcdoc))
                } : nil)
        guard let document, let body = document.first(PageLayout.bodySelector) else { return }
        flush()
        current.elements = [node]
        // Without CSS a frame is its `width` and `height` in pixels, or 300 × 150; sized by CSS, its @media is undecided.
        let styled = node.attribute("style") != nil || node.attribute("class") != nil
        func size(_ name: String, _ fallback: Int) -> Int? {
            guard let value = node.attribute(name) else { return styled ? nil : fallback }
            return styled ? nil : Int(value.cssPixels)
        }
        let width = size("width", 300), height = size("height", 150)
        let styles =
            cache?.styles(of: document, width: width, height: height)
            ?? StyleVisibility(document, width: width, height: height)
        frameDepth += 1
        defer { frameDepth -= 1 }
        let frameHidden = hidden && styles.visibility(of: body) != .visible
        let first = lines.count
        if !styles.isDisplayNone(body) {
            for child in body.children { walk(child, styles: styles, hidden: frameHidden) }
        }
        flush()
        // Every line the frame draws names the frame first: an action on it finds it, a finding points at it.
        for index in first..<lines.count where lines[index].elements.first != node {
            lines[index].elements.insert(node, at: 0)
        }
    }
}
