import Analysis
import Detectors
import Fields
import Foundation
import Markup
import Scenarios
import Simulation

/// A recording measured as the wire of a DOM mirror: what the recorder sent, found and rated as a run's findings are.
public struct RecordingAudit: Sendable {
    /// The recording as a scenario (one step per event that carried data) with its one run, under `RRWebAuditor.profile`.
    public var analysis: ScenarioAnalysis
    /// Per kind of event read: how many, and what the audit did with them.
    public var kinds: [(kind: String, count: Int, outcome: String)]
    /// Per leak vector found in what crossed (docs/COBROWSING.md): how many places, and how many held a value found
    /// as sensitive.
    public var vectors: [(vector: String, count: Int, holding: Int)]
    /// Values the recorder had masked (input events and texts all `*`), and elements it had blocked.
    public var masked: Int
    public var blocked: Int
    /// Times a page could not be read whole for the field classifier (too deep, too many attributes): fields there
    /// were judged by the detectors and names alone.
    public var unclassifiedReads: Int
}

/// Audits an rrweb recording: every event that carried page data is a message on the wire, every value in it that the
/// detectors recognise, that a field of a sensitive class held (the field classifier on the rebuilt document), or that
/// a name marks as a secret (a hidden `csrf_token`, a `?reset_token=` parameter) is a found item, and the exposure
/// analysis traces them through that wire — so the findings say what the deployed recorder, with its own masking,
/// actually sent, and where (the event's line and column in the recording).
///
/// Over 300 lines: one walk over the events reads each kind of place a leak vector can hide in; splitting it would
/// scatter the one table (`Vector`) that names them.
public struct RRWebAuditor {
    /// The profile an audit's run is reported under: the recorder itself, whatever it was configured to mask.
    public static let profile = Profile(
        name: "recorded", model: .cobrowse,
        summary:
            "What the recorder sent, event by event, as the recording holds it: the deployed tool's own masking, audited.",
        privacy: .naive, maskLength: .preserve, recording: true, source: "the recording")

    /// The places a leak vector hides in (docs/COBROWSING.md's table), as the audit names them.
    enum Vector: String, CaseIterable {
        case hiddenInput = "hidden input"
        case comment = "HTML comment"
        case script = "inline script or noscript"
        case dataAttribute = "data-* attribute"
        case frameworkAttribute = "framework mirror attribute (ng-reflect-*)"
        case freeText = "free-text attribute (title, aria-label, placeholder, alt)"
        case style = "inline style with a URL"
        case schemeURL = "mailto:, tel: or data: URL"
        case query = "URL query or fragment"
        case srcdoc = "iframe srcdoc"
        case frameDocument = "frame's own document"
        case address = "the page's address"
        case recorderData = "recorder data (console log, custom event)"
    }

    static let freeTextAttributes: Set<String> = [
        "title", "alt", "placeholder", "aria-label", "aria-valuetext", "aria-description", "label",
    ]
    static let urlAttributes: Set<String> = [
        "href", "src", "srcset", "action", "formaction", "poster", "background", "cite", "data", "ping", "xlink:href",
        // rrweb keeps a cross-origin frame's address here, not in `src`.
        "rr_src",
    ]
    /// Inputs whose value is not typed data: a label or a fixed token the page set.
    static let valueIsNotTyped: Set<String> = ["checkbox", "radio", "submit", "button", "reset", "image"]

    private let recording: RRWebRecording
    private let id: String
    private let document = RecordedDocument()
    private var href = ""
    private var firstHref: String?
    private var started = false
    private var steps: [Step] = []
    private var wire: [WireMessage] = []
    private var trail: [AuditEntry] = []
    private var found: [(value: String, dataClass: DataClass, label: String, event: RecordedEvent)] = []
    private var foundValues = Set<String>()
    /// The words around each found value wherever it was seen (see `Placeholders.contexts`).
    private var contexts: [String: Set<String>] = [:]
    private var vectors: [Vector: (count: Int, holding: Int)] = [:]
    /// The current event's tallies, written as one audit entry per vector when the event is done.
    private var eventVectors: [Vector: (count: Int, holding: Int)] = [:]
    private var eventMasked = 0
    private var eventBlocked = 0
    private var masked = 0
    private var blocked = 0
    private var outcomes: [String: [String: Int]] = [:]
    /// The field being typed into, its value so far, and its class once a change to the page made it read early.
    private var pendingInput: (id: Int, text: String, event: RecordedEvent, field: FieldClassification??)?

