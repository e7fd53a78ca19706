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
        guard let earlier = baseline.entries[finding.id] else { return .new }
        return earlier.severity == finding.severity ? .unchanged : .updated
    }

    /// Whether `finding` counts for the gate: at or above the threshold, under a gated profile, not an accepted risk
    /// and, with a baseline, new or more severe than the baseline had it (a finding the baseline had at this
    /// severity was reviewed then; one that grew — a truncated card number now shown whole keeps its id — was not).
    public func fails(_ finding: Finding) -> Bool {
        guard let threshold, finding.severity >= threshold, gated.contains(finding.profile) else { return false }
        guard acceptance(of: finding) == nil else { return false }
        guard let baseline, let earlier = baseline.entries[finding.id] else { return true }
        return finding.severity > earlier.severity
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
    public var entries: [String: Entry]
    /// The scenario × profile pairs the run measured, findings or not.
    public var ran: Set<Pair> = []

    /// One scenario measured under one profile.
    public struct Pair: Sendable, Hashable {
        public var scenario: String
        public var profile: String
    }

    /// The most findings a baseline may hold: a report of 10,000 scenarios holds about 150,000.
    public static let maximumEntries = 5_000_000
    /// The largest `report.json` read as a baseline (2 GiB).
    public static let maximumBytes = 2 << 30

    /// Why a baseline cannot be read.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// The baseline in `path`: a `report.json`, or a folder holding one.
    public static func load(_ path: String) throws -> Baseline {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Refusal(description: "\(path): no such file or folder")
        }
        let file = isDirectory.boolValue ? (path as NSString).appendingPathComponent("report.json") : path
        // The whole file is parsed at once: a size checked first gives a message instead of running out of memory.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size > maximumBytes {
            throw Refusal(description: "\(file): \(size) bytes; a baseline report.json may have \(maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Refusal(
                description: isDirectory.boolValue
                    ? "\(path): no report.json in it; write one with `--format json`" : "\(file): cannot be read")
        }
        return try parse(data, file: file)
    }

    /// A baseline from the bytes of a `report.json` named `file` in messages.
    public static func parse(_ data: Data, file: String) throws -> Baseline {
        func refuse(_ why: String) -> Refusal {
            Refusal(description: "\(file): not a SupportScope report.json: \(why)")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw refuse("it is not JSON (\(Self.place(of: error, in: data)))")
        }
        guard let report = root as? [String: Any], report["tool"] as? String == "supportscope" else {
            throw refuse("it has no \"tool\": \"supportscope\"")
        }
        guard let runID = report["runId"] as? String else { throw refuse("it has no runId") }
        guard let scenarios = report["scenarios"] as? [[String: Any]] else { throw refuse("it has no scenarios list") }
        var entries: [String: Entry] = [:]
        var ran = Set<Pair>()
        for (scenarioIndex, scenario) in scenarios.enumerated() {
            guard let runs = scenario["runs"] as? [[String: Any]] else {
                throw refuse("scenario \(scenarioIndex + 1) has no runs list")
            }
            for run in runs {
                if let id = scenario["id"] as? String, let profile = run["profile"] as? String {
                    ran.insert(Pair(scenario: id, profile: profile))
                }
                for finding in run["findings"] as? [[String: Any]] ?? [] {
                    guard let id = finding["id"] as? String, let scenarioID = finding["scenario"] as? String,
                        let profile = finding["profile"] as? String, let kind = finding["kind"] as? String,
                        let severity = (finding["severity"] as? String).flatMap(Severity.init(rawValue:))
                    else {
                        throw refuse(
                            "a finding of scenario \(scenarioIndex + 1) lacks its id, profile, kind or severity")
                    }
                    guard entries.count < maximumEntries else {
                        throw refuse("it holds over \(maximumEntries) findings")
                    }
                    let dataClass = finding["class"] as? String
                    // As `Finding.Subject` names it: `item card.number`, `unplanted iban`, `action submits a payment`.
                    let named = finding["item"] ?? finding["detector"] ?? finding["actionType"]
                    let subject = [finding["subject"] as? String, named as? String].compactMap { $0 }.joined(
                        separator: " ")
                    entries[id] = Entry(
                        id: id, scenario: scenarioID, profile: profile, kind: kind, dataClass: dataClass,
                        subject: subject, severity: severity, rating: finding["rating"] as? String ?? "",
                        source: location(finding["source"]), stepLocation: location(finding["stepLocation"]))
                }
            }
        }
        return Baseline(
            path: file, runID: runID, revealed: report["revealed"] as? Bool ?? false, entries: entries, ran: ran)
    }

    private static func location(_ value: Any?) -> SourceLocation? {
        guard let object = value as? [String: Any], let file = object["file"] as? String,
            let line = object["line"] as? Int, let column = object["column"] as? Int, line >= 1, column >= 1
        else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Where Foundation's JSON reader gave up, as a line and column when it says at which character.
    static func place(of error: Error, in data: Data) -> String {
        let described = "\(error)"
        guard let match = described.firstMatch(of: #/character (\d+)/#), let offset = Int(match.output.1),
            offset <= data.count
        else { return "unreadable JSON" }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "line \(line), column \(column)"
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
        func profile(_ name: String) -> Profile { byProfile[name] ?? Profile(name: name) }
        for entry in new.entries.values {
            var diff = profile(entry.profile)
            if let before = old.entries[entry.id] {
                if before.severity == entry.severity {
                    diff.unchanged.append(entry)
                } else {
                    diff.changed.append((before, entry))
                }
            } else {
                diff.new.append(entry)
            }
            byProfile[entry.profile] = diff
        }
        for entry in old.entries.values where new.entries[entry.id] == nil {
            var diff = profile(entry.profile)
            if new.ran.contains(Baseline.Pair(scenario: entry.scenario, profile: entry.profile)) {
                diff.fixed.append(entry)
            } else {
                diff.notCompared += 1
            }
            byProfile[entry.profile] = diff
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
