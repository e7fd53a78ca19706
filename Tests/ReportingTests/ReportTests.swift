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
        try ReportModel(
            scenarios: try analyses(folders: folders, reveal: reveal), profiles: chosenProfiles, policy: .default,
            revealed: reveal, environment: environment)
    }

    static var chosenProfiles: [Profile] {
        let registry = ProfileRegistry.builtIn()
        return profiles.map { registry.profile(named: $0)! }
    }

    /// The scenarios analysed as `run` analyses them, before they are prepared for the reports.
    static func analyses(folders: [String] = folders, reveal: Bool = false) throws -> [ScenarioAnalysis] {
        let suite = ScenarioSuite.load(folders)
        #expect(!suite.diagnostics.hasErrors, "\(suite.diagnostics.map(\.rendered))")
        return try suite.scenarios.map { try ScenarioAnalysis.analyze($0, profiles: chosenProfiles, reveal: reveal) }
    }

    /// The `report.parts.json` that `run --shard` would leave for `analyses` (all of them the suite).
    static func parts(_ analyses: [ScenarioAnalysis], shard: String = "1/1") throws -> Data {
        let prepared = analyses.map { ReportModel.Prepared($0, revealed: false) }
        let model = try ReportModel(
            prepared: prepared, profiles: chosenProfiles, policy: .default, revealed: false, environment: [:])
        let parts = ReportParts(
            shard: shard, runID: model.runID,
            suite: analyses.map { ReportParts.Member(scenario: $0.scenario.id, sha256: $0.scenario.inputDigest) },
            profiles: chosenProfiles, policy: .default, revealed: false)
        var text = ""
        try parts.write(model) { text += $0 }
        return Data(text.utf8)
    }

    /// The header and the scenarios of a parts file, read as `merge` reads one.
    static func read(_ data: Data) throws -> (parts: ReportParts, scenarios: [ReportModel.Prepared]) {
        var scenarios: [ReportModel.Prepared] = []
        let parts = try ReportParts.read(data) { scenarios.append($0) }
        return (parts, scenarios)
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
        #expect(findings.count == model.outlines.flatMap(\.runs).reduce(0) { $0 + $1.findings })
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

    /// The parts a shard leaves for `merge` are held to the same rule as the reports: 104 planted values were in them.
    @Test func noFormatContainsAPlantedValueInAnyFormatting() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let analyses = try ReportFixtures.analyses()
        let model = try ReportModel(
            scenarios: analyses, profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false,
            environment: [:])
        _ = Reports.write(model, formats: ["html", "xml", "json"], to: folder)
        let parts = try ReportFixtures.parts(analyses)
        let names = ["index.html", "report.xml", "report.json", ReportParts.fileName]
        let outputs =
            try names.dropLast().map { Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) + [0] }
            + [Array(parts) + [0]]
        // C's substring search over the bytes (String.contains over megabytes of text took minutes); JSON writes `/` as
        // `\/`.
        func occurs(_ form: String, in output: [UInt8]) -> Bool {
            [form, form.replacingOccurrences(of: "/", with: "\\/")].contains { (needle: String) -> Bool in
                output.withUnsafeBufferPointer { bytes -> Bool in
                    bytes.withMemoryRebound(to: CChar.self) { text -> Bool in strstr(text.baseAddress!, needle) != nil }
                }
            }
        }
        #expect(outputs.allSatisfy { occurs("cobrowse-standard", in: $0) }, "the search finds what is there")
        var checked = 0
        for item in analyses.flatMap(\.scenario.items) {
            for form in ReportFixtures.formattings(item.value) {
                for (name, output) in zip(names, outputs) {
                    #expect(!occurs(form, in: output), "\(item.id) as '\(form)' in \(name)")
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

    /// A run spills each scenario's sections to a temporary file as it is prepared, from several threads at once, so
    /// its memory holds outlines only: the reports are those of a spool in memory, byte for byte, and the file is
    /// gone from the folder as soon as it is made.
    @Test func aSpilledSpoolFilledFromSeveralThreadsWritesTheSameReports() throws {
        let analyses = try ReportFixtures.analyses()
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try ReportSpool(formats: SectionFormat.allCases, spillingIn: folder)
        let failures = Parallel.map(count: analyses.count, jobs: 4) { index in
            (try? spool.add(ReportModel.Prepared(analyses[analyses.count - 1 - index], revealed: false))) == nil
        }
        #expect(!failures.contains(true))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "the spool's file is unlinked")
        #expect(throws: ReportError.self, "a scenario is prepared once") {
            try spool.add(ReportModel.Prepared(analyses[0], revealed: false))
        }
        let spilled = ReportModel(
            spool: spool, profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false, environment: [:])
        let memory = try ReportModel(
            scenarios: analyses, profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false,
            environment: [:])
        #expect(spilled.outlines.map(\.id) == analyses.map(\.scenario.id).sorted())
        for writer in Reports.writers {
            #expect(try writer.write(spilled) == writer.write(memory), "\(writer.format)")
        }
        // A format the spool did not prepare is an error, not an empty report.
        let htmlOnly = try ReportSpool(formats: [.html], spillingIn: nil)
        try htmlOnly.add(ReportModel.Prepared(analyses[0], revealed: false))
        let model = ReportModel(
            spool: htmlOnly, profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false,
            environment: [:])
        #expect(throws: ReportError.self) { try XMLReportWriter().write(model) }
        // A spool whose file is closed (a run that stops) refuses more, as a failure of the file system.
        let closed = try ReportSpool(formats: [.xml], spillingIn: folder)
        closed.discard()
        #expect(throws: SpoolFailure.self) { try closed.add(ReportModel.Prepared(analyses[0], revealed: false)) }
        #expect(closed.count == 0, "a scenario whose sections were not kept is not counted")
    }

    /// `merge` renders from parts read back: the reports are those of the prepared scenarios, byte for byte.
    @Test func partsReadBackGiveTheSameReports() throws {
        let analyses = try ReportFixtures.analyses()
        let prepared = analyses.map { ReportModel.Prepared($0, revealed: false) }
        let whole = try ReportModel(
            prepared: prepared, profiles: ReportFixtures.chosenProfiles, policy: .default, revealed: false,
            environment: [:])
        #expect(
            prepared.allSatisfy { $0.analysis.profiles.allSatisfy { $0.run.wire.isEmpty } }, "what crossed is not kept")
        #expect(
            prepared.allSatisfy {
                $0.analysis.scenario.items.allSatisfy(\.value.isEmpty) && $0.analysis.scenario.world.windows.isEmpty
            }, "planted items are counted, their values dropped")
        let read = try ReportFixtures.read(try ReportFixtures.parts(analyses))
        #expect(read.scenarios.count == analyses.count)
        let merged = try ReportModel(
            prepared: read.scenarios, profiles: read.parts.profiles, policy: read.parts.policy, revealed: false,
            environment: [:])
        for writer in Reports.writers {
            #expect(try writer.write(merged) == writer.write(whole), "\(writer.format)")
        }
    }

    /// A forged `score.index` of Int.max crashed merge (an overflow); forged versions and shards were accepted.
    @Test func forgedPartsAreRefusedWithAReason() throws {
        let parts = try ReportFixtures.parts(try ReportFixtures.analyses(), shard: "1/2")
        let json = String(decoding: parts, as: UTF8.self)
        #expect(throws: Never.self) { try ReportFixtures.read(Data(json.utf8)) }
        let index = try #require(json.range(of: #""index":[0-9]+"#, options: .regularExpression))
        let forgeries = [
            json.replacingCharacters(in: index, with: "\"index\":\(Int.max)"),
            json.replacingOccurrences(of: "\"toolVersion\":\"\(ToolInfo.version)\"", with: "\"toolVersion\":\"9.9.9\""),
            json.replacingOccurrences(of: #""shard":"1\/2""#, with: #""shard":"3\/2""#),
            json.replacingOccurrences(of: "\"format\":3", with: "\"format\":2"),
            // A run under another policy than the shard's header names.
            json.replacingOccurrences(of: "\"policy\":\"default\"", with: "\"policy\":\"acme-bank\""),
            // A scenario without its line break, and a line that is no scenario.
            json.replacingOccurrences(of: "}\n{", with: "}{"), json + "{\"analysis\":1}\n",
            // Numbers the report computes with: `step + 1` overflowed, a region's height was summed.
            json.replacingOccurrences(of: "\"step\":1,", with: "\"step\":\(Int.max),"),
            json.replacingOccurrences(of: "\"confidence\":1", with: "\"confidence\":1e300"),
            json.replacingOccurrences(of: "\"line\":", with: "\"line\":-"),
            json.replacingOccurrences(of: "\"y\":0", with: "\"y\":\(Int.max)"),
            // A window or screen as wide as an Int: the screen's SVG adds to it.
            json.replacingOccurrences(
                of: #""width":[0-9]+"#, with: "\"width\":\(Int.max)", options: .regularExpression),
            // A run id that is not the scenarios' and options', and a scenario that is not in the suite it lists.
            json.replacingOccurrences(of: "\"runID\":\"", with: "\"runID\":\"0"),
            json.replacingOccurrences(of: "\"sha256\":\"", with: "\"sha256\":\"0"),
        ]
        for forged in forgeries {
            #expect(forged != json)
            #expect(throws: ReportParts.Refusal.self) { try ReportFixtures.read(Data(forged.utf8)) }
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
        let outcomes = Reports.write(model, formats: ["json", "html", "pdf", "xml"], to: folder)
        #expect(outcomes.map { $0.error == nil } == [false, true, false, true])
        #expect(outcomes[2].error == "unknown format 'pdf'")
        #expect(try String(contentsOfFile: folder + "/index.html", encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                "index.html", "report.json", "report.xml",
            ], "no temporary file left behind")
    }

    /// Every file of a set carries the run's id; the id follows the inputs and options, not the moment.
    @Test func everyFileOfASetCarriesOneRunID() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let checkout = ReportFixtures.root.appendingPathComponent(
            "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
        ).path
        let model = try ReportFixtures.model(folders: [checkout])
        #expect(model.runID.count == 16)
        _ = Reports.write(model, formats: ["html", "xml", "json"], to: folder, validate: true)
        for name in ["index.html", "report.xml", "report.json"] {
            #expect(ReportParts.runID(inHeadOf: folder + "/" + name) == model.runID, "\(name)")
        }
        #expect(
            try ReportFixtures.model(folders: [checkout], environment: ["SOURCE_DATE_EPOCH": "0"]).runID == model.runID)
        #expect(try ReportFixtures.model(folders: [checkout], reveal: true).runID != model.runID)
        #expect(try ReportFixtures.model(folders: [checkout, checkout + "/../bank-login"]).runID != model.runID)
    }

    /// A killed run left its temporary files (27–47 MB) behind for good; the next run into the folder removes them.
    @Test func leftoversOfInterruptedRunsAreRemoved() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let leftover = folder + "/.supportscope-0123456789abcdef.tmp"
        try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
        try Data(count: 1 << 20).write(to: URL(fileURLWithPath: leftover + "/index.html"))
        try "keep".write(toFile: folder + "/notes.txt", atomically: false, encoding: .utf8)
        let model = try ReportFixtures.model(folders: [
            ReportFixtures.root.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/bank-login").path
        ])
        let outcomes = Reports.write(model, formats: ["html", "json"], to: folder)
        #expect(outcomes.allSatisfy { $0.error == nil })
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == [
                "index.html", "notes.txt", "report.json",
            ])
    }

    /// Two runs into one `--out` mixed their files in 6 of 10 tries: the second now waits for the first's lock, and
    /// stops with a message naming the holder when it waited too long.
    @Test func aSecondWriterWaitsForTheFolderLock() throws {
        let folder = ReportFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let held = try OutputLock(folder: folder, timeout: 1, waiting: { _ in })
        var said: [String] = []
        #expect {
            _ = try OutputLock(folder: folder, timeout: 0.3, waiting: { said.append($0) })
        } throws: { error in
            "\(error)".contains("another supportscope run (process \(getpid())) is writing reports to \(folder)")
                && "\(error)".contains("did not finish within 0 s")
        }
        #expect(said.count == 1 && said[0].hasSuffix("waiting for it to finish"))
        let model = try ReportFixtures.model(folders: [
            ReportFixtures.root.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/bank-login").path
        ])
        let refused = Reports.write(model, formats: ["html", "xml"], to: folder, lockTimeout: 0.2)
        #expect(refused.allSatisfy { $0.isEnvironment && $0.error?.contains("another supportscope run") == true })
        #expect(!FileManager.default.fileExists(atPath: folder + "/index.html"), "nothing written without the lock")
        held.release()
        #expect(
            Reports.write(model, formats: ["html", "xml"], to: folder, lockTimeout: 0.2).allSatisfy { $0.error == nil })
        #expect(
            !FileManager.default.fileExists(atPath: folder + "/" + OutputLock.fileName), "the lock goes with its run")
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
        #expect(frames.count == 4, "the naive and the standard mirror at both key steps (typed, busiest)")
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

    /// `merge` pasted a parts file's rendered HTML into the report as it was: a forged meta refresh, headline and
    /// script appeared verbatim. Parts now hold data; whatever a forger writes in it is escaped or sanitised again.
    @Test func forgedPartsCannotInjectIntoTheMergedReport() throws {
        let analyses = try ReportFixtures.analyses(folders: [
            ReportFixtures.root.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help").path
        ])
        let lines = String(decoding: try ReportFixtures.parts(analyses), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2, "the header and the one scenario")
        var scenario = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        var views = try #require(scenario["views"] as? [[String: Any]])
        var panes = try #require(views[0]["panes"] as? [[String: Any]])
        let forgedPage =
            "<html><head><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"
            + "<script>alert(1)</script><base href=\"https://evil.example/\"></head>"
            + "<body onload=\"alert(2)\"><h1>Forged headline</h1><a href=\"javascript:alert(3)\">x</a>"
            + "<img src=\"https://evil.example/p.gif\"></body></html>"
        for index in panes.indices {
            panes[index]["isMirror"] = true
            panes[index]["mirror"] = forgedPage
        }
        views[0]["panes"] = panes
        views[0]["label"] = "</h3><script>alert(4)</script><h3>"
        scenario["views"] = views
        let forgedLine = String(decoding: try JSONSerialization.data(withJSONObject: scenario), as: UTF8.self)
        let forged = try ReportFixtures.read(Data((lines[0] + "\n" + forgedLine + "\n").utf8))
        let model = try ReportModel(
            prepared: forged.scenarios, profiles: forged.parts.profiles, policy: forged.parts.policy, revealed: false,
            environment: [:])
        let html = String(decoding: try HTMLReportWriter().write(model), as: UTF8.self)
        let report = try Document.parseHTML(html)
        #expect(Self.dangers(report).isEmpty, "\(Self.dangers(report))")
        #expect(html.contains("&lt;script&gt;alert(4)&lt;/script&gt;"), "a forged label is shown as text")
        let frames = Self.frames(html)
        #expect(frames.count >= ReportFixtures.profiles.count, "every forged pane is shown as a sandboxed mirror")
        for frame in frames {
            #expect(Self.dangers(try Document.parseHTML(frame)).isEmpty, "\(frame)")
            #expect(!frame.contains("evil.example"))
        }
    }
}

