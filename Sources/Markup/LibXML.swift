internal import CLibXML2

/// Process-wide libxml2 set-up, run once before the first parse.
///
/// `xmlInitParser` must run before documents are parsed on several threads
/// at once. The external-entity loader is replaced by libxml2's no-network
/// loader so that nothing Markup parses (pages, reports, schemas and the
/// schemas they include) can ever reach the network.
let libxml2Initialized: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
}()

/// Collects the problems libxml2 reports during one synchronous operation.
///
/// A hostile document can produce millions of errors; the collector keeps the
/// first `limit` and counts the rest, so memory stays bounded.
final class DiagnosticCollector {
    /// What to do with one libxml2 error before it is counted.
    enum Triage {
        case keep
        case keepAsWarning
        case ignore
    }

    private(set) var diagnostics: [ParseDiagnostic] = []
    private(set) var dropped = 0
    let file: String?
    let limit: Int
    /// Decides, before any string is built, whether an error is worth reporting.
    let triage: (borrowing xmlError) -> Triage
    private var pendingGenericText = ""

    init(file: String?, limit: Int = 500, triage: @escaping (borrowing xmlError) -> Triage = { _ in .keep }) {
        self.file = file
        self.limit = limit
        self.triage = triage
    }

    func add(_ diagnostic: ParseDiagnostic) {
        if diagnostics.count < limit {
            diagnostics.append(diagnostic)
        } else {
            dropped += 1
        }
    }

    func add(_ error: xmlError) {
        let decision = triage(error)
        if decision == .ignore { return }
        guard diagnostics.count < limit else {
            dropped += 1
            return
        }
        let severity: ParseDiagnostic.Severity
        switch error.level {
        case _ where decision == .keepAsWarning: severity = .warning
        case XML_ERR_WARNING: severity = .warning
        case XML_ERR_FATAL: severity = .fatal
        default: severity = .error
        }
        let message = error.message.map { String(cString: $0) } ?? "unknown libxml2 error \(error.code)"
        add(
            ParseDiagnostic(
                severity: severity,
                file: file,
                line: Int(error.line),
                column: Int(error.int2),
                message: message.trimmingTrailingWhitespace(),
                code: Int(error.code)
            ))
    }

    /// Generic messages arrive in fragments; a line is complete at its newline.
    func addGenericText(_ text: String) {
        pendingGenericText += text
        while let newline = pendingGenericText.firstIndex(of: "\n") {
            let line = String(pendingGenericText[..<newline]).trimmingTrailingWhitespace()
            pendingGenericText.removeSubrange(...newline)
            if !line.isEmpty {
                add(ParseDiagnostic(severity: .error, file: file, line: 0, column: 0, message: line, code: 0))
            }
        }
    }

    /// The diagnostics, with a closing note when some were dropped.
    func finish() -> [ParseDiagnostic] {
        let rest = pendingGenericText.trimmingTrailingWhitespace()
        pendingGenericText = ""
        if !rest.isEmpty {
            add(ParseDiagnostic(severity: .error, file: file, line: 0, column: 0, message: rest, code: 0))
        }
        var result = diagnostics
        if dropped > 0 {
            result.append(
                ParseDiagnostic(
                    severity: .warning, file: file, line: 0, column: 0,
                    message: "\(dropped) further problem(s) not shown", code: 0))
        }
        return result
    }

    /// Runs `body` with every libxml2 error on this thread routed into this collector.
    ///
    /// libxml2 2.9 keeps its error handlers per thread. `body` is synchronous,
    /// so it cannot hop threads; the previous handlers are restored before
    /// returning, which keeps parallel parses on other threads independent.
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        _ = libxml2Initialized
        let context = Unmanaged.passUnretained(self).toOpaque()
        let savedStructured = __xmlStructuredError().pointee
        let savedStructuredContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(context, structuredErrorHandler)
        let sink = UnsafeMutablePointer<clibxml2_message_sink>.allocate(capacity: 1)
        sink.initialize(to: clibxml2_message_sink(callback: genericMessageHandler, context: context))
        let savedGeneric = clibxml2_install_generic_sink(sink)
        defer {
            clibxml2_restore_generic_handler(savedGeneric)
            sink.deallocate()
            xmlSetStructuredErrorFunc(savedStructuredContext, savedStructured)
        }
        return try withExtendedLifetime(self) { try body() }
    }
}

/// Receives structured errors; its context is always a `DiagnosticCollector`.
let structuredErrorHandler: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    Unmanaged<DiagnosticCollector>.fromOpaque(context).takeUnretainedValue().add(error.pointee)
}

private let genericMessageHandler: clibxml2_message_callback = { context, message in
    guard let context, let message else { return }
    Unmanaged<DiagnosticCollector>.fromOpaque(context).takeUnretainedValue()
        .addGenericText(String(cString: message))
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// Copies a libxml2 string into Swift; nil stays nil.
@inline(__always)
func swiftString(_ pointer: UnsafePointer<xmlChar>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
}

/// Copies a string libxml2 allocated for us, then frees it.
func consumeString(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
    guard let pointer else { return nil }
    defer { clibxml2_free(pointer) }
    return String(cString: pointer)
}

/// Compares a libxml2 name with a Swift string without copying; `insensitive` folds ASCII letters.
func sameName(_ name: UnsafePointer<xmlChar>, _ wanted: String, insensitive: Bool) -> Bool {
    var index = 0
    for byte in wanted.utf8 {
        let candidate = name[index]
        if candidate == 0 { return false }
        if candidate != byte {
            guard insensitive, asciiLower(candidate) == asciiLower(byte) else { return false }
        }
        index += 1
    }
    return name[index] == 0
}

@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}
