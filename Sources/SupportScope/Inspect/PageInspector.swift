import Detectors
import Markup

/// What a security reviewer learns about one real page (or text file) under a co-browsing profile:
/// every sensitive field and text, whether the profile masks it, and what is blocked.
public struct PageInspection: Sendable {
    /// A form field the standard heuristics call sensitive.
    public struct Field: Sendable, Hashable {
        public var line: Int
        /// A selector for the element, anchored at the nearest id.
        public var selector: String
        /// Why it is sensitive (`autocomplete cc-number`, `password field`, `field heuristic 'iban'`).
        public var signal: String
        /// The rule under which the profile masks or blocks it; nil when it reaches the agent unmasked.
        public var maskedBy: String?
    }

    /// Sensitive data a detector found in the page's text or attributes (or in a text file).
    public struct Content: Sendable, Hashable {
        public var line: Int
        public var column: Int
        public var detectorClass: DetectorClass
        public var confidence: Double
        /// Redacted unless the inspection was asked to reveal.
        public var evidence: String
        /// True when the value crosses to the agent unmasked under the profile.
        public var reachesAgent: Bool
        /// The element that holds it, when it is in a page: the selector to add to the policy's mask list.
        public var selector: String?
        /// The rule that masks or blocks the element holding it, if one does (the value may still reach the agent elsewhere).
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
    public var fields: [Field]
    public var content: [Content]
    public var regions: [Region]
    /// Parser warnings worth knowing (the parser gave up, the encoding was guessed).
    public var warnings: [String]

    /// Sensitive fields and texts that would reach the agent unmasked.
    public var unmasked: Int { fields.filter { $0.maskedBy == nil }.count + content.filter(\.reachesAgent).count }
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

    /// An inspector for a co-browsing `profile`; other models have no masking to audit.
    /// `ignoring` names detector classes the reviewer has accepted (a shop's own support line, say).
    public init(profile: Profile, policy: Policy = .default, reveal: Bool = false, ignoring: Set<DetectorClass> = []) throws {
        guard profile.model == "cobrowse" else {
            throw Failure(description: "inspect audits co-browsing masking; '\(profile.name)' is a \(profile.model) profile, which masks nothing")
        }
        self.profile = profile
        self.policy = policy
        self.reveal = reveal
        detectors = DetectorSet(classes: Set(DetectorClass.allCases).subtracting(ignoring))
    }

    /// Inspects `text` read from `file`: as a page when it looks like HTML, otherwise with the detectors alone.
    public func inspect(file: String, text: String) throws -> PageInspection {
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        let lower = file.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml") || trimmed.hasPrefix("<") {
            return try inspectPage(file: file, html: text)
        }
        let content = hits(in: text).map { hit, line, column, raw in
            PageInspection.Content(line: line, column: column, detectorClass: hit.detectorClass, confidence: hit.confidence,
                                   evidence: evidence(raw, hit.detectorClass), reachesAgent: true, selector: nil, coveredBy: nil, reason: hit.reason)
        }
        return PageInspection(file: file, kind: "text", profile: profile.name, fields: [], content: content, regions: [], warnings: [])
    }

    func evidence(_ raw: String, _ detectorClass: DetectorClass) -> String {
        Redaction.evidence(raw, dataClass: ExposureAnalyzer.dataClass(of: detectorClass), reveal: reveal)
    }

    /// Detector hits with their 1-based line and column (counted forward, so linear however long the lines are).
    func hits(in text: String) -> [(DetectorHit, Int, Int, String)] {
        let bytes = Array(text.utf8)
        var lines = LineCounter(bytes)
        return detectors.scan(text).map { hit in
            let location = lines.location("", hit.range.lowerBound)
            return (hit, location.line, location.column, String(decoding: bytes[hit.range], as: UTF8.self))
        }
    }

