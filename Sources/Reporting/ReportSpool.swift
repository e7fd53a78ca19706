import Foundation
import SupportScope

/// How the reports show and judge findings, fixed before the first scenario is prepared: each scenario's sections are
/// rendered with it as soon as the scenario is analysed.
public struct ReportContext: Sendable {
    /// How much the HTML report holds.
    public var detail: ReportDetail
    /// The gate, the baseline and the accepted risks the findings are judged by.
    public var review: Review

    /// A context: full detail and no review unless given.
    public init(detail: ReportDetail = .full, review: Review = Review()) {
        self.detail = detail
        self.review = review
    }
}

/// A scenario's own part of one report file, rendered on its own: its HTML section, its XML and JSON `scenario`
/// element, its SARIF results, its JUnit test suites, and its entry in a shard's `report.parts.json`.
public enum SectionFormat: String, CaseIterable, Sendable {
    case html, xml, json, sarif, junit, parts
}

/// What the reports' whole-suite parts read of one scenario — the contents, the matrix, the summary and its cards,
/// the gate, the inputs — kept for every scenario of a run, while its own sections wait in the spool.
public struct ScenarioOutline: Sendable {
    public let input: ReportModel.Input
    public let title: String
    public let domain: String?
    /// The scenario's folder as the reports print it.
    public let folder: String
    public let runs: [RunOutline]
    /// The baseline's findings for this scenario's runs that the run no longer has (SARIF's `absent`).
    public let fixed: [Baseline.Entry]
    /// The JUnit test cases and failed ones of its suites (zero unless the JUnit report is prepared).
    var junit = (tests: 0, failures: 0, skipped: 0)

    /// The scenario's id.
    public var id: String { input.scenario }

    init(_ prepared: ReportModel.Prepared, context: ReportContext, baseline: [Baseline.Entry]) {
        let analysis = prepared.analysis
        input = prepared.input
        title = analysis.scenario.title
        domain = analysis.scenario.domain
        folder = analysis.scenario.folder
        runs = analysis.profiles.map {
            RunOutline(
                $0, items: analysis.scenario.items.count, unchecked: $0.unchecked(in: analysis.scenario),
                review: context.review)
        }
        let present = Set(analysis.profiles.flatMap(\.findings).map(\.id))
        let profiles = Set(analysis.profiles.map(\.run.profile))
        fixed = baseline.filter { profiles.contains($0.profile) && !present.contains($0.id) }
            .sorted { ($0.profile, $0.id) < ($1.profile, $1.id) }
    }
}

/// One profile's run of a scenario as the whole-suite parts of the reports read it.
public struct RunOutline: Sendable {
    public let profile: String
    public let model: ModelKind
    public let score: Score
    /// How many findings the run had.
    public let findings: Int
    public let failures: [ExpectationFailure]
    /// Expectation entries not checked: they hold only under policies other than the run's.
    public let unchecked: Unchecked
    /// The run's part of its profile's summary card.
    let tally: ReportDigest.Tally
    /// The findings that fail the gate, each as the gate prints it (`GateLine`).
    public let failing: [String]
    /// The findings per state against the baseline (none without one).
    public let states: [Baseline.State: Int]
    /// How many findings an accepted risk covers.
    public let accepted: Int
    /// The accepted-risk entries in force (by index) that match a finding of the run, covering it or not.
    let matched: Set<Int>
    /// The SARIF rules of the findings, each with its highest severity.
    let rules: [String: Severity]

    init(_ result: ProfileAnalysis, items: Int, unchecked: Unchecked, review: Review) {
        profile = result.run.profile
        self.unchecked = unchecked
        model = result.run.model
        score = result.score
        findings = result.findings.count
        failures = result.failures
        tally = ReportDigest.Tally(result, items: items)
        var failing: [String] = []
        var states: [Baseline.State: Int] = [:]
        var accepted = 0
        var matched = Set<Int>()
        var rules: [String: Severity] = [:]
        for finding in result.findings {
            if review.fails(finding) { failing.append(GateLine.text(finding)) }
            if let state = review.state(of: finding) { states[state, default: 0] += 1 }
            if review.acceptance(of: finding) != nil { accepted += 1 }
            if let risks = review.accepted { matched.formUnion(risks.matching(finding)) }
            let rule = SARIFReportWriter.Rule.id(finding)
            rules[rule] = max(rules[rule] ?? finding.severity, finding.severity)
        }
        self.failing = failing
        self.states = states
        self.accepted = accepted
        self.matched = matched
        self.rules = rules
    }
}

/// The scenarios of a run collected for the reports one at a time, from any thread: each is outlined and rendered
/// into the sections of the formats asked for as soon as it is prepared, the sections go to the store (a temporary
/// file for a run, so a suite's memory holds only its outlines), and the prepared scenario is dropped.
public final class ReportSpool: @unchecked Sendable {
    /// How the sections are rendered.
    public let context: ReportContext
    /// The sections rendered for each scenario.
    public let formats: [SectionFormat]
    private let store: SectionStore
    private let lock = NSLock()
    private var outlines: [String: ScenarioOutline] = [:]

    /// A spool rendering `formats` with `context`, its sections in a temporary file in `folder` (removed from the
    /// folder at once; the space is freed when the spool goes), or in memory without a folder.
    public init(context: ReportContext = ReportContext(), formats: [SectionFormat], spillingIn folder: String?) throws {
        self.context = context
        self.formats = formats
        store = try SectionStore(spillingIn: folder)
    }

