import Foundation
import Markup
import SupportScope

/// A scenario's part of the page, rendered as soon as the scenario is prepared (the page is written later from the
/// spool): its timeline, what the agent saw at its key steps, and each profile's details.
struct HTMLSection {
    let context: ReportContext
    /// The agent's views at the scenario's key steps.
    let views: [AgentView]
    var html = HTMLBuilder()

    /// The section of `prepared`.
    static func render(_ prepared: ReportModel.Prepared, context: ReportContext) -> String {
        var section = HTMLSection(context: context, views: prepared.views)
        section.scenario(prepared.analysis)
        return section.html.take()
    }
}

extension HTMLSection {
    mutating func scenario(_ analysis: ScenarioAnalysis) {
        let scenario = analysis.scenario
        html.start("section", ["class": "scenario", "id": HTMLText.anchor("scenario", scenario.id)])
        html.newline()
        html.tag("h2", text: scenario.title)
        html.newline()
        html.tag("p", ["class": "meta"]) { meta in
            meta.text("scenario ")
            meta.tag("code", text: scenario.id)
            if let domain = scenario.domain { meta.text(" · \(domain)") }
        }
        html.newline()
        html.tag("p", text: scenario.summary)
        html.newline()
        if context.detail == .summary {
            // One view: after the last value typed, where everything typed by then is on screen.
            let step = ReportModel.Prepared.lastValueStep(scenario.steps)
            let views = views
            if let view = views.first(where: { $0.step == step }) ?? views.last {
                agentView(view, scenario: scenario.id)
            }
        } else {
            timeline(analysis)
            agentViews(analysis)
            for result in analysis.profiles { runDetails(result, unchecked: result.unchecked(in: analysis.scenario)) }
        }
        html.end("section")
        html.newline()
    }

    static func badge(_ severity: Severity, into html: inout HTMLBuilder) {
        html.tag("span", ["class": "sev sev-\(severity.rawValue)"], text: severity.rawValue)
    }

    /// What a finding is about, in words: `item card.number · observed via input event (full)`.
    static func what(_ finding: Finding) -> String {
        "\(finding.subject.description) · \(finding.kind.rawValue) via \(finding.channel.rawValue)"
            + (finding.grade.map { " (\($0.rawValue))" } ?? "")
    }

