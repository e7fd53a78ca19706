internal import CLibXML2

/// A compiled W3C XML Schema (XSD) that validates documents through libxml2.
///
/// The schema is read with the same hardened XML parser as any other input
/// (no entities, no network). A schema may be used for many validations, one
/// at a time; it belongs to the task that loaded it.
public final class XMLSchema {
    private let schema: xmlSchemaPtr
    /// libxml2's compiled schema points into the document it was compiled from, and compiling
    /// rewrites that document (it frees blank text and comments), so the schema compiles and
    /// keeps a private copy: the caller's `Document` and its `Node` values are never touched.
    private let source: xmlDocPtr

    /// Compiles the schema in `document`; throws with every problem found.
    ///
    /// `xs:include`, `xs:import` and `xs:redefine` with a `schemaLocation` are
    /// refused: libxml2 loads them with entity substitution on and none of
    /// Markup's hardening, so a schema must be one self-contained file.
    public init(document: Document) throws {
        let collector = DiagnosticCollector(file: document.url)
        for element in document.node.descendantElements where Self.loadsAnotherDocument(element) {
            collector.add(
                ParseDiagnostic(
                    severity: .error, file: document.url, line: element.line ?? 0, column: 0,
                    message:
                        "xs:\(element.name) with a schemaLocation is not supported: schemas must be one self-contained file"
                ))
        }
        let refused = collector.finish()
        guard refused.isEmpty else { throw MarkupError.invalidSchema(file: document.url, diagnostics: refused) }
        guard let copy = xmlCopyDoc(document.pointer, 1) else {
            throw MarkupError.invalidSchema(file: document.url, diagnostics: [])
        }
        let compiled: xmlSchemaPtr? = collector.capturing {
            guard let parser = xmlSchemaNewDocParserCtxt(copy) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(
                parser, structuredErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(parser)
        }
        let diagnostics = collector.finish()
        guard let compiled else {
            xmlFreeDoc(copy)
            throw MarkupError.invalidSchema(file: document.url, diagnostics: diagnostics)
        }
        schema = compiled
        source = copy
    }

    private static let schemaNamespace = "http://www.w3.org/2001/XMLSchema"

    private static func loadsAnotherDocument(_ element: Node) -> Bool {
        ["include", "import", "redefine", "override"].contains(element.name)
            && element.namespaceURI == schemaNamespace
            && element.hasAttribute("schemaLocation")
    }

    /// Reads and compiles a schema file.
    public convenience init(contentsOfFile path: String) throws {
        try self.init(document: Document.parseXML(contentsOfFile: path))
    }

    /// Reads and compiles a schema from bytes; `url` names it in diagnostics.
    public convenience init(bytes: [UInt8], url: String? = nil) throws {
        try self.init(document: Document.parseXML(bytes, url: url))
    }

    deinit {
        xmlSchemaFree(schema)
        xmlFreeDoc(source)
    }

    /// Validates a document; returns every violation with its line (errors), and any warnings.
    public func validate(_ document: Document) -> [ParseDiagnostic] {
        let collector = DiagnosticCollector(file: document.url)
        let status: Int32 = collector.capturing {
            guard let validator = xmlSchemaNewValidCtxt(schema) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(validator) }
            xmlSchemaSetValidStructuredErrors(
                validator, structuredErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaValidateDoc(validator, document.pointer)
        }
        var diagnostics = collector.finish()
        if status != 0, diagnostics.isEmpty {
            diagnostics.append(
                ParseDiagnostic(
                    severity: .error, file: document.url, line: 0, column: 0,
                    message: status < 0 ? "libxml2 could not run the validation" : "the document is not valid"))
        }
        return diagnostics
    }

    /// Validates the XML file at `path` as libxml2 reads it (its streaming validator: memory does not grow with the
    /// file); returns every violation with its line, and any warnings. Only for files this process wrote: the reader
    /// is libxml2's default one (it takes no options), not Markup's hardened parser.
    public func validate(file path: String) -> [ParseDiagnostic] {
        let collector = DiagnosticCollector(file: path)
        let status: Int32 = collector.capturing {
            guard let validator = xmlSchemaNewValidCtxt(schema) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(validator) }
            xmlSchemaSetValidStructuredErrors(
                validator, structuredErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaValidateFile(validator, path, 0)
        }
        var diagnostics = collector.finish()
        // A failed validation is an error even when libxml2 reported only warnings (or nothing) on the way.
        if status != 0, !diagnostics.contains(where: { $0.severity >= .error }) {
            diagnostics.append(
                ParseDiagnostic(
                    severity: .error, file: path, line: 0, column: 0,
                    message: status < 0 ? "libxml2 could not run the validation" : "the document is not valid"))
        }
        return diagnostics
    }

    /// True when the document is valid against the schema (warnings allowed).
    public func isValid(_ document: Document) -> Bool {
        !validate(document).contains { $0.severity >= .error }
    }
}
