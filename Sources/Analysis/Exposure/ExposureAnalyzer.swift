import Detectors
import Markup
import Scenarios
import Simulation

/// Measures what crossed to the agent in one run: canary tracing of every planted item, validated
/// detectors for what nobody planted, and sensitive agent actions, each as a rated finding.
///
/// It reads only the run and the scenario; nothing flows back to the models.
///
/// Over 300 lines: the carriers of one run (wire, reach, retention) are read once and every kind of finding is made
/// from them; the split-value and bound-value rules live in their own files.
public struct ExposureAnalyzer: Sendable {
    public let scenario: Scenario
    /// Show planted values and detector hits in evidence instead of redacting them.
    public let reveal: Bool
    let detectors: DetectorSet
    let patterns: [(item: PlantedItem, pattern: CanaryPattern, compact: String)]
    let sources: SourceIndex

    /// An analyzer for runs of `scenario`.
    public init(scenario: Scenario, reveal: Bool = false, detectors: DetectorSet = .all) {
        self.scenario = scenario
        self.reveal = reveal
        self.detectors = detectors
        patterns = scenario.items.map {
            ($0, CanaryPattern(value: $0.value, dataClass: $0.dataClass), Self.compact($0.value))
        }
        sources = SourceIndex(scenario: scenario)
    }

