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
    /// Expectation entries not checked because they hold only under other policies, with the policy run under.
    public var unchecked = (set: Unchecked(), policy: Policy.defaultName)
    /// Redacts what crossed before it is printed; nil prints it as it was (`--reveal`).
    public let redactor: TextRedactor?
    /// Messages are printed whole (`--full`); otherwise each is cut at 400 characters.
    public var full = false

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
        unchecked = (analysis.unchecked(in: scenario), analysis.policy)
    }

    /// The text: per step, what the scenario did, what crossed to the agent, what the agent tried, and the audit.
    /// A value the agent received is shown as `[seen: …]` with only its evidence (or, for a part, how much crossed);
    /// a value co-browsing masked as `[masked by co-browsing]`. Paths, ids and selectors are the author's and kept.
    public var text: String {
        var lines = ["\(scenario.id) under \(run.profile) (\(run.model.rawValue))"]
        for block in steps {
            lines.append("")
            lines.append(block.header)
            lines += block.lines
        }
        return (lines + tail).joined(separator: "\n")
    }

    /// One step of the account: its header (what the scenario did) and what crossed, was tried and was audited.
    public struct StepBlock {
        /// The step's index (0-based), or nil for what came after the last step.
        public let index: Int?
        public let header: String
        public let lines: [String]
    }

    /// The account step by step.
    public var steps: [StepBlock] {
        var blocks: [StepBlock] = []
        let lastStep = max(scenario.steps.count, (run.wire.map(\.step) + run.audit.map(\.step)).max() ?? 0)
        for index in 0...lastStep {
            let step = scenario.steps.first { $0.index == index }
            let wire = run.wire.filter { $0.step == index }
            let outcomes = run.outcomes.filter { $0.step == index }
            let audit = run.audit.filter { $0.step == index }
            if step == nil, wire.isEmpty, audit.isEmpty { continue }
            let header =
                step.map {
                    "step \(index + 1) (line \($0.location.line)) \($0.actor.rawValue): "
                        + structure(Self.summary($0.action))
                } ?? "after the last step"
            var lines: [String] = []
            let typing = step.map(typedItems) ?? []
            for run in Self.keystrokeRuns(wire) {
                guard run.count >= 3, let last = run.last else {
                    for message in run {
                        lines.append("  → agent received \(message.kind.rawValue): \(shown(message, typing: typing))")
                    }
                    continue
                }
                // One input event per keystroke into one field: one line says how many and what the last one held.
                let field = step.flatMap(Self.entry).map { "into \(structure($0.selector))" } ?? "into one field"
                let masked = run.allSatisfy { TextRedactor.isMask($0.content) }
                lines.append(
                    "  → agent received input × \(run.count), one per keystroke \(field) — "
                        + (masked ? "each masked by co-browsing" : "the last: \(shown(last, typing: typing))"))
            }
            for outcome in outcomes {
                lines.append(
                    "  ⇒ \(structure(outcome.request)): \(outcome.decision.rawValue) — \(structure(outcome.reason.description))"
                )
            }
            for entry in audit { lines.append("  · audit \(entry.event.rawValue): \(structure(entry.detail))") }
            blocks.append(StepBlock(index: step == nil ? nil : index, header: header, lines: lines))
        }
        return blocks
    }

    /// What follows the steps: the retention manifest, the customer indicator, the findings, failed expectations.
    public var tail: [String] {
        var lines: [String] = []
        lines.append("")
        lines.append("retention at session end:")
        for artifact in run.retention {
            lines.append(
                "  \(artifact.kept ? "kept" : "deleted"): \(structure(artifact.name)) — \(structure(artifact.reason))")
        }
        if !run.indicator.isEmpty {
            lines.append("customer indicator (hidden or blocked for the agent):")
            for region in run.indicator {
                let url = redactor.map { Self.marks($0.redact(Redaction.url(region.url), marked: true)) } ?? region.url
                lines.append(
                    "  \(region.reason.rawValue): \(url) \(structure(region.path)) — \(structure(region.rule))")
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
            let source = finding.source.map { " at \(structure($0.file)):\($0.line)" } ?? ""
            // Item and detector evidence was redacted when it was found; an action's is the agent's request.
            let evidence = finding.kind == .action ? structure(finding.evidence) : finding.evidence
            lines.append(
                "  \(finding.severity.rawValue.uppercased()) \(finding.id) \(when) \(finding.kind.rawValue) via \(finding.channel.rawValue): "
                    + "\(finding.subject.description)\(grade) \(evidence)\(source)")
            lines.append("    \(structure(finding.rating))")
        }
        if !failures.isEmpty {
            lines.append("")
            lines.append("failed expectations:")
            for failure in failures {
                lines.append(
                    "  \(structure(failure.location.file)):\(failure.location.line):\(failure.location.column): \(structure(failure.message))"
                )
            }
        }
        if let note = unchecked.set.note(policy: unchecked.policy) {
            lines.append("")
            lines.append(note)
        }
        return lines
    }

    /// Two or more runs of one scenario step by step side by side: each step's header once, then what each profile's
    /// agent received, tried and was audited for, under the profile's name; then each run's findings.
    public static func sideBySide(_ explanations: [RunExplanation]) -> String {
        guard let first = explanations.first else { return "" }
        var lines = [
            "\(first.scenario.id) under "
                + explanations.map { "\($0.run.profile) (\($0.run.model.rawValue))" }.joined(separator: " and ")
        ]
        let blocks = explanations.map { explanation in
            Dictionary(explanation.steps.map { ($0.index ?? Int.max, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let order = Set(blocks.flatMap(\.keys)).sorted()
        for index in order {
            lines.append("")
            lines.append(blocks.lazy.compactMap { $0[index]?.header }.first ?? "")
            for (explanation, steps) in zip(explanations, blocks) {
                let shown = steps[index]?.lines ?? []
                lines.append("  [\(explanation.run.profile)]" + (shown.isEmpty ? " nothing crossed" : ""))
                lines += shown.map { "  " + $0 }
            }
        }
        for explanation in explanations {
            lines.append("")
            lines.append("── \(explanation.run.profile) (\(explanation.run.model.rawValue))")
            lines += explanation.tail
        }
        return lines.joined(separator: "\n")
    }

    /// Text the tool or the author wrote around values, redacted where a value stands in it.
    func structure(_ text: String) -> String {
        redactor.map { Self.marks($0.redact(text, context: .structure, marked: true)) } ?? text
    }

    /// The items a step types or selects: every prefix of their values is a keystroke, however short.
    func typedItems(_ step: Step) -> Set<String> {
        guard let typed = Self.entry(step)?.text else { return [] }
        // Compared by letters and digits, either way round: typing part of a value (`DE89 3704` of an IBAN) or a
        // value written differently (`4111-1111-…`) types that value's prefixes too.
        func symbols(_ text: String) -> String { String(text.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let keys = symbols(typed)
        guard !keys.isEmpty else { return [] }
        return Set(
            scenario.items.filter { item in
                let value = symbols(item.value)
                return !value.isEmpty && (keys.contains(value) || value.hasPrefix(keys))
            }.map(\.id))
    }

    /// The step's messages in runs: consecutive input events about one field form one run, any other message is a
    /// run of its own.
    static func keystrokeRuns(_ wire: [WireMessage]) -> [[WireMessage]] {
        var runs: [[WireMessage]] = []
        for message in wire {
            if message.kind == .input, let last = runs.last?.last, last.kind == .input, last.nodeID == message.nodeID,
                message.nodeID != nil
            {
                runs[runs.count - 1].append(message)
            } else {
                runs.append([message])
            }
        }
        return runs
    }

    /// The field a typing or selecting step writes into, and what it writes.
    static func entry(_ step: Step) -> (selector: String, text: String)? {
        switch step.action {
        case let .type(_, selector, text), let .select(_, selector, text): (selector, text)
        default: nil
        }
    }

    /// A message as the agent received it, redacted and (unless `full`) cut at 400 characters: what co-browsing
    /// masked said so.
    func shown(_ message: WireMessage, typing: Set<String>) -> String {
        if message.kind == .input, TextRedactor.isMask(message.content) { return "[masked by co-browsing]" }
        guard let redactor else { return message.content }
        // Redacted before it is shortened: a value cut in half by the shortening would no longer be recognised.
        var whole = Self.masksNamed(redactor.redact(message.content, typing: typing, marked: true))
        if !full, whole.count > 400 {
            // Not inside a mark: a cut mark would show half a redaction and no end.
            var cut = whole.index(whole.startIndex, offsetBy: 400)
            if let open = whole[..<cut].lastIndex(of: Character(TextRedactor.seenStart)),
                whole[open..<cut].firstIndex(of: Character(TextRedactor.seenEnd)) == nil
            {
                cut = open
            }
            whole = String(whole[..<cut]) + "… (\(message.content.count) characters)"
        }
        return Self.marks(whole)
    }

    /// Markup with each whole text or attribute value that co-browsing masked named as such.
    static func masksNamed(_ markup: String) -> String {
        markup.replacing(/(>|=")([*\s]*\*[*\s]*)(<|")/) { match in
            "\(match.output.1)[masked by co-browsing]\(match.output.3)"
        }
    }

    /// The redactor's marks as text: `[seen: 4111 •••• •••• 1111]`.
    static func marks(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case TextRedactor.seenStart: result += "[seen: "
            case TextRedactor.seenEnd: result += "]"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func summary(_ action: Action) -> String { action.summary }
}