    /// At most this many distinct values become items (the detectors still report any others as unplanted data):
    /// tracing and the reports' redaction cost grows with items × text, and a recording is read whole.
    static let maximumItems = 200

    /// Audits `recording`, naming the scenario `id`.
    public static func audit(
        _ recording: RRWebRecording, id: String, reveal: Bool = false
    ) throws(RecordingError) -> RecordingAudit {
        var auditor = RRWebAuditor(recording: recording, id: id)
        return try auditor.run(reveal: reveal)
    }

    private init(recording: RRWebRecording, id: String) {
        self.recording = recording
        self.id = id
    }

    private mutating func run(reveal: Bool) throws(RecordingError) -> RecordingAudit {
        let start = recording.events.first?.timestamp ?? 0
        for event in recording.events {
            let at = max(steps.last?.at ?? 0, ((event.timestamp - start) / 1000 * 1000).rounded() / 1000)
            try handle(event, at: at)
            closeEvent()
            guard steps.count <= Limits.stepsPerScenario * 100 else {
                throw failure(event, "the recording has over \(Limits.stepsPerScenario * 100) events that carry data")
            }
        }
        guard started else {
            throw RecordingError(
                file: recording.path, line: 1, column: 1,
                message: "the recording has no full snapshot, so there is no page to audit")
        }
        flushInput()
        closeEvent()
        let scenario = self.scenario()
        var run = ModelRun(
            profile: Self.profile.name, model: .cobrowse, wire: wire, outcomes: [], reach: [], retention: [],
            audit: trail, indicator: [], escalatedAt: nil)
        run.isRecordedSession = true
        let analyzer = ExposureAnalyzer(scenario: scenario, reveal: reveal)
        // The recording is where every finding is: the event that carried the item first, or the finding's own.
        let itemEvents = Dictionary(uniqueKeysWithValues: scenario.items.map { ($0.id, $0.location) })
        // A masked value tells its length, but not whose value it was: the items here are what crossed unmasked, so a
        // mask the length of one of them is a coincidence, not a sighting. Masked values are counted in the trail.
        let findings = analyzer.findings(for: run).filter { $0.grade != .lengthOnly }.map { finding -> Finding in
            var placed = finding
            if placed.source == nil {
                if case let .item(id) = finding.subject { placed.source = itemEvents[id] }
                placed.source = placed.source ?? finding.stepLocation
            }
            return placed
        }
        let analysis = ProfileAnalysis(
            run: run, findings: findings, failures: [], score: Score(findings), policy: Policy.default.name)
        let kinds = outcomes.flatMap { kind, results in results.map { (kind: kind, count: $0.value, outcome: $0.key) } }
            .sorted { ($0.kind, $0.outcome) < ($1.kind, $1.outcome) }
        return RecordingAudit(
            analysis: ScenarioAnalysis(scenario: scenario, profiles: [analysis]), kinds: kinds,
            vectors: Vector.allCases.compactMap { vector in
                vectors[vector].map { (vector: vector.rawValue, count: $0.count, holding: $0.holding) }
            },
            masked: masked, blocked: blocked, unclassifiedReads: document.unclassifiedReads)
    }

    private func failure(_ event: RecordedEvent, _ message: String) -> RecordingError {
        RecordingError(
            file: recording.path, line: event.line, column: event.column, message: "event \(event.index): \(message)")
    }

    private mutating func count(_ event: RecordedEvent, _ outcome: String) {
        outcomes[event.kind, default: [:]][outcome, default: 0] += 1
    }

    // MARK: Events