    /// Letters and digits, uppercased: the form in which a detector hit and a planted value are compared.
    static func compact(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map { Character($0) }
        ).uppercased()
    }

    /// One text the agent received or could obtain, with where it went.
    struct Carrier {
        let kind: Finding.Kind
        let channel: Channel
        let step: Int?
        let text: [Unicode.Scalar]
        /// Masks in an input event are a field's value, so an all-mask value there tells its length.
        let isFieldValue: Bool
        /// The customer file it is, for a file the agent can reach: the place to point the finding at.
        var file: String? = nil
        /// The wire message it is, and its index in the wire, for pointing a sighting at the page element behind it.
        var message: WireMessage? = nil
        var index: Int? = nil
        /// Values drawn as boxes of their own (form fields on a screen): each a unit bound to its field.
        var fields: [String] = []
    }

    /// Every finding of `run`, in a stable order.
    public func findings(for run: ModelRun) -> [Finding] {
        var collector = FindingCollector(scenario: scenario, profile: run.profile)
        let wire = run.wire.enumerated().map { index, message in
            Carrier(
                kind: .observed, channel: message.channel, step: message.step,
                text: WireText.decode(message.kind == .frame ? Self.frameText(message.content) : message.content),
                isFieldValue: message.kind == .input,
                message: message, index: index, fields: run.frameFields[index] ?? [])
        }
        let origins = Origins(run: run, sources: sources, folder: scenario.folder)
        // Split values first: where the joined stream finds the same value at the same step, the finding names the fields.
        // The same pass reads each message's text units, so every markup message is parsed once.
        let wireUnits = traceSplitValues(in: run, origins: origins, into: &collector)
        let usedUnits = traceItems(
            through: wire, joined: true, fixedMask: run.fixedMask, origins: origins, units: wireUnits, into: &collector)
        let reach = run.reach.map {
            Carrier(
                kind: .reachable, channel: $0.channel, step: nil, text: WireText.decode($0.content),
                isFieldValue: false,
                file: $0.source.hasPrefix("file ") ? String($0.source.dropFirst(5)) : nil)
        }
        let kept = run.retention.filter(\.kept)
        let retained = kept.map {
            Carrier(
                kind: .retained, channel: $0.channel, step: nil, text: WireText.decode(Self.frameText($0.content)),
                isFieldValue: false)
        }
        traceItems(through: reach, joined: false, into: &collector)
        // A recording made from a wire with a fixed mask tells no more length than the wire did; a recording that is
        // the wire, message for message, has the wire's units (and is not parsed again).
        let wireText = run.wire.map(\.content).joined(separator: "\n")
        let retainedUnits = kept.map {
            $0.content.utf8.count == wireText.utf8.count && $0.content == wireText ? Array(usedUnits.joined()) : nil
        }
        traceItems(through: retained, joined: false, fixedMask: run.fixedMask, units: retainedUnits, into: &collector)
        for (index, carrier) in (wire + reach + retained).enumerated() {
            detect(in: carrier, index: index, into: &collector)
        }
        for outcome in run.outcomes {
            guard let sensitive = outcome.sensitive,
                outcome.decision == .allowed || outcome.decision == .allowedAfterConsent
            else { continue }
            collector.action(sensitive, outcome: outcome, analyzer: self)
        }
        return collector.findings(analyzer: self)
    }

    /// Traces every item through `carriers`. Joined carriers (the wire) are searched as one stream, so a
    /// value split across messages is found and attributed to the message where it became complete.
    /// Short values are not searched in streams at all: only where they are bound (`BoundValues`).
    /// Returns the text units each carrier was read as.
    @discardableResult
    private func traceItems(
        through carriers: [Carrier], joined: Bool, fixedMask: String? = nil, origins: Origins? = nil,
        units: [[WireUnits.Unit]?] = [], into collector: inout FindingCollector
    ) -> [[WireUnits.Unit]] {
        guard !carriers.isEmpty else { return [] }
        let used = traceBoundValues(through: carriers, origins: origins, units: units, into: &collector)
        let long = patterns.filter { !BoundValues.isShort($0.item) }
        guard !long.isEmpty else { return used }
        let groups: [[Int]] = joined ? [Array(carriers.indices)] : carriers.indices.map { [$0] }
        for group in groups {
            var stream: [Unicode.Scalar] = []
            var starts: [Int] = []
            for index in group {
                starts.append(stream.count)
                stream.append(contentsOf: carriers[index].text)
                stream.append("\n")
            }
            func carrierIndex(_ offset: Int) -> Int {
                var low = 0, high = starts.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if starts[middle] <= offset { low = middle } else { high = middle - 1 }
                }
                return low
            }
            func carrier(at offset: Int) -> Carrier { carriers[group[carrierIndex(offset)]] }
            for (item, pattern, _) in long {
                let sightings = pattern.sightings(
                    in: stream,
                    lengthOnlyAllowed: { range in
                        // A fixed-length mask is the same for every value: it tells no length.
                        if let fixedMask, String(String.UnicodeScalarView(stream[range])) == fixedMask { return false }
                        return carrier(at: range.upperBound - 1).isFieldValue
                            || Self.isValueAttribute(stream, before: range.lowerBound)
                    },
                    prefixAllowed: { range in
                        // A prefix counts as a field's whole value so far: an input event that ends with it.
                        carrier(at: range.upperBound - 1).isFieldValue && pattern.endsLine(stream, range)
                    }, messageStarts: starts)
                for sighting in sightings {
                    let index = carrierIndex(sighting.range.upperBound - 1)
                    let holder = carriers[group[index]]
                    // Only a whole value may be pieced together across messages; masks and prefixes count within one.
                    if sighting.grade != .full, carrierIndex(sighting.range.lowerBound) != index { continue }
                    let start = max(0, sighting.range.lowerBound - starts[index])
                    let origin = holder.message.flatMap {
                        origins?.origin(of: item, in: $0, index: holder.index, at: start)
                    }
                    let part =
                        sighting.grade == .full && sighting.complete
                        ? nil
                        : FindingCollector.Part(
                            text: String(String.UnicodeScalarView(stream[sighting.range])),
                            revealed: sighting.revealed, total: pattern.symbols.count)
                    collector.sighting(
                        item: item, grade: sighting.grade, kind: holder.kind, channel: holder.channel,
                        step: holder.step,
                        file: holder.file, origin: origin, part: part)
                }
            }
        }
        return used
    }

    /// Short values, where they are bound: as a field's whole value, an element's whole text, or inside a text unit
    /// that reads like one of the places the scenario put them. Dates of every length also where a unit writes their
    /// parts side by side in another format.
    private func traceBoundValues(
        through carriers: [Carrier], origins: Origins?, units known: [[WireUnits.Unit]?],
        into collector: inout FindingCollector
    ) -> [[WireUnits.Unit]] {
        let bound = patterns.map(\.item).filter { BoundValues.isShort($0) || SplitValues.isDate($0) }
            .map {
                (
                    item: $0, value: BoundValues.normalised($0.value), isShort: BoundValues.isShort($0),
                    isDate: SplitValues.isDate($0)
                )
            }
        guard !bound.isEmpty else { return [] }
        var used: [[WireUnits.Unit]] = []
        for (index, carrier) in carriers.enumerated() {
            let kind = carrier.message?.kind
            let text = String(String.UnicodeScalarView(carrier.text))
            var units =
                (index < known.count ? known[index] : nil)
                ?? WireUnits.units(
                    text, isMarkup: kind == .snapshot || kind == .mutation, isFieldValue: carrier.isFieldValue)
            // The location message is the page's URL, then its title.
            if kind == .location, let space = text.firstIndex(of: " ") {
                units = [String(text[..<space]), String(text[text.index(after: space)...])].map {
                    WireUnits.Unit(text: $0, isBound: false)
                }
            }
            // A transfer is `clipboard: TEXT` or `file PATH: TEXT`: the text itself is what the agent got, whole and by line.
            if kind == .transfer, let colon = text.range(of: ": ") {
                let content = String(text[colon.upperBound...])
                units =
                    [WireUnits.Unit(text: content, isBound: true)]
                    + content.split(separator: "\n").map { WireUnits.Unit(text: String($0), isBound: true) }
            }
            units += carrier.fields.map { WireUnits.Unit(text: $0, isBound: true) }
            used.append(units)
            let prepared = units.map { (unit: $0, text: BoundValues.normalised($0.text)) }
            for (item, value, isShort, isDate) in bound {
                guard
                    let unit = prepared.first(where: { unit in
                        (isShort
                            && BoundValues.shows(
                                normalised: unit.text, isBound: unit.unit.isBound, item: item, value: value))
                            || (isDate && SplitValues.dateWritten(item.value, in: unit.unit.text))
                    })?.unit
                else { continue }
                let origin = carrier.message.flatMap {
                    origins?.origin(of: item, in: $0, index: carrier.index, at: nil, unit: unit.text)
                }
                collector.sighting(
                    item: item, grade: .full, kind: carrier.kind, channel: carrier.channel, step: carrier.step,
                    file: carrier.file,
                    origin: origin)
            }
        }
        return used
    }

    /// Values whose parts crossed in several fields of one form (a card typed into four boxes, an expiry picked in two
    /// selects): the mirror's fields rebuilt from the wire and read together after every change. An artifact kept after
    /// the session that holds every message that carried the parts (a recording of the wire) retains the value too.
    /// Returns each wire message's text units (`WireUnits`), read from the same parse.
    private func traceSplitValues(
        in run: ModelRun, origins: Origins, into collector: inout FindingCollector
    ) -> [[WireUnits.Unit]?] {
        var mirror = MirrorFields()
        var units: [[WireUnits.Unit]?] = Array(repeating: nil, count: run.wire.count)
        let kept = run.retention.filter { $0.kept && !$0.content.isEmpty }
        let wireText = run.wire.map(\.content).joined(separator: "\n")
        let isWireCopy = kept.map { $0.content.utf8.count == wireText.utf8.count && $0.content == wireText }
        var retainedGrade: [String: Finding.Grade] = [:]
        let targets = patterns.map { Array($0.compact) }
        for (index, message) in run.wire.enumerated()
        where message.kind == .snapshot || message.kind == .mutation || message.kind == .input {
            let isMarkup = message.kind == .snapshot || message.kind == .mutation
            // The carriers' text is decoded; markup is parsed as sent, and libxml2 decodes its references itself.
            let document = isMarkup ? try? Document.parseHTML(message.content) : nil
            if let document { units[index] = WireUnits.markup(document) }
            let changed = mirror.apply(message, at: index, document: document)
            guard !changed.isEmpty else { continue }
            var groups: [Int?: [MirrorFields.Part]] = [:]
            for id in changed {
                let form = mirror.fields[id]?.form
                if groups[form] == nil { groups[form] = mirror.group(of: id) }
            }
            for group in groups.values.sorted(by: { ($0.first?.id ?? 0) < ($1.first?.id ?? 0) }) {
                let parts = group.map { Array(Self.compact($0.value)) }
                for (item, target) in zip(scenario.items, targets) {
                    // A message that changed none of the parts (a script re-sending empty boxes) did not carry the value.
                    guard let match = SplitValues.match(item, target: target, in: group, parts: parts),
                        match.parts.contains(where: { changed.contains($0.id) })
                    else { continue }
                    let note = "split over \(match.parts.count) fields"
                    let origin = message.nodeID.flatMap { run.wireSources[$0] }.map { origins.location($0, value: nil) }
                    collector.sighting(
                        item: item, grade: match.grade, kind: .observed, channel: message.channel, step: message.step,
                        file: nil, origin: origin, note: note)
                    let carriers = Set(match.parts.map(\.message)).map { run.wire[$0].content }
                    for (number, artifact) in kept.enumerated() {
                        // Each artifact is searched once per item and grade: a completed card re-matches at every keystroke.
                        let key = "\(number) \(item.id)"
                        if let known = retainedGrade[key], known >= match.grade { continue }
                        guard isWireCopy[number] || carriers.allSatisfy(artifact.content.contains) else { continue }
                        retainedGrade[key] = match.grade
                        collector.sighting(
                            item: item, grade: match.grade, kind: .retained, channel: artifact.channel, step: nil,
                            file: nil, note: note)
                    }
                }
            }
        }
        return units
    }

    /// What a frame shows, without the compositor's `source @x,y:` labels (screen coordinates are not data).
    static func frameText(_ content: String) -> String {
        guard content.contains(" @") else { return content }
        return content.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            FrameLine.parse(line)?.text ?? line
        }.joined(separator: "\n")
    }

    /// True when `offset` lies in the value of an HTML `placeholder` attribute: after `placeholder="` (or `'`) with
    /// no closing quote between, within a placeholder's length.
    static func isInPlaceholder(_ bytes: [UInt8], at offset: Int) -> Bool {
        var index = offset - 1
        let stop = max(0, offset - 256)
        while index >= stop, bytes[index] != 0x22, bytes[index] != 0x27, bytes[index] != 0x3C, bytes[index] != 0x3E {
            index -= 1
        }
        guard index >= 12, bytes[index] == 0x22 || bytes[index] == 0x27, bytes[index - 1] == 0x3D else { return false }
        let name = String(decoding: bytes[(index - 12)..<(index - 1)], as: UTF8.self).lowercased()
        // The whole attribute name: `data-placeholder` is a page's own attribute, not the field's hint.
        let before = index - 13
        return name == "placeholder" && (before < 0 || [0x20, 0x09, 0x0A, 0x0D, 0x22, 0x27].contains(bytes[before]))
    }

    /// True when the text just before `offset` opens an HTML `value` attribute.
    static func isValueAttribute(_ text: [Unicode.Scalar], before offset: Int) -> Bool {
        guard offset >= 7 else { return false }
        let head = String(String.UnicodeScalarView(text[(offset - 7)..<offset])).lowercased()
        return head.hasSuffix("value=\"") || head.hasSuffix("value='") || head.hasSuffix("value=")
    }

    /// Runs the detectors over one carrier; hits that are a planted item, or lie inside one's occurrence
    /// (`4711` inside a planted `PIN-4711-XQ`), are that item; the rest are unplanted.
    private func detect(in carrier: Carrier, index: Int, into collector: inout FindingCollector) {
        let text = String(String.UnicodeScalarView(carrier.text))
        let hits = detectors.scan(text)
        guard !hits.isEmpty else { return }
        let bytes = Array(text.utf8)
        // Byte offset → scalar offset, to compare hits with the tracer's sightings.
        var scalarAt = [Int](repeating: 0, count: bytes.count + 1)
        var scalar = 0
        for (offset, byte) in bytes.enumerated() {
            if byte & 0xC0 != 0x80, offset > 0 { scalar += 1 }
            scalarAt[offset] = scalar
        }
        scalarAt[bytes.count] = carrier.text.count
        let planted = patterns.flatMap { entry in
            entry.pattern.sightings(in: carrier.text, prefixAllowed: { entry.pattern.endsLine(carrier.text, $0) }).map(
                \.range)
        }
        for hit in hits {
            // A placeholder's example (`you@example.com`) shows what to type, not anyone's data.
            if hit.isDocumentationExample, Self.isInPlaceholder(bytes, at: hit.range.lowerBound) { continue }
            let raw = String(decoding: bytes[hit.range], as: UTF8.self)
            let compact = Self.compact(raw)
            if patterns.contains(where: { $0.compact == compact }) { continue }
            let range = scalarAt[hit.range.lowerBound]..<scalarAt[hit.range.upperBound]
            if planted.contains(where: { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }) {
                continue
            }
            collector.unplanted(
                hit, raw: raw, compact: compact, carrier: carrier, locator: "\(index):\(hit.range.lowerBound)")
        }
    }

    // MARK: - Channels

    /// The scenario step with this index, if it is one.
    func step(_ index: Int?) -> Step? {
        guard let index else { return nil }
        return scenario.steps.first { $0.index == index }
    }
}

