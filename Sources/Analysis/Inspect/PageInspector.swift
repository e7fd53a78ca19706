import Detectors
import Fields
import Markup
import Scenarios
import Simulation

/// What a security reviewer learns about one real page (or text file) under a co-browsing profile:
/// every sensitive field and text, whether the profile masks it, and what is blocked.
public struct PageInspection: Sendable {
    /// A form field the field classifier recognises as holding private data.
    public struct Field: Sendable, Hashable {
        /// The control's place among all the page's controls, in document order.
        public var index: Int
        public var line: Int
        /// A selector for the element, anchored at the nearest id.
        public var selector: String
        /// The control's `name` (or, without one, its `id`): what form handlers and browsers' autofill key fields by.
        public var name: String?
        public var fieldClass: FieldClass
        public var confidence: Double
        /// The evidence that decided the class, strongest first (`label 'Kartennummer'`, `autocomplete 'cc-number'`).
        public var signals: [String]
        /// Evidence the classifier weighed down (a label pointing at another field).
        public var notes: [String]
        /// The rule under which the profile masks or blocks it; nil when it reaches the agent unmasked.
        public var maskedBy: String?
        /// An `<input type=hidden>`: nobody types into it, but its value can still cross.
        public var hidden: Bool
        /// True when leaving the field unmasked is a leak: its class is one the policy and level mask (every sensitive
        /// class but the cardholder's name, unless `mask-fields` asks for it), and, for a hidden input, it holds a value.
        public var mustBeMasked: Bool
    }

    /// A control with no private class: a readable one (search, coupon, postal code …) or one the classifier does not recognise.
    public struct OtherField: Sendable, Hashable {
        /// The control's place among all the page's controls, in document order.
        public var index: Int
        public var line: Int
        public var selector: String
        public var name: String?
        /// The readable class, or nil when the control is not recognised at all.
        public var fieldClass: FieldClass?
        public var signals: [String]
        public var hidden: Bool
    }

    /// Sensitive data a detector found in the page's text or attributes (or in a text file).
    public struct Content: Sendable, Hashable {
        public var line: Int
        public var column: Int
        public var detectorClass: DetectorClass
        public var confidence: Double
        /// Redacted unless the inspection was asked to reveal.
        public var evidence: String
        /// True when this occurrence crosses to the agent unmasked under the profile.
        public var reachesAgent: Bool
        /// The element that holds it, when it is in a page: the selector to add to the policy's mask list.
        public var selector: String?
        /// Where in the element it is: `text`, `attribute title`, `comment`, `script`, `url`.
        public var place: String
        /// The rule that masks, blocks or strips the element holding it, if one does.
        public var coveredBy: String?
        /// Why the detector is sure.
        public var reason: String
    }

    /// A region the profile masks, blocks or does not mirror, with the rule that decided it.
    public struct Region: Sendable, Hashable {
        public var selector: String
        public var reason: IndicatorRegion.Reason
        public var rule: String
    }

    public var file: String
    /// `page` or `text`.
    public var kind: String
    public var profile: String
    /// The URL the page was inspected at (its query and fragment are checked too).
    public var url: String?
    /// True when the profile's level ignores the policy's mask selectors (naive and basic), so adding one changes nothing.
    public var selectorsIgnored: Bool
    public var fields: [Field]
    /// Every other control, so a reviewer (or a script comparing with another tool) sees what was not called private.
    public var otherFields: [OtherField]
    public var content: [Content]
    public var regions: [Region]
    /// Parser warnings worth knowing (the parser gave up, the encoding was guessed).
    public var warnings: [String]

    /// Sensitive fields and texts that would reach the agent unmasked.
    public var unmasked: Int {
        fields.filter { $0.mustBeMasked && $0.maskedBy == nil }.count + content.filter(\.reachesAgent).count
    }
}

/// Inspects pages and text files against a co-browsing profile and policy (`supportscope inspect`).
public struct PageInspector {
    public let profile: Profile
    public let policy: Policy
    public let reveal: Bool
    let detectors: DetectorSet

    /// Why an inspection cannot run.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where a page is inspected when no URL is given.
    public static let defaultURL = "https://inspected.example/"