    /// Outlines `prepared`, renders its sections and keeps them; a scenario id given twice is refused.
    public func add(_ prepared: ReportModel.Prepared) throws {
        let id = prepared.input.scenario
        var outline = ScenarioOutline(
            prepared, context: context, baseline: context.review.baseline?.entries.of(scenario: id) ?? [])
        var sections: [(SectionFormat, String)] = []
        for format in formats {
            switch format {
            case .html: sections.append((format, HTMLSection.render(prepared, context: context)))
            case .xml:
                sections.append((format, try ReportContent.scenarioXML(prepared.analysis, review: context.review)))
            case .json:
                sections.append((format, try ReportContent.scenarioJSON(prepared.analysis, review: context.review)))
            case .sarif:
                sections.append((format, SARIFReportWriter.results(prepared.analysis, context: context)))
            case .junit:
                let suites = try JUnitReportWriter.suites(prepared.analysis, review: context.review)
                outline.junit = (suites.tests, suites.failures, suites.skipped)
                sections.append((format, suites.text))
            case .parts: sections.append((format, try ReportParts.line(prepared)))
            }
        }
        try lock.withLock {
            guard outlines[id] == nil else {
                throw ReportError(description: "scenario '\(id)' was prepared twice for one report")
            }
            outlines[id] = outline
        }
        do {
            try store.put(id, sections)
        } catch {
            lock.withLock { outlines[id] = nil }
            throw error
        }
    }

    /// The outlines so far, by scenario id.
    var sorted: [ScenarioOutline] { lock.withLock { outlines.values.sorted { $0.id < $1.id } } }

    /// Closes the spool's file, for a run that stops before writing: nothing is read from it again.
    public func discard() { store.release() }

    /// How many scenarios the spool holds.
    public var count: Int { lock.withLock { outlines.count } }

    /// The section of `format` for scenario `id`.
    func section(_ format: SectionFormat, of id: String) throws -> String {
        guard formats.contains(format) else {
            throw ReportError(description: "the \(format.rawValue) report was not prepared for this run")
        }
        return try store.get(id, format)
    }
}

/// The spool's temporary file could not be made, written or read: the file system's failure, not the input's.
public struct SpoolFailure: Error, CustomStringConvertible {
    public let description: String
}

/// Where a spool's sections wait until the reports are written: a temporary file, unlinked as soon as it is opened
/// (nothing is left behind, whatever ends the process — except on NFS, which keeps an open unlinked file as
/// `.nfs…` until it is closed), or memory. The first failure of the file sticks: every later call reports it.
final class SectionStore: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32?
    private let spilled: Bool
    private var memory: [UInt8] = []
    private var end = 0
    private var places: [String: [SectionFormat: Range<Int>]] = [:]
    private var failure: SpoolFailure?

    init(spillingIn folder: String?) throws {
        spilled = folder != nil
        guard let folder else { return }
        var template = Array((folder as NSString).appendingPathComponent(".supportscope-spool-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw SpoolFailure(
                description: "cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))")
        }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        self.descriptor = descriptor
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// Closes the file (its space is freed): the store is not used again.
    func release() {
        lock.withLock {
            if let descriptor { close(descriptor) }
            descriptor = nil
            failure = failure ?? SpoolFailure(description: "the report's temporary file was closed")
        }
    }

    /// `transfer` over the whole of `count` bytes at `offset`, retried where a signal interrupted it.
    private func whole(_ count: Int, _ what: String, _ transfer: (Int) -> Int) throws {
        var done = 0
        while done < count {
            let moved = transfer(done)
            if moved < 0, errno == EINTR { continue }
            guard moved > 0 else {
                let reason = moved == 0 ? "the file ended early" : String(cString: strerror(errno))
                let failed = SpoolFailure(description: "cannot \(what) the report's temporary file: \(reason)")
                failure = failure ?? failed
                throw failed
            }
            done += moved
        }
    }

    func put(_ id: String, _ sections: [(SectionFormat, String)]) throws {
        var bytes: [UInt8] = []
        var ranges: [SectionFormat: Range<Int>] = [:]
        for (format, text) in sections {
            ranges[format] = bytes.count..<(bytes.count + text.utf8.count)
            bytes += text.utf8
        }
        try lock.withLock {
            if let failure { throw failure }
            let start = end
            if spilled {
                guard let descriptor else { throw SpoolFailure(description: "the report's temporary file is closed") }
                try bytes.withUnsafeBytes { buffer in
                    try whole(buffer.count, "write") { done in
                        pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(start + done))
                    }
                }
            } else {
                memory += bytes
            }
            end += bytes.count
            places[id] = ranges.mapValues { ($0.lowerBound + start)..<($0.upperBound + start) }
        }
    }

    func get(_ id: String, _ format: SectionFormat) throws -> String {
        try lock.withLock {
            if let failure { throw failure }
            guard let range = places[id]?[format] else {
                throw ReportError(description: "no \(format.rawValue) section for scenario '\(id)'")
            }
            guard spilled else { return String(decoding: memory[range], as: UTF8.self) }
            guard let descriptor else { throw SpoolFailure(description: "the report's temporary file is closed") }
            var bytes = [UInt8](repeating: 0, count: range.count)
            try bytes.withUnsafeMutableBytes { buffer in
                try whole(buffer.count, "read") { done in
                    pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(range.lowerBound + done))
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
