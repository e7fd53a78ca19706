internal import CLibXML2
import Foundation

/// A parsed HTML or XML document, backed by libxml2 and freed when the last reference goes.
///
/// Concurrency: a document and its nodes are confined to the task that uses
/// them (libxml2 trees are not thread-safe), so `Document` and `Node` are
/// deliberately not `Sendable`. Parse in the task that needs the tree; values
/// derived from it (strings, `ParseDiagnostic`, `Selector`) are `Sendable`.
/// Different documents may be parsed and used on different threads at once.
public final class Document {
    /// Which parser produced the document; HTML matching is case-insensitive where HTML says so.
    public enum Kind: Sendable, Hashable {
        case html, xml
    }

    let pointer: xmlDocPtr
    /// Which parser produced the document.
    public let kind: Kind
    /// The file path or URL the document was read from, used in diagnostics.
    public let url: String?
    /// The problems the parser reported, in the order it found them.
    public internal(set) var diagnostics: [ParseDiagnostic]

    /// Nodes unlinked from the tree but possibly still referenced by a `Node`
    /// value; they are freed together with the document, never earlier.
    var detached: Set<xmlNodePtr> = []

    /// Grows with every change made through Markup (attributes, text, nodes added or removed), so what is worked
    /// out from a document can be kept until the document changes.
    public internal(set) var revision = 0
    /// Grows with every change but to a `value` attribute: what a page's style sheets decide can change with
    /// classes, ids, state attributes and structure, not with what is typed (a browser's typing does not change the
    /// attribute either).
    public internal(set) var styleRevision = 0

    func changed(attribute name: String? = nil) {
        revision += 1
        if name?.lowercased() != "value" { styleRevision += 1 }
    }

    /// This document's number, unique in the process (see `NodeIdentity`).
    let serial: UInt64

    init(pointer: xmlDocPtr, kind: Kind, url: String?, diagnostics: [ParseDiagnostic]) {
        self.pointer = pointer
        self.kind = kind
        self.url = url
        self.diagnostics = diagnostics
        serial = DocumentSerial.next()
    }

    deinit {
        // Detached nodes still point at the document's dictionary: free them first.
        for node in detached { xmlFreeNode(node) }
        xmlFreeDoc(pointer)
    }

    /// The document node itself: the parent of the root element.
    public var node: Node {
        Node(document: self, pointer: UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlNode.self))
    }

    /// The root element (`<html>` for HTML documents), if any.
    public var rootElement: Node? {
        xmlDocGetRootElement(pointer).map { Node(document: self, pointer: $0) }
    }

    /// How many elements the tree holds now, counted with a pointer walk (about 10 ms for a 5 MB page): for sizing
    /// tables keyed by element before a pass over the whole page.
    public var elementCount: Int {
        let root = UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: xmlNode.self)
        var count = 0
        var current = root.pointee.children
        while let node = current {
            if node.pointee.type == XML_ELEMENT_NODE { count += 1 }
            current = nextInDocumentOrder(after: node, within: root)
        }
        return count
    }

    /// True when the HTML parser built this document.
    var isHTML: Bool { kind == .html }

    /// The character encoding the input declared (BOM, `<meta charset>` or XML declaration), if any.
    public var declaredEncoding: String? {
        pointer.pointee.encoding.map { String(cString: $0) }
    }
}

// MARK: - Parsing

extension Document {
    /// The largest input libxml2 can take in one buffer.
    public static let maximumInputSize = Int(Int32.max)
    /// The most attributes one element may have: libxml2 checks each new attribute against all earlier ones, so
    /// 50,000 on one element took 26 s.
    public static let maximumAttributesPerElement = 1_000

