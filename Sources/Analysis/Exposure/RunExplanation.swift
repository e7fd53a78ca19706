import Scenarios
import Simulation

/// A step-by-step account of one run, for researchers debugging a scenario (`supportscope explain`).
public struct RunExplanation {
    public let scenario: Scenario
    public let run: ModelRun
    /// The run's findings, listed after the steps; empty to leave them out.
    public let findings: [Finding]
    /// Expectations that did not hold.
    public let failures: [ExpectationFailure]
    /// Redacts what crossed before it is printed; nil prints it as it was (`--reveal`).
    public let redactor: TextRedactor?

    /// Creates the explanation.
    public init(
        scenario: Scenario, run: ModelRun, findings: [Finding] = [], failures: [ExpectationFailure] = [],
        reveal: Bool = false
    ) {
        self.scenario = scenario
        self.run = run
        self.findings = findings
        self.failures = failures
        redactor = reveal ? nil : TextRedactor(scenario: scenario)
    }

    /// The explanation of `analysis`, the measured run of one profile.
    public init(scenario: Scenario, analysis: ProfileAnalysis, reveal: Bool = false) {
        self.init(
            scenario: scenario, run: analysis.run, findings: analysis.findings, failures: analysis.failures,
            reveal: reveal)
    }

    /// The text: per step, what the scenario did, what crossed to the agent, what the agent tried, and the audit.
    public var text: String {
        var lines = ["\(scenario.id) under \(run.profile) (\(run.model.rawValue))"]
        let lastStep = max(scenario.steps.count, (run.wire.map(\.step) + run.audit.map(\.step)).max() ?? 0)
        for index in 0...lastStep {
            let step = scenario.steps.first { $0.index == index }
            let wire = run.wire.filter { $0.step == index }
            let outcomes = run.outcomes.filter { $0.step == index }
            let audit = run.audit.filter { $0.step == index }
            if step == nil, wire.isEmpty, audit.isEmpty { continue }
            if let step {
                lines.append("")
                lines.append(
                    "step \(index + 1) (line \(step.location.line)) \(step.actor.rawValue): \(Self.summary(step.action))"
                )
            } else {
                lines.append("")
                lines.append("after the last step")
            }
            for message in wire {
                // Redacted before it is shortened: a value cut in half by the shortening would no longer be recognised.
                let whole = redactor?.redact(message.content) ?? message.content
                let content =
                    whole.count > 400 ? String(whole.prefix(400)) + "… (\(message.content.count) characters)" : whole
                lines.append("  → agent received \(message.kind.rawValue): \(content)")
            }
            for outcome in outcomes {
                lines.append("  ⇒ \(outcome.request): \(outcome.decision.rawValue) — \(outcome.reason)")
            }
            for entry in audit { lines.append("  · audit \(entry.event.rawValue): \(entry.detail)") }
        }
        lines.append("")
        lines.append("retention at session end:")
        for artifact in run.retention {
            lines.append("  \(artifact.kept ? "kept" : "deleted"): \(artifact.name) — \(artifact.reason)")
        }
        if !run.indicator.isEmpty {
            lines.append("customer indicator (hidden or blocked for the agent):")
            for region in run.indicator {
                lines.append("  \(region.reason.rawValue): \(region.url) \(region.path) — \(region.rule)")
            }
        }
        lines.append("")
        let score = Score(findings)
        lines.append(
            "findings: \(findings.count) (exposure index \(score.index); "
                + Severity.allCases.reversed().map { "\(score.counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                + ")")
        for finding in findings {
            let when = finding.step.map { "step \($0 + 1)" } ?? "session"
            let grade = finding.grade.map { " (\($0.rawValue))" } ?? ""
            let source = finding.source.map { " at \($0.file):\($0.line)" } ?? ""
            lines.append(
                "  \(finding.severity.rawValue.uppercased()) \(finding.id) \(when) \(finding.kind.rawValue) via \(finding.channel.rawValue): "
                    + "\(finding.subject.description)\(grade) \(finding.evidence)\(source)")
            lines.append("    \(finding.rating)")
        }
        if !failures.isEmpty {
            lines.append("")
            lines.append("failed expectations:")
            for failure in failures {
                lines.append(
                    "  \(failure.location.file):\(failure.location.line):\(failure.location.column): \(failure.message)"
                )
            }
        }
        let text = lines.joined(separator: "\n")
        return redactor?.redact(text) ?? text
    }

    static func summary(_ action: Action) -> String { action.summary }
}
