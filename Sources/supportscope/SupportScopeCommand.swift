import ArgumentParser
import Foundation
import Installation
import SupportScope

/// The `supportscope` command: a dispatcher over subcommands, each in its own file.
@main
struct SupportScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supportscope",
        abstract:
            "Measure what a support agent sees, reaches and can do under co-browsing, screen sharing and remote desktop.",
        discussion: """
            Exit codes:
              0  success
              1  the command ran and found what it reports as a failure (for 'run', 'merge' and 'audit': the --fail-on
                 gate failed; for 'select': no element matched)
              2  invalid input or usage (the message names the file, line and column)
              3  internal error (please report it with the command line and input)
              4  'run', 'merge' and 'explain': an expectation of a scenario failed
              5  'run' and 'merge': both the gate and an expectation failed
            """,
        version: ToolInfo.version,
        subcommands: [
            Run.self, Validate.self, Init.self, Schema.self, Models.self, Explain.self, Inspect.self, Select.self,
            Screen.self, Generate.self, Merge.self, Diff.self, Import.self, Audit.self, Export.self,
        ]
    )

    /// Runs the command; a mistake on the command line exits 2, as documented, not ArgumentParser's 64, and a refused
    /// input (`InputError`) is printed once, here.
    static func main() {
        do {
            var command = try parseAsRoot()
            // Checked once here, so a binary copied away from its resources says so instead of stopping mid-run.
            let missing = ResourceBundles.missing()
            guard missing.isEmpty || command is Schema else { throw InputError(ResourceBundles.problem(missing)) }
            try command.run()
        } catch let error as InputError {
            Console.error(error.description)
            Foundation.exit(ExitCodes.invalidInput.rawValue)
        } catch {
            if exitCode(for: error).rawValue == 64 {
                Console.line(fullMessage(for: error))
                Foundation.exit(ExitCodes.invalidInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
