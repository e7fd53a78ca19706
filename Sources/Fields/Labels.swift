import Markup

/// Label texts of one document, by the id they are `for`.
public final class LabelIndex {
    private var byID: [String: [String]] = [:]

    /// Indexes every `<label for>` of `document`.
    public init(document: Document) {
        add(labelsIn: document.node)
    }

    /// Indexes the labels below `root` (a page, or content a script just inserted) and returns the ids they name.
    @discardableResult
    public func add(labelsIn root: Node) -> [String] {
        var named: [String] = []
        let labels = (root.isElement && root.name == "label" ? [root] : []) + root.select(Self.labelSelector)
        for label in labels {
            guard let target = label.attribute("for") else { continue }
            byID[target, default: []].append(Labels.clip(label.textContent))
            named.append(target)
        }
        return named
    }

    private static let labelSelector = try! Selector("label[for]")

    /// Every label text `for` the id, in document order.
    public func texts(for id: String) -> [String] { byID[id] ?? [] }
}

/// Where a control's labels come from when the page gives it none: the text a person reads next to it.
///
/// Written after reading how browsers' autofill infers labels (Chromium's `InferLabelForElement`,
/// Firefox's `LabelUtils`): the text just before the control, its table cell's neighbour, the
/// column's header (in a table or a grid of `<div>`s), a `<dt>`, a fieldset's legend.
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
            let whitespace = scalar.isASCII ? (scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar.value == 12) : scalar.properties.isWhitespace
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
        case "script", "style", "template", "noscript", "select", "option", "optgroup", "textarea", "button", "canvas", "video",
             "audio", "object", "embed", "iframe", "img", "svg", "picture", "datalist": true
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

    /// Inferred labels of `control`, nearest first. `holdsControls` says whether an element contains a control.
    static func inferred(for control: Node, holdsControls: (Node) -> Bool) -> [(String, FieldSignal.Source)] {
        var found: [(String, FieldSignal.Source)] = []
        if let text = textBefore(control, holdsControls: holdsControls) { found.append((text, .inferredLabel)) }
        if let cell = ancestor(of: control, within: 4, where: { $0.name == "td" || $0.name == "th" }) {
            if let text = previousCellText(cell, holdsControls: holdsControls) { found.append((text, .previousCell)) }
            if let text = columnHeader(of: cell, holdsControls: holdsControls) { found.append((text, .columnHeader)) }
        } else if let text = gridHeader(of: control, holdsControls: holdsControls) {
            found.append((text, .columnHeader))
        }
        if let dd = ancestor(of: control, within: 3, where: { $0.name == "dd" }), let dt = dd.previousElementSibling, dt.name == "dt",
           !holdsControls(dt) {
            let text = clip(dt.textContent)
            if !text.isEmpty { found.append((text, .inferredLabel)) }
        }
        if let fieldset = ancestor(of: control, within: 12, where: { $0.name == "fieldset" }),
           let legend = firstChild(of: fieldset, named: "legend", within: 8) {
            let text = clip(legend.textContent)
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
    static func textBefore(_ control: Node, holdsControls: (Node) -> Bool) -> String? {
        var current = control
        for _ in 0..<4 {
            var pieces: [String] = []
            var sibling = current.previousSibling
            var steps = 0
            walk: while let node = sibling, steps < 12 {
                steps += 1
                switch node.kind {
                case .text:
                    pieces.append(node.textContent)
                case .element:
                    let name = node.name
                    if isFormElement(name) || holdsControls(node) { break walk }
                    if name == "br" || name == "hr" {
                        if !joined(pieces).isEmpty { break walk }
                    } else if isInline(name) {
                        pieces.append(node.textContent)
                    } else if !isSilent(name) {
                        // A block: its text labels the control only when nothing nearer did; an empty one is passed over.
                        let text = node.textContent
                        if !text.contains(where: { !$0.isWhitespace }) { break }
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
            guard let parent = current.parent, parent.isElement, !isBoundary(parent.name), !holdsOtherControls(parent, than: control, holdsControls) else {
                return nil
            }
            if let stop = sibling, stop.isElement, isFormElement(stop.name) || holdsControls(stop) { return nil }
            current = parent
        }
        return nil
    }

    /// Elements that end the search for a label: another field, or a button.
    static func isFormElement(_ name: String) -> Bool {
        switch name {
        case "input", "select", "textarea", "button", "form", "fieldset": true
        default: false
        }
    }

    /// Elements that flow inside a line of text, so their text joins the words around them.
    static func isInline(_ name: String) -> Bool {
        switch name {
        case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label", "mark", "q", "s",
             "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "nobr", "tt", "big": true
        default: false
        }
    }

    private static func joined(_ pieces: [String]) -> String {
        pieces.reversed().joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when `container` holds a control besides `control` (it groups several fields: not this one's wrapper).
    static func holdsOtherControls(_ container: Node, than control: Node, _ holdsControls: (Node) -> Bool) -> Bool {
        var count = 0
        var child = container.firstChild
        while let current = child {
            if current.isElement, FieldClassifier.isControl(current) || holdsControls(current) {
                count += 1
                if count > 1 { return true }
            }
            child = current.nextSibling
        }
        return false
    }

    /// The nearest earlier cell of the row with text and no control.
    static func previousCellText(_ cell: Node, holdsControls: (Node) -> Bool) -> String? {
        var sibling = cell.previousElementSibling
        var cells = 0
        while let previous = sibling, cells < widest {
            cells += 1
            if previous.name == "td" || previous.name == "th" {
                if holdsControls(previous) { return nil }
                let text = clip(previous.textContent)
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
            if previous.name == "td" || previous.name == "th" { index += max(1, min(Int(previous.attribute("colspan") ?? "") ?? 1, widest)) }
            sibling = previous.previousElementSibling
        }
        return index
    }

    /// Rows and grids wider than this are data tables or hostile pages, not a form's layout: their cells get no
    /// inferred labels, which keeps inference linear in the page however it is built.
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
    static func columnHeader(of cell: Node, holdsControls: (Node) -> Bool) -> String? {
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
            if previous.name == "tr", !holdsControls(previous) {
                var column = 0
                for header in elementChildren(of: previous, limit: widest) ?? [] where header.name == "td" || header.name == "th" {
                    let span = max(1, Int(header.attribute("colspan") ?? "") ?? 1)
                    if index >= column, index < column + span {
                        let text = clip(header.textContent)
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
    static func gridHeader(of control: Node, holdsControls: (Node) -> Bool) -> String? {
        var cell = control
        for _ in 0..<4 {
            guard let row = cell.parent, row.isElement, !isBoundary(row.name) else { return nil }
            if let cells = elementChildren(of: row, limit: widest), cells.count >= 2, let index = cells.firstIndex(of: cell),
               let headings = row.previousElementSibling, !holdsControls(headings), !isSilent(headings.name),
               let labels = elementChildren(of: headings, limit: widest) {
                if labels.count == cells.count {
                    let text = clip(labels[index].textContent)
                    return text.isEmpty || text.count > 60 ? nil : text
                }
            }
            cell = row
        }
        return nil
    }
}
