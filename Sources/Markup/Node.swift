internal import CLibXML2

/// One node of a `Document`: an element, text, comment, attribute, or the document itself.
///
/// A node value keeps its document alive, so it can never dangle; two values
/// are equal when they name the same node. Like its document, a node belongs
/// to one task (see `Document`).
public struct Node {
    /// The document this node belongs to; holding the node holds the document.
    public let document: Document
    let pointer: xmlNodePtr

    init(document: Document, pointer: xmlNodePtr) {
        self.document = document
        self.pointer = pointer
    }
}

/// A node's identity without its document: a cheap dictionary key for per-node bookkeeping.
///
/// It is the node's address together with its document's serial number, which no other document of the process
/// ever has: an identity kept after its document is gone can never name a node of another document that happens
/// to reuse the address. (Within one document addresses are never reused: detached nodes live as long as it.)
public struct NodeIdentity: Hashable, Sendable {
    let address: UInt
    let document: UInt64

    public func hash(into hasher: inout Hasher) { hasher.combine(address) }
}

extension Node {
    /// This node's identity, for keying dictionaries without holding the document.
    public var identity: NodeIdentity { NodeIdentity(address: UInt(bitPattern: pointer), document: document.serial) }
}

extension Node: Hashable {
    public static func == (lhs: Node, rhs: Node) -> Bool { lhs.pointer == rhs.pointer }
    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }
}

/// What kind of node a `Node` is.
public enum NodeKind: Sendable, Hashable {
    case element, text, cdata, comment, processingInstruction, document, documentType, attribute, entityReference, other
}

/// One attribute of an element, in document order.
public struct Attribute: Sendable, Hashable {
    /// The attribute's name (lowercase in HTML documents).
    public var name: String
    /// The attribute's value, with character references resolved; "" for a bare boolean attribute.
    public var value: String

    /// Creates an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

// MARK: - What a node is

extension Node {
    /// The node's kind.
    public var kind: NodeKind { NodeKind(pointer.pointee.type) }

    /// True for elements.
    public var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    /// The element or attribute name (local name for namespaced XML); `#text`, `#comment`, ... otherwise.
    public var name: String {
        switch kind {
        case .element, .attribute, .processingInstruction, .entityReference:
            return swiftString(pointer.pointee.name) ?? ""
        case .text: return "#text"
        case .cdata: return "#cdata-section"
        case .comment: return "#comment"
        case .document: return "#document"
        case .documentType: return swiftString(pointer.pointee.name) ?? "#doctype"
        case .other: return "#node"
        }
    }

    /// The namespace URI of an XML element or attribute, if it has one.
    public var namespaceURI: String? {
        guard kind == .element || kind == .attribute, let namespace = pointer.pointee.ns else { return nil }
        return swiftString(namespace.pointee.href)
    }

    /// The concatenated text of the node and all its descendants (scripts and comments included).
    public var textContent: String {
        switch pointer.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_PI_NODE:
            // A leaf's text is its content: read it in place rather than through a copy.
            return swiftString(pointer.pointee.content) ?? ""
        default:
            return consumeString(xmlNodeGetContent(pointer)) ?? ""
        }
    }

    /// The 1-based source line the node started on, or nil for nodes created in code.
    ///
    /// Elements of parsed HTML carry their exact line however long the page;
    /// other nodes report libxml2's line, falling back to their parent's.
    public var line: Int? {
        if isElement {
            let recorded = clibxml2_recorded_line(pointer)
            if recorded > 0 { return recorded }
        }
        let line = Int(xmlGetLineNo(pointer))
        if line > 0, line < Int(UInt16.max) { return line }
        if line >= Int(UInt16.max), document.kind == .xml { return line }
        if !isElement, let parent { return parent.line }
        return nil
    }

    /// An XPath-like location such as `/html/body/form/input[3]`, stable for a given tree.
    public var path: String {
        consumeString(xmlGetNodePath(pointer)) ?? ""
    }