    private mutating func handle(_ event: RecordedEvent, at: Double) throws(RecordingError) {
        switch event.body {
        case let .meta(address, _, _):
            href = address
            if firstHref == nil { firstHref = address }
            let step = addStep(
                event, .customer, .navigate(tab: "tab", url: RRWebImporter.webAddress(address), page: "", html: ""),
                at: at, note: "meta: the page's address")
            wire.append(WireMessage(step: step, kind: .location, content: address))
            examineURL(address, in: "the page's address", vector: .address, event: event)
            count(event, "scanned: the page's address")
        case let .fullSnapshot(node):
            // A typed value is read against the page it was typed into, before that page changes.
            flushInput()
            document.load(node)
            let action: Action =
                started ? .navigate(tab: "tab", url: RRWebImporter.webAddress(href), page: "", html: "") : .start
            let step = addStep(
                event, started ? .customer : .session, action, at: at,
                note: "full snapshot: the whole page, \(node.count) node(s)")
            started = true
            wire.append(WireMessage(step: step, kind: .snapshot, content: document.html(marker: .mirror)))
            examine(node, event: event)
            count(event, "scanned: the whole page")
        case let .mutation(mutation):
            guard started else { throw failure(event, "a mutation before the first full snapshot") }
            // A script may re-render the field while it is typed into (live validation): its class is read now,
            // on the page it was typed into, and the value keeps growing.
            if let pending = pendingInput, pending.field == nil {
                let field = fieldClass(of: pending.id)
                pendingInput?.field = .some(field)
            }
            try mutate(mutation, event: event, at: at)
        case let .input(id, text, isChecked):
            guard started else { return count(event, "not scanned: an input before the first full snapshot") }
            input(event, id: id, text: text, isChecked: isChecked, at: at)
        case .mouse, .scroll, .selection:
            count(event, "not scanned: carries no page data")
        case .other:
            guard !event.texts.isEmpty else {
                return count(event, "not scanned: carries no text (pointer, style sheets, media, viewport, fonts)")
            }
            let step = addStep(
                event, .system, .notification(app: "the recorder", title: nil, text: "", duration: 0), at: at,
                note: "\(event.kind): the recorder's own data")
            wire.append(
                WireMessage(
                    step: step, kind: .transfer, content: event.texts.joined(separator: "\n"),
                    channel: .recorderData))
            var held = false
            for text in event.texts {
                held = examine(text, in: "the recorder's own data (\(event.kind))", vector: nil, event: event) || held
            }
            tally(.recorderData, held: held)
            count(event, "scanned: the recorder's own data")
        }
    }

    /// An input event: the field's whole value, as the recorder sent it.
    private mutating func input(_ event: RecordedEvent, id: Int, text: String, isChecked: Bool?, at: Double) {
        let selector = "[\(RecordedDocument.marker)=\"\(id)\"]"
        let element = document.element(id)
        // rrweb writes `isChecked` on every input event: only a box or a radio button is clicked.
        let isBox = ["checkbox", "radio"].contains(document.attribute("type", of: id)?.lowercased() ?? "")
        let action: Action =
            element?.tag == "select"
            ? .select(tab: "tab", selector: selector, value: "")
            : isChecked != nil && isBox
                ? .click(tab: "tab", selector: selector) : .type(tab: "tab", selector: selector, text: "")
        let step = addStep(event, .customer, action, at: at, note: "input: the field's whole value")
        wire.append(WireMessage(step: step, kind: .input, nodeID: id, content: text))
        let type = document.attribute("type", of: id)?.lowercased() ?? ""
        if element != nil, !Self.valueIsNotTyped.contains(type) { document.setAttribute("value", text, of: id) }
        // rrweb sends the whole value after each keystroke: a run that only grows is one value, read when it is
        // complete (its prefixes are traced as prefixes of it, not found as values of their own).
        if let pending = pendingInput, pending.id == id, text.hasPrefix(pending.text) {
            pendingInput?.text = text
            pendingInput?.event = event
        } else {
            flushInput()
            pendingInput = (id, text, event, nil)
        }
        count(event, element == nil ? "scanned: an input on a node the document does not hold" : "scanned")
    }

