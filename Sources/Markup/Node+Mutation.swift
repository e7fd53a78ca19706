internal import CLibXML2

// Every change keeps one rule: nothing a `Node` value can point to is freed
// before its document. Unlinked nodes go to the document's detached set, and
// nodes are linked by hand because libxml2's xmlAddChild and xmlAdd*Sibling
// merge adjacent text nodes and free the one passed in.

extension Document {
    /// Creates an element that belongs to this document but is not yet in the tree; the name must be a valid XML name.
    ///
    /// HTML documents store names in lowercase, as their parser does.
    public func createElement(_ name: String) throws -> Node {
        try validateName(name, "element")
        return adopt(xmlNewDocNode(pointer, nil, isHTML ? name.lowercased() : name, nil))
    }

    /// Creates a text node that belongs to this document but is not yet in the tree.
    public func createText(_ text: String) -> Node {
        adopt(xmlNewDocText(pointer, text))
    }

    /// Creates a comment that belongs to this document but is not yet in the tree.
    ///
    /// Text that would end the comment early (`--`, or a trailing `-`) is refused, so a
    /// comment can never smuggle live markup into the serialised page.
    public func createComment(_ text: String) throws -> Node {
        try Self.validateComment(text)
        return adopt(xmlNewDocComment(pointer, text))
    }

    static func validateComment(_ text: String) throws {
        if text.contains("--") || text.hasSuffix("-") || text.hasPrefix(">") || text.hasPrefix("->") {
            throw MarkupError.invalidMutation("comment text may not contain '--', start with '>' or end with '-'")
        }
    }

    /// Refuses names that would serialise as broken or injected markup (`a b`, `x><script`).
    func validateName(_ name: String, _ what: String) throws {
        guard xmlValidateName(name, 0) == 0 else {
            throw MarkupError.invalidMutation("'\(name)' is not a valid \(what) name")
        }
    }

    /// Unlinks a subtree and keeps it for `deinit`; its IDs leave the ID table so XPath's id() cannot find it.
    func detach(_ node: xmlNodePtr) {
        changed()
        forEachIDAttribute(in: node) { xmlRemoveID(pointer, $0) }
        xmlUnlinkNode(node)
        detached.insert(node)
    }

    /// Unlinks one attribute and keeps it for `deinit`.
    func detachAttribute(_ attribute: xmlAttrPtr) {
        changed(attribute: attribute.pointee.name.map { String(cString: $0) })
        if attribute.pointee.atype == XML_ATTRIBUTE_ID { xmlRemoveID(pointer, attribute) }
        let node = UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self)
        xmlUnlinkNode(node)
        detached.insert(node)
    }

    /// Puts a subtree's ID attributes (back) into the ID table when it joins the tree.
    func registerIDs(in root: xmlNodePtr) {
        var current: xmlNodePtr? = root
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE {
                var attribute = node.pointee.properties
                while let present = attribute {
                    if present.pointee.atype != XML_ATTRIBUTE_ID, xmlIsID(pointer, node, present) != 0,
                        let value = xmlNodeListGetString(pointer, present.pointee.children, 1)
                    {
                        xmlAddID(nil, pointer, value, present)
                        clibxml2_free(value)
                    }
                    attribute = present.pointee.next
                }
            }
            current = nextInDocumentOrder(after: node, within: root)
        }
    }

    private func forEachIDAttribute(in root: xmlNodePtr, _ body: (xmlAttrPtr) -> Void) {
        var current: xmlNodePtr? = root
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE {
                var attribute = node.pointee.properties
                while let present = attribute {
                    if present.pointee.atype == XML_ATTRIBUTE_ID { body(present) }
                    attribute = present.pointee.next
                }
            }
            current = nextInDocumentOrder(after: node, within: root)
        }
    }

    private func adopt(_ created: xmlNodePtr?) -> Node {
        guard let created else { fatalError("libxml2 could not allocate a node") }
        detached.insert(created)
        return Node(document: self, pointer: created)
    }
}

extension Node {
    /// Sets (or adds) an attribute; the value is stored as given, never parsed for entities.
    ///
    /// An existing attribute keeps its name and namespace; a new one is added with the
    /// name as given (lowercased in HTML documents), never split into a namespace prefix.
    public func setAttribute(_ name: String, _ value: String) throws {
        guard isElement else { throw MarkupError.invalidMutation("only elements have attributes, not \(self.name)") }
        try document.validateName(name, "attribute")
        document.changed(attribute: name)
        let result: xmlAttrPtr?
        if let existing = findAttribute(name) {
            result = xmlSetNsProp(pointer, existing.pointee.ns, existing.pointee.name, value)
        } else {
            result = xmlSetNsProp(pointer, nil, document.isHTML ? name.lowercased() : name, value)
        }
        guard result != nil else { throw MarkupError.invalidMutation("libxml2 refused attribute '\(name)'") }
    }

    /// Removes an attribute; nothing happens when it is absent.
    public func removeAttribute(_ name: String) {
        guard let attribute = findAttribute(name) else { return }
        document.detachAttribute(attribute)
    }