    /// Parses HTML leniently, the way a browser would, collecting problems as diagnostics.
    ///
    /// Network access is off. When `encoding` is nil the parser follows the
    /// byte-order mark or the page's `<meta charset>`, as browsers do; a page that
    /// declares neither is UTF-8 when it is valid UTF-8, else ISO-8859-1 (with a warning).
    public static func parseHTML(_ bytes: [UInt8], url: String? = nil, encoding: String? = nil) throws -> Document {
        guard bytes.count <= maximumInputSize else {
            throw MarkupError.inputTooLarge(file: url, size: bytes.count, limit: maximumInputSize)
        }
        if let (line, column) = TagScan.firstElement(in: bytes, withMoreAttributesThan: maximumAttributesPerElement) {
            throw MarkupError.tooManyAttributes(
                file: url, line: line, column: column, limit: maximumAttributesPerElement)
        }
        // libxml2 stops at a NUL byte and drops the rest of the page without an error; HTML5 reads it as U+FFFD.
        if let nul = bytes.firstIndex(of: 0) {
            var replaced: [UInt8] = []
            replaced.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                if byte == 0 { replaced += [0xEF, 0xBF, 0xBD] } else { replaced.append(byte) }
            }
            let document = try parseHTML(replaced, url: url, encoding: encoding)
            let (line, column) = TextEncoding.position(ofByte: nul, in: bytes)
            let count = bytes.lazy.filter { $0 == 0 }.count
            document.diagnostics.insert(
                ParseDiagnostic(
                    severity: .warning, file: url, line: line, column: column,
                    message: "\(count == 1 ? "a NUL byte" : "\(count) NUL bytes (the first here)") replaced by "
                        + "U+FFFD, as browsers do (libxml2 would stop reading the page at it)",
                    code: ParseDiagnostic.contentReplaced), at: 0)
            return document
        }
        let collector = DiagnosticCollector(file: url, triage: HTMLDiagnostics.triage)
        // NODEFDTD: a page without a doctype keeps none, so serialising gives back what the page said.
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
                | HTML_PARSE_NODEFDTD.rawValue)
        let parsed: xmlDocPtr? = collector.capturing {
            guard let parser = htmlNewParserCtxt() else { return nil }
            defer { htmlFreeParserCtxt(parser) }
            clibxml2_record_full_lines(parser)
            return bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    htmlCtxtReadMemory(parser, chars.baseAddress, Int32(chars.count), url, encoding, options)
                }
            }
        }
        var diagnostics = collector.finish()
        // A page that declares no encoding is read by libxml2 as ISO-8859-1; browsers detect UTF-8 (Chromium and
        // Firefox do for files), so a valid UTF-8 page with letters beyond ASCII is read again as UTF-8.
        if let parsed, encoding == nil, parsed.pointee.encoding == nil, bytes.contains(where: { $0 >= 0x80 }),
            TextEncoding.firstInvalidUTF8(in: bytes) == nil
        {
            xmlFreeDoc(parsed)
            return try parseHTML(bytes, url: url, encoding: "UTF-8")
        }
        if let parsed {
            if encoding == nil, parsed.pointee.encoding == nil,
                let (line, column) = TextEncoding.firstInvalidUTF8(in: bytes)
            {
                diagnostics.append(
                    ParseDiagnostic(
                        severity: .warning, file: url, line: line, column: column,
                        message:
                            "the page declares no character encoding and is not valid UTF-8; it was read as ISO-8859-1 "
                            + "(declare one with <meta charset=\"...\">)"))
            }
            return Document(pointer: parsed, kind: .html, url: url, diagnostics: diagnostics)
        }
        // libxml2 gives no document for input with no content at all; an empty
        // page is still a page, so callers get an empty document and a warning.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }),
            let empty = htmlNewDocNoDtD(nil, nil)
        {
            let warning = ParseDiagnostic(
                severity: .warning, file: url, line: 1, column: 1, message: "the document is empty")
            return Document(pointer: empty, kind: .html, url: url, diagnostics: [warning])
        }
        throw MarkupError.parserFailed(file: url, diagnostics: diagnostics)
    }

    /// Parses HTML from a Swift string; the string's own encoding (UTF-8) wins over any `<meta charset>`.
    public static func parseHTML(_ text: String, url: String? = nil) throws -> Document {
        try parseHTML(Array(text.utf8), url: url, encoding: "UTF-8")
    }

    /// Reads and parses an HTML file; diagnostics name the file.
    public static func parseHTML(contentsOfFile path: String, encoding: String? = nil) throws -> Document {
        try parseHTML(readBytes(path), url: path, encoding: encoding)
    }

    /// Parses XML strictly and safely: no network, no DTD loading, no entities.
    ///
    /// Any entity declaration is refused before it can be expanded, which
    /// defeats entity-expansion bombs ("billion laughs") and external-entity
    /// reads (`<!ENTITY x SYSTEM "file:///etc/passwd">`) alike. A document that
    /// is not well-formed throws with every problem the parser found.
    public static func parseXML(_ bytes: [UInt8], url: String? = nil) throws -> Document {
        guard bytes.count <= maximumInputSize else {
            throw MarkupError.inputTooLarge(file: url, size: bytes.count, limit: maximumInputSize)
        }
        let collector = DiagnosticCollector(file: url)
        let refusal = EntityRefusal()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let parsed: (document: xmlDocPtr?, wellFormed: Bool) = collector.capturing {
            guard let parser = xmlNewParserCtxt() else { return (nil, false) }
            defer { xmlFreeParserCtxt(parser) }
            parser.pointee._private = Unmanaged.passUnretained(refusal).toOpaque()
            parser.pointee.sax.pointee.entityDecl = refuseEntityDeclaration
            parser.pointee.sax.pointee.unparsedEntityDecl = refuseUnparsedEntityDeclaration
            let document = withExtendedLifetime(refusal) {
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        xmlCtxtReadMemory(parser, chars.baseAddress, Int32(chars.count), url, nil, options)
                    }
                }
            }
            return (document, parser.pointee.wellFormed != 0)
        }
        let diagnostics = collector.finish()
        if let entity = refusal.entity {
            if let document = parsed.document { xmlFreeDoc(document) }
            throw MarkupError.entityDeclarationRefused(
                file: url, entity: entity, line: refusal.line, column: refusal.column)
        }
        guard let document = parsed.document, parsed.wellFormed else {
            if let document = parsed.document { xmlFreeDoc(document) }
            throw MarkupError.malformedXML(file: url, diagnostics: diagnostics)
        }
        return Document(pointer: document, kind: .xml, url: url, diagnostics: diagnostics)
    }

    /// Parses XML from a Swift string.
    public static func parseXML(_ text: String, url: String? = nil) throws -> Document {
        try parseXML(Array(text.utf8), url: url)
    }

    /// Reads and parses an XML file; diagnostics name the file.
    public static func parseXML(contentsOfFile path: String) throws -> Document {
        try parseXML(readBytes(path), url: path)
    }

    /// A regular file's bytes; a folder, a device (`/dev/zero` would never end) or a pipe is refused by name.
    static func readBytes(_ path: String) throws -> [UInt8] {
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let type = attributes[.type] as? FileAttributeType, type != .typeRegular
        {
            let what = type == .typeDirectory ? "it is a folder, not a file" : "it is not a regular file"
            throw MarkupError.unreadableFile(path: path, reason: what)
        }
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MarkupError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Creates an empty HTML document, for building pages in code.
    public static func emptyHTML() -> Document {
        _ = libxml2Initialized
        guard let pointer = htmlNewDocNoDtD(nil, nil) else { fatalError("libxml2 could not allocate a document") }
        return Document(pointer: pointer, kind: .html, url: nil, diagnostics: [])
    }
}