/// Gathers sightings and keeps one finding per subject × kind × channel: the worst grade, at the first step it was seen.
struct FindingCollector {
    let scenario: Scenario
    let profile: String

    struct Key: Hashable {
        let subject: Finding.Subject
        let kind: Finding.Kind
        let channel: Channel
        let unplantedValue: String?
    }

    struct Entry {
        var grade: Finding.Grade?
        var step: Int?
        var dataClass: DataClass?
        var impact: Impact
        var confidence: Double
        var evidenceValue: String
        var source: SourceLocation?
        var locator: String
        var what: String
        /// A source to look in first (the reachable file the value is in).
        var file: String?
        /// The page place of the occurrence that crossed, when the carrier says which element it came from.
        var origin: SourceLocation? = nil
        /// How it crossed, when that needs saying: `split over 4 fields`.
        var note: String? = nil
        /// What crossed when it was less than the whole value (a prefix, a partly masked rendering): the evidence
        /// then shows that part, not the whole value's redaction.
        var part: Part? = nil
    }

    /// Part of a value that crossed: its text and how many of the value's letters and digits it shows.
    struct Part {
        var text: String
        var revealed: Int
        var total: Int
    }

    private var entries: [Key: Entry] = [:]

    init(scenario: Scenario, profile: String) {
        self.scenario = scenario
        self.profile = profile
    }

