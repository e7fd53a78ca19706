import ArgumentParser
import Foundation
import SupportScope

extension SupportScopeCommand {
    /// `supportscope run`: analyse a suite of scenarios and write the reports.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse the scenarios under PATH and write risk reports.",
            discussion: "Until the scenario runner lands, this finds the scenario folders and says what it found."
        )

        /// Folders to search for scenarios (folders holding a scenario.yaml).
        @Argument(help: "Folders to search for scenarios.")
        var paths: [String] = [ToolInfo.defaultScenariosFolder]

        func run() throws {
            var found: [String] = []
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    FileHandle.standardError.write(Data("\(path): error: no such folder\n".utf8))
                    throw ExitCodes.invalidInput
                }
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let entry = enumerator?.nextObject() as? String {
                    if (entry as NSString).lastPathComponent == "scenario.yaml" {
                        found.append((path as NSString).appendingPathComponent((entry as NSString).deletingLastPathComponent))
                    }
                }
            }
            if found.isEmpty {
                print("No scenarios yet under \(paths.joined(separator: ", ")): nothing to analyse.")
                return
            }
            print("Found \(found.count) scenario folder(s):")
            for folder in found.sorted() { print("  \(folder)") }
            print("The scenario runner is not part of this version; no report was written.")
        }
    }
}
