import ArgumentParser
import Foundation
import Reporting
import SupportScope

extension SupportScopeCommand {
    /// `supportscope merge`: one set of reports from the shards of a suite, identical to an unsharded run's.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Combine the reports of `run --shard K/N` jobs into the reports of the whole suite.",
            discussion: """
                Each argument is a shard's report.xml (or its folder); the report.parts.json that `run --shard` wrote \
                beside it holds every scenario as prepared for the reports. The merged reports are byte for byte \
                those an unsharded run of the same suite writes. The shards must have run with the same profiles, \
                policy and --reveal; shards that revealed values are merged only with --reveal here too. A sharded \
                suite is gated here, on the merged result (--fail-on, --gate, --baseline). Exit codes as for run.
                """)

        @Argument(help: "The shards' report.xml files (or their folders).")
        var reports: [String]

        @OptionGroup var report: ReportOptions

        @Flag(help: "Accept shards that revealed planted values (run with --reveal); without it they are refused.")
        var reveal = false

        @OptionGroup var gating: GateOptions

        func run() throws {
            let all = try reports.map(Self.parts)
            guard let first = all.first?.parts else { throw InputError("no shard given") }
            for (_, parts) in all.dropFirst() {
                if parts.toolVersion != first.toolVersion {
                    throw InputError(
                        "the shards were made by different versions (\(first.toolVersion), \(parts.toolVersion))")
                }
                if parts.profiles != first.profiles { throw InputError("the shards ran different profiles") }
                if parts.policy != first.policy { throw InputError("the shards ran under different policies") }
                if parts.revealed != first.revealed { throw InputError("some shards revealed values and some did not") }
            }
            // A parts file that says "revealed" must not turn into revealed reports unless the user asks for that here
            // too: parts can be forged, and reports show values only when asked explicitly.
            if first.revealed && !reveal {
                throw InputError("the shards revealed planted values; merge them with --reveal to write such reports")
            }
            // Every shard lists the suite it was cut from: shards of different suites, or of one suite whose files
            // changed between the jobs, do not merge, and a missing shard is named rather than merged around.
            for (_, parts) in all.dropFirst() where parts.suite != first.suite {
                throw InputError(
                    "shard \(parts.shard) was cut from other inputs than shard \(first.shard) "
                        + "(different scenarios, or their files changed between the jobs)")
            }
            let review = try gating.review(profiles: first.profiles, registry: nil)
            let (spool, unused) = try report.spool(review: review, parts: false)
            var writing = false
            defer { if !writing { unused() } }
            // Each shard's scenarios are read one at a time into the spool: merging holds the outlines, not the suite.
            var seen = Set<String>()
            for (path, parts) in all {
                do {
                    try parts.scenarios(in: path) { prepared in
                        guard seen.insert(prepared.analysis.scenario.id).inserted else {
                            throw InputError("scenario '\(prepared.analysis.scenario.id)' is in more than one shard")
                        }
                        try spool.add(prepared)
                    }
                } catch let error as InputError {
                    throw error
                } catch let failure as SpoolFailure {
                    throw InputError("cannot write to \(report.output): \(failure)")
                } catch {
                    throw InputError("\(path): not the parts of a shard: \(error)")
                }
            }
            let missing = first.suite.map(\.scenario).filter { !seen.contains($0) }
            if !missing.isEmpty {
                let shards = Set(all.map(\.1.shard)).sorted().joined(separator: ", ")
                throw InputError(
                    "\(missing.count) scenario(s) of the suite are in none of the shards given (\(shards)): "
                        + missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
                        + "; give every shard's report")
            }
            var model = ReportModel(
                spool: spool, profiles: first.profiles, policy: first.policy, revealed: first.revealed)
            report.present(&model)
            writing = true
            // Parts come from elsewhere: the XML written from them is checked against its schema, always.
            let outcomes = Reports.write(
                model, formats: report.format.map(\.rawValue), to: report.output, validate: true,
                removing: [ReportParts.fileName],
                waiting: { if !report.quiet { Console.line($0) } })
            try Run.finish(model, outcomes: outcomes, quiet: report.quiet, verbose: false)
        }

        /// The parts a shard left beside its report (`path` is the report or its folder).
        static func parts(_ path: String) throws -> (path: String, parts: ReportParts) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
            let partsPath = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(ReportParts.fileName)
            guard FileManager.default.isReadableFile(atPath: partsPath) else {
                throw InputError(
                    "\(path): no \(ReportParts.fileName) beside it; run the shard with `supportscope run --shard K/N`")
            }
            let parts: ReportParts
            do {
                parts = try ReportParts.header(of: partsPath)
            } catch {
                throw InputError("\(partsPath): not the parts of a shard: \(error)")
            }
            // The reports beside the parts were written with them, under one run id; another id means the folder
            // holds files of two runs.
            for name in Reports.writers.map(\.fileName) {
                let report = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(name)
                if let id = ReportParts.runID(inHeadOf: report), id != parts.runID {
                    throw InputError(
                        "\(report) is from run \(id), but the \(ReportParts.fileName) beside it from run \(parts.runID)"
                    )
                }
            }
            return (partsPath, parts)
        }
    }
}