    /// A step order where "during the whole session" (nil) comes after every step.
    static func earlier(_ a: Int?, _ b: Int?) -> Bool { (a ?? Int.max) < (b ?? Int.max) }

    mutating func sighting(
        item: PlantedItem, grade: Finding.Grade, kind: Finding.Kind, channel: Channel, step: Int?, file: String?,
        origin: SourceLocation? = nil, note: String? = nil, part: Part? = nil
    ) {
        let key = Key(subject: .item(item.id), kind: kind, channel: channel, unplantedValue: nil)
        if var entry = entries[key] {
            if grade > entry.grade! || (grade == entry.grade! && Self.earlier(step, entry.step)) {
                entry.grade = grade
                entry.step = step
                entry.file = file
                entry.origin = origin
                entry.note = note
                entry.part = part
            }
            entries[key] = entry
        } else {
            entries[key] = Entry(
                grade: grade, step: step, dataClass: item.dataClass, impact: item.impact, confidence: 1,
                evidenceValue: item.value,
                source: nil, locator: item.id, what: item.dataClass.rawValue, file: file, origin: origin, note: note,
                part: part)
        }
    }

    mutating func unplanted(
        _ hit: DetectorHit, raw: String, compact: String, carrier: ExposureAnalyzer.Carrier, locator: String
    ) {
        let key = Key(
            subject: .unplanted(hit.detectorClass), kind: carrier.kind, channel: carrier.channel,
            unplantedValue: compact)
        if let entry = entries[key], !Self.earlier(carrier.step, entry.step) { return }
        let dataClass = DataClass(hit.detectorClass)
        entries[key] = Entry(
            grade: .full, step: carrier.step, dataClass: dataClass, impact: dataClass.defaultImpact,
            confidence: hit.confidence,
            evidenceValue: raw, source: nil, locator: locator,
            what: "unplanted \(hit.detectorClass.rawValue): \(hit.reason)",
            file: carrier.file)
    }

