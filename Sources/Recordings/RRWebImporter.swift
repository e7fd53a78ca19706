import Detectors
import Foundation
import Markup
import Scenarios

/// A scenario folder made from a recording: `scenario.yaml`, its pages, and what became of each kind of event.
public struct ImportedScenario: Sendable {
    /// The scenario file's text.
    public var yaml: String
    /// Each page, by its path in the folder (`pages/page-1.html`).
    public var pages: [(path: String, html: String)]
    /// Per kind of event read: how many, and what the import made of them.
    public var kinds: [(kind: String, count: Int, outcome: String)]
    /// Planted items found by the detectors (or in password fields), by data class.
    public var itemClasses: [String: Int]
    /// The steps written.
    public var steps: Int
    /// Frames' own documents in the recording, whose content is not in the scenario (not imported yet).
    public var frameDocuments: Int
}

/// A step as the importer collects it, written out once every value to plant is known.
private struct PendingStep {
    var action: String
    var fields: [(String, String)] = []
    var attributes: [(String, String)] = []
    var at: Double
}

/// Turns an rrweb recording into a scenario: the pages rebuilt from each full snapshot, the customer's steps from
/// input, click and scroll events, the page's own changes from mutations, timing from the timestamps, and every
/// value the detectors recognise as a planted item, so the session replays under every profile.
///
/// Over 300 lines: the events, the values to plant and the YAML written share the importer's state (the pending
/// typing run, the items found, the budget counted as steps are made); apart, each would pass it back and forth.
public struct RRWebImporter {
    let recording: RRWebRecording
    let id: String
    private let document = RecordedDocument()
    private var pages: [(path: String, html: String)] = []
    private var steps: [PendingStep] = []
    private var world = ""
    private var href = RRWebImporter.fallbackURL
    private var started = false
    private var lastAt = 0.0
    private var pendingInput: (id: Int, selector: String, text: String, at: Double, event: Int, password: Bool)?
    /// Checkbox and radio states as the inputs left them, which rrweb sends as values, not as clicks.
    private var checked: [Int: Bool] = [:]
    /// How many events of each kind had each outcome.
    private var outcomes: [Outcome: Int] = [:]

    private struct Outcome: Hashable {
        var kind: String
        var outcome: String
    }
    /// Values to plant: each distinct value once, with its class, in the order found.
    private var found: [(value: String, dataClass: DataClass, event: Int)] = []
    private var foundValues = Set<String>()
    /// The YAML the steps will take, counted as they are made, so a recording that would pass the format's budget
    /// stops at the event that passes it rather than after building everything.
    private var yamlBytes = 0
    /// Frames' own documents attached (rrweb's `isAttachIframe`), whose content is not imported yet.
    private var frameDocuments = 0

    /// At most this many distinct values are planted (the detectors still find any others in what crosses).
    static let maximumItems = 1_000

    /// Where a recording without a web address is placed (a Meta event's `about:blank`, or none).
    static let fallbackURL = "https://recorded-page.invalid/"

    /// Imports `recording` as the scenario `id`.
    public static func scenario(from recording: RRWebRecording, id: String) throws(RecordingError) -> ImportedScenario {
        var importer = RRWebImporter(recording: recording, id: id)
        return try importer.run()
    }

    private init(recording: RRWebRecording, id: String) {
        self.recording = recording
        self.id = id
    }

