import ArgumentParser
import Foundation
import Reporting
import SupportScope

extension SupportScopeCommand {
    /// `supportscope init`: scaffold a new scenario that validates as it is.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new scenario folder from a template.",
            discussion:
                "Templates: \(ScenarioTemplates.names.joined(separator: ", ")). The scenario id is derived from the folder name."
        )

        /// The new scenario's folder.
        @Argument(help: "The folder to create, e.g. Scenarios/checkout-help.")
        var folder: String

        /// Which template to start from.
        @Option(help: "The template: \(ScenarioTemplates.names.joined(separator: " or ")).")
        var template = "web-checkout"

        func run() throws {
            do {
                let written = try ScenarioTemplates.create(template, in: folder)
                print("Created \(folder) from the \(template) template:")
                for file in written { print("  \(folder)/\(file)") }
                print("Next: edit \(folder)/scenario.yaml, then run `supportscope validate \(folder)`.")
            } catch {
                Console.line("\(folder): error: \(error)")
                throw ExitCodes.invalidInput
            }
        }
    }

    /// `supportscope schema`: print the scenario format's JSON Schema or Markdown reference.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print a file format (a scenario, a policy, accepted risks) as a JSON Schema (for editors) or as its Markdown key reference."
        )

        /// What to print.
        enum Format: String, CaseIterable, ExpressibleByArgument {
            case jsonSchema = "json-schema", markdown
        }

        /// Which file's format.
        enum Document: String, CaseIterable, ExpressibleByArgument {
            case scenario, policy
            case acceptedRisks = "accepted-risks"
        }

        /// `json-schema` or `markdown`.
        @Option(help: "json-schema or markdown.")
        var format: Format = .jsonSchema

        @Option(
            name: .customLong("of"),
            help: "scenario (scenario.yaml), policy (the file of --policy) or accepted-risks (the file of --accept).")
        var document: Document = .scenario

        func run() {
            switch (document, format) {
            case (.acceptedRisks, .jsonSchema): print(AcceptedRisks.jsonSchema(), terminator: "")
            case (.acceptedRisks, .markdown): print(AcceptedRisks.markdownReference(), terminator: "")
            case (.policy, .jsonSchema): print(Policy.jsonSchema(), terminator: "")
            case (.policy, .markdown): print(Policy.markdownReference(), terminator: "")
            case (.scenario, .jsonSchema): print(FormatDocumentation.jsonSchema(), terminator: "")
            case (.scenario, .markdown): print(FormatDocumentation.markdownReference())
            }
        }
    }
}