    mutating func action(_ sensitive: String, outcome: ActionOutcome, analyzer: ExposureAnalyzer) {
        let key = Key(
            subject: .action(sensitive), kind: .action, channel: .agentControl, unplantedValue: outcome.request)
        guard entries[key] == nil else { return }
        entries[key] = Entry(
            grade: nil, step: outcome.step, dataClass: nil, impact: .veryHigh, confidence: 1,
            evidenceValue: "\(outcome.request): \(outcome.decision.rawValue)", source: nil, locator: outcome.request,
            what: outcome.decision == .allowedAfterConsent
                ? "allowed after the customer's consent" : "allowed without consent",
            file: nil)
    }

    func findings(analyzer: ExposureAnalyzer) -> [Finding] {
        // A recording keeps what crossed: its findings point where the first observed occurrence came from.
        var observedOrigin: [Finding.Subject: (step: Int?, origin: SourceLocation)] = [:]
        for (key, entry) in entries where key.kind == .observed {
            guard let origin = entry.origin else { continue }
            if let known = observedOrigin[key.subject], !Self.earlier(entry.step, known.step),
                !(entry.step == known.step
                    && (origin.file, origin.line, origin.column) < (
                        known.origin.file, known.origin.line, known.origin.column
                    ))
            {
                continue
            }
            observedOrigin[key.subject] = (entry.step, origin)
        }
        let built = entries.map { key, entry -> Finding in
            let step = analyzer.step(entry.step)
            var likelihood = Rating.likelihood(kind: key.kind, channel: key.channel)
            if key.kind == .action, entry.what.hasPrefix("allowed after") { likelihood = .unlikely }
            let impact = entry.grade.map { Rating.impact(entry.impact, grade: $0) } ?? entry.impact
            let severity = Rating.severity(impact: impact, likelihood: likelihood)
            let what: String
            let why: String
            switch key.kind {
            case .action:
                what = "an agent action that \(key.subject.actionText)"
                why = entry.what
            default:
                what = "\(entry.what), \(entry.grade?.rawValue ?? "full") value"
                why = "\(key.kind.rawValue) in \(key.channel.rawValue)" + (entry.note.map { ", \($0)" } ?? "")
            }
            let evidence: String
            if key.kind == .action {
                evidence = entry.evidenceValue
            } else if entry.grade == .lengthOnly {
                evidence = "length only"
            } else if let part = entry.part {
                evidence = Redaction.partial(
                    part.text, of: entry.evidenceValue, dataClass: entry.dataClass ?? .other, revealed: part.revealed,
                    total: part.total, reveal: analyzer.reveal)
            } else {
                evidence = Redaction.evidence(
                    entry.evidenceValue, dataClass: entry.dataClass ?? .other, reveal: analyzer.reveal)
            }
            let source =
                key.kind == .action
                ? nil
                : entry.origin ?? (key.channel == .recording ? observedOrigin[key.subject]?.origin : nil)
                    ?? analyzer.sources.locate(
                        entry.evidenceValue, dataClass: entry.dataClass ?? .other, preferring: entry.file)
            return Finding(
                id: Self.id(scenario: scenario.id, profile: profile, key: key, locator: entry.locator),
                scenario: scenario.id, profile: profile, step: entry.step, actor: step?.actor,
                action: step.map { RunExplanation.summary($0.action) }, channel: key.channel, kind: key.kind,
                subject: key.subject,
                dataClass: entry.dataClass, grade: entry.grade, impact: impact, likelihood: likelihood,
                severity: severity,
                confidence: entry.confidence, source: source, stepLocation: step?.location, evidence: evidence,
                rating: Rating.explanation(
                    impact: impact, what: what, likelihood: likelihood, why: why, severity: severity))
        }
        return built.sorted(by: Finding.reportOrder)
    }

    /// A stable id from what the finding is about, never from the value (a hash of a card number can be reversed).
    static func id(scenario: String, profile: String, key: Key, locator: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte
            in "\(scenario)|\(profile)|\(key.kind.rawValue)|\(key.channel.rawValue)|\(key.subject.description)|\(locator)"
            .utf8
        {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "SS-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Finding.Subject {
    var actionText: String {
        if case let .action(what) = self { return what }
        return description
    }
}

extension Finding {
    /// Reports list findings by step (whole-session ones last), then worst first, then by kind, channel and subject.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        let left = (
            a.step ?? Int.max, -a.severity.rank, Finding.Kind.allCases.firstIndex(of: a.kind)!, a.channel.rawValue,
            a.subject.description, a.id
        )
        let right = (
            b.step ?? Int.max, -b.severity.rank, Finding.Kind.allCases.firstIndex(of: b.kind)!, b.channel.rawValue,
            b.subject.description, b.id
        )
        return left < right
    }
}
