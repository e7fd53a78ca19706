import ArgumentParser
import Foundation
import SupportScope

extension SupportScopeCommand {
    /// `supportscope validate`: check scenarios without running them.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check scenarios strictly and report every problem with its file, line and column.",
            discussion: """
                Finds every folder holding a scenario.yaml under the paths and checks it: keys and types,
                references, placeholders, planted values (Luhn, IBAN), files, and selectors against the pages.
                Exit 0 when there is no error, 2 when there is one (with --strict, warnings count as errors).
                """
        )

        /// Diagnostic output formats.
        enum Format: String, CaseIterable, ExpressibleByArgument {
            case text, json
        }

        /// Folders to search for scenarios.
        @Argument(help: "Scenario folders, or folders to search for them.")
        var paths: [String] = [ToolInfo.defaultScenariosFolder]

        /// `text` for people, `json` for tools.
        @Option(help: "Output format: text (with source snippets) or json.")
        var format: Format = .text

        /// Treat warnings as errors.
        @Flag(help: "Treat warnings as errors.")
        var strict = false

        /// A folder of extra profiles whose names expectations may use.
        @Option(name: .customLong("profiles-dir"), help: "A folder of extra profile files; expectations may name them.")
        var profilesDirectory: String?

        func run() throws {
            let registry = ProfileRegistry.load(userFolder: profilesDirectory)
            for diagnostic in registry.diagnostics { Console.diagnostic(diagnostic) }
            if registry.diagnostics.hasErrors { throw ExitCodes.invalidInput }
            let known = Array(Set(ScenarioFormat.knownProfiles + registry.profiles.map(\.name))).sorted()
            // Only the diagnostics are kept: a suite of any size is checked in the memory of a few scenarios, on
            // every core (the diagnostics come out sorted, the same for any number of threads).
            let suite = ScenarioSuite.stream(
                paths, loader: ScenarioLoader(knownProfiles: known), jobs: ProcessInfo.processInfo.activeProcessorCount,
                stopAtFirstError: false
            ) { _, _ in }
            let errors = suite.diagnostics.filter { $0.severity == .error }.count
            let warnings = suite.diagnostics.count - errors
            switch format {
            case .text:
                for diagnostic in suite.diagnostics {
                    Console.diagnostic(diagnostic)
                }
                print("Checked \(suite.folders.count) scenario(s): \(errors) error(s), \(warnings) warning(s).")
            case .json:
                print(try ValidationReport(suite: suite, errors: errors, warnings: warnings).json())
            }
            if errors > 0 || (strict && warnings > 0) { throw ExitCodes.invalidInput }
        }
    }
}

/// The JSON `validate --format json` prints.
struct ValidationReport: Encodable {
    let scenarios: [String]
    let errors: Int
    let warnings: Int
    let diagnostics: [Diagnostic]

    init(suite: ScenarioSuite.Streamed, errors: Int, warnings: Int) {
        scenarios = suite.folders
        self.errors = errors
        self.warnings = warnings
        diagnostics = suite.diagnostics
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
