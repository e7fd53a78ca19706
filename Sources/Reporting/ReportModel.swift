import Detectors
import Foundation
import SupportScope

/// What a sharded run leaves besides its reports (`report.parts.json`), so `supportscope merge` can write the
/// reports of the whole suite exactly as an unsharded run would: every scenario as prepared for the reports.
///
/// The file is JSON Lines: this header on the first line, then one line per scenario (`ReportModel.Prepared`), by
/// id, so a shard writes it and `merge` reads it one scenario at a time, in memory that does not grow with the suite.
public struct ReportParts: Codable, Sendable {
    /// 3: each run names the policy it ran under (which decides the expectations checked).
    public var format = 3
    public var toolVersion: String
    /// `K/N`.
    public var shard: String
    public var profiles: [Profile]
    public var policy: Policy
    /// The run id of the shard's reports (`ReportModel.runID`), checked against its scenarios when read.
    public var runID: String
    /// Every scenario of the suite the shard was cut from, with its input digest: `merge` names missing shards.
    public var suite: [Member]
    public var revealed: Bool

    /// One scenario of a suite: its id and the digest of its inputs.
    public struct Member: Codable, Sendable, Hashable {
        public var scenario: String
        public var sha256: String

        /// A member.
        public init(scenario: String, sha256: String) {
            self.scenario = scenario
            self.sha256 = sha256
        }
    }

    /// The parts of one shard of `suite`.
    public init(shard: String, runID: String, suite: [Member], profiles: [Profile], policy: Policy, revealed: Bool) {
        toolVersion = ToolInfo.version
        self.shard = shard
        self.runID = runID
        self.suite = suite.sorted { $0.scenario < $1.scenario }
        self.profiles = profiles
        self.policy = policy
        self.revealed = revealed
    }

    /// The file name beside a shard's reports.
    public static let fileName = "report.parts.json"
    /// The longest line read (one scenario as prepared): a file without line breaks is refused, not held whole.
    public static let maximumLine = 256 << 20

    private static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Compact JSON has no raw line break: a string's own are escaped.
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// One scenario's line.
    static func line(_ prepared: ReportModel.Prepared) throws -> String { try encoded(prepared) }

    /// Writes the file: this header, then the line of each scenario of `report` (a spool that prepared `parts`).
    public func write(_ report: ReportModel, to sink: (String) -> Void) throws {
        sink(try Self.encoded(self))
        for outline in report.outlines { sink(try report.section(.parts, of: outline)) }
    }

    /// The header of the parts file at `path`, checked: its format, version and shard.
    public static func header(of path: String) throws -> ReportParts {
        try file(path) { try header(from: $0) }
    }

    /// Hands each scenario of the parts file at `path` (whose header is `self`) to `each`, checked one by one; at the
    /// end, the run id is checked against the scenarios read.
    public func scenarios(in path: String, _ each: (ReportModel.Prepared) throws -> Void) throws {
        try Self.file(path) { try scenarios(from: $0, each) }
    }

    /// The header and then each scenario of parts held in memory, checked as `merge` checks a file's.
    public static func read(_ data: Data, _ each: (ReportModel.Prepared) throws -> Void) throws -> ReportParts {
        func source() -> Chunks {
            var given = false
            return {
                defer { given = true }
                return given ? Data() : data
            }
        }
        let header = try header(from: source())
        try header.scenarios(from: source(), each)
        return header
    }

    /// Where the bytes of a parts file come from, a piece at a time; empty at the end.
    private typealias Chunks = () throws -> Data

