internal import CLibXML2

// Native matching, right to left, on libxml2's nodes directly: no strings
// are built for names, and attribute values are compared in place.

extension Selector {
    /// Whether the element matches any alternative of the selector.
    public func matches(_ node: Node) -> Bool {
        guard node.isElement else { return false }
        return SelectorMatcher(isHTML: node.document.isHTML).matches(alternatives, node.pointer)
    }
}

extension Node {
    /// The elements below this node that match, in document order (like `querySelectorAll`).
    public func select(_ selector: Selector) -> [Node] {
        let matcher = SelectorMatcher(isHTML: document.isHTML, shared: SelectorMatcher.Answers())
        var result: [Node] = []
        guard hasContentChildren, var current = pointer.pointee.children else { return result }
        while true {
            if current.pointee.type == XML_ELEMENT_NODE, matcher.matches(selector.alternatives, current) {
                result.append(Node(document: document, pointer: current))
            }
            guard let next = nextInDocumentOrder(after: current, within: pointer) else { return result }
            current = next
        }
    }

    /// Parses `css` and returns the matching elements below this node.
    public func select(_ css: String) throws(SelectorError) -> [Node] {
        select(try Selector(css))
    }

    /// The first element below this node that matches, in document order.
    public func first(_ selector: Selector) -> Node? {
        let matcher = SelectorMatcher(isHTML: document.isHTML, shared: SelectorMatcher.Answers())
        guard hasContentChildren, var current = pointer.pointee.children else { return nil }
        while true {
            if current.pointee.type == XML_ELEMENT_NODE, matcher.matches(selector.alternatives, current) {
                return Node(document: document, pointer: current)
            }
            guard let next = nextInDocumentOrder(after: current, within: pointer) else { return nil }
            current = next
        }
    }

    /// Whether this element matches the selector.
    public func matches(_ selector: Selector) -> Bool {
        selector.matches(self)
    }
}

extension Document {
    /// The elements of the document that match, in document order.
    public func select(_ selector: Selector) -> [Node] { node.select(selector) }

    /// Parses `css` and returns the matching elements of the document.
    public func select(_ css: String) throws(SelectorError) -> [Node] { try node.select(css) }

    /// The first element of the document that matches, in document order.
    public func first(_ selector: Selector) -> Node? { node.first(selector) }
}

struct SelectorMatcher {
    let isHTML: Bool
    /// Answers kept across the elements of one traversal (`select`, `first`), where the document cannot change: a
    /// sibling search (`x ~ * ~ *`) over n siblings then costs n steps in all, not n for each of them.
    var shared: Answers? = nil

    /// Each alternative's (compound, element) answers.
    final class Answers {
        var tables: [Int: [MemoKey: Bool]] = [:]
    }

    func matches(_ alternatives: [ComplexSelector], _ element: xmlNodePtr) -> Bool {
        alternatives.indices.contains { matches(alternatives[$0], element, alternative: $0) }
    }

    func matches(_ complex: ComplexSelector, _ element: xmlNodePtr, alternative: Int = 0) -> Bool {
        // Two or more combinators that search (descendant, subsequent sibling) can retry the same
        // (compound, element) pair exponentially often, as in `.x * * * * * * * *` on a deep page;
        // remembering each pair's answer keeps any selector polynomial. Simple selectors skip the table.
        guard complex.needsMemo else {
            var none: [MemoKey: Bool]? = nil
            return matches(complex, upTo: complex.compounds.count - 1, element, memo: &none)
        }
        var memo: [MemoKey: Bool]? = shared?.tables.removeValue(forKey: alternative) ?? [:]
        let result = matches(complex, upTo: complex.compounds.count - 1, element, memo: &memo)
        shared?.tables[alternative] = memo
        return result
    }

    struct MemoKey: Hashable {
        let index: Int
        let node: xmlNodePtr
    }

    /// Matches compounds[0...last] with compounds[last] on `element`, walking left through the combinators.
    private func matches(
        _ complex: ComplexSelector, upTo last: Int, _ element: xmlNodePtr, memo: inout [MemoKey: Bool]?
    ) -> Bool {
        let key = MemoKey(index: last, node: element)
        if let known = memo?[key] { return known }
        let result = computeMatch(complex, upTo: last, element, memo: &memo)
        memo?[key] = result
        return result
    }

    private func computeMatch(
        _ complex: ComplexSelector, upTo last: Int, _ element: xmlNodePtr, memo: inout [MemoKey: Bool]?
    ) -> Bool {
        guard matches(complex.compounds[last], element) else { return false }
        if last == 0 { return true }
        switch complex.combinators[last - 1] {
        case .child:
            guard let parent = parentElement(element) else { return false }
            return matches(complex, upTo: last - 1, parent, memo: &memo)
        case .descendant:
            var ancestor = parentElement(element)
            while let candidate = ancestor {
                if matches(complex, upTo: last - 1, candidate, memo: &memo) { return true }
                ancestor = parentElement(candidate)
            }
            return false
        case .nextSibling:
            guard let previous = previousElement(before: element) else { return false }
            return matches(complex, upTo: last - 1, previous, memo: &memo)
        case .subsequentSibling:
            var sibling = previousElement(before: element)
            while let candidate = sibling {
                if matches(complex, upTo: last - 1, candidate, memo: &memo) { return true }
                sibling = previousElement(before: candidate)
            }
            return false
        }
    }

