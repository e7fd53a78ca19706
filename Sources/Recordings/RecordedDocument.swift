import Fields
import Markup

/// The document a recording describes, rebuilt event by event as rrweb's replayer rebuilds it: a full snapshot
/// replaces it, a mutation changes it. It writes itself out as HTML (a page the scenario loader reads), each element
/// marked with its rrweb id (`data-rr-id`), so a selector finds exactly that element however the HTML parser
/// rearranges the page (a `div` it takes out of a `p`, a table it completes).
///
/// Over 300 lines: reading mutations, writing HTML and classifying fields all walk the one node table.
public final class RecordedDocument {
    /// One node, with its place in the tree.
    struct Node {
        var kind: SerializedNode.Kind
        var parent: Int?
        var children: [Int] = []
        var isShadow = false
    }

    private(set) var nodes: [Int: Node] = [:]
    private(set) var root: Int?
    /// The sensitive fields' classes per document (the page's or a frame's), by rrweb id, as last read: cleared by a
    /// snapshot, and by a change that adds or removes nodes, changes a text (a label's words) or an attribute the
    /// classifier reads; a field's value, a box's state or a class changing keep them, so a session of keystrokes
    /// and styling does not parse the page again each time.
    private var fieldClasses: [Int: [Int: FieldClassification]] = [:]

    /// Whether an attribute is the page's rather than rrweb's own (`rr_width`, `rr_dataURL`, …): `rr_src` is, since
    /// rrweb keeps a cross-origin frame's address there, tokens and all.
    public static func carriesPageData(_ name: String) -> Bool { !name.hasPrefix("rr_") || name == "rr_src" }

    /// How many times a document could not be read whole for the field classifier.
    public private(set) var unclassifiedReads = 0

    /// The elements of the document `id` (a frame's own document's are its own).
    private func elementCount(in id: Int) -> Int {
        var count = 0
        var pending = [id]
        while let next = pending.popLast(), let node = nodes[next] {
            if case .element = node.kind { count += 1 }
            pending += node.children.filter { child in
                if case .document? = nodes[child]?.kind { false } else { true }
            }
        }
        return count
    }

    /// The attributes the field classifier reads (names, labels, types, tokens): a change to one may change a class.
    static let namingAttributes: Set<String> = [
        "type", "id", "name", "role", "placeholder", "aria-label", "aria-labelledby", "aria-describedby", "title",
        "autocomplete", "for", "form", "pattern", "maxlength", "size", "colspan", "lang", "contenteditable",
        "inputmode", "hidden", "label",
    ]

    /// An empty document.
    public init() {}

    /// Why a change cannot be applied.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// How many nodes the document holds.
    public var count: Int { nodes.count }

    /// Replaces the document with a full snapshot's.
    public func load(_ snapshot: SerializedNode) {
        nodes = [:]
        fieldClasses = [:]
        root = snapshot.id
        insert(snapshot, parent: nil)
    }

    private func insert(_ node: SerializedNode, parent: Int?) {
        nodes[node.id] = Node(
            kind: node.kind, parent: parent, children: node.children.map(\.id), isShadow: node.isShadow)
        for child in node.children { insert(child, parent: node.id) }
    }

    private func delete(_ id: Int) {
        guard let node = nodes.removeValue(forKey: id) else { return }
        if let parent = node.parent { nodes[parent]?.children.removeAll { $0 == id } }
        // Iteratively, so a hostile chain of nested nodes cannot exhaust the stack.
        var pending = node.children
        while let next = pending.popLast() {
            if let removed = nodes.removeValue(forKey: next) { pending += removed.children }
        }
    }