    private mutating func run() throws(RecordingError) -> ImportedScenario {
        let start = recording.events.first?.timestamp ?? 0
        for event in recording.events {
            // Timestamps out of order (batched mouse moves) keep the steps in order, as the format requires.
            let at = max(lastAt, ((event.timestamp - start) / 1000 * 1000).rounded() / 1000)
            try handle(event, at: at)
            lastAt = at
            guard steps.count <= Limits.stepsPerScenario, yamlBytes <= Limits.yamlFileBytes else {
                throw failure(
                    event,
                    "the scenario passes the format's budget here (\(Limits.stepsPerScenario) steps, "
                        + "\(Limits.yamlFileBytes) bytes of YAML): cut the recording into shorter ones")
            }
        }
        guard started else {
            throw RecordingError(
                file: recording.path, line: 1, column: 1,
                message: "the recording has no full snapshot, so there is no page to rebuild")
        }
        flushInput()
        append(step("session: end", at: lastAt))
        guard steps.count <= Limits.stepsPerScenario else {
            throw RecordingError(
                file: recording.path, line: 1, column: 1,
                message:
                    "the recording makes \(steps.count) steps; a scenario holds at most \(Limits.stepsPerScenario): cut it into shorter recordings"
            )
        }
        let yaml = scenarioYAML()
        let ids = replacements()
        let pages = self.pages.map { (path: $0.path, html: Self.placeholders($0.html, ids)) }
        guard yaml.utf8.count <= Limits.yamlFileBytes else {
            throw RecordingError(
                file: recording.path, line: 1, column: 1,
                message:
                    "the scenario would be \(yaml.utf8.count) bytes; the format's limit is \(Limits.yamlFileBytes): cut the recording into shorter ones"
            )
        }
        let kinds = outcomes.map { (kind: $0.key.kind, count: $0.value, outcome: $0.key.outcome) }
            .sorted { ($0.kind, $0.outcome) < ($1.kind, $1.outcome) }
        let classes = found.reduce(into: [String: Int]()) { $0[$1.dataClass.rawValue, default: 0] += 1 }
        return ImportedScenario(
            yaml: yaml, pages: pages, kinds: kinds, itemClasses: classes, steps: steps.count,
            frameDocuments: frameDocuments)
    }

    private mutating func count(_ event: RecordedEvent, _ outcome: String) {
        outcomes[Outcome(kind: event.kind, outcome: outcome), default: 0] += 1
    }

    private func failure(_ event: RecordedEvent, _ message: String) -> RecordingError {
        RecordingError(
            file: recording.path, line: event.line, column: event.column, message: "event \(event.index): \(message)")
    }

    // MARK: Events

    private mutating func handle(_ event: RecordedEvent, at: Double) throws(RecordingError) {
        switch event.body {
        case let .meta(address, _, _):
            href = Self.webAddress(address)
            plant(in: Self.afterOrigin(href), event: event.index)
            count(event, "the page's address")
        case let .fullSnapshot(node):
            flushInput()
            document.load(node)
            scan(document: event.index)
            let path = "pages/page-\(pages.count + 1).html"
            pages.append((path, page()))
            if started {
                append(step("customer: navigate", [("url", href), ("page", path)], at: at))
            } else {
                world = href
                append(step("session: start", at: at))
                started = true
            }
            count(event, "pages (the first is the tab's, each later one a navigation)")
        case let .mutation(mutation):
            guard started else { throw failure(event, "a mutation before the first full snapshot") }
            flushInput()
            try pageChanges(mutation, event: event, at: at)
        case let .input(id, text, isChecked):
            input(event, id: id, text: text, isChecked: isChecked, at: at)
        case let .mouse(interaction, id):
            guard interaction == .click || interaction == .doubleClick || interaction == .touchEnd else {
                count(event, "not replayed: where the pointer went carries no data")
                return
            }
            guard let selector = started ? document.selector(of: id) : nil else {
                count(event, "not replayed: a click on a node the page does not hold as an element")
                return
            }
            // rrweb follows a click on a box or radio button with an input event saying its new state: that one sets it.
            let type = document.attribute("type", of: id)?.lowercased()
            if document.element(id)?.tag == "input", type == "checkbox" || type == "radio" {
                return count(event, "not replayed: a click on a box or radio button (its input event sets the state)")
            }
            flushInput()
            append(step("customer: click", [("selector", selector)], at: at))
            count(event, "customer clicks")
        case let .scroll(id, _, _):
            guard let selector = started ? document.selector(of: id) : nil else {
                count(event, "not replayed: the document's own scroll position")
                return
            }
            flushInput()
            append(step("customer: scroll", [("selector", selector)], at: at))
            count(event, "customer scrolls (to the element)")
        case .selection:
            count(event, "not replayed: which text the customer selected")
        case let .other(kind):
            let outcome =
                switch kind {
                case _ where kind.hasSuffix("(unknown)"): "not replayed: not an rrweb event kind this version knows"
                case "incremental: canvas mutation", "incremental: font", "asset":
                    "not replayed: canvas drawings, fonts and assets are not modelled yet"
                case "dom content loaded", "load": "not replayed: page load markers, which carry no data"
                case "custom", "plugin", "incremental: log":
                    "not replayed: the recorder's own data (console logs, custom events), which a mirror does not show"
                default: "not replayed: carries no data a mirror shows as text (pointer, style sheets, media, viewport)"
                }
            count(event, outcome)
        }
    }

