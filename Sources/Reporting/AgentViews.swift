import Detectors
import Markup
import SupportScope

/// "What the agent sees" at one step: rebuilt from what crossed, sanitised, never from the customer's page.
///
/// The `try?`s here rebuild a picture for the report from the mirror's own markup, which always parses, with names
/// Markup accepts: none can fail in practice, and a view that could not be built is shown as none, which the report
/// says. No finding depends on them.
enum AgentViews {
    /// The marks' style, the same in the report and in each mirror's frame: what the agent received is red and tagged
    /// "seen"; what co-browsing masked is a grey block; what was blocked or not mirrored is a hatched placeholder.
    static let markCSS = """
        mark.ss-seen,[data-ss-seen]{background:#fde2e1;color:#7b0d1e;outline:2px solid #c0392b;outline-offset:1px;\
        border-radius:2px}
        mark.ss-seen::after{content:"seen";font:700 9px/1.3 system-ui,sans-serif;text-transform:uppercase;\
        background:#c0392b;color:#fff;padding:0 3px;margin-left:4px;border-radius:2px;vertical-align:middle}
        .ss-masked,[data-ss-masked]{background:#dde2e7;color:#3d4852;border-radius:2px;padding:0 2px}
        .ss-tag{display:inline-block;font:700 9px/1.4 system-ui,sans-serif;text-transform:uppercase;padding:0 4px;\
        margin-left:4px;border-radius:2px;vertical-align:middle}
        .ss-seen-tag{background:#c0392b;color:#fff}.ss-masked-tag{background:#5d6d7e;color:#fff}
        .ss-placeholder,[data-ss-blocked],[data-ss-frame],[data-ss-media]{display:inline-block;min-width:9em;\
        min-height:1.6em;border:1px dashed #666;color:#333;font:italic 11px/1.6 system-ui,sans-serif;padding:0 6px;\
        background:repeating-linear-gradient(45deg,#f4f4f4 0 6px,#e2e2e2 6px 12px)}
        [data-ss-blocked]::before{content:"blocked: not shown to the agent"}
        [data-ss-frame]::before{content:"frame: not mirrored"}[data-ss-media]::before{content:"media: not mirrored"}

        """

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
    static let typedInputs: Set<String> = [
        "date", "datetime-local", "month", "week", "time", "number", "range", "color",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "srcset", "action", "formaction", "poster", "background", "xlink:href", "ping", "cite",
        "data", "codebase", "longdesc", "usemap", "manifest", "lowsrc", "dynsrc",
    ]