    /// Applies a mutation in rrweb's order: removes, adds (each once its parent and next sibling are there), texts,
    /// attributes. Removes and changes of nodes the document does not hold are ignored, as the replayer does; an add
    /// that never finds its parent is an error, since its content would otherwise vanish from the analysis.
    public func apply(_ mutation: Mutation) throws(Problem) {
        if !mutation.adds.isEmpty || !mutation.removes.isEmpty || !mutation.texts.isEmpty
            || mutation.attributes.contains(where: { changed in
                changed.changes.contains { Self.namingAttributes.contains($0.name.lowercased()) }
            })
        {
            fieldClasses = [:]
        }
        for (_, id) in mutation.removes { delete(id) }
        // Each add waits for the node it needs (its parent, then its next sibling); inserting a node releases the
        // adds waiting for it, so a chain of adds in any order costs one pass.
        var waiting: [Int: [(parent: Int, next: Int?, node: SerializedNode)]] = [:]
        var ready = Array(mutation.adds.reversed())
        var waitingCount = 0
        while let add = ready.popLast() {
            if let missing = [add.parent, add.next].compactMap({ $0 }).first(where: { nodes[$0] == nil }) {
                waiting[missing, default: []].append(add)
                waitingCount += 1
                continue
            }
            // A node added again moves: the old one goes first, so no id is in the tree twice.
            var ids: [Int] = []
            collectIDs(add.node, into: &ids)
            for id in ids where nodes[id] != nil { delete(id) }
            guard nodes[add.parent] != nil else {
                throw Problem(description: "node \(add.node.id) is added inside itself")
            }
            insert(add.node, parent: add.parent)
            if let next = add.next, let index = nodes[add.parent]?.children.firstIndex(of: next) {
                nodes[add.parent]?.children.insert(add.node.id, at: index)
            } else {
                nodes[add.parent]?.children.append(add.node.id)
            }
            for id in ids {
                if let released = waiting.removeValue(forKey: id) {
                    waitingCount -= released.count
                    ready += released.reversed()
                }
            }
        }
        if waitingCount > 0, let first = waiting.values.flatMap({ $0 }).min(by: { $0.node.id < $1.node.id }) {
            throw Problem(
                description:
                    "node \(first.node.id) is added under node \(first.parent)\(first.next.map { " before node \($0)" } ?? ""), which the document does not hold"
            )
        }
        guard nodes.count <= RecordingLimits.nodes else {
            throw Problem(description: "the document holds over \(RecordingLimits.nodes) nodes")
        }
        for (id, value) in mutation.texts {
            switch nodes[id]?.kind {
            case .text?: nodes[id]?.kind = .text(value ?? "")
            case .comment?: nodes[id]?.kind = .comment(value ?? "")
            default: continue
            }
        }
        for (id, changes) in mutation.attributes {
            updateAttributes(of: id) { attributes in
                for (name, change) in changes {
                    switch change {
                    case let .set(value): Self.assign(value, to: name, in: &attributes)
                    case .remove: Self.assign(nil, to: name, in: &attributes)
                    case let .style(properties):
                        let current = attributes.first { $0.0 == name }?.1 ?? ""
                        Self.assign(Self.style(current, applying: properties), to: name, in: &attributes)
                    }
                }
            }
        }
    }

    /// Sets (or, with nil, removes) an element's attribute: what an input event does to a field's `value` and `checked`,
    /// so a later rewrite of its container keeps what the customer entered.
    public func setAttribute(_ name: String, _ value: String?, of id: Int) {
        updateAttributes(of: id) { Self.assign(value, to: name, in: &$0) }
    }

    /// Changes an element's attributes in place; nothing for another kind of node.
    private func updateAttributes(of id: Int, _ change: (inout [(String, String)]) -> Void) {
        guard case .element(let tag, var attributes, let isSVG)? = nodes[id]?.kind else { return }
        change(&attributes)
        nodes[id]?.kind = .element(tag: tag, attributes: attributes, isSVG: isSVG)
    }

    /// Sets `name` to `value` in ordered name–value pairs (appended when new), or removes it when `value` is nil:
    /// what attributes and style declarations both need.
    static func assign(_ value: String?, to name: String, in pairs: inout [(String, String)]) {
        let index = pairs.firstIndex { $0.0 == name }
        switch (value, index) {
        case let (value?, index?): pairs[index].1 = value
        case let (value?, nil): pairs.append((name, value))
        case let (nil, index?): pairs.remove(at: index)
        case (nil, nil): return
        }
    }

    private func collectIDs(_ node: SerializedNode, into ids: inout [Int]) {
        ids.append(node.id)
        for child in node.children { collectIDs(child, into: &ids) }
    }

