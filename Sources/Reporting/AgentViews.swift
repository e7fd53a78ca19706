import Detectors
import Markup
import SupportScope

/// "What the agent sees" at one step: rebuilt from what crossed, sanitised, never from the customer's page.
///
/// The `try?`s here rebuild a picture for the report from the mirror's own markup, which always parses, with names
/// Markup accepts: none can fail in practice, and a view that could not be built is shown as none, which the report
/// says. No finding depends on them.
enum AgentViews {
    /// The co-browsing mirror as the agent's side had it after `step`: the last snapshot, with the later
    /// mutations and input events applied. Nil when nothing was mirrored by then.
    static func mirror(_ run: ModelRun, upTo step: Int) -> Document? {
        let wire = run.wire.filter { $0.step <= step }
        guard let snapshotIndex = wire.lastIndex(where: { $0.kind == .snapshot }),
            let document = try? Document.parseHTML(wire[snapshotIndex].content)
        else { return nil }
        for message in wire[(snapshotIndex + 1)...] {
            switch message.kind {
            case .mutation: applyMutation(message.content, to: document)
            case .input:
                guard let id = message.nodeID, let element = element(id, in: document) else { continue }
                if element.name == "textarea" {
                    try? element.setText(message.content)
                } else {
                    try? element.setAttribute("value", message.content)
                }
            default: continue
            }
        }
        return document
    }

    static func element(_ id: Int, in document: Document) -> Node? {
        guard let selector = try? Selector("[data-ss-id=\"n\(String(id, radix: 36))\"]") else { return nil }
        return document.first(selector)
    }

    /// A mutation replaces the element with the same mirror id, or removes it (`remove nX`).
    static func applyMutation(_ content: String, to document: Document) {
        if content.hasPrefix("remove n"), let id = Int(content.dropFirst(8), radix: 36) {
            element(id, in: document)?.remove()
            return
        }
        guard let body = document.first(try! Selector("body")), let holder = try? document.createElement("div") else {
            return
        }
        try? body.append(holder)
        _ = try? holder.setInnerHTML(content)
        defer { holder.remove() }
        guard let root = holder.children.first(where: \.isElement), let id = root.attribute("data-ss-id"),
            let number = Int(id.dropFirst(), radix: 36), let existing = element(number, in: document), existing != root
        else { return }
        try? existing.replace(with: root)
    }

    static let removedElements: Set<String> = [
        "script", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
        "link", "meta", "base", "style", "portal", "video", "audio", "source", "track", "svg", "math",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "srcset", "action", "formaction", "poster", "background", "xlink:href", "ping", "cite",
        "data", "codebase", "longdesc", "usemap", "manifest", "lowsrc", "dynsrc",
    ]

    /// The document made safe to show: no scripts, no event handlers, no URLs that load or navigate anything,
    /// no styles that fetch, no frames or embedded objects; forms lose their action (and the frame's sandbox
    /// forbids submitting anyway). What is left is structure, text and the fields' values.
    /// Every text and attribute value left is redacted, so a naive mirror shows what was there without the values,
    /// including a value split over several elements (`<span>4111 1111</span><span>1111 1111</span>`).
    /// With no redactor (a document prepared earlier, already redacted) it is only sanitised.
    static func sanitise(_ document: Document, redactor redact: SafeText?) -> String {
        var removals: [Node] = []
        for node in document.node.descendants {
            if node.kind == .comment { removals.append(node) }
            guard node.isElement else { continue }
            if removedElements.contains(node.name) {
                removals.append(node)
                continue
            }
            for attribute in node.attributes {
                let name = attribute.name.lowercased()
                let value = attribute.value.lowercased()
                // Inline styles go too: CSS has too many ways to fetch (`url()`, escapes, `image-set`) to filter them.
                if name.hasPrefix("on") || urlAttributes.contains(name) || name == "style"
                    || value.contains("javascript:") || name.hasPrefix("xmlns")
                {
                    node.removeAttribute(attribute.name)
                } else if let redact {
                    let redacted = redact(attribute.value)
                    if redacted != attribute.value { try? node.setAttribute(attribute.name, redacted) }
                }
            }
        }
        for node in removals { node.remove() }
        if let redact { redactText(of: document, redact) }
        return document.html()
    }

    /// Redacts each text node, then masks what is only sensitive across nodes: the text of the page and the values
    /// of its form fields are read as one stream, in document order, so a card number typed into four boxes
    /// (`4000` `0566` `5566` `5556`) is masked in all four. (The values were redacted one by one in `sanitise`.)
    static func redactText(of document: Document, _ redact: SafeText) {
        var slots: [(node: Node, isValue: Bool)] = []
        for node in document.node.descendants {
            if node.kind == .text {
                slots.append((node, false))
            } else if node.isElement, node.name == "input", node.attribute("value") != nil {
                slots.append((node, true))
            }
        }
        var stream: [Unicode.Scalar] = []
        var starts: [Int] = []
        var texts: [[Unicode.Scalar]] = []
        for (node, isValue) in slots {
            let text: String
            if isValue {
                text = node.attribute("value") ?? ""
            } else {
                let original = node.textContent
                text = redact(original)
                if text != original { try? node.setText(text) }
            }
            starts.append(stream.count)
            texts.append(Array(text.unicodeScalars))
            stream += texts.last!
        }
        // The slot holding `offset`: the last that starts at or before it.
        func slot(at offset: Int) -> Int { max(0, starts.count(below: offset + 1) - 1) }
        var masked = texts
        for range in redact.sensitiveRanges(in: stream)
        where !range.isEmpty && slot(at: range.lowerBound) != slot(at: range.upperBound - 1) {
            for offset in range {
                let index = slot(at: offset)
                let position = offset - starts[index]
                if !masked[index][position].properties.isWhitespace { masked[index][position] = "•" }
            }
        }
        for (index, text) in masked.enumerated() where text != texts[index] {
            let value = String(String.UnicodeScalarView(text))
            if slots[index].isValue {
                try? slots[index].node.setAttribute("value", value)
            } else {
                try? slots[index].node.setText(value)
            }
        }
    }

    /// The screen as the agent's side had it after `step`, as positioned text regions: each frame adds what
    /// appeared and takes away what its `removed:` lines name.
    static func screen(_ run: ModelRun, upTo step: Int) -> [(source: String, x: Int, y: Int, text: String)] {
        var regions: [String: (source: String, x: Int, y: Int, text: String)] = [:]
        for message in run.wire where message.kind == .frame && message.step <= step {
            for line in message.content.split(separator: "\n", omittingEmptySubsequences: false) {
                guard let label = FrameLine.parse(line) else { continue }
                var source = String(label.source)
                let removed = source.hasPrefix("removed: ")
                if removed { source.removeFirst("removed: ".count) }
                let key = "\(source) @\(label.x),\(label.y)"
                if removed {
                    regions[key] = nil
                } else {
                    regions[key] = (source, label.x, label.y, String(label.text))
                }
            }
        }
        return regions.values.sorted { ($0.y, $0.x, $0.source) < ($1.y, $1.x, $1.source) }
    }
}
