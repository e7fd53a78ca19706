import ArgumentParser
import Foundation
import Reporting
import SupportScope

extension SupportScopeCommand {
    /// `supportscope run`: analyse a suite of scenarios and write the reports.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse the scenarios under PATH under each profile and write risk reports.",
            discussion: """
                Scenarios are validated first; any error stops the run with the diagnostics and exit 2, before \
                anything is written. Each scenario is replayed under each profile, what crossed to the agent is \
                measured, and the reports are written atomically into the output folder.

                Exit codes: 0 success; 1 an expectation failed or --fail-on was reached; 2 invalid input or usage; \
                3 an internal error (the message says what to report).
                """
        )

        /// Folders to search for scenarios (folders holding a scenario.yaml).
        @Argument(help: "Folders to search for scenarios.")
        var paths: [String] = [ToolInfo.defaultScenariosFolder]

        @Option(help: "Profiles to run, comma-separated (built-in or from --profiles-dir).")
        var profiles: String = "cobrowse-standard,screenshare-fullscreen,remote-desktop-attended"

        @OptionGroup var options: ProfileOptions

        @Option(name: .customLong("out"), help: "The folder the reports are written to.")
        var output: String = "Reports"

        @Option(help: "Report formats, comma-separated: html, xml, json.")
        var format: String = "html,xml"

        @Option(help: "Scenarios analysed at once (default: the number of cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding at or above this severity exists for a gated profile.",
                                                                  valueName: "low|medium|elevated|high|critical"))
        var failOn: String?

        @Option(help: ArgumentHelp("The profiles --fail-on looks at, comma-separated (default: every profile run).", valueName: "profiles"))
        var gate: String?

        @Flag(help: "Show planted values (synthetic test data) in the reports, for demos; every report says so.")
        var reveal = false

        @Flag(help: "Check the XML report against its schema before writing it.")
        var validate = false

        @Option(help: ArgumentHelp("Analyse only part K of N of the suite (scenarios by id, every Nth from the Kth) and leave report.parts.json for `supportscope merge`.",
                                   valueName: "K/N"))
        var shard: String?

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        @Flag(help: "Also print each scenario's result per profile.")
        var verbose = false

        func run() throws {
            if quiet, verbose { invalidInput("--quiet and --verbose contradict each other; choose one") }
            let (registry, policy) = try options.load()
            let chosen = try profileList(profiles, registry: registry, option: "--profiles")
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            for name in formats where Reports.writer(for: name) == nil { invalidInput("unknown report format '\(name)'; the formats are html, xml, json") }
            if formats.isEmpty { invalidInput("--format names no format") }
            guard jobs >= 1 else { invalidInput("--jobs must be at least 1") }
            let threshold: Severity? = failOn.map { name in
                guard let severity = Severity(rawValue: name.lowercased()) else {
                    invalidInput("--fail-on: unknown severity '\(name)'; use low, medium, elevated, high or critical")
                }
                return severity
            }
            let gated = try gate.map { try profileList($0, registry: registry, option: "--gate").map(\.name) } ?? chosen.map(\.name)
            if gate != nil, threshold == nil { invalidInput("--gate needs --fail-on") }
            for name in gated where !chosen.contains(where: { $0.name == name }) { invalidInput("--gate names '\(name)', which --profiles does not run") }

            let missing = paths.filter { path in
                var isDirectory: ObjCBool = false
                return !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue
            }
            for path in missing { FileHandle.standardError.write(Data("\(path): error: no such folder\n".utf8)) }
            if !missing.isEmpty { throw ExitCodes.invalidInput }
            // A folder given twice, or inside another one given, is read once.
            let roots = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let paths = zip(paths, roots).filter { _, root in !roots.contains { $0 != root && root.hasPrefix($0 + "/") } }
                .reduce(into: [(String, String)]()) { kept, pair in if !kept.contains(where: { $0.1 == pair.1 }) { kept.append(pair) } }.map(\.0)
            let (folders, _) = ScenarioSuite.discover(paths)
            if folders.isEmpty {
                if !quiet { print("No scenarios under \(paths.joined(separator: ", ")): nothing to analyse.") }
                return
            }
            let known = Array(Set(ScenarioFormat.knownProfiles + registry.profiles.map(\.name))).sorted()
            let suite = ScenarioSuite.load(paths, loader: ScenarioLoader(knownProfiles: known), jobs: jobs)
            for diagnostic in suite.diagnostics where diagnostic.severity == .error || verbose {
                FileHandle.standardError.write(Data((diagnostic.rendered + "\n").utf8))
            }
            if suite.diagnostics.hasErrors { throw ExitCodes.invalidInput }

            var scenarios = suite.scenarios
            var part: (index: Int, count: Int)?
            if let shard {
                let numbers = shard.split(separator: "/").map { Int($0) }
                guard numbers.count == 2, let k = numbers[0], let n = numbers[1], n >= 1, (1...n).contains(k) else {
                    invalidInput("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4")
                }
                part = (k, n)
                // A deterministic partition: every Nth scenario by id, from the Kth.
                scenarios = scenarios.sorted { $0.id < $1.id }.enumerated().filter { $0.offset % n == k - 1 }.map(\.element)
            }
            let progress = Progress(total: scenarios.count, enabled: !quiet && isatty(STDERR_FILENO) != 0)
            let results = Self.analyse(scenarios, profiles: chosen, policy: policy, reveal: reveal, jobs: jobs, progress: progress)
            progress.finish()
            var prepared: [ReportModel.Prepared] = []
            var replayFailed = false
            for result in results {
                switch result {
                case let .success(analysis): prepared.append(analysis)
                case let .failure(failure):
                    // Every scenario that could not be replayed is named, not only the first.
                    FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
                    replayFailed = true
                }
            }
            if replayFailed { throw ExitCodes.invalidInput }

            let report = ReportModel(prepared: prepared, profiles: chosen, policy: policy, revealed: reveal)
            var outcomes = Reports.write(report, formats: formats, to: output, validate: validate)
            if let part {
                let path = (output as NSString).appendingPathComponent(ReportParts.fileName)
                do {
                    let parts = ReportParts(shard: "\(part.index)/\(part.count)", profiles: chosen, policy: policy, revealed: reveal, scenarios: prepared)
                    try AtomicFile.write(try parts.encoded(), to: path)
                    outcomes.append(Reports.Outcome(format: "parts", path: path, error: nil))
                } catch {
                    outcomes.append(Reports.Outcome(format: "parts", path: path, error: "\(error)", isEnvironment: true))
                }
            }
            try Self.finish(report, outcomes: outcomes, threshold: threshold, gated: gated, quiet: quiet, verbose: verbose)
        }

        /// Prints the failures and the summary, and exits with the run's code: shared with `merge`.
        static func finish(_ report: ReportModel, outcomes: [Reports.Outcome], threshold: Severity?, gated: [String], quiet: Bool, verbose: Bool) throws {
            let failedWrites = outcomes.filter { $0.error != nil }
            for outcome in failedWrites {
                FileHandle.standardError.write(Data("error: the \(outcome.format) report was not written: \(outcome.error ?? "")\n".utf8))
            }
            let writerBugs = failedWrites.filter { !$0.isEnvironment }

            var failures = 0
            for analysis in report.scenarios {
                for result in analysis.profiles {
                    if verbose {
                        FileHandle.standardError.write(Data("\(analysis.scenario.id) × \(result.run.profile): \(result.findings.count) finding(s), index \(result.score.index), worst \(result.score.worst?.rawValue ?? "none")\n".utf8))
                    }
                    for failure in result.failures {
                        failures += 1
                        FileHandle.standardError.write(Data("\(failure.location.file):\(failure.location.line):\(failure.location.column): error: \(failure.message)\n".utf8))
                    }
                }
            }
            if !quiet { print(summary(report, written: outcomes.filter { $0.error == nil }.map(\.path))) }
            var exitOne = failures > 0
            if let threshold {
                let reached = report.scenarios.flatMap(\.profiles).filter { gated.contains($0.run.profile) }.flatMap(\.findings).filter { $0.severity >= threshold }
                if !reached.isEmpty {
                    exitOne = true
                    let profiles = Set(reached.map(\.profile)).sorted().joined(separator: ", ")
                    FileHandle.standardError.write(Data("fail-on: \(reached.count) finding(s) at or above \(threshold.rawValue) under \(profiles)\n".utf8))
                }
            }
            if failures > 0 { FileHandle.standardError.write(Data("\(failures) expectation(s) failed\n".utf8)) }
            // A writer that failed on its own is a bug; a folder that cannot be written is the environment's.
            if !writerBugs.isEmpty {
                FileHandle.standardError.write(Data("This is a bug in supportscope: please report it with the command line, the scenarios and the message above.\n".utf8))
                throw ExitCodes.internalError
            }
            if !failedWrites.isEmpty { throw ExitCodes.invalidInput }
            if exitOne { throw ExitCodes.findings }
        }

        func profileList(_ text: String, registry: ProfileRegistry, option: String) throws -> [Profile] {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var chosen: [Profile] = []
            for name in names where !chosen.contains(where: { $0.name == name }) {
                guard let profile = registry.profile(named: name) else { invalidInput("\(option): unknown profile '\(name)'; `supportscope models` lists them") }
                chosen.append(profile)
            }
            if chosen.isEmpty { invalidInput("\(option) names no profile") }
            return chosen
        }

        func invalidInput(_ message: String) -> Never {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            Self.exit(withError: ExitCodes.invalidInput)
        }

        struct AnalysisFailure: Error {
            let folder: String
            let message: String
        }

        /// Analyses the scenarios on `jobs` threads; the results keep the suite's order, so output does not depend on `jobs`.
        /// Each scenario is also prepared for the reports on its thread (its HTML rendered, its traffic dropped),
        /// so memory follows the findings and the rendering runs in parallel too.
        static func analyse(_ scenarios: [Scenario], profiles: [Profile], policy: Policy, reveal: Bool, jobs: Int,
                            progress: Progress) -> [Result<ReportModel.Prepared, AnalysisFailure>] {
            Parallel.map(count: scenarios.count, jobs: jobs) { index in
                let scenario = scenarios[index]
                defer { progress.advance(scenario.id) }
                do {
                    let analysis = try ScenarioAnalysis.analyze(scenario, profiles: profiles, policy: policy, reveal: reveal)
                    return .success(ReportModel.Prepared(analysis, revealed: reveal))
                } catch {
                    return .failure(AnalysisFailure(folder: scenario.folder, message: "\(error)"))
                }
            }
        }

        /// The summary table: profiles × severity counts, the index against the reference, and the reports written.
        static func summary(_ report: ReportModel, written: [String]) -> String {
            let suite = report.suite
            let width = max(24, (suite.map(\.profile.count).max() ?? 0) + 2)
            func pad(_ text: String, _ count: Int, left: Bool = false) -> String {
                let space = String(repeating: " ", count: max(0, count - text.count))
                return left ? text + space : space + text
            }
            var lines = [pad("profile", width, left: true) + Severity.allCases.reversed().map { pad($0.rawValue, 9) }.joined() + pad("index", 8) + "  vs " + referenceProfile]
            for comparison in suite {
                let versus = comparison.profile == referenceProfile ? "reference" : (comparison.difference >= 0 ? "+" : "") + String(comparison.difference)
                lines.append(pad(comparison.profile, width, left: true) + Severity.allCases.reversed().map { pad(String(comparison.score.counts[$0] ?? 0), 9) }.joined()
                    + pad(String(comparison.score.index), 8) + "  " + versus)
            }
            lines.append("\(report.scenarios.count) scenario(s) × \(suite.count) profile(s)" + (report.revealed ? "; values revealed" : ""))
            for path in written { lines.append("wrote \(path)") }
            return lines.joined(separator: "\n")
        }
    }
}

/// A counter on stderr while the suite is analysed, only when stderr is a terminal.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let enabled: Bool
    private var done = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func advance(_ scenario: String) {
        guard enabled else { return }
        lock.lock()
        done += 1
        let filled = total == 0 ? 30 : done * 30 / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 30 - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(done)/\(total) \(scenario)".utf8))
        lock.unlock()
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
