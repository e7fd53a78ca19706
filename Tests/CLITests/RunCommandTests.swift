import Foundation
import Markup
import Reporting
import Synchronization
import Testing

/// The main job end to end: the built binary on the shipped library, as a newcomer or CI runs it.
@Suite("supportscope run end to end", .serialized)
struct RunCommandTests {
    static func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("supportscope-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func contents(_ folder: URL, names: [String]? = nil) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try names ?? FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func theMainJobAnalysesTheLibraryAndWritesValidReports() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLI.run(["run", "Scenarios", "--out", out.path, "--format", "html,xml,json", "--validate"])
        #expect(result.status == 0, "\(result.stderr)")
        let scenarios = try FileManager.default.contentsOfDirectory(
            atPath: CLI.packageRoot.appendingPathComponent("Scenarios").path
        )
        .filter {
            FileManager.default.fileExists(
                atPath: CLI.packageRoot.appendingPathComponent("Scenarios/\($0)/scenario.yaml").path)
        }
        #expect(scenarios.count >= 14, "the library has at least fourteen scenarios")
        #expect(result.stdout.contains("\(scenarios.count) scenario(s) × 3 profile(s)"))
        #expect(result.stdout.hasPrefix("profile "))
        #expect(result.stdout.contains("cobrowse-standard ") && result.stdout.contains("reference"))
        #expect(try Self.contents(out).keys.sorted() == ["index.html", "report.json", "report.xml"])
        let xml = try Document.parseXML(contentsOfFile: out.appendingPathComponent("report.xml").path)
        #expect(try xml.evaluateXPath("count(//*[local-name()='scenario'])").numberValue == Double(scenarios.count))
    }