    /// An inspector for a co-browsing `profile`; other models have no masking to audit.
    /// `ignoring` names detector classes the reviewer has accepted (a shop's own support line, say).
    public init(
        profile: Profile, policy: Policy = .default, reveal: Bool = false, ignoring: Set<DetectorClass> = []
    ) throws {
        guard profile.model == .cobrowse else {
            throw Failure(
                description:
                    "inspect audits co-browsing masking; '\(profile.name)' is a \(profile.model) profile, which masks nothing"
            )
        }
        self.profile = profile
        self.policy = policy
        self.reveal = reveal
        detectors = DetectorSet(classes: Set(DetectorClass.allCases).subtracting(ignoring))
    }

    /// Inspects `text` read from `file`: as a page when it looks like HTML, otherwise with the detectors alone.
    /// `url` is where the page was (its query string can carry data too).
    public func inspect(file: String, text: String, url: String? = nil) throws -> PageInspection {
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        let lower = file.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") || trimmed.hasPrefix("<") {
            // Without a URL, the page is inspected where the policy lets the mirror run.
            return try inspectPage(
                file: file, html: text, url: url ?? policy.allowedOrigins.first.map { $0 + "/" } ?? Self.defaultURL)
        }
        let bytes = Array(text.utf8)
        var lines = LineCounter(bytes)
        let content = detectors.scan(text).map { hit in
            let location = lines.location("", hit.range.lowerBound)
            return PageInspection.Content(
                line: location.line, column: location.column, detectorClass: hit.detectorClass,
                confidence: hit.confidence,
                evidence: evidence(String(decoding: bytes[hit.range], as: UTF8.self), hit.detectorClass),
                reachesAgent: true,
                selector: nil, place: "text", coveredBy: nil, reason: hit.reason)
        }
        return PageInspection(
            file: file, kind: "text", profile: profile.name, url: nil, selectorsIgnored: false, fields: [],
            otherFields: [], content: content,
            regions: [], warnings: [])
    }

    func evidence(_ raw: String, _ detectorClass: DetectorClass) -> String {
        Redaction.evidence(raw, dataClass: DataClass(detectorClass), reveal: reveal)
    }

    func inspectPage(file: String, html: String, url: String) throws -> PageInspection {
        let scenario = Scenario.onePage(html: html, url: url)
        let world: World
        do {
            world = try World(scenario: scenario)
        } catch {
            throw Failure(description: "\(file): the page cannot be parsed: \(error)")
        }
        guard let page = world.tab("tab")?.document else {
            throw Failure(description: "\(file): the page did not load")
        }
        // What the agent would receive: a co-browsing session on the page, its first snapshot.
        let model = try CoBrowsingModel(profile: profile, policy: policy.adding(scenario.policy))
        model.sessionStarted(world: world, step: 0)
        let run = model.sessionEnded(world: world, step: 1)
        // A mirror that paused sends nothing: "nothing reaches the agent" would be a false assurance, not a result.
        guard run.wire.contains(where: { $0.kind == .snapshot }) else {
            let reason = run.audit.first { $0.event == .pause }?.detail ?? "the mirror sent no snapshot"
            throw Failure(
                description:
                    "\(file): nothing to inspect at \(url): \(reason); give --url at an origin the policy allows")
        }
        let inspected = InspectedPage(inspector: self, page: page, model: model, run: run)
        let (fields, otherFields) = inspected.fields()
        let content = inspected.content(html: html, url: url)
        let regions = run.indicator.map {
            PageInspection.Region(selector: $0.path, reason: $0.reason, rule: inspected.safe($0.rule))
        }
        return PageInspection(
            file: file, kind: "page", profile: profile.name, url: url == Self.defaultURL ? nil : url,
            selectorsIgnored: model.effectiveLevel < .standard, fields: fields, otherFields: otherFields,
            content: content,
            regions: regions, warnings: page.diagnostics.filter { $0.severity >= .error }.map(\.description))
    }

    /// Why an element is not in the mirror at all.
    static func whyNotMirrored(_ element: Node, level: PrivacyLevel) -> String {
        var current: Node? = element
        while let node = current, node.isElement {
            if node.name == "iframe" || node.name == "frame" { return "inside a frame" }
            if level >= .standard, PrivacyRules.strippedElements.contains(node.name) {
                return "<\(node.name)> is stripped"
            }
            if level >= .standard, MirrorSerializer.isOpaque(node.name) { return "<\(node.name)> is not mirrored" }
            current = node.parent
        }
        return "the element is not sent"
    }
}

/// Every detector hit in a page, each with the element that holds it and where: its text, an attribute, a comment.
/// URL attributes are read percent-decoded, as a browser would resolve them.
struct Occurrences {
    struct Occurrence {
        let hit: DetectorHit
        let raw: String
        let canonical: String
        let holder: Node
        let place: String
        let line: Int
    }