    private func parentElement(_ node: xmlNodePtr) -> xmlNodePtr? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return parent
    }

    func matches(_ compound: CompoundSelector, _ element: xmlNodePtr) -> Bool {
        if let name = compound.elementName, !hasName(element, name) { return false }
        for condition in compound.conditions where !matches(condition, element) {
            return false
        }
        return true
    }

    private func matches(_ condition: SimpleSelector, _ element: xmlNodePtr) -> Bool {
        switch condition {
        case let .id(id):
            return withAttribute(element, "id") { value in equalBytes(value, id, insensitive: false) } ?? false
        case let .className(name):
            return withAttribute(element, "class") { value in containsWord(value, name, insensitive: false) } ?? false
        case let .attribute(selector):
            return matches(selector, element)
        case let .pseudoClass(pseudo):
            return matches(pseudo, element)
        }
    }

    private func matches(_ selector: AttributeSelector, _ element: xmlNodePtr) -> Bool {
        let insensitive: Bool =
            switch selector.caseSensitivity {
            case .insensitive: true
            case .sensitive: false
            case .documentDefault: isHTML && Self.caseInsensitiveHTMLAttributes.contains(selector.name.lowercased())
            }
        let wanted = selector.value
        let result: Bool? = withAttribute(element, selector.name) { value in
            switch selector.matcher {
            case .exists: return true
            case .equals: return equalBytes(value, wanted, insensitive: insensitive)
            case .includesWord: return containsWord(value, wanted, insensitive: insensitive)
            case .dashPrefix:
                return equalBytes(value, wanted, insensitive: insensitive)
                    || hasPrefix(value, wanted + "-", insensitive: insensitive)
            case .prefix: return !wanted.isEmpty && hasPrefix(value, wanted, insensitive: insensitive)
            case .suffix: return !wanted.isEmpty && hasSuffix(value, wanted, insensitive: insensitive)
            case .substring: return !wanted.isEmpty && contains(value, wanted, insensitive: insensitive)
            }
        }
        return result ?? false
    }

    private func matches(_ pseudo: PseudoClass, _ element: xmlNodePtr) -> Bool {
        switch pseudo {
        case let .not(list): return !matches(list, element)
        case let .is(list), let .where(list): return matches(list, element)
        case .firstChild: return previousElement(before: element) == nil
        case .lastChild: return nextElement(after: element) == nil
        case .onlyChild: return previousElement(before: element) == nil && nextElement(after: element) == nil
        case let .nthChild(pattern): return pattern.matches(position(of: element, fromEnd: false))
        case let .nthLastChild(pattern): return pattern.matches(position(of: element, fromEnd: true))
        case let .nthOfType(pattern): return pattern.matches(position(of: element, fromEnd: false, sameType: true))
        case let .nthLastOfType(pattern): return pattern.matches(position(of: element, fromEnd: true, sameType: true))
        case .checked: return isChecked(element)
        case .disabled: return Self.disablable.contains(where: { hasName(element, $0) }) && isDisabled(element)
        case .enabled: return Self.disablable.contains(where: { hasName(element, $0) }) && !isDisabled(element)
        case .root:
            guard let parent = element.pointee.parent else { return false }
            return parent.pointee.type == XML_DOCUMENT_NODE || parent.pointee.type == XML_HTML_DOCUMENT_NODE
        case .empty:
            var child = element.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_ELEMENT_NODE, XML_ENTITY_REF_NODE: return false
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content, content.pointee != 0 { return false }
                default: break
                }
                child = current.pointee.next
            }
            return true
        }
    }

    private func position(of element: xmlNodePtr, fromEnd: Bool, sameType: Bool = false) -> Int {
        var position = 1
        var sibling = fromEnd ? nextElement(after: element) : previousElement(before: element)
        while let current = sibling {
            if !sameType || (current.pointee.name.map { xmlStrEqual($0, element.pointee.name) != 0 } ?? false) {
                position += 1
            }
            sibling = fromEnd ? nextElement(after: current) : previousElement(before: current)
        }
        return position
    }

    // MARK: Form state, from attributes (the state a page declares, or a replay has set)

    /// Elements that can be disabled (HTML's "actually disabled" applies to these).
    static let disablable = ["button", "input", "select", "textarea", "optgroup", "option", "fieldset"]

    private func isChecked(_ element: xmlNodePtr) -> Bool {
        if hasName(element, "input") {
            let type =
                withAttribute(element, "type") { value in
                    equalBytes(value, "checkbox", insensitive: true) || equalBytes(value, "radio", insensitive: true)
                } ?? false
            return type && hasAttribute(element, "checked")
        }
        if hasName(element, "option") { return hasAttribute(element, "selected") }
        return false
    }

    /// HTML's rule: the element's own `disabled`, a disabled parent `optgroup` for options,
    /// or a disabled ancestor `fieldset` unless inside that fieldset's first `legend`.
    private func isDisabled(_ element: xmlNodePtr) -> Bool {
        if hasAttribute(element, "disabled") { return true }
        if hasName(element, "option") {
            if let parent = parentElement(element), hasName(parent, "optgroup"), hasAttribute(parent, "disabled") {
                return true
            }
            return false
        }
        if hasName(element, "optgroup") { return false }
        var child = element
        var ancestor = parentElement(element)
        while let current = ancestor {
            if hasName(current, "fieldset"), hasAttribute(current, "disabled") {
                let firstLegend = firstChildElement(current, named: "legend")
                if firstLegend != child { return true }
            }
            child = current
            ancestor = parentElement(current)
        }
        return false
    }

    /// The first child element with this name, wherever it sits among the children (HTML's "first legend child").
    private func firstChildElement(_ parent: xmlNodePtr, named name: String) -> xmlNodePtr? {
        var child = parent.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, hasName(current, name) { return current }
            child = current.pointee.next
        }
        return nil
    }

    // MARK: Names and attributes

    private func hasName(_ element: xmlNodePtr, _ name: String) -> Bool {
        guard let elementName = element.pointee.name else { return false }
        return sameName(elementName, name, insensitive: isHTML)
    }

    private func findAttribute(_ element: xmlNodePtr, _ name: String) -> xmlAttrPtr? {
        findAttributePointer(element, name, insensitive: isHTML)
    }

    private func hasAttribute(_ element: xmlNodePtr, _ name: String) -> Bool {
        findAttribute(element, name) != nil
    }

    /// Runs `body` on the attribute's value bytes without copying them; nil when the attribute is absent.
    private func withAttribute(
        _ element: xmlNodePtr, _ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool? {
        guard let attribute = findAttribute(element, name) else { return nil }
        if let text = attribute.pointee.children {
            if text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE {
                guard let content = text.pointee.content else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
                return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
            }
        } else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        var copy = Array(attributeValue(attribute).utf8)
        return copy.withUnsafeMutableBufferPointer { body(UnsafeBufferPointer($0)) }
    }

    /// Attributes whose values HTML compares case-insensitively in selectors (HTML Standard, "Selectors").
    static let caseInsensitiveHTMLAttributes: Set<String> = [
        "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear",
        "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype", "face",
        "frame", "hreflang", "http-equiv", "lang", "language", "link", "media", "method", "multiple", "nohref",
        "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected",
        "shape", "target", "text", "type", "valign", "valuetype", "vlink",
    ]
}