    @Test func aBrokenScenarioStopsTheRunBeforeAnythingIsWritten() throws {
        let suite = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: suite) }
        let fixtures = CLI.packageRoot.appendingPathComponent("Tests/SupportScopeTests/Fixtures")
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("cobrowse/bank-login"), to: suite.appendingPathComponent("bank-login"))
        try FileManager.default.copyItem(
            at: fixtures.appendingPathComponent("broken/unknown-data-class"), to: suite.appendingPathComponent("typo"))
        // The folders are made before the analysis (the spool's file goes there) and removed again, parents too.
        let out = suite.appendingPathComponent("reports/2026-12")
        let result = try CLI.run(["run", suite.path, "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("typo/scenario.yaml:7:12: error: 'class' cannot be 'credit-card'"))
        #expect(!FileManager.default.fileExists(atPath: out.deletingLastPathComponent().path), "nothing is written")
    }

    /// An output path that is a file is said at once, before any scenario is analysed (the spool's file goes in the
    /// output folder), not after the whole analysis.
    @Test func anOutputPathThatIsAFileIsSaidAtOnce() throws {
        let suite = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: suite) }
        let file = suite.appendingPathComponent("reports")
        try "not a folder".write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", CLI.packageRoot.appendingPathComponent("Scenarios").path, "--out", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--out \(file.path) is a file, not a folder"), "\(result.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
    }

    @Test func failOnGatesOnTheChosenProfiles() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let fixture = "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
        let failing = try CLI.run(["run", fixture, "--out", out.path, "--fail-on", "high"])
        #expect(failing.status == 1)
        #expect(
            failing.stderr.contains("fail-on:")
                && failing.stderr.contains("at or above high under remote-desktop-attended, screenshare-fullscreen"))
        let gated = try CLI.run([
            "run", fixture, "--out", out.path, "--fail-on", "high", "--gate", "cobrowse-standard", "--quiet",
        ])
        #expect(gated.status == 0, "\(gated.stderr)")
        #expect(gated.stdout.isEmpty, "--quiet prints nothing on success")
        let usage = try CLI.run(["run", fixture, "--out", out.path, "--fail-on", "severe"])
        #expect(usage.status == 2 && usage.stderr.contains("--fail-on: unknown severity 'severe'"))
    }

    @Test func jobsDoNotChangeTheOutput() throws {
        let one = try Self.temporary(), two = try Self.temporary()
        defer {
            try? FileManager.default.removeItem(at: one)
            try? FileManager.default.removeItem(at: two)
        }
        #expect(
            try CLI.run(["run", "Scenarios", "--out", one.path, "--format", "html,xml,json", "--jobs", "1", "--quiet"])
                .status == 0)
        #expect(
            try CLI.run(["run", "Scenarios", "--out", two.path, "--format", "html,xml,json", "--jobs", "2", "--quiet"])
                .status == 0)
        #expect(try Self.contents(one) == Self.contents(two))
    }

    @Test func aRunKilledWhileWritingLeavesThePreviousReportsIntact() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let fixture = "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
        #expect(try CLI.run(["run", fixture, "--out", out.path, "--quiet"]).status == 0)
        let before = try Self.contents(out)
        // A second run that would write different reports (values revealed) is killed between writing and renaming.
        let killed = try CLI.run(
            ["run", fixture, "--out", out.path, "--reveal", "--quiet"],
            environment: ["SUPPORTSCOPE_KILL_BEFORE_RENAME": "index.html"])
        #expect(killed.status != 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let after = try Self.contents(out, names: names.filter { !$0.hasPrefix(".") })
        #expect(after == before, "the good reports are untouched")
        #expect(String(decoding: after["index.html"]!, as: UTF8.self).hasSuffix("</html>\n"))
        // What the killed run left (its temporary folder with the whole new set) goes with the next run.
        #expect(names.contains { $0.hasPrefix(".supportscope-") && $0.hasSuffix(".tmp") })
        #expect(try CLI.run(["run", fixture, "--out", out.path, "--quiet"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == before.keys.sorted())
    }

    /// Two runs into one `--out` mixed their files in 6 of 10 tries, both exiting 0. Now they take turns: whatever
    /// the order, the folder ends with one run's complete set.
    @Test func twoRunsIntoOneFolderLeaveOneCompleteSet() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let fixture = "Tests/SupportScopeTests/Fixtures/cobrowse/checkout-help"
        let runs = [["--profiles", "cobrowse-naive"], ["--profiles", "cobrowse-standard,screenshare-fullscreen"]]
        for _ in 0..<3 {
            let results = ConcurrentResults()
            DispatchQueue.concurrentPerform(iterations: runs.count) { index in
                let result = try? CLI.run(
                    ["run", fixture, "--out", out.path, "--format", "html,xml,json", "--quiet"] + runs[index])
                results.append(result?.status ?? -1)
            }
            #expect(results.values == [0, 0])
            let ids = ["index.html", "report.xml", "report.json"].map {
                ReportParts.runID(inHeadOf: out.appendingPathComponent($0).path)
            }
            #expect(ids[0] != nil && Set(ids).count == 1, "one run's files: \(ids)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [
                    "index.html", "report.json", "report.xml",
                ])
        }
    }

    @Test func theCommittedExampleReportIsCurrent() throws {
        let out = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CLI.run(["run", "Scenarios", "--out", out.path, "--format", "html,xml,json", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try Self.contents(CLI.packageRoot.appendingPathComponent("Reports/example"))
        let fresh = try Self.contents(out)
        #expect(committed.keys.sorted() == ["index.html", "report.json", "report.xml"])
        for (name, data) in fresh {
            #expect(
                committed[name] == data,
                "Reports/example/\(name) is out of date: swift run supportscope run Scenarios --out Reports/example --format html,xml,json"
            )
        }
    }
}

/// Exit statuses collected from several threads.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Int32] = []
    func append(_ value: Int32) { lock.withLock { collected.append(value) } }
    var values: [Int32] { lock.withLock { collected } }
}

extension XPathValue {
    var numberValue: Double? {
        if case let .number(value) = self { return value }
        return nil
    }
}