    private mutating func input(_ event: RecordedEvent, id: Int, text: String, isChecked: Bool?, at: Double) {
        guard started, let element = document.element(id), let selector = document.selector(of: id) else {
            count(event, "not replayed: an input on a node the page does not hold as an element")
            return
        }
        let type = document.attribute("type", of: id)?.lowercased() ?? ""
        let masked = !text.isEmpty && text.allSatisfy { $0 == "*" }
        if let isChecked, element.tag == "input", type == "checkbox" || type == "radio" {
            let was = checked[id] ?? (document.attribute("checked", of: id) != nil)
            checked[id] = isChecked
            document.setAttribute("checked", isChecked ? "" : nil, of: id)
            // A radio button is unchecked by checking another, whose own event is the click.
            guard was != isChecked, isChecked || type == "checkbox" else {
                return count(event, "not replayed: a box or radio button left as the other events set it")
            }
            flushInput()
            append(step("customer: click", [("selector", selector)], at: at))
            return count(event, "customer clicks (a box or radio button)")
        }
        if element.tag == "select" {
            guard !masked else { return count(event, "not replayed: a choice the recorder had masked") }
            flushInput()
            append(step("customer: select", [("selector", selector), ("value", text)], at: at))
            return count(event, "customer selects")
        }
        document.setAttribute("value", text, of: id)
        count(event, masked ? "customer types (the recorder had masked the value)" : "customer types")
        // rrweb sends the whole value after each change: a field's run of inputs that only adds to the value is one
        // typing step; a value replaced by another is a step of its own, so nothing typed goes unreplayed. The value
        // is planted when the run ends, whole: its prefixes (`sam.rivera@example.c`, a password's first letters)
        // are no values of their own. A value the recorder masked is not in the recording, and is not planted.
        if let pending = pendingInput, pending.id == id, text.hasPrefix(pending.text) {
            pendingInput = (id, selector, text, pending.at, event.index, type == "password" && !masked)
        } else {
            flushInput()
            pendingInput = (id, selector, text, at, event.index, type == "password" && !masked)
        }
    }

    private mutating func flushInput() {
        guard let pending = pendingInput else { return }
        pendingInput = nil
        if !(pending.text.allSatisfy { $0 == "*" }) {
            // A password-type field may hold a CVC or a PIN: the classifier says which, so the item's class is right.
            let field =
                pending.password ? document.sensitiveField(pending.id).flatMap { DataClass(field: $0.fieldClass) } : nil
            plant(pending.text, event: pending.event, passwordField: pending.password ? field ?? .password : nil)
        }
        let text = String(pending.text.prefix(Limits.typedCharactersPerStep))
        append(step("customer: type", [("selector", pending.selector), ("text", text)], at: pending.at))
    }