    private mutating func mutate(_ mutation: Mutation, event: RecordedEvent, at: Double) throws(RecordingError) {
        do {
            try document.apply(mutation)
        } catch {
            throw failure(event, error.description)
        }
        let added = Set(mutation.adds.map(\.node.id))
        let pieces = carried(mutation, added: added)
        guard !pieces.isEmpty || !mutation.removes.isEmpty else {
            return count(event, "not scanned: an empty mutation")
        }
        let step = addStep(
            event, .system, .pageChange(tab: "tab", selector: "the page", change: .html("")), at: at,
            note: "mutation: \(mutation.adds.count) added, \(mutation.removes.count) removed, "
                + "\(mutation.texts.count) text(s), \(mutation.attributes.count) attribute change(s)")
        if !pieces.isEmpty {
            wire.append(WireMessage(step: step, kind: .mutation, content: pieces.joined(separator: "\n")))
        }
        for (_, id) in mutation.removes {
            wire.append(WireMessage(step: step, kind: .mutation, content: "remove n" + String(id, radix: 36)))
        }
        for add in mutation.adds where !added.contains(add.parent) {
            if case .document = add.node.kind {
                tally(.frameDocument, held: examine(add.node, event: event))
            } else {
                examine(add.node, event: event)
            }
        }
        for (id, value) in mutation.texts {
            guard let node = document.nodes[id], let text = value else { continue }
            examineText(
                text, parent: node.parent, isComment: { if case .comment = node.kind { true } else { false } }(),
                event: event)
        }
        for (id, changes) in mutation.attributes {
            guard let element = document.element(id) else { continue }
            for (name, change) in changes where RecordedDocument.carriesPageData(name) {
                guard case let .set(value) = change else { continue }
                examineAttribute(name, value, of: id, tag: element.tag, attributes: element.attributes, event: event)
            }
        }
        count(event, "scanned: what the change brought")
    }

    private mutating func flushInput() {
        guard let (id, text, event, known) = pendingInput else { return }
        pendingInput = nil
        // A masked value counts once, however many keystrokes sent it.
        if isMasked(text) { eventMasked += 1 }
        let type = document.attribute("type", of: id)?.lowercased() ?? ""
        let field = known ?? fieldClass(of: id)
        examine(
            text, in: field.map { "typed into a \($0.fieldClass.title) field" } ?? "typed into a field",
            vector: nil, field: field, name: type == "hidden" ? fieldName(id) : nil, event: event)
    }

    /// What a mutation carried, as markup: each added subtree, each new text, each changed element's new attributes.
    private func carried(_ mutation: Mutation, added: Set<Int>) -> [String] {
        var pieces: [String] = []
        // Each added subtree once, from its topmost node (rrweb lists a subtree's nodes as adds of their own).
        for add in mutation.adds where !added.contains(add.parent) && document.nodes[add.node.id] != nil {
            pieces.append(document.outerHTML(of: add.node.id, marker: .mirror))
        }
        for (id, value) in mutation.texts where document.nodes[id] != nil {
            pieces.append(Escaper.htmlText(value ?? ""))
        }
        for (id, changes) in mutation.attributes {
            guard let element = document.element(id) else { continue }
            var tag = "<\(element.tag)"
            for (name, change) in changes where RecordedDocument.carriesPageData(name) {
                switch change {
                case let .set(value): tag += " \(name)=\"\(Escaper.htmlAttribute(value))\""
                case .style: tag += " style=\"\(Escaper.htmlAttribute(document.attribute("style", of: id) ?? ""))\""
                case .remove: continue
                }
            }
            pieces.append(tag + ">")
        }
        return pieces
    }

    // MARK: Places

    /// Every text, comment and attribute under `node` (as the document now holds it); returns whether any held a value
    /// found as sensitive.
    @discardableResult
    private mutating func examine(_ node: SerializedNode, event: RecordedEvent) -> Bool {
        var held = false
        var pending = [node.id]
        while let id = pending.popLast(), let here = document.nodes[id] {
            switch here.kind {
            case let .text(text):
                held = examineText(text, parent: here.parent, isComment: false, event: event) || held
            case let .comment(text):
                held = examineText(text, parent: here.parent, isComment: true, event: event) || held
            case let .element(tag, attributes, _):
                if attributes.contains(where: { $0.0 == "rr_width" }) {
                    eventBlocked += 1
                }
                for (name, value) in attributes where RecordedDocument.carriesPageData(name) {
                    held = examineAttribute(name, value, of: id, tag: tag, attributes: attributes, event: event) || held
                }
            default: break
            }
            pending += here.children.reversed()
        }
        return held
    }

