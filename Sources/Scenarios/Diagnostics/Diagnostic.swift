import Markup

/// One problem found in an input file, with its position: the currency of every validation in SupportScope.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Errors stop a run; warnings are reported and, with `--strict`, stop it too.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The file, as the user named it (relative paths stay relative).
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when unknown.
    public var column: Int
    /// What is wrong, and what would be right.
    public var message: String
    /// The offending source line, or at most `Limits.sourceWindow` characters of it around the column, for the caret
    /// snippet; not part of JSON output.
    public var sourceLine: String?
    /// The caret's 1-based column within `sourceLine` (differs from `column` when the line was cut to a window).
    public var caretColumn: Int = 0
    /// True for the line that counts what a per-file cap left out: it sorts after the file's other diagnostics.
    public var isSummary = false

    /// Creates a diagnostic; a long source line is kept only as a window around the column, so thousands of problems
    /// on one long line cost thousands of short snippets, not thousands of copies of the line.
    public init(_ severity: Severity, file: String, line: Int, column: Int, message: String, sourceLine: String? = nil)
    {
        self.init(severity, file: file, line: line, column: column, message: message, source: sourceLine?[...])
    }

    package init(_ severity: Severity, file: String, line: Int, column: Int, message: String, source: Substring?) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        let window = source.map { Self.window($0, column: column) }
        self.sourceLine = window?.text
        self.caretColumn = window?.caret ?? column
    }

    /// At most `Limits.sourceWindow` scalars of `line` around `column`, with `…` where it was cut.
    private static func window(_ line: Substring, column: Int) -> (text: String, caret: Int) {
        let scalars = line.unicodeScalars
        let half = Limits.sourceWindow / 2
        // Walks at most to the column plus the window: a long line is never counted whole.
        guard scalars.index(scalars.startIndex, offsetBy: Limits.sourceWindow, limitedBy: scalars.endIndex) != nil,
            scalars.index(scalars.startIndex, offsetBy: Limits.sourceWindow + 1, limitedBy: scalars.endIndex) != nil
        else { return (String(line), column) }
        var start = max(0, column - 1 - half)
        var from = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex) ?? scalars.endIndex
        var to = scalars.index(from, offsetBy: Limits.sourceWindow, limitedBy: scalars.endIndex) ?? scalars.endIndex
        if to == scalars.endIndex {
            // Near the end: the window is the line's last characters.
            from = scalars.index(scalars.endIndex, offsetBy: -Limits.sourceWindow)
            start = scalars.distance(from: scalars.startIndex, to: from)
            to = scalars.endIndex
        }
        let head = start > 0 ? "…" : ""
        let tail = to < scalars.endIndex ? "…" : ""
        return (head + String(scalars[from..<to]) + tail, column - start + (start > 0 ? 1 : 0))
    }

    private enum CodingKeys: String, CodingKey {
        case severity, file, line, column, message
    }

    /// `path:line:col: error: message`, the form editors and CI make clickable.
    public var description: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        // A path or message holding a line break or ESC would forge a diagnostic or clear the terminal.
        return Escaper.terminal("\(location): \(severity.rawValue): \(message)")
    }

    /// The description, then the offending line with a caret under the column.
    public var rendered: String {
        guard let sourceLine, column > 0 else { return description }
        // Keep tabs so the caret lines up however the terminal expands them.
        let padding = sourceLine.unicodeScalars.prefix(caretColumn - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(description)\n\(Escaper.terminal(sourceLine, keeping: ["\t"]))\n\(padding)^"
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by position, with at most `limit` per file: the rest become one closing line after the file's last
    /// (an error if any dropped one is), so a file with 240,000 problems prints 201 lines.
    public func cappedPerFile(_ limit: Int = Limits.diagnosticsPerFile) -> [Diagnostic] {
        var result: [Diagnostic] = []
        var shown = 0
        var dropped = 0
        var droppedError = false
        func close(_ file: String) {
            guard dropped > 0 else { return }
            var summary = Diagnostic(
                droppedError ? .error : .warning, file: file, line: 0, column: 0,
                message: "and \(dropped) more problem\(dropped == 1 ? "" : "s") in this file "
                    + "(the first \(limit) are shown)")
            summary.isSummary = true
            result.append(summary)
        }
        let sorted = sortedByPosition()
        for (index, diagnostic) in sorted.enumerated() {
            if index > 0, sorted[index - 1].file != diagnostic.file {
                close(sorted[index - 1].file)
                (shown, dropped, droppedError) = (0, 0, false)
            }
            if shown < limit {
                shown += 1
                result.append(diagnostic)
            } else {
                dropped += 1
                droppedError = droppedError || diagnostic.severity == .error
            }
        }
        if let last = sorted.last { close(last.file) }
        return result
    }

    /// Sorted by file, line, column, then message: the order every command prints them in.
    public func sortedByPosition() -> [Diagnostic] {
        sorted {
            ($0.file, $0.isSummary ? 1 : 0, $0.line, $0.column, $0.message)
                < ($1.file, $1.isSummary ? 1 : 0, $1.line, $1.column, $1.message)
        }
    }
}
