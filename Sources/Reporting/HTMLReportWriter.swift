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
    var out = ""

    init(_ report: ReportModel) {
        self.report = report
        safe = SafeText(report: report)
        suiteSafe = safe
    }

    static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// The profiles in report order: those of the first scenario, then any others.
    var profileNames: [String] {
        var names: [String] = []
        for analysis in report.scenarios { for result in analysis.profiles where !names.contains(result.run.profile) { names.append(result.run.profile) } }
        return names
    }

    func model(of profile: String) -> String {
        (report.profiles.first { $0.name == profile }?.model ?? report.scenarios.lazy.flatMap(\.profiles).first { $0.run.profile == profile }?.run.model)?.rawValue ?? ""
    }

    /// The page: the text so far is handed to `flush` after each scenario's part, and the rest returned.
    mutating func render(flush: (String) -> Void) -> String {
        out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(reportCSP)\">\n"
        out += "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"referrer\" content=\"no-referrer\">\n"
        out += "<title>SupportScope report — what the agent sees</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        header()
        summary()
        heatMap()
        for analysis in report.scenarios {
            scenario(analysis)
            flush(out)
            out = ""
        }
        methodology()
        out += "<footer><p>supportscope \(Self.e(report.toolVersion)) · report schema 1 · the same inputs give this file byte for byte</p></footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    // MARK: - Header and summary

    mutating func header() {
        out += "<header>\n<h1>What the support agent sees</h1>\n"
        out += "<p class=\"meta\">\(report.scenarios.count) scenario\(report.scenarios.count == 1 ? "" : "s") · \(profileNames.count) profiles · supportscope \(Self.e(report.toolVersion))"
        if let date = report.generatedAt { out += " · generated \(ISO8601.string(date))" }
        out += "</p>\n"
        if report.revealed {
            out += "<p class=\"banner\" role=\"alert\"><strong>Values revealed.</strong> This report was made with <code>--reveal</code>: planted values are shown in full. They are synthetic test data.</p>\n"
        }
        out += "<nav aria-label=\"Contents\"><ol><li><a href=\"#summary\">Summary</a></li><li><a href=\"#matrix\">Scenarios × profiles</a></li>"
        for analysis in report.scenarios {
            out += "<li><a href=\"#\(HTMLText.anchor("scenario", analysis.scenario.id))\">\(Self.e(suiteSafe.scoped(to: analysis.scenario)(analysis.scenario.title)))</a></li>"
        }
        out += "<li><a href=\"#method\">Method</a></li></ol></nav>\n</header>\n"
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

    mutating func summary() {
        let suite = report.suite
        // Counted once per profile: the table and the headline both read them.
        let counted = Dictionary(suite.map { ($0.profile, totals($0.profile)) }, uniquingKeysWith: { first, _ in first })
        out += "<main>\n<section id=\"summary\">\n<h2>Summary</h2>\n"
        out += "<p class=\"headline\">\(Self.e(headline(suite, counted)))</p>\n"
        out += "<table>\n<caption>Per profile, over all scenarios: planted items the agent received, could reach or that were kept; sensitive actions the agent could take; the exposure index.</caption>\n"
        out += "<thead><tr><th scope=\"col\">Profile</th><th scope=\"col\">Model</th><th scope=\"col\">Items observed</th><th scope=\"col\">Items reachable</th>"
            + "<th scope=\"col\">Items retained</th><th scope=\"col\">Agent actions allowed</th><th scope=\"col\">Unplanted findings</th>"
            + "<th scope=\"col\">Exposure index</th><th scope=\"col\">vs \(Self.e(referenceName))</th></tr></thead>\n<tbody>\n"
        for comparison in suite {
            let totals = counted[comparison.profile] ?? ProfileTotals()
            let reference = comparison.profile == referenceName ? "reference" : (comparison.difference >= 0 ? "+" : "") + String(comparison.difference)
            out += "<tr><th scope=\"row\">\(Self.e(comparison.profile))</th><td>\(Self.e(model(of: comparison.profile)))</td>"
                + "<td class=\"n\">\(totals.observed)</td><td class=\"n\">\(totals.reachable)</td><td class=\"n\">\(totals.retained)</td>"
                + "<td class=\"n\">\(totals.actions)</td><td class=\"n\">\(totals.unplanted)</td><td class=\"n\">\(comparison.score.index)</td><td class=\"n\">\(reference)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        barChart(suite)
        out += "</section>\n"
    }

    func headline(_ suite: [ScoreComparison], _ counted: [String: ProfileTotals]) -> String {
        guard let reference = suite.first(where: { $0.profile == referenceName }) else {
            return "Exposure by profile, measured from what crossed to the agent in \(report.scenarios.count) scenario(s)."
        }
        let referenceItems = counted[referenceName]?.observed ?? 0
        let others = suite.filter { $0.profile != referenceName }.map { comparison -> String in
            "\(comparison.profile) \(counted[comparison.profile]?.observed ?? 0) (index \(comparison.score.index))"
        }
        var text = "Under \(referenceName) the agent received \(referenceItems) planted item(s) across \(report.scenarios.count) scenario(s) (exposure index \(reference.score.index))"
        text += others.isEmpty ? "." : "; under " + others.joined(separator: ", ") + "."
        return text
    }

    mutating func barChart(_ suite: [ScoreComparison]) {
        guard !suite.isEmpty else { return }
        let maximum = max(1, suite.map(\.score.index).max() ?? 1)
        let rowHeight = 28, labelWidth = 230, chartWidth = 420
        let height = suite.count * rowHeight + 10
        out += "<figure>\n<svg class=\"bars\" role=\"img\" aria-labelledby=\"bars-title\" viewBox=\"0 0 \(labelWidth + chartWidth + 70) \(height)\" width=\"100%\">\n"
        out += "<title id=\"bars-title\">Exposure index per profile</title>\n"
        for (row, comparison) in suite.enumerated() {
            let y = row * rowHeight + 5
            let width = comparison.score.index * chartWidth / maximum
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\">\(Self.e(comparison.profile))</text>"
            out += "<rect class=\"bar \(Self.e(model(of: comparison.profile)))\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(max(width, 1))\" height=\"\(rowHeight - 8)\"/>"
            out += "<text x=\"\(labelWidth + max(width, 1) + 6)\" y=\"\(y + 17)\">\(comparison.score.index)</text>\n"
        }
        out += "</svg>\n<figcaption>Exposure index: the sum of finding weights (low 1, medium 2, elevated 4, high 8, critical 16). Shorter is safer.</figcaption>\n</figure>\n"
    }

    // MARK: - Heat map

    mutating func heatMap() {
        let names = profileNames
        out += "<section id=\"matrix\">\n<h2>Scenarios × profiles</h2>\n<table class=\"matrix\">\n"
        out += "<caption>The worst severity each profile reached in each scenario, with the number of findings.</caption>\n<thead><tr><th scope=\"col\">Scenario</th>"
        for name in names { out += "<th scope=\"col\">\(Self.e(name))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for analysis in report.scenarios {
            out += "<tr><th scope=\"row\"><a href=\"#\(HTMLText.anchor("scenario", analysis.scenario.id))\">\(Self.e(suiteSafe.scoped(to: analysis.scenario)(analysis.scenario.title)))</a></th>"
            for name in names {
                guard let result = analysis.profiles.first(where: { $0.run.profile == name }) else {
                    out += "<td>not run</td>"
                    continue
                }
                let worst = result.score.worst
                let failed = result.failures.isEmpty ? "" : " <span class=\"fail\">✗ \(result.failures.count) failed</span>"
                out += "<td class=\"sev-\(worst?.rawValue ?? "none")\">\(worst.map { $0.rawValue } ?? "none") · \(result.findings.count)\(failed)</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
    }

    // MARK: - Scenarios

    mutating func scenario(_ analysis: ScenarioAnalysis) {
        if let section = report.renderedSections[analysis.scenario.id] {
            out += section
            return
        }
        let scenario = analysis.scenario
        safe = suiteSafe.scoped(to: scenario)
        defer { safe = suiteSafe }
        out += "<section class=\"scenario\" id=\"\(HTMLText.anchor("scenario", scenario.id))\">\n"
        out += "<h2>\(Self.e(safe(scenario.title)))</h2>\n<p class=\"meta\">scenario <code>\(Self.e(scenario.id))</code>"
        if let domain = scenario.domain { out += " · \(Self.e(safe(domain)))" }
        out += "</p>\n<p>\(Self.e(safe(scenario.summary)))</p>\n"
        timeline(analysis)
        agentViews(analysis)
        for result in analysis.profiles { runDetails(result, scenario: scenario) }
        out += "</section>\n"
    }

    /// Item and detector evidence is redacted already (redacting it again would read one value's bullets as another's);
    /// an action's evidence is the agent's request, which may quote the page.
    func evidence(_ finding: Finding) -> String { finding.kind == .action ? safe(finding.evidence) : finding.evidence }

    func badge(_ severity: Severity) -> String { "<span class=\"sev sev-\(severity.rawValue)\">\(severity.rawValue)</span>" }

    mutating func timeline(_ analysis: ScenarioAnalysis) {
        let steps = Set(analysis.profiles.flatMap { $0.findings.map { $0.step ?? Int.max } }).sorted()
        out += "<h3>What each profile exposed, step by step</h3>\n"
        guard !steps.isEmpty else {
            out += "<p>No profile exposed anything in this scenario.</p>\n"
            return
        }
        out += "<table class=\"timeline\">\n<caption>Findings by the step they first happened at; reach and retention hold for the whole session.</caption>\n<thead><tr><th scope=\"col\">Step</th>"
        for result in analysis.profiles { out += "<th scope=\"col\">\(Self.e(result.run.profile))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for step in steps {
            let scenarioStep = analysis.scenario.steps.first { $0.index == step }
            let label = step == Int.max ? "Whole session" : "\(step + 1). " + (scenarioStep.map { "\($0.actor.rawValue): \($0.action.summary)" } ?? "session end")
            out += "<tr><th scope=\"row\">\(Self.e(safe(label)))</th>"
            for result in analysis.profiles {
                let findings = result.findings.filter { ($0.step ?? Int.max) == step }
                out += "<td>" + findings.map { finding in
                    "<div>\(badge(finding.severity)) \(Self.e(finding.subject.description)) · \(Self.e(finding.kind.rawValue)) via \(Self.e(finding.channel.rawValue))"
                        + (finding.grade.map { " (\($0.rawValue))" } ?? "") + " <span class=\"ev\">\(Self.e(evidence(finding)))</span></div>"
                }.joined() + "</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
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
        out += "<h3>What the agent sees after step \(step + 1) (\(Self.e(safe(label))))</h3>\n<div class=\"views\">\n"
        for result in analysis.profiles {
            let run = result.run
            out += "<figure class=\"view\">\n<figcaption><strong>\(Self.e(run.profile))</strong> (\(Self.e(run.model.rawValue)))</figcaption>\n"
            let escalated = run.escalatedAt.map { $0 <= step } ?? false
            if run.model == .cobrowse, !escalated {
                if let document = AgentViews.mirror(run, upTo: step) {
                    let html = AgentViews.sanitise(document, redactor: safe)
                    let frame = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                        + "<style>body{font:13px/1.4 system-ui,sans-serif;margin:8px;color:#111}input,select,textarea{border:1px solid #888;padding:2px}</style>" + html
                    out += "<iframe sandbox=\"\" title=\"Co-browsing mirror of \(Self.e(run.profile))\" srcdoc=\"\(Self.e(frame))\"></iframe>\n"
                } else {
                    out += "<p class=\"empty\">Nothing mirrored at this step (the mirror was paused or had not started).</p>\n"
                }
            } else {
                let regions = AgentViews.screen(run, upTo: step)
                if regions.isEmpty {
                    out += "<p class=\"empty\">No frame by this step.</p>\n"
                } else {
                    let height = min(1200, (regions.map(\.y).max() ?? 0) + 40)
                    out += "<div class=\"screen\" role=\"img\" aria-label=\"Screen as the agent saw it\" style=\"height:\(height / 2 + 20)px\">"
                    for region in regions {
                        out += "<span style=\"left:\(region.x / 2)px;top:\(region.y / 2)px\" title=\"\(Self.e(safe(region.source)))\">\(Self.e(safe(region.text)))</span>"
                    }
                    out += "</div>\n"
                }
                if !run.reach.isEmpty {
                    out += "<p class=\"reach\">Also within the agent's reach: " + run.reach.map { Self.e(safe($0.source)) }.joined(separator: " · ") + "</p>\n"
                }
            }
            out += "</figure>\n"
        }
        out += "</div>\n"
    }

    mutating func runDetails(_ result: ProfileAnalysis, scenario: Scenario) {
        let run = result.run
        out += "<details>\n<summary>\(Self.e(run.profile)): \(result.findings.count) finding(s), index \(result.score.index)"
        if !result.failures.isEmpty { out += " — <span class=\"fail\">\(result.failures.count) expectation(s) failed</span>" }
        out += "</summary>\n"
        if !result.failures.isEmpty {
            out += "<h4>Failed expectations</h4>\n<ul class=\"failures\">"
            for failure in result.failures {
                out += "<li><code>\(Self.e(safe(failure.location.file))):\(failure.location.line):\(failure.location.column)</code> \(Self.e(safe(failure.message)))</li>"
            }
            out += "</ul>\n"
        }
        if !result.findings.isEmpty {
            out += "<h4>Findings</h4>\n<table>\n<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Id</th><th scope=\"col\">Step</th><th scope=\"col\">What</th>"
                + "<th scope=\"col\">Evidence</th><th scope=\"col\">Where</th><th scope=\"col\">Rating</th></tr></thead>\n<tbody>\n"
            for finding in result.findings {
                let source = finding.source.map { safe("\($0.file.split(separator: "/").last.map(String.init) ?? $0.file):\($0.line)") } ?? ""
                out += "<tr><td>\(badge(finding.severity))</td><td><code>\(finding.id)</code></td><td>\(finding.step.map { String($0 + 1) } ?? "session")</td>"
                    + "<td>\(Self.e(finding.subject.description)) · \(Self.e(finding.kind.rawValue)) via \(Self.e(finding.channel.rawValue))\(finding.grade.map { " (\($0.rawValue))" } ?? "")</td>"
                    + "<td class=\"ev\">\(Self.e(evidence(finding)))</td><td>\(Self.e(source))</td><td>\(Self.e(safe(finding.rating)))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "<h4>Agent actions</h4>\n"
        if run.outcomes.isEmpty {
            out += "<p>The agent asked for nothing.</p>\n"
        } else {
            out += "<table>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Request</th><th scope=\"col\">Decision</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n"
            for outcome in run.outcomes {
                let mark = outcome.decision == .refused || outcome.decision == .notPossible ? "✓ " : (outcome.sensitive != nil ? "⚠ " : "")
                out += "<tr><td>\(outcome.step + 1)</td><td>\(Self.e(safe(outcome.request)))\(outcome.sensitive.map { " <em>(\(Self.e(safe($0))))</em>" } ?? "")</td>"
                    + "<td>\(mark)\(outcome.decision.rawValue)</td><td>\(Self.e(safe(outcome.reason.description)))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "<h4>Retention at session end</h4>\n<ul>"
        for artifact in run.retention { out += "<li>\(artifact.kept ? "<strong>kept</strong>" : "deleted"): \(Self.e(artifact.name)) — \(Self.e(safe(artifact.reason)))</li>" }
        out += "</ul>\n<h4>Audit trail</h4>\n"
        if run.audit.isEmpty {
            out += "<p class=\"empty\">None: this mode keeps no record of what the agent saw or did.</p>\n"
        } else {
            out += "<ol class=\"audit\">"
            for entry in run.audit { out += "<li>step \(entry.step + 1) · \(entry.event.rawValue): \(Self.e(safe(entry.detail)))</li>" }
            out += "</ol>\n"
        }
        if !run.indicator.isEmpty {
            out += "<h4>What the customer is shown as hidden or blocked</h4>\n<ul>"
            for region in run.indicator { out += "<li>\(region.reason.rawValue): <code>\(Self.e(safe(region.path)))</code> — \(Self.e(safe(region.rule)))</li>" }
            out += "</ul>\n"
        }
        out += "</details>\n"
    }

    // MARK: - Method

    mutating func methodology() {
        out += "<section id=\"method\">\n<h2>Method</h2>\n"
        out += "<p>Nothing here is declared. Each scenario is replayed under each profile; what crossed to the agent (the co-browsing DOM stream, screen frames, file and clipboard transfers), what the agent could reach and what was kept are searched for every planted value however it was formatted, and thirteen validated detectors find sensitive data nobody planted. Evidence is redacted. Severity is impact × likelihood:</p>\n"
        out += "<table class=\"method\">\n<caption>Severity by impact (rows) and likelihood (columns)</caption>\n<thead><tr><th scope=\"col\">impact \\ likelihood</th>"
        for likelihood in Likelihood.allCases { out += "<th scope=\"col\">\(likelihood.rawValue)</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for impact in Impact.allCases.reversed() {
            out += "<tr><th scope=\"row\">\(impact.rawValue)</th>"
            for likelihood in Likelihood.allCases { out += "<td>\(badge(Rating.severity(impact: impact, likelihood: likelihood)))</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out += "<p>Likelihood: observed live is very likely; only reachable is likely; retained after the session (a recording, standing access) is frequent; an action allowed only after the customer's consent is unlikely. A partial value counts one impact tier lower; a permitted truncation (a card's first six and last four digits, PCI DSS 3.4.1) or a length is low. The full method and its sources (PCI DSS, GDPR Art. 9, HIPAA, NIST SP 800-122, Threagile) are in <code>docs/SCORING.md</code>.</p>\n"
        out += "<h3>Profiles</h3>\n<table>\n<thead><tr><th scope=\"col\">Profile</th><th scope=\"col\">Model</th><th scope=\"col\">Parameters</th><th scope=\"col\">Summary</th></tr></thead>\n<tbody>\n"
        for profile in report.profiles {
            out += "<tr><th scope=\"row\">\(Self.e(profile.name))</th><td>\(Self.e(profile.model.rawValue))</td><td>"
                + profile.parameters.map { "\(Self.e($0.key)): \(Self.e($0.value))" }.joined(separator: ", ") + "</td><td>\(Self.e(safe(profile.summary)))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n<h3>Inputs</h3>\n<ul>"
        for input in report.inputs { out += "<li><code>\(Self.e(input.scenario))</code> — sha256 <code>\(input.sha256.prefix(16))…</code></li>" }
        out += "</ul>\n</section>\n</main>\n"
    }

    static let css = """
        :root{--ink:#1a1a1a;--muted:#555;--line:#c9c9c9;--bg:#fff;--band:#f4f4f4;--accent:#0b5c6b}
        *{box-sizing:border-box}
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);margin:0 auto;max-width:1180px;padding:0 20px 40px}
        h1{font-size:1.8rem;margin:24px 0 4px}h2{font-size:1.35rem;margin:32px 0 8px;border-bottom:2px solid var(--accent);padding-bottom:4px}
        h3{font-size:1.1rem;margin:22px 0 6px}h4{font-size:1rem;margin:14px 0 4px}
        .meta{color:var(--muted);margin:0 0 8px}.headline{font-size:1.1rem;font-weight:600}
        .banner{background:#fff3cd;border:2px solid #8a6d00;padding:8px 12px}
        nav ol{display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;list-style:none;margin:8px 0}nav a{color:var(--accent)}
        table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:.92rem}
        caption{text-align:left;color:var(--muted);padding:4px 0;caption-side:top}
        th,td{border:1px solid var(--line);padding:5px 7px;vertical-align:top;text-align:left}
        thead th{background:var(--band)}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .sev{display:inline-block;min-width:5.4em;text-align:center;border-radius:3px;padding:0 4px;font-size:.8rem;font-weight:700;text-transform:uppercase;border:1px solid #0004}
        .sev-critical{background:#7b0d1e;color:#fff}.sev-high{background:#c0392b;color:#fff}.sev-elevated{background:#e67e22;color:#111}
        .sev-medium{background:#f4d03f;color:#111}.sev-low{background:#d5e8d4;color:#111}.sev-none{background:#eef6ee;color:#111}
        td.sev-critical,td.sev-high{font-weight:700}
        .fail{color:#7b0d1e;font-weight:700}.ev{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
        svg.bars text{font-size:13px;fill:var(--ink)}rect.bar{fill:#777}rect.bar.cobrowse{fill:#0b5c6b}rect.bar.screenshare{fill:#b9770e}rect.bar.remote-desktop{fill:#922b21}
        figure{margin:10px 0}figcaption{color:var(--muted);font-size:.9rem}
        .views{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
        .view{border:1px solid var(--line);padding:8px;margin:0;background:var(--band)}
        .view iframe{width:100%;height:360px;border:1px solid var(--line);background:#fff}
        .screen{position:relative;overflow:hidden;background:#20242a;border:1px solid #000;font:11px/1.2 ui-monospace,monospace}
        .screen span{position:absolute;color:#e8e8e8;white-space:nowrap;max-width:95%;overflow:hidden;text-overflow:ellipsis}
        .empty{color:var(--muted);font-style:italic}.reach{font-size:.85rem}
        details{border:1px solid var(--line);padding:6px 10px;margin:8px 0}summary{cursor:pointer;font-weight:600}
        code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.88em}
        footer{color:var(--muted);font-size:.85rem;margin-top:32px;border-top:1px solid var(--line)}
        @media print{
          body{max-width:none;padding:0;font-size:10.5pt}nav{display:none}
          details{border:none;padding:0}details>summary{list-style:none}
          section{break-inside:auto}table,figure,tr{break-inside:avoid}h2,h3{break-after:avoid}
          .view iframe{height:300px}.sev{border:1px solid #000}
          @page{size:A4;margin:14mm}
        }

        """
}