@Suite("supportscope generate")
struct GenerateCommandTests {
    static func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path
        if let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker
            where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files[String(url.standardizedFileURL.path.dropFirst(root.count))] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test func variantsAreDeterministicValidAndKeepTheirExpectations() throws {
        let one = try RunCommandTests.temporary(), two = try RunCommandTests.temporary(),
            other = try RunCommandTests.temporary()
        defer { for folder in [one, two, other] { try? FileManager.default.removeItem(at: folder) } }
        #expect(try CLI.run(["generate", "--count", "30", "--seed", "3", "--out", one.path]).status == 0)
        #expect(try CLI.run(["generate", "--count", "30", "--seed", "3", "--out", two.path]).status == 0)
        #expect(try CLI.run(["generate", "--count", "30", "--seed", "4", "--out", other.path]).status == 0)
        let first = try Self.tree(one)
        #expect(first == (try Self.tree(two)), "the same seed gives the same files")
        #expect(first != (try Self.tree(other)), "another seed gives other variants")
        #expect(Set(first.keys.compactMap { $0.split(separator: "/").first }).count == 30)
        let validate = try CLI.run(["validate", "--strict", one.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let run = try CLI.run(["run", one.path, "--out", one.appendingPathComponent("reports").path, "--quiet"])
        #expect(run.status == 0, "every variant's expectations hold: \(run.stderr)")
    }

    @Test func variantsCarryOtherValuesThanTheirBase() throws {
        let out = try RunCommandTests.temporary()
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(try CLI.run(["generate", "--count", "15", "--seed", "11", "--out", out.path]).status == 0)
        let base = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("Scenarios/black-friday-checkout/scenario.yaml"),
            encoding: .utf8)
        let variants = try FileManager.default.contentsOfDirectory(atPath: out.path).filter {
            $0.hasPrefix("black-friday-checkout-v")
        }
        #expect(!variants.isEmpty, "seed 11 picks the Black Friday scenario at least once")
        for name in variants {
            let variant = try String(contentsOf: out.appendingPathComponent("\(name)/scenario.yaml"), encoding: .utf8)
            #expect(variant.contains("id: \(name)\n"))
            #expect(!variant.contains("4111 1111 1111 1111") && base.contains("4111 1111 1111 1111"))
        }
    }

    @Test func badArgumentsAreUsageErrors() throws {
        #expect(try CLI.run(["generate", "--count", "0", "--out", "/tmp/x"]).status == 2)
        #expect(try CLI.run(["generate", "--count", "3", "--out", "/tmp/x", "--from", "/nonexistent"]).status == 2)
    }
}

@Suite("supportscope run --shard and merge")
struct ShardMergeTests {
    @Test func shardedThenMergedEqualsUnshardedByteForByte() throws {
        let whole = try RunCommandTests.temporary(), merged = try RunCommandTests.temporary()
        let shards = try (1...3).map { _ in try RunCommandTests.temporary() }
        defer { for folder in [whole, merged] + shards { try? FileManager.default.removeItem(at: folder) } }
        let formats = "html,xml,json,sarif,junit"
        #expect(try CLI.run(["run", "Scenarios", "--out", whole.path, "--format", formats, "--quiet"]).status == 0)
        // The shards run as CI jobs do: at the same time, as separate processes.
        let results = Mutex<[Int: String]>([:])
        DispatchQueue.concurrentPerform(iterations: shards.count) { index in
            let outcome: String
            do {
                let result = try CLI.run([
                    "run", "Scenarios", "--shard", "\(index + 1)/3", "--out", shards[index].path, "--format", "xml",
                    "--quiet", "--jobs", "1",
                ])
                outcome = result.status == 0 ? "ok" : "exit \(result.status): \(result.stderr)"
            } catch {
                outcome = "\(error)"
            }
            results.withLock { $0[index] = outcome }
        }
        #expect(results.withLock { $0 } == [0: "ok", 1: "ok", 2: "ok"])
        // Every scenario is in exactly one shard.
        let counts = try shards.map {
            try Document.parseXML(contentsOfFile: $0.appendingPathComponent("report.xml").path)
                .evaluateXPath("count(//*[local-name()='scenario'])").numberValue ?? 0
        }
        #expect(Int(counts.reduce(0, +)) == 15)
        let merge = try CLI.run(
            ["merge"] + shards.map { $0.appendingPathComponent("report.xml").path }
                + ["--out", merged.path, "--format", formats, "--quiet"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try RunCommandTests.contents(merged) == RunCommandTests.contents(whole))
        // The parts carry what the reports need as data, not rendered report HTML, the pages, files or typed text.
        let parts = try String(contentsOf: shards[0].appendingPathComponent("report.parts.json"), encoding: .utf8)
        let reportMarkup = ["<details", "<iframe", "srcdoc", "class=\\\"sev", "<figure"].filter { parts.contains($0) }
        #expect(reportMarkup.isEmpty)
    }

    @Test func mismatchedOrMissingShardsAreRefused() throws {
        let a = try RunCommandTests.temporary(), b = try RunCommandTests.temporary()
        defer { for folder in [a, b] { try? FileManager.default.removeItem(at: folder) } }
        #expect(try CLI.run(["run", "Scenarios", "--shard", "1/2", "--out", a.path, "--quiet"]).status == 0)
        #expect(
            try CLI.run([
                "run", "Scenarios", "--shard", "2/2", "--out", b.path, "--quiet", "--profiles", "cobrowse-naive",
            ]).status == 0)
        let mismatch = try CLI.run(["merge", a.path, b.path, "--out", a.appendingPathComponent("m").path])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("different profiles"))
        let twice = try CLI.run(["merge", a.path, a.path, "--out", a.appendingPathComponent("m").path])
        #expect(twice.status == 2 && twice.stderr.contains("in more than one shard"))
        let missing = try CLI.run(["merge", "/nonexistent/report.xml"])
        #expect(missing.status == 2)
        #expect(try CLI.run(["run", "Scenarios", "--shard", "3/2", "--out", a.path]).status == 2)
        // A shard left out is named, not merged around.
        let alone = try CLI.run(["merge", a.path, "--out", a.appendingPathComponent("m").path])
        #expect(alone.status == 2 && alone.stderr.contains("in none of the shards given (1/2)"), "\(alone.stderr)")
        // A report beside the parts from another run: the folder holds two runs' files.
        try FileManager.default.removeItem(at: a.appendingPathComponent("report.xml"))
        try FileManager.default.copyItem(
            at: b.appendingPathComponent("report.xml"), to: a.appendingPathComponent("report.xml"))
        let mixed = try CLI.run(["merge", a.path, "--out", a.appendingPathComponent("m").path])
        #expect(mixed.status == 2 && mixed.stderr.contains("report.parts.json beside it from run"), "\(mixed.stderr)")
    }