    let all: [Occurrence]

    init(page: Document, detectors: DetectorSet) {
        var found: [Occurrence] = []
        let structure = StructuralContext(document: page)
        func scan(_ text: String, holder: Node, place: String, line: Int) {
            let bytes = Array(text.utf8)
            for hit in structure.scan(text, in: holder, place: place, detectors: detectors) {
                let raw = String(decoding: bytes[hit.range], as: UTF8.self)
                found.append(
                    Occurrence(
                        hit: hit, raw: raw, canonical: ExposureAnalyzer.compact(raw), holder: holder, place: place,
                        line: line))
            }
        }
        for node in page.node.descendants {
            switch node.kind {
            case .element:
                for attribute in node.attributes {
                    scan(
                        Crossing.decoded(attribute.value), holder: node, place: "attribute \(attribute.name)",
                        line: node.line ?? 0)
                }
            case .text, .cdata, .comment:
                // From the start of the element that holds it: libxml2 dates a text node by where it ends.
                guard let parent = node.parent else { continue }
                scan(
                    Crossing.decoded(node.textContent), holder: parent, place: Self.place(of: node),
                    line: parent.line ?? node.line ?? 0)
            default:
                continue
            }
        }
        all = found
    }

    /// Where a text node's words are: a comment, a script's or style's code, or text a person reads.
    static func place(of node: Node) -> String {
        if node.kind == .comment { return "comment" }
        if let parent = node.parent, parent.name == "script" || parent.name == "style" { return parent.name }
        return "text"
    }
}

/// What crossed to the agent in the first snapshot: every detector hit in the messages as sent (decoded as the
/// exposure analysis decodes them), and, for attribution, which element (by its wire id) carried each.
struct Crossing {
    struct Sample {
        let raw: String
        let detectorClass: DetectorClass
        let confidence: Double
        let reason: String
    }

    /// What each element carried in each place, compacted as values are: a value the page's side found by its label
    /// (which the mirror may mask, `aria-label="*****"`) crossed wherever its characters did, found again or not.
    private var carried: [String: String] = [:]
    /// Every value that crossed, how many times, with one sighting: read from the raw messages, so a value in
    /// markup the re-parse drops (a repeated attribute, a comment outside `<html>`) is still counted.
    private(set) var sightings: [String: (count: Int, sample: Sample)] = [:]
    /// Values in the page location and title message.
    private(set) var inLocation: Set<String> = []

    init(run: ModelRun, detectors: DetectorSet) {
        for message in run.wire where message.kind == .location || message.kind == .snapshot {
            let text = Self.decoded(message.content)
            let bytes = Array(text.utf8)
            for hit in detectors.scan(text) {
                if hit.isDocumentationExample, ExposureAnalyzer.isInPlaceholder(bytes, at: hit.range.lowerBound) {
                    continue
                }
                let raw = String(decoding: bytes[hit.range], as: UTF8.self)
                let canonical = ExposureAnalyzer.compact(raw)
                if message.kind == .location { inLocation.insert(canonical) }
                let sample = Sample(
                    raw: raw, detectorClass: hit.detectorClass, confidence: hit.confidence, reason: hit.reason)
                sightings[canonical] = ((sightings[canonical]?.count ?? 0) + 1, sightings[canonical]?.sample ?? sample)
            }
            // The mirror's own serialisation always parses (libxml2 recovers from anything under 2 GB).
            guard message.kind == .snapshot, let snapshot = try? Document.parseHTML(message.content) else { continue }
            attribute(snapshot)
        }
    }

    /// What each element carried in each place (its text, or one attribute), by the element's wire id.
    private mutating func attribute(_ snapshot: Document) {
        for node in snapshot.node.descendants {
            let holder: Node?
            var texts: [(place: String, text: String)] = []
            switch node.kind {
            case .element:
                holder = node
                texts = node.attributes.filter { $0.name != "data-ss-id" }.map {
                    ("attribute \($0.name)", Self.decoded($0.value))
                }
            case .text, .cdata, .comment:
                holder = node.parent
                texts = [(Occurrences.place(of: node), Self.decoded(node.textContent))]
            default:
                holder = nil
            }
            guard let holder, let id = holder.attribute("data-ss-id") else { continue }
            for (place, text) in texts {
                // Text nodes of one element are kept apart, so no value is put together across them.
                carried[id + "\u{0}" + place, default: ""] += "\u{0}" + ExposureAnalyzer.compact(text)
            }
        }
    }