    mutating func timeline(_ analysis: ScenarioAnalysis) {
        let steps = Set(analysis.profiles.flatMap { $0.findings.map { $0.step ?? Int.max } }).sorted()
        html.tag("h3", text: "What each profile exposed, step by step")
        html.newline()
        guard !steps.isEmpty else {
            html.tag("p", text: "No profile exposed anything in this scenario.")
            html.newline()
            return
        }
        html.raw("<table class=\"timeline\">\n")
        html.tag(
            "caption",
            text: "Findings by the step they first happened at; reach and retention hold for the whole session.")
        html.newline()
        html.headerRow(["Step"] + analysis.profiles.map(\.run.profile))
        html.raw("\n<tbody>\n")
        for step in steps {
            let scenarioStep = analysis.scenario.steps.first { $0.index == step }
            let label =
                step == Int.max
                ? "Whole session"
                : "\(step + 1). " + (scenarioStep.map { "\($0.actor.rawValue): \($0.action.summary)" } ?? "session end")
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: label)
                for result in analysis.profiles {
                    row.tag("td") { cell in
                        for finding in result.findings where (finding.step ?? Int.max) == step {
                            cell.tag("div") { line in
                                Self.badge(finding.severity, into: &line)
                                line.text(" " + Self.what(finding) + " ")
                                line.tag("span", ["class": "ev"], text: finding.evidence)
                            }
                        }
                    }
                }
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    mutating func agentViews(_ analysis: ScenarioAnalysis) {
        for view in views { agentView(view, scenario: analysis.scenario.id) }
    }

    mutating func agentView(_ view: AgentView, scenario: String) {
        html.tag("h3", text: "What the agent sees after step \(view.step + 1) (\(view.label))")
        html.newline()
        html.start("div", ["class": "views"])
        html.newline()
        for (index, pane) in view.panes.enumerated() {
            html.start("figure", ["class": pane.isMirror ? "view mirror" : "view screenshot"])
            html.newline()
            html.tag("figcaption") { caption in
                caption.tag("strong", text: pane.profile)
                caption.text(" (\(pane.model.rawValue))")
            }
            html.newline()
            if pane.isMirror {
                mirrorView(pane)
            } else {
                screenView(pane, id: HTMLText.anchor("screen", "\(scenario)-\(view.step)-\(index)"))
                reachLine(pane)
            }
            html.end("figure")
            html.newline()
        }
        html.end("div")
        html.newline()
    }

    /// The co-browsing mirror as the agent's browser would show it, in a sandboxed frame. The prepared document is
    /// sanitised again here, so a forged parts file cannot bring a script or a fetch into the report either.
    mutating func mirrorView(_ pane: AgentView.Pane) {
        if let withheld = pane.withheld {
            html.tag("p", ["class": "empty"], text: withheld)
            html.newline()
            return
        }
        guard let mirror = pane.mirror, let document = try? Document.parseHTML(mirror) else {
            html.tag(
                "p", ["class": "empty"],
                text: "Nothing mirrored at this step (the mirror was paused or had not started).")
            html.newline()
            return
        }
        let page = AgentViews.sanitise(document, redactor: nil)
        let frame =
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            + "<style>body{font:13px/1.4 system-ui,sans-serif;margin:8px;color:#111}input,select,textarea{border:1px solid #888;padding:2px}"
            + AgentViews.markCSS + "</style>" + page
        html.tag(
            "iframe", ["sandbox": "", "title": "Co-browsing mirror of \(pane.profile)", "srcdoc": frame], text: "")
        html.newline()
    }

    /// What else the agent could reach besides the screen.
    mutating func reachLine(_ pane: AgentView.Pane) {
        guard !pane.reach.isEmpty else { return }
        html.tag("p", ["class": "reach"]) { line in
            line.raw("Also within the agent's reach: ")
            line.text(pane.reach.joined(separator: " · "))
        }
        html.newline()
    }

    mutating func runDetails(_ result: ProfileAnalysis, unchecked: Unchecked) {
        let run = result.run
        html.raw("<details>\n")
        html.tag("summary") { summary in
            summary.text("\(run.profile): \(result.findings.count) finding(s), index \(result.score.index)")
            if !result.failures.isEmpty {
                summary.text(" — ")
                summary.tag("span", ["class": "fail"], text: "\(result.failures.count) expectation(s) failed")
            }
            // Set aside is not passed: the reader of a run under a stricter policy sees what was not checked.
            if unchecked.entries > 0 { summary.text(" — \(unchecked.entries) expectation entry(ies) not checked") }
        }
        html.newline()
        if let note = unchecked.note(policy: result.policy) {
            html.tag("p", ["class": "unchecked"], text: note + ".")
            html.newline()
        }
        if !result.failures.isEmpty {
            html.tag("h4", text: "Failed expectations")
            html.newline()
            html.tag("ul", ["class": "failures"]) { list in
                for failure in result.failures {
                    list.tag("li") { item in
                        item.tag(
                            "code",
                            text: "\(failure.location.file):\(failure.location.line):\(failure.location.column)")
                        item.text(" " + failure.message)
                    }
                }
            }
            html.newline()
        }
        if !result.findings.isEmpty { findingsTable(result.findings) }
        outcomesTable(run)
        sessionRecord(run)
        html.raw("</details>\n")
    }

    mutating func findingsTable(_ findings: [Finding]) {
        html.tag("h4", text: "Findings")
        html.raw("\n<table>\n")
        html.headerRow(["Severity", "Id", "Step", "What", "Evidence", "Where", "Rating"])
        html.raw("\n<tbody>\n")
        for finding in findings {
            let source =
                finding.source.map {
                    "\($0.file.split(separator: "/").last.map(String.init) ?? $0.file):\($0.line)"
                } ?? ""
            html.tag("tr") { row in
                row.tag("td") { Self.badge(finding.severity, into: &$0) }
                row.tag("td", ["class": "id"]) { $0.tag("code", text: finding.id) }
                row.tag("td", text: finding.step.map { String($0 + 1) } ?? "session")
                row.tag("td", text: Self.what(finding))
                row.tag("td", ["class": "ev"], text: finding.evidence)
                row.tag("td", text: source)
                if let accepted = context.review.acceptance(of: finding) {
                    row.tag("td") { cell in
                        cell.text(finding.rating)
                        cell.tag(
                            "p", ["class": "accepted"],
                            text: "Accepted risk (\(accepted.status.rawValue)) until \(accepted.expires), "
                                + "owner \(accepted.owner): \(accepted.justification) — not gated")
                    }
                } else {
                    row.tag("td", text: finding.rating)
                }
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    mutating func outcomesTable(_ run: ModelRun) {
        html.tag("h4", text: "Agent actions")
        html.newline()
        guard !run.outcomes.isEmpty else {
            html.tag("p", text: "The agent asked for nothing.")
            html.newline()
            return
        }
        html.raw("<table>\n")
        html.headerRow(["Step", "Request", "Decision", "Why"])
        html.raw("\n<tbody>\n")
        for outcome in run.outcomes {
            let mark =
                outcome.decision == .refused || outcome.decision == .notPossible
                ? "✓ " : (outcome.sensitive != nil ? "⚠ " : "")
            html.tag("tr") { row in
                row.tag("td", text: String(outcome.step + 1))
                row.tag("td") { cell in
                    cell.text(outcome.request)
                    if let sensitive = outcome.sensitive {
                        cell.text(" ")
                        cell.tag("em", text: "(\(sensitive))")
                    }
                }
                row.tag("td", text: mark + outcome.decision.rawValue)
                row.tag("td", text: outcome.reason.description)
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    /// What the session left behind: retention, the audit trail and what the customer was shown as hidden.
    mutating func sessionRecord(_ run: ModelRun) {
        html.tag("h4", text: "Retention at session end")
        html.newline()
        html.tag("ul") { list in
            for artifact in run.retention {
                list.tag("li") { item in
                    if artifact.kept { item.tag("strong", text: "kept") } else { item.text("deleted") }
                    item.text(": \(artifact.name) — \(artifact.reason)")
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
                for entry in run.audit {
                    list.tag("li", text: "step \(entry.step + 1) · \(entry.event.rawValue): \(entry.detail)")
                }
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
                        item.tag("code", text: region.path)
                        item.text(" — \(region.rule)")
                    }
                }
            }
            html.newline()
        }
    }
}
