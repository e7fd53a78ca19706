import ArgumentParser
import Foundation
import Markup
import SupportScope

extension SupportScopeCommand {
    /// `supportscope screen`: a page as the screen-sharing and remote-desktop models draw it.
    struct Screen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print HTML pages as a shared screen shows them: the lines the screen models draw.",
            discussion: """
                Use it to see what a screen share of a page shows once the page's own CSS has hidden what it
                hides (display, visibility, the hidden attribute, @media for the window's size):
                  supportscope screen pages/profile.html
                Prints every line of the page, not only the first screenful, as FILE:LINE: text, where LINE is
                the page line of the element that starts the screen line. Values the detectors recognise are
                redacted unless --reveal is given. Exit 2 when a page cannot be read.
                """
        )

        @Argument(help: "HTML files to draw.")
        var files: [String]

        @Option(help: "The browser window's width in CSS pixels (text wraps at one character per 8 px).")
        var width = 1280

        @Option(help: "The viewport's height in CSS pixels, for @media height and orientation queries.")
        var height = 720

        @Flag(help: "Print recognised values (card numbers, IBANs, ...) instead of redacting them.")
        var reveal = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one HTML file.") }
            if !(64...100_000).contains(width) || !(64...100_000).contains(height) {
                throw ValidationError("--width and --height must be between 64 and 100000 pixels.")
            }
        }

        func run() throws {
            let redactor = TextRedactor(items: [])
            for file in files {
                let document: Document
                do {
                    document = try Document.parseHTML(contentsOfFile: file)
                } catch {
                    throw InputError("\(file): \(error)")
                }
                for (line, text) in Compositor.pageLines(of: document, width: width, viewportHeight: height) {
                    print("\(file):\(line.map(String.init) ?? "?"): \(reveal ? text : redactor.redact(text))")
                }
            }
        }
    }
}