    private static func file<T>(_ path: String, _ body: (Chunks) throws -> T) throws -> T {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Refusal(description: "it cannot be read")
        }
        defer { try? handle.close() }
        return try body { try handle.read(upToCount: 1 << 20) ?? Data() }
    }

    private static func header(from chunks: Chunks) throws -> ReportParts {
        var header: ReportParts?
        try lines(of: chunks) { data, number in
            do {
                header = try JSONDecoder().decode(ReportParts.self, from: data)
            } catch {
                throw Refusal(description: "line \(number): \(error)")
            }
            return false
        }
        guard let header else { throw Refusal(description: "it is empty") }
        try header.check()
        return header
    }

    private func scenarios(from chunks: Chunks, _ each: (ReportModel.Prepared) throws -> Void) throws {
        let members = Set(suite)
        var inputs: [ReportModel.Input] = []
        try Self.lines(of: chunks) { data, number in
            guard number > 1 else { return true }
            let prepared: ReportModel.Prepared
            do {
                prepared = try JSONDecoder().decode(ReportModel.Prepared.self, from: data)
            } catch {
                throw Refusal(description: "line \(number): \(error)")
            }
            try Self.check(prepared)
            // A run under another policy would check other expectations than the header says.
            guard prepared.analysis.profiles.allSatisfy({ $0.policy == policy.name }) else {
                throw Refusal(
                    description: "scenario '\(prepared.input.scenario)' ran under another policy than the shard's")
            }
            guard members.contains(Member(scenario: prepared.input.scenario, sha256: prepared.input.sha256)) else {
                throw Refusal(description: "scenario '\(prepared.input.scenario)' is not in the suite it lists")
            }
            inputs.append(prepared.input)
            try each(prepared)
            return true
        }
        let expected = ReportModel.runID(inputs: inputs, profiles: profiles, policy: policy, revealed: revealed)
        guard runID == expected else {
            throw Refusal(
                description: "its run id \(runID) is not the one its scenarios and options give (\(expected))")
        }
    }

    /// Each non-empty line of the bytes `chunks` gives, with its number, until `body` returns false. Only the line
    /// being read is held (a `Data` slice would keep every byte before it).
    private static func lines(of chunks: Chunks, _ body: (Data, Int) throws -> Bool) throws {
        var buffer: [UInt8] = []
        var start = 0
        // Where the search for the next line break resumes: a long line is scanned once, not once per chunk.
        var scanned = 0
        var number = 0
        while true {
            let chunk = try chunks()
            buffer.removeFirst(start)
            scanned -= start
            start = 0
            buffer += chunk
            while let end = buffer[scanned...].firstIndex(of: 0x0A) {
                number += 1
                if end > start, try !body(Data(buffer[start..<end]), number) { return }
                start = end + 1
                scanned = start
            }
            scanned = buffer.count
            guard buffer.count - start <= maximumLine else {
                throw Refusal(description: "line \(number + 1) is longer than \(maximumLine) bytes")
            }
            if chunk.isEmpty { break }
        }
        if start < buffer.count {
            _ = try body(Data(buffer[start...]), number + 1)
        }
    }

    /// Why parts cannot be merged.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    private func check() throws {
        guard format == 3 else { throw Refusal(description: "format \(format); this version reads format 3") }
        guard toolVersion == ToolInfo.version else {
            throw Refusal(description: "made by version \(toolVersion); this is \(ToolInfo.version)")
        }
        let numbers = shard.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) ?? -1 }
        guard numbers.count == 2, numbers[1] >= 1, numbers[1] <= 10_000, (1...numbers[1]).contains(numbers[0]) else {
            throw Refusal(description: "shard '\(shard)' is not K/N")
        }
        // 500,000 members of the longest ids fit in one header line (`maximumLine`).
        guard suite.count <= 500_000 else { throw Refusal(description: "its suite lists over 500,000 scenarios") }
        guard Set(suite.map(\.scenario)).count == suite.count else {
            throw Refusal(description: "its suite lists a scenario twice")
        }
    }

    /// The run id near the start of a report file (`runId="…"` in XML, `"runId": "…"` in JSON, the HTML's
    /// `supportscope-run-id`); nil when there is no such file or no id in its first 4 KB.
    public static func runID(inHeadOf path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        let patterns = [
            #/runId="([0-9a-f]{16})"/#, #/"runId": ?"([0-9a-f]{16})"/#,
            #/supportscope-run-id" content="([0-9a-f]{16})"/#,
        ]
        for pattern in patterns {
            if let match = head.firstMatch(of: pattern) { return String(match.output.1) }
        }
        return nil
    }

    /// Every number a report prints or computes with is in the range a run can produce (a forged step of Int.max
    /// overflowed `step + 1`), every score is the one its findings give, and the scenario is the one its input names.
    private static func check(_ prepared: ReportModel.Prepared) throws {
        let analysis = prepared.analysis
        let id = analysis.scenario.id
        func refuse(_ what: String) -> Refusal { Refusal(description: "scenario '\(id)': \(what)") }
        guard !id.isEmpty, id.utf8.count <= 200, id == prepared.input.scenario else {
            throw refuse("its id does not match its input")
        }
        let steps = 0..<min(analysis.scenario.steps.count, Limits.stepsPerScenario)
        func step(_ value: Int?, _ what: String) throws {
            if let value, !steps.contains(value) { throw refuse("\(what) step \(value) is not one of its steps") }
        }
        func place(_ location: SourceLocation?, _ what: String) throws {
            guard let location else { return }
            guard (1...Int(Int32.max)).contains(location.line), (1...Int(Int32.max)).contains(location.column) else {
                throw refuse("\(what) is at line \(location.line), column \(location.column)")
            }
        }
        guard analysis.scenario.steps.count <= Limits.stepsPerScenario,
            analysis.scenario.steps.enumerated().allSatisfy({ $0.offset == $0.element.index })
        else { throw refuse("its steps are not numbered in order") }
        for result in analysis.profiles {
            let profile = result.run.profile
            guard result.score == Score(result.findings) else {
                throw refuse("the score under '\(profile)' does not match its findings")
            }
            try step(result.run.escalatedAt, "escalation")
            for finding in result.findings {
                try step(finding.step, "a finding's")
                try place(finding.source, "a finding's source")
                try place(finding.stepLocation, "a finding's step")
                guard finding.confidence.isFinite, (0...1).contains(finding.confidence) else {
                    throw refuse("a finding's confidence is \(finding.confidence)")
                }
            }
            for outcome in result.run.outcomes { try step(outcome.step, "an outcome's") }
            for entry in result.run.audit { try step(entry.step, "an audit entry's") }
            for failure in result.failures { try place(failure.location, "an expectation") }
        }
        for view in prepared.views {
            try step(view.step, "a view's")
            for pane in view.panes {
                let place = 0...1_000_000
                for region in pane.regions where !place.contains(region.x) || !place.contains(region.y) {
                    throw refuse("a screen region is at \(region.x), \(region.y)")
                }
                // The SVG adds to these: bounded, so no sum can overflow.
                for window in pane.windows
                where ![window.x, window.y, window.width, window.height].allSatisfy(place.contains) {
                    throw refuse("a window is at \(window.x), \(window.y) sized \(window.width) × \(window.height)")
                }
                if let screen = pane.screen, !place.contains(screen.width) || !place.contains(screen.height) {
                    throw refuse("the screen is \(screen.width) × \(screen.height)")
                }
                if let cursor = pane.cursor, !place.contains(cursor.x) || !place.contains(cursor.y) {
                    throw refuse("the pointer is at \(cursor.x), \(cursor.y)")
                }
            }
        }
    }
}

