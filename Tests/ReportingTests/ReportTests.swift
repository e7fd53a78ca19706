import Detectors
import Foundation
import Markup
import Testing

@testable import Analysis
@testable import Reporting
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// Builds reports from the shipped scenarios and the test fixtures, the way `supportscope run` does.
enum ReportFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let profiles = ["cobrowse-naive", "cobrowse-standard", "screenshare-fullscreen", "remote-desktop-attended"]

    static var folders: [String] {
        let shipped = ScenarioSuite.discover([root.appendingPathComponent("Scenarios").path]).folders
        let fixtures = [
            "Tests/SupportScopeTests/Fixtures/cobrowse", "Tests/SupportScopeTests/Fixtures/pixel",
            "Tests/ReportingTests/Fixtures",
        ]
        .flatMap { ScenarioSuite.discover([root.appendingPathComponent($0).path]).folders }
        // A fixture that became a shipped scenario (account-settings) is read once.
        let shippedNames = Set(shipped.map { URL(fileURLWithPath: $0).lastPathComponent })
        return shipped + fixtures.filter { !shippedNames.contains(URL(fileURLWithPath: $0).lastPathComponent) }
    }

    static func model(
        folders: [String] = folders, reveal: Bool = false, environment: [String: String] = [:]
    ) throws -> ReportModel {
        let registry = ProfileRegistry.builtIn()
        let chosen = profiles.map { registry.profile(named: $0)! }
        let suite = ScenarioSuite.load(folders)
        #expect(!suite.diagnostics.hasErrors, "\(suite.diagnostics.map(\.rendered))")
        let analyses = try suite.scenarios.map { try ScenarioAnalysis.analyze($0, profiles: chosen, reveal: reveal) }
        return ReportModel(
            scenarios: analyses, profiles: chosen, policy: .default, revealed: reveal, environment: environment)
    }

    static func temporaryFolder() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-report-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Every formatting a value could be written in: as planted, without separators, grouped by four with spaces
    /// or dashes, upper and lower case, and with its first character as an HTML or percent escape.
    static func formattings(_ value: String) -> Set<String> {
        let compact = value.filter { $0.isLetter || $0.isNumber }
        var grouped = ""
        for (offset, character) in compact.enumerated() {
            grouped += (offset > 0 && offset % 4 == 0 ? " " : "") + String(character)
        }
        var forms: Set<String> = [
            value, compact, grouped, grouped.replacingOccurrences(of: " ", with: "-"), value.uppercased(),
            value.lowercased(),
        ]
        if let first = value.unicodeScalars.first {
            forms.insert("&#\(first.value);" + value.dropFirst())
            forms.insert("&#x\(String(first.value, radix: 16));" + value.dropFirst())
            forms.insert(String(format: "%%%02X", first.value) + value.dropFirst())
        }
        return forms.filter { $0.count >= 6 }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite("Reports in every format")
struct ReportTests {
    @Test func everyFormatIsWrittenAndTheXMLIsValidAgainstItsSchema() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcomes = Reports.write(
            try ReportFixtures.model(), formats: ["html", "xml", "json"], to: folder, validate: true)
        #expect(outcomes.allSatisfy { $0.error == nil }, "\(outcomes.compactMap(\.error))")
        let xml = try Document.parseXML(contentsOfFile: folder + "/report.xml")
        #expect(try XMLReportWriter.schema().validate(xml).isEmpty)
        // The schema in the repository is the one the tool ships.
        let shipped = try String(
            contentsOf: ReportFixtures.root.appendingPathComponent(
                "Sources/Reporting/Resources/supportscope-report.xsd"), encoding: .utf8)
        let published = try String(
            contentsOf: ReportFixtures.root.appendingPathComponent("Reports/schema/supportscope-report.xsd"),
            encoding: .utf8)
        #expect(shipped == published)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                "index.html", "report.json", "report.xml",
            ], "no temporary files left")
    }

    @Test func theJSONHoldsTheXMLsFindingsWithTheDocumentedFields() throws {
        let model = try ReportFixtures.model()
        let json = try JSONSerialization.jsonObject(with: try JSONReportWriter().write(model)) as! [String: Any]
        let scenarios = json["scenarios"] as! [[String: Any]]
        var findings: [[String: Any]] = []
        for scenario in scenarios {
            for run in scenario["runs"] as! [[String: Any]] { findings += run["findings"] as! [[String: Any]] }
        }
        #expect(findings.count == model.scenarios.flatMap(\.profiles).flatMap(\.findings).count)
        for finding in findings {
            for key in [
                "id", "scenario", "profile", "kind", "channel", "severity", "evidence", "rating", "impact",
                "likelihood", "confidence",
            ] {
                #expect(finding[key] != nil, "\(key) missing in \(finding)")
            }
            #expect(finding["class"] != nil || finding["subject"] as? String == "action")
        }
        let xml = try Document.parseXML(String(decoding: try XMLReportWriter().write(model), as: UTF8.self))
        let count = try xml.evaluateXPath("count(//r:finding)", namespaces: ["r": ReportContent.namespace])
        guard case let .number(value) = count else { throw TestFailure("count() is a number") }
        #expect(Int(value) == findings.count)
    }

    @Test func theSchemaListsEveryValueTheCodeCanWrite() throws {
        let text = try String(
            contentsOf: ReportFixtures.root.appendingPathComponent("Reports/schema/supportscope-report.xsd"),
            encoding: .utf8)
        let lists: [(String, [String])] = [
            ("Kind", Finding.Kind.allCases.map(\.rawValue)), ("Channel", Channel.allCases.map(\.rawValue)),
            ("Severity", Severity.allCases.map(\.rawValue)), ("Impact", Impact.allCases.map(\.rawValue)),
            ("Likelihood", Likelihood.allCases.map(\.rawValue)), ("Grade", Finding.Grade.allCases.map(\.rawValue)),
            ("DataClass", DataClass.allCases.map(\.rawValue)),
            ("DetectorClass", DetectorClass.allCases.map(\.rawValue)),
            ("PrivacyLevel", PrivacyLevel.allCases.map(\.rawValue)),
            ("MaskLength", MaskLength.allCases.map(\.rawValue)),
            ("Actor", Actor.allCases.map(\.rawValue)),
        ]
        for (type, values) in lists {
            let start = try #require(text.range(of: "<xs:simpleType name=\"\(type)\">"))
            let end = try #require(text.range(of: "</xs:simpleType>", range: start.upperBound..<text.endIndex))
            let block = text[start.upperBound..<end.lowerBound]
            let listed = block.matches(of: /value="([^"]*)"/).map { String($0.output.1) }
            #expect(listed == values, "\(type)")
        }
    }

    @Test func noFormatContainsAPlantedValueInAnyFormatting() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try ReportFixtures.model()
        _ = Reports.write(model, formats: ["html", "xml", "json"], to: folder)
        let outputs = try ["index.html", "report.xml", "report.json"].map {
            try String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
        }
        var checked = 0
        for item in model.scenarios.flatMap(\.scenario.items) {
            for form in ReportFixtures.formattings(item.value) {
                for (name, output) in zip(["index.html", "report.xml", "report.json"], outputs) {
                    #expect(!output.contains(form), "\(item.id) as '\(form)' in \(name)")
                    checked += 1
                }
            }
        }
        #expect(checked > 300)
    }

    @Test func revealShowsThePlantedValuesAndEveryFormatSaysSo() throws {
        let model = try ReportFixtures.model(
            folders: [
                ReportFixtures.root.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help")
                    .path
            ],
            reveal: true)
        let html = String(decoding: try HTMLReportWriter().write(model), as: UTF8.self)
        let xml = String(decoding: try XMLReportWriter().write(model), as: UTF8.self)
        #expect(html.contains("<strong>Values revealed.</strong>"))
        #expect(html.contains("4111 1111 1111 1111"))
        #expect(xml.contains("revealed=\"true\""))
    }

    @Test func theSameInputsGiveByteIdenticalReports() throws {
        let first = try ReportFixtures.model()
        let second = try ReportFixtures.model()
        for writer in Reports.writers {
            #expect(try writer.write(first) == writer.write(second), "\(writer.format)")
        }
        // No time unless SOURCE_DATE_EPOCH says which.
        #expect(!String(decoding: try XMLReportWriter().write(first), as: UTF8.self).contains("generatedAt"))
        let dated = try ReportFixtures.model(environment: ["SOURCE_DATE_EPOCH": "1764403200"])
        #expect(
            String(decoding: try XMLReportWriter().write(dated), as: UTF8.self).contains(
                "generatedAt=\"2025-11-29T08:00:00Z\""))
    }

    @Test func scenariosPreparedOneByOneGiveTheSameReports() throws {
        let whole = try ReportFixtures.model()
        let prepared = ReportModel(
            prepared: whole.scenarios.map { ReportModel.Prepared($0, revealed: false) }, profiles: whole.profiles,
            policy: whole.policy, revealed: false, environment: [:])
        #expect(
            prepared.scenarios.allSatisfy { $0.profiles.allSatisfy { $0.run.wire.isEmpty } }, "what crossed is not kept"
        )
        for writer in Reports.writers {
            #expect(try writer.write(prepared) == writer.write(whole), "\(writer.format)")
        }
    }

    /// A forged `score.index` of Int.max crashed merge (an overflow); forged versions and shards were accepted.
    @Test func forgedPartsAreRefusedWithAReason() throws {
        let whole = try ReportFixtures.model()
        let parts = ReportParts(
            shard: "1/2", profiles: whole.profiles, policy: whole.policy, revealed: false,
            scenarios: whole.scenarios.map { ReportModel.Prepared($0, revealed: false) })
        let json = String(decoding: try parts.encoded(), as: UTF8.self)
        #expect(throws: Never.self) { try ReportParts.decode(Data(json.utf8)) }
        let index = try #require(json.range(of: #""index":[0-9]+"#, options: .regularExpression))
        let forgeries = [
            json.replacingCharacters(in: index, with: "\"index\":\(Int.max)"),
            json.replacingOccurrences(of: "\"toolVersion\":\"\(ToolInfo.version)\"", with: "\"toolVersion\":\"9.9.9\""),
            json.replacingOccurrences(of: #""shard":"1\/2""#, with: #""shard":"3\/2""#),
            json.replacingOccurrences(of: "\"format\":1", with: "\"format\":2"),
        ]
        for forged in forgeries {
            #expect(forged != json)
            #expect(throws: ReportParts.Refusal.self) { try ReportParts.decode(Data(forged.utf8)) }
        }
    }

    @Test func aFailingWriterLeavesTheOthersAndTheOldReportInPlace() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try ReportFixtures.model(folders: [
            ReportFixtures.root.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/bank-login").path
        ])
        // A folder where report.json should go makes that one write fail at the rename.
        try FileManager.default.createDirectory(atPath: folder + "/report.json/keep", withIntermediateDirectories: true)
        try "old report".write(toFile: folder + "/index.html", atomically: true, encoding: .utf8)
        let outcomes = Reports.write(model, formats: ["json", "html", "sarif", "xml"], to: folder)
        #expect(outcomes.map { $0.error == nil } == [false, true, false, true])
        #expect(outcomes[2].error == "unknown format 'sarif'")
        #expect(try String(contentsOfFile: folder + "/index.html", encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                "index.html", "report.json", "report.xml",
            ], "no temporary file left behind")
    }
}

