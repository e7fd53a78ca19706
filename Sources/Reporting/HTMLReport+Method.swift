import Foundation
import Markup
import SupportScope

/// The method: how severity is rated, the profiles compared and the inputs measured.
extension HTMLReport {
    mutating func methodology() {
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
                for likelihood in Likelihood.allCases {
                    row.tag("td") { Self.badge(Rating.severity(impact: impact, likelihood: likelihood), into: &$0) }
                }
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
                row.tag("td", text: profile.summary)
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
