import Foundation
import SupportScope

/// The report's content as one tree: the XML and JSON writers print it, the HTML writer reads the same model.
enum ReportContent {
    static let namespace = "urn:supportscope:report:1"
    /// 2: `step` counts from 1, as every printed step does (1 counted from 0); the policy has a name.
    static let schemaVersion = 2

    static func tree(_ report: ReportModel) -> ReportNode {
        var root = ReportNode(
            "report",
            [
                ("schemaVersion", .int(schemaVersion)), ("tool", .string("supportscope")),
                ("toolVersion", .string(report.toolVersion)),
                ("revealed", .bool(report.revealed)), ("runId", .string(report.runID)),
                ("generatedAt", report.generatedAt.map { .string(ISO8601.string($0)) }),
            ])
        root.children.append(
            ReportNode(
                "inputs",
                children: report.inputs.map { input in
                    ReportNode(
                        "input",
                        [
                            ("scenario", .string(input.scenario)),
                            ("folder", .string(input.folder)),
                            ("sha256", .string(input.sha256)),
                        ])
                }, list: true))
        root.children.append(
            ReportNode("profiles", children: report.profiles.map(profile), list: true))
        root.children.append(policy(report.policy))
        root.children.append(ReportNode("suite", children: report.suite.map(score), list: true))
        // Each scenario was written into the spool as it was prepared: a suite's report is never a tree in memory.
        var scenarios = ReportNode("scenarios", list: true)
        let outlines = report.outlines
        scenarios.lazy = ReportNode.Lazy(count: outlines.count) { index, syntax in
            ReportNode(verbatim: try report.section(syntax == .xml ? .xml : .json, of: outlines[index]))
        }
        root.children.append(scenarios)
        return root
    }

    /// The depth of a scenario in the tree: report › scenarios › scenario.
    static let scenarioDepth = 2

    /// A scenario's element as the XML report holds it.
    static func scenarioXML(_ analysis: ScenarioAnalysis, review: Review) throws -> String {
        try scenario(analysis, review: review).xmlFragment(indent: scenarioDepth)
    }

    /// A scenario's object as the JSON report holds it.
    static func scenarioJSON(_ analysis: ScenarioAnalysis, review: Review) throws -> String {
        try scenario(analysis, review: review).jsonFragment(indent: scenarioDepth)
    }

    static func profile(_ profile: Profile) -> ReportNode {
        ReportNode(
            "profile",
            [
                ("name", .string(profile.name)), ("model", .string(profile.model.rawValue)),
                ("source", .string(profile.source)),
            ],
            children: [
                ReportNode("summary", text: profile.summary),
                ReportNode(
                    "parameters",
                    children: profile.parameters.map {
                        ReportNode("parameter", [("name", .string($0.key)), ("value", .string($0.value))])
                    }, list: true),
            ])
    }

    static func policy(_ policy: Policy) -> ReportNode {
        func selectors(_ name: String, _ list: [String]) -> ReportNode {
            ReportNode(name, children: list.map { ReportNode("selector", text: $0) }, list: true)
        }
        return ReportNode(
            "policy",
            [
                ("name", .string(policy.name)), ("minimumPrivacy", .string(policy.minimumPrivacy.rawValue)),
                ("maskLength", policy.maskLength.map { .string($0.rawValue) }),
                ("recordingAllowed", .bool(policy.recordingAllowed)),
                ("controlRequiresConsent", .bool(policy.controlRequiresConsent)),
            ],
            children: [
                selectors("mask", policy.mask), selectors("block", policy.block), selectors("allow", policy.allow),
                ReportNode(
                    "allowedOrigins", children: policy.allowedOrigins.map { ReportNode("origin", text: $0) }, list: true
                ),
                ReportNode(
                    "extraAttributes", children: policy.extraAttributes.map { ReportNode("attribute", text: $0) },
                    list: true),
            ])
    }

