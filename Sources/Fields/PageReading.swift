import Markup

/// What the classifier reads of a page besides the controls themselves, each read once and kept: the text of an
/// element (bounded), which elements hold a control, how many children of a container do. Label inference asks
/// these for every control; reading them afresh each time would make a hostile page quadratic.
final class PageReading {
    let document: Document
    private var texts: [NodeIdentity: String] = [:]
    private var controlHolders: Set<NodeIdentity>?
    private var holdingChildren: [NodeIdentity: Int] = [:]

    init(document: Document) {
        self.document = document
    }

    /// Content changed: what was read may be stale.
    func forget() {
        texts = [:]
        controlHolders = nil
        holdingChildren = [:]
    }

    /// The text a person reads in `node`, whitespace collapsed and at most `Labels.maximumLength` characters, from its
    /// start: scripts, styles, templates, media and the options and text of other fields are left out. Reading stops
    /// once enough text is collected, so a megabyte of text under a label costs what its first words cost.
    func text(of node: Node) -> String {
        if let known = texts[node.identity] { return known }
        var collected = ""
        var budget = Labels.maximumLength * 4
        var visited = 0
        func visit(_ current: Node) {
            guard budget > 0, visited < 4_096 else { return }
            visited += 1
            switch current.kind {
            case .text, .cdata:
                let piece = current.textContent
                collected += piece.count > budget ? String(piece.prefix(budget)) : piece
                collected += " "
                budget -= piece.count + 1
            case .element:
                // The node itself is read whatever it is (a button's own text); inside it, silent elements and fields are not.
                if current != node, Labels.isSilent(current.name) || FieldClassifier.isControl(current) { return }
                var child = current.firstChild
                while let next = child, budget > 0 {
                    visit(next)
                    child = next.nextSibling
                }
            default:
                break
            }
        }
        visit(node)
        let text = Labels.clip(collected)
        texts[node.identity] = text
        return text
    }

    /// True when `node` contains a control that counts for label inference (a field, not a decoration).
    func holdsControls(_ node: Node) -> Bool {
        if controlHolders == nil {
            var holders: Set<NodeIdentity> = []
            for control in document.node.select(FieldClassifier.controlSelector)
            where FieldClassifier.isControl(control) && !FieldClassifier.isPresentation(control) {
                var current = control.parent
                while let element = current, element.isElement, holders.insert(element.identity).inserted {
                    current = element.parent
                }
            }
            controlHolders = holders
        }
        return controlHolders!.contains(node.identity)
    }

    /// True when `container` has more than one child that is or holds a control (it groups several fields).
    func holdsSeveralControls(_ container: Node) -> Bool {
        if let known = holdingChildren[container.identity] { return known > 1 }
        var count = 0
        var child = container.firstChild
        while let current = child, count < 2 {
            if current.isElement,
                (FieldClassifier.isControl(current) && !FieldClassifier.isPresentation(current))
                    || holdsControls(current)
            {
                count += 1
            }
            child = current.nextSibling
        }
        holdingChildren[container.identity] = count
        return count > 1
    }

    /// The element whose `id` is exactly `id`, found through the document's ID table.
    func element(withID id: String) -> Node? {
        // XPath's id() splits its argument at whitespace: an id with a space can name no element exactly.
        guard !id.isEmpty, !id.contains(where: \.isWhitespace),
            // An id() lookup with a bound variable cannot fail for an id without spaces; a failure only finds no label.
            let found = (try? document.nodes(matchingXPath: "id($id)", variables: ["id": .string(id)]))?.first,
            found.attribute("id") == id
        else { return nil }
        return found
    }
}
