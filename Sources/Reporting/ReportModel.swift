import Detectors
import Foundation
import SupportScope

/// What a sharded run leaves besides its reports (`report.parts.json`), so `supportscope merge` can write the
/// reports of the whole suite exactly as an unsharded run would: every scenario as prepared for the reports.
public struct ReportParts: Codable, Sendable {
    public var format = 1
    public var toolVersion: String
    /// `K/N`.
    public var shard: String
    public var profiles: [Profile]
    public var policy: Policy
    public var revealed: Bool
    public var scenarios: [ReportModel.Prepared]

    /// The parts of one shard.
    public init(shard: String, profiles: [Profile], policy: Policy, revealed: Bool, scenarios: [ReportModel.Prepared]) {
        toolVersion = ToolInfo.version
        self.shard = shard
        self.profiles = profiles
        self.policy = policy
        self.revealed = revealed
        self.scenarios = scenarios
    }

    /// The file name beside a shard's reports.
    public static let fileName = "report.parts.json"

    /// The encoded parts, keys sorted.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Parts read back from a file, refused unless they are what this version writes: its format and version, a
    /// `K/N` shard, and every score equal to the one its findings give (a forged `index` of Int.max crashed merge).
    public static func decode(_ data: Data) throws -> ReportParts {
        let parts = try JSONDecoder().decode(ReportParts.self, from: data)
        try parts.check()
        return parts
    }

    /// Why parts cannot be merged.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    private func check() throws {
        guard format == 1 else { throw Refusal(description: "format \(format); this version reads format 1") }
        guard toolVersion == ToolInfo.version else {
            throw Refusal(description: "made by version \(toolVersion); this is \(ToolInfo.version)")
        }
        let numbers = shard.split(separator: "/").compactMap { Int($0) }
        guard numbers.count == 2, numbers[1] >= 1, numbers[1] <= 10_000, (1...numbers[1]).contains(numbers[0]) else {
            throw Refusal(description: "shard '\(shard)' is not K/N")
        }
        for prepared in scenarios {
            for profile in prepared.analysis.profiles where profile.score != Score(profile.findings) {
                throw Refusal(
                    description: "the score of '\(prepared.analysis.scenario.id)' under '\(profile.run.profile)' "
                        + "does not match its findings")
            }
        }
    }
}

/// Everything a report holds: the inputs, the profiles, the policy and each scenario's measured runs.
public struct ReportModel: Sendable {
    /// One scenario folder as the run read it.
    public struct Input: Sendable, Hashable, Codable {
        public var scenario: String
        public var folder: String
        /// SHA-256 over the folder's files (sorted paths and contents), so a report names exactly what it measured.
        public var sha256: String
    }

    public var toolVersion: String
    public var inputs: [Input]
    public var profiles: [Profile]
    public var policy: Policy
    public var scenarios: [ScenarioAnalysis]
    /// True when planted values are shown (`--reveal`); every format says so.
    public var revealed: Bool
    /// The generation time, only from `SOURCE_DATE_EPOCH`: without it reports carry no time, so runs compare byte for byte.
    public var generatedAt: Date?
    /// HTML sections already rendered per scenario id (by `Prepared`), so the analyses need not keep what crossed.
    var renderedSections: [String: String] = [:]

    /// One scenario made ready for the reports as soon as it is analysed: its HTML section rendered, its input
    /// hashed, and what crossed (the wire, the retained contents) dropped — a suite's memory then grows with its
    /// findings, not with every run's traffic.
    public struct Prepared: Sendable, Codable {
        public let analysis: ScenarioAnalysis
        let section: String
        let input: Input

        /// Prepares `analysis` for a report that reveals values or not.
        public init(_ analysis: ScenarioAnalysis, revealed: Bool) {
            var standalone = HTMLReport(ReportModel(bare: [analysis], revealed: revealed))
            standalone.scenario(analysis)
            section = standalone.html.take()
            input = Input(
                scenario: analysis.scenario.id, folder: analysis.scenario.folder,
                sha256: analysis.scenario.inputDigest)
            var slim = analysis
            // Nothing the reports do not read is kept (and so nothing reaches `report.parts.json`): not the pages,
            // files, clipboard or saved passwords, not what steps typed, copied or notified.
            slim.scenario.world.windows = []
            slim.scenario.world.files = []
            slim.scenario.world.clipboard = nil
            slim.scenario.world.credentials = []
            slim.scenario.steps = analysis.scenario.steps.map { step in
                var bare = step
                bare.action = step.action.withoutPayload
                return bare
            }
            for index in slim.profiles.indices {
                slim.profiles[index].run.wire = []
                for artifact in slim.profiles[index].run.retention.indices {
                    slim.profiles[index].run.retention[artifact].content = ""
                }
            }
            self.analysis = slim
        }
    }

    /// A report of scenarios prepared one by one (possibly on several threads).
    public init(
        prepared: [Prepared], profiles: [Profile], policy: Policy, revealed: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let sorted = prepared.sorted { $0.analysis.scenario.id < $1.analysis.scenario.id }
        self.init(bare: sorted.map(\.analysis), revealed: revealed)
        self.profiles = profiles
        self.policy = policy
        inputs = sorted.map(\.input)
        renderedSections = Dictionary(
            sorted.map { ($0.analysis.scenario.id, $0.section) }, uniquingKeysWith: { first, _ in first })
        generatedAt = Self.sourceDate(environment)
    }

    /// A model with nothing but the analyses, for rendering one scenario's part.
    init(bare scenarios: [ScenarioAnalysis], revealed: Bool) {
        toolVersion = ToolInfo.version
        self.scenarios = scenarios
        profiles = []
        policy = .default
        self.revealed = revealed
        inputs = []
        generatedAt = nil
    }

    /// Whole seconds from 1970 to the year 9999, as the reproducible-builds convention has it; anything else is ignored.
    static func sourceDate(_ environment: [String: String]) -> Date? {
        environment["SOURCE_DATE_EPOCH"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { (0...253_402_300_799).contains($0) ? Date(timeIntervalSince1970: TimeInterval($0)) : nil }
    }

    /// A report of `scenarios`, analysed under `profiles` with `policy`.
    public init(
        scenarios: [ScenarioAnalysis], profiles: [Profile], policy: Policy, revealed: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        toolVersion = ToolInfo.version
        self.scenarios = scenarios.sorted { $0.scenario.id < $1.scenario.id }
        self.profiles = profiles
        self.policy = policy
        self.revealed = revealed
        inputs = self.scenarios.map {
            Input(scenario: $0.scenario.id, folder: $0.scenario.folder, sha256: $0.scenario.inputDigest)
        }
        generatedAt = Self.sourceDate(environment)
    }

    /// The suite's scores per profile, compared with `cobrowse-standard`.
    public var suite: [ScoreComparison] { ScoreComparison.suite(scenarios) }

}