    /// A mutation as the page's own changes: each topmost element whose children or texts changed gets its new
    /// content, and each element whose attributes changed gets them set; a removed attribute rewrites its parent.
    /// What no element step can carry — a change to the document, `html` or `head` itself — makes the whole
    /// document a new page, so nothing the mutation brought is left out. A frame's own document is counted: its
    /// content is not imported yet.
    private mutating func pageChanges(_ mutation: Mutation, event: RecordedEvent, at: Double) throws(RecordingError) {
        let frames = mutation.adds.filter { if case .document = $0.node.kind { true } else { false } }
        frameDocuments += frames.count
        var contentChanged = Set(
            mutation.removes.map(\.parent)
                + mutation.adds.filter { add in !frames.contains { $0.node.id == add.node.id } }.map(\.parent))
        for (id, _) in mutation.texts {
            if let parent = document.nodes[id]?.parent { contentChanged.insert(parent) }
        }
        var attributeChanged: [Int: Set<String>] = [:]
        for (id, changes) in mutation.attributes { attributeChanged[id, default: []].formUnion(changes.map(\.name)) }
        let removedAttribute = Set(
            mutation.attributes.filter { $0.changes.contains { if case .remove = $0.change { true } else { false } } }
                .map(\.id))
        do {
            try document.apply(mutation)
        } catch {
            throw failure(event, error.description)
        }
        for id in removedAttribute { if let parent = document.nodes[id]?.parent { contentChanged.insert(parent) } }
        // Changes inside a frame's own document are not in any page.
        contentChanged = contentChanged.filter { document.inPage($0) }
        attributeChanged = attributeChanged.filter { document.inPage($0.key) }
        func hasChangedAncestor(_ id: Int) -> Bool {
            var current = document.nodes[id]?.parent
            while let here = current {
                if contentChanged.contains(here) { return true }
                current = document.nodes[here]?.parent
            }
            return false
        }
        let topmost = contentChanged.sorted().filter { !hasChangedAncestor($0) }
        // The document, `html` and `head` cannot be rewritten from inside (a fragment parser drops what they hold).
        let wholePage = topmost.contains { id in
            guard let tag = document.element(id)?.tag else { return true }
            return tag == "html" || tag == "head"
        }
        if wholePage {
            let path = "pages/page-\(pages.count + 1).html"
            pages.append((path, page()))
            append(step("customer: navigate", [("url", href), ("page", path)], at: at))
            count(event, "page changes to the document itself, written as a new page")
        } else if !topmost.isEmpty || !attributeChanged.isEmpty {
            for id in topmost {
                guard let selector = document.selector(of: id),
                    let inner = document.innerHTML(of: id, text: Self.region)
                else { continue }
                append(step("system: page-change", [("selector", selector), ("html", inner)], at: at))
            }
            for (id, names) in attributeChanged.sorted(by: { $0.key < $1.key }) where !hasChangedAncestor(id) {
                guard let element = document.element(id), let selector = document.selector(of: id) else { continue }
                let values = element.attributes.filter {
                    names.contains($0.0) && !$0.0.hasPrefix("rr_") && $0.0 != "_cssText"
                }
                guard !values.isEmpty else { continue }
                append(step("system: page-change", [("selector", selector)], attributes: values, at: at))
            }
            count(event, "page changes (the page's own scripts)")
        } else {
            count(
                event,
                frames.isEmpty
                    ? "not replayed: changes inside frames' own documents, which are not imported yet"
                    : "not replayed: a frame's own document attached (frames are not imported yet)")
        }
        // What the mutation brought, not the whole page again: added nodes, new texts, new attribute values.
        // Only what the pages hold: a frame's own document and rrweb's attributes are not written.
        for add in mutation.adds where document.inPage(add.node.id) { scan(add.node, event: event.index) }
        for (id, value) in mutation.texts where document.inPage(id) { plant(in: value ?? "", event: event.index) }
        for (id, changes) in mutation.attributes where document.inPage(id) {
            for (name, change) in changes where RecordedDocument.carriesPageData(name) {
                if case let .set(value) = change { plant(in: value, event: event.index) }
            }
        }
    }

    // MARK: Values

    /// Plants every value the detectors recognise in `text`, and a password-type field's value whole, as `dataClass`.
    private mutating func plant(_ text: String, event: Int, passwordField dataClass: DataClass? = nil) {
        if let dataClass, !text.isEmpty, text.count <= Limits.plantedValueCharacters, !text.contains("{{") {
            add(text, dataClass, event: event)
        }
        plant(in: text, event: event)
    }

    private mutating func plant(in text: String, event: Int) {
        guard !text.isEmpty else { return }
        for (value, _, dataClass) in FoundValues.recognised(in: text) { add(value, dataClass, event: event) }
    }