    func inspectPage(file: String, html: String) throws -> PageInspection {
        let document: Document
        do {
            document = try Document.parseHTML(html, url: file)
        } catch {
            throw Failure(description: "\(file): the page cannot be parsed: \(error)")
        }
        let warnings = document.diagnostics.filter { $0.severity >= .error }.map(\.description)
        // What the agent would receive: a co-browsing session on the page, its first snapshot.
        let scenario = Scenario.onePage(html: html, url: "https://inspected.example/")
        let run = try Replay.run(scenario, profile: profile, policy: policy)
        let sent = String(String.UnicodeScalarView(WireText.decode(run.wire.filter { $0.kind == .snapshot || $0.kind == .location }.map(\.content).joined(separator: "\n"))))
        let sentBytes = Array(sent.utf8)
        let reaching = Set(detectors.scan(sent).map { ExposureAnalyzer.compact(String(decoding: sentBytes[$0.range], as: UTF8.self)) })

        // The same page parsed again: the indicator's selectors find the elements the session masked.
        let world = try World(scenario: scenario)
        guard let page = world.tab("tab")?.document else { throw Failure(description: "\(file): the page did not load") }
        var coveredBy: [NodeIdentity: String] = [:]
        for region in run.indicator {
            guard let selector = try? Selector(region.path) else { continue }
            for root in page.node.select(selector) {
                let rule = "\(region.reason.rawValue): \(region.rule)"
                coveredBy[root.identity] = coveredBy[root.identity] ?? rule
            }
        }
        func cover(of node: Node) -> String? {
            var current: Node? = node
            while let element = current, element.isElement {
                if let rule = coveredBy[element.identity] { return rule }
                current = element.parent
            }
            return nil
        }

        // Sensitive fields by the standard level's heuristics, whatever the profile.
        let reference = try PrivacyRules(level: .standard, policy: .default)
        let labels = LabelIndex(document: page)
        var fields: [PageInspection.Field] = []
        for field in page.node.select(Self.fieldSelector) {
            guard let signal = reference.decide(field, name: field.name, parent: PrivacyDecision(), labels: labels).maskRule else { continue }
            fields.append(PageInspection.Field(line: field.line ?? 0, selector: field.cssPath, signal: signal, maskedBy: cover(of: field)))
        }

        let holders = HolderIndex(page, detectors: detectors)
        let content = hits(in: html).map { hit, line, column, raw -> PageInspection.Content in
            let holder = holders.holder(of: raw)
            return PageInspection.Content(line: line, column: column, detectorClass: hit.detectorClass, confidence: hit.confidence,
                                          evidence: evidence(raw, hit.detectorClass), reachesAgent: reaching.contains(ExposureAnalyzer.compact(raw)),
                                          selector: holder?.cssPath, coveredBy: holder.flatMap(cover), reason: hit.reason)
        }
        let regions = run.indicator.map { PageInspection.Region(selector: $0.path, reason: $0.reason, rule: $0.rule) }
        return PageInspection(file: file, kind: "page", profile: profile.name, fields: fields, content: content, regions: regions, warnings: warnings)
    }

    static let fieldSelector = try! Selector("input, select, textarea, [contenteditable]")

}

/// Which element holds each value the detectors find in the page: every element's own text and attribute
/// values are scanned once, so looking a value up costs nothing however many values the page has.
struct HolderIndex {
    private let byValue: [String: Node]

    init(_ document: Document, detectors: DetectorSet) {
        var byValue: [String: Node] = [:]
        for element in document.node.descendants where element.isElement {
            let own = (element.children.filter { $0.kind == .text }.map(\.textContent) + element.attributes.map(\.value)).joined(separator: "\n")
            let bytes = Array(own.utf8)
            for hit in detectors.scan(own) {
                let key = ExposureAnalyzer.compact(String(decoding: bytes[hit.range], as: UTF8.self))
                if byValue[key] == nil { byValue[key] = element }
            }
        }
        self.byValue = byValue
    }

    /// The first element, in document order, whose own text or attributes hold `raw`.
    func holder(of raw: String) -> Node? { byValue[ExposureAnalyzer.compact(raw)] }
}
