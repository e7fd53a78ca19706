import Foundation
import Markup
import SupportScope

/// The self-contained HTML comparison report (`index.html`): inline CSS and SVG, no script, no external request.
public struct HTMLReportWriter: ReportWriter {
    public let format = "html"
    public let fileName = "index.html"
    public init() {}

    public func write(_ report: ReportModel, chunks: (String) -> Void) throws {
        var page = HTMLReport(report)
        chunks(page.render(flush: chunks))
    }
}

/// The page's content security policy: nothing may load; inline styles and the report's own inline images only.
let reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'"

struct HTMLReport {
    let report: ReportModel
    /// The redaction in force: the suite's (detectors) or, inside a scenario's part, that scenario's.
    var safe: SafeText
    let suiteSafe: SafeText
    let referenceName = referenceProfile
    var html = HTMLBuilder()

    init(_ report: ReportModel) {
        self.report = report
        safe = SafeText(report: report)
        suiteSafe = safe
    }

    /// The profiles in report order: those of the first scenario, then any others.
    var profileNames: [String] {
        var names: [String] = []
        for analysis in report.scenarios { for result in analysis.profiles where !names.contains(result.run.profile) { names.append(result.run.profile) } }
        return names
    }

    func model(of profile: String) -> String {
        let kind = report.profiles.first { $0.name == profile }?.model
            ?? report.scenarios.lazy.flatMap(\.profiles).first { $0.run.profile == profile }?.run.model
        return kind?.rawValue ?? ""
    }

