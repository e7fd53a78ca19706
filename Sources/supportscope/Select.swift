import ArgumentParser
import Foundation
import Markup

extension SupportScopeCommand {
    /// `supportscope select`: try a CSS selector (a masking or blocking rule) against pages.
    struct Select: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the elements a CSS selector matches in HTML pages, with their lines.",
            discussion: """
                Use it to check a masking or blocking selector before putting it in a policy:
                  supportscope select 'input[autocomplete^="cc-" i]' pages/checkout.html
                Prints one line per match: FILE:LINE: <start tag>. Exit 0 when something matched,
                1 when nothing did, 2 when the selector or a page cannot be read.
                """
        )

        /// The selector, e.g. `form#checkout button[type=submit]`.
        @Argument(help: "The CSS selector.")
        var selector: String

        /// The pages to search.
        @Argument(help: "HTML files to search.")
        var files: [String]

        /// Print only the number of matches per file.
        @Flag(help: "Print only the number of matches in each file.")
        var count = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one HTML file.") }
        }

        func run() throws {
            let parsed: Selector
            do {
                parsed = try Selector(selector)
            } catch {
                Console.line(error.rendered())
                throw ExitCodes.invalidInput
            }
            var total = 0
            for file in files {
                let document: Document
                do {
                    document = try Document.parseHTML(contentsOfFile: file)
                } catch {
                    // Markup's errors are already `path: error: …`.
                    Console.line("\(error)")
                    throw ExitCodes.invalidInput
                }
                let matches = document.select(parsed)
                total += matches.count
                if count {
                    Console.out("\(file): \(matches.count)")
                } else {
                    for match in matches {
                        Console.out("\(file):\(match.line.map(String.init) ?? "?"): \(match.startTag)")
                    }
                }
            }
            if total == 0 { throw ExitCodes.findings }
        }
    }
}