/// How much the HTML report holds.
public enum ReportDetail: String, Sendable, CaseIterable {
    /// Every step, view, finding, action, retention list and audit trail.
    case full
    /// The summary, the matrix, the key findings and one view per scenario: the report to send a prospect.
    case summary
}

/// Everything a report holds: the inputs, the profiles, the policy, each scenario's outline, and its sections in the
/// spool they were rendered into as it was prepared.
public struct ReportModel: Sendable {
    /// One scenario folder as the run read it.
    public struct Input: Sendable, Hashable, Codable {
        public var scenario: String
        public var folder: String
        /// SHA-256 over the folder's files (sorted paths and contents), so a report names exactly what it measured.
        public var sha256: String
    }

    public var toolVersion: String
    public var profiles: [Profile]
    public var policy: Policy
    /// Every scenario's outline, by id: what the parts of the reports about the whole suite read.
    public let outlines: [ScenarioOutline]
    /// True when planted values are shown (`--reveal`); every format says so.
    public var revealed: Bool
    /// The generation time, only from `SOURCE_DATE_EPOCH`: without it reports carry no time, so runs compare byte for byte.
    public var generatedAt: Date?
    /// The run's id, in every file of the report set (see `runID(inputs:profiles:policy:revealed:)`).
    public var runID = ""
    /// The HTML report's title and the line under it; nil for the default title and none. Presentation only: not part
    /// of the run id, so shards run without them merge into a report that has them.
    public var title: String?
    public var subtitle: String?
    /// The scenarios' sections, rendered as each was prepared.
    let spool: ReportSpool

    /// The inputs, by scenario id.
    public var inputs: [Input] { outlines.map(\.input) }
    /// How much the HTML report holds (fixed when the spool was made: the sections are rendered with it).
    public var detail: ReportDetail { spool.context.detail }
    /// The gate and the baseline the reports judge the findings by; not part of the run id.
    public var review: Review { spool.context.review }

    /// One scenario made ready for the reports as soon as it is analysed: every text the reports print redacted
    /// (unless the run reveals), the agent's views at its key steps built, its input hashed, and what crossed (the
    /// wire, the retained contents) dropped. A spool renders it into each format's section at once and drops it; it
    /// is what `report.parts.json` holds: data already redacted, no rendered HTML.
    public struct Prepared: Sendable, Codable {
        public let analysis: ScenarioAnalysis
        let views: [AgentView]
        let input: Input

        /// Prepares `analysis` for a report that reveals values or not.
        public init(_ analysis: ScenarioAnalysis, revealed: Bool) {
            let safe = SafeText(items: analysis.scenario.items, revealed: revealed)
            views = Self.views(analysis, safe: safe)
            input = Input(
                scenario: analysis.scenario.id, folder: safe.structure(analysis.scenario.folder),
                sha256: analysis.scenario.inputDigest)
            self.analysis = Self.redacted(analysis, safe: safe)
        }
    }

