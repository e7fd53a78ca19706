/// The text of one input file, split into lines, so diagnostics can quote the offending line.
package struct SourceText {
    /// The path as shown in diagnostics.
    package let path: String
    package let text: String
    package let lines: [Substring]

    package init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The line without its line ending, or nil past the end.
    package func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var line = String(lines[number - 1])
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    /// A diagnostic at `line`:`column` with a snippet of the line; without one when `snippet` is false (past a file's
    /// budget, where only the count is shown and cutting a window from a long line would be wasted work).
    package func diagnostic(
        _ severity: Diagnostic.Severity, line: Int, column: Int, _ message: String, snippet: Bool = true
    ) -> Diagnostic {
        var source: Substring? = snippet && line >= 1 && line <= lines.count ? lines[line - 1] : nil
        if source?.hasSuffix("\r") == true { source = source?.dropLast() }
        return Diagnostic(severity, file: path, line: line, column: column, message: message, source: source)
    }

    /// The 1-based line and column of a UTF-8 byte offset.
    package func position(ofUTF8Offset offset: Int) -> (line: Int, column: Int) {
        positions(ofUTF8Offsets: [offset])[0]
    }

    /// The positions of ascending UTF-8 offsets, found in one walk of the text.
    package func positions(ofUTF8Offsets offsets: [Int]) -> [(line: Int, column: Int)] {
        var result: [(line: Int, column: Int)] = []
        result.reserveCapacity(offsets.count)
        var line = 1
        var column = 1
        var consumed = 0
        var scalars = text.unicodeScalars.makeIterator()
        for offset in offsets {
            while consumed < offset, let scalar = scalars.next() {
                consumed += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            result.append((line, column))
        }
        return result
    }
}