    /// A count per severity was encoded in the dictionary's per-process order: two runs wrote different parts.
    @Test func partsAreTheSameBytesEveryRun() throws {
        let one = try RunCommandTests.temporary(), two = try RunCommandTests.temporary()
        defer { for folder in [one, two] { try? FileManager.default.removeItem(at: folder) } }
        for folder in [one, two] {
            let result = try CLI.run([
                "run", "Tests/SupportScopeTests/Fixtures/cobrowse/split-fields", "--shard", "1/1", "--out", folder.path,
                "--quiet",
            ])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let parts = try [one, two].map { try Data(contentsOf: $0.appendingPathComponent(ReportParts.fileName)) }
        #expect(parts[0] == parts[1])
        #expect(String(decoding: parts[0], as: UTF8.self).contains(#""counts":{"critical":"#))
    }

    /// Parts that say "revealed" (from `run --reveal`, or forged) make revealed reports only when merge is asked to.
    @Test func revealedShardsNeedRevealToMerge() throws {
        let shard = try RunCommandTests.temporary(), merged = try RunCommandTests.temporary()
        defer { for folder in [shard, merged] { try? FileManager.default.removeItem(at: folder) } }
        let scenario = "Tests/SupportScopeTests/Fixtures/cobrowse/split-fields"
        #expect(
            try CLI.run(["run", scenario, "--shard", "1/1", "--reveal", "--out", shard.path, "--quiet"]).status == 0)
        let refused = try CLI.run(["merge", shard.path, "--out", merged.path, "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("merge them with --reveal"))
        #expect(!FileManager.default.fileExists(atPath: merged.appendingPathComponent("index.html").path))
        #expect(try CLI.run(["merge", shard.path, "--out", merged.path, "--quiet", "--reveal"]).status == 0)
    }

    /// An unsharded run into a shard's folder left the shard's parts beside its new reports, and merge used them.
    @Test func anUnshardedRunRemovesAStaleParts() throws {
        let folder = try RunCommandTests.temporary()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = "Tests/SupportScopeTests/Fixtures/cobrowse/split-fields"
        #expect(try CLI.run(["run", scenario, "--shard", "1/1", "--out", folder.path, "--quiet"]).status == 0)
        let parts = folder.appendingPathComponent("report.parts.json").path
        #expect(FileManager.default.fileExists(atPath: parts))
        #expect(try CLI.run(["run", scenario, "--out", folder.path, "--quiet"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: parts))
    }
}