    /// A CSS selector that locates this element, anchored at the nearest ancestor with an id:
    /// `#order-17 > form > input:nth-of-type(2)`. Cheaper than `path` on long sibling lists,
    /// because it stops at the first id, and usable with `select`.
    public var cssPath: String {
        guard isElement else { return parent?.cssPath ?? "" }
        var parts: [String] = []
        var current: xmlNodePtr? = pointer
        while let node = current, node.pointee.type == XML_ELEMENT_NODE {
            let element = Node(document: document, pointer: node)
            let name = element.name
            if let id = element.attribute("id"), !id.isEmpty,
                id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                id.first.map({ !$0.isNumber }) ?? false
            {
                parts.append("#" + id)
                break
            }
            var index = 1
            var total = 1
            var sibling = node.pointee.prev
            while let previous = sibling {
                if previous.pointee.type == XML_ELEMENT_NODE, let other = previous.pointee.name,
                    sameName(other, name, insensitive: false)
                {
                    index += 1
                }
                sibling = previous.pointee.prev
            }
            total = index
            sibling = node.pointee.next
            while let next = sibling, total == index {
                if next.pointee.type == XML_ELEMENT_NODE, let other = next.pointee.name,
                    sameName(other, name, insensitive: false)
                {
                    total += 1
                }
                sibling = next.pointee.next
            }
            parts.append(total > 1 ? "\(name):nth-of-type(\(index))" : name)
            current = node.pointee.parent
        }
        return parts.reversed().joined(separator: " > ")
    }
}

/// `cssPath` for many elements of one document: each parent's children are counted once, so the paths of every
/// element of a 20,000-item list cost what one pass over the list costs (`cssPath` alone counts siblings per call).
public final class CSSPaths {
    private var positions: [NodeIdentity: (index: Int, total: Int)] = [:]

    /// An empty cache; it is valid while the tree does not change.
    public init() {}

    /// The same selector `node.cssPath` gives.
    public func path(of node: Node) -> String {
        guard node.isElement else { return node.parent.map(path(of:)) ?? "" }
        var parts: [String] = []
        var current: Node? = node
        while let element = current, element.isElement {
            let name = element.name
            if let id = element.attribute("id"), !id.isEmpty,
                id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
                id.first.map({ !$0.isNumber }) ?? false
            {
                parts.append("#" + id)
                break
            }
            let position = self.position(of: element)
            parts.append(position.total > 1 ? "\(name):nth-of-type(\(position.index))" : name)
            current = element.parent
        }
        return parts.reversed().joined(separator: " > ")
    }

    private func position(of element: Node) -> (index: Int, total: Int) {
        if let known = positions[element.identity] { return known }
        guard let parent = element.parent else { return (1, 1) }
        var seen: [String: Int] = [:]
        var siblings: [(NodeIdentity, String, Int)] = []
        var child = parent.firstChild
        while let current = child {
            if current.isElement {
                let name = current.name
                let index = (seen[name] ?? 0) + 1
                seen[name] = index
                siblings.append((current.identity, name, index))
            }
            child = current.nextSibling
        }
        for (identity, name, index) in siblings { positions[identity] = (index, seen[name] ?? 1) }
        return positions[element.identity] ?? (1, 1)
    }
}

extension NodeKind {
    init(_ type: xmlElementType) {
        switch type {
        case XML_ELEMENT_NODE: self = .element
        case XML_TEXT_NODE: self = .text
        case XML_CDATA_SECTION_NODE: self = .cdata
        case XML_COMMENT_NODE: self = .comment
        case XML_PI_NODE: self = .processingInstruction
        case XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE: self = .document
        case XML_DTD_NODE, XML_DOCUMENT_TYPE_NODE: self = .documentType
        case XML_ATTRIBUTE_NODE: self = .attribute
        case XML_ENTITY_REF_NODE: self = .entityReference
        default: self = .other
        }
    }
}

// MARK: - Attributes