    static func score(_ comparison: ScoreComparison) -> ReportNode {
        var attributes: [(String, ReportNode.Value?)] = [
            ("profile", .string(comparison.profile)), ("index", .int(comparison.score.index)),
            ("difference", .int(comparison.difference)), ("ratio", comparison.ratio.map { .double($0) }),
        ]
        for severity in Severity.allCases.reversed() {
            attributes.append((severity.rawValue, .int(comparison.score.counts[severity] ?? 0)))
        }
        return ReportNode("score", attributes)
    }

    static func scenario(_ analysis: ScenarioAnalysis, review: Review) -> ReportNode {
        let scenario = analysis.scenario
        let comparisons = Dictionary(
            analysis.comparisons().map { ($0.profile, $0) }, uniquingKeysWith: { first, _ in first })
        return ReportNode(
            "scenario", [("id", .string(scenario.id)), ("domain", scenario.domain.map { .string($0) })],
            children: [
                ReportNode("title", text: scenario.title),
                ReportNode("summary", text: scenario.summary),
                ReportNode(
                    "runs",
                    children: analysis.profiles.map { result in
                        run(
                            result, comparison: comparisons[result.run.profile], review: review,
                            unchecked: result.unchecked(in: analysis.scenario).entries)
                    }, list: true),
            ])
    }

    static func run(
        _ result: ProfileAnalysis, comparison: ScoreComparison?, review: Review = Review(), unchecked: Int = 0
    ) -> ReportNode {
        let run = result.run
        let scoreNode = score(
            comparison ?? ScoreComparison(profile: run.profile, score: result.score, reference: result.score))
        var scoreWithoutReference = scoreNode
        if comparison == nil { scoreWithoutReference.attributes.removeAll { $0.0 == "difference" || $0.0 == "ratio" } }
        return ReportNode(
            "run",
            [
                ("profile", .string(run.profile)), ("model", .string(run.model.rawValue)),
                ("escalatedAt", run.escalatedAt.map { .int($0 + 1) }),
            ],
            children: [
                scoreWithoutReference,
                ReportNode(
                    "findings", children: result.findings.map { finding($0, accepted: review.acceptance(of: $0)) },
                    list: true),
                ReportNode(
                    "outcomes",
                    children: run.outcomes.map { outcome in
                        ReportNode(
                            "outcome",
                            [
                                ("step", .int(outcome.step + 1)), ("stepId", outcome.stepID.map { .string($0) }),
                                ("decision", .string(outcome.decision.rawValue)),
                                ("sensitive", outcome.sensitive.map { .string($0) }),
                                ("request", .string(outcome.request)),
                                ("reason", .string(outcome.reason.description)),
                            ])
                    }, list: true),
                ReportNode(
                    "retention",
                    children: run.retention.map { artifact in
                        // The manifest says what is kept and why; the kept content itself is what the findings measured.
                        ReportNode(
                            "artifact",
                            [
                                ("name", .string(artifact.name)), ("kept", .bool(artifact.kept)),
                                ("reason", .string(artifact.reason)),
                            ])
                    }, list: true),
                ReportNode(
                    "audit", [("kept", .bool(!run.audit.isEmpty))],
                    children: [
                        ReportNode(
                            "entries",
                            children: run.audit.map { entry in
                                ReportNode(
                                    "entry",
                                    [
                                        ("step", .int(entry.step + 1)), ("event", .string(entry.event.rawValue)),
                                        ("detail", .string(entry.detail)),
                                    ])
                            }, list: true)
                    ]),
                ReportNode(
                    "indicator",
                    children: run.indicator.map { region in
                        ReportNode(
                            "region",
                            [
                                ("tab", .string(region.tab)), ("url", .string(region.url)),
                                ("selector", .string(region.path)),
                                ("reason", .string(region.reason.rawValue)), ("rule", .string(region.rule)),
                            ])
                    }, list: true),
                ReportNode(
                    // Entries set aside because they hold only under another policy: not a pass, so it is said.
                    "expectations", [("failed", .int(result.failures.count)), ("unchecked", .int(unchecked))],
                    children: [
                        ReportNode(
                            "failures",
                            children: result.failures.map { failure in
                                ReportNode(
                                    "failure",
                                    [
                                        ("file", .string(failure.location.file)),
                                        ("line", .int(failure.location.line)),
                                        ("column", .int(failure.location.column)),
                                        ("message", .string(failure.message)),
                                    ])
                            }, list: true)
                    ]),
            ])
    }