// MARK: - Byte comparisons (ASCII case folding, as CSS specifies for the `i` flag)

@inline(__always)
private func fold(_ byte: UInt8, _ insensitive: Bool) -> UInt8 {
    insensitive && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

private func equalRange(
    _ value: UnsafeBufferPointer<UInt8>, _ offset: Int, _ wanted: String.UTF8View, insensitive: Bool
) -> Bool {
    var index = offset
    for byte in wanted {
        guard index < value.count, fold(value[index], insensitive) == fold(byte, insensitive) else { return false }
        index += 1
    }
    return true
}

func equalBytes(_ value: UnsafeBufferPointer<UInt8>, _ wanted: String, insensitive: Bool) -> Bool {
    value.count == wanted.utf8.count && equalRange(value, 0, wanted.utf8, insensitive: insensitive)
}

func hasPrefix(_ value: UnsafeBufferPointer<UInt8>, _ wanted: String, insensitive: Bool) -> Bool {
    value.count >= wanted.utf8.count && equalRange(value, 0, wanted.utf8, insensitive: insensitive)
}

func hasSuffix(_ value: UnsafeBufferPointer<UInt8>, _ wanted: String, insensitive: Bool) -> Bool {
    let length = wanted.utf8.count
    return value.count >= length && equalRange(value, value.count - length, wanted.utf8, insensitive: insensitive)
}

func contains(_ value: UnsafeBufferPointer<UInt8>, _ wanted: String, insensitive: Bool) -> Bool {
    let length = wanted.utf8.count
    guard value.count >= length else { return false }
    for offset in 0...(value.count - length) where equalRange(value, offset, wanted.utf8, insensitive: insensitive) {
        return true
    }
    return false
}

/// `~=`: the value is a whitespace-separated list containing `wanted`; a word with whitespace never matches.
func containsWord(_ value: UnsafeBufferPointer<UInt8>, _ wanted: String, insensitive: Bool) -> Bool {
    let length = wanted.utf8.count
    guard length > 0, !wanted.utf8.contains(where: isASCIIWhitespace) else { return false }
    var start = 0
    while start < value.count {
        while start < value.count, isASCIIWhitespace(value[start]) { start += 1 }
        var end = start
        while end < value.count, !isASCIIWhitespace(value[end]) { end += 1 }
        if end - start == length, equalRange(value, start, wanted.utf8, insensitive: insensitive) { return true }
        start = end
    }
    return false
}

@inline(__always)
private func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}