    @discardableResult
    private mutating func examineText(_ text: String, parent: Int?, isComment: Bool, event: RecordedEvent) -> Bool {
        let parentTag = parent.flatMap { document.element($0)?.tag }
        if !isComment, isMasked(text) {
            eventMasked += 1
            return false
        }
        if isComment { return examine(text, in: "an HTML comment", vector: .comment, event: event) }
        switch parentTag {
        case "script", "noscript": return examine(text, in: "an inline script", vector: .script, event: event)
        case "textarea":
            let field = parent.flatMap { document.sensitiveField($0) }
            return examine(text, in: "a text area", vector: nil, field: field, event: event)
        default:
            return examine(text, in: "the page's text", vector: nil, event: event)
        }
    }

    @discardableResult
    private mutating func examineAttribute(
        _ name: String, _ value: String, of id: Int, tag: String, attributes: [(String, String)], event: RecordedEvent
    ) -> Bool {
        let lower = name.lowercased()
        let type = attributes.first { $0.0 == "type" }?.1.lowercased() ?? ""
        switch lower {
        case "value" where ["input", "textarea", "select"].contains(tag) && !Self.valueIsNotTyped.contains(type):
            if isMasked(value) {
                eventMasked += 1
                return false
            }
            let field = document.sensitiveField(id)
            if type == "hidden" {
                return examine(
                    value, in: "a hidden input", vector: .hiddenInput, field: field, name: fieldName(id), event: event)
            }
            return examine(
                value, in: field.map { "the value of a \($0.fieldClass.title) field" } ?? "a form field's value",
                vector: nil, field: field, event: event)
        case "_csstext":
            return examine(value, in: "a style sheet", vector: nil, event: event)
        case "srcdoc":
            return examine(value, in: "an iframe's srcdoc", vector: .srcdoc, event: event)
        case "style":
            return examine(
                value, in: "an inline style", vector: value.lowercased().contains("url(") ? .style : nil, event: event)
        case _ where lower.hasPrefix("data-"):
            return examine(value, in: "a data-* attribute", vector: .dataAttribute, name: lower, event: event)
        case _ where lower.hasPrefix("ng-reflect-"):
            return examine(value, in: "a framework attribute", vector: .frameworkAttribute, name: lower, event: event)
        case _ where Self.freeTextAttributes.contains(lower):
            return examine(value, in: "a \(lower) attribute", vector: .freeText, event: event)
        case _ where Self.urlAttributes.contains(lower):
            return examineURL(value, in: "a link or source (\(lower))", vector: nil, event: event)
        default:
            return examine(value, in: "an attribute", vector: nil, event: event)
        }
    }

