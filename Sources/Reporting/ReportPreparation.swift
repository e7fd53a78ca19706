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

    /// A window on the customer's screen at that step: where it is, in stacking order (see `Compositor`).
    struct Window: Sendable, Codable, Hashable {
        var id: String
        var app: String
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        /// Browsers draw 56 px of chrome (the URL bar) under the title bar.
        var isBrowser: Bool
        /// The browser's tabs, whose regions it draws.
        var tabs: [String]
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
        /// Why the mirror is not drawn, when it is withheld (an audited recording's real page).
        var withheld: String? = nil
        /// The screen's size and its windows, bottom to top (screen models).
        var screen: Size? = nil
        var windows: [Window] = []
        /// Where the agent's pointer was: on the element of the last agent step it was allowed to take (screen models).
        var cursor: Point? = nil
    }

    /// A point on the screen.
    struct Point: Sendable, Codable, Hashable {
        var x: Int
        var y: Int
    }

    var step: Int
    /// The step in words (`customer: type into #card`).
    var label: String
    var panes: [Pane]
}

extension ReportModel.Prepared {
    /// The moments worth showing side by side: the step after the start where the most was observed across
    /// profiles, and the last step that typed or selected a value (everything typed by then, still on its form), or
    /// without one the last step before the session ended.
    static func keySteps(_ analysis: ScenarioAnalysis) -> [Int] {
        var counts: [Int: Int] = [:]
        for result in analysis.profiles {
            for finding in result.findings where finding.kind == .observed {
                if let step = finding.step, step > 0 { counts[step, default: 0] += 1 }
            }
        }
        let last = lastValueStep(analysis.scenario.steps)
        var chosen: [Int] = []
        if let busiest = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key { chosen.append(busiest) }
        if !chosen.contains(last) { chosen.append(last) }
        return chosen.sorted()
    }

