import Scenarios
import Simulation

/// How likely it is that an exposure of this kind and channel is exploited: the likelihood axis of the rating.
public enum Likelihood: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// The customer had to consent first and saw it happen (an action allowed after consent).
    case unlikely
    /// The agent could obtain it but did not receive it (reachable only).
    case likely
    /// The agent received it live, or an action went through without consent.
    case veryLikely = "very-likely"
    /// It persists after the session (a recording, standing access, logs).
    case frequent

    public static func < (lhs: Likelihood, rhs: Likelihood) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The rating table: severity from impact × likelihood, in the spirit of Threagile's risk rating.
///
/// A table rather than a product of weights, so a reviewer can check each cell:
/// rows are impact, columns likelihood. It is printed in docs/SCORING.md.
public enum Rating {
    /// `matrix[impact][likelihood]`.
    static let matrix: [[Severity]] = [
        // unlikely   likely     very likely  frequent
        [.low, .low, .low, .medium],  // low impact
        [.low, .medium, .medium, .elevated],  // medium impact
        [.medium, .elevated, .high, .critical],  // high impact
        [.elevated, .high, .critical, .critical],  // very high impact
    ]

    /// The severity of an exposure with this impact and likelihood.
    public static func severity(impact: Impact, likelihood: Likelihood) -> Severity {
        matrix[impact.rank][Likelihood.allCases.firstIndex(of: likelihood)!]
    }

    /// The likelihood of a kind of exposure through a channel.
    public static func likelihood(kind: Finding.Kind, channel: Channel) -> Likelihood {
        switch kind {
        case .observed: .veryLikely
        case .reachable: .likely
        case .retained: channel == .sessionInformation ? .likely : .frequent
        case .action: .veryLikely
        }
    }

    /// The impact of an exposure of an item with `impact` at `grade`: a partial value is one tier lower, a truncation or a length low.
    public static func impact(_ impact: Impact, grade: Finding.Grade) -> Impact {
        switch grade {
        case .full: impact
        case .partial: impact.lowered
        case .truncated, .lengthOnly: .low
        }
    }

    /// The finding's one-line explanation, e.g. `high impact (card-number, full value) × very likely (observed in dom snapshot) = high`.
    public static func explanation(
        impact: Impact, what: String, likelihood: Likelihood, why: String, severity: Severity
    ) -> String {
        "\(impact.rawValue) impact (\(what)) × \(likelihood.rawValue) (\(why)) = \(severity.rawValue)"
    }

    /// The rating table as Markdown, as docs/SCORING.md prints it (a test keeps the two in step).
    public static func markdownTable() -> String {
        var lines = [
            "| impact \\ likelihood | " + Likelihood.allCases.map(\.rawValue).joined(separator: " | ") + " |",
            "| --- |" + String(repeating: " --- |", count: Likelihood.allCases.count),
        ]
        for impact in Impact.allCases.reversed() {
            lines.append(
                "| **\(impact.rawValue)** | "
                    + Likelihood.allCases.map { severity(impact: impact, likelihood: $0).rawValue }.joined(
                        separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// The weight of one finding in the exposure index: each level counts twice the one below.
    public static func weight(_ severity: Severity) -> Int {
        switch severity {
        case .low: 1
        case .medium: 2
        case .elevated: 4
        case .high: 8
        case .critical: 16
        }
    }
}
