import CLibXML2

/// A compiled W3C XML Schema (XSD) that validates documents through libxml2.
///
/// The schema is read with the same hardened XML parser as any other input
/// (no entities, no network). A schema may be used for many validations, one
/// at a time; it belongs to the task that loaded it.
public final class XMLSchema {
    private let schema: xmlSchemaPtr
    /// libxml2's compiled schema points into its source document, which must outlive it.
    private let source: Document

    /// Compiles the schema in `document`; throws with every problem found.
    ///
    /// The schema takes the document over: libxml2 may rewrite it while
    /// compiling, and keeps pointing into it, so do not use it for anything else.
    public init(document: Document) throws {
        let collector = DiagnosticCollector(file: document.url)
        let compiled: xmlSchemaPtr? = collector.capturing {
            guard let parser = xmlSchemaNewDocParserCtxt(document.pointer) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, structuredErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaParse(parser)
        }
        let diagnostics = collector.finish()
        guard let compiled else {
            throw MarkupError.invalidSchema(file: document.url, diagnostics: diagnostics)
        }
        schema = compiled
        source = document
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
    }

    /// Validates a document; returns every violation with its line (errors), and any warnings.
    public func validate(_ document: Document) -> [ParseDiagnostic] {
        let collector = DiagnosticCollector(file: document.url)
        let status: Int32 = collector.capturing {
            guard let validator = xmlSchemaNewValidCtxt(schema) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(validator) }
            xmlSchemaSetValidStructuredErrors(validator, structuredErrorHandler, Unmanaged.passUnretained(collector).toOpaque())
            return xmlSchemaValidateDoc(validator, document.pointer)
        }
        var diagnostics = collector.finish()
        if status != 0, diagnostics.isEmpty {
            diagnostics.append(ParseDiagnostic(
                severity: .error, file: document.url, line: 0, column: 0,
                message: status < 0 ? "libxml2 could not run the validation" : "the document is not valid"))
        }
        return diagnostics
    }

    /// True when the document is valid against the schema (warnings allowed).
    public func isValid(_ document: Document) -> Bool {
        !validate(document).contains { $0.severity >= .error }
    }
}
