/// Why Markup could not produce a document, a schema or a result.
public enum MarkupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// libxml2 produced no document at all (for example, out of memory).
    case parserFailed(file: String?, diagnostics: [ParseDiagnostic])
    /// The XML is not well-formed; every problem the parser found is listed.
    case malformedXML(file: String?, diagnostics: [ParseDiagnostic])
    /// The XML declares entities, which Markup refuses (entity-expansion bombs, external-entity reads).
    case entityDeclarationRefused(file: String?, entity: String, line: Int, column: Int)
    /// The input is larger than the parser accepts.
    case inputTooLarge(file: String?, size: Int, limit: Int)
    /// An XPath expression did not compile or evaluate.
    case invalidXPath(expression: String, diagnostics: [ParseDiagnostic])
    /// An XML schema could not be compiled.
    case invalidSchema(file: String?, diagnostics: [ParseDiagnostic])
    /// A tree mutation would have broken the document (a cycle, a node from another document, ...).
    case invalidMutation(String)
    /// An element has more attributes than Markup parses (libxml2's duplicate check is quadratic in them).
    case tooManyAttributes(file: String?, line: Int, column: Int, limit: Int)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): error: cannot read file: \(reason)"
        case let .parserFailed(file, diagnostics):
            return Self.render(file, "the parser produced no document", diagnostics)
        case let .malformedXML(file, diagnostics):
            return Self.render(file, "not well-formed XML", diagnostics)
        case let .entityDeclarationRefused(file, entity, line, column):
            return "\(file ?? "<input>"):\(line):\(column): error: XML entity declarations are refused "
                + "(entity '\(entity)'): they allow entity-expansion bombs and external-entity file reads"
        case let .inputTooLarge(file, size, limit):
            return "\(file ?? "<input>"): error: input is \(size) bytes, more than the limit of \(limit) bytes"
        case let .invalidXPath(expression, diagnostics):
            return Self.render(nil, "invalid XPath expression '\(expression)'", diagnostics)
        case let .invalidSchema(file, diagnostics):
            return Self.render(file, "invalid XML schema", diagnostics)
        case let .invalidMutation(reason):
            return "error: invalid document change: \(reason)"
        case let .tooManyAttributes(file, line, column, limit):
            return "\(file ?? "<input>"):\(line):\(column): error: this element has more than \(limit) attributes "
                + "(see docs/LIMITS.md)"
        }
    }

    private static func render(_ file: String?, _ headline: String, _ diagnostics: [ParseDiagnostic]) -> String {
        (["\(file ?? "<input>"): error: \(headline)"] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