    /// A `style` attribute with some properties set or removed, the others kept in their order.
    static func style(_ text: String, applying changes: [(property: String, value: String?)]) -> String {
        var declarations: [(String, String)] = text.split(separator: ";").compactMap { part in
            guard let colon = part.firstIndex(of: ":") else { return nil }
            return (
                part[..<colon].trimmingCharacters(in: .whitespaces),
                part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
        for (property, value) in changes { assign(value, to: property, in: &declarations) }
        return declarations.map { "\($0.0): \($0.1);" }.joined(separator: " ")
    }

    // MARK: Reading

    /// An element's tag and attributes; nil for another kind of node or one the document does not hold.
    public func element(_ id: Int) -> (tag: String, attributes: [(String, String)])? {
        guard case let .element(tag, attributes, _)? = nodes[id]?.kind else { return nil }
        return (tag, attributes)
    }

    /// An element's attribute.
    public func attribute(_ name: String, of id: Int) -> String? {
        element(id)?.attributes.first { $0.0 == name }?.1
    }

    /// The field classifier's class of the control `id` when it is a sensitive one, read on its document (the page's
    /// or a frame's) as it is now: its labels, names and neighbours, as the co-browsing model reads a page.
    public func sensitiveField(_ id: Int) -> FieldClassification? {
        guard let documentID = documentID(of: id) else { return nil }
        if fieldClasses[documentID] == nil {
            var classes: [Int: FieldClassification] = [:]
            let parsed = try? Document.parseHTML(outerHTML(of: documentID))
            // A page the parser cannot read whole (nesting past its depth limit, an element with more attributes than
            // it takes) leaves fields unclassified: counted, so the audit says so rather than judging them silently.
            if parsed == nil || (parsed?.elementCount ?? 0) < elementCount(in: documentID) { unclassifiedReads += 1 }
            if let parsed {
                for (control, classification) in FieldClassifier(document: parsed).fields() {
                    guard let classification, classification.fieldClass.isSensitive,
                        let number = control.attribute(Self.marker).flatMap({ Int($0) })
                    else { continue }
                    classes[number] = classification
                }
            }
            fieldClasses[documentID] = classes
        }
        return fieldClasses[documentID]?[id]
    }

    /// Every text, comment and attribute value the page written by `html()` holds, each with the element it belongs
    /// to (a frame's own document and rrweb's `rr_*` attributes are not in the page).
    public func pageTexts() -> [(element: Int?, text: String)] {
        var texts: [(Int?, String)] = []
        for (id, node) in nodes.sorted(by: { $0.key < $1.key }) where inPage(id) {
            switch node.kind {
            case let .text(text), let .comment(text): texts.append((node.parent, text))
            case let .element(_, attributes, _):
                texts += attributes.filter { Self.carriesPageData($0.0) }.map { (id, $0.1) }
            default: continue
            }
        }
        return texts
    }

    /// Whether the node is in the top document rather than in a frame's own document.
    func inPage(_ id: Int) -> Bool {
        var current: Int? = id
        while let here = current, let node = nodes[here] {
            if case .document = node.kind { return here == root }
            current = node.parent
        }
        return id == root
    }

    /// The element `id` as the selector that finds exactly it in the page `html()` writes (its `data-rr-id`); nil for
    /// a node that is not an element of the top document.
    public func selector(of id: Int) -> String? {
        guard case .element? = nodes[id]?.kind, inPage(id) else { return nil }
        return "[\(Self.marker)=\"\(id)\"]"
    }

    /// The attribute that carries each element's rrweb id in the written page.
    public static let marker = "data-rr-id"

    // MARK: Writing

    /// Elements HTML writes without an end tag.
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// The document as an HTML page. Texts pass through `text` (the importer escapes placeholders there); rrweb's
    /// own attributes (`rr_*`) are left out, and inlined style sheets (`_cssText`) become `<style>` elements unless
    /// `styles` is false.
    public func html(
        styles: Bool = true, text transform: (String) -> String = { $0 }, marker: Marker = .recording
    ) -> String {
        guard let root else { return "" }
        return serialize([(root, nil)], styles: styles, text: transform, marker: marker)
    }

    /// A node and everything under it as HTML (a frame's own document too), each element named by `marker`: what a
    /// snapshot or an added node carried, as a mirror's wire holds it.
    public func outerHTML(of id: Int, marker: Marker = .recording) -> String {
        serialize([(id, nil)], styles: true, text: { $0 }, marker: marker)
    }

    /// The document node that holds `id`: the page's, or a frame's own.
    public func documentID(of id: Int) -> Int? {
        var current: Int? = id
        while let here = current, let node = nodes[here] {
            if case .document = node.kind { return here }
            current = node.parent
        }
        return nil
    }

    /// How a written element carries its rrweb id: `data-rr-id="N"` in an imported page, the co-browsing mirror's
    /// `data-ss-id="nX"` (base 36) on an audit's wire, so the report's views apply input events to it.
    public struct Marker: Sendable {
        public var name: String
        public var value: @Sendable (Int) -> String

        /// The imported page's marker.
        public static let recording = Marker(name: RecordedDocument.marker, value: { String($0) })
        /// The co-browsing mirror's marker.
        public static let mirror = Marker(name: "data-ss-id", value: { "n" + String($0, radix: 36) })
    }

    /// An element's content as HTML, as `html()` writes it between the element's tags; nil for another node.
    public func innerHTML(of id: Int, styles: Bool = true, text transform: (String) -> String = { $0 }) -> String? {
        guard let node = nodes[id], case let .element(tag, attributes, _) = node.kind else { return nil }
        return serialize(
            content(of: node, tag: tag, attributes: attributes, styles: styles, text: transform),
            styles: styles, text: transform)
    }

    /// What goes between an element's tags: its shadow root as a declarative `<template>`, an inlined style sheet,
    /// then its children, with the raw markup among them as `(-1, markup)`.
    private func content(
        of node: Node, tag: String, attributes: [(String, String)], styles: Bool, text transform: (String) -> String
    ) -> [(Int, String?)] {
        // A shadow root's content is shown as the host's (a declarative `<template>` would be content the page does
        // not show, and the models would drop it), before the light children it usually places.
        var children = node.children.filter { nodes[$0]?.isShadow == true }.map { ($0, nil as String?) }
        if tag == "style", styles, let css = attributes.first(where: { $0.0 == "_cssText" })?.1 {
            children.append((-1, Self.rawText(transform(css), in: "style")))
        }
        // An iframe's own document is the frame's page, not markup inside the element.
        children += node.children.filter { child in
            guard let childNode = nodes[child], !childNode.isShadow else { return false }
            if case .document = childNode.kind { return false }
            return true
        }.map { ($0, nil) }
        return children
    }

    private func serialize(
        _ start: [(Int, String?)], styles: Bool, text transform: (String) -> String, marker: Marker = .recording
    ) -> String {
        var out = ""
        var stack = Array(start.reversed())
        // Iteratively, with the end tags on the same stack, so a deep document cannot exhaust the call stack.
        while let (id, closing) = stack.popLast() {
            if let closing {
                out += closing
                continue
            }
            guard let node = nodes[id] else { continue }
            switch node.kind {
            case .document:
                stack += node.children.reversed().map { ($0, nil) }
            case let .doctype(name):
                out += "<!DOCTYPE \(name.wholeMatch(of: /[A-Za-z]+/) != nil ? name : "html")>\n"
            case let .text(text):
                let parentTag = node.parent.flatMap { element($0)?.tag }
                if parentTag == "script" || parentTag == "style" {
                    out += Self.rawText(transform(text), in: parentTag ?? "")
                } else {
                    out += Escaper.htmlText(transform(text))
                }
            case let .comment(text):
                out += "<!--" + transform(text).replacingOccurrences(of: "--", with: "- -") + "-->"
            case .cdata:
                continue
            case let .element(tag, attributes, _):
                let css = attributes.first { $0.0 == "_cssText" }?.1
                if tag == "link", let css {
                    if styles {
                        out +=
                            "<style \(marker.name)=\"\(marker.value(id))\">" + Self.rawText(transform(css), in: "style")
                            + "</style>"
                    }
                    continue
                }
                out += "<\(tag) \(marker.name)=\"\(marker.value(id))\""
                for (name, value) in attributes
                where !name.hasPrefix("rr_") && name != "_cssText" && name != marker.name {
                    out += " \(name)=\"\(Escaper.htmlAttribute(transform(value)))\""
                }
                // rrweb keeps a cross-origin frame's address in `rr_src`: it is the frame's `src` all the same.
                if let source = attributes.first(where: { $0.0 == "rr_src" })?.1,
                    !attributes.contains(where: { $0.0 == "src" })
                {
                    out += " src=\"\(Escaper.htmlAttribute(transform(source)))\""
                }
                out += ">"
                if Self.void.contains(tag) { continue }
                stack.append((id, "</\(tag)>"))
                stack += content(of: node, tag: tag, attributes: attributes, styles: styles, text: transform).reversed()
            }
        }
        return out
    }

    /// Text inside `<script>` or `<style>`, which HTML does not unescape: only an end tag could break out of it.
    private static func rawText(_ text: String, in tag: String) -> String {
        text.replacingOccurrences(of: "</", with: "<\\/")
    }
}