/// Checks on raw text bytes that parsers and loaders share.
public enum TextEncoding {
    /// The 1-based line and column (in characters) of byte `offset`.
    public static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// The 1-based line and column of the first byte sequence that is not UTF-8, or nil when all of it is.
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int)? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                if encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return (line, column)
            case .emptyInput:
                return nil
            }
        }
    }
}

/// Records the first entity declaration seen, so the parse can be refused.
private final class EntityRefusal {
    var entity: String?
    var line = 0
    var column = 0

    func refuse(_ context: UnsafeMutableRawPointer?, name: UnsafePointer<xmlChar>?) {
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self) else { return }
        if entity == nil {
            entity = swiftString(name) ?? "?"
            line = Int(parser.pointee.input?.pointee.line ?? 0)
            column = Int(parser.pointee.input?.pointee.col ?? 0)
        }
        xmlStopParser(parser)
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> EntityRefusal? {
        guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self),
            let owner = parser.pointee._private
        else { return nil }
        return Unmanaged<EntityRefusal>.fromOpaque(owner).takeUnretainedValue()
    }
}

private let refuseEntityDeclaration: entityDeclSAXFunc = { context, name, _, _, _, _ in
    EntityRefusal.from(context)?.refuse(context, name: name)
}

private let refuseUnparsedEntityDeclaration: unparsedEntityDeclSAXFunc = { context, name, _, _, _ in
    EntityRefusal.from(context)?.refuse(context, name: name)
}

