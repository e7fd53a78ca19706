/// One expectation entry that did not hold, with the scenario line that stated it.
public struct ExpectationFailure: Sendable, Hashable, Codable {
    public var profile: String
    /// What was expected and what happened, e.g. `card.number must not be observed, but it was: full value in input event at step 4`.
    public var message: String
    public var location: SourceLocation
}

/// Checks a scenario's expectations against the findings and outcomes of one run.
public enum ExpectationEvaluator {
    /// The entries of every expectation naming `run`'s profile that do not hold.
    public static func failures(_ scenario: Scenario, run: ModelRun, findings: [Finding]) -> [ExpectationFailure] {
        var failures: [ExpectationFailure] = []
        for expectation in scenario.expectations where expectation.profiles.contains(run.profile) {
            func fail(_ key: String, _ id: String, _ message: String) {
                failures.append(ExpectationFailure(profile: run.profile, message: message, location: expectation.location(of: key, id)))
            }
            func exposures(_ id: String, _ kind: Finding.Kind) -> [Finding] {
                findings.filter { $0.subject == .item(id) && $0.kind == kind && ($0.grade?.isExposure ?? false) }
            }
            func describe(_ finding: Finding) -> String {
                "\(finding.grade?.rawValue ?? "") value in \(finding.channel.rawValue)" + (finding.step.map { " at step \($0 + 1)" } ?? "")
            }
            for (key, kind, wanted) in [("observed", Finding.Kind.observed, true), ("not-observed", .observed, false), ("reachable", .reachable, true),
                                        ("not-reachable", .reachable, false), ("retained", .retained, true), ("not-retained", .retained, false)] {
                let ids: [String]
                switch key {
                case "observed": ids = expectation.observed
                case "not-observed": ids = expectation.notObserved
                case "reachable": ids = expectation.reachable
                case "not-reachable": ids = expectation.notReachable
                case "retained": ids = expectation.retained
                default: ids = expectation.notRetained
                }
                for id in ids {
                    let found = exposures(id, kind)
                    if wanted, found.isEmpty {
                        fail(key, id, "\(id) must be \(kind.rawValue) under \(run.profile), but it was not")
                    } else if !wanted, let first = found.first {
                        fail(key, id, "\(id) must not be \(kind.rawValue) under \(run.profile), but it was: \(describe(first))")
                    }
                }
            }
            let outcomes = Dictionary(run.outcomes.compactMap { outcome in outcome.stepID.map { ($0, outcome) } }, uniquingKeysWith: { first, _ in first })
            for id in expectation.refused {
                guard let outcome = outcomes[id] else {
                    fail("refused", id, "step \(id) must be refused under \(run.profile), but the agent's request never reached the mode")
                    continue
                }
                if outcome.decision == .allowed || outcome.decision == .allowedAfterConsent {
                    fail("refused", id, "step \(id) must be refused under \(run.profile), but it was \(outcome.decision.rawValue): \(outcome.reason)")
                }
            }
            for id in expectation.allowed {
                guard let outcome = outcomes[id] else {
                    fail("allowed", id, "step \(id) must be allowed under \(run.profile), but the agent's request never reached the mode")
                    continue
                }
                if outcome.decision == .refused || outcome.decision == .notPossible {
                    fail("allowed", id, "step \(id) must be allowed under \(run.profile), but it was \(outcome.decision.rawValue): \(outcome.reason)")
                }
            }
        }
        return failures
    }
}