    /// The document made safe to show: no scripts, no event handlers, no URLs that load or navigate anything,
    /// no styles that fetch, no frames or embedded objects; forms lose their action (and the frame's sandbox
    /// forbids submitting anyway). What is left is structure, text and the fields' values.
    /// Every text and attribute value left is redacted, so a naive mirror shows what was there without the values,
    /// including a value split over several elements (`<span>4111 1111</span><span>1111 1111</span>`); each value the
    /// agent received is then marked as seen and each co-browsing mask as masked (see `markSeenAndMasked`), and a
    /// frame or medium the mirror did not send is a labelled placeholder.
    /// With no redactor (a document prepared earlier, already redacted and marked) it is only sanitised.
    static func sanitise(_ document: Document, redactor redact: SafeText?) -> String {
        var removals: [Node] = []
        var placeholders: [Node] = []
        for node in document.node.descendants {
            if node.kind == .comment { removals.append(node) }
            guard node.isElement else { continue }
            if removedElements.contains(node.name) {
                if node.hasAttribute("data-ss-frame") || node.hasAttribute("data-ss-media") {
                    placeholders.append(node)
                } else {
                    removals.append(node)
                }
                continue
            }
            // A typed field (`date`, `number`) rejects a redacted or masked value, and the browser says so in its
            // console: shown as text, as the agent's view of what it holds.
            if node.name == "input", let type = node.attribute("type")?.lowercased(), typedInputs.contains(type) {
                try? node.setAttribute("type", "text")
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
                    let redacted =
                        name == "value" && node.name == "input"
                        ? redact.field(attribute.value) : redact(attribute.value)
                    if redacted != attribute.value { try? node.setAttribute(attribute.name, redacted) }
                }
            }
        }
        for node in removals { node.remove() }
        // What the mirror left out is shown as left out, not as nothing.
        for node in placeholders {
            let frame = node.hasAttribute("data-ss-frame")
            guard let box = try? document.createElement("div") else { continue }
            try? box.setAttribute(frame ? "data-ss-frame" : "data-ss-media", "not mirrored")
            try? node.replace(with: box)
        }
        if let redact {
            redactText(of: document, redact)
            markSeenAndMasked(document)
        }
        return document.html()
    }

    /// Masks what is only sensitive across nodes, then redacts each text node: the text of the page and the values of
    /// its form fields are read as one stream, in document order, so a card number typed into four boxes
    /// (`4000` `0566` `5566` `5556`) or split over elements is masked in every part; the rest of each text node is
    /// redacted on its own. (The values were redacted one by one in `sanitise`.) Every redaction is left between the
    /// redactor's seen marks for `markSeenAndMasked`.
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
            let text = isValue ? node.attribute("value") ?? "" : node.textContent
            starts.append(stream.count)
            texts.append(Array(text.unicodeScalars))
            stream += texts.last!
        }
        // The slot holding `offset`: the last that starts at or before it.
        func slot(at offset: Int) -> Int { max(0, starts.count(below: offset + 1) - 1) }
        var covered: [Set<Int>] = Array(repeating: [], count: texts.count)
        for range in redact.sensitiveRanges(in: stream)
        where !range.isEmpty && slot(at: range.lowerBound) != slot(at: range.upperBound - 1) {
            for offset in range {
                let index = slot(at: offset)
                let position = offset - starts[index]
                if !texts[index][position].properties.isWhitespace { covered[index].insert(position) }
            }
        }
        for (index, (node, isValue)) in slots.enumerated() {
            let positions = covered[index]
            if isValue && positions.isEmpty { continue }
            // Covered runs become bullets between seen marks; a text node's other runs are redacted on their own.
            var result: [Unicode.Scalar] = []
            var plain: [Unicode.Scalar] = []
            func flush() {
                guard !plain.isEmpty else { return }
                let text = String(String.UnicodeScalarView(plain))
                result += isValue ? plain : Array(redact.marked(text).unicodeScalars)
                plain = []
            }
            for (position, scalar) in texts[index].enumerated() {
                guard positions.contains(position) else {
                    plain.append(scalar)
                    continue
                }
                flush()
                if !positions.contains(position - 1) { result.append(TextRedactor.seenStart) }
                result.append("•")
                if !positions.contains(position + 1) { result.append(TextRedactor.seenEnd) }
            }
            flush()
            guard result != texts[index] else { continue }
            let value = String(String.UnicodeScalarView(result))
            if isValue {
                try? node.setAttribute("value", value)
            } else {
                try? node.setText(value)
            }
        }
    }

    /// Elements whose text is not markup (a mark inside would print as text): the element itself is marked.
    static let rawTextElements: Set<String> = ["textarea", "title", "option"]

    /// Turns the redactor's seen marks into the report's visual language: a redacted value in text becomes a
    /// `<mark class="ss-seen">`, a field whose value the agent received gets `data-ss-seen` and a "seen" tag after it;
    /// a text or field value that co-browsing replaced by its mask (only `*`) becomes `ss-masked` / `data-ss-masked`
    /// with a "masked" tag. A page's own bullets (`•••• 1111` on a card list) are neither: they are the page's.
    static func markSeenAndMasked(_ document: Document) {
        let seenMarks: Set<Unicode.Scalar> = [TextRedactor.seenStart, TextRedactor.seenEnd]
        func stripped(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.filter { !seenMarks.contains($0) }))
        }
        func tag(after element: Node, _ seen: Bool) {
            guard let parent = element.parent, let tag = try? document.createElement(seen ? "mark" : "span") else {
                return
            }
            // A hidden field shows nothing on the page, but its value crossed all the same.
            let hidden = element.attribute("type")?.lowercased() == "hidden" ? " (hidden field)" : ""
            try? tag.setAttribute("class", seen ? "ss-tag ss-seen-tag" : "ss-tag ss-masked-tag")
            try? tag.append(document.createText((seen ? "seen" : "masked") + hidden))
            if let next = element.nextSibling { try? parent.insert(tag, before: next) } else { try? parent.append(tag) }
        }
        var texts: [Node] = []
        var fields: [Node] = []
        for node in document.node.descendants {
            if node.kind == .text {
                texts.append(node)
            } else if node.isElement, node.name == "input", node.attribute("value") != nil {
                fields.append(node)
            }
        }
        for field in fields {
            let value = field.attribute("value") ?? ""
            if value.unicodeScalars.contains(where: seenMarks.contains) {
                try? field.setAttribute("value", stripped(value))
                try? field.setAttribute("data-ss-seen", "")
                tag(after: field, true)
            } else if TextRedactor.isMask(value) {
                try? field.setAttribute("data-ss-masked", "")
                tag(after: field, false)
            }
        }
        for text in texts {
            let content = text.textContent
            guard let parent = text.parent else { continue }
            if rawTextElements.contains(parent.name) {
                if content.unicodeScalars.contains(where: seenMarks.contains) {
                    try? text.setText(stripped(content))
                    try? parent.setAttribute("data-ss-seen", "")
                } else if TextRedactor.isMask(content) {
                    try? parent.setAttribute("data-ss-masked", "")
                }
                continue
            }
            let pieces = pieces(of: content)
            guard pieces.count > 1 || pieces.first?.kind != nil else { continue }
            for piece in pieces {
                let node: Node
                if let kind = piece.kind, let element = try? document.createElement(kind == .seen ? "mark" : "span") {
                    try? element.setAttribute("class", kind == .seen ? "ss-seen" : "ss-masked")
                    try? element.append(document.createText(piece.text))
                    node = element
                } else {
                    node = document.createText(piece.text)
                }
                try? parent.insert(node, before: text)
            }
            text.remove()
        }
    }

    enum Mark { case seen, masked }

    /// `text` cut into plain runs, seen values (between the redactor's marks) and co-browsing masks: a whole text of
    /// `*` (a masked element), or a run of eight or more (a value masked by content, `********` at the fixed length).
    /// A page's own shorter runs (`****1111` on a saved card) stay the page's.
    static func pieces(of text: String) -> [(text: String, kind: Mark?)] {
        if TextRedactor.isMask(text) { return [(text, .masked)] }
        var pieces: [(text: String, kind: Mark?)] = []
        var current = String.UnicodeScalarView()
        var kind: Mark?
        func flush() {
            if !current.isEmpty { pieces.append((String(current), kind)) }
            current = String.UnicodeScalarView()
        }
        var stars = 0
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == TextRedactor.seenStart {
                flush()
                kind = .seen
            } else if scalar == TextRedactor.seenEnd {
                flush()
                kind = nil
            } else if kind == nil, scalar == "*" {
                stars = scalars[index...].prefix { $0 == "*" }.count
                if stars >= 8 {
                    flush()
                    pieces.append((String(repeating: "*", count: stars), .masked))
                    index += stars
                    continue
                }
                current.append(contentsOf: scalars[index..<(index + stars)])
                index += stars
                continue
            } else {
                current.append(scalar)
            }
            index += 1
        }
        flush()
        return pieces
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
