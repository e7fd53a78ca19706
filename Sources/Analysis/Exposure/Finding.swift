import Detectors
import Scenarios
import Simulation

/// One exposure of one item (or one unplanted detector hit, or one sensitive action) under one profile.
public struct Finding: Sendable, Hashable, Codable {
    /// What kind of exposure it is (see "What exposure means" in the README).
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case observed, reachable, retained, action
    }

    /// How much of a value crossed.
    public enum Grade: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
        /// Only its length (masked with length preserved).
        case lengthOnly = "length-only"
        /// A truncation standards allow (a card's first six and last four digits at most).
        case truncated
        /// A recognisable part beyond what standards allow (a longer prefix, a partly masked value).
        case partial
        /// The whole value.
        case full

        public static func < (lhs: Grade, rhs: Grade) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        /// True when the agent learnt the value or a recognisable part of it.
        public var isExposure: Bool { self >= .partial }
    }

    /// What the finding is about.
    public enum Subject: Sendable, Hashable, Codable {
        /// A planted item, by id.
        case item(String)
        /// Sensitive data nobody planted, found by a detector.
        case unplanted(DetectorClass)
        /// An agent action on a sensitive control.
        case action(String)

        /// The subject as reports name it: `item card.number`, `unplanted card-number`, `action submits a payment`.
        public var description: String {
            switch self {
            case let .item(id): "item \(id)"
            case let .unplanted(detectorClass): "unplanted \(detectorClass.rawValue)"
            case let .action(what): "action \(what)"
            }
        }
    }

    /// Stable across runs of the same inputs, so reports can be diffed.
    public var id: String
    public var scenario: String
    public var profile: String
    /// The 0-based scenario step at which it first happened; nil for what holds for the whole session (reach, retention).
    public var step: Int?
    /// The actor of that step.
    public var actor: Actor?
    /// That step's action, in words.
    public var action: String?
    public var channel: Channel
    public var kind: Kind
    public var subject: Subject
    /// The data class, for items and detector hits.
    public var dataClass: DataClass?
    /// How much crossed; nil for actions.
    public var grade: Grade?
    public var impact: Impact
    public var likelihood: Likelihood
    public var severity: Severity
    /// 1 for planted items (they are known); the detector's confidence for unplanted data.
    public var confidence: Double
    /// Where the data is in the scenario's pages or files, when it can be found there.
    public var source: SourceLocation?
    /// The scenario line of the step.
    public var stepLocation: SourceLocation?
    /// The value as reports may show it: redacted unless the user asked to reveal it.
    public var evidence: String
    /// One line on why the severity is what it is.
    public var rating: String
}

/// One profile's run of one scenario, measured.
public struct ProfileAnalysis: Sendable, Codable {
    public var run: ModelRun
    public var findings: [Finding]
    public var failures: [ExpectationFailure]
    public var score: Score
    /// The name of the policy it ran under, which decides the expectations checked.
    public var policy: String

    /// Creates an analysis of one run (a replay's, or a recording's as `audit rrweb` measures it).
    public init(
        run: ModelRun, findings: [Finding], failures: [ExpectationFailure], score: Score, policy: String
    ) {
        self.run = run
        self.findings = findings
        self.failures = failures
        self.score = score
        self.policy = policy
    }

    /// Expectation entries for this profile left unchecked because they hold only under other policies.
    public func unchecked(in scenario: Scenario) -> Unchecked {
        ExpectationEvaluator.unchecked(scenario, profile: run.profile, policy: policy)
    }
}

/// One scenario under several profiles, measured and compared.
public struct ScenarioAnalysis: Sendable, Codable {
    public var scenario: Scenario
    public var profiles: [ProfileAnalysis]

    /// Creates the analysis of `scenario` from its runs' analyses.
    public init(scenario: Scenario, profiles: [ProfileAnalysis]) {
        self.scenario = scenario
        self.profiles = profiles
    }

    /// Replays `scenario` under each profile and analyses every run.
    public static func analyze(
        _ scenario: Scenario, profiles: [Profile], policy: Policy = .default, reveal: Bool = false
    ) throws -> ScenarioAnalysis {
        let analyzer = ExposureAnalyzer(scenario: scenario, reveal: reveal)
        let results = try profiles.map { profile -> ProfileAnalysis in
            let run = try Replay.run(scenario, profile: profile, policy: policy)
            let findings = analyzer.findings(for: run)
            return ProfileAnalysis(
                run: run, findings: findings,
                failures: ExpectationEvaluator.failures(scenario, run: run, findings: findings, policy: policy.name),
                score: Score(findings), policy: policy.name)
        }
        return ScenarioAnalysis(scenario: scenario, profiles: results)
    }

    /// Each profile's score against the reference profile's (`cobrowse-standard`), when the reference was run.
    public func comparisons(reference: String = referenceProfile) -> [ScoreComparison] {
        guard let base = profiles.first(where: { $0.run.profile == reference }) else { return [] }
        return profiles.map { ScoreComparison(profile: $0.run.profile, score: $0.score, reference: base.score) }
    }
}
