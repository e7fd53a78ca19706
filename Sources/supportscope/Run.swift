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

        @Flag(help: "Show planted values (synthetic test data) in the reports, for demos; every report says so.")
        var reveal = false

        @Flag(help: "Check the XML report against its schema before writing it.")
        var validate = false

        func run() throws {
            let (registry, policy) = try options.load()
            let names = profiles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var chosen: [Profile] = []
            for name in names {
                guard let profile = registry.profile(named: name) else { usage("unknown profile '\(name)'; `supportscope models` lists them") }
                chosen.append(profile)
            }
            if chosen.isEmpty { usage("--profiles names no profile") }
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            for name in formats where Reports.writer(for: name) == nil { usage("unknown report format '\(name)'; the formats are html, xml, json") }
            if formats.isEmpty { usage("--format names no format") }

            let (folders, _) = ScenarioSuite.discover(paths)
            let missing = paths.filter { path in
                var isDirectory: ObjCBool = false
                return !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue
            }
            for path in missing { FileHandle.standardError.write(Data("\(path): error: no such folder\n".utf8)) }
            if !missing.isEmpty { throw ExitCodes.invalidInput }
            if folders.isEmpty {
                print("No scenarios under \(paths.joined(separator: ", ")): nothing to analyse.")
                return
            }
            let known = Array(Set(ScenarioFormat.knownProfiles + registry.profiles.map(\.name))).sorted()
            let suite = ScenarioSuite.load(paths, loader: ScenarioLoader(knownProfiles: known))
            for diagnostic in suite.diagnostics { FileHandle.standardError.write(Data((diagnostic.rendered + "\n").utf8)) }
            if suite.diagnostics.hasErrors { throw ExitCodes.invalidInput }

            var analyses: [ScenarioAnalysis] = []
            for scenario in suite.scenarios {
                do {
                    analyses.append(try ScenarioAnalysis.analyze(scenario, profiles: chosen, policy: policy, reveal: reveal))
                } catch {
                    FileHandle.standardError.write(Data("\(scenario.folder): error: \(error)\n".utf8))
                    throw ExitCodes.invalidInput
                }
            }
            let report = ReportModel(scenarios: analyses, profiles: chosen, policy: policy, revealed: reveal)
            let outcomes = Reports.write(report, formats: formats, to: output, validate: validate)
            var failed = false
            for outcome in outcomes {
                if let error = outcome.error {
                    FileHandle.standardError.write(Data("error: the \(outcome.format) report was not written: \(error)\n".utf8))
                    failed = true
                } else {
                    print("wrote \(outcome.path)")
                }
            }
            if failed {
                FileHandle.standardError.write(Data("This is a bug in supportscope: please report it with the command line and the scenarios.\n".utf8))
                throw ExitCodes.internalError
            }
            if analyses.contains(where: { $0.profiles.contains { !$0.failures.isEmpty } }) { throw ExitCodes.findings }
        }

        func usage(_ message: String) -> Never {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            Self.exit(withError: ExitCodes.invalidInput)
        }
    }
}
