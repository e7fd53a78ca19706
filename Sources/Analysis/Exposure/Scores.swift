import Scenarios
import Simulation

/// Counts by severity and the weighted exposure index of a set of findings (see docs/SCORING.md).
public struct Score: Sendable, Hashable, Codable {
    /// Findings per severity; every level is present.
    public var counts: [Severity: Int]
    /// Σ weight(severity) over the findings: 1, 2, 4, 8, 16 from low to critical.
    public var index: Int

    /// The score of `findings`.
    public init(_ findings: [Finding]) {
        var counts = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, 0) })
        for finding in findings { counts[finding.severity, default: 0] += 1 }
        self.counts = counts
        index = findings.reduce(0) { $0 + Rating.weight($1.severity) }
    }

    /// The sum of several scores (a profile over a whole suite).
    public init(summing scores: [Score]) {
        counts = Dictionary(
            uniqueKeysWithValues: Severity.allCases.map { level in
                (level, scores.reduce(0) { $0 + ($1.counts[level] ?? 0) })
            })
        index = scores.reduce(0) { $0 + $1.index }
    }

    /// The worst severity present, if any.
    public var worst: Severity? { Severity.allCases.last { (counts[$0] ?? 0) > 0 } }
}

/// A profile's score next to the reference profile's, for "how much safer is co-browsing".
public struct ScoreComparison: Sendable, Hashable, Codable {
    public var profile: String
    public var score: Score
    /// `score.index − reference.index`; positive means more exposure than the reference.
    public var difference: Int
    /// `score.index ÷ reference.index`, nil when the reference has no findings.
    public var ratio: Double?

    /// Compares `score` with the reference's.
    public init(profile: String, score: Score, reference: Score) {
        self.profile = profile
        self.score = score
        difference = score.index - reference.index
        ratio = reference.index == 0 ? nil : Double(score.index) / Double(reference.index)
    }
}

/// The profile every other is compared with.
public let referenceProfile = "cobrowse-standard"

extension ScoreComparison {
    /// Per profile, the scores of a whole suite summed over its scenarios and compared with the reference's sum.
    /// Profiles appear in the order of the first scenario's runs; a suite without the reference compares with zero.
    public static func suite(_ analyses: [ScenarioAnalysis], reference: String = referenceProfile) -> [ScoreComparison]
    {
        suite(scores: analyses.map { $0.profiles.map { ($0.run.profile, $0.score) } }, reference: reference)
    }

    /// The suite's comparisons from each scenario's scores per profile, in the scenarios' order.
    public static func suite(
        scores runs: [[(profile: String, score: Score)]], reference: String = referenceProfile
    ) -> [ScoreComparison] {
        var order: [String] = []
        var scores: [String: [Score]] = [:]
        for scenario in runs {
            for (profile, score) in scenario {
                if scores[profile] == nil { order.append(profile) }
                scores[profile, default: []].append(score)
            }
        }
        let base = Score(summing: scores[reference] ?? [])
        return order.map { ScoreComparison(profile: $0, score: Score(summing: scores[$0]!), reference: base) }
    }
}
