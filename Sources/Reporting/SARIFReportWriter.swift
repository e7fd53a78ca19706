import Foundation
import Markup
import SupportScope

/// The findings as SARIF 2.1.0 (`report.sarif`), the format GitHub code scanning and other CI dashboards read.
///
/// One rule per finding kind × data class (`observed/card-number`, `action`), with a `security-severity` that places
/// it in GitHub's bands; one result per finding, at the page line where the value is and the scenario line of the
/// step, fingerprinted by the finding's stable id. Evidence is left out: a CI dashboard has a wider audience than a
/// report, so a result names the item and the channel, never a character of the value.
public struct SARIFReportWriter: ReportWriter {
    public let format = "sarif"
    public let fileName = "report.sarif"
    public init() {}

    /// The schema the document names (SchemaStore's copy of the OASIS schema, as GitHub's documentation uses).
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public func write(_ report: ReportModel, chunks: (String) -> Void) throws {
        // The document without its results is small; the results, written into the spool as each scenario was
        // prepared, are streamed into it where its empty list stands (a key's quotes never occur unescaped in a value),
        // then the `absent` results of fixed findings, made from the outlines.
        let rules = Self.rules(report)
        let skeleton = Self.document(report, rules: rules).document
        let marker = "\n      \"results\": []"
        guard let place = skeleton.range(of: marker) else {
            throw ReportError(description: "the SARIF document has no results list")
        }
        chunks(String(skeleton[..<place.lowerBound]) + "\n      \"results\": [")
        var first = true
        func add(_ results: String) {
            chunks((first ? "\n" : ",\n") + Self.resultPad + results)
            first = false
        }
        // A result's rule index is known only once every scenario is in: each `ruleId` line of a spooled result (one
        // member per line, at a result's depth) is followed by its index, as the keys sort (`ruleId` is the last
        // member, or comes before `suppressions`).
        let memberPad = Self.resultPad + "  "
        var indexed: [Substring: String] = [:]
        for (index, id) in rules.ids.enumerated() {
            var quoted = ""
            JSONText.string(id).write(to: &quoted, indent: 0)
            let line = memberPad + "\"ruleId\": " + quoted
            indexed[Substring(line)] = line + ",\n" + memberPad + "\"ruleIndex\": \(index)"
            indexed[Substring(line + ",")] = line + ",\n" + memberPad + "\"ruleIndex\": \(index),"
        }
        for outline in report.outlines {
            let results = try report.section(.sarif, of: outline)
            guard !results.isEmpty else { continue }
            add(
                results.split(separator: "\n", omittingEmptySubsequences: false).map { indexed[$0] ?? String($0) }
                    .joined(separator: "\n"))
        }
        // Fixed findings, when compared with a baseline: `absent` results, so a dashboard can close them.
        for outline in report.outlines {
            for entry in outline.fixed {
                guard let index = rules.index[Rule.id(kind: entry.kind, dataClass: entry.dataClass)] else { continue }
                var text = ""
                Self.absent(entry, ruleIndex: index, folder: outline.folder).write(
                    to: &text, indent: Self.resultPad.count)
                add(text)
            }
        }
        chunks((first ? "]" : "\n      ]") + skeleton[place.upperBound...])
    }

    /// The indentation of a result in the document (`runs[0].results[i]`).
    static let resultPad = String(repeating: " ", count: 8)

    /// A scenario's results, one per finding, as they stand in the document (without their rule index, which the
    /// writer adds), separated as its list separates them.
    static func results(_ analysis: ScenarioAnalysis, context: ReportContext) -> String {
        let folder = analysis.scenario.folder
        return analysis.profiles.flatMap(\.findings).map { finding in
            var text = ""
            result(finding, review: context.review, folder: folder).write(to: &text, indent: resultPad.count)
            return text
        }.joined(separator: ",\n" + resultPad)
    }

