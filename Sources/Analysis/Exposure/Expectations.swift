import Scenarios
import Simulation

/// One expectation entry that did not hold, with the scenario line that stated it.
public struct ExpectationFailure: Sendable, Hashable, Codable {
    public var profile: String
    /// The entry, as `key:id` (`not-observed:card.number`, `refused:agent-opens-file`).
    public var entry: String
    /// What was expected and what happened, e.g. `card.number must not be observed, but it was: full value in input event at step 4`.
    public var message: String
    public var location: SourceLocation
}

/// Expectation entries set aside under a run's policy: how many, and the policies they hold under instead.
public struct Unchecked: Sendable, Hashable {
    public var entries = 0
    public var policies: Set<String> = []

    /// `entries` entries, holding only under `policies`.
    public init(entries: Int = 0, policies: Set<String> = []) {
        self.entries = entries
        self.policies = policies
    }

    /// Both sets of entries together.
    public static func + (left: Unchecked, right: Unchecked) -> Unchecked {
        Unchecked(entries: left.entries + right.entries, policies: left.policies.union(right.policies))
    }

    /// `N expectation entry(ies) not checked under 'P': they hold only under 'a', 'b'`, or nil when there are none.
    public func note(policy: String) -> String? {
        guard entries > 0 else { return nil }
        let names = policies.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return
            "\(entries) expectation entry(ies) not checked under the policy '\(policy)': they hold only under \(names)"
    }
}

/// Checks a scenario's expectations against the findings and outcomes of one run.
public enum ExpectationEvaluator {
    /// The entries of every expectation naming `run`'s profile and checked under `policy` that do not hold.
    ///
    /// Over 60 lines: one short check per expectation kind (observed, not observed, refused, allowed, …), read as a
    /// table next to the format's list of them.
    public static func failures(
        _ scenario: Scenario, run: ModelRun, findings: [Finding], policy: String
    ) -> [ExpectationFailure] {
        var failures: [ExpectationFailure] = []
        for expectation in scenario.expectations
        where expectation.profiles.contains(run.profile) && expectation.applies(underPolicy: policy) {
            func fail(_ key: String, _ id: String, _ message: String) {
                failures.append(
                    ExpectationFailure(
                        profile: run.profile, entry: "\(key):\(id)", message: message,
                        location: expectation.location(of: key, id)))
            }
            func exposures(_ id: String, _ kind: Finding.Kind) -> [Finding] {
                findings.filter { $0.subject == .item(id) && $0.kind == kind && ($0.grade?.isExposure ?? false) }
            }
            func describe(_ finding: Finding) -> String {
                "\(finding.grade?.rawValue ?? "") value in \(finding.channel.rawValue)"
                    + (finding.step.map { " at step \($0 + 1)" } ?? "")
            }
            let outcomes = Dictionary(
                run.outcomes.compactMap { outcome in outcome.stepID.map { ($0, outcome) } },
                uniquingKeysWith: { first, _ in first })
            for (key, ids) in lists(expectation) {
                for id in ids {
                    if let (kind, wanted) = exposureKeys[key] {
                        let found = exposures(id, kind)
                        if wanted, found.isEmpty {
                            fail(key, id, "\(id) must be \(kind.rawValue) under \(run.profile), but it was not")
                        } else if !wanted, let first = found.first {
                            fail(
                                key, id,
                                "\(id) must not be \(kind.rawValue) under \(run.profile), but it was: \(describe(first))"
                            )
                        }
                        continue
                    }
                    // `refused` or `allowed`: a request the mode refused, or could not perform at all, counts as refused.
                    guard let outcome = outcomes[id] else {
                        fail(
                            key, id,
                            "step \(id) must be \(key) under \(run.profile), but the agent's request never reached the mode"
                        )
                        continue
                    }
                    let allowed = outcome.decision == .allowed || outcome.decision == .allowedAfterConsent
                    if allowed != (key == "allowed") {
                        fail(
                            key, id,
                            "step \(id) must be \(key) under \(run.profile), but it was \(outcome.decision.rawValue): \(outcome.reason)"
                        )
                    }
                }
            }
        }
        return failures
    }

    /// Every entry of the expectations that name `profile`, as `key:id` with the line that states it, in the order
    /// written: what a JUnit report lists as test cases. `onlyUnder` is set for an entry not checked under `policy`:
    /// the policies it holds under.
    public static func entries(
        _ scenario: Scenario, profile: String, policy: String
    ) -> [(
        entry: String, location: SourceLocation, onlyUnder: [String]?
    )] {
        scenario.expectations.filter { $0.profiles.contains(profile) }.flatMap { expectation in
            lists(expectation).flatMap { key, ids in
                ids.map {
                    (
                        entry: "\(key):\($0)", location: expectation.location(of: key, $0),
                        onlyUnder: expectation.applies(underPolicy: policy) ? nil : expectation.policies
                    )
                }
            }
        }
    }

    /// The entries naming `profile` not checked under `policy`, because they hold only under others: how many, and
    /// the policies they name.
    public static func unchecked(_ scenario: Scenario, profile: String, policy: String) -> Unchecked {
        let set = entries(scenario, profile: profile, policy: policy).compactMap(\.onlyUnder)
        return Unchecked(entries: set.count, policies: Set(set.joined()))
    }

    /// An expectation's lists by their keys in the format, in the order `failures` checks them.
    static func lists(_ expectation: Expectation) -> [(key: String, ids: [String])] {
        [
            ("observed", expectation.observed), ("not-observed", expectation.notObserved),
            ("reachable", expectation.reachable), ("not-reachable", expectation.notReachable),
            ("retained", expectation.retained), ("not-retained", expectation.notRetained),
            ("refused", expectation.refused), ("allowed", expectation.allowed),
        ]
    }

    /// The lists about exposure: the kind each names, and whether it must happen.
    static let exposureKeys: [String: (kind: Finding.Kind, wanted: Bool)] = [
        "observed": (.observed, true), "not-observed": (.observed, false), "reachable": (.reachable, true),
        "not-reachable": (.reachable, false), "retained": (.retained, true), "not-retained": (.retained, false),
    ]
}
