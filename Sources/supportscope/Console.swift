import ArgumentParser
import Foundation
import Markup
import Reporting
import SupportScope

/// Everything the command prints to stderr goes through here: diagnostics, errors and notes share one format.
enum Console {
    /// One line on stderr.
    /// Control characters from inputs are shown escaped (see `Escaper.terminal`); the text's own line breaks stay.
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((Escaper.terminal(text, keeping: ["\n", "\t"]) + "\n").utf8))
    }

    /// One line on stdout, escaped like `line`.
    static func out(_ text: String) {
        print(Escaper.terminal(text, keeping: ["\n", "\t"]))
    }

    /// `error: message`.
    static func error(_ message: String) {
        line("error: " + message)
    }

    /// A positioned diagnostic, as `FILE:LINE:COLUMN: severity: message`.
    static func diagnostic(_ diagnostic: Diagnostic) {
        line(diagnostic.rendered)
    }

    /// Text without a line break (a progress bar redrawing itself).
    static func raw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Input the command refuses: `main` prints it as `error: message` and exits 2. Helpers throw it; none exits.
struct InputError: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }
}

/// Exit codes shared by every subcommand; documented in `--help` and the README.
enum ExitCodes {
    /// `run` and `merge`: the gate failed (a finding at or above `--fail-on`); the other commands: what they report
    /// as a failure.
    static let findings = ExitCode(1)
    static let invalidInput = ExitCode(2)
    static let internalError = ExitCode(3)
    /// `run` and `merge`: an expectation of a scenario did not hold (the scenarios' own tests failed).
    static let expectations = ExitCode(4)
    /// `run` and `merge`: both the gate and an expectation failed.
    static let gateAndExpectations = ExitCode(5)
}

/// A report format named on the command line.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case html, xml, json, sarif, junit

    /// `html,xml` as formats, in the order given, each once; an unknown or empty list is a usage error.
    static func list(_ text: String) throws -> [ReportFormat] {
        var formats: [ReportFormat] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() })
        where !name.isEmpty {
            guard let format = ReportFormat(rawValue: name) else {
                throw ValidationError(
                    "unknown report format '\(name)'; the formats are "
                        + ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw ValidationError("--format names no format") }
        return formats
    }
}

extension Severity: ExpressibleByArgument {
    /// A `--fail-on` threshold, with a message that lists the severities.
    static func threshold(_ text: String) throws -> Severity {
        guard let severity = Severity(rawValue: text.lowercased()) else {
            throw ValidationError("--fail-on: unknown severity '\(text)'; use low, medium, elevated, high or critical")
        }
        return severity
    }
}

/// Part K of N of a suite (`--shard 2/4`).
struct Shard: ExpressibleByArgument, CustomStringConvertible {
    let index: Int
    let count: Int

    init?(argument: String) {
        let numbers = argument.split(separator: "/").map { Int($0) }
        guard numbers.count == 2, let index = numbers[0], let count = numbers[1], count >= 1,
            (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    static func parse(_ text: String) throws -> Shard {
        guard let shard = Shard(argument: text) else {
            throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4")
        }
        return shard
    }

    var description: String { "\(index)/\(count)" }

    /// This part of a suite: every Nth scenario by id, from the Kth (a deterministic partition).
    func part(of members: [ScenarioSuite.Member]) -> [ScenarioSuite.Member] {
        members.sorted { $0.id < $1.id }.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}

/// Where `run` and `merge` write their reports and how they finish.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("out"), help: "The folder the reports are written to.")
    var output: String = "Reports"

    @Option(
        help: ArgumentHelp(
            "Report formats, comma-separated: html, xml, json, sarif (code scanning), junit (test dashboards).",
            valueName: "formats"),
        transform: ReportFormat.list)
    var format: [ReportFormat] = [.html, .xml]

    @Flag(name: .customLong("validate"), help: "Check the XML report against its schema before writing it.")
    var checkSchema = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: "The HTML report's title (default: \"What the support agent sees\").")
    var title: String?

    @Option(help: "A line under the title: the audience, the date, the engagement.")
    var subtitle: String?

    @Option(
        help: ArgumentHelp(
            "How much the HTML report holds: full (every step, view and finding) or summary (the summary, the matrix, "
                + "the key findings and one view per scenario).", valueName: "detail"))
    var detail: ReportDetail = .full

    /// Sets the presentation options on `model` (they change how the HTML reads, not what was measured).
    func present(_ model: inout ReportModel) {
        model.title = title
        model.subtitle = subtitle
    }

    /// The spool the run's scenarios are prepared into: each rendered at once into the sections of the formats asked
    /// for (and a shard's parts), in a temporary file in the output folder, which is made now — a folder that cannot
    /// be written is said before the analysis, not after it. `unused` closes the spool and removes again the folders
    /// made here (only empty ones) when the run stops before writing.
    func spool(review: Review, parts: Bool) throws -> (spool: ReportSpool, unused: () -> Void) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw InputError("--out \(output) is a file, not a folder")
        }
        // The folders this run makes, deepest first.
        var made: [String] = []
        var folder = URL(fileURLWithPath: output).standardizedFileURL.path
        while !FileManager.default.fileExists(atPath: folder) {
            made.append(folder)
            let parent = (folder as NSString).deletingLastPathComponent
            if parent == folder { break }
            folder = parent
        }
        let removeMade = { for folder in made { rmdir(folder) } }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let formats = format.compactMap { SectionFormat(rawValue: $0.rawValue) } + (parts ? [.parts] : [])
            let spool = try ReportSpool(
                context: ReportContext(detail: detail, review: review), formats: formats, spillingIn: output)
            return (
                spool,
                {
                    spool.discard()
                    removeMade()
                }
            )
        } catch {
            removeMade()
            throw InputError("cannot write to \(output): \(error)")
        }
    }
}