    /// Replaces an element's children with one text node, or a text, comment or attribute node's text.
    public func setText(_ text: String) throws {
        document.changed()
        switch kind {
        case .element:
            for child in children { child.remove() }
            let textNode = document.createText(text)
            try append(textNode)
        case .comment:
            try Document.validateComment(text)
            xmlNodeSetContent(pointer, text)
        case .text, .cdata, .processingInstruction:
            xmlNodeSetContent(pointer, text)
        case .attribute:
            guard let owner = pointer.pointee.parent else {
                throw MarkupError.invalidMutation("the attribute is not on an element")
            }
            let attribute = UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlAttr.self)
            guard xmlSetNsProp(owner, attribute.pointee.ns, attribute.pointee.name, text) != nil else {
                throw MarkupError.invalidMutation("libxml2 refused the attribute's new value")
            }
        default:
            throw MarkupError.invalidMutation("cannot set the text of a \(kind) node")
        }
    }

    /// Replaces an element's children with the nodes parsed from an HTML fragment (like setting `innerHTML`).
    ///
    /// The fragment is parsed as the content of a `<body>`, leniently, and its
    /// nodes are copied into this document; the old children stay usable, detached.
    /// Returns the parser's diagnostics for the fragment.
    @discardableResult
    public func setInnerHTML(_ html: String) throws -> [ParseDiagnostic] {
        guard kind == .element else {
            throw MarkupError.invalidMutation("only an element has inner HTML, not a \(kind) node")
        }
        let fragment = try Document.parseHTML("<html><body>" + html + "</body></html>")
        var copies: [Node] = []
        if let body = try fragment.select(Selector("body")).first {
            for source in body.children {
                guard let copy = xmlDocCopyNode(source.pointer, document.pointer, 1) else {
                    throw MarkupError.invalidMutation("libxml2 could not copy the fragment")
                }
                document.detached.insert(copy)
                forgetSourceLines(copy)
                copies.append(Node(document: document, pointer: copy))
            }
        }
        // Only now that every copy exists is the old content replaced, so a failure changes nothing.
        for child in children { child.remove() }
        for copy in copies { try append(copy) }
        return fragment.diagnostics
    }

    /// Copied nodes carry the fragment's line numbers, which mean nothing in this document.
    private func forgetSourceLines(_ root: xmlNodePtr) {
        var current: xmlNodePtr? = root
        while let node = current {
            node.pointee._private = nil
            node.pointee.line = 0
            current = nextInDocumentOrder(after: node, within: root)
        }
    }

    /// Appends `child` as this node's last child, moving it if it is elsewhere in the tree.
    public func append(_ child: Node) throws {
        try link(child, before: nil)
    }

    /// Inserts `child` before `reference`, which must be a child of this node.
    public func insert(_ child: Node, before reference: Node) throws {
        guard reference.pointer.pointee.parent == pointer, reference.kind != .attribute else {
            throw MarkupError.invalidMutation("the reference node is not a child of \(name)")
        }
        if child == reference { return }
        try link(child, before: reference.pointer)
    }

    /// Puts `replacement` where this node is and detaches this node.
    public func replace(with replacement: Node) throws {
        guard let parent else { throw MarkupError.invalidMutation("a node without a parent cannot be replaced") }
        if replacement == self { return }
        try parent.insert(replacement, before: self)
        remove()
    }

    /// Detaches the node from the tree; the value stays usable and can be inserted again.
    public func remove() {
        guard kind != .document else { return }
        if kind == .attribute {
            if pointer.pointee.parent != nil {
                document.detachAttribute(UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlAttr.self))
            }
            return
        }
        guard pointer.pointee.parent != nil || pointer.pointee.prev != nil || pointer.pointee.next != nil else {
            return
        }
        document.detach(pointer)
    }

    private func link(_ child: Node, before next: xmlNodePtr?) throws {
        document.changed()
        guard child.document === document else {
            throw MarkupError.invalidMutation("the node belongs to another document")
        }
        guard kind == .element || kind == .document else {
            throw MarkupError.invalidMutation("a \(kind) node cannot have children")
        }
        switch child.kind {
        case .element, .text, .cdata, .comment, .processingInstruction: break
        default: throw MarkupError.invalidMutation("a \(child.kind) node cannot be inserted as a child")
        }
        if child == self || isDescendant(of: child) {
            throw MarkupError.invalidMutation("a node cannot be inserted into itself or its own subtree")
        }
        if kind == .document, child.kind == .element, rootElementOtherThan(child) != nil {
            throw MarkupError.invalidMutation("a document has only one root element")
        }
        let node = child.pointer
        if node.pointee.parent != nil { document.detach(node) }
        document.detached.remove(node)
        document.registerIDs(in: node)
        node.pointee.parent = pointer
        node.pointee.next = next
        if let next {
            node.pointee.prev = next.pointee.prev
            if let previous = next.pointee.prev {
                previous.pointee.next = node
            } else {
                pointer.pointee.children = node
            }
            next.pointee.prev = node
        } else {
            node.pointee.prev = pointer.pointee.last
            if let last = pointer.pointee.last { last.pointee.next = node } else { pointer.pointee.children = node }
            pointer.pointee.last = node
        }
    }

    private func rootElementOtherThan(_ child: Node) -> xmlNodePtr? {
        var current = pointer.pointee.children
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE, node != child.pointer { return node }
            current = node.pointee.next
        }
        return nil
    }
}
