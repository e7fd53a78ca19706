import Foundation
import Markup
import SupportScope

/// What a reviewer's CI asks of a run besides its measurements: the gate (`--fail-on`, `--gate`), the earlier
/// report it is compared with (`--baseline`) and the accepted risks (`--accept`). It annotates the findings (new or
/// known, gated or not, accepted) — in the SARIF and JUnit reports, and accepted marks in every format — but never
/// changes what was measured, so the run id, which names the measurement, leaves it out: two report sets with one
/// run id differ only in these annotations.
public struct Review: Sendable {
    /// Findings at or above this severity under a gated profile fail the gate; nil for no gate.
    public var threshold: Severity?
    /// The profiles the gate looks at.
    public var gated: [String]
    /// The report this run is compared with.
    public var baseline: Baseline?
    /// The risks a reviewer accepted (`--accept`).
    public var accepted: AcceptedRisks?

    /// A review with no gate and no baseline.
    public init(
        threshold: Severity? = nil, gated: [String] = [], baseline: Baseline? = nil, accepted: AcceptedRisks? = nil
    ) {
        self.threshold = threshold
        self.gated = gated
        self.baseline = baseline
        self.accepted = accepted
    }

    /// The accepted-risk entry in force that covers `finding`, if any.
    public func acceptance(of finding: Finding) -> AcceptedRisks.Entry? { accepted?.entry(for: finding) }

    /// How `finding` stands against the baseline; nil without one.
    public func state(of finding: Finding) -> Baseline.State? {
        guard let baseline else { return nil }
        guard let earlier = baseline.entries.severity(of: finding.id) else { return .new }
        return earlier == finding.severity ? .unchanged : .updated
    }

    /// Whether `finding` counts for the gate: at or above the threshold, under a gated profile, not an accepted risk
    /// and, with a baseline, new or more severe than the baseline had it (a finding the baseline had at this
    /// severity was reviewed then; one that grew — a truncated card number now shown whole keeps its id — was not).
    public func fails(_ finding: Finding) -> Bool {
        guard let threshold, finding.severity >= threshold, gated.contains(finding.profile) else { return false }
        guard acceptance(of: finding) == nil else { return false }
        guard let baseline, let earlier = baseline.entries.severity(of: finding.id) else { return true }
        return finding.severity > earlier
    }
}

/// An earlier run's findings, read from its `report.json`, to tell new findings from known ones by their stable ids.
public struct Baseline: Sendable {
    /// How a finding stands against the baseline (SARIF's `baselineState` names).
    public enum State: String, Sendable {
        /// Not in the baseline.
        case new
        /// In the baseline with the same severity.
        case unchanged
        /// In the baseline with another severity.
        case updated
        /// In the baseline, gone now: fixed.
        case absent
    }

