import ArgumentParser
import SupportScope
import Testing

@testable import supportscope

/// The command line parsed in process: options, their types and the rules between them.
@Suite("Command-line options")
struct ArgumentTests {
    private func message(_ arguments: [String]) -> String {
        do {
            _ = try SupportScopeCommand.parseAsRoot(arguments)
            return ""
        } catch {
            return SupportScopeCommand.message(for: error)
        }
    }

    @Test func runTakesTypedOptions() throws {
        let run = try SupportScopeCommand.Run.parse([
            "Scenarios", "--format", "json,HTML,json", "--fail-on", "High", "--shard", "2/4", "--jobs", "3",
        ])
        #expect(run.report.format == [.json, .html])
        #expect(run.gating.failOn == .high)
        #expect(run.shard?.index == 2 && run.shard?.count == 4)
        #expect(run.jobs == 3 && run.report.output == "Reports" && !run.report.checkSchema)
        let defaults = try SupportScopeCommand.Run.parse([])
        #expect(defaults.report.format == [.html, .xml] && defaults.gating.failOn == nil && defaults.shard == nil)
    }

    @Test func badValuesAreUsageErrorsThatSayWhy() {
        #expect(
            message(["run", "--format", "pdf"]).contains("unknown report format 'pdf'; the formats are html, xml, json")
        )
        #expect(message(["run", "--format", ","]).contains("--format names no format"))
        #expect(message(["run", "--fail-on", "severe"]).contains("--fail-on: unknown severity 'severe'"))
        #expect(message(["run", "--shard", "5/4"]).contains("--shard takes K/N with 1 ≤ K ≤ N"))
        #expect(message(["run", "--shard", "x"]).contains("--shard takes K/N"))
    }

    @Test func rulesBetweenOptionsAreCheckedBeforeAnythingRuns() {
        #expect(message(["run", "--quiet", "--verbose"]).contains("--quiet and --verbose contradict each other"))
        #expect(message(["run", "--gate", "cobrowse-standard"]).contains("--gate needs --fail-on"))
        #expect(message(["run", "--jobs", "0"]).contains("--jobs must be at least 1"))
        #expect(message(["generate", "--out", "x", "--count", "0"]).contains("--count must be between 1 and 1000000"))
        #expect(message(["generate", "--out", "x", "--count", "-1"]).contains("--count must be between 1 and 1000000"))
        #expect(
            message(["screen", "page.html", "--width", "10"]).contains(
                "--width and --height must be between 64 and 100000"))
    }

    @Test func mergeSharesRunsReportOptions() throws {
        let merge = try SupportScopeCommand.Merge.parse([
            "a/report.xml", "--out", "merged", "--format", "xml", "--validate", "--quiet",
        ])
        #expect(
            merge.report.output == "merged" && merge.report.format == [.xml] && merge.report.checkSchema
                && merge.report.quiet)
    }

    @Test func shardsPartitionTheSuiteByIdentifier() throws {
        let shard = try #require(Shard(argument: "2/3"))
        #expect(shard.description == "2/3")
        #expect(Shard(argument: "0/3") == nil && Shard(argument: "4/3") == nil && Shard(argument: "1/0") == nil)
    }
}
