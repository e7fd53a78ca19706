import Detectors
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
        html.headerRow(["impact \\ likelihood"] + Likelihood.allCases.map(\.rawValue))
        html.raw("\n<tbody>\n")
        for impact in Impact.allCases.reversed() {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"], text: impact.rawValue)
                for likelihood in Likelihood.allCases {
                    row.tag("td") {
                        HTMLSection.badge(Rating.severity(impact: impact, likelihood: likelihood), into: &$0)
                    }
                }
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
        html.tag("p") { $0.raw(ReportResources.prose["method-likelihood"] ?? "") }
        html.newline()
        html.tag("h3", text: "Profiles")
        html.raw("\n<table>\n")
        html.headerRow(["Profile", "Model", "Parameters", "Summary"])
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
        policySection()
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

    /// The organisation's policy every profile ran under: each rule as the policy file writes it, and a hash of the
    /// rules as listed. (A scenario's own additions are its expectations' business and are not listed here.)
    mutating func policySection() {
        let policy = report.policy
        let rules = Self.rules(policy)
        html.tag("h3", text: "Policy")
        html.newline()
        html.tag("p") { line in
            line.text(
                policy == .default
                    ? "The default policy (no --policy file): no extra rules, consent required, recording allowed. "
                    : "The organisation's policy “\(policy.name)” (--policy), applied under every co-browsing profile; expectations written for another policy are not checked under it. "
            )
            line.text("Its hash (the first 16 hex digits of a SHA-256 over the rules below, one ")
            line.tag("code", text: "rule: value")
            line.text(" line each): ")
            line.tag("code", text: Self.policyHash(rules))
            line.text(".")
        }
        html.raw("\n<table class=\"policy\">\n")
        html.headerRow(["Rule", "Value"])
        html.raw("\n<tbody>\n")
        for (key, value) in rules {
            html.tag("tr") { row in
                row.tag("th", ["scope": "row"]) { $0.tag("code", text: key) }
                row.tag("td", text: value)
            }
            html.newline()
        }
        html.raw("</tbody>\n</table>\n")
    }

    /// The first 16 hex digits of a SHA-256 over `rules` as `rule: value` lines: what the table shows, so a reader
    /// can check it.
    static func policyHash(_ rules: [(String, String)]) -> String {
        var hasher = Checksums.SHA256()
        hasher.update(Array(rules.map { "\($0.0): \($0.1)\n" }.joined().utf8))
        return ReportModel.hex(hasher.finish().prefix(8))
    }

    /// The policy's rules as the policy file writes them.
    static func rules(_ policy: Policy) -> [(String, String)] {
        func list(_ values: [String]) -> String { values.isEmpty ? "none" : values.joined(separator: ", ") }
        return [
            ("mask", list(policy.mask)), ("block", list(policy.block)), ("allow", list(policy.allow)),
            (
                "allowed-origins",
                policy.allowedOrigins.isEmpty ? "the co-browsed tab's origin" : list(policy.allowedOrigins)
            ),
            ("minimum-privacy", policy.minimumPrivacy.rawValue),
            ("mask-length", policy.maskLength?.rawValue ?? "the profile's"),
            ("recording", policy.recordingAllowed ? "true" : "false"),
            ("control-requires-consent", policy.controlRequiresConsent ? "true" : "false"),
            ("attributes", list(policy.extraAttributes)), ("mask-fields", list(policy.maskFields)),
            ("allow-actions", list(policy.allowActions)), ("allow-controls", list(policy.allowControls)),
        ]
    }
}