    /// A URL: its query parameters are read by name (a `reset_token` is a secret whatever its shape), the rest by the
    /// detectors; a query or fragment, or a `mailto:`, `tel:` or `data:` scheme, is a leak vector of its own.
    @discardableResult
    private mutating func examineURL(
        _ text: String, in place: String, vector: Vector?, event: RecordedEvent
    ) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let scheme = ["mailto:", "tel:", "data:"].first { trimmed.hasPrefix($0) }
        var held = examine(RRWebImporter.afterOrigin(text), in: place, vector: nil, event: event)
        if let query = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            for parameter in text[text.index(after: query)...].split(whereSeparator: { "&;#?".contains($0) }) {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let value = String(parts[1]).removingPercentEncoding ?? String(parts[1])
                held =
                    examine(
                        value, in: "\(place): a query parameter", vector: nil, name: String(parts[0]).lowercased(),
                        event: event) || held
            }
            tally(.query, held: held)
        }
        if scheme != nil { tally(.schemeURL, held: held) }
        if let vector { tally(vector, held: held) }
        return held
    }

    /// One place's text: every value in it that the detectors recognise, the whole of it when a sensitive field holds
    /// it or a secret's name labels it, each planted once as an item named after the first place it was found in.
    @discardableResult
    private mutating func examine(
        _ text: String, in place: String, vector: Vector?, field: FieldClassification? = nil, name: String? = nil,
        event: RecordedEvent
    ) -> Bool {
        let whole = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !whole.isEmpty else { return false }
        var held = false
        let label = "event \(event.index) (\(event.kind)): \(place)"
        let start = text.utf8.count - text.drop { $0.isWhitespace || $0.isNewline }.utf8.count
        let wholeRange = start..<(start + whole.utf8.count)
        if let field, let dataClass = DataClass(field: field.fieldClass), !isMasked(whole) {
            held = add(whole, dataClass, label: label, event: event, in: text, at: wholeRange) || held
        }
        if let name, SecretNames.isSecret(name), SecretNames.looksLikeToken(whole) {
            held = add(whole, .secret, label: label, event: event, in: text, at: wholeRange) || held
        }
        for (value, range, dataClass) in FoundValues.recognised(in: text) {
            held = add(value, dataClass, label: label, event: event, in: text, at: range) || held
        }
        if let vector { tally(vector, held: held) }
        return held
    }

    /// Plants `value` (once), noting the words around it at `range` of `text` (where a short value may be traced, as
    /// the loader notes them for a scenario's items); returns whether it is a value found as sensitive.
    private mutating func add(
        _ value: String, _ dataClass: DataClass, label: String, event: RecordedEvent, in text: String,
        at range: Range<Int>
    ) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= Limits.plantedValueCharacters else { return false }
        // Past the cap a value is no item (the detectors report it as unplanted data): no words are kept for it.
        guard foundValues.contains(trimmed) || found.count < Self.maximumItems else { return true }
        if contexts[trimmed, default: []].count < 64 {
            for (_, context) in Placeholders.contexts(in: text, placed: [("", range)], markup: false) {
                contexts[trimmed, default: []].insert(context)
            }
        }
        if foundValues.contains(trimmed) { return true }
        guard found.count < Self.maximumItems else { return true }
        foundValues.insert(trimmed)
        found.append((trimmed, dataClass, label, event))
        return true
    }

    /// All `*` but white space: rrweb masks a text's every other character (`**** ****`) and a value's every one.
    private func isMasked(_ text: String) -> Bool {
        text.contains("*") && text.allSatisfy { $0 == "*" || $0.isWhitespace }
    }

    private mutating func tally(_ vector: Vector, held: Bool) {
        eventVectors[vector, default: (0, 0)].count += 1
        if held { eventVectors[vector, default: (0, 0)].holding += 1 }
    }

    /// Writes the event's tallies as audit entries, one per vector, and adds them to the recording's.
    private mutating func closeEvent() {
        let step = max(0, steps.count - 1)
        for vector in Vector.allCases {
            guard let tally = eventVectors[vector] else { continue }
            vectors[vector, default: (0, 0)].count += tally.count
            vectors[vector, default: (0, 0)].holding += tally.holding
            trail.append(
                AuditEntry(
                    step: step, event: .leak,
                    detail: "\(tally.count) × \(vector.rawValue) crossed"
                        + (tally.holding > 0 ? ", \(tally.holding) holding data found as sensitive" : "")))
        }
        if eventMasked > 0 {
            trail.append(AuditEntry(step: step, event: .mask, detail: "\(eventMasked) value(s) arrived masked"))
        }
        if eventBlocked > 0 {
            trail.append(
                AuditEntry(step: step, event: .block, detail: "\(eventBlocked) element(s) arrived blocked (no content)")
            )
        }
        masked += eventMasked
        blocked += eventBlocked
        eventVectors = [:]
        eventMasked = 0
        eventBlocked = 0
    }

    // MARK: Fields

    /// The class of the field `id` a value is typed into; nil for a node the document does not hold, and for boxes,
    /// radio buttons and buttons, whose value is no typed data.
    private mutating func fieldClass(of id: Int) -> FieldClassification? {
        let type = document.attribute("type", of: id)?.lowercased() ?? ""
        return document.element(id) == nil || Self.valueIsNotTyped.contains(type) ? nil : document.sensitiveField(id)
    }

    /// A control's `name` (or `id`), which says what a hidden input holds.
    private func fieldName(_ id: Int) -> String? {
        (document.attribute("name", of: id) ?? document.attribute("id", of: id))?.lowercased()
    }

    // MARK: The scenario

    private mutating func addStep(
        _ event: RecordedEvent, _ actor: Actor, _ action: Action, at: Double, note: String
    ) -> Int {
        steps.append(
            Step(
                index: steps.count, id: nil, actor: actor, action: action, at: at,
                note: "event \(event.index), \(note)",
                location: SourceLocation(file: recording.path, line: event.line, column: event.column)))
        return steps.count - 1
    }

    private func scenario() -> Scenario {
        var scenario = Scenario.onePage(html: "", url: RRWebImporter.webAddress(firstHref ?? ""))
        scenario.id = id
        scenario.title = "Recorded session \(id)"
        scenario.summary =
            "What an rrweb recorder sent (\(recording.events.count) events), audited event by event: "
            + "the values found in it are its items."
        scenario.folder =
            (recording.path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (recording.path as NSString).deletingLastPathComponent
        scenario.location = SourceLocation(file: recording.path, line: 1, column: 1)
        scenario.inputDigest = recording.sha256
        scenario.steps = steps
        scenario.items = zip(found, FoundValues.ids(found.map(\.dataClass))).map { found, id in
            let (value, dataClass, label, event) = found
            return PlantedItem(
                id: id, dataClass: dataClass, value: value,
                impact: dataClass.defaultImpact, label: label,
                location: SourceLocation(file: recording.path, line: event.line, column: event.column),
                contexts: (contexts[value] ?? []).sorted())
        }
        return scenario
    }
}