    /// One finding of the baseline, with what the reports print about it (redacted as that report was).
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var scenario: String
        public var profile: String
        public var kind: String
        /// The data class, or nil for actions.
        public var dataClass: String?
        public var subject: String
        public var severity: Severity
        public var rating: String
        public var source: SourceLocation?
        public var stepLocation: SourceLocation?
    }

    /// The file read.
    public var path: String
    /// The run id of the baseline's reports.
    public var runID: String
    /// True when the report shows planted values (it was written with `--reveal`).
    public var revealed = false
    /// The findings by id.
    public var entries: Entries
    /// The scenario × profile pairs the run measured, findings or not.
    public var ran: Set<Pair> = []

    /// One scenario measured under one profile.
    public struct Pair: Sendable, Hashable {
        public var scenario: String
        public var profile: String
    }

    /// The findings by id, held compactly — a baseline of 10,000 scenarios has about 380,000 — as 64-bit ids and
    /// records of small numbers into one table of texts (the same scenario, profile, kind, rating and file recur across
    /// thousands of findings); an `Entry` is made when one is asked for.
    public struct Entries: Sendable {
        private struct Place: Sendable {
            var file: UInt32
            var line: Int
            var column: Int
        }

        private struct Record: Sendable {
            var scenario: UInt32
            var profile: UInt32
            var kind: UInt32
            /// `UInt32.max` for none.
            var dataClass: UInt32
            var subject: UInt32
            var rating: UInt32
            var severity: Severity
            var source: Place?
            var step: Place?
        }

        private var texts: [String] = []
        private var numbers: [String: UInt32] = [:]
        private var records: [UInt64: Record] = [:]
        private var byScenario: [UInt32: [UInt64]] = [:]

        /// How many findings.
        public var count: Int { records.count }

        /// A finding id's number: `SS-` and 16 hex digits, as `Finding.id` writes them; nil for any other text.
        static func number(_ id: String) -> UInt64? {
            let utf8 = id.utf8
            guard utf8.count == 19, id.hasPrefix("SS-"),
                utf8.dropFirst(3).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            else { return nil }
            return UInt64(id.dropFirst(3), radix: 16)
        }

        private mutating func text(_ value: String) -> UInt32 {
            if let known = numbers[value] { return known }
            let number = UInt32(texts.count)
            texts.append(value)
            numbers[value] = number
            return number
        }

        private mutating func place(_ location: SourceLocation?) -> Place? {
            location.map { Place(file: text($0.file), line: $0.line, column: $0.column) }
        }

        /// Adds `entry`, whose id must be a finding id (`number`) not added before; false when it is not.
        mutating func add(_ entry: Entry) -> Bool {
            guard let key = Self.number(entry.id) else { return false }
            let record = Record(
                scenario: text(entry.scenario), profile: text(entry.profile), kind: text(entry.kind),
                dataClass: entry.dataClass.map { text($0) } ?? .max, subject: text(entry.subject),
                rating: text(entry.rating), severity: entry.severity, source: place(entry.source),
                step: place(entry.stepLocation))
            guard records[key] == nil else { return false }
            records[key] = record
            byScenario[record.scenario, default: []].append(key)
            return true
        }

        private func entry(_ key: UInt64, _ record: Record) -> Entry {
            let hex = String(key, radix: 16)
            func location(_ place: Place?) -> SourceLocation? {
                place.map { SourceLocation(file: texts[Int($0.file)], line: $0.line, column: $0.column) }
            }
            return Entry(
                id: "SS-" + String(repeating: "0", count: 16 - hex.count) + hex, scenario: texts[Int(record.scenario)],
                profile: texts[Int(record.profile)], kind: texts[Int(record.kind)],
                dataClass: record.dataClass == .max ? nil : texts[Int(record.dataClass)],
                subject: texts[Int(record.subject)], severity: record.severity, rating: texts[Int(record.rating)],
                source: location(record.source), stepLocation: location(record.step))
        }

        /// The finding with `id`, if the baseline has it.
        public subscript(id: String) -> Entry? {
            guard let key = Self.number(id), let record = records[key] else { return nil }
            return entry(key, record)
        }

        /// The severity of the finding with `id`, if the baseline has it (what the gate asks, without making an entry).
        public func severity(of id: String) -> Severity? { Self.number(id).flatMap { records[$0]?.severity } }

        /// Every finding, in no particular order.
        public var values: [Entry] { records.map { entry($0.key, $0.value) } }

        /// The findings of one scenario.
        public func of(scenario: String) -> [Entry] {
            guard let number = numbers[scenario] else { return [] }
            return (byScenario[number] ?? []).compactMap { key in records[key].map { entry(key, $0) } }
        }
    }

    /// The most findings a baseline may hold: a report of 10,000 scenarios holds about 150,000.
    public static let maximumEntries = 5_000_000
    /// The largest `report.json` read as a baseline (2 GiB).
    public static let maximumBytes = 2 << 30

    /// Why a baseline cannot be read.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// The baseline in `path`: a `report.json`, or a folder holding one. It is read as it streams in, one scenario
    /// at a time: memory holds the findings' entries, not the report.
    public static func load(_ path: String) throws -> Baseline {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Refusal(description: "\(path): no such file or folder")
        }
        let file = isDirectory.boolValue ? (path as NSString).appendingPathComponent("report.json") : path
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > maximumBytes {
            throw Refusal(description: "\(file): \(size) bytes; a baseline report.json may have \(maximumBytes)")
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw Refusal(
                description: isDirectory.boolValue
                    ? "\(path): no report.json in it; write one with `--format json`" : "\(file): cannot be read")
        }
        defer { try? handle.close() }
        return try parse(JSONReader { Array(try handle.read(upToCount: 1 << 20) ?? Data()) }, file: file)
    }

    /// A baseline from the bytes of a `report.json` named `file` in messages.
    public static func parse(_ data: Data, file: String) throws -> Baseline {
        try parse(JSONReader(bytes: Array(data)), file: file)
    }

    private static func parse(_ reader: JSONReader, file: String) throws -> Baseline {
        func refuse(_ why: String) -> Refusal {
            Refusal(description: "\(file): not a SupportScope report.json: \(why)")
        }
        var tool: String?
        var runID: String?
        var revealed = false
        var sawScenarios = false
        var entries = Entries()
        var ran = Set<Pair>()
        // The scenario × profile pairs repeat the same few names: one copy each.
        var interned: [String: String] = [:]
        func intern(_ text: String) -> String {
            if let known = interned[text] { return known }
            interned[text] = text
            return text
        }
        do {
            try reader.beginObject()
            while let key = try reader.nextKey() {
                switch key {
                case "tool": tool = try reader.value().string
                case "runId": runID = try reader.value().string
                case "revealed": revealed = try reader.value().bool ?? false
                case "scenarios":
                    // A file whose tool is named before its scenarios and is another is refused at once; one with the
                    // keys in another order (sorted by `jq -S`) is read, and its tool checked at the end.
                    if let tool, tool != "supportscope" { throw refuse("it has no \"tool\": \"supportscope\"") }
                    sawScenarios = true
                    try reader.beginArray()
                    var scenarioIndex = 0
                    while try reader.nextElement() {
                        scenarioIndex += 1
                        let scenario = try reader.value()
                        guard let runs = scenario["runs"]?.array else {
                            throw refuse("scenario \(scenarioIndex) has no runs list")
                        }
                        for run in runs {
                            if let id = scenario["id"]?.string, let profile = run["profile"]?.string {
                                ran.insert(Pair(scenario: intern(id), profile: intern(profile)))
                            }
                            for finding in run["findings"]?.array ?? [] {
                                guard let id = finding["id"]?.string, let scenarioID = finding["scenario"]?.string,
                                    let profile = finding["profile"]?.string, let kind = finding["kind"]?.string,
                                    let severity = finding["severity"]?.string.flatMap(Severity.init(rawValue:))
                                else {
                                    throw refuse(
                                        "a finding of scenario \(scenarioIndex) lacks its id, profile, kind or severity"
                                    )
                                }
                                guard entries.count < maximumEntries else {
                                    throw refuse("it holds over \(maximumEntries) findings")
                                }
                                // As `Finding.Subject` names it: `item card.number`, `unplanted iban`, `action …`.
                                let named = finding["item"] ?? finding["detector"] ?? finding["actionType"]
                                let subject = [finding["subject"]?.string, named?.string].compactMap { $0 }.joined(
                                    separator: " ")
                                func place(_ value: JSONReader.Value?) -> SourceLocation? {
                                    guard let value, let file = value["file"]?.string, let line = value["line"]?.int,
                                        let column = value["column"]?.int, line >= 1, column >= 1
                                    else { return nil }
                                    return SourceLocation(file: file, line: line, column: column)
                                }
                                let entry = Entry(
                                    id: id, scenario: scenarioID, profile: profile, kind: kind,
                                    dataClass: finding["class"]?.string, subject: subject, severity: severity,
                                    rating: finding["rating"]?.string ?? "", source: place(finding["source"]),
                                    stepLocation: place(finding["stepLocation"]))
                                guard entries.add(entry) else {
                                    throw refuse(
                                        "a finding of scenario \(scenarioIndex) has an id that is not SS- and 16 hex digits, or one given twice"
                                    )
                                }
                            }
                        }
                    }
                default: try reader.skip()
                }
            }
            try reader.end()
        } catch let failure as JSONReader.Failure {
            throw refuse("it is not JSON (\(failure))")
        }
        guard tool == "supportscope" else { throw refuse("it has no \"tool\": \"supportscope\"") }
        guard let runID else { throw refuse("it has no runId") }
        guard sawScenarios else { throw refuse("it has no scenarios list") }
        return Baseline(path: file, runID: runID, revealed: revealed, entries: entries, ran: ran)
    }
}