    /// A report of the scenarios collected in `spool`.
    public init(
        spool: ReportSpool, profiles: [Profile], policy: Policy, revealed: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.spool = spool
        toolVersion = ToolInfo.version
        outlines = spool.sorted
        // Profiles come from YAML files too: their words are scanned like any text that belongs to no scenario.
        let safe = SafeText(items: [], revealed: revealed)
        self.profiles = profiles.map { profile in
            var profile = profile
            profile.source = safe.structure(profile.source)
            profile.summary = safe.structure(profile.summary)
            return profile
        }
        self.policy = policy
        self.revealed = revealed
        generatedAt = Self.sourceDate(environment)
        runID = Self.runID(inputs: outlines.map(\.input), profiles: profiles, policy: policy, revealed: revealed)
    }

    /// A report of scenarios prepared one by one, their sections for every format rendered in memory.
    public init(
        prepared: [Prepared], profiles: [Profile], policy: Policy, revealed: Bool,
        context: ReportContext = ReportContext(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let spool = try ReportSpool(context: context, formats: SectionFormat.allCases, spillingIn: nil)
        for scenario in prepared { try spool.add(scenario) }
        self.init(spool: spool, profiles: profiles, policy: policy, revealed: revealed, environment: environment)
    }

    /// The section of `format` for the scenario of `outline`.
    func section(_ format: SectionFormat, of outline: ScenarioOutline) throws -> String {
        try spool.section(format, of: outline.id)
    }

    /// The id of a run of `inputs` under `profiles` and `policy`: the first 16 hex digits of a SHA-256 over the tool's
    /// version, each scenario's id and input digest, the profiles, the policy and whether values are revealed — what
    /// decides the reports' content. The same inputs and options give the same id, so reruns stay byte-identical, and
    /// every file of a report set carries it, so a reader can tell a set from files of different runs. The generation
    /// time (`SOURCE_DATE_EPOCH`) is not part of it: it says when, not what.
    public static func runID(inputs: [Input], profiles: [Profile], policy: Policy, revealed: Bool) -> String {
        var hasher = Checksums.SHA256()
        func field(_ bytes: some Collection<UInt8>) {
            hasher.update(Array(String(bytes.count).utf8) + [0])
            hasher.update(bytes)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        field(Array("supportscope \(ToolInfo.version)".utf8))
        for input in inputs.sorted(by: { $0.scenario < $1.scenario }) {
            field(Array(input.scenario.utf8))
            field(Array(input.sha256.utf8))
        }
        // Profiles and policies are plain values: encoding cannot fail (and an empty field would still be counted).
        field((try? encoder.encode(profiles)) ?? Data())
        field((try? encoder.encode(policy)) ?? Data())
        field(revealed ? [1] : [0])
        return hex(hasher.finish().prefix(8))
    }

    /// Bytes as lower-case hex digits, two per byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String { Checksums.hex(bytes) }

    /// Whole seconds from 1970 to the year 9999, as the reproducible-builds convention has it; anything else is ignored.
    static func sourceDate(_ environment: [String: String]) -> Date? {
        environment["SOURCE_DATE_EPOCH"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { (0...253_402_300_799).contains($0) ? Date(timeIntervalSince1970: TimeInterval($0)) : nil }
    }

    /// A report of `scenarios`, analysed under `profiles` with `policy`, each prepared as `run` prepares them.
    public init(
        scenarios: [ScenarioAnalysis], profiles: [Profile], policy: Policy, revealed: Bool,
        context: ReportContext = ReportContext(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        try self.init(
            prepared: scenarios.map { Prepared($0, revealed: revealed) }, profiles: profiles, policy: policy,
            revealed: revealed, context: context, environment: environment)
    }

    /// The suite's scores per profile, compared with `cobrowse-standard`.
    public var suite: [ScoreComparison] {
        ScoreComparison.suite(scores: outlines.map { $0.runs.map { ($0.profile, $0.score) } })
    }

    /// Every finding that fails the gate, as the gate prints it, in the reports' order.
    public var failing: [String] { outlines.flatMap { $0.runs.flatMap(\.failing) } }

    /// The baseline's findings for the scenario × profile pairs the run measured that it no longer has.
    public var fixed: [Baseline.Entry] { outlines.flatMap(\.fixed) }

    /// The findings an accepted risk covers.
    public var acceptedCount: Int { outlines.reduce(0) { $0 + $1.runs.reduce(0) { $0 + $1.accepted } } }

    /// The accepted-risk entries in force (by index) that match some finding of the run.
    public var matchedRisks: Set<Int> { outlines.reduce(into: Set<Int>()) { $0.formUnion($1.runs.flatMap(\.matched)) } }

    /// The findings per state against the baseline.
    public var baselineStates: [Baseline.State: Int] {
        outlines.flatMap(\.runs).reduce(into: [:]) { total, run in total.merge(run.states, uniquingKeysWith: +) }
    }

}