extension Node {
    /// The element's attributes in source order; empty for other nodes.
    public var attributes: [Attribute] {
        guard isElement else { return [] }
        var result: [Attribute] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            result.append(Attribute(name: swiftString(current.pointee.name) ?? "", value: attributeValue(current)))
            attribute = current.pointee.next
        }
        return result
    }

    /// The value of the named attribute, or nil when absent. HTML names match case-insensitively.
    public func attribute(_ name: String) -> String? {
        findAttribute(name).map(attributeValue)
    }

    /// True when the element has the named attribute (even with an empty value).
    public func hasAttribute(_ name: String) -> Bool {
        findAttribute(name) != nil
    }

    func findAttribute(_ name: String) -> xmlAttrPtr? {
        guard isElement else { return nil }
        return findAttributePointer(pointer, name, insensitive: document.isHTML)
    }
}

/// The named attribute of an element; HTML documents compare names case-insensitively.
func findAttributePointer(_ element: xmlNodePtr, _ name: String, insensitive: Bool) -> xmlAttrPtr? {
    var attribute = element.pointee.properties
    while let current = attribute {
        if let candidate = current.pointee.name, sameName(candidate, name, insensitive: insensitive) { return current }
        attribute = current.pointee.next
    }
    return nil
}

/// An attribute's value; a bare HTML boolean attribute (`<input disabled>`) has the value "".
func attributeValue(_ attribute: xmlAttrPtr) -> String {
    guard let children = attribute.pointee.children else { return "" }
    if children.pointee.next == nil, children.pointee.type == XML_TEXT_NODE {
        return swiftString(children.pointee.content) ?? ""
    }
    return consumeString(xmlNodeListGetString(attribute.pointee.doc, children, 1)) ?? ""
}

// MARK: - Navigation

extension Node {
    /// The parent node (the document node for the root element); nil for a detached node or the document.
    public var parent: Node? {
        guard kind != .document, let parent = pointer.pointee.parent else { return nil }
        return Node(document: document, pointer: parent)
    }

    /// The node's children of every kind, in order.
    public var children: [Node] {
        guard hasContentChildren else { return [] }
        var result: [Node] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(Node(document: document, pointer: current))
            child = current.pointee.next
        }
        return result
    }

    /// The node's element children, in order.
    public var elementChildren: [Node] {
        children.filter(\.isElement)
    }

    /// The first child, if any.
    public var firstChild: Node? {
        guard hasContentChildren else { return nil }
        return pointer.pointee.children.map { Node(document: document, pointer: $0) }
    }

    /// The last child, if any.
    public var lastChild: Node? {
        guard hasContentChildren else { return nil }
        return pointer.pointee.last.map { Node(document: document, pointer: $0) }
    }

    /// The next sibling of any kind.
    public var nextSibling: Node? {
        guard kind != .attribute, kind != .document else { return nil }
        return pointer.pointee.next.map { Node(document: document, pointer: $0) }
    }

    /// The previous sibling of any kind.
    public var previousSibling: Node? {
        guard kind != .attribute, kind != .document else { return nil }
        return pointer.pointee.prev.map { Node(document: document, pointer: $0) }
    }

    /// The next sibling that is an element.
    public var nextElementSibling: Node? {
        nextElement(after: pointer).map { Node(document: document, pointer: $0) }
    }

    /// The previous sibling that is an element.
    public var previousElementSibling: Node? {
        previousElement(before: pointer).map { Node(document: document, pointer: $0) }
    }

    /// Every node below this one, in document order (pre-order), this node excluded.
    public var descendants: DescendantSequence {
        DescendantSequence(root: self)
    }

    /// Every element below this one, in document order.
    public var descendantElements: LazyFilterSequence<DescendantSequence> {
        descendants.lazy.filter(\.isElement)
    }

    /// Whether this node sits below `ancestor` in the tree.
    public func isDescendant(of ancestor: Node) -> Bool {
        var current = pointer.pointee.parent
        while let node = current {
            if node == ancestor.pointer { return true }
            current = node.pointee.parent
        }
        return false
    }

    /// Elements and documents hold content children; attributes, DTDs and entity references do not expose theirs.
    var hasContentChildren: Bool {
        kind == .element || kind == .document
    }
}

