import ArgumentParser
import Foundation
import Recordings
import SupportScope

extension SupportScopeCommand {
    /// `supportscope export`: a scenario's session as another tool's recording.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write what a scenario's session sent as a recording other tools read.", subcommands: [RRWeb.self]
        )

        /// `supportscope export rrweb`: a co-browsing run's wire as rrweb events.
        struct RRWeb: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rrweb",
                abstract: "Replay a scenario under a co-browsing profile and write what crossed as an rrweb recording.",
                discussion: """
                    The page's address becomes a Meta event, each snapshot a FullSnapshot, each change a Mutation, \
                    each field value an Input event, the customer's clicks and scrolls their events, timed by the \
                    scenario's steps: what a recorder with the profile's masking would have sent. cobrowse-naive \
                    (the default) sends the page as it is, as rrweb's defaults nearly do. `import rrweb` and \
                    `audit rrweb` read the result; see docs/RECORDINGS.md.
                    """)

            @Argument(help: "The scenario folder.")
            var scenario: String

            @Option(help: "The co-browsing profile whose wire is written.")
            var profile = "cobrowse-naive"

            @OptionGroup var options: ProfileOptions

            @Option(name: .customLong("out"), help: "The recording to write (JSON).")
            var output: String

            func run() throws {
                let (registry, policy) = try options.load()
                guard let chosen = registry.profile(named: profile) else {
                    throw registry.unknown(profile, option: "--profile")
                }
                let loaded = ScenarioLoader(knownProfiles: registry.knownNames, knownPolicies: policy.knownNames)
                    .load(folder: scenario)
                for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
                    Console.diagnostic(diagnostic)
                }
                guard let read = loaded.scenario, !loaded.diagnostics.hasErrors else { throw ExitCodes.invalidInput }
                let export: RRWebExporter.Export
                do {
                    export = try RRWebExporter.recording(
                        of: Replay.run(read, profile: chosen, policy: policy), scenario: read)
                } catch let failure as RRWebExporter.Failure {
                    throw InputError(failure.description)
                }
                do {
                    try Data(export.json.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw InputError("cannot write \(output): \(error.localizedDescription)")
                }
                print("wrote \(output): \(export.events) event(s), \(read.id) under \(chosen.name)")
                for (what, count) in export.notCarried.sorted(by: { $0.key < $1.key }) {
                    print("  not carried: \(count) × \(what)")
                }
            }
        }
    }
}
