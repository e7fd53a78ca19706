import Markup

/// The `<label for>` elements of one document, by the id they are `for`.
public final class LabelIndex {
    private var byID: [String: [Node]] = [:]
    private var indexed: Set<NodeIdentity> = []

    /// More labels than this for one id are a generated or hostile page: the first ones are kept.
    static let labelsPerID = 8

    /// Indexes every `<label for>` of `document`.
    public init(document: Document) {
        add(labelsIn: document.node)
    }

    /// Indexes the labels below `root` (a page, or content a script just inserted) and returns the ids they name.
    /// A label already indexed (a script moved or re-rendered it) is not indexed again.
    @discardableResult
    public func add(labelsIn root: Node) -> [String] {
        var named: [String] = []
        let labels = (root.isElement && root.name == "label" ? [root] : []) + root.select(Self.labelSelector)
        for label in labels {
            guard let target = label.attribute("for"), indexed.insert(label.identity).inserted else { continue }
            if byID[target, default: []].count < Self.labelsPerID { byID[target, default: []].append(label) }
            named.append(target)
        }
        return named
    }

    private static let labelSelector = try! Selector("label[for]")

    /// Every label `for` the id, in the order they were indexed.
    func labels(for id: String) -> [Node] { byID[id] ?? [] }
}

/// Where a control's labels come from when the page gives it none: the text a person reads next to it.
///
/// Written after reading how browsers' autofill infers labels (Chromium's `InferLabelForElement`,
/// Firefox's `LabelUtils`): the text just before the control, its table cell's neighbour, the
/// column's header (in a table or a grid of `<div>`s), a `<dt>`, a fieldset's legend. Every text is read
/// through `PageReading`, once per element and bounded, and every walk is bounded, so inference stays
/// linear in the page however it is built.
enum Labels {
    /// Longest label text kept: a label is a few words, and long texts would only add noise.
    static let maximumLength = 160

    /// `text` with its whitespace collapsed, cut to `maximumLength` characters: its start for a label (the words
    /// that name the field come first, help text after), its end for text found before a control (`fromEnd`).
    static func clip(_ text: String, fromEnd: Bool = false) -> String {
        // Most labels are one tidy line: only split and join when there is whitespace to collapse.
        var previousSpace = true
        var tidy = true
        for scalar in text.unicodeScalars {
            let space = scalar == " "
            let whitespace =
                scalar.isASCII
                ? (scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar.value == 12)
                : scalar.properties.isWhitespace
            if (space && previousSpace) || (!space && whitespace) {
                tidy = false
                break
            }
            previousSpace = space
        }
        if tidy, !previousSpace { return text.count > maximumLength ? cut(text, fromEnd: fromEnd) : text }
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count > maximumLength ? cut(collapsed, fromEnd: fromEnd) : collapsed
    }

    private static func cut(_ text: String, fromEnd: Bool) -> String {
        fromEnd ? String(text.suffix(maximumLength)) : String(text.prefix(maximumLength))
    }

    /// Elements whose text is never read as a label.
    static func isSilent(_ name: String) -> Bool {
        switch name {
        case "script", "style", "template", "noscript", "select", "option", "optgroup", "textarea", "button", "canvas",
            "video",
            "audio", "object", "embed", "iframe", "img", "svg", "picture", "datalist":
            true
        default: false
        }
    }

    /// Elements where walking up to find a label stops: table cells have their own rules (the previous cell,
    /// the column's header), and the page's body is as far as a label can be.
    static func isBoundary(_ name: String) -> Bool {
        switch name {
        case "td", "th", "tr", "table", "tbody", "thead", "tfoot", "body", "html": true
        default: false
        }
    }

    /// A field or button, which ends the search for a label: another field's label is not this one's. Inputs a
    /// widget draws as decoration (`role=presentation`, a clear button, a masked echo) are passed over.
    static func endsLabelSearch(_ node: Node) -> Bool {
        guard node.isElement, isFormElement(node.name) else { return false }
        return !FieldClassifier.isPresentation(node)
    }

