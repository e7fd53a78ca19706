import ArgumentParser
import Foundation
import SupportScope

extension SupportScopeCommand {
    /// `supportscope generate`: variants of the library's scenarios, for sensitivity studies and scale tests.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write N variants of the library's scenarios (other synthetic values, page and window titles), deterministic for a seed.",
            discussion: """
                Each variant is a copy of a scenario from --from (chosen by the seed) with new synthetic values of the \
                same shape — Luhn-valid card numbers with the same issuer prefix, IBANs of the same country with valid \
                check digits, national IDs that pass their checks, one-time codes, phones, dates of birth, e-mail \
                addresses, passwords, API keys with their public prefix — and other page titles. Its items, steps, \
                selectors and expectations are the base's, so it validates and its expectations hold. The same seed \
                and count give the same files.
                """)

        // Unconditional, so `--count -1` reaches validate() and is refused as a count, not as a missing value.
        @Option(parsing: .unconditional, help: "How many variants to write.")
        var count: Int

        @Option(help: "The seed; the same seed gives the same variants.")
        var seed: UInt64 = 1

        @Option(name: .customLong("out"), help: "The folder to write the variants into (one sub-folder each).")
        var output: String

        @Option(help: "The scenarios to derive the variants from.")
        var from: String = ToolInfo.defaultScenariosFolder

        func validate() throws {
            guard count >= 1, count <= 1_000_000 else { throw ValidationError("--count must be between 1 and 1000000") }
        }

        func run() throws {
            let suite = ScenarioSuite.load([from])
            for diagnostic in suite.diagnostics where diagnostic.severity == .error {
                Console.diagnostic(diagnostic)
            }
            if suite.diagnostics.hasErrors { throw ExitCodes.invalidInput }
            guard !suite.scenarios.isEmpty else {
                throw InputError("no scenarios under \(from) to derive variants from")
            }
            do {
                let written = try ScenarioGenerator(bases: suite.scenarios, seed: seed).write(count: count, to: output)
                print(
                    "wrote \(written.count) scenario variant(s) into \(output) (seed \(seed), from \(suite.scenarios.count) scenario(s))"
                )
            } catch {
                throw InputError("\(error)")
            }
        }
    }
}