@Suite("The HTML report is safe to open")
struct HostileReportTests {
    static func hostileHTML() throws -> String {
        let model = try ReportFixtures.model(folders: [
            ReportFixtures.root.appendingPathComponent("Tests/ReportingTests/Fixtures/hostile").path
        ])
        return String(decoding: try HTMLReportWriter().write(model), as: UTF8.self)
    }

    /// The agent views' documents, unescaped from their `srcdoc` attributes.
    static func frames(_ html: String) -> [String] {
        html.matches(of: /srcdoc="([^"]*)"/).map { match in
            String(match.output.1).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
                of: "&#39;", with: "'"
            )
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    /// Elements and attributes that can run code or load anything, anywhere in `document`.
    static func dangers(_ document: Document) -> [String] {
        var found: [String] = []
        for node in document.node.descendants where node.isElement {
            if ["script", "iframe", "object", "embed", "base", "link", "frame"].contains(node.name),
                !(node.name == "iframe" && node.attribute("sandbox") == "")
            {
                found.append("<\(node.name)>")
            }
            if node.name == "meta", node.attribute("http-equiv")?.lowercased() == "refresh" {
                found.append("meta refresh")
            }
            for attribute in node.attributes {
                let name = attribute.name.lowercased(), value = attribute.value.lowercased()
                if name.hasPrefix("on") { found.append("\(node.name)[\(name)]") }
                if value.contains("javascript:") { found.append("\(node.name)[\(name)=javascript:]") }
                if ["src", "href", "action", "data", "srcset", "poster", "formaction", "background"].contains(name),
                    value.contains("http")
                {
                    found.append("\(node.name)[\(name)=\(value)]")
                }
                if name == "style", value.contains("url(") { found.append("\(node.name)[style url()]") }
            }
        }
        return found
    }

    @Test func nothingFromTheScenarioOrThePageCanRun() throws {
        let html = try Self.hostileHTML()
        #expect(
            html.hasPrefix(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            ))
        #expect(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"), "the title is shown, escaped")
        let report = try Document.parseHTML(html)
        #expect(Self.dangers(report).isEmpty, "\(Self.dangers(report))")
        let frames = report.node.descendants.filter { $0.isElement && $0.name == "iframe" }
        #expect(frames.count == 2, "the naive and the standard mirror at the key step")
        var titles: [String] = []
        for frame in frames {
            #expect(frame.attribute("sandbox") == "", "sandboxed, with nothing allowed")
            let document = try Document.parseHTML(frame.attribute("srcdoc") ?? "")
            #expect(Self.dangers(document).isEmpty, "\(Self.dangers(document))")
            titles += document.node.descendants.compactMap { $0.attribute("title") }
        }
        // The hostile title attribute is shown as text in the naive mirror, quotes and all, never as a handler.
        #expect(titles.contains("x\" onmouseover=\"alert(2)"))
    }
}

