import ArgumentParser
import Foundation
import SupportScope

extension SupportScopeCommand {
    /// `supportscope run`: analyse a suite of scenarios and write the reports.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse the scenarios under PATH and write risk reports.",
            discussion: """
                Scenarios are validated first; any error stops the run with the diagnostics and exit 2.
                This version validates the suite; the replay under the three models and the reports come next.
                """
        )

        /// Folders to search for scenarios (folders holding a scenario.yaml).
        @Argument(help: "Folders to search for scenarios.")
        var paths: [String] = [ToolInfo.defaultScenariosFolder]

        func run() throws {
            let (folders, _) = ScenarioSuite.discover(paths)
            let missing = paths.filter { path in
                var isDirectory: ObjCBool = false
                return !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || !isDirectory.boolValue
            }
            for path in missing {
                FileHandle.standardError.write(Data("\(path): error: no such folder\n".utf8))
            }
            if !missing.isEmpty { throw ExitCodes.invalidInput }
            if folders.isEmpty {
                print("No scenarios yet under \(paths.joined(separator: ", ")): nothing to analyse.")
                return
            }
            let suite = ScenarioSuite.load(paths)
            for diagnostic in suite.diagnostics {
                FileHandle.standardError.write(Data((diagnostic.rendered + "\n").utf8))
            }
            if suite.diagnostics.hasErrors { throw ExitCodes.invalidInput }
            print("Validated \(suite.scenarios.count) scenario(s): \(suite.scenarios.map(\.id).joined(separator: ", ")).")
            print("Replaying them under the support models is not part of this version; no report was written.")
        }
    }
}
