import Foundation
import SupportScope
import Testing

/// Runs the built `supportscope` binary the way a user or CI would.
enum CLI {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["SUPPORTSCOPE_BIN"] {
            return URL(fileURLWithPath: override)
        }
        // The test runner sits in the products folder, next to the executable.
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return runner.deletingLastPathComponent().appendingPathComponent("supportscope")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], binary: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary ?? executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = directory ?? packageRoot
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8)
        )
    }

    static func fixture(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Tests/MarkupTests/Fixtures").appendingPathComponent(relative).path
    }
}

@Suite("supportscope command line")
struct CLITests {
    @Test func printsItsVersion() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == ToolInfo.version + "\n")
    }

    @Test func helpListsSubcommandsAndExitCodes() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("run"))
        #expect(result.stdout.contains("select"))
        #expect(result.stdout.contains("2  invalid input or usage"))
    }

    @Test func runWithoutScenariosSaysSo() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: empty.appendingPathComponent("Scenarios"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try CLI.run(["run"], in: empty)
        // A wrong path must not pass a gate.
        #expect(result.status == 2)
        #expect(result.stderr.contains("no scenario under Scenarios"), "\(result.stderr)")
    }

    @Test func runOnAMissingFolderIsAUsageError() throws {
        let result = try CLI.run(["run", "/nonexistent/suite"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/suite: error: no such folder"))
    }

    @Test func selectListsMatchesWithLines() throws {
        let page = CLI.fixture("pages/checkout.html")
        let result = try CLI.run(["select", #"input[autocomplete^="cc-" i]"#, page])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("\(page):54: <input type=\"text\" id=\"cc-name\"") == true)
        #expect(result.stderr.isEmpty)
    }

    @Test func selectCountsAndExitsOneWhenNothingMatches() throws {
        let page = CLI.fixture("pages/login.html")
        let counted = try CLI.run(["select", "--count", "input[type=password]", page])
        #expect(counted.stdout == "\(page): 1\n")
        let none = try CLI.run(["select", "video", page])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
    }

    @Test func aBadSelectorIsAUsageErrorWithItsColumn() throws {
        let result = try CLI.run(["select", "input[type=text x]", CLI.fixture("pages/login.html")])
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "<selector>:1:17: error: unknown attribute flag 'x'; expected 'i' or 's'\n    input[type=text x]\n                    ^\n"
        )
    }

    @Test func screenDrawsWhatThePagesCSSLeavesVisibleAndRedactsValues() throws {
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("payout.html")
        try """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>Payout</title>
        <style>.full { display: none } @media (max-width: 700px) { .desktop { display: none } }</style></head>
        <body><h1>Payout account</h1>
        <p>IBAN DE89 3704 0044 0532 0130 00</p>
        <p class="full">Tax ID 12 345 678 901</p>
        <p class="desktop">Shown on wide windows</p></body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
        let wide = try CLI.run(["screen", page.path])
        #expect(wide.status == 0)
        #expect(
            wide.stdout
                == "\(page.path):3: Payout account\n\(page.path):4: IBAN DE•• •••• •••• •••• •••• 00\n\(page.path):6: Shown on wide windows\n"
        )
        let narrow = try CLI.run(["screen", "--reveal", "--width", "600", page.path])
        #expect(
            narrow.stdout.contains("IBAN DE89 3704 0044 0532 0130 00")
                && !narrow.stdout.contains("Shown on wide windows"))
        #expect(try CLI.run(["screen", "--width", "10", page.path]).status == 2)
        // A value where a narrow window would wrap the line is redacted whole: lines are not wrapped for printing.
        let long = folder.appendingPathComponent("long.html")
        try ("<p>" + String(repeating: "Refund to ", count: 7) + "IBAN DE89 3704 0044 0532 0130 00 please.</p>").write(
            to: long, atomically: true, encoding: .utf8)
        let narrowLong = try CLI.run(["screen", "--width", "640", long.path])
        #expect(!narrowLong.stdout.contains("3704") && narrowLong.stdout.contains("DE•• ••••"), "\(narrowLong.stdout)")
        #expect(try CLI.run(["screen", folder.appendingPathComponent("missing.html").path]).status == 2)
    }

    /// libxml2 must never print to stderr, however broken the page.
    @Test(arguments: [
        "malformed/template-junk.html", "malformed/stray-text.html", "malformed/unclosed-tags.html",
        "malformed/undeclared-latin1.html", "malformed/shift-jis.html",
    ])
    func malformedPagesLeaveStderrEmpty(_ file: String) throws {
        let result = try CLI.run(["select", "*", CLI.fixture(file)])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(!result.stdout.isEmpty)
    }
}

@Suite("supportscope validate, init and schema")
struct ScenarioCommandTests {
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("supportscope-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func brokenFixture(_ name: String) -> String {
        CLI.packageRoot.appendingPathComponent("Tests/SupportScopeTests/Fixtures/broken/\(name)").path
    }

    @Test(arguments: ["blank", "web-checkout", "desktop-support"])
    func initCreatesAScenarioThatValidates(_ template: String) throws {
        let parent = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("Scenarios/holiday-help").path
        let created = try CLI.run(["init", folder, "--template", template])
        #expect(created.status == 0)
        #expect(created.stdout.contains("\(folder)/scenario.yaml"))
        let validated = try CLI.run(["validate", folder, "--strict"])
        #expect(validated.status == 0)
        #expect(validated.stdout == "Checked 1 scenario(s): 0 error(s), 0 warning(s).\n")
        #expect(validated.stderr.isEmpty)
        let again = try CLI.run(["init", folder])
        #expect(again.status == 2)
        #expect(again.stderr == "\(folder): error: \(folder) already exists and is not empty; choose a new folder\n")
    }

    @Test func validateReportsErrorsWithSnippetsAndExitsTwo() throws {
        let folder = Self.brokenFixture("unknown-profile")
        let result = try CLI.run(["validate", folder])
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                \(folder)/scenario.yaml:30:14: error: unknown profile 'cobrowse-standart' (did you mean 'cobrowse-standard'?)
                  - profile: cobrowse-standart
                             ^

                """)
        #expect(result.stdout == "Checked 1 scenario(s): 1 error(s), 0 warning(s).\n")
    }

    @Test func warningsPassUnlessStrict() throws {
        let folder = Self.brokenFixture("selector-matches-nothing")
        #expect(try CLI.run(["validate", folder]).status == 0)
        #expect(try CLI.run(["validate", "--strict", folder]).status == 2)
        // `run` says what `validate` says: each warning with its place and their count, and --strict stops it before
        // a report is written (a mistyped step selector would otherwise measure a step that did nothing).
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let lenient = try CLI.run(["run", folder, "--out", out.path, "--profiles", "cobrowse-standard"])
        #expect(lenient.stderr.contains("scenario.yaml:24:15: warning: selector '#card-no' matches nothing"))
        #expect(lenient.stderr.contains("1 warning(s) in the scenarios (--strict makes them errors)"))
        let strict = try CLI.run(["run", folder, "--out", out.path + "-strict", "--strict", "--quiet"])
        #expect(strict.status == 2 && strict.stderr.contains("warning: selector '#card-no' matches nothing"))
        #expect(!FileManager.default.fileExists(atPath: out.path + "-strict"), "no report is written")
        let quiet = try CLI.run(["run", folder, "--out", out.path, "--quiet", "--profiles", "cobrowse-standard"])
        #expect(!quiet.stderr.contains("warning"), "--quiet hides them")
    }

    @Test func validateSpeaksJSONForTools() throws {
        let folder = Self.brokenFixture("card-fails-luhn")
        let result = try CLI.run(["validate", "--format", "json", folder])
        #expect(result.status == 2)
        struct Report: Decodable {
            struct Entry: Decodable {
                let severity, file, message: String
                let line, column: Int
            }
            let scenarios: [String]
            let errors, warnings: Int
            let diagnostics: [Entry]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.scenarios == [folder])
        #expect(report.errors == 1 && report.warnings == 0)
        #expect(report.diagnostics.first?.line == 8 && report.diagnostics.first?.column == 12)
        #expect(
            report.diagnostics.first?.message.hasPrefix("item 'card': the card number fails the Luhn check") == true)
    }

    @Test func validateWithoutScenariosWarns() throws {
        let empty = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try CLI.run(["validate", empty.path])
        #expect(result.status == 0)
        #expect(result.stderr == "\(empty.path): warning: no scenario.yaml found here\n")
        #expect(try CLI.run(["validate", "--strict", empty.path]).status == 2)
    }

    @Test func schemaPrintsTheCommittedJSONSchema() throws {
        let result = try CLI.run(["schema"])
        let committed = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Scenarios/scenario.schema.json"), encoding: .utf8)
        #expect(result.status == 0)
        #expect(result.stdout == committed)
        let markdown = try CLI.run(["schema", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("### `scenario`"))
    }
}

@Suite("supportscope models and explain")
struct ModelCommandTests {
    static let fixture = CLI.packageRoot.appendingPathComponent(
        "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
    ).path

    @Test func modelsListsEveryProfileWithItsParameters() throws {
        let result = try CLI.run(["models"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("cobrowse-standard  [cobrowse]  built-in\n"))
        #expect(result.stdout.contains("  privacy: strict, mask-length: fixed, recording: false\n"))
    }

    @Test func explainShowsWhatCrossedStepByStep() throws {
        let result = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-standard"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("checkout-help under cobrowse-standard (cobrowse)\n"))
        #expect(result.stdout.contains("  ⇒ click #buy-now: refused — blocked by the policy (block selector #buy-now)"))
        #expect(result.stdout.contains("  kept: session recording — kept: recording is on; made from the masked wire"))
        #expect(!result.stdout.contains("4111 1111 1111 1111"))
        // What crossed is shown redacted, keystroke prefixes included; --reveal shows the synthetic values.
        let naive = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-naive"])
        // One input event per keystroke: one line with their count and the last (19 lines before).
        #expect(
            naive.stdout.contains(
                "  → agent received input × 19, one per keystroke into #card-number — the last: [seen: 4111 •••• •••• 1111]\n"
            ))
        #expect(!naive.stdout.contains("  → agent received input: [seen: 4111 ••"), "no keystroke on a line of its own")
        #expect(
            !naive.stdout.contains("4111 1111") && !naive.stdout.contains("lea.meier@")
                && !naive.stdout.contains("CUST-48213"))
        let revealed = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-naive", "--reveal"])
        #expect(revealed.stdout.hasPrefix("note: --reveal is on"))
        #expect(revealed.stdout.contains("one per keystroke into #card-number — the last: 4111 1111 1111 1111\n"))
        // Messages are cut at 400 characters unless --full asks for them whole.
        let cut = #/… \(\d+ characters\)/#
        #expect(naive.stdout.contains(cut))
        let full = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-naive", "--full"])
        #expect(!full.stdout.contains(cut) && full.stdout.count > naive.stdout.count + 1_000)
        #expect(!full.stdout.contains("4111 1111"), "whole, and still redacted")
        // Two profiles side by side: each step's header once, then what each agent received under its name.
        let both = try CLI.run([
            "explain", Self.fixture, "--profile", "cobrowse-standard,screenshare-fullscreen",
        ])
        #expect(both.stdout.hasPrefix("checkout-help under cobrowse-standard (cobrowse) and screenshare-fullscreen"))
        let typing = try #require(both.stdout.range(of: "\nstep 2 "))
        let step = both.stdout[typing.lowerBound...].prefix { $0 != "\u{0}" }.components(separatedBy: "\nstep 3 ")[0]
        #expect(step.components(separatedBy: "\nstep 2 ").count == 2, "the header once")
        #expect(step.contains("\n  [cobrowse-standard]\n") && step.contains("\n  [screenshare-fullscreen]\n"))
        #expect(step.contains("    → agent received input: [masked by co-browsing]\n"), "\(step)")
        #expect(step.contains("[seen: 4111 •••• •••• 1111]"), "the screen share showed it")
        #expect(both.stdout.contains("── screenshare-fullscreen (screenshare)\n"))
        #expect(!both.stdout.contains("4111 1111"))
        let unknown = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-standard,screenshare-fulscreen"])
        #expect(unknown.status == 2 && unknown.stderr.contains("did you mean 'screenshare-fullscreen'?"))
    }

    @Test func explainAppliesAPolicyFileAndRefusesUnknownProfiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("policy.yaml").path
        try "minimum-privacy: standard\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let raised = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-naive", "--policy", policy])
        #expect(raised.stdout.contains("privacy level standard (profile naive, policy minimum standard)"))
        #expect(!raised.stdout.contains("4111 1111 1111 1111"))
        let unknown = try CLI.run(["explain", Self.fixture, "--profile", "cobrowse-standart"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr
                == "error: --profile: unknown profile 'cobrowse-standart' (did you mean 'cobrowse-standard'?); `supportscope models` lists them\n"
        )
    }
}