/// Two runs' findings compared by their stable ids (`supportscope diff`): per profile, what is new, fixed, unchanged,
/// and what changed severity.
public struct FindingDiff: Sendable {
    /// One profile's comparison; each list sorted by scenario and id. A finding of the old run is fixed only where the
    /// new run measured its scenario under its profile; elsewhere it was not compared.
    public struct Profile: Sendable {
        public var name: String
        public var new: [Baseline.Entry] = []
        public var fixed: [Baseline.Entry] = []
        public var unchanged: [Baseline.Entry] = []
        /// Findings in both runs whose severity changed: before and after.
        public var changed: [(before: Baseline.Entry, after: Baseline.Entry)] = []
        /// Old findings whose scenario the new run did not measure under this profile.
        public var notCompared = 0
    }

    public var old: Baseline
    public var new: Baseline
    /// The profiles of either run, by name.
    public var profiles: [Profile]

    /// `old` and `new` compared.
    public init(old: Baseline, new: Baseline) {
        self.old = old
        self.new = new
        var byProfile: [String: Profile] = [:]
        // Every profile either run measured, with findings or none.
        for pair in old.ran.union(new.ran) { byProfile[pair.profile] = Profile(name: pair.profile) }
        // Appended in place: a copy of a profile's lists per finding made the diff of two 1,000-scenario reports
        // take 56 s.
        for entry in new.entries.values {
            if let before = old.entries[entry.id] {
                if before.severity == entry.severity {
                    byProfile[entry.profile, default: Profile(name: entry.profile)].unchanged.append(entry)
                } else {
                    byProfile[entry.profile, default: Profile(name: entry.profile)].changed.append((before, entry))
                }
            } else {
                byProfile[entry.profile, default: Profile(name: entry.profile)].new.append(entry)
            }
        }
        for entry in old.entries.values where new.entries.severity(of: entry.id) == nil {
            if new.ran.contains(Baseline.Pair(scenario: entry.scenario, profile: entry.profile)) {
                byProfile[entry.profile, default: Profile(name: entry.profile)].fixed.append(entry)
            } else {
                byProfile[entry.profile, default: Profile(name: entry.profile)].notCompared += 1
            }
        }
        func order(_ a: Baseline.Entry, _ b: Baseline.Entry) -> Bool { (a.scenario, a.id) < (b.scenario, b.id) }
        profiles = byProfile.values.map { diff in
            var diff = diff
            diff.new.sort(by: order)
            diff.fixed.sort(by: order)
            diff.unchanged.sort(by: order)
            diff.changed.sort { order($0.after, $1.after) }
            return diff
        }.sorted { $0.name < $1.name }
    }
}
