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
        for analysis in report.scenarios {
            for result in analysis.profiles where !names.contains(result.run.profile) {
                names.append(result.run.profile)
            }
        }
        return names
    }

    func model(of profile: String) -> String {
        let kind =
            report.profiles.first { $0.name == profile }?.model
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
        // The same id is in report.xml and report.json: files of one set carry one id.
        html.empty("meta", ["name": "supportscope-run-id", "content": report.runID])
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
        html.tag("footer") {
            $0.tag(
                "p",
                text:
                    "supportscope \(report.toolVersion) · report schema 1 · run \(report.runID) · "
                    + "the same inputs give this file byte for byte"
            )
        }
        html.raw("\n</body>\n</html>\n")
        return html.take()
    }

    // MARK: - Header and summary

    mutating func header() {
        html.raw("<header>\n")
        html.tag("h1", text: "What the support agent sees")
        html.newline()
        var meta =
            "\(report.scenarios.count) scenario\(report.scenarios.count == 1 ? "" : "s") · \(profileNames.count) profiles · supportscope \(report.toolVersion)"
        if let date = report.generatedAt { meta += " · generated \(ISO8601.string(date))" }
        html.tag("p", ["class": "meta"], text: meta)
        html.newline()
        if report.revealed {
            html.tag("p", ["class": "banner", "role": "alert"]) {
                $0.raw(ReportResources.prose["revealed-banner"] ?? "")
            }
            html.newline()
        }
        html.tag("nav", ["aria-label": "Contents"]) { nav in
            nav.tag("ol") { list in
                list.tag("li") { $0.tag("a", ["href": "#summary"], text: "Summary") }
                list.tag("li") { $0.tag("a", ["href": "#matrix"], text: "Scenarios × profiles") }
                for analysis in report.scenarios {
                    list.tag("li") {
                        $0.tag(
                            "a", ["href": "#" + HTMLText.anchor("scenario", analysis.scenario.id)],
                            text: analysis.scenario.title)
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
                Set(
                    result.findings.compactMap { finding -> String? in
                        guard finding.kind == kind, finding.grade?.isExposure == true,
                            case let .item(id) = finding.subject
                        else { return nil }
                        return id
                    }
                ).count
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
        let models = Dictionary(
            report.suite.map { ($0.profile, model(of: $0.profile)) }, uniquingKeysWith: { first, _ in first })
        let suite = report.suite
        // Counted once per profile: the table and the headline both read them.
        let counted = Dictionary(
            suite.map { ($0.profile, totals($0.profile)) }, uniquingKeysWith: { first, _ in first })
        html.raw("<main>\n<section id=\"summary\">\n")
        html.tag("h2", text: "Summary")
        html.newline()
        html.tag("p", ["class": "headline"], text: headline(suite, counted))
        html.raw("\n<table>\n")
        html.tag(
            "caption",
            text: "Per profile, over all scenarios: planted items the agent received, could reach or that were kept; "
                + "sensitive actions the agent could take; the exposure index.")
        html.newline()
        headerRow([
            "Profile", "Model", "Items observed", "Items reachable", "Items retained", "Agent actions allowed",
            "Unplanted findings",
            "Exposure index", "vs \(referenceName)",
        ])
        html.raw("\n<tbody>\n")
        for comparison in suite {
            let totals = counted[comparison.profile] ?? ProfileTotals()
            let reference =
                comparison.profile == referenceName
                ? "reference" : (comparison.difference >= 0 ? "+" : "") + String(comparison.difference)
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: comparison.profile)
                row.tag("td", text: models[comparison.profile] ?? "")
                for number in [
                    totals.observed, totals.reachable, totals.retained, totals.actions, totals.unplanted,
                    comparison.score.index,
                ] {
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
            return
                "Exposure by profile, measured from what crossed to the agent in \(report.scenarios.count) scenario(s)."
        }
        let referenceItems = counted[referenceName]?.observed ?? 0
        let others = suite.filter { $0.profile != referenceName }.map { comparison -> String in
            "\(comparison.profile) \(counted[comparison.profile]?.observed ?? 0) (index \(comparison.score.index))"
        }
        var text =
            "Under \(referenceName) the agent received \(referenceItems) planted item(s) across \(report.scenarios.count) scenario(s) "
            + "(exposure index \(reference.score.index))"
        text += others.isEmpty ? "." : "; under " + others.joined(separator: ", ") + "."
        return text
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

    mutating func heatMap() {
        let names = profileNames
        html.raw("<section id=\"matrix\">\n")
        html.tag("h2", text: "Scenarios × profiles")
        html.raw("\n<table class=\"matrix\">\n")
        html.tag(
            "caption", text: "The worst severity each profile reached in each scenario, with the number of findings.")
        html.newline()
        headerRow(["Scenario"] + names)
        html.raw("\n<tbody>\n")
        for analysis in report.scenarios {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"]) {
                    $0.tag(
                        "a", ["href": "#" + HTMLText.anchor("scenario", analysis.scenario.id)],
                        text: analysis.scenario.title)
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
}