@Suite("validate knows user profiles")
struct ValidateProfilesTests {
    @Test func expectationsMayNameProfilesFromProfilesDir() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent(
            "supportscope-profiles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let scenario = parent.appendingPathComponent("scenario").path
        _ = try CLI.run(["init", scenario])
        let yaml = scenario + "/scenario.yaml"
        let text = try String(contentsOfFile: yaml, encoding: .utf8).replacingOccurrences(
            of: "profile: screenshare-fullscreen", with: "profile: cobrowse-bank")
        try text.write(toFile: yaml, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["validate", scenario]).status == 2)
        let profiles = parent.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        try "name: cobrowse-bank\nmodel: cobrowse\nsummary: Ours.\n".write(
            to: profiles.appendingPathComponent("bank.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", scenario, "--profiles-dir", profiles.path])
        #expect(result.status == 0, "\(result.stderr)")
        // explain reads the scenario with the same profile names as run: the user's profile is known to both.
        let explained = try CLI.run([
            "explain", scenario, "--profile", "cobrowse-bank", "--profiles-dir", profiles.path,
        ])
        #expect(explained.status == 0 || explained.status == 4, "\(explained.stderr)")
        #expect(!explained.stderr.contains("unknown profile"), "\(explained.stderr)")
        let ran = try CLI.run([
            "run", scenario, "--profiles", "cobrowse-bank", "--profiles-dir", profiles.path, "--out",
            parent.appendingPathComponent("out").path, "--quiet",
        ])
        #expect(ran.status == explained.status, "\(ran.stderr)")
    }
}

