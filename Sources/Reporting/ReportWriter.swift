import Foundation
import Markup
import SupportScope

/// One report format: a name for `--format`, a file name, and the bytes of a report.
public protocol ReportWriter: Sendable {
    /// The `--format` name: `xml`, `html`, `json`.
    var format: String { get }
    /// The file written in the output folder.
    var fileName: String { get }
    /// The report's bytes.
    func write(_ report: ReportModel) throws -> Data
    /// The report as consecutive pieces of text, so a large one is written without being held whole.
    func write(_ report: ReportModel, chunks: (String) -> Void) throws
}

extension ReportWriter {
    /// The report's bytes, collected from its pieces: one code path for both.
    public func write(_ report: ReportModel) throws -> Data {
        var text = ""
        try write(report) { text += $0 }
        return Data(text.utf8)
    }
}

/// The XML report, valid against `Reports/schema/supportscope-report.xsd`.
public struct XMLReportWriter: ReportWriter {
    public let format = "xml"
    public let fileName = "report.xml"
    public init() {}

    public func write(_ report: ReportModel, chunks: (String) -> Void) throws {
        chunks(
            ReportContent.tree(report).xml(namespace: ReportContent.namespace) { written in
                chunks(written)
                written = ""
            })
    }

    /// The report schema, as shipped with the tool.
    public static func schema() throws -> XMLSchema {
        guard let url = Bundle.module.url(forResource: "supportscope-report", withExtension: "xsd"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw ReportError(description: "the report schema is missing from the tool's resources")
        }
        return try XMLSchema(document: Document.parseXML(text, url: "supportscope-report.xsd"))
    }
}

/// The JSON report: the XML's content for scripts (docs/REPORTS.md).
public struct JSONReportWriter: ReportWriter {
    public let format = "json"
    public let fileName = "report.json"
    public init() {}

    public func write(_ report: ReportModel, chunks: (String) -> Void) throws {
        chunks(
            ReportContent.tree(report).json { written in
                chunks(written)
                written = ""
            })
    }
}

/// Why a report could not be written.
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
}

/// The writers by format, and writing several of them so one failure does not stop the others.
public enum Reports {
    /// Every writer, in the order `--format` lists them by default.
    public static let writers: [any ReportWriter] = [HTMLReportWriter(), XMLReportWriter(), JSONReportWriter()]

    /// The writer for a `--format` name.
    public static func writer(for format: String) -> (any ReportWriter)? { writers.first { $0.format == format } }

    /// What happened to one format.
    public struct Outcome: Sendable {
        public var format: String
        public var path: String
        /// Nil when written; otherwise why not.
        public var error: String?
        /// True when the failure came from the file system (a folder that cannot be created or written), not the writer.
        public var isEnvironment = false

        /// An outcome.
        public init(format: String, path: String, error: String?, isEnvironment: Bool = false) {
            self.format = format
            self.path = path
            self.error = error
            self.isEnvironment = isEnvironment
        }
    }

    /// Writes each format into `folder`, each atomically (a temporary file renamed into place); a writer that
    /// fails is reported and the others still run. With `validate`, the XML is checked against the schema first.
    public static func write(
        _ report: ReportModel, formats: [String], to folder: String, validate: Bool = false
    ) -> [Outcome] {
        var outcomes: [Outcome] = []
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return formats.map {
                Outcome(
                    format: $0, path: folder, error: "cannot create \(folder): \(error.localizedDescription)",
                    isEnvironment: true)
            }
        }
        for format in formats {
            let path = (folder as NSString).appendingPathComponent(writer(for: format)?.fileName ?? format)
            guard let writer = writer(for: format) else {
                outcomes.append(Outcome(format: format, path: path, error: "unknown format '\(format)'"))
                continue
            }
            // Streamed straight into the file, unless the XML is to be validated first (then it is held whole).
            do {
                try AtomicFile.write(to: path) { sink in
                    guard validate, format == "xml" else { return try writer.write(report, chunks: sink) }
                    let text = String(decoding: try writer.write(report), as: UTF8.self)
                    let violations = try XMLReportWriter.schema().validate(
                        try Document.parseXML(text, url: writer.fileName))
                    guard violations.isEmpty else {
                        throw ReportError(
                            description: "the XML report does not match its schema: "
                                + violations.prefix(5).map(\.description).joined(separator: "; "))
                    }
                    sink(text)
                }
                outcomes.append(Outcome(format: format, path: path, error: nil))
            } catch let error as AtomicFile.Failure {
                outcomes.append(
                    Outcome(
                        format: format, path: path, error: "cannot write \(path): \(error.description)",
                        isEnvironment: true))
            } catch {
                outcomes.append(Outcome(format: format, path: path, error: "\(error)"))
            }
        }
        return outcomes
    }
}

/// Writing a file so a reader sees the old file or the new one, never half of one.
public enum AtomicFile {
    /// Why the file system refused.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes the pieces `produce` hands to its sink into a temporary file in the same folder, then renames it
    /// into place; the pieces need not fit in memory together.
    public static func write(to path: String, produce: ((String) -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            throw Failure(description: "cannot create \(temporary.path)")
        }
        var writeError: Error?
        do {
            try produce { chunk in
                guard writeError == nil else { return }
                do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { writeError = error }
            }
            try handle.close()
        } catch {
            // Cleaning up after a failure that is reported below: the temporary file must not stay.
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if let writeError {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "\(writeError)")
        }
        try moveIntoPlace(temporary, path)
    }

    static func moveIntoPlace(_ temporary: URL, _ path: String) throws {
        // Fault injection for the end-to-end test of an interrupted run: die the hardest way between the
        // write and the rename, where a crash or a kill would hurt most.
        if ProcessInfo.processInfo.environment["SUPPORTSCOPE_KILL_BEFORE_RENAME"]
            == URL(fileURLWithPath: path).lastPathComponent
        {
            kill(getpid(), SIGKILL)
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw Failure(description: "cannot move the report into place at \(path): \(reason)")
        }
    }

    /// Writes `data` to `path` through a temporary file in the same folder and a rename.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { $0(String(decoding: data, as: UTF8.self)) }
    }
}