/// Names that say a value is a secret whatever its shape: a hidden `csrf_token`, a `data-session-id`, a URL's
/// `reset_token` or `access_token`.
enum SecretNames {
    static let words: Set<String> = [
        "token", "secret", "session", "sessionid", "sid", "auth", "authorization", "apikey", "csrf", "xsrf",
        "nonce", "signature", "sig", "password", "passwd", "pwd", "otp", "reset", "jwt", "bearer", "credential",
        "credentials", "ticket",
    ]
    /// Words that name a secret only beside a word that says which (`api_key`, `verification_code`), since alone
    /// they name ordinary things too (`promo_code`, `data-key="row-12"`); or as the whole name (`key`, `code`).
    static let qualified: Set<String> = ["key", "code", "hash"]
    static let qualifiers: Set<String> = [
        "api", "access", "private", "secret", "signing", "license", "encryption", "auth", "verification", "verify",
        "confirm", "confirmation", "security", "recovery", "backup", "activation", "sms", "mfa", "login", "password",
    ]

    /// Whether `name`'s words (split at punctuation and case changes) include one of `words`.
    static func isSecret(_ name: String) -> Bool {
        var current = ""
        var parts: [String] = []
        var previousLower = false
        for character in name {
            if !character.isLetter && !character.isNumber {
                parts.append(current)
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase, previousLower {
                parts.append(current)
                current = ""
            }
            current.append(character)
            previousLower = character.isLowercase
        }
        parts.append(current)
        let lowered = parts.map { $0.lowercased() }.filter { !$0.isEmpty }
        if lowered.contains(where: words.contains) || words.contains(name.lowercased().filter { $0.isLetter }) {
            return true
        }
        return lowered.contains(where: qualified.contains)
            && (lowered.count == 1 || lowered.contains(where: qualifiers.contains))
    }

    /// A value a token could be: 8 to 512 characters, no spaces, letters or digits mostly (not a word like "enabled").
    static func looksLikeToken(_ value: String) -> Bool {
        guard (8...512).contains(value.count), !value.contains(where: \.isWhitespace) else { return false }
        let digits = value.filter(\.isNumber).count
        let letters = value.filter(\.isLetter).count
        // A word or a flag is no token: it needs digits, or mixed case, or symbols a token alphabet uses.
        return digits > 0 || value.contains { "-_.+/=~".contains($0) }
            || (value.contains(where: \.isUppercase) && value.contains(where: \.isLowercase) && letters > 0)
    }
}