    /// The run's rules in a fixed order (kind, then class), each with the highest severity its results have in this
    /// run; a fixed finding keeps its rule, or its `absent` result could not name one and the alert would stay open.
    static func rules(_ report: ReportModel) -> (ids: [String], highest: [String: Severity], index: [String: Int]) {
        var highest: [String: Severity] = [:]
        for run in report.outlines.flatMap(\.runs) { highest.merge(run.rules, uniquingKeysWith: max) }
        for entry in report.fixed {
            let id = Rule.id(kind: entry.kind, dataClass: entry.dataClass)
            highest[id] = highest[id] ?? entry.severity
        }
        let ids = highest.keys.sorted()
        return (ids, highest, Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) }))
    }

    /// The document with an empty results list.
    static func document(
        _ report: ReportModel, rules: (ids: [String], highest: [String: Severity], index: [String: Int])
    ) -> JSONText {
        let review = report.review
        let ruleIDs = rules.ids
        let highest = rules.highest
        let results: [JSONText] = []
        var properties: [String: JSONText] = ["runId": .string(report.runID), "revealed": .bool(report.revealed)]
        if let threshold = review.threshold {
            properties["gate"] = .object([
                "failOn": .string(threshold.rawValue), "profiles": .array(review.gated.map(JSONText.string)),
                "failing": .int(report.failing.count),
            ])
        }
        if let baseline = review.baseline { properties["baselineRunId"] = .string(baseline.runID) }
        if let accepted = review.accepted {
            properties["acceptedRisks"] = .object([
                "entries": .int(accepted.entries.count), "judgedOn": .string(accepted.today),
                "expired": .int(accepted.entries.filter(accepted.isExpired).count),
                "matchingNothing": .int(accepted.unmatched(matched: report.matchedRisks).count),
                "findingsAccepted": .int(report.acceptedCount),
            ])
        }
        let run: [String: JSONText] = [
            "tool": .object([
                "driver": .object([
                    "name": .string("supportscope"), "version": .string(report.toolVersion),
                    "rules": .array(ruleIDs.map { Rule.descriptor($0, severity: highest[$0] ?? .low) }),
                ])
            ]),
            "automationDetails": .object(["id": .string("supportscope/\(report.runID)")]),
            "columnKind": .string("unicodeCodePoints"),
            "originalUriBaseIds": .object([
                "SRCROOT": .object([
                    "description": .object([
                        "text": .string("The folder supportscope ran in (the repository root in CI).")
                    ])
                ])
            ]),
            "results": .array(results),
            "properties": .object(properties),
        ]
        return .object([
            "$schema": .string(schemaURI), "version": .string("2.1.0"), "runs": .array([.object(run)]),
        ])
    }

    static func result(_ finding: Finding, review: Review, folder: String?) -> JSONText {
        let step = finding.step.map { " at step \($0 + 1)" } ?? ""
        let grade = finding.grade.map { ", \($0.rawValue) value" } ?? ""
        // A file on the customer's simulated desktop (`~/Documents/…`) is no file of the repository: named in the
        // message, while the result points at the scenario.
        let source = finding.source.flatMap { isInRepository($0, folder: folder) ? $0 : nil }
        let elsewhere = finding.source.flatMap { source == nil ? " (in \($0.file) on the customer's side)" : nil } ?? ""
        let message =
            "\(finding.scenario) × \(finding.profile): \(finding.subject.description) \(finding.kind.rawValue) "
            + "through \(finding.channel.rawValue)\(step)\(grade)\(elsewhere) — \(finding.severity.rawValue): "
            + finding.rating
        var result: [String: JSONText] = [
            "ruleId": .string(Rule.id(finding)), "level": .string(Rule.level(finding.severity)),
            "message": .object(["text": .string(message)]),
            "locations": .array(locations(source: source, step: finding.stepLocation, folder: folder)),
            "partialFingerprints": .object([Self.fingerprintKey: .string(finding.id)]),
            "properties": .object([
                "findingId": .string(finding.id), "scenario": .string(finding.scenario),
                "profile": .string(finding.profile), "severity": .string(finding.severity.rawValue),
                "confidence": .double(finding.confidence), "gated": .bool(review.fails(finding)),
            ]),
        ]
        if let step = finding.stepLocation, source != nil {
            result["relatedLocations"] = .array([location(step, id: 1, note: "the scenario's step")])
        }
        if let state = review.state(of: finding) { result["baselineState"] = .string(state.rawValue) }
        // An accepted risk is suppressed, as code scanning expects: it shows as dismissed, with the reason.
        if let accepted = review.acceptance(of: finding) {
            result["suppressions"] = .array([
                .object([
                    "kind": .string("external"), "status": .string("accepted"),
                    "justification": .string(
                        "\(accepted.status.rawValue) by \(accepted.owner) until \(accepted.expires): "
                            + accepted.justification),
                    "location": .object([
                        "physicalLocation": .object([
                            "artifactLocation": artifact(accepted.location.file),
                            "region": .object([
                                "startLine": .int(accepted.location.line),
                                "startColumn": .int(accepted.location.column),
                            ]),
                        ])
                    ]),
                ])
            ])
        }
        return .object(result)
    }

    static func absent(_ entry: Baseline.Entry, ruleIndex: Int, folder: String?) -> JSONText {
        .object([
            "ruleId": .string(Rule.id(kind: entry.kind, dataClass: entry.dataClass)), "ruleIndex": .int(ruleIndex),
            "level": .string("none"), "kind": .string("pass"),
            "message": .object([
                "text": .string(
                    "\(entry.scenario) × \(entry.profile): \(entry.subject) \(entry.kind) in the baseline, not any more"
                )
            ]),
            "locations": .array(
                locations(
                    source: entry.source.flatMap { isInRepository($0, folder: folder) ? $0 : nil },
                    step: entry.stepLocation, folder: folder)),
            "partialFingerprints": .object([Self.fingerprintKey: .string(entry.id)]),
            "baselineState": .string(Baseline.State.absent.rawValue),
            "properties": .object([
                "findingId": .string(entry.id), "scenario": .string(entry.scenario),
                "profile": .string(entry.profile), "severity": .string(entry.severity.rawValue),
            ]),
        ])
    }

    /// The key of the stable finding id in `partialFingerprints`.
    static let fingerprintKey = "supportscopeFindingId/v1"

    /// Whether `place` is a file of the scenario's folder (a page, the scenario), not one of its simulated world.
    static func isInRepository(_ place: SourceLocation, folder: String?) -> Bool {
        guard let folder else { return false }
        return place.file.hasPrefix(folder + "/")
    }

    /// The page line where the value is, else the scenario line of the step, else the scenario file: code scanning
    /// shows a result only with a location.
    static func locations(source: SourceLocation?, step: SourceLocation?, folder: String?) -> [JSONText] {
        if let primary = source ?? step { return [location(primary)] }
        guard let folder else { return [] }
        return [location(SourceLocation(file: folder + "/scenario.yaml", line: 1, column: 1))]
    }

    static func location(_ place: SourceLocation, id: Int? = nil, note: String? = nil) -> JSONText {
        var location: [String: JSONText] = [
            "physicalLocation": .object([
                "artifactLocation": artifact(place.file),
                "region": .object(["startLine": .int(place.line), "startColumn": .int(place.column)]),
            ])
        ]
        if let id { location["id"] = .int(id) }
        if let note { location["message"] = .object(["text": .string(note)]) }
        return .object(location)
    }

    /// A file as SARIF names it: relative to the folder the tool ran in (`%SRCROOT%`, the repository root in CI),
    /// percent-encoded as a URI reference; a file outside that folder by its absolute `file:` URI.
    static func artifact(_ file: String) -> JSONText {
        let root = FileManager.default.currentDirectoryPath
        var path = file
        if path.hasPrefix("./") { path.removeFirst(2) }
        if path.hasPrefix(root + "/") { path.removeFirst(root.count + 1) }
        let encoded = path.addingPercentEncoding(withAllowedCharacters: Self.uriPathCharacters) ?? path
        if path.hasPrefix("/") { return .object(["uri": .string("file://" + encoded)]) }
        return .object(["uri": .string(encoded), "uriBaseId": .string("SRCROOT")])
    }

    /// RFC 3986's unreserved characters, `/` and the sub-delimiters a path may hold as they are.
    static let uriPathCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")

    /// The rules: their ids, levels and what each tells a reviewer.
    enum Rule {
        static func id(_ finding: Finding) -> String {
            id(kind: finding.kind.rawValue, dataClass: finding.dataClass?.rawValue)
        }

        static func id(kind: String, dataClass: String?) -> String {
            dataClass.map { "\(kind)/\($0)" } ?? kind
        }

        /// SARIF's level for a severity: error for high and critical, warning for elevated and medium.
        static func level(_ severity: Severity) -> String {
            switch severity {
            case .critical, .high: "error"
            case .elevated, .medium: "warning"
            case .low: "note"
            }
        }

        /// GitHub's `security-severity` (critical from 9.0, high from 7.0, medium from 4.0, low below).
        static func securitySeverity(_ severity: Severity) -> String {
            switch severity {
            case .critical: "9.5"
            case .high: "8.0"
            case .elevated: "6.5"
            case .medium: "5.0"
            case .low: "2.0"
            }
        }

        static let meanings: [String: (title: String, text: String, fix: String)] = [
            "observed": (
                "reached the agent",
                "What crossed to the agent's side held the value: the DOM a co-browsing tool mirrored, its input events, the pixels of a shared screen or remote desktop, a transfer.",
                "Mask or block the element in the co-browsing policy (`inspect --policy` suggests selectors), or use a profile that does; a screen share cannot mask it."
            ),
            "reachable": (
                "within the agent's reach",
                "The agent could have read the value without the customer showing it: a remote desktop's files and windows, or a page element the mode would let the agent open.",
                "Narrow what the mode gives the agent (co-browsing instead of a remote desktop, an attended session, files out of reach)."
            ),
            "retained": (
                "kept after the session",
                "A copy of the value outlived the session: a recording, a transcript, a log or a vendor's store.",
                "Turn recording off for the profile, or mask the value before it is recorded; check the vendor's retention."
            ),
            "action": (
                "an agent action on a sensitive control",
                "The mode let the agent act on a control that pays, changes credentials or payout accounts, or deletes the account.",
                "Refuse such actions for the agent, or require the customer's consent (`controlRequiresConsent` in the policy)."
            ),
        ]

        static func descriptor(_ id: String, severity: Severity) -> JSONText {
            let parts = id.split(separator: "/", maxSplits: 1).map(String.init)
            let kind = parts[0]
            let dataClass = parts.count > 1 ? parts[1] : nil
            let meaning = meanings[kind] ?? (kind, kind, "")
            let subject = dataClass.map { "\($0) " } ?? ""
            let title = "\(subject)\(meaning.title)".prefix(1).uppercased() + "\(subject)\(meaning.title)".dropFirst()
            let name = ([kind] + (dataClass.map { $0.split(separator: "-").map(String.init) } ?? [])).map {
                $0.prefix(1).uppercased() + $0.dropFirst()
            }.joined()
            let help = "\(meaning.text) \(meaning.fix) How severities are rated: docs/SCORING.md."
            return .object([
                "id": .string(id), "name": .string(name),
                "shortDescription": .object(["text": .string(title)]),
                "fullDescription": .object(["text": .string(meaning.text)]),
                "help": .object(["text": .string(help), "markdown": .string("**\(title).** \(help)")]),
                "defaultConfiguration": .object(["level": .string(level(severity))]),
                "properties": .object([
                    "security-severity": .string(securitySeverity(severity)),
                    "tags": .array(
                        (["security", "privacy", kind] + (dataClass.map { [$0] } ?? [])).map(JSONText.string)),
                    "precision": .string("high"),
                ]),
            ])
        }
    }
}