@Suite("Report details")
struct ReportDetailTests {
    static let card = PlantedItem(
        id: "card", dataClass: .cardNumber, value: "4111 1111 1111 1111", impact: .high, label: nil,
        location: SourceLocation(file: "s.yaml", line: 1, column: 1))

    /// The mirror view redacted each field's value alone: a card typed into four boxes showed 12 of its 16 digits.
    @Test func aValueSplitOverFieldsIsMaskedInTheMirrorView() throws {
        let document = try Document.parseHTML(
            """
            <form><label>Card number</label>
            <input name="cc1" value="4000"> <input name="cc2" value="0566">
            <input name="cc3" value="5566"> <input name="cc4" value="5556"></form>
            """)
        let page = AgentViews.sanitise(document, redactor: SafeText(items: [], revealed: false))
        for group in ["0566", "5566", "5556"] { #expect(!page.contains(group), "\(group) in \(page)") }
        #expect(page.contains("value=\"••••\""))
    }

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
        let model = try ReportModel(
            scenarios: [], profiles: [], policy: .default, revealed: false, environment: ["SOURCE_DATE_EPOCH": value])
        #expect(model.generatedAt == nil)
        _ = try XMLReportWriter().write(model)
    }

    @Test func jsonAndXMLCarryTheSameTextForControlCharacters() throws {
        let node = ReportNode("note", [("text", .string("bell\u{7} and tab\t"))])
        #expect(try node.json().contains("bell\u{FFFD} and tab\\t"))
        #expect(try node.xml(namespace: "urn:x").contains("bell\u{FFFD} and tab&#9;"))
    }
}

@Suite("Accepted risks' wildcards")
struct WildcardTests {
    @Test(arguments: [
        ("checkout-*", "checkout-help", true), ("checkout-*", "checkout", false), ("*", "", true),
        ("cobrowse-?????", "cobrowse-naive", true), ("cobrowse-?????", "cobrowse-basic2", false),
        ("*-*-*", "a-b-c", true), ("*help", "checkout-help", true), ("*help", "help-desk", false),
        ("a*b*c", "aXbYbZc", true), ("a*b*c", "aXbYbZ", false), ("", "", true), ("", "x", false),
    ])
    func patternsMatchAsAShellWould(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(Wildcard.matches(Array(pattern.unicodeScalars), Array(text.unicodeScalars)) == expected)
    }

    /// A pattern of many stars against a long text that almost matches finishes at once (one backtrack point).
    @Test func manyStarsStayLinearEnough() {
        let pattern = Array(String(repeating: "*a", count: 200).unicodeScalars) + ["b"]
        let text = Array(String(repeating: "a", count: 5_000).unicodeScalars)
        #expect(!Wildcard.matches(pattern, text))
    }
}
