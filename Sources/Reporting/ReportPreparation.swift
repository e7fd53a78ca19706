import Markup
import SupportScope

/// What the agent saw at one key step of a scenario, under each profile, as the reports show it: built from what
/// crossed when the scenario is prepared, redacted then, and kept as data (no rendered HTML) so `merge` can render it
/// exactly as an unsharded run does.
struct AgentView: Sendable, Codable, Hashable {
    /// A positioned text region of a screen frame.
    struct Region: Sendable, Codable, Hashable {
        var source: String
        var x: Int
        var y: Int
        var text: String
    }

    /// One profile's view.
    struct Pane: Sendable, Codable, Hashable {
        var profile: String
        var model: ModelKind
        /// The co-browsing mirror, sanitised and redacted, as a document; nil when the view is a screen or nothing
        /// was mirrored yet.
        var mirror: String?
        /// True when the pane shows the mirror (even an empty one) rather than a screen.
        var isMirror: Bool
        var regions: [Region]
        /// What else the agent could reach (screen models).
        var reach: [String]
    }

    var step: Int
    /// The step in words (`customer: type into #card`).
    var label: String
    var panes: [Pane]
}

extension ReportModel.Prepared {
    /// The moments worth showing side by side: the step after the start where the most was observed across
    /// profiles, and the last step before the session ended (everything typed by then).
    static func keySteps(_ analysis: ScenarioAnalysis) -> [Int] {
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

    /// The agent's views at the key steps, redacted with `safe`.
    static func views(_ analysis: ScenarioAnalysis, safe: SafeText) -> [AgentView] {
        keySteps(analysis).map { step in
            let label =
                analysis.scenario.steps.first { $0.index == step }.map { "\($0.actor.rawValue): \($0.action.summary)" }
                ?? "the end"
            let panes = analysis.profiles.map { result -> AgentView.Pane in
                let run = result.run
                let escalated = run.escalatedAt.map { $0 <= step } ?? false
                var pane = AgentView.Pane(
                    profile: run.profile, model: run.model, mirror: nil, isMirror: false, regions: [], reach: [])
                if run.model == .cobrowse, !escalated {
                    pane.isMirror = true
                    pane.mirror = AgentViews.mirror(run, upTo: step).map { AgentViews.sanitise($0, redactor: safe) }
                } else {
                    pane.regions = AgentViews.screen(run, upTo: step).map {
                        AgentView.Region(source: safe($0.source), x: $0.x, y: $0.y, text: safe($0.text))
                    }
                    pane.reach = run.reach.map { safe($0.source) }
                }
                return pane
            }
            return AgentView(step: step, label: safe(label), panes: panes)
        }
    }

    /// `analysis` as the reports print it: every text they show redacted with `safe` (nothing when the run reveals),
    /// and everything they do not show dropped — the pages, files, clipboard and saved passwords, what steps typed,
    /// copied or notified, what crossed and what was kept. Nothing here needs redacting again, and nothing secret
    /// reaches `report.parts.json`.
    static func redacted(_ analysis: ScenarioAnalysis, safe: SafeText) -> ScenarioAnalysis {
        var scenario = analysis.scenario
        scenario.title = safe(scenario.title)
        scenario.summary = safe(scenario.summary)
        scenario.domain = scenario.domain.map { safe($0) }
        scenario.tags = []
        scenario.references = []
        scenario.folder = safe(scenario.folder)
        scenario.items = []
        scenario.world.windows = []
        scenario.world.files = []
        scenario.world.clipboard = nil
        scenario.world.credentials = []
        scenario.steps = scenario.steps.map { step in
            var bare = step
            bare.action = step.action.withoutPayload.mappingTexts(safe.callAsFunction)
            bare.note = nil
            bare.location = redacted(step.location, safe)
            return bare
        }
        scenario.expectations = []
        scenario.policy.mask = []
        scenario.policy.block = []
        scenario.location = redacted(scenario.location, safe)
        var result = analysis
        result.scenario = scenario
        for index in result.profiles.indices {
            var profile = result.profiles[index]
            profile.run.wire = []
            profile.run.wireSources = [:]
            profile.run.frameSources = [:]
            profile.run.frameFields = [:]
            profile.run.outcomes = profile.run.outcomes.map { outcome in
                var outcome = outcome
                outcome.request = safe(outcome.request)
                outcome.sensitive = outcome.sensitive.map { safe($0) }
                outcome.reason = .described(safe(outcome.reason.description))
                return outcome
            }
            profile.run.reach = profile.run.reach.map { artifact in
                var artifact = artifact
                artifact.source = safe(artifact.source)
                artifact.content = ""
                return artifact
            }
            profile.run.retention = profile.run.retention.map { artifact in
                var artifact = artifact
                artifact.reason = safe(artifact.reason)
                artifact.content = ""
                return artifact
            }
            profile.run.audit = profile.run.audit.map { entry in
                var entry = entry
                entry.detail = safe(entry.detail)
                return entry
            }
            profile.run.indicator = profile.run.indicator.map { region in
                var region = region
                region.url = safe(Redaction.url(region.url))
                region.path = safe(region.path)
                region.rule = safe(region.rule)
                return region
            }
            profile.findings = profile.findings.map { finding in
                var finding = finding
                finding.action = finding.action.map { safe($0) }
                // Item and detector evidence was redacted when it was found (redacting it again would read one value's
                // bullets as another's); an action's evidence is the agent's request, which may quote the page.
                if finding.kind == .action { finding.evidence = safe(finding.evidence) }
                finding.rating = safe(finding.rating)
                finding.source = finding.source.map { redacted($0, safe) }
                finding.stepLocation = finding.stepLocation.map { redacted($0, safe) }
                return finding
            }
            profile.failures = profile.failures.map { failure in
                var failure = failure
                failure.message = safe(failure.message)
                failure.location = redacted(failure.location, safe)
                return failure
            }
            result.profiles[index] = profile
        }
        return result
    }

    private static func redacted(_ location: SourceLocation, _ safe: SafeText) -> SourceLocation {
        var location = location
        location.file = safe(location.file)
        return location
    }
}

extension Action {
    /// The action with `transform` applied to every text it carries (tabs, URLs, pages, selectors, paths, apps).
    func mappingTexts(_ transform: (String) -> String) -> Action {
        let f = transform
        return switch self {
        case let .navigate(tab, url, page, html): .navigate(tab: tab.map(f), url: f(url), page: f(page), html: f(html))
        case let .type(tab, selector, text): .type(tab: tab.map(f), selector: f(selector), text: f(text))
        case let .select(tab, selector, value): .select(tab: tab.map(f), selector: f(selector), value: f(value))
        case let .click(tab, selector): .click(tab: tab.map(f), selector: f(selector))
        case let .scroll(tab, selector, y): .scroll(tab: tab.map(f), selector: selector.map(f), y: y)
        case let .revealPassword(tab, selector): .revealPassword(tab: tab.map(f), selector: f(selector))
        case let .switchTab(tab): .switchTab(tab: f(tab))
        case let .switchWindow(window): .switchWindow(window: f(window))
        case let .openFile(path, window): .openFile(path: f(path), window: window.map(f))
        case let .copy(text): .copy(text: f(text))
        case let .transferFile(path, toAgent): .transferFile(path: f(path), toAgent: toAgent)
        case let .notification(app, title, text, duration):
            .notification(app: f(app), title: title.map(f), text: f(text), duration: duration)
        case let .pageChange(tab, selector, change):
            .pageChange(tab: tab.map(f), selector: f(selector), change: change)
        case let .autofillPopup(tab, selector, suggestions):
            .autofillPopup(tab: tab.map(f), selector: f(selector), suggestions: suggestions.map(f))
        case .requestControl, .readClipboard, .start, .grantControl, .revokeControl, .escalate, .end: self
        }
    }
}
