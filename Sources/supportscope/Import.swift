import ArgumentParser
import Foundation
import Recordings
import SupportScope

extension SupportScopeCommand {
    /// `supportscope import`: real sessions as scenarios.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a recorded session into a scenario folder.", subcommands: [RRWeb.self])

        /// `supportscope import rrweb`: an rrweb recording as a scenario.
        struct RRWeb: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rrweb",
                abstract: "Turn an rrweb recording (a JSON array of events) into a scenario that replays it.",
                discussion: """
                    The pages are rebuilt from each full snapshot (later ones become navigations), the customer's \
                    steps from input, click and scroll events, the page's own changes from mutations, and the timing \
                    from the timestamps. Every value the detectors recognise in the recording, and every unmasked \
                    password field's value, becomes a planted item: the scenario holds them, reports redact them. \
                    Each kind of event read is listed with what became of it. The scenario is validated as written; \
                    see docs/RECORDINGS.md.
                    """)

            @Argument(help: "The recording (rrweb's JSON: an array of events, or an object with 'events').")
            var recording: String

            @Option(name: .customLong("out"), help: "The scenario folder to create (it must not exist or be empty).")
            var output: String

            @Option(help: "The scenario id (default: derived from the folder's name).")
            var id: String?

            func run() throws {
                let read: RRWebRecording
                let imported: ImportedScenario
                do {
                    read = try RRWebReader.read(file: recording)
                    imported = try RRWebImporter.scenario(
                        from: read, id: id ?? ScenarioTemplates.scenarioID(forFolder: output))
                } catch {
                    Console.line(error.description)
                    throw ExitCodes.invalidInput
                }
                try write(imported)
                let loaded = ScenarioLoader().load(folder: output)
                for diagnostic in loaded.diagnostics { Console.diagnostic(diagnostic) }
                print("read \(read.events.count) event(s) from \(recording) (sha256 \(read.sha256.prefix(16))…):")
                for kind in imported.kinds {
                    print("  \(kind.count) × \(kind.kind): \(kind.outcome)")
                }
                if imported.frameDocuments > 0 {
                    // Said, not skipped: exposure inside those frames is not measured by the scenario.
                    Console.line(
                        "warning: the recording attaches \(imported.frameDocuments) frame document(s) whose content is not "
                            + "imported yet: what they show is not in the scenario (docs/RECORDINGS.md)")
                }
                let items = imported.itemClasses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                print(
                    "wrote \(output): \(imported.pages.count) page(s), \(imported.steps) step(s), "
                        + (items.isEmpty ? "no planted item" : "planted items: " + items.joined(separator: ", ")))
                if loaded.diagnostics.hasErrors || loaded.diagnostics.contains(where: { $0.severity == .warning }) {
                    Console.line(
                        "the imported scenario does not validate cleanly (above); please report the recording's shape")
                    throw ExitCodes.invalidInput
                }
                print("next: supportscope explain \(output) --profile cobrowse-standard,screenshare-fullscreen")
            }

            private func write(_ imported: ImportedScenario) throws {
                let manager = FileManager.default
                if let existing = try? manager.contentsOfDirectory(atPath: output), !existing.isEmpty {
                    throw InputError("\(output) already exists and is not empty; choose a new folder")
                }
                do {
                    try manager.createDirectory(
                        atPath: output + "/pages", withIntermediateDirectories: true)
                    for page in imported.pages {
                        try Data(page.html.utf8).write(to: URL(fileURLWithPath: output + "/" + page.path))
                    }
                    try Data(imported.yaml.utf8).write(to: URL(fileURLWithPath: output + "/scenario.yaml"))
                } catch {
                    throw InputError("cannot write \(output): \(error.localizedDescription)")
                }
            }
        }
    }
}