    static func finding(_ finding: Finding, accepted: AcceptedRisks.Entry? = nil) -> ReportNode {
        var subject: [(String, ReportNode.Value?)]
        switch finding.subject {
        case let .item(id): subject = [("subject", .string("item")), ("item", .string(id))]
        case let .unplanted(detectorClass):
            subject = [("subject", .string("unplanted")), ("detector", .string(detectorClass.rawValue))]
        case let .action(what): subject = [("subject", .string("action")), ("actionType", .string(what))]
        }
        let attributes: [(String, ReportNode.Value?)] =
            [
                ("id", .string(finding.id)), ("scenario", .string(finding.scenario)),
                ("profile", .string(finding.profile)),
                ("step", finding.step.map { .int($0 + 1) }), ("actor", finding.actor.map { .string($0.rawValue) }),
                ("action", finding.action.map { .string($0) }),
                ("kind", .string(finding.kind.rawValue)), ("channel", .string(finding.channel.rawValue)),
            ] + subject + [
                ("class", finding.dataClass.map { .string($0.rawValue) }),
                ("grade", finding.grade.map { .string($0.rawValue) }),
                ("impact", .string(finding.impact.rawValue)), ("likelihood", .string(finding.likelihood.rawValue)),
                ("severity", .string(finding.severity.rawValue)),
                ("confidence", .double(finding.confidence)),
                ("evidence", .string(finding.evidence)),
                ("rating", .string(finding.rating)),
            ]
        var children: [ReportNode] = []
        if let source = finding.source { children.append(location("source", source)) }
        if let step = finding.stepLocation { children.append(location("stepLocation", step)) }
        // An accepted risk (`--accept`): marked where the finding is, with who accepted it, why and until when.
        if let accepted {
            children.append(
                ReportNode(
                    "accepted",
                    [
                        ("status", .string(accepted.status.rawValue)), ("owner", .string(accepted.owner)),
                        ("expires", .string(accepted.expires)), ("justification", .string(accepted.justification)),
                        ("entry", .string(accepted.place)),
                    ]))
        }
        return ReportNode("finding", attributes, children: children)
    }

    static func location(_ name: String, _ location: SourceLocation) -> ReportNode {
        ReportNode(
            name,
            [("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column))])
    }
}

/// Text from scenarios, pages and models, redacted before it reaches a report unless the run reveals: applied once,
/// when a scenario is prepared for the reports (`ReportModel.Prepared`), with that scenario's planted values and the
/// detectors; the writers print what is prepared.
struct SafeText: Sendable {
    private let redactor: TextRedactor
    let revealed: Bool
    private let ids: Set<String>

    /// The redaction of `items` and the detectors; none when `revealed`, where values are only marked.
    init(items: [PlantedItem], revealed: Bool) {
        redactor = TextRedactor(items: items)
        self.revealed = revealed
        ids = Set(items.map(\.id))
    }

    /// A form field's whole value, marked: a prefix of a planted value is the value typed so far, however short.
    func field(_ value: String) -> String { redactor.redact(value, typing: ids, marked: true, reveal: revealed) }

    func callAsFunction(_ text: String) -> String { revealed ? text : redactor.redact(text) }

    /// `text` redacted (or, revealed, kept) with each sensitive value between the redactor's seen marks, for a view
    /// that draws them.
    func marked(_ text: String) -> String { redactor.redact(text, marked: true, reveal: revealed) }

    /// Text an author or the tool wrote around values (paths, selectors, labels): a short value that is part of a name
    /// there is kept (`checkout-04`), one that stands as a value is redacted.
    func structure(_ text: String) -> String { revealed ? text : redactor.redact(text, context: .structure) }

    /// Where sensitive values are in `scalars`; none when the report reveals them.
    func sensitiveRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        revealed ? [] : redactor.sensitiveRanges(in: scalars)
    }
}

/// ISO 8601 in UTC, seconds precision, without Foundation's formatter state.
enum ISO8601 {
    static func string(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }
}