extension ReportDetail: ExpressibleByArgument {}

/// The gate a CI job sets on `run` and `merge`: `--fail-on`, the profiles it looks at, and a baseline.
struct GateOptions: ParsableArguments {
    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 1 when a finding at or above this severity exists for a gated profile (with --baseline: a new one).",
            valueName: "low|medium|elevated|high|critical"), transform: Severity.threshold)
    var failOn: Severity?

    @Option(
        help: ArgumentHelp(
            "The profiles --fail-on looks at, comma-separated (default: every profile run).", valueName: "profiles"))
    var gate: String?

    @Option(
        help: ArgumentHelp(
            "An earlier run's report.json (or its folder): findings are new, unchanged or fixed by their stable ids, "
                + "and --fail-on gates only new ones.", valueName: "path"))
    var baseline: String?

    @Option(
        help: ArgumentHelp(
            "A YAML file of accepted risks (by finding id or pattern, with status, justification, owner and expiry; "
                + "docs/CI.md): they stay in the reports, marked, and are left out of the gate.", valueName: "file"))
    var accept: String?

    @Option(
        help: ArgumentHelp(
            "The day --accept judges expiry on, YYYY-MM-DD (default: today, UTC): for a reproducible rerun.",
            valueName: "date"))
    var today: String?

    func validate() throws {
        if let today, !AcceptedRisks.isDate(today) { throw ValidationError("--today must be a date, YYYY-MM-DD") }
        if today != nil, accept == nil { throw ValidationError("--today needs --accept") }
        if gate != nil, failOn == nil { throw ValidationError("--gate needs --fail-on") }
    }

    /// The review for a run of `profiles`: an unknown or unrun gated profile, or an unreadable baseline, is refused.
    func review(profiles: [Profile], registry: ProfileRegistry?) throws -> Review {
        var gated = profiles.map(\.name)
        if let gate {
            let names = gate.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            if names.isEmpty { throw InputError("--gate names no profile") }
            for name in names where !gated.contains(name) {
                if let registry, registry.profile(named: name) == nil { throw registry.unknown(name, option: "--gate") }
                throw InputError("--gate names '\(name)', which the run does not have")
            }
            gated = gated.filter(names.contains)
        }
        let baseline: Baseline?
        do {
            baseline = try self.baseline.map(Baseline.load)
        } catch {
            throw InputError("--baseline: \(error)")
        }
        var accepted: AcceptedRisks?
        if let accept {
            let (risks, diagnostics) = AcceptedRisks.load(file: accept, today: today ?? AcceptedRisks.today())
            for diagnostic in diagnostics where diagnostic.severity == .error { Console.diagnostic(diagnostic) }
            guard let risks else { throw ExitCodes.invalidInput }
            accepted = risks
        }
        return Review(threshold: failOn, gated: gated, baseline: baseline, accepted: accepted)
    }
}

extension ProfileRegistry {
    /// The error for a profile name it does not know, with the closest name it does: `unknown profile
    /// 'cobrowse-standrad' (did you mean 'cobrowse-standard'?)`.
    func unknown(_ name: String, option: String? = nil) -> InputError {
        InputError(
            (option.map { "\($0): " } ?? "") + "unknown profile '\(name)'"
                + SchemaReader.suggestion(for: name, among: knownNames) + "; `supportscope models` lists them")
    }
}