@Suite("supportscope inspect")
struct InspectCommandTests {
    static let page = "Tests/SupportScopeTests/Fixtures/inspect/account.html"
    static let transcript = "Tests/SupportScopeTests/Fixtures/inspect/transcript.txt"

    @Test func aPageWithUnmaskedDataExitsOneAndSuggestsSelectors() throws {
        let result = try CLI.run(["inspect", Self.page])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "line 17:55 in #payout > table > tr:nth-of-type(2) > td (text): iban CH•• •••• •••• •••• •••0 9 "
                    + "(confidence 0.98; ISO 13616 length for CH and mod-97 check) masked by co-browsing — detector iban"
            ))
        #expect(
            result.stdout.contains(
                "SEEN by the agent — add to the policy's mask list: 'html > body > footer > p > a:nth-of-type(1)'"))
        #expect(
            result.stdout.contains(
                "line 23: #kn card-number [0.72; label 'Kartennummer'] masked by co-browsing — field card-number (label 'Kartennummer')"
            ))
        #expect(!result.stdout.contains("CH56 0483"), "evidence is redacted")
    }

    @Test func aPolicyThatMasksEverythingSensitiveExitsZero() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("policy.yaml")
        try "mask: ['.bank', '#developer code']\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try CLI.run(["inspect", Self.page, "--policy", policy.path, "--ignore", "phone,email"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("nothing sensitive would be SEEN by the agent"))
    }

    @Test func jsonListsEveryFieldAndValueForTools() throws {
        let result = try CLI.run([
            "inspect", Self.page, Self.transcript, "--profile", "cobrowse-naive", "--format", "json",
        ])
        #expect(result.status == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(root["files"] as? [[String: Any]])
        #expect(files.map { $0["kind"] as? String } == ["page", "text"])
        let fields = try #require(files[0]["fields"] as? [[String: Any]])
        #expect(fields.count == 3 && fields.allSatisfy { $0["masked"] as? Bool == false })
        #expect(fields.map { $0["class"] as? String } == ["iban", "card-number", "current-password"])
        #expect(fields.map { $0["name"] as? String } == ["payout_iban", "kn", "pw"])
        #expect((fields[1]["signals"] as? [String]) == ["label 'Kartennummer'"])
        #expect(files[0]["selectorsIgnored"] as? Bool == true)
        let texts = try #require(files[1]["content"] as? [[String: Any]])
        #expect(texts.map { $0["class"] as? String } == ["card-number", "one-time-code", "email"])
        #expect(texts.first?["evidence"] as? String == "4000 •••• •••• 5556")
    }

    @Test func aProfileThatIgnoresSelectorsSuggestsNone() throws {
        let result = try CLI.run(["inspect", Self.page, "--profile", "cobrowse-naive"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("note: cobrowse-naive ignores the policy's mask selectors"))
        #expect(!result.stdout.contains("add to the policy's mask list"))
    }

    @Test func theURLOptionChecksTheQueryString() throws {
        let result = try CLI.run([
            "inspect", Self.page, "--profile", "cobrowse-naive", "--url",
            "https://tickets.example/konto?mail=m.b%40example.ch",
        ])
        #expect(
            result.stdout.contains("(page, cobrowse-naive, at https://tickets.example/konto?mail=m.b%40example.ch)"))
        #expect(result.stdout.contains("url: email m•••@example.ch"))
    }

    @Test func revealShowsValuesAndSaysSo() throws {
        let result = try CLI.run(["inspect", Self.transcript, "--reveal"])
        #expect(result.stdout.hasPrefix("note: --reveal is on"))
        #expect(result.stdout.contains("4000 0566 5566 5556"))
    }

    @Test(arguments: [
        (["inspect", "missing.html"], "error: missing.html: no such file"),
        (["inspect", page, "--profile", "no-such-profile"], "error: unknown profile 'no-such-profile'"),
        (
            ["inspect", page, "--profile", "screenshare-fullscreen"],
            "error: inspect audits co-browsing masking; 'screenshare-fullscreen' is a screenshare profile"
        ),
        (["inspect", page, "--ignore", "cards"], "error: --ignore: unknown detector class 'cards'; the classes are"),
        (
            ["inspect", page, "--ignore", "phone,emial"],
            "error: --ignore: unknown detector class 'emial' (did you mean 'email'?); the classes are"
        ),
        // Hostile testing found these worded wrongly ("no such file" for a folder, "permission" for a device).
        (["inspect", "Tests"], "error: Tests: is a folder; name the HTML files in it"),
        (["inspect", "/dev/zero"], "error: /dev/zero: is not a regular file"),
        (["select", "p", "/dev/zero"], "/dev/zero: error: cannot read file: it is not a regular file"),
        (["select", "p", "Tests"], "Tests: error: cannot read file: it is a folder, not a file"),
    ])
    func badInputIsAUsageError(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
    }
}

