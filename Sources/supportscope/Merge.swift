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
                policy and --reveal. Exit codes as for run.
                """)

        @Argument(help: "The shards' report.xml files (or their folders).")
        var reports: [String]

        @Option(name: .customLong("out"), help: "The folder the merged reports are written to.")
        var output: String = "Reports"

        @Option(help: "Report formats, comma-separated: html, xml, json.")
        var format: String = "html,xml"

        @Flag(help: "Check the XML report against its schema before writing it.")
        var validate = false

        @Flag(help: "Print nothing but errors.")
        var quiet = false

        func run() throws {
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            for name in formats where Reports.writer(for: name) == nil { invalidInput("unknown report format '\(name)'; the formats are html, xml, json") }
            var all: [ReportParts] = []
            for path in reports {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
                let partsPath = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(ReportParts.fileName)
                guard let data = FileManager.default.contents(atPath: partsPath) else {
                    invalidInput("\(path): no \(ReportParts.fileName) beside it; run the shard with `supportscope run --shard K/N`")
                }
                do {
                    all.append(try ReportParts.decode(data))
                } catch {
                    invalidInput("\(partsPath): not the parts of a shard: \(error)")
                }
            }
            guard let first = all.first else { invalidInput("no shard given") }
            for parts in all.dropFirst() {
                if parts.toolVersion != first.toolVersion { invalidInput("the shards were made by different versions (\(first.toolVersion), \(parts.toolVersion))") }
                if parts.profiles != first.profiles { invalidInput("the shards ran different profiles") }
                if parts.policy != first.policy { invalidInput("the shards ran under different policies") }
                if parts.revealed != first.revealed { invalidInput("some shards revealed values and some did not") }
            }
            let prepared = all.flatMap(\.scenarios)
            var seen = Set<String>()
            for scenario in prepared where !seen.insert(scenario.analysis.scenario.id).inserted {
                invalidInput("scenario '\(scenario.analysis.scenario.id)' is in more than one shard")
            }
            let report = ReportModel(prepared: prepared, profiles: first.profiles, policy: first.policy, revealed: first.revealed)
            let outcomes = Reports.write(report, formats: formats, to: output, validate: validate)
            try Run.finish(report, outcomes: outcomes, threshold: nil, gated: [], quiet: quiet, verbose: false)
        }

        func invalidInput(_ message: String) -> Never {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            Self.exit(withError: ExitCodes.invalidInput)
        }
    }
}