    /// The page: the text so far is handed to `flush` after each scenario's part, and the rest returned.
    mutating func render(flush: (String) -> Void) -> String {
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
        // The policy's quotes are its syntax, not data: written as they are.
        html.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"\(reportCSP)\">\n")
        html.empty("meta", ["charset": "utf-8"])
        html.newline()
        html.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        html.newline()
        html.empty("meta", ["name": "referrer", "content": "no-referrer"])
        html.newline()
        html.tag("title", text: "SupportScope report — what the agent sees")
        html.newline()
        html.tag("style") { $0.raw("\n" + ReportResources.css) }
        html.raw("\n</head>\n<body>\n")
        header()
        summary()
        heatMap()
        for analysis in report.scenarios {
            scenario(analysis)
            flush(html.take())
        }
        methodology()
        html.tag("footer") { $0.tag("p", text: "supportscope \(report.toolVersion) · report schema 1 · the same inputs give this file byte for byte") }
        html.raw("\n</body>\n</html>\n")
        return html.take()
    }

    // MARK: - Header and summary

    mutating func header() {
        let suiteSafe = self.suiteSafe
        html.raw("<header>\n")
        html.tag("h1", text: "What the support agent sees")
        html.newline()
        var meta = "\(report.scenarios.count) scenario\(report.scenarios.count == 1 ? "" : "s") · \(profileNames.count) profiles · supportscope \(report.toolVersion)"
        if let date = report.generatedAt { meta += " · generated \(ISO8601.string(date))" }
        html.tag("p", ["class": "meta"], text: meta)
        html.newline()
        if report.revealed {
            html.tag("p", ["class": "banner", "role": "alert"]) { $0.raw(ReportResources.prose["revealed-banner"] ?? "") }
            html.newline()
        }
        html.tag("nav", ["aria-label": "Contents"]) { nav in
            nav.tag("ol") { list in
                list.tag("li") { $0.tag("a", ["href": "#summary"], text: "Summary") }
                list.tag("li") { $0.tag("a", ["href": "#matrix"], text: "Scenarios × profiles") }
                for analysis in report.scenarios {
                    list.tag("li") {
                        $0.tag("a", ["href": "#" + HTMLText.anchor("scenario", analysis.scenario.id)],
                               text: suiteSafe.scoped(to: analysis.scenario)(analysis.scenario.title))
                    }
                }
                list.tag("li") { $0.tag("a", ["href": "#method"], text: "Method") }
            }
        }
        html.raw("\n</header>\n")
    }

    struct ProfileTotals {
        var observed = 0, reachable = 0, retained = 0, actions = 0, unplanted = 0
    }

    func totals(_ profile: String) -> ProfileTotals {
        var totals = ProfileTotals()
        for analysis in report.scenarios {
            guard let result = analysis.profiles.first(where: { $0.run.profile == profile }) else { continue }
            func items(_ kind: Finding.Kind) -> Int {
                Set(result.findings.compactMap { finding -> String? in
                    guard finding.kind == kind, finding.grade?.isExposure == true, case let .item(id) = finding.subject else { return nil }
                    return id
                }).count
            }
            totals.observed += items(.observed)
            totals.reachable += items(.reachable)
            totals.retained += items(.retained)
            totals.actions += result.findings.filter { $0.kind == .action }.count
            totals.unplanted += result.findings.filter { if case .unplanted = $0.subject { true } else { false } }.count
        }
        return totals
    }

    /// A table's header row: one column header per label.
    mutating func headerRow(_ labels: [String]) {
        html.tag("thead") { head in
            head.tag("tr") { row in for label in labels { row.tag("th", ["scope": "col"], text: label) } }
        }
    }

    mutating func summary() {
        let models = Dictionary(report.suite.map { ($0.profile, model(of: $0.profile)) }, uniquingKeysWith: { first, _ in first })
        let suite = report.suite
        // Counted once per profile: the table and the headline both read them.
        let counted = Dictionary(suite.map { ($0.profile, totals($0.profile)) }, uniquingKeysWith: { first, _ in first })
        html.raw("<main>\n<section id=\"summary\">\n")
        html.tag("h2", text: "Summary")
        html.newline()
        html.tag("p", ["class": "headline"], text: headline(suite, counted))
        html.raw("\n<table>\n")
        html.tag("caption", text: "Per profile, over all scenarios: planted items the agent received, could reach or that were kept; "
            + "sensitive actions the agent could take; the exposure index.")
        html.newline()
        headerRow(["Profile", "Model", "Items observed", "Items reachable", "Items retained", "Agent actions allowed", "Unplanted findings",
                   "Exposure index", "vs \(referenceName)"])
        html.raw("\n<tbody>\n")
        for comparison in suite {
            let totals = counted[comparison.profile] ?? ProfileTotals()
            let reference = comparison.profile == referenceName ? "reference" : (comparison.difference >= 0 ? "+" : "") + String(comparison.difference)
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: comparison.profile)
                row.tag("td", text: models[comparison.profile] ?? "")
                for number in [totals.observed, totals.reachable, totals.retained, totals.actions, totals.unplanted, comparison.score.index] {
                    row.tag("td", ["class": "n"], text: String(number))
                }
                row.tag("td", ["class": "n"], text: reference)
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
        barChart(suite)
        html.raw("</section>\n")
    }

    func headline(_ suite: [ScoreComparison], _ counted: [String: ProfileTotals]) -> String {
        guard let reference = suite.first(where: { $0.profile == referenceName }) else {
            return "Exposure by profile, measured from what crossed to the agent in \(report.scenarios.count) scenario(s)."
        }
        let referenceItems = counted[referenceName]?.observed ?? 0
        let others = suite.filter { $0.profile != referenceName }.map { comparison -> String in
            "\(comparison.profile) \(counted[comparison.profile]?.observed ?? 0) (index \(comparison.score.index))"
        }
        var text = "Under \(referenceName) the agent received \(referenceItems) planted item(s) across \(report.scenarios.count) scenario(s) "
            + "(exposure index \(reference.score.index))"
        text += others.isEmpty ? "." : "; under " + others.joined(separator: ", ") + "."
        return text
    }

    mutating func barChart(_ suite: [ScoreComparison]) {
        let models = Dictionary(suite.map { ($0.profile, model(of: $0.profile)) }, uniquingKeysWith: { first, _ in first })
        guard !suite.isEmpty else { return }
        let maximum = max(1, suite.map(\.score.index).max() ?? 1)
        let rowHeight = 28, labelWidth = 230, chartWidth = 420
        let height = suite.count * rowHeight + 10
        html.raw("<figure>\n")
        html.tag("svg", ["class": "bars", "role": "img", "aria-labelledby": "bars-title", "viewBox": "0 0 \(labelWidth + chartWidth + 70) \(height)",
                         "width": "100%"]) { svg in
            svg.newline()
            svg.tag("title", ["id": "bars-title"], text: "Exposure index per profile")
            svg.newline()
            for (row, comparison) in suite.enumerated() {
                let y = row * rowHeight + 5
                let width = max(comparison.score.index * chartWidth / maximum, 1)
                svg.tag("text", ["x": String(labelWidth - 8), "y": String(y + 17), "text-anchor": "end"], text: comparison.profile)
                svg.empty("rect", ["class": "bar \(models[comparison.profile] ?? "")", "x": String(labelWidth), "y": String(y + 3), "width": String(width),
                                   "height": String(rowHeight - 8)], closed: true)
                svg.tag("text", ["x": String(labelWidth + width + 6), "y": String(y + 17)], text: String(comparison.score.index))
                svg.newline()
            }
        }
        html.newline()
        html.tag("figcaption", text: "Exposure index: the sum of finding weights (low 1, medium 2, elevated 4, high 8, critical 16). Shorter is safer.")
        html.raw("\n</figure>\n")
    }

    // MARK: - Heat map

    mutating func heatMap() {
        let suiteSafe = self.suiteSafe
        let names = profileNames
        html.raw("<section id=\"matrix\">\n")
        html.tag("h2", text: "Scenarios × profiles")
        html.raw("\n<table class=\"matrix\">\n")
        html.tag("caption", text: "The worst severity each profile reached in each scenario, with the number of findings.")
        html.newline()
        headerRow(["Scenario"] + names)
        html.raw("\n<tbody>\n")
        for analysis in report.scenarios {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"]) {
                    $0.tag("a", ["href": "#" + HTMLText.anchor("scenario", analysis.scenario.id)], text: suiteSafe.scoped(to: analysis.scenario)(analysis.scenario.title))
                }
                for name in names {
                    guard let result = analysis.profiles.first(where: { $0.run.profile == name }) else {
                        row.tag("td", text: "not run")
                        continue
                    }
                    let worst = result.score.worst
                    row.tag("td", ["class": "sev-\(worst?.rawValue ?? "none")"]) { cell in
                        cell.text("\(worst.map { $0.rawValue } ?? "none") · \(result.findings.count)")
                        if !result.failures.isEmpty {
                            cell.text(" ")
                            cell.tag("span", ["class": "fail"], text: "✗ \(result.failures.count) failed")
                        }
                    }
                }
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    // MARK: - Scenarios

    mutating func scenario(_ analysis: ScenarioAnalysis) {
        if let section = report.renderedSections[analysis.scenario.id] {
            html.raw(section)
            return
        }
        let scenario = analysis.scenario
        safe = suiteSafe.scoped(to: scenario)
        defer { safe = suiteSafe }
        html.start("section", ["class": "scenario", "id": HTMLText.anchor("scenario", scenario.id)])
        html.newline()
        html.tag("h2", text: safe(scenario.title))
        html.newline()
        html.tag("p", ["class": "meta"]) { meta in
            meta.text("scenario ")
            meta.tag("code", text: scenario.id)
            if let domain = scenario.domain { meta.text(" · \(safe(domain))") }
        }
        html.newline()
        html.tag("p", text: safe(scenario.summary))
        html.newline()
        timeline(analysis)
        agentViews(analysis)
        for result in analysis.profiles { runDetails(result, scenario: scenario) }
        html.end("section")
        html.newline()
    }

    /// Item and detector evidence is redacted already (redacting it again would read one value's bullets as another's);
    /// an action's evidence is the agent's request, which may quote the page.
    var evidence: (Finding) -> String {
        let safe = self.safe
        return { finding in finding.kind == .action ? safe(finding.evidence) : finding.evidence }
    }

    static func badge(_ severity: Severity, into html: inout HTMLBuilder) {
        html.tag("span", ["class": "sev sev-\(severity.rawValue)"], text: severity.rawValue)
    }

    /// What a finding is about, in words: `item card.number · observed via input event (full)`.
    static func what(_ finding: Finding) -> String {
        "\(finding.subject.description) · \(finding.kind.rawValue) via \(finding.channel.rawValue)" + (finding.grade.map { " (\($0.rawValue))" } ?? "")
    }

    mutating func timeline(_ analysis: ScenarioAnalysis) {
        let safe = self.safe, evidence = self.evidence
        let steps = Set(analysis.profiles.flatMap { $0.findings.map { $0.step ?? Int.max } }).sorted()
        html.tag("h3", text: "What each profile exposed, step by step")
        html.newline()
        guard !steps.isEmpty else {
            html.tag("p", text: "No profile exposed anything in this scenario.")
            html.newline()
            return
        }
        html.raw("<table class=\"timeline\">\n")
        html.tag("caption", text: "Findings by the step they first happened at; reach and retention hold for the whole session.")
        html.newline()
        headerRow(["Step"] + analysis.profiles.map(\.run.profile))
        html.raw("\n<tbody>\n")
        for step in steps {
            let scenarioStep = analysis.scenario.steps.first { $0.index == step }
            let label = step == Int.max ? "Whole session" : "\(step + 1). " + (scenarioStep.map { "\($0.actor.rawValue): \($0.action.summary)" } ?? "session end")
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: safe(label))
                for result in analysis.profiles {
                    row.tag("td") { cell in
                        for finding in result.findings where (finding.step ?? Int.max) == step {
                            cell.tag("div") { line in
                                Self.badge(finding.severity, into: &line)
                                line.text(" " + Self.what(finding) + " ")
                                line.tag("span", ["class": "ev"], text: evidence(finding))
                            }
                        }
                    }
                }
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    /// The moments worth showing side by side: the step after the start where the most was observed across
    /// profiles, and the last step before the session ended (everything typed by then).
    func keySteps(_ analysis: ScenarioAnalysis) -> [Int] {
        var counts: [Int: Int] = [:]
        for result in analysis.profiles {
            for finding in result.findings where finding.kind == .observed {
                if let step = finding.step, step > 0 { counts[step, default: 0] += 1 }
            }
        }
        let steps = analysis.scenario.steps
        let last = steps.last { $0.action != .end }?.index ?? 0
        var chosen: [Int] = []
        if let busiest = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key { chosen.append(busiest) }
        if !chosen.contains(last) { chosen.append(last) }
        return chosen.sorted()
    }

    mutating func agentViews(_ analysis: ScenarioAnalysis) {
        for step in keySteps(analysis) { agentViews(analysis, at: step) }
    }

    mutating func agentViews(_ analysis: ScenarioAnalysis, at step: Int) {
        let label = analysis.scenario.steps.first { $0.index == step }.map { "\($0.actor.rawValue): \($0.action.summary)" } ?? "the end"
        html.tag("h3", text: "What the agent sees after step \(step + 1) (\(safe(label)))")
        html.newline()
        html.start("div", ["class": "views"])
        html.newline()
        for result in analysis.profiles {
            let run = result.run
            html.start("figure", ["class": "view"])
            html.newline()
            html.tag("figcaption") { caption in
                caption.tag("strong", text: run.profile)
                caption.text(" (\(run.model.rawValue))")
            }
            html.newline()
            let escalated = run.escalatedAt.map { $0 <= step } ?? false
            if run.model == .cobrowse, !escalated {
                mirrorView(run, at: step)
            } else {
                screenView(run, at: step)
            }
            html.end("figure")
            html.newline()
        }
        html.end("div")
        html.newline()
    }

    /// The co-browsing mirror as the agent's browser would show it, in a sandboxed frame.
    mutating func mirrorView(_ run: ModelRun, at step: Int) {
        guard let document = AgentViews.mirror(run, upTo: step) else {
            html.tag("p", ["class": "empty"], text: "Nothing mirrored at this step (the mirror was paused or had not started).")
            html.newline()
            return
        }
        let page = AgentViews.sanitise(document, redactor: safe)
        let frame = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            + "<style>body{font:13px/1.4 system-ui,sans-serif;margin:8px;color:#111}input,select,textarea{border:1px solid #888;padding:2px}</style>" + page
        html.tag("iframe", ["sandbox": "", "title": "Co-browsing mirror of \(run.profile)", "srcdoc": frame], text: "")
        html.newline()
    }

    /// The screen as the agent saw it, at half size; what else the agent could reach.
    mutating func screenView(_ run: ModelRun, at step: Int) {
        let safe = self.safe
        let regions = AgentViews.screen(run, upTo: step)
        if regions.isEmpty {
            html.tag("p", ["class": "empty"], text: "No frame by this step.")
        } else {
            let height = min(1200, (regions.map(\.y).max() ?? 0) + 40)
            html.tag("div", ["class": "screen", "role": "img", "aria-label": "Screen as the agent saw it", "style": "height:\(height / 2 + 20)px"]) { screen in
                for region in regions {
                    screen.tag("span", ["style": "left:\(region.x / 2)px;top:\(region.y / 2)px", "title": safe(region.source)], text: safe(region.text))
                }
            }
        }
        html.newline()
        if !run.reach.isEmpty {
            html.tag("p", ["class": "reach"]) { line in
                line.raw("Also within the agent's reach: ")
                line.text(run.reach.map { safe($0.source) }.joined(separator: " · "))
            }
            html.newline()
        }
    }

    mutating func runDetails(_ result: ProfileAnalysis, scenario: Scenario) {
        let safe = self.safe
        let run = result.run
        html.raw("<details>\n")
        html.tag("summary") { summary in
            summary.text("\(run.profile): \(result.findings.count) finding(s), index \(result.score.index)")
            if !result.failures.isEmpty {
                summary.text(" — ")
                summary.tag("span", ["class": "fail"], text: "\(result.failures.count) expectation(s) failed")
            }
        }
        html.newline()
        if !result.failures.isEmpty {
            html.tag("h4", text: "Failed expectations")
            html.newline()
            html.tag("ul", ["class": "failures"]) { list in
                for failure in result.failures {
                    list.tag("li") { item in
                        item.tag("code", text: "\(safe(failure.location.file)):\(failure.location.line):\(failure.location.column)")
                        item.text(" " + safe(failure.message))
                    }
                }
            }
            html.newline()
        }
        if !result.findings.isEmpty { findingsTable(result.findings) }
        outcomesTable(run)
        html.tag("h4", text: "Retention at session end")
        html.newline()
        html.tag("ul") { list in
            for artifact in run.retention {
                list.tag("li") { item in
                    if artifact.kept { item.tag("strong", text: "kept") } else { item.text("deleted") }
                    item.text(": \(artifact.name) — \(safe(artifact.reason))")
                }
            }
        }
        html.newline()
        html.tag("h4", text: "Audit trail")
        html.newline()
        if run.audit.isEmpty {
            html.tag("p", ["class": "empty"], text: "None: this mode keeps no record of what the agent saw or did.")
        } else {
            html.tag("ol", ["class": "audit"]) { list in
                for entry in run.audit { list.tag("li", text: "step \(entry.step + 1) · \(entry.event.rawValue): \(safe(entry.detail))") }
            }
        }
        html.newline()
        if !run.indicator.isEmpty {
            html.tag("h4", text: "What the customer is shown as hidden or blocked")
            html.newline()
            html.tag("ul") { list in
                for region in run.indicator {
                    list.tag("li") { item in
                        item.text("\(region.reason.rawValue): ")
                        item.tag("code", text: safe(region.path))
                        item.text(" — \(safe(region.rule))")
                    }
                }
            }
            html.newline()
        }
        html.raw("</details>\n")
    }

    mutating func findingsTable(_ findings: [Finding]) {
        let safe = self.safe, evidence = self.evidence
        html.tag("h4", text: "Findings")
        html.raw("\n<table>\n")
        headerRow(["Severity", "Id", "Step", "What", "Evidence", "Where", "Rating"])
        html.raw("\n<tbody>\n")
        for finding in findings {
            let source = finding.source.map { safe("\($0.file.split(separator: "/").last.map(String.init) ?? $0.file):\($0.line)") } ?? ""
            html.tag("tr") { row in
                row.tag("td") { Self.badge(finding.severity, into: &$0) }
                row.tag("td") { $0.tag("code", text: finding.id) }
                row.tag("td", text: finding.step.map { String($0 + 1) } ?? "session")
                row.tag("td", text: Self.what(finding))
                row.tag("td", ["class": "ev"], text: evidence(finding))
                row.tag("td", text: source)
                row.tag("td", text: safe(finding.rating))
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    mutating func outcomesTable(_ run: ModelRun) {
        let safe = self.safe
        html.tag("h4", text: "Agent actions")
        html.newline()
        guard !run.outcomes.isEmpty else {
            html.tag("p", text: "The agent asked for nothing.")
            html.newline()
            return
        }
        html.raw("<table>\n")
        headerRow(["Step", "Request", "Decision", "Why"])
        html.raw("\n<tbody>\n")
        for outcome in run.outcomes {
            let mark = outcome.decision == .refused || outcome.decision == .notPossible ? "✓ " : (outcome.sensitive != nil ? "⚠ " : "")
            html.tag("tr") { row in
                row.tag("td", text: String(outcome.step + 1))
                row.tag("td") { cell in
                    cell.text(safe(outcome.request))
                    if let sensitive = outcome.sensitive {
                        cell.text(" ")
                        cell.tag("em", text: "(\(safe(sensitive)))")
                    }
                }
                row.tag("td", text: mark + outcome.decision.rawValue)
                row.tag("td", text: safe(outcome.reason.description))
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    // MARK: - Method

    mutating func methodology() {
        let safe = self.safe
        html.raw("<section id=\"method\">\n")
        html.tag("h2", text: "Method")
        html.newline()
        html.tag("p") { $0.raw(ReportResources.prose["method-intro"] ?? "") }
        html.raw("\n<table class=\"method\">\n")
        html.tag("caption", text: "Severity by impact (rows) and likelihood (columns)")
        html.newline()
        headerRow(["impact \\ likelihood"] + Likelihood.allCases.map(\.rawValue))
        html.raw("\n<tbody>\n")
        for impact in Impact.allCases.reversed() {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: impact.rawValue)
                for likelihood in Likelihood.allCases { row.tag("td") { Self.badge(Rating.severity(impact: impact, likelihood: likelihood), into: &$0) } }
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
        html.tag("p") { $0.raw(ReportResources.prose["method-likelihood"] ?? "") }
        html.newline()
        html.tag("h3", text: "Profiles")
        html.raw("\n<table>\n")
        headerRow(["Profile", "Model", "Parameters", "Summary"])
        html.raw("\n<tbody>\n")
        for profile in report.profiles {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: profile.name)
                row.tag("td", text: profile.model.rawValue)
                row.tag("td", text: profile.parameters.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
                row.tag("td", text: safe(profile.summary))
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
        html.tag("h3", text: "Inputs")
        html.newline()
        html.tag("ul") { list in
            for input in report.inputs {
                list.tag("li") { item in
                    item.tag("code", text: input.scenario)
                    item.text(" — sha256 ")
                    item.tag("code", text: "\(input.sha256.prefix(16))…")
                }
            }
        }
        html.raw("\n</section>\n</main>\n")
    }
}
