import Foundation
import SupportScope

/// The run as JUnit XML (`report.junit.xml`), the format CI test dashboards read: a test suite per scenario ×
/// profile, a test case per expectation entry and, with `--fail-on`, one for the gate under each gated profile.
/// A failure names the scenario line (and, for the gate, every failing finding's id, severity and place).
public struct JUnitReportWriter: ReportWriter {
    public let format = "junit"
    public let fileName = "report.junit.xml"
    public init() {}

    public func write(_ report: ReportModel, chunks: (String) -> Void) throws {
        let outlines = report.outlines
        var root = ReportNode(
            "testsuites",
            [
                ("name", .string("supportscope")), ("tests", .int(outlines.reduce(0) { $0 + $1.junit.tests })),
                ("failures", .int(outlines.reduce(0) { $0 + $1.junit.failures })), ("errors", .int(0)),
                ("skipped", .int(outlines.reduce(0) { $0 + $1.junit.skipped })),
            ])
        // Each scenario's suites were written into the spool as it was prepared.
        root.lazy = ReportNode.Lazy(count: outlines.count) { index, _ in
            ReportNode(verbatim: try report.section(.junit, of: outlines[index]))
        }
        chunks(
            try root.xml(namespace: nil) { written in
                chunks(written)
                written = ""
            })
    }

    /// A scenario's test suites, one per profile, as they stand in the document, with their test and failure counts.
    static func suites(
        _ analysis: ScenarioAnalysis, review: Review
    ) throws -> (
        text: String, tests: Int, failures: Int, skipped: Int
    ) {
        var text = ""
        var tests = 0
        var failures = 0
        var skipped = 0
        for result in analysis.profiles {
            let suite = self.suite(analysis, result, review: review)
            tests += suite.tests
            failures += suite.failures
            skipped += suite.skipped
            text += try suite.node.xmlFragment(indent: 1)
        }
        return (text, tests, failures, skipped)
    }

    static func suite(
        _ analysis: ScenarioAnalysis, _ result: ProfileAnalysis, review: Review
    )
        -> (node: ReportNode, tests: Int, failures: Int, skipped: Int)
    {
        let scenario = analysis.scenario
        let profile = result.run.profile
        let className = "\(scenario.id).\(profile)"
        let scenarioFile = scenario.folder + "/scenario.yaml"
        var cases: [ReportNode] = []
        var failures = 0
        var skipped = 0
        for (entry, location, onlyUnder) in ExpectationEvaluator.entries(
            scenario, profile: profile, policy: result.policy)
        {
            let failed = result.failures.filter { $0.entry == entry }
            var testCase = ReportNode(
                "testcase",
                [
                    ("classname", .string(className)),
                    ("name", .string(entry.replacingOccurrences(of: ":", with: " "))),
                    ("file", .string(location.file)), ("line", .int(location.line)),
                ])
            if let onlyUnder {
                // A dashboard shows a skipped case, so an expectation written for another policy is neither passed
                // nor lost.
                skipped += 1
                let names = onlyUnder.joined(separator: ", ")
                testCase.children.append(
                    ReportNode(
                        "skipped",
                        [("message", .string("checked only under the policy \(names), not \(result.policy)"))]))
            } else if let first = failed.first {
                failures += 1
                testCase.children.append(
                    ReportNode(
                        "failure", [("message", .string(first.message)), ("type", .string("expectation"))],
                        text: failed.map {
                            "\($0.location.file):\($0.location.line):\($0.location.column): \($0.message)"
                        }
                        .joined(separator: "\n")))
            }
            cases.append(testCase)
        }
        if let threshold = review.threshold, review.gated.contains(profile) {
            let failing = result.findings.filter(review.fails)
            let which = review.baseline == nil ? "" : "new or more severe "
            var testCase = ReportNode(
                "testcase",
                [
                    ("classname", .string(className)),
                    ("name", .string("gate: no \(which)finding at or above \(threshold.rawValue)")),
                    ("file", .string(scenarioFile)), ("line", .int(1)),
                ])
            if !failing.isEmpty {
                failures += 1
                testCase.children.append(
                    ReportNode(
                        "failure",
                        [
                            (
                                "message",
                                .string("\(failing.count) \(which)finding(s) at or above \(threshold.rawValue)")
                            ),
                            ("type", .string("gate")),
                        ], text: failing.map(GateLine.text).joined(separator: "\n")))
            }
            cases.append(testCase)
        }
        let node = ReportNode(
            "testsuite",
            [
                ("name", .string("\(scenario.id) × \(profile)")), ("tests", .int(cases.count)),
                ("failures", .int(failures)), ("errors", .int(0)), ("skipped", .int(skipped)),
                ("file", .string(scenarioFile)),
            ], children: cases)
        return (node, cases.count, failures, skipped)
    }
}

/// One failing finding as the gate prints it: id, severity, where, and the one-line rating.
public enum GateLine {
    /// `SS-… high checkout-help × screenshare-fullscreen at Scenarios/checkout-help/pages/pay.html:31:9: <rating>`.
    public static func text(_ finding: Finding) -> String {
        let place = (finding.source ?? finding.stepLocation).map { " at \($0.file):\($0.line):\($0.column)" } ?? ""
        return "\(finding.id) \(finding.severity.rawValue) \(finding.scenario) × \(finding.profile)\(place): "
            + finding.rating
    }
}
