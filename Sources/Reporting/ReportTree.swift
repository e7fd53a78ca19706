import Foundation
import Markup

/// A report as a tree, built once and written both as XML and as JSON, so the two formats hold the same content.
struct ReportNode: Sendable {
    /// An attribute's value, typed so JSON keeps numbers and booleans.
    enum Value: Sendable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)

        var text: String {
            switch self {
            case let .string(text): text
            case let .int(value): String(value)
            case let .double(value): Self.format(value)
            case let .bool(value): value ? "true" : "false"
            }
        }

        /// Fixed to at most four decimals, trailing zeros dropped: the same on every platform.
        static func format(_ value: Double) -> String {
            var text = String(format: "%.4f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text == "-0" ? "0" : text
        }
    }

    var name: String
    var attributes: [(String, Value)] = []
    var text: String?
    var children: [ReportNode] = []
    /// In JSON, a list: the children become an array under this node's name.
    var isList = false
    /// Children made one at a time while writing (after `children`), so a large report is never a tree in memory.
    var lazy: Lazy?
    /// The node's text in the syntax being written, rendered elsewhere at the depth where it stands (a scenario's
    /// section from the spool); written as it is.
    var verbatim: String?

    /// The syntax a tree is written in.
    enum Syntax { case xml, json }

    struct Lazy: Sendable {
        let count: Int
        let make: @Sendable (Int, Syntax) throws -> ReportNode
    }

    /// Called after each lazily made child is written, with the text written so far, which it may take away.
    typealias Flush = (inout String) -> Void

    var childCount: Int { children.count + (lazy?.count ?? 0) }

    /// The children, the lazy ones made as they are reached; `flush` runs after each lazy one.
    func forEachChild(
        _ syntax: Syntax, flush: Flush, into out: inout String, _ body: (ReportNode, inout String) throws -> Void
    ) throws {
        for child in children { try body(child, &out) }
        guard let lazy else { return }
        for index in 0..<lazy.count {
            try body(try lazy.make(index, syntax), &out)
            flush(&out)
        }
    }

    /// A node written as `text` (already in the syntax of the tree it is written into).
    init(verbatim text: String) {
        self.init("")
        verbatim = text
    }

    init(
        _ name: String, _ attributes: [(String, Value?)] = [], text: String? = nil, children: [ReportNode] = [],
        list: Bool = false
    ) {
        self.name = name
        self.attributes = attributes.compactMap { key, value in value.map { (key, $0) } }
        self.text = text
        self.children = children
        isList = list
    }

    // MARK: - XML

    func xml(namespace: String?, flush: Flush = { _ in }) throws -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        try write(into: &out, indent: 0, namespace: namespace, flush: flush)
        return out
    }

    /// The node as XML at `indent`, as a tree holding it there writes it.
    func xmlFragment(indent: Int) throws -> String {
        var out = ""
        try write(into: &out, indent: indent, namespace: nil, flush: { _ in })
        return out
    }

    private func write(into out: inout String, indent: Int, namespace: String?, flush: Flush) throws {
        if let verbatim {
            out += verbatim
            return
        }
        let pad = String(repeating: "  ", count: indent)
        out += pad + "<" + name
        if let namespace { out += " xmlns=\"\(Self.escape(namespace, attribute: true))\"" }
        for (key, value) in attributes { out += " \(key)=\"\(Self.escape(value.text, attribute: true))\"" }
        if childCount == 0, text == nil {
            out += "/>\n"
            return
        }
        out += ">"
        if let text { out += Self.escape(text, attribute: false) }
        if childCount > 0 {
            out += "\n"
            try forEachChild(.xml, flush: flush, into: &out) { child, out in
                try child.write(into: &out, indent: indent + 1, namespace: nil, flush: flush)
            }
            out += pad
        }
        out += "</\(name)>\n"
    }

    /// XML escaping; characters XML 1.0 cannot carry at all (most C0 controls) become U+FFFD.
    static func escape(_ text: String, attribute: Bool) -> String {
        attribute ? Escaper.xmlAttribute(text) : Escaper.xmlText(text)
    }

    // MARK: - JSON

    func json(flush: Flush = { _ in }) throws -> String {
        var out = ""
        try writeJSON(into: &out, indent: 0, flush: flush)
        return out + "\n"
    }

    /// The node as JSON at `indent`, as a tree holding it there writes it (after the padding its container writes).
    func jsonFragment(indent: Int) throws -> String {
        var out = ""
        try writeJSON(into: &out, indent: indent, flush: { _ in })
        return out
    }

    private func writeJSON(into out: inout String, indent: Int, flush: Flush) throws {
        if let verbatim {
            out += verbatim
            return
        }
        if isList {
            try writeArray(into: &out, indent: indent, flush: flush)
            return
        }
        if attributes.isEmpty, childCount == 0 {
            out += text.map(Self.quote) ?? "{}"
            return
        }
        let pad = String(repeating: "  ", count: indent + 1)
        var first = true
        func separate(_ out: inout String) {
            out += first ? "{\n" : ",\n"
            first = false
        }
        for (key, value) in attributes {
            separate(&out)
            switch value {
            case let .string(text): out += pad + Self.quote(key) + ": " + Self.quote(text)
            default: out += pad + Self.quote(key) + ": " + value.text
            }
        }
        if let text {
            separate(&out)
            out += pad + "\"text\": " + Self.quote(text)
        }
        try forEachChild(.json, flush: flush, into: &out) { child, out in
            separate(&out)
            out += pad + Self.quote(child.name) + ": "
            try child.writeJSON(into: &out, indent: indent + 1, flush: flush)
        }
        out += "\n" + String(repeating: "  ", count: indent) + "}"
    }

    private func writeArray(into out: inout String, indent: Int, flush: Flush) throws {
        guard childCount > 0 else {
            out += "[]"
            return
        }
        let pad = String(repeating: "  ", count: indent + 1)
        var first = true
        try forEachChild(.json, flush: flush, into: &out) { child, out in
            out += first ? "[\n" : ",\n"
            first = false
            out += pad
            try child.writeJSON(into: &out, indent: indent + 1, flush: flush)
        }
        out += "\n" + String(repeating: "  ", count: indent) + "]"
    }

    static func quote(_ text: String) -> String {
        var out = ""
        Escaper.appendJSONString(text, to: &out)
        return out
    }
}