    /// Elements that end the search for a label.
    static func isFormElement(_ name: String) -> Bool {
        switch name {
        case "input", "select", "textarea", "button", "form", "fieldset": true
        default: false
        }
    }

    /// Elements that flow inside a line of text, so their text joins the words around them.
    static func isInline(_ name: String) -> Bool {
        switch name {
        case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label", "mark",
            "q", "s",
            "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "nobr", "tt", "big":
            true
        default: false
        }
    }

    /// Inferred labels of `control`, nearest first.
    static func inferred(for control: Node, reading: PageReading) -> [(String, FieldSignal.Source)] {
        var found: [(String, FieldSignal.Source)] = []
        if let text = textBefore(control, reading: reading) { found.append((text, .inferredLabel)) }
        if let cell = ancestor(of: control, within: 4, where: { $0.name == "td" || $0.name == "th" }) {
            if let text = previousCellText(cell, reading: reading) { found.append((text, .previousCell)) }
            if let text = columnHeader(of: cell, reading: reading) { found.append((text, .columnHeader)) }
        } else if let text = gridHeader(of: control, reading: reading) {
            found.append((text, .columnHeader))
        }
        if let dd = ancestor(of: control, within: 3, where: { $0.name == "dd" }), let dt = dd.previousElementSibling,
            dt.name == "dt",
            !reading.holdsControls(dt)
        {
            let text = reading.text(of: dt)
            if !text.isEmpty { found.append((text, .inferredLabel)) }
        }
        if let fieldset = ancestor(of: control, within: 12, where: { $0.name == "fieldset" }),
            let legend = firstChild(of: fieldset, named: "legend", within: 8)
        {
            let text = reading.text(of: legend)
            if !text.isEmpty { found.append((text, .legend)) }
        }
        return found
    }

    static func ancestor(of node: Node, within levels: Int, where test: (Node) -> Bool) -> Node? {
        var current = node.parent
        var level = 0
        while let element = current, element.isElement, level < levels {
            if test(element) { return element }
            if element.name == "form" || element.name == "body" { return nil }
            current = element.parent
            level += 1
        }
        return nil
    }

    /// The text just before the control: the text and inline elements right before it, or the nearest block
    /// before it ("Card number" in a heading `<div>`), up to the previous field; when the control opens its
    /// container, the text before that container ("DOB:" before three selects).
    static func textBefore(_ control: Node, reading: PageReading) -> String? {
        var current = control
        for _ in 0..<4 {
            var pieces: [String] = []
            var sibling = current.previousSibling
            var steps = 0
            walk: while let node = sibling, steps < 12 {
                steps += 1
                switch node.kind {
                case .text:
                    pieces.append(String(node.textContent.suffix(maximumLength)))
                case .element:
                    let name = node.name
                    if endsLabelSearch(node) || reading.holdsControls(node) { break walk }
                    if name == "br" || name == "hr" {
                        if !joined(pieces).isEmpty { break walk }
                    } else if isInline(name) {
                        pieces.append(reading.text(of: node))
                    } else if !isSilent(name) {
                        // A block: its text labels the control only when nothing nearer did; an empty one is passed over.
                        let text = reading.text(of: node)
                        if text.isEmpty { break }
                        if joined(pieces).isEmpty { pieces.append(text) }
                        break walk
                    }
                default:
                    break
                }
                if joined(pieces).count >= maximumLength { break }
                sibling = node.previousSibling
            }
            let text = clip(joined(pieces), fromEnd: true)
            if !text.isEmpty { return text.count > 80 ? String(text.suffix(80)) : text }
            // Nothing before it here: read before the container, if the container wraps this control alone.
            guard let parent = current.parent, parent.isElement, !isBoundary(parent.name),
                !reading.holdsSeveralControls(parent)
            else {
                return nil
            }
            if let stop = sibling, stop.isElement, endsLabelSearch(stop) || reading.holdsControls(stop) { return nil }
            current = parent
        }
        return nil
    }