    private mutating func add(_ value: String, _ dataClass: DataClass, event: Int) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        // A value HTML writes escaped could not be found as written in a page, so it is not planted as an item.
        guard found.count < Self.maximumItems, !trimmed.isEmpty, trimmed.count <= Limits.plantedValueCharacters,
            !trimmed.contains("{{"),
            !trimmed.contains(where: { "&<>\"'\\".contains($0) }),
            // Private-use characters are the placeholders' sentinels.
            !trimmed.unicodeScalars.contains(where: { (0xE000...0xF8FF).contains($0.value) }),
            foundValues.insert(trimmed).inserted
        else { return }
        found.append((trimmed, dataClass, event))
    }

    private mutating func scan(document event: Int) {
        for text in document.pageTexts() { plant(in: text.text, event: event) }
    }

    private mutating func scan(_ node: SerializedNode, event: Int) {
        var pending = [node]
        while let next = pending.popLast() {
            switch next.kind {
            case let .text(text), let .comment(text): plant(in: text, event: event)
            case let .element(_, attributes, _):
                for (name, value) in attributes where RecordedDocument.carriesPageData(name) {
                    plant(in: value, event: event)
                }
            default: break
            }
            pending += next.children
        }
    }

    // MARK: Writing

    private func page() -> String {
        let full = document.html(text: Self.region)
        // A page over the format's budget loses its inlined style sheets first: they hold no form data.
        return full.utf8.count <= Limits.fileBytes ? full : document.html(styles: false, text: Self.region)
    }

    /// Where a text or attribute value starts and ends in written markup: values are planted only inside, never in
    /// a tag or attribute name (a password `div` must not rewrite `<div>`). Private-use characters, which no planted
    /// value holds; `placeholders` removes them.
    static let regionStart: Character = "\u{E002}"
    static let regionEnd: Character = "\u{E003}"

    /// A text or attribute value as written markup holds it, marked as a region values may be planted in.
    static func region(_ text: String) -> String {
        String(regionStart) + escapePlaceholders(text) + String(regionEnd)
    }

    /// Text from the recording as the scenario loader reads it: `{{` is a placeholder there, so it is escaped.
    /// The four private-use characters that bracket sentinels and regions become U+FFFD, so a recorded text cannot
    /// forge a placeholder.
    static func escapePlaceholders(_ text: String) -> String {
        var out = text.contains("{{") ? text.replacingOccurrences(of: "{{", with: "\\{{") : text
        if out.unicodeScalars.contains(where: { (0xE000...0xE003).contains($0.value) }) {
            out = String(
                String.UnicodeScalarView(
                    out.unicodeScalars.map { (0xE000...0xE003).contains($0.value) ? "\u{FFFD}" : $0 }))
        }
        return out
    }

    /// A URL with planted values as placeholders after its origin, which must stay a URL for the loader to check.
    static func url(_ text: String, _ ids: [(value: String, id: String)]) -> String {
        let rest = afterOrigin(text)
        return String(text.dropLast(rest.count)) + placeholders(escapePlaceholders(rest), ids)
    }

    /// The path, query and fragment of a URL: where tokens travel (the origin is the site's, not the customer's).
    static func afterOrigin(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        guard let slash = text[scheme.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else {
            return ""
        }
        return String(text[slash...])
    }

    /// `http` and `https` addresses as given; anything else (`about:blank`, `file:`) at a placeholder address.
    static func webAddress(_ text: String) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host?.isEmpty == false, text.utf8.count <= 2048
        else { return fallbackURL }
        return text
    }

    private func step(
        _ action: String, _ fields: [(String, String)] = [], attributes: [(String, String)] = [], at: Double
    ) -> PendingStep {
        PendingStep(action: action, fields: fields, attributes: attributes, at: at)
    }

    /// Adds a step, counting the YAML it will take.
    private mutating func append(_ step: PendingStep) {
        yamlBytes +=
            40 + step.action.utf8.count
            + (step.fields + step.attributes).reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 12 }
        steps.append(step)
    }

    /// A step as YAML, each planted value in it as its placeholder.
    private func yaml(
        _ step: PendingStep, replacing: [(value: String, id: String)], _ plant: (String) -> String
    ) -> String {
        var lines = ["  - \(step.action)"]
        for (key, value) in step.fields {
            let text = key == "text" || key == "value" ? Self.escapePlaceholders(value) : value
            let written =
                switch key {
                case "selector", "page": text
                case "url": Self.url(text, replacing)
                default: plant(text)
                }
            lines.append("    \(key): \(Self.quoted(written))")
        }
        if !step.attributes.isEmpty {
            lines.append("    attributes:")
            for (name, value) in step.attributes {
                lines.append("      \(Self.quoted(name)): \(Self.quoted(plant(Self.escapePlaceholders(value))))")
            }
        }
        lines.append("    at: \(Int((step.at * 1000).rounded()))ms")
        return lines.joined(separator: "\n")
    }

    /// The planted values with their item ids, in the order found.
    private func itemIDs() -> [(value: String, id: String)] {
        Array(zip(found.map(\.value), FoundValues.ids(found.map(\.dataClass))))
    }

    /// `itemIDs` longest value first, the order `placeholders` replaces in (a value inside a longer one waits).
    private func replacements() -> [(value: String, id: String)] {
        itemIDs().sorted { $0.value.count > $1.value.count }
    }

    /// `text` with every planted value as its placeholder (longest first), so the scenario traces it wherever it goes.
    /// Each value is first replaced by a private-use sentinel, which no planted value holds, so a shorter value is
    /// never found inside a placeholder already written (`1` in `{{found.password.1}}`).
    private static func placeholders(_ text: String, _ ids: [(value: String, id: String)]) -> String {
        guard text.contains(regionStart) else { return replacing(text, ids) }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: regionStart) {
            out += rest[..<start]
            let after = rest.index(after: start)
            let end = rest[after...].firstIndex(of: regionEnd) ?? rest.endIndex
            out += replacing(String(rest[after..<end]), ids)
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return out + rest
    }

    private static func replacing(_ text: String, _ ids: [(value: String, id: String)]) -> String {
        var out = text
        var used: [(sentinel: String, id: String)] = []
        for (index, (value, id)) in ids.enumerated() where out.contains(value) {
            let sentinel = sentinel(index)
            out = out.replacingOccurrences(of: value, with: sentinel)
            used.append((sentinel, id))
        }
        for (sentinel, id) in used { out = out.replacingOccurrences(of: sentinel, with: "{{\(id)}}") }
        return out
    }

    /// A run of private-use characters naming item `index`: U+E000, its digits in base 4096 from U+E100, U+E001.
    private static func sentinel(_ index: Int) -> String {
        var scalars: [Unicode.Scalar] = ["\u{E000}"]
        var rest = index
        repeat {
            scalars.append(Unicode.Scalar(0xE100 + UInt32(rest % 4096))!)
            rest /= 4096
        } while rest > 0
        scalars.append("\u{E001}")
        return String(String.UnicodeScalarView(scalars))
    }

    private func scenarioYAML() -> String {
        var out = """
            # Imported from an rrweb recording by `supportscope import rrweb` — replay it with `supportscope run`.
            # Recording: \(Self.quoted(recording.path)) (sha256 \(recording.sha256))
            # The planted items are values the detectors found in the recording: this file holds them, and reports
            # redact them. Keep it as private as the recording itself.
            id: \(Self.quoted(id))
            title: \(Self.quoted("Recorded session \(id)"))
            summary: \(Self.quoted("A session recorded with rrweb (\(recording.events.count) events), imported page by page and step by step."))

            """
        let ids = itemIDs()
        let sorted = replacements()
        out += found.isEmpty ? "items: []\n" : "items:\n"
        for ((value, dataClass, event), (_, id)) in zip(found, ids) {
            out += "  - id: \(id)\n"
            out += "    class: \(dataClass.rawValue)\n"
            out += "    value: \(Self.quoted(value))\n"
            out += "    label: \(Self.quoted("found in event \(event) of the recording"))\n"
        }
        out += """
            world:
              windows:
                - id: browser
                  app: Browser
                  title: \(Self.quoted("Recorded session"))
                  tabs:
                    - id: page
                      url: \(Self.quoted(Self.url(world, sorted)))
                      page: pages/page-1.html

            steps:

            """
        out +=
            steps.map { yaml($0, replacing: sorted) { Self.placeholders($0, sorted) } }.joined(separator: "\n") + "\n"
        return out
    }

    /// A YAML double-quoted scalar: JSON's escapes, and every character YAML does not print as `\u` or `\U`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || (0xD800...0xDFFF).contains(scalar.value) || scalar.value == 0xFEFF || scalar.value == 0xFFFE
                || scalar.value == 0x2028 || scalar.value == 0x2029
                || scalar.value == 0xFFFF:
                out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
