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
        chunks(try page.render(flush: chunks))
    }
}

/// The page's content security policy: nothing may load; inline styles and the report's own inline images only.
let reportCSP =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; base-uri 'none'; form-action 'none'"

struct HTMLReport {
    let report: ReportModel
    let referenceName = referenceProfile
    var html = HTMLBuilder()

    init(_ report: ReportModel) {
        self.report = report
    }

    /// The profiles in report order: those of the first scenario, then any others.
    var profileNames: [String] {
        var names: [String] = []
        for outline in report.outlines {
            for run in outline.runs where !names.contains(run.profile) { names.append(run.profile) }
        }
        return names
    }

    func model(of profile: String) -> String {
        let kind =
            report.profiles.first { $0.name == profile }?.model
            ?? report.outlines.lazy.flatMap(\.runs).first { $0.profile == profile }?.model
        return kind?.rawValue ?? ""
    }

    /// The scenarios in the order of the contents and the sections: by domain (scenarios without one last), then
    /// by title.
    var orderedScenarios: [ScenarioOutline] {
        report.outlines.sorted {
            ($0.domain ?? "\u{10FFFF}", $0.title, $0.id) < ($1.domain ?? "\u{10FFFF}", $1.title, $1.id)
        }
    }

    /// The page: the text so far is handed to `flush` after each scenario's part, and the rest returned.
    mutating func render(flush: (String) -> Void) throws -> String {
        let title = report.title ?? "What the support agent sees"
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
        // The policy's quotes are its syntax, not data: written as they are.
        html.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"\(reportCSP)\">\n")
        html.empty("meta", ["charset": "utf-8"])
        html.newline()
        html.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        html.newline()
        html.empty("meta", ["name": "referrer", "content": "no-referrer"])
        html.newline()
        // The same id is in report.xml and report.json: files of one set carry one id.
        html.empty("meta", ["name": "supportscope-run-id", "content": report.runID])
        html.newline()
        html.tag("title", text: "SupportScope report — \(title)")
        html.newline()
        html.tag("style") { $0.raw("\n" + ReportResources.css + AgentViews.markCSS + "\n") }
        html.raw("\n</head>\n<body class=\"detail-\(report.detail.rawValue)\">\n")
        header(title: title)
        html.raw("<main>\n")
        summary()
        heatMap()
        for outline in orderedScenarios {
            html.raw(try report.section(.html, of: outline))
            flush(html.take())
        }
        methodology()
        html.tag("footer") {
            $0.tag(
                "p",
                text:
                    "supportscope \(report.toolVersion) · report schema \(ReportContent.schemaVersion) · run \(report.runID) · "
                    + "the same inputs give this file byte for byte"
            )
        }
        html.raw("\n</body>\n</html>\n")
        return html.take()
    }

    // MARK: - Header and summary

    mutating func header(title: String) {
        html.raw("<header>\n")
        html.tag("h1", text: title)
        html.newline()
        if let subtitle = report.subtitle {
            html.tag("p", ["class": "subtitle"], text: subtitle)
            html.newline()
        }
        var meta =
            "\(report.outlines.count) scenario\(report.outlines.count == 1 ? "" : "s") · \(profileNames.count) profiles · supportscope \(report.toolVersion)"
        if let date = report.generatedAt { meta += " · generated \(ISO8601.string(date))" }
        if report.detail == .summary { meta += " · summary report (run with --detail full for every finding)" }
        html.tag("p", ["class": "meta"], text: meta)
        html.newline()
        if report.revealed {
            html.tag("p", ["class": "banner", "role": "alert"]) {
                $0.raw(ReportResources.prose["revealed-banner"] ?? "")
            }
            html.newline()
        }
        legend()
        // Grouped by domain, as the sections are ordered.
        var groups: [(domain: String?, scenarios: [ScenarioOutline])] = []
        for outline in orderedScenarios {
            if groups.last.map({ $0.domain == outline.domain }) == true {
                groups[groups.count - 1].scenarios.append(outline)
            } else {
                groups.append((outline.domain, [outline]))
            }
        }
        html.tag("nav", ["aria-label": "Contents"]) { nav in
            nav.tag("ol") { list in
                list.tag("li") { $0.tag("a", ["href": "#summary"], text: "Summary") }
                list.tag("li") { $0.tag("a", ["href": "#matrix"], text: "Scenarios × profiles") }
                list.tag("li") { $0.tag("a", ["href": "#method"], text: "Method") }
            }
            for group in groups {
                nav.tag("div", ["class": "domain"]) { block in
                    block.tag("span", ["class": "domain-name"], text: group.domain ?? "other")
                    block.tag("ol") { list in
                        for outline in group.scenarios {
                            list.tag("li") {
                                $0.tag(
                                    "a", ["href": "#" + HTMLText.anchor("scenario", outline.id)], text: outline.title)
                            }
                        }
                    }
                }
            }
        }
        html.raw("\n</header>\n")
    }

    /// The report's visual language, before anything uses it: what the agent received, what co-browsing masked, what
    /// was blocked or never sent; and the severity scale.
    mutating func legend() {
        html.tag("aside", ["class": "legend", "aria-label": "How to read this report"]) { aside in
            aside.tag("strong", text: "How to read the views: ")
            aside.tag("span") { item in
                item.tag("mark", ["class": "ss-seen"], text: report.revealed ? "value" : "4111 •••• •••• 1111")
                item.text(
                    report.revealed
                        ? " the agent received this value (shown because of --reveal)"
                        : " the agent received this value (redacted here, so this report is safe to share)")
            }
            aside.tag("span") { item in
                item.tag("span", ["class": "ss-masked"], text: "********")
                item.text(" masked by co-browsing: the agent got only the mask")
            }
            aside.tag("span") { item in
                item.tag("span", ["class": "ss-placeholder"], text: "blocked")
                item.text(" blocked or never mirrored: the agent got nothing")
            }
        }
        html.newline()
    }

    mutating func severityLegend() {
        html.tag("p", ["class": "sev-legend"]) { line in
            line.text("Severity, impact × likelihood (")
            line.tag("a", ["href": "#method"], text: "method")
            line.text("): ")
            for severity in Severity.allCases.reversed() {
                HTMLSection.badge(severity, into: &line)
                line.text(" ")
            }
        }
        html.newline()
    }

    mutating func summary() {
        let digest = ReportDigest(report)
        html.raw("<section id=\"summary\">\n")
        html.tag("h2", text: "Summary")
        html.newline()
        html.tag("div", ["class": "cards"]) { cards in
            for card in digest.cards { Self.scoreCard(card, reference: referenceName, into: &cards) }
        }
        html.newline()
        html.tag("h3", text: "Key findings")
        html.newline()
        html.tag("ol", ["class": "key"]) { list in
            for finding in digest.keyFindings { list.tag("li", text: finding) }
        }
        html.newline()
        html.tag("h3", text: "Recommendations")
        html.newline()
        html.tag("dl", ["class": "recommend"]) { list in
            for card in digest.cards where !card.recommendations.isEmpty {
                list.tag("dt", text: "\(card.profile) (\(card.model?.rawValue ?? "unknown model"))")
                for line in card.recommendations { list.tag("dd", text: line) }
            }
        }
        html.newline()
        totalsTable(digest)
        barChart(report.suite)
        html.raw("</section>\n")
    }

    /// One profile at a glance: items received of those planted, the exposure against the reference, the worst
    /// severity, the sensitive actions.
    static func scoreCard(_ card: ReportDigest.Card, reference: String, into html: inout HTMLBuilder) {
        html.tag("article", ["class": "card \(card.model?.rawValue ?? "")", "aria-label": card.profile]) { box in
            box.tag("h3", text: card.profile)
            box.tag("p", ["class": "model"], text: card.model.map(Self.modelName) ?? "")
            box.tag("p", ["class": "big"]) { line in
                line.tag("strong", text: "\(card.received) of \(card.planted)")
                line.text(" planted items the agent received")
            }
            let versus: String
            if card.profile == reference {
                versus = "the reference"
            } else if let ratio = card.ratio {
                versus = "\(ReportDigest.times(ratio)) the exposure of \(reference)"
            } else {
                versus = card.index == 0 ? "no exposure, like \(reference)" : "exposure where \(reference) has none"
            }
            box.tag("p", text: "Exposure index \(card.index): \(versus)")
            box.tag("p") { line in
                line.text("Worst: ")
                if let worst = card.worst { HTMLSection.badge(worst, into: &line) } else { line.text("nothing found") }
            }
            box.tag(
                "p",
                text: "\(card.actions) sensitive action(s) possible · \(card.reachable) more within reach · "
                    + "\(card.retained) kept after the session")
        }
    }

    static func modelName(_ model: ModelKind) -> String {
        switch model {
        case .cobrowse: "co-browsing"
        case .screenshare: "screen sharing"
        case .remoteDesktop: "remote desktop"
        }
    }

    mutating func totalsTable(_ digest: ReportDigest) {
        html.raw("<table class=\"totals\">\n")
        html.tag(
            "caption",
            text: "Per profile, over all scenarios: planted items the agent received, could reach or that were kept; "
                + "sensitive actions the agent could take; the exposure index.")
        html.newline()
        html.headerRow([
            "Profile", "Model", "Items received", "Items reachable", "Items retained", "Agent actions allowed",
            "Unplanted findings", "Exposure index", "vs \(referenceName)",
        ])
        html.raw("\n<tbody>\n")
        for card in digest.cards {
            let versus =
                card.profile == referenceName
                ? "reference" : card.ratio.map(ReportDigest.times) ?? (card.index == 0 ? "0" : "—")
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: card.profile)
                row.tag("td", text: card.model?.rawValue ?? "")
                row.tag("td", ["class": "n"], text: "\(card.received) of \(card.planted)")
                for number in [card.reachable, card.retained, card.actions, card.unplanted, card.index] {
                    row.tag("td", ["class": "n"], text: String(number))
                }
                row.tag("td", ["class": "n"], text: versus)
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    mutating func barChart(_ suite: [ScoreComparison]) {
        let models = Dictionary(
            suite.map { ($0.profile, model(of: $0.profile)) }, uniquingKeysWith: { first, _ in first })
        guard !suite.isEmpty else { return }
        let maximum = max(1, suite.map(\.score.index).max() ?? 1)
        let rowHeight = 28, labelWidth = 230, chartWidth = 420
        let height = suite.count * rowHeight + 10
        html.raw("<figure>\n")
        html.tag(
            "svg",
            [
                "class": "bars", "role": "img", "aria-labelledby": "bars-title",
                "viewBox": "0 0 \(labelWidth + chartWidth + 70) \(height)",
                "width": "100%",
            ]
        ) { svg in
            svg.newline()
            svg.tag("title", ["id": "bars-title"], text: "Exposure index per profile")
            svg.newline()
            for (row, comparison) in suite.enumerated() {
                let y = row * rowHeight + 5
                let width = max(comparison.score.index * chartWidth / maximum, 1)
                svg.tag(
                    "text", ["x": String(labelWidth - 8), "y": String(y + 17), "text-anchor": "end"],
                    text: comparison.profile)
                svg.empty(
                    "rect",
                    [
                        "class": "bar \(models[comparison.profile] ?? "")", "x": String(labelWidth), "y": String(y + 3),
                        "width": String(width),
                        "height": String(rowHeight - 8),
                    ], closed: true)
                svg.tag(
                    "text", ["x": String(labelWidth + width + 6), "y": String(y + 17)],
                    text: String(comparison.score.index))
                svg.newline()
            }
        }
        html.newline()
        html.tag(
            "figcaption",
            text:
                "Exposure index: the sum of finding weights (low 1, medium 2, elevated 4, high 8, critical 16). Shorter is safer."
        )
        html.raw("\n</figure>\n")
    }

    // MARK: - Heat map

    /// The matrix's order: worst first — the worst severity any profile reached, then the highest index any profile
    /// had, then the title — so the scenarios that matter most are read first.
    var matrixOrder: [ScenarioOutline] {
        func key(_ outline: ScenarioOutline) -> (Int, Int) {
            let worst = outline.runs.compactMap(\.score.worst).max()
            return (
                worst.map { Severity.allCases.firstIndex(of: $0)! + 1 } ?? 0,
                outline.runs.map(\.score.index).max() ?? 0
            )
        }
        return report.outlines.sorted {
            let (a, b) = (key($0), key($1))
            return a != b ? a > b : ($0.title, $0.id) < ($1.title, $1.id)
        }
    }

    mutating func heatMap() {
        let names = profileNames
        html.raw("<section id=\"matrix\">\n")
        html.tag("h2", text: "Scenarios × profiles")
        html.newline()
        severityLegend()
        html.raw("<table class=\"matrix\">\n")
        html.tag(
            "caption",
            text: "The worst severity each profile reached in each scenario, with the number of findings; worst "
                + "scenarios first.")
        html.newline()
        html.headerRow(["Scenario"] + names)
        html.raw("\n<tbody>\n")
        for outline in matrixOrder {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"]) {
                    $0.tag("a", ["href": "#" + HTMLText.anchor("scenario", outline.id)], text: outline.title)
                }
                for name in names {
                    guard let result = outline.runs.first(where: { $0.profile == name }) else {
                        row.tag("td", text: "not run")
                        continue
                    }
                    let worst = result.score.worst
                    row.tag("td", ["class": "sev-\(worst?.rawValue ?? "none")"]) { cell in
                        cell.text("\(worst.map { $0.rawValue } ?? "none") · \(result.findings)")
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
}
