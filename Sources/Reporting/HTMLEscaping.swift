/// Names for the report's anchors (its text and attributes are escaped by `HTMLBuilder`).
enum HTMLText {
    /// An `id` fragment built only from letters, digits and dashes, whatever the scenario id holds.
    static func anchor(_ parts: String...) -> String {
        parts.joined(separator: "-").map { $0.isLetter || $0.isNumber || $0 == "-" ? String($0) : "_" }.joined()
    }
}