    /// Whether the value crossed at the element with this wire id, in the same place (its text, or the same attribute).
    func crossed(_ canonical: String, at wireID: String, in place: String) -> Bool {
        !canonical.isEmpty && carried[wireID + "\u{0}" + place]?.contains(canonical) == true
    }

    /// Text as the agent's side reads it: character references, percent-encoding and `\u` escapes decoded.
    static func decoded(_ text: String) -> String {
        String(String.UnicodeScalarView(WireText.decode(text)))
    }
}

/// Finds where a value stands in the page's source, searching forward from its element's line,
/// so a value repeated in a title, a comment and a script is located at each of its own places.
struct SourceLocator {
    private let scalars: [Unicode.Scalar]
    private var lineStarts: [Int] = [0]
    /// Where each (value, line) was last found, so the next occurrence on the same line is searched after it.
    private var resume: [String: Int] = [:]

    init(_ html: String) {
        scalars = Array(html.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { lineStarts.append(index + 1) }
    }

    /// The 1-based line and column of `raw` at or after `line`; the line itself, column 1, when it is encoded differently there.
    mutating func position(of raw: String, near line: Int) -> (line: Int, column: Int) {
        let start = lineStarts[max(0, min(line - 1, lineStarts.count - 1))]
        let key = "\(line)\u{0}\(raw)"
        let from = max(start, resume[key] ?? start)
        let needle = Array(raw.unicodeScalars)
        guard !needle.isEmpty, line > 0 else { return (max(line, 0), 1) }
        var index = from
        // An element's text is near its start tag; a value encoded differently is not searched for to the end of the page.
        let limit = min(scalars.count, from + Self.window + needle.count)
        while index + needle.count <= limit {
            if scalars[index] == needle[0], scalars[index..<(index + needle.count)].elementsEqual(needle) {
                resume[key] = index + needle.count
                let lineIndex = self.line(containing: index)
                return (lineIndex + 1, index - lineStarts[lineIndex] + 1)
            }
            index += 1
        }
        return (line, 1)
    }

    private static let window = 1 << 16

    /// The 0-based line holding scalar `index` (binary search over the line starts).
    private func line(containing index: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// One page after a co-browsing session's first snapshot: which of its fields and values reached the agent, and what
/// hid the others.
private final class InspectedPage {
    let inspector: PageInspector
    let page: Document
    let model: CoBrowsingModel
    let crossing: Crossing
    let level: PrivacyLevel
    let paths = CSSPaths()
    private let redactor: TextRedactor?
    /// Redacted texts, once per distinct text: a page repeats the same signal for every field of a kind.
    private var redacted: [String: String] = [:]

    init(inspector: PageInspector, page: Document, model: CoBrowsingModel, run: ModelRun) {
        self.inspector = inspector
        self.page = page
        self.model = model
        crossing = Crossing(run: run, detectors: inspector.detectors)
        level = model.effectiveLevel
        redactor = inspector.reveal ? nil : TextRedactor(items: [])
    }

    /// Signals and rules quote the page's labels and names, which can hold data: redacted like evidence.
    func safe(_ text: String) -> String {
        guard let redactor else { return text }
        if let known = redacted[text] { return known }
        let result = redactor.redact(text)
        redacted[text] = result
        return result
    }

    /// Why an element's content cannot reach the agent, when it cannot: its rule, a blocked ancestor, or not being mirrored.
    func hiding(_ element: Node) -> String? {
        if let rule = model.ruleHiding(element) { return safe(rule.description) }
        guard model.wireID(of: element) == nil else { return nil }
        var ancestor = element.parent
        while let current = ancestor, current.isElement {
            if let rule = model.ruleHiding(current), case .blocked = rule { return safe(rule.description) }
            ancestor = current.parent
        }
        return "not mirrored: \(PageInspector.whyNotMirrored(element, level: level))"
    }

    /// Every field with its class: the sensitive ones with what masks them, the others for `--all-fields`.
    func fields() -> ([PageInspection.Field], [PageInspection.OtherField]) {
        var fields: [PageInspection.Field] = []
        var otherFields: [PageInspection.OtherField] = []
        for (index, (field, classification)) in model.classifier(for: page).fields().enumerated() {
            let hidden = FieldClassifier.isHiddenInput(field)
            let name = (field.attribute("name") ?? field.attribute("id")).map(safe)
            guard let classification, classification.fieldClass.isSensitive else {
                otherFields.append(
                    PageInspection.OtherField(
                        index: index, line: field.line ?? 0, selector: paths.path(of: field), name: name,
                        fieldClass: classification?.fieldClass,
                        signals: classification?.signals.map { safe($0.description) } ?? [], hidden: hidden))
                continue
            }
            var maskedBy = hiding(field)
            if hidden, maskedBy == nil, level >= .standard { maskedBy = "hidden input: its value is not sent" }
            // Nobody types into a hidden input: it leaks only what it already holds.
            let mustBeMasked =
                model.rules.masks(classification.fieldClass) && (!hidden || !(field.attribute("value") ?? "").isEmpty)
            fields.append(
                PageInspection.Field(
                    index: index, line: field.line ?? 0, selector: paths.path(of: field), name: name,
                    fieldClass: classification.fieldClass, confidence: classification.confidence,
                    signals: classification.signals.map { safe($0.description) }, notes: classification.notes.map(safe),
                    maskedBy: maskedBy, hidden: hidden, mustBeMasked: mustBeMasked))
        }
        return (fields, otherFields)
    }

    /// Every value the detectors find in the page and its URL, each occurrence with whether it crossed; and every
    /// crossing no occurrence accounts for.
    func content(html: String, url: String) -> [PageInspection.Content] {
        var content: [PageInspection.Content] = []
        var locator = SourceLocator(html)
        var attributed: [String: Int] = [:]
        for occurrence in Occurrences(page: page, detectors: inspector.detectors).all {
            let wireID = model.wireID(of: occurrence.holder)
            let reaches = wireID.map { crossing.crossed(occurrence.canonical, at: $0, in: occurrence.place) } ?? false
            if reaches { attributed[occurrence.canonical, default: 0] += 1 }
            var coveredBy = reaches ? nil : hiding(occurrence.holder)
            if coveredBy == nil, !reaches, occurrence.place == "comment", level >= .standard {
                coveredBy = "not mirrored: comments are stripped"
            }
            if coveredBy == nil, !reaches, occurrence.place.hasPrefix("attribute") {
                coveredBy = "the attribute is not sent as it is"
            }
            let position = locator.position(of: occurrence.raw, near: occurrence.line)
            content.append(
                PageInspection.Content(
                    line: position.line, column: position.column, detectorClass: occurrence.hit.detectorClass,
                    confidence: occurrence.hit.confidence,
                    evidence: inspector.evidence(occurrence.raw, occurrence.hit.detectorClass), reachesAgent: reaches,
                    selector: paths.path(of: occurrence.holder), place: occurrence.place, coveredBy: coveredBy,
                    reason: occurrence.hit.reason))
        }
        content += urlContent(url, attributed: &attributed)
        // Every time a value crossed that no occurrence above accounts for (the title repeated in the location message,
        // a value put together from pieces, an attribute the page repeats): reported, never dropped.
        for (canonical, sighting) in crossing.sightings.sorted(by: { $0.key < $1.key })
        where sighting.count > (attributed[canonical] ?? 0) {
            content.append(
                PageInspection.Content(
                    line: 0, column: 0, detectorClass: sighting.sample.detectorClass,
                    confidence: sighting.sample.confidence,
                    evidence: inspector.evidence(sighting.sample.raw, sighting.sample.detectorClass),
                    reachesAgent: true,
                    selector: nil,
                    place: crossing.inLocation.contains(canonical) ? "page location or title" : "the mirrored page",
                    coveredBy: nil, reason: sighting.sample.reason))
        }
        return content
    }

    /// The URL's query and fragment, checked on their own.
    private func urlContent(_ url: String, attributed: inout [String: Int]) -> [PageInspection.Content] {
        let decodedURL = String(String.UnicodeScalarView(WireText.decode(url)))
        let urlBytes = Array(decodedURL.utf8)
        return inspector.detectors.scan(decodedURL).map { hit in
            let raw = String(decoding: urlBytes[hit.range], as: UTF8.self)
            let canonical = ExposureAnalyzer.compact(raw)
            let reaches = crossing.inLocation.contains(canonical)
            if reaches { attributed[canonical, default: 0] += 1 }
            return PageInspection.Content(
                line: 0, column: 0, detectorClass: hit.detectorClass, confidence: hit.confidence,
                evidence: inspector.evidence(raw, hit.detectorClass), reachesAgent: reaches, selector: nil,
                place: "url",
                coveredBy: reaches ? nil : "the page location is sent without its query and fragment",
                reason: hit.reason)
        }
    }
}