    private static func joined(_ pieces: [String]) -> String {
        pieces.reversed().joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The nearest earlier cell of the row with text and no control.
    static func previousCellText(_ cell: Node, reading: PageReading) -> String? {
        var sibling = cell.previousElementSibling
        var cells = 0
        while let previous = sibling, cells < widest {
            cells += 1
            if previous.name == "td" || previous.name == "th" {
                if reading.holdsControls(previous) { return nil }
                let text = reading.text(of: previous)
                if !text.isEmpty { return text }
            }
            sibling = previous.previousElementSibling
        }
        return nil
    }

    /// The cell's column index, counting `colspan`; nil in a row wider than any form's.
    static func column(of cell: Node) -> Int? {
        var index = 0
        var cells = 0
        var sibling = cell.previousElementSibling
        while let previous = sibling {
            cells += 1
            if cells > widest { return nil }
            if previous.name == "td" || previous.name == "th" {
                index += max(1, min(Int(previous.attribute("colspan") ?? "") ?? 1, widest))
            }
            sibling = previous.previousElementSibling
        }
        return index
    }

    /// Rows and grids wider than this are data tables or hostile pages, not a form's layout: their cells get no
    /// inferred labels from their column.
    static let widest = 64

    /// The first child element named `name` among the first `limit` element children.
    static func firstChild(of node: Node, named name: String, within limit: Int) -> Node? {
        var child = node.firstChild
        var elements = 0
        while let current = child, elements < limit {
            if current.isElement {
                if current.name == name { return current }
                elements += 1
            }
            child = current.nextSibling
        }
        return nil
    }

    /// The element children of `node`, or nil when there are more than `limit`.
    static func elementChildren(of node: Node, limit: Int) -> [Node]? {
        var result: [Node] = []
        var child = node.firstChild
        while let current = child {
            if current.isElement {
                result.append(current)
                if result.count > limit { return nil }
            }
            child = current.nextSibling
        }
        return result
    }

    /// The text of the same column in the nearest earlier row that holds no control (a header row, or a row of labels).
    static func columnHeader(of cell: Node, reading: PageReading) -> String? {
        guard let row = cell.parent, row.name == "tr", let index = column(of: cell) else { return nil }
        var candidate = row.previousElementSibling
        // The header may sit in the `<thead>` before this row's `<tbody>`.
        if candidate == nil, let section = row.parent, section.name == "tbody" || section.name == "tfoot" {
            candidate = section.previousElementSibling.flatMap { $0.name == "thead" ? $0.lastChild : nil }
            while let last = candidate, !(last.isElement && last.name == "tr") { candidate = last.previousSibling }
        }
        var rows = 0
        while let previous = candidate, rows < 8 {
            rows += 1
            if previous.name == "tr", !reading.holdsControls(previous) {
                var column = 0
                for header in elementChildren(of: previous, limit: widest) ?? []
                where header.name == "td" || header.name == "th" {
                    let span = max(1, Int(header.attribute("colspan") ?? "") ?? 1)
                    if index >= column, index < column + span {
                        let text = reading.text(of: header)
                        return text.isEmpty || text.count > 60 ? nil : text
                    }
                    column += span
                }
                return nil
            }
            candidate = previous.previousElementSibling
        }
        return nil
    }

    /// A grid of `<div>`s: a row of headings above a row of fields, the k-th heading labelling the k-th field.
    static func gridHeader(of control: Node, reading: PageReading) -> String? {
        var cell = control
        for _ in 0..<4 {
            guard let row = cell.parent, row.isElement, !isBoundary(row.name) else { return nil }
            if let cells = elementChildren(of: row, limit: widest), cells.count >= 2,
                let index = cells.firstIndex(of: cell),
                let headings = row.previousElementSibling, !reading.holdsControls(headings), !isSilent(headings.name),
                let labels = elementChildren(of: headings, limit: widest)
            {
                if labels.count == cells.count {
                    let text = reading.text(of: labels[index])
                    return text.isEmpty || text.count > 60 ? nil : text
                }
            }
            cell = row
        }
        return nil
    }
}