@Suite("Report details")
struct ReportDetailTests {
    static let card = PlantedItem(
        id: "card", dataClass: .cardNumber, value: "4111 1111 1111 1111", impact: .high, label: nil,
        location: SourceLocation(file: "s.yaml", line: 1, column: 1))

    @Test func aValueSplitOverElementsIsMaskedInTheMirrorView() throws {
        let document = try Document.parseHTML(
            "<p>Karte <span>4111 1111</span><span>1111 1111</span> gespeichert</p><p style=\"color:red\">ok</p>")
        let html = AgentViews.sanitise(document, redactor: SafeText(items: [Self.card], revealed: false))
        #expect(!html.contains("4111 1111") && !html.contains("1111 1111"), "\(html)")
        #expect(html.contains("Karte") && html.contains("gespeichert"))
        #expect(!html.contains("style="), "inline styles are dropped")
        let revealed = AgentViews.sanitise(
            try Document.parseHTML("<span>4111 1111</span><span>1111 1111</span>"),
            redactor: SafeText(items: [Self.card], revealed: true))
        #expect(revealed.contains("4111 1111"))
    }

    @Test(arguments: ["inf", "nan", "1e300", "-5", "253402300800", "12.5", "soon"])
    func anUnusableSourceDateEpochIsIgnored(_ value: String) throws {
        let model = ReportModel(
            scenarios: [], profiles: [], policy: .default, revealed: false, environment: ["SOURCE_DATE_EPOCH": value])
        #expect(model.generatedAt == nil)
        _ = try XMLReportWriter().write(model)
    }

    @Test func jsonAndXMLCarryTheSameTextForControlCharacters() {
        let node = ReportNode("note", [("text", .string("bell\u{7} and tab\t"))])
        #expect(node.json().contains("bell\u{FFFD} and tab\\t"))
        #expect(node.xml(namespace: "urn:x").contains("bell\u{FFFD} and tab&#9;"))
    }
}
