import ArgumentParser
import Foundation
import Recordings
import Reporting
import SupportScope

extension SupportScopeCommand {
    /// `supportscope audit`: what a deployed tool actually sent, from its own recording.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit what a deployed recorder or co-browsing tool sent, from its recording.",
            subcommands: [RRWeb.self])

        /// `supportscope audit rrweb`: an rrweb recording as the wire of a DOM mirror.
        struct RRWeb: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rrweb",
                abstract: "Audit an rrweb recording: what the recorder sent, with its own masking, as findings.",
                discussion: """
                    Every event that carried page data (snapshots, mutations, inputs, the page's address, the \
                    recorder's own console logs and custom events) is read as a message the agent's side received. \
                    Every value in it that the detectors recognise, that a field of a sensitive class held (the field \
                    classifier on the rebuilt page), or that a secret's name labels (a hidden csrf_token, a URL's \
                    reset_token) becomes a finding under the profile 'recorded', located at the event's line and \
                    column in the recording. Leak vectors (hidden inputs, comments, data-* attributes, titles, URL \
                    queries, srcdoc, frames' documents) are counted in the audit trail. The reports are run's: \
                    --format, --fail-on, --baseline and --accept work as they do there. See docs/RECORDINGS.md.

                    Exit codes: 0 success; 1 the gate failed; 2 invalid input or usage.
                    """)

            @Argument(help: "The recording (rrweb's JSON: an array of events, or an object with 'events').")
            var recording: String

            @Option(help: "The name the reports give the recording (default: derived from its file name).")
            var id: String?

            @OptionGroup var report: ReportOptions

            @OptionGroup var gating: GateOptions

            @Flag(help: "Show the values found in the reports, instead of redacting them; every report says so.")
            var reveal = false

            @Flag(help: "Also print the result per profile.")
            var verbose = false

            func validate() throws {
                if report.quiet, verbose {
                    throw ValidationError("--quiet and --verbose contradict each other; choose one")
                }
            }

            func run() throws {
                let name = id ?? ScenarioTemplates.scenarioID(forFolder: (recording as NSString).deletingPathExtension)
                let read: RRWebRecording
                let audit: RecordingAudit
                do {
                    read = try RRWebReader.read(file: recording)
                    audit = try RRWebAuditor.audit(read, id: name, reveal: reveal)
                } catch {
                    Console.line(error.description)
                    throw ExitCodes.invalidInput
                }
                let profile = RRWebAuditor.profile
                let review = try gating.review(profiles: [profile], registry: nil)
                let (spool, unused) = try report.spool(review: review, parts: false)
                var writing = false
                defer { if !writing { unused() } }
                do {
                    try spool.add(ReportModel.Prepared(audit.analysis, revealed: reveal))
                } catch {
                    throw InputError("cannot write to \(report.output): \(error)")
                }
                if !report.quiet {
                    print("read \(read.events.count) event(s) from \(recording) (sha256 \(read.sha256.prefix(16))…):")
                    for kind in audit.kinds { print("  \(kind.count) × \(kind.kind): \(kind.outcome)") }
                    let items = audit.analysis.scenario.items.reduce(into: [String: Int]()) {
                        $0[$1.dataClass.rawValue, default: 0] += 1
                    }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                    print(
                        "values found as sensitive: "
                            + (items.isEmpty ? "none" : items.joined(separator: ", "))
                            + "; the recorder had masked \(audit.masked) value(s) and blocked \(audit.blocked) element(s)"
                    )
                    if !audit.vectors.isEmpty {
                        print("leak vectors that crossed:")
                        for vector in audit.vectors {
                            print(
                                "  \(vector.count) × \(vector.vector)"
                                    + (vector.holding > 0 ? " (\(vector.holding) holding data found as sensitive)" : "")
                            )
                        }
                    }
                }
                if audit.unclassifiedReads > 0 {
                    // Said, not skipped, even with --quiet: fields there were judged by the detectors and names alone.
                    Console.line(
                        "warning: the field classifier could not read the page whole \(audit.unclassifiedReads) time(s) "
                            + "(nesting past the parser's depth, or an element with too many attributes): fields there "
                            + "were judged by the detectors and their names alone")
                }
                var model = ReportModel(spool: spool, profiles: [profile], policy: .default, revealed: reveal)
                report.present(&model)
                writing = true
                let outcomes = Reports.write(
                    model, formats: report.format.map(\.rawValue), to: report.output, validate: report.checkSchema,
                    companions: [], removing: [ReportParts.fileName],
                    waiting: { if !report.quiet { Console.line($0) } })
                try Run.finish(model, outcomes: outcomes, quiet: report.quiet, verbose: verbose)
            }
        }
    }
}