// MARK: - Serialisation

extension Document {
    /// The whole document as HTML, UTF-8, exactly as parsed or mutated (no reformatting).
    public func html() -> String {
        serialize { output in htmlDocContentDumpFormatOutput(output, pointer, nil, 0) }
    }

    /// The whole document as XML with an XML declaration, UTF-8.
    public func xml() -> String {
        _ = libxml2Initialized
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        let collector = DiagnosticCollector(file: url)
        collector.capturing { xmlDocDumpFormatMemoryEnc(pointer, &memory, &size, "UTF-8", 0) }
        guard let memory else { return "" }
        defer { clibxml2_free(memory) }
        return String(decoding: UnsafeBufferPointer(start: memory, count: Int(size)), as: UTF8.self)
    }

    /// Runs a libxml2 dump into a fresh UTF-8 output buffer and copies the result out.
    func serialize(_ dump: (xmlOutputBufferPtr) -> Void) -> String {
        _ = libxml2Initialized
        guard let output = xmlAllocOutputBuffer(nil) else { return "" }
        defer { xmlOutputBufferClose(output) }
        let collector = DiagnosticCollector(file: url)
        collector.capturing { dump(output) }
        xmlOutputBufferFlush(output)
        guard let content = xmlOutputBufferGetContent(output) else { return "" }
        let size = Int(xmlOutputBufferGetSize(output))
        return String(decoding: UnsafeBufferPointer(start: content, count: size), as: UTF8.self)
    }
}

/// The next document serial number, from a counter shared by every thread.
enum DocumentSerial {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last: UInt64 = 0

    static func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}

/// A document belongs to the task that parsed it: libxml2's trees are not safe to share between threads, so the
/// compiler refuses to send one across a concurrency boundary.
@available(*, unavailable)
extension Document: Sendable {}

/// A byte-level look at start tags before libxml2 parses them, for budgets libxml2 cannot enforce cheaply.
enum TagScan {
    /// The line and column of the first start tag with more than `limit` attributes, or nil. A tag is read from `<`
    /// and a letter to the next `>` (quoted values skipped); a `<` inside ends the candidate, so script text that
    /// merely contains `a<b` is not counted.
    static func firstElement(in bytes: [UInt8], withMoreAttributesThan limit: Int) -> (Int, Int)? {
        // Fewer bytes than the limit's shortest form (` a` per attribute) cannot hold that many.
        guard bytes.count > limit * 2 else { return nil }
        var index = 0
        let count = bytes.count
        while index + 1 < count {
            guard bytes[index] == UInt8(ascii: "<"), isLetter(bytes[index + 1]) else {
                index += 1
                continue
            }
            let start = index
            var attributes = 0
            var inName = true  // the tag's own name comes first
            var position = index + 1
            scan: while position < count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: ">"), UInt8(ascii: "<"):
                    break scan
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    // A quoted value: skip to its closing quote.
                    position += 1
                    while position < count, bytes[position] != byte { position += 1 }
                    inName = false
                case 0x20, 0x09, 0x0A, 0x0D, 0x0C, UInt8(ascii: "/"):
                    inName = false
                case UInt8(ascii: "="):
                    inName = true  // the value that follows is not an attribute
                default:
                    if !inName {
                        attributes += 1
                        inName = true
                        if attributes > limit { return TextEncoding.position(ofByte: start, in: bytes) }
                    }
                }
                position += 1
            }
            index = position
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
