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
                Each scenario is validated as it is loaded; any error stops the run with the diagnostics and exit \
                2, before any report is written. Each scenario is replayed under each profile, what crossed to the \
                agent is measured, and the reports are written atomically into the output folder.

                Exit codes: 0 success; 1 the gate failed (a finding at or above --fail-on, each listed); 2 invalid \
                input or usage, or no scenario under the paths; 3 an internal error (the message says what to \
                report); 4 an expectation failed; 5 both the gate and an expectation failed.
                """
        )

        /// Folders to search for scenarios (folders holding a scenario.yaml).
        @Argument(help: "Folders to search for scenarios.")
        var paths: [String] = [ToolInfo.defaultScenariosFolder]

        @Option(
            help: ArgumentHelp(
                "Profiles to run, comma-separated (built-in, from --profiles-dir or --profile-from); by default "
                    + "\(Self.defaultProfiles) and every --profile-from profile.",
                valueName: "NAMES"))
        var profiles: String?

        /// The profiles a run compares when `--profiles` is not given: the reference and the two other modes.
        static let defaultProfiles = "cobrowse-standard,screenshare-fullscreen,remote-desktop-attended"

        @OptionGroup var options: ProfileOptions

        @OptionGroup var report: ReportOptions

        @Option(help: "Scenarios analysed at once (default: the number of cores).")
        var jobs: Int?

        /// The threads the run uses: `--jobs`, or one per core (an optional, so the help states the default once).
        var threads: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

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

        @Flag(
            help:
                "Treat the scenarios' warnings as errors (a step selector that matches nothing, …): exit 2, no reports."
        )
        var strict = false

        /// Rules between options, checked before anything is read.
        func validate() throws {
            if report.quiet, verbose {
                throw ValidationError("--quiet and --verbose contradict each other; choose one")
            }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let (registry, policy, translated) = try options.loadAll()
            // A translated configuration is given to be compared: it joins the default list unless --profiles is given.
            let names = profiles ?? ([Self.defaultProfiles] + translated).joined(separator: ",")
            let chosen = try Self.profileList(names, registry: registry, option: "--profiles")
            let review = try gating.review(profiles: chosen, registry: registry)
            let paths = try Self.folders(paths)
            let (folders, _) = ScenarioSuite.discover(paths)
            // A wrong path must not pass a gate: no scenario at all is an error, not an empty success.
            if folders.isEmpty {
                throw InputError(
                    "no scenario under \(paths.joined(separator: ", ")) (a scenario is a folder holding a scenario.yaml)"
                )
            }
            let (spool, unused) = try report.spool(review: review, parts: shard != nil)
            var writing = false
            defer { if !writing { unused() } }
            let loader = ScenarioLoader(
                knownProfiles: registry.knownNames,
                knownPolicies: policy.knownNames)
            let analysis = Analysis(profiles: chosen, policy: policy, reveal: reveal, spool: spool)
            let progress = Progress(total: folders.count, enabled: !report.quiet && isatty(STDERR_FILENO) != 0)
            // Unsharded, each scenario is analysed as soon as it is loaded and then dropped; a shard needs every id
            // before it knows its part, so it loads the suite once for the ids, then its part again to analyse it.
            let suite = ScenarioSuite.stream(paths, loader: loader, jobs: threads, stopAtFirstError: true) {
                _, scenario in
                guard shard == nil else { return }
                analysis.add(scenario)
                progress.advance(scenario.id)
            }
            progress.finish()
            // Warnings are what validate says too (a step selector that matches nothing, a page the parser gave up
            // on): a run that measured less than the scenario describes says so, unless asked to be quiet — and with
            // --strict they stop it, so a typo cannot pass as a step that did nothing.
            let warnings = suite.diagnostics.filter { $0.severity != .error }
            let showWarnings = !report.quiet || verbose || strict
            for diagnostic in suite.diagnostics where diagnostic.severity == .error || showWarnings {
                Console.diagnostic(diagnostic)
            }
            if !warnings.isEmpty, showWarnings {
                Console.line(
                    "\(warnings.count) warning(s) in the scenarios"
                        + (strict ? "; --strict makes them errors" : " (--strict makes them errors)"))
            }
            if suite.diagnostics.hasErrors || (strict && !warnings.isEmpty) { throw ExitCodes.invalidInput }
            if let shard {
                let part = shard.part(of: suite.members)
                let progress = Progress(total: part.count, enabled: !report.quiet && isatty(STDERR_FILENO) != 0)
                _ = Parallel.map(count: part.count, jobs: threads) { index in
                    let member = part[index]
                    let result = loader.load(folder: member.folder)
                    // The part is analysed as the suite was listed: a scenario whose files changed since would make
                    // parts whose digests disagree with their own header, which `merge` refuses as strangers.
                    if let scenario = result.scenario, !result.diagnostics.hasErrors, scenario.id == member.id,
                        scenario.inputDigest == member.inputDigest
                    {
                        analysis.add(scenario)
                    } else {
                        analysis.fail(member.folder, "\(member.folder): its files changed while the suite was read")
                    }
                    progress.advance(member.id)
                }
                progress.finish()
            }
            if let failure = analysis.spoolFailure {
                throw InputError("cannot write to \(report.output): \(failure)")
            }
            for failure in analysis.failures {
                Console.error(failure)
            }
            if !analysis.failures.isEmpty { throw ExitCodes.invalidInput }
            var model = ReportModel(spool: spool, profiles: chosen, policy: policy, revealed: reveal)
            report.present(&model)
            writing = true
            // A shard leaves its parts for `merge`, written and installed with its reports; an unsharded run removes
            // an earlier shard's parts, which `merge` would otherwise take for this run's.
            let parts = shard.map { shard in
                let parts = ReportParts(
                    shard: shard.description, runID: model.runID,
                    suite: suite.members.map { ReportParts.Member(scenario: $0.id, sha256: $0.inputDigest) },
                    profiles: chosen, policy: policy, revealed: reveal)
                return Reports.Companion(format: "parts", fileName: ReportParts.fileName) { [model] sink in
                    try parts.write(model, to: sink)
                }
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

        /// Prints the failures and the summary, and exits with the run's code: shared with `merge`.
        static func finish(_ report: ReportModel, outcomes: [Reports.Outcome], quiet: Bool, verbose: Bool) throws {
            let failedWrites = outcomes.filter { $0.error != nil }
            for outcome in failedWrites {
                Console.error("the \(outcome.format) report was not written: \(outcome.error ?? "")")
            }
            let writerBugs = failedWrites.filter { !$0.isEnvironment }

            var failures = 0
            for outline in report.outlines {
                for run in outline.runs {
                    if verbose {
                        Console.line(
                            "\(outline.id) × \(run.profile): \(run.findings) finding(s), index \(run.score.index), "
                                + "worst \(run.score.worst?.rawValue ?? "none")")
                    }
                    for failure in run.failures {
                        failures += 1
                        Console.line(
                            "\(failure.location.file):\(failure.location.line):\(failure.location.column): error: \(failure.message)"
                        )
                    }
                }
            }
            if !quiet { print(summary(report, written: outcomes.filter { $0.error == nil }.map(\.path))) }
            let review = report.review
            let failing = report.failing
            if let threshold = review.threshold, !failing.isEmpty {
                // Every failing finding, so the log of a failed CI job says what to look at.
                for line in failing { Console.line("fail-on: " + line) }
                let profiles = Set(report.outlines.flatMap(\.runs).filter { !$0.failing.isEmpty }.map(\.profile))
                    .sorted().joined(separator: ", ")
                let which = review.baseline == nil ? "" : "new or more severe "
                Console.line(
                    "fail-on: \(failing.count) \(which)finding(s) at or above \(threshold.rawValue) under \(profiles)")
            }
            if let baseline = review.baseline, !quiet {
                let states = report.baselineStates
                print(
                    "against the baseline \(baseline.path): \(states[.new] ?? 0) new, "
                        + "\(states[.updated] ?? 0) with another severity, "
                        + "\(states[.unchanged] ?? 0) unchanged, \(report.fixed.count) fixed"
                )
            }
            if let accepted = review.accepted {
                // Expired entries and entries that cover nothing are said even with --quiet: the file is a control.
                for note in accepted.notes(matched: report.matchedRisks) { Console.diagnostic(note) }
                if !quiet {
                    print(
                        "accepted risks: \(report.acceptedCount) finding(s) covered by \(accepted.inForce.count) entry(ies) in force "
                            + "on \(accepted.today)")
                }
            }
            let unchecked = report.outlines.flatMap(\.runs).reduce(Unchecked()) { $0 + $1.unchecked }
            if let note = unchecked.note(policy: report.policy.name) {
                // Not a pass: said even with --quiet, so a CI log shows that expectations were set aside.
                Console.line("note: \(note) (report.xml counts them per run; a JUnit report lists them as skipped)")
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
                    throw registry.unknown(name, option: option)
                }
                chosen.append(profile)
            }
            if chosen.isEmpty { throw InputError("\(option) names no profile") }
            return chosen
        }

        /// The summary table: profiles × severity counts, the index against the reference, and the reports written.
        static func summary(_ report: ReportModel, written: [String]) -> String {
            let suite = report.suite
            let width = max(24, (suite.map(\.profile.count).max() ?? 0) + 2)
            func pad(_ text: String, _ count: Int, left: Bool = false) -> String {
                let space = String(repeating: " ", count: max(0, count - text.count))
                return left ? text + space : space + text
            }
            // Against the reference only when it ran: a difference from nothing would read as a measurement.
            let hasReference = suite.contains { $0.profile == referenceProfile }
            var lines = [
                pad("profile", width, left: true) + Severity.allCases.reversed().map { pad($0.rawValue, 9) }.joined()
                    + pad("index", 8) + (hasReference ? "  vs " + referenceProfile : "")
            ]
            for comparison in suite {
                let versus =
                    !hasReference
                    ? ""
                    : comparison.profile == referenceProfile
                        ? "reference" : (comparison.difference >= 0 ? "+" : "") + String(comparison.difference)
                lines.append(
                    pad(comparison.profile, width, left: true)
                        + Severity.allCases.reversed().map { pad(String(comparison.score.counts[$0] ?? 0), 9) }.joined()
                        + pad(String(comparison.score.index), 8) + (hasReference ? "  " + versus : ""))
            }
            lines.append(
                "\(report.outlines.count) scenario(s) × \(suite.count) profile(s)"
                    + (report.revealed ? "; values revealed" : ""))
            for path in written { lines.append("wrote \(path)") }
            return lines.joined(separator: "\n")
        }
    }
}

/// The scenarios of a run analysed as they are loaded, on the loading threads: each prepared for the reports and put
/// in the spool, then dropped; a scenario that cannot be replayed is named, and the run stops before writing.
final class Analysis: @unchecked Sendable {
    private let profiles: [Profile]
    private let policy: Policy
    private let reveal: Bool
    private let spool: ReportSpool
    private let lock = NSLock()
    private var failed: [(folder: String, message: String)] = []
    /// The spool's file failed (a full disk): the file system's failure, said once, and nothing more is analysed.
    private(set) var spoolFailure: SpoolFailure? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = stored ?? newValue } }
    }
    private var stored: SpoolFailure?

    init(profiles: [Profile], policy: Policy, reveal: Bool, spool: ReportSpool) {
        self.profiles = profiles
        self.policy = policy
        self.reveal = reveal
        self.spool = spool
    }

    func add(_ scenario: Scenario) {
        guard spoolFailure == nil else { return }
        do {
            let analysis = try ScenarioAnalysis.analyze(scenario, profiles: profiles, policy: policy, reveal: reveal)
            try spool.add(ReportModel.Prepared(analysis, revealed: reveal))
        } catch let failure as SpoolFailure {
            spoolFailure = failure
        } catch {
            fail(scenario.folder, "\(error)")
        }
    }

    func fail(_ folder: String, _ message: String) { lock.withLock { failed.append((folder, message)) } }

    /// Why scenarios could not be analysed, in the order of their folders.
    var failures: [String] { lock.withLock { failed.sorted { $0.folder < $1.folder }.map(\.message) } }
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