@Suite("supportscope explain with findings")
struct ExplainFindingsTests {
    @Test func explainEndsWithRatedRedactedFindings() throws {
        let result = try CLI.run([
            "explain", "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help", "--profile", "cobrowse-naive",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("findings: 11 (exposure index"))
        #expect(result.stdout.contains("HIGH SS-"))
        #expect(result.stdout.contains("step 2 observed via input event: item card.number (full) 4111 •••• •••• 1111"))
        #expect(
            result.stdout.contains(
                "high impact (card-number, full value) × very-likely (observed in input event) = high"))
        #expect(!result.stdout.contains("failed expectations"))
    }

    /// `step` in report.json is the step every printed place names: each finding's step and scenario line appear
    /// together as a step header of `explain` (schema version 2; version 1 counted from 0).
    @Test func theJSONStepIsTheStepExplainPrints() throws {
        let fixture = "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
        let folder = ScenarioCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run([
            "run", fixture, "--profiles", "cobrowse-naive", "--format", "json", "--out", folder.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("report.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["schemaVersion"] as? Int == 2)
        let scenarios = try #require(report["scenarios"] as? [[String: Any]])
        let runs = try #require(scenarios.first?["runs"] as? [[String: Any]])
        let findings = try #require(runs.first?["findings"] as? [[String: Any]])
        let explain = try CLI.run(["explain", fixture, "--profile", "cobrowse-naive"])
        var checked = 0
        for finding in findings {
            guard let step = finding["step"] as? Int, let place = finding["stepLocation"] as? [String: Any],
                let line = place["line"] as? Int
            else { continue }
            #expect(step >= 1)
            #expect(explain.stdout.contains("\nstep \(step) (line \(line)) "), "step \(step) at line \(line)")
            checked += 1
        }
        #expect(checked >= 5)
        let outcomes = try #require(runs.first?["outcomes"] as? [[String: Any]])
        #expect(outcomes.allSatisfy { ($0["step"] as? Int ?? 0) >= 1 })
    }

    @Test func aFailedExpectationExitsFourAndNamesItsLine() throws {
        // The standard profile's expectations, checked against a profile that masks nothing.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("explain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: CLI.packageRoot.appendingPathComponent("Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"),
            to: folder)
        let yaml = folder.appendingPathComponent("scenario.yaml")
        let text = try String(contentsOf: yaml, encoding: .utf8).replacingOccurrences(
            of: "  - profile: cobrowse-naive\n", with: "  - profile: cobrowse-basic\n")
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        let result = try CLI.run(["explain", folder.path, "--profile", "cobrowse-basic"])
        #expect(result.status == 4)
        #expect(result.stdout.contains("failed expectations:"))
        #expect(result.stdout.contains("scenario.yaml:115:"))
        #expect(result.stdout.contains("card.cvc must be observed under cobrowse-basic, but it was not"))
    }
}
