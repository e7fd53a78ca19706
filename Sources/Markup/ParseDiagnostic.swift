/// One problem a parser, validator or XPath evaluation reported, with its position.
public struct ParseDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is; `fatal` means the parser gave up on the rest of the input.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case warning, error, fatal

        private var rank: Int {
            switch self {
            case .warning: 0
            case .error: 1
            case .fatal: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// The file or URL the input came from, when known.
    public var file: String?
    /// 1-based line, or 0 when libxml2 did not know it.
    public var line: Int
    /// 1-based column, or 0 when libxml2 did not know it.
    public var column: Int
    /// The message, without a trailing newline.
    public var message: String
    /// libxml2's error code (`xmlParserErrors`), or 0 for Markup's own diagnostics (`contentReplaced` for one).
    public var code: Int

    /// The code of Markup's warning that part of the input was replaced before parsing (NUL bytes by U+FFFD): the page
    /// is measured whole, but not byte for byte as written, which `validate` and `run` say.
    public static let contentReplaced = -1
    /// The code of a page Markup refused to parse (a budget it is over): an error for the scenario, not a warning.
    public static let refused = -2

    /// Creates a diagnostic.
    public init(severity: Severity, file: String? = nil, line: Int, column: Int, message: String, code: Int = 0) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.code = code
    }

    /// `file:line:column: severity: message`, the form editors and CI make clickable.
    public var description: String {
        var location = file ?? "<input>"
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        let label = severity == .warning ? "warning" : "error"
        return Escaper.terminal("\(location): \(label): \(message)")
    }
}
