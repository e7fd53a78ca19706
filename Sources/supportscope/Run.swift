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

                Exit codes: 0 success; 1 the gate failed (a finding at or above --fail-on, each listed); 2 invalid \
                input or usage, or no scenario under the paths; 3 an internal error (the message says what to \
                report); 4 an expectation failed; 5 both the gate and an expectation failed.
                """
        )

        /// Folders to search for scenarios (folders holding a scenario.yaml).
        @Argument(help: "Folders to search for scenarios.")
        var paths: [String] = [ToolInfo.defaultScenariosFolder]

        @Option(help: "Profiles to run, comma-separated (built-in or from --profiles-dir).")
        var profiles: String = "cobrowse-standard,screenshare-fullscreen,remote-desktop-attended"

        @OptionGroup var options: ProfileOptions

        @OptionGroup var report: ReportOptions

        @Option(help: "Scenarios analysed at once (default: the number of cores).")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @OptionGroup var gating: GateOptions

        @Flag(help: "Show planted values (synthetic test data) in the reports, for demos; every report says so.")
        var reveal = false

        @Option(
            help: ArgumentHelp(
                "Analyse only part K of N of the suite (scenarios by id, every Nth from the Kth) and leave report.parts.json for `supportscope merge`.",
                valueName: "K/N"), transform: Shard.parse)
        var shard: Shard?

        @Flag(help: "Also print each scenario's result per profile.")
        var verbose = false

        /// Rules between options, checked before anything is read.
        func validate() throws {
            if report.quiet, verbose {
                throw ValidationError("--quiet and --verbose contradict each other; choose one")
            }
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let (registry, policy) = try options.load()
            let chosen = try Self.profileList(profiles, registry: registry, option: "--profiles")
            let review = try gating.review(profiles: chosen, registry: registry)
            let paths = try Self.folders(paths)
            let (folders, _) = ScenarioSuite.discover(paths)
            // A wrong path must not pass a gate: no scenario at all is an error, not an empty success.
            if folders.isEmpty {
                throw InputError(
                    "no scenario under \(paths.joined(separator: ", ")) (a scenario is a folder holding a scenario.yaml)"
                )
            }
            let suite = ScenarioSuite.load(
                paths, loader: ScenarioLoader(knownProfiles: registry.knownNames), jobs: jobs)
            // Warnings are what validate says too (a page the parser gave up on, a NUL byte replaced): a run that
            // measured less than the scenario describes says so, unless asked to be quiet.
            for diagnostic in suite.diagnostics where diagnostic.severity == .error || !report.quiet || verbose {
                Console.diagnostic(diagnostic)
            }
            if suite.diagnostics.hasErrors { throw ExitCodes.invalidInput }
            let scenarios = shard.map { $0.part(of: suite.scenarios) } ?? suite.scenarios
            let prepared = try Self.prepare(
                scenarios, profiles: chosen, policy: policy, reveal: reveal, jobs: jobs, quiet: report.quiet)
            var model = ReportModel(prepared: prepared, profiles: chosen, policy: policy, revealed: reveal)
            report.present(&model)
            model.review = review
            model.review.resolve(model)
            // A shard leaves its parts for `merge`, written and installed with its reports; an unsharded run removes
            // an earlier shard's parts, which `merge` would otherwise take for this run's.
            let parts = shard.map { shard in
                let parts = ReportParts(
                    shard: shard.description, runID: model.runID, suite: suite.scenarios, profiles: chosen,
                    policy: policy, revealed: reveal, scenarios: prepared)
                return Reports.Companion(format: "parts", fileName: ReportParts.fileName) { try parts.encoded() }
            }
            let outcomes = Reports.write(
                model, formats: report.format.map(\.rawValue), to: report.output, validate: report.checkSchema,
                companions: parts.map { [$0] } ?? [], removing: shard == nil ? [ReportParts.fileName] : [],
                waiting: { if !report.quiet { Console.line($0) } })
            try Self.finish(model, outcomes: outcomes, quiet: report.quiet, verbose: verbose)
        }

        /// The folders to search, each once: a folder given twice, or inside another one given, is read once.
        static func folders(_ paths: [String]) throws -> [String] {
            let missing = paths.filter { path in
                var isDirectory: ObjCBool = false
                return !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                    || !isDirectory.boolValue
            }
            for path in missing { Console.line("\(path): error: no such folder") }
            if !missing.isEmpty { throw ExitCodes.invalidInput }
            let roots = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            return zip(paths, roots).filter { _, root in !roots.contains { $0 != root && root.hasPrefix($0 + "/") } }
                .reduce(into: [(String, String)]()) { kept, pair in
                    if !kept.contains(where: { $0.1 == pair.1 }) { kept.append(pair) }
                }.map(\.0)
        }

        /// Analyses and prepares every scenario for the reports; every scenario that could not be replayed is named.
        static func prepare(
            _ scenarios: [Scenario], profiles: [Profile], policy: Policy, reveal: Bool, jobs: Int,
            quiet: Bool
        ) throws -> [ReportModel.Prepared] {
            let progress = Progress(total: scenarios.count, enabled: !quiet && isatty(STDERR_FILENO) != 0)
            let results = analyse(
                scenarios, profiles: profiles, policy: policy, reveal: reveal, jobs: jobs, progress: progress)
            progress.finish()
            var prepared: [ReportModel.Prepared] = []
            var replayFailed = false
            for result in results {
                switch result {
                case let .success(analysis): prepared.append(analysis)
                case let .failure(failure):
                    Console.error(failure.message)
                    replayFailed = true
                }
            }
            if replayFailed { throw ExitCodes.invalidInput }
            return prepared
        }

        /// Prints the failures and the summary, and exits with the run's code: shared with `merge`.
        static func finish(_ report: ReportModel, outcomes: [Reports.Outcome], quiet: Bool, verbose: Bool) throws {
            let failedWrites = outcomes.filter { $0.error != nil }
            for outcome in failedWrites {
                Console.error("the \(outcome.format) report was not written: \(outcome.error ?? "")")
            }
            let writerBugs = failedWrites.filter { !$0.isEnvironment }

            var failures = 0
            for analysis in report.scenarios {
                for result in analysis.profiles {
                    if verbose {
                        Console.line(
                            "\(analysis.scenario.id) × \(result.run.profile): \(result.findings.count) finding(s), index \(result.score.index), "
                                + "worst \(result.score.worst?.rawValue ?? "none")")
                    }
                    for failure in result.failures {
                        failures += 1
                        Console.line(
                            "\(failure.location.file):\(failure.location.line):\(failure.location.column): error: \(failure.message)"
                        )
                    }
                }
            }
            if !quiet { print(summary(report, written: outcomes.filter { $0.error == nil }.map(\.path))) }
            let review = report.review
            let failing = review.failing(report)
            if let threshold = review.threshold, !failing.isEmpty {
                // Every failing finding, so the log of a failed CI job says what to look at.
                for finding in failing { Console.line("fail-on: " + GateLine.text(finding)) }
                let profiles = Set(failing.map(\.profile)).sorted().joined(separator: ", ")
                let which = review.baseline == nil ? "" : "new or more severe "
                Console.line(
                    "fail-on: \(failing.count) \(which)finding(s) at or above \(threshold.rawValue) under \(profiles)")
            }
            if let baseline = review.baseline, !quiet {
                let findings = report.scenarios.flatMap(\.profiles).flatMap(\.findings)
                let states = findings.compactMap(review.state)
                print(
                    "against the baseline \(baseline.path): \(states.filter { $0 == .new }.count) new, "
                        + "\(states.filter { $0 == .updated }.count) with another severity, "
                        + "\(states.filter { $0 == .unchanged }.count) unchanged, \(review.fixed(in: report).count) fixed"
                )
            }
            if let accepted = review.accepted {
                let findings = report.scenarios.flatMap(\.profiles).flatMap(\.findings)
                // Expired entries and entries that cover nothing are said even with --quiet: the file is a control.
                for note in accepted.notes(for: findings) { Console.diagnostic(note) }
                if !quiet {
                    print(
                        "accepted risks: \(review.acceptedCount(report)) finding(s) covered by \(accepted.inForce.count) entry(ies) in force "
                            + "on \(accepted.today)")
                }
            }
            if failures > 0 { Console.line("\(failures) expectation(s) failed") }
            // A writer that failed on its own is a bug; a folder that cannot be written is the environment's.
            if !writerBugs.isEmpty {
                Console.line(
                    "This is a bug in supportscope: please report it with the command line, the scenarios and the message above."
                )
                throw ExitCodes.internalError
            }
            if !failedWrites.isEmpty { throw ExitCodes.invalidInput }
            switch (!failing.isEmpty, failures > 0) {
            case (true, true): throw ExitCodes.gateAndExpectations
            case (true, false): throw ExitCodes.findings
            case (false, true): throw ExitCodes.expectations
            case (false, false): return
            }
        }

        static func profileList(_ text: String, registry: ProfileRegistry, option: String) throws -> [Profile] {
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            var chosen: [Profile] = []
            for name in names where !chosen.contains(where: { $0.name == name }) {
                guard let profile = registry.profile(named: name) else {
                    throw InputError("\(option): unknown profile '\(name)'; `supportscope models` lists them")
                }
                chosen.append(profile)
            }
            if chosen.isEmpty { throw InputError("\(option) names no profile") }
            return chosen
        }

        struct AnalysisFailure: Error {
            let folder: String
            let message: String
        }

        /// Analyses the scenarios on `jobs` threads; the results keep the suite's order, so output does not depend on `jobs`.
        /// Each scenario is also prepared for the reports on its thread (its HTML rendered, its traffic dropped),
        /// so memory follows the findings and the rendering runs in parallel too.
        static func analyse(
            _ scenarios: [Scenario], profiles: [Profile], policy: Policy, reveal: Bool, jobs: Int,
            progress: Progress
        ) -> [Result<ReportModel.Prepared, AnalysisFailure>] {
            Parallel.map(count: scenarios.count, jobs: jobs) { index in
                let scenario = scenarios[index]
                defer { progress.advance(scenario.id) }
                do {
                    let analysis = try ScenarioAnalysis.analyze(
                        scenario, profiles: profiles, policy: policy, reveal: reveal)
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
            var lines = [
                pad("profile", width, left: true) + Severity.allCases.reversed().map { pad($0.rawValue, 9) }.joined()
                    + pad("index", 8) + "  vs " + referenceProfile
            ]
            for comparison in suite {
                let versus =
                    comparison.profile == referenceProfile
                    ? "reference" : (comparison.difference >= 0 ? "+" : "") + String(comparison.difference)
                lines.append(
                    pad(comparison.profile, width, left: true)
                        + Severity.allCases.reversed().map { pad(String(comparison.score.counts[$0] ?? 0), 9) }.joined()
                        + pad(String(comparison.score.index), 8) + "  " + versus)
            }
            lines.append(
                "\(report.scenarios.count) scenario(s) × \(suite.count) profile(s)"
                    + (report.revealed ? "; values revealed" : ""))
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
        Console.raw("\r\u{1B}[2K\(bar) \(done)/\(total) \(scenario)")
        lock.unlock()
    }

    func finish() {
        guard enabled else { return }
        Console.raw("\r\u{1B}[2K")
    }
}
