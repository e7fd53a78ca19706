import Foundation
import Installation
import Markup

/// Writes the report's HTML: every text and attribute value goes through the report's escaper, and markup comes only
/// from the builder's methods (or, as `raw`, from the report's own resources and sections built the same way).
struct HTMLBuilder {
    private(set) var out = ""

    /// `<name attributes>`, the content `body` writes, `</name>`.
    mutating func tag(
        _ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ body: (inout HTMLBuilder) -> Void
    ) {
        open(name, attributes)
        body(&self)
        out += "</\(name)>"
    }

    /// `<name attributes>`, for an element whose content several parts write; `end` closes it.
    mutating func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) { open(name, attributes) }

    /// `</name>`.
    mutating func end(_ name: String) { out += "</\(name)>" }

    /// A table's header row: one column header per label.
    mutating func headerRow(_ labels: [String]) {
        tag("thead") { head in
            head.tag("tr") { row in for label in labels { row.tag("th", ["scope": "col"], text: label) } }
        }
    }

    /// `<name attributes>text</name>`, the text escaped.
    mutating func tag(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        open(name, attributes)
        out += Escaper.htmlReport(text)
        out += "</\(name)>"
    }

    /// An element without content: `<meta …>`, or `<rect …/>` in SVG (`closed`).
    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], closed: Bool = false) {
        out += "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(Escaper.htmlReport(value))\"" }
        out += closed ? "/>" : ">"
    }

    /// Escaped text.
    mutating func text(_ text: String) { out += Escaper.htmlReport(text) }

    /// Markup the report itself made: its CSS, a resource, a section rendered earlier.
    mutating func raw(_ markup: String) { out += markup }

    mutating func newline() { out += "\n" }

    /// Takes what was written so far, leaving the builder empty (a scenario's part is handed over as soon as it is done).
    mutating func take() -> String {
        defer { out = "" }
        return out
    }

    private mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        out += "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(Escaper.htmlReport(value))\"" }
        out += ">"
    }
}

/// The report's prose and style sheet, kept as resources rather than in code.
enum ReportResources {
    /// `report.css`.
    static let css: String = read("report", "css")

    /// The paragraphs of `report-prose.txt`, by the name on their `## name` line.
    static let prose: [String: String] = {
        var sections: [String: String] = [:]
        var name: String?
        for line in read("report-prose", "txt").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                name = String(line.dropFirst(3))
            } else if let name, !line.isEmpty {
                sections[name, default: ""] += sections[name] == nil ? String(line) : "\n" + line
            }
        }
        return sections
    }()

    private static func read(_ name: String, _ ext: String) -> String {
        guard let url = ResourceBundles.file("\(name).\(ext)", of: "Reporting"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            // The resources ship inside the package; an installation without them cannot write a report.
            fatalError("the report's resource \(name).\(ext) is missing from this installation")
        }
        return text
    }
}