/// The nodes below a root in document order, walked without recursion.
public struct DescendantSequence: Sequence {
    let root: Node

    /// An iterator over the descendants.
    public struct Iterator: IteratorProtocol {
        let root: Node
        var current: xmlNodePtr?
        var started = false

        public mutating func next() -> Node? {
            if !started {
                started = true
                current = root.hasContentChildren ? root.pointer.pointee.children : nil
            } else if let node = current {
                current = nextInDocumentOrder(after: node, within: root.pointer)
            }
            return current.map { Node(document: root.document, pointer: $0) }
        }
    }

    public func makeIterator() -> Iterator { Iterator(root: root) }
}

/// The node after `node` in a pre-order walk that stays below `root`.
func nextInDocumentOrder(after node: xmlNodePtr, within root: xmlNodePtr) -> xmlNodePtr? {
    if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
        return child
    }
    var current = node
    while current != root {
        if let next = current.pointee.next { return next }
        guard let parent = current.pointee.parent else { return nil }
        current = parent
    }
    return nil
}

func nextElement(after node: xmlNodePtr) -> xmlNodePtr? {
    var sibling = node.pointee.next
    while let current = sibling {
        if current.pointee.type == XML_ELEMENT_NODE { return current }
        sibling = current.pointee.next
    }
    return nil
}

func previousElement(before node: xmlNodePtr) -> xmlNodePtr? {
    var sibling = node.pointee.prev
    while let current = sibling {
        if current.pointee.type == XML_ELEMENT_NODE { return current }
        sibling = current.pointee.prev
    }
    return nil
}

// MARK: - Serialisation

extension Node {
    /// The node and its subtree as HTML (an element's outer HTML), UTF-8.
    public func html() -> String {
        if kind == .document { return document.html() }
        return document.serialize { output in htmlNodeDumpFormatOutput(output, document.pointer, pointer, nil, 0) }
    }

    /// The node's children as markup (an element's inner HTML); XML documents serialise as XML, as browsers do.
    public func innerHTML() -> String {
        children.map { document.isHTML ? $0.html() : $0.xml() }.joined()
    }

    /// The node and its subtree as XML, UTF-8, without an XML declaration.
    public func xml() -> String {
        if kind == .document { return document.xml() }
        return document.serialize { output in
            // Without a document encoding libxml2 writes non-ASCII attribute text as character
            // references; naming UTF-8 for the duration of the dump keeps the text as it is.
            let document = self.document.pointer
            let saved = document.pointee.encoding
            if saved == nil { document.pointee.encoding = UnsafePointer(xmlStrdup("UTF-8")) }
            defer {
                if saved == nil {
                    clibxml2_free(UnsafeMutableRawPointer(mutating: document.pointee.encoding))
                    document.pointee.encoding = nil
                }
            }
            xmlNodeDumpOutput(output, document, pointer, 0, 0, "UTF-8")
        }
    }

    /// An element's start tag with its attributes, e.g. `<input type="password" name="pw">`; for messages and listings.
    public var startTag: String {
        guard isElement else { return name }
        var tag = "<" + name
        for attribute in attributes {
            tag += " \(attribute.name)=\"\(Escaper.htmlAttribute(attribute.value))\""
        }
        return tag + ">"
    }
}

extension Node: CustomStringConvertible {
    /// The start tag for elements, the text for text nodes, the kind otherwise.
    public var description: String {
        switch kind {
        case .element: return startTag
        case .text, .cdata, .comment: return "\(name) \"\(textContent)\""
        default: return name
        }
    }
}

/// A node is a view into its document and shares its thread: never `Sendable`.
@available(*, unavailable)
extension Node: Sendable {}