    /// The last step that typed or selected a value, or without one the last step before the session ended: the view
    /// a summary report shows.
    static func lastValueStep(_ steps: [Step]) -> Int {
        let typed = steps.last {
            switch $0.action {
            case .type, .select: true
            default: false
            }
        }
        return typed?.index ?? steps.last { $0.action != .end }?.index ?? 0
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
                    if run.isRecordedSession, !safe.revealed {
                        pane.withheld =
                            "The recorded page is not drawn: it is a real customer's, and only the values found as "
                            + "sensitive would be redacted (--reveal draws it). The findings say what crossed."
                        return pane
                    }
                    pane.mirror = AgentViews.mirror(run, upTo: step).map { AgentViews.sanitise($0, redactor: safe) }
                } else {
                    pane.regions = AgentViews.screen(run, upTo: step).map {
                        AgentView.Region(
                            source: safe.structure($0.source), x: $0.x, y: $0.y, text: safe.marked($0.text))
                    }
                    pane.reach = run.reach.map { safe.structure($0.source) }
                    pane.screen = analysis.scenario.world.screen
                    pane.windows = windows(analysis.scenario, run, upTo: step, safe)
                    pane.cursor = cursor(analysis.scenario, run, upTo: step, regions: pane.regions)
                }
                return pane
            }
            return AgentView(step: step, label: safe.structure(label), panes: panes)
        }
    }

    /// The steps up to `step` that changed the world: every customer and system step, and the agent's that its
    /// model allowed.
    private static func applied(_ scenario: Scenario, _ run: ModelRun, upTo step: Int) -> [Step] {
        let refused = Set(
            run.outcomes.filter { $0.decision == .refused || $0.decision == .notPossible }.map(\.step))
        return scenario.steps.filter { $0.index <= step && !($0.actor == .agent && refused.contains($0.index)) }
    }

    /// The windows on screen after `step`, bottom to top, as the world has them: the scenario's, raised by window
    /// switches and opened files (a file opened in no window gets a viewer window, as `World` places it).
    static func windows(_ scenario: Scenario, _ run: ModelRun, upTo step: Int, _ safe: SafeText) -> [AgentView.Window] {
        var windows = scenario.world.windows
        func raise(_ id: String) {
            guard let index = windows.firstIndex(where: { $0.id == id }) else { return }
            windows[index].z = (windows.map(\.z).max() ?? 0) + 1
            windows[index].minimized = false
        }
        for applied in applied(scenario, run, upTo: step) {
            switch applied.action {
            case let .switchWindow(window): raise(window)
            case let .openFile(path, window):
                let id = window ?? "viewer \(path)"
                if window == nil, !windows.contains(where: { $0.id == id }) {
                    windows.append(
                        .viewer(showing: path, on: scenario.world.screen, above: windows.map(\.z).max() ?? 0))
                } else {
                    raise(id)
                }
            default: continue
            }
        }
        return windows.filter { !$0.minimized }.sorted { ($0.z, $0.id) < ($1.z, $1.id) }.map { window in
            AgentView.Window(
                id: safe.structure(window.id), app: safe.structure(window.app), x: window.bounds.x,
                y: window.bounds.y, width: window.bounds.width, height: window.bounds.height,
                isBrowser: window.isBrowser, tabs: window.tabs.map { safe.structure($0.id) })
        }
    }

    /// The agent's pointer: on the region of the element the last allowed agent click, type or select up to `step`
    /// acted on; nil when the agent never acted on the screen.
    static func cursor(
        _ scenario: Scenario, _ run: ModelRun, upTo step: Int, regions: [AgentView.Region]
    ) -> AgentView.Point? {
        for applied in applied(scenario, run, upTo: step).reversed() where applied.actor == .agent {
            let selector: String
            switch applied.action {
            case let .click(_, target), let .type(_, target, _), let .select(_, target, _): selector = target
            default: continue
            }
            if let region = regions.first(where: { $0.source.hasSuffix(" " + selector) }) {
                return AgentView.Point(x: region.x + 12, y: region.y + 14)
            }
        }
        return nil
    }

    /// `analysis` as the reports print it: every text they show redacted with `safe` (nothing when the run reveals),
    /// and everything they do not show dropped — the pages, files, clipboard and saved passwords, what steps typed,
    /// copied or notified, what crossed and what was kept, the planted values (their ids and classes stay). Nothing
    /// here needs redacting again, and nothing secret reaches `report.parts.json`.
    static func redacted(_ analysis: ScenarioAnalysis, safe: SafeText) -> ScenarioAnalysis {
        var scenario = analysis.scenario
        scenario.title = safe.structure(scenario.title)
        scenario.summary = safe.structure(scenario.summary)
        scenario.domain = scenario.domain.map { safe.structure($0) }
        scenario.tags = []
        scenario.references = []
        scenario.folder = safe.structure(scenario.folder)
        // What was planted, without the values: the summary counts items received "of how many planted".
        scenario.items = scenario.items.map { item in
            var item = item
            item.value = ""
            item.label = item.label.map { safe.structure($0) }
            item.contexts = []
            return item
        }
        scenario.world.windows = []
        scenario.world.files = []
        scenario.world.clipboard = nil
        scenario.world.credentials = []
        scenario.steps = scenario.steps.map { step in
            var bare = step
            bare.action = step.action.withoutPayload.mappingTexts(safe.structure)
            bare.note = nil
            bare.location = redacted(step.location, safe)
            return bare
        }
        // Expectations name items and steps by id, never a value: kept, so the JUnit report lists every entry.
        scenario.expectations = scenario.expectations.map { expectation in
            var expectation = expectation
            expectation.location = redacted(expectation.location, safe)
            expectation.entryLocations = expectation.entryLocations.mapValues { redacted($0, safe) }
            return expectation
        }
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
                outcome.request = safe.structure(outcome.request)
                outcome.sensitive = outcome.sensitive.map { safe.structure($0) }
                outcome.reason = .described(safe.structure(outcome.reason.description))
                return outcome
            }
            profile.run.reach = profile.run.reach.map { artifact in
                var artifact = artifact
                artifact.source = safe.structure(artifact.source)
                artifact.content = ""
                return artifact
            }
            profile.run.retention = profile.run.retention.map { artifact in
                var artifact = artifact
                artifact.reason = safe.structure(artifact.reason)
                artifact.content = ""
                return artifact
            }
            profile.run.audit = profile.run.audit.map { entry in
                var entry = entry
                entry.detail = safe.structure(entry.detail)
                return entry
            }
            profile.run.indicator = profile.run.indicator.map { region in
                var region = region
                region.url = safe(Redaction.url(region.url))  // a URL carries values: redacted as one
                region.path = safe.structure(region.path)
                region.rule = safe.structure(region.rule)
                return region
            }
            profile.findings = profile.findings.map { finding in
                var finding = finding
                finding.action = finding.action.map { safe.structure($0) }
                // Item and detector evidence was redacted when it was found (redacting it again would read one value's
                // bullets as another's); an action's evidence is the agent's request, which may quote the page.
                if finding.kind == .action { finding.evidence = safe.structure(finding.evidence) }
                finding.rating = safe.structure(finding.rating)
                finding.source = finding.source.map { redacted($0, safe) }
                finding.stepLocation = finding.stepLocation.map { redacted($0, safe) }
                return finding
            }
            profile.failures = profile.failures.map { failure in
                var failure = failure
                failure.message = safe.structure(failure.message)
                failure.location = redacted(failure.location, safe)
                return failure
            }
            result.profiles[index] = profile
        }
        return result
    }

    private static func redacted(_ location: SourceLocation, _ safe: SafeText) -> SourceLocation {
        var location = location
        location.file = safe.structure(location.file)
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
