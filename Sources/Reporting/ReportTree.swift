import Foundation

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

    init(_ name: String, _ attributes: [(String, Value?)] = [], text: String? = nil, children: [ReportNode] = [], list: Bool = false) {
        self.name = name
        self.attributes = attributes.compactMap { key, value in value.map { (key, $0) } }
        self.text = text
        self.children = children
        isList = list
    }

    // MARK: - XML

    func xml(namespace: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        write(into: &out, indent: 0, namespace: namespace)
        return out
    }

    private func write(into out: inout String, indent: Int, namespace: String?) {
        let pad = String(repeating: "  ", count: indent)
        out += pad + "<" + name
        if let namespace { out += " xmlns=\"\(Self.escape(namespace, attribute: true))\"" }
        for (key, value) in attributes { out += " \(key)=\"\(Self.escape(value.text, attribute: true))\"" }
        if children.isEmpty, text == nil {
            out += "/>\n"
            return
        }
        out += ">"
        if let text { out += Self.escape(text, attribute: false) }
        if !children.isEmpty {
            out += "\n"
            for child in children { child.write(into: &out, indent: indent + 1, namespace: nil) }
            out += pad
        }
        out += "</\(name)>\n"
    }

    /// XML escaping; characters XML 1.0 cannot carry at all (most C0 controls) become U+FFFD.
    static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: - JSON

    func json() -> String {
        var out = ""
        writeJSON(into: &out, indent: 0)
        return out + "\n"
    }

    private func writeJSON(into out: inout String, indent: Int) {
        if isList {
            writeArray(into: &out, indent: indent)
            return
        }
        if attributes.isEmpty, children.isEmpty {
            out += text.map(Self.quote) ?? "{}"
            return
        }
        let pad = String(repeating: "  ", count: indent + 1)
        var members: [String] = []
        for (key, value) in attributes {
            switch value {
            case let .string(text): members.append(pad + Self.quote(key) + ": " + Self.quote(text))
            default: members.append(pad + Self.quote(key) + ": " + value.text)
            }
        }
        if let text { members.append(pad + "\"text\": " + Self.quote(text)) }
        for child in children {
            var value = ""
            child.writeJSON(into: &value, indent: indent + 1)
            members.append(pad + Self.quote(child.name) + ": " + value)
        }
        out += "{\n" + members.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
    }

    private func writeArray(into out: inout String, indent: Int) {
        guard !children.isEmpty else {
            out += "[]"
            return
        }
        let pad = String(repeating: "  ", count: indent + 1)
        let items = children.map { child -> String in
            var value = ""
            child.writeJSON(into: &value, indent: indent + 1)
            return pad + value
        }
        out += "[\n" + items.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "]"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // As in the XML: characters XML cannot carry become U+FFFD, so both formats hold the same text.
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
