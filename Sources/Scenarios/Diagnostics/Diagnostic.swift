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
    /// The offending source line, for the caret snippet; not part of JSON output.
    public var sourceLine: String?

    /// Creates a diagnostic.
    public init(_ severity: Severity, file: String, line: Int, column: Int, message: String, sourceLine: String? = nil)
    {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
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
        return "\(location): \(severity.rawValue): \(message)"
    }

    /// The description, then the offending line with a caret under the column.
    public var rendered: String {
        guard let sourceLine, column > 0 else { return description }
        // Keep tabs so the caret lines up however the terminal expands them.
        let padding = sourceLine.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(description)\n\(sourceLine)\n\(padding)^"
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line, column, then message: the order every command prints them in.
    public func sortedByPosition() -> [Diagnostic] {
        sorted { ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message) }
    }
}
