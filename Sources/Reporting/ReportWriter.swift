import Foundation
import Installation
import Markup
import SupportScope

/// One report format: a name for `--format`, a file name, and the bytes of a report.
public protocol ReportWriter: Sendable {
    /// The `--format` name: `xml`, `html`, `json`, `sarif`, `junit`.
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
            try ReportContent.tree(report).xml(namespace: ReportContent.namespace) { written in
                chunks(written)
                written = ""
            })
    }

    /// The report schema, as shipped with the tool.
    public static func schema() throws -> XMLSchema {
        guard let url = ResourceBundles.file("supportscope-report.xsd", of: "Reporting"),
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
            try ReportContent.tree(report).json { written in
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
    public static let writers: [any ReportWriter] = [
        HTMLReportWriter(), XMLReportWriter(), JSONReportWriter(), SARIFReportWriter(), JUnitReportWriter(),
    ]

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

    /// A file written with the reports and installed with them (a shard's `report.parts.json`).
    public struct Companion: Sendable {
        public var format: String
        public var fileName: String
        /// Writes the file's text, piece by piece, to the sink it is given.
        public var write: @Sendable ((String) -> Void) throws -> Void

        /// A companion file named `fileName`, reported as `format`.
        public init(format: String, fileName: String, write: @Sendable @escaping ((String) -> Void) throws -> Void) {
            self.format = format
            self.fileName = fileName
            self.write = write
        }
    }

    /// Writes the report set into `folder` as one: under a lock on the folder (a second run waits for the first, then
    /// stops with a message if it waited `lockTimeout` seconds), every file is written into a temporary folder inside
    /// it (`.supportscope-RUNID.tmp`), then renamed into place, so a reader sees whole files, each carrying the run's
    /// id. A format whose writer fails is reported and the others are still installed; the failed format's old file
    /// is removed, so the folder never pairs this run's reports with an earlier run's. `stale` files are removed under
    /// the same lock, and so are temporary files that interrupted runs left. With `validate`, the XML is checked
    /// against the schema before it is installed.
    public static func write(
        _ report: ReportModel, formats: [String], to folder: String, validate: Bool = false,
        companions: [Companion] = [], removing stale: [String] = [], lockTimeout: Double = 120,
        waiting: (String) -> Void = { _ in }
    ) -> [Outcome] {
        let names = formats.map { format in writer(for: format)?.fileName ?? format } + companions.map(\.fileName)
        let labels = formats + companions.map(\.format)
        func environmentFailure(_ message: String) -> [Outcome] {
            zip(labels, names).map { label, name in
                Outcome(
                    format: label, path: (folder as NSString).appendingPathComponent(name), error: message,
                    isEnvironment: true)
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return environmentFailure("cannot create \(folder): \(error.localizedDescription)")
        }
        let lock: OutputLock
        do {
            lock = try OutputLock(folder: folder, timeout: lockTimeout, waiting: waiting)
        } catch {
            return environmentFailure("\(error)")
        }
        defer { lock.release() }
        OutputLock.removeLeftovers(in: folder)
        let staging = (folder as NSString).appendingPathComponent(".supportscope-\(report.runID).tmp")
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            return environmentFailure("cannot create \(staging): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }

        var outcomes: [Outcome] = []
        var staged: [String] = []
        for format in formats {
            let path = (folder as NSString).appendingPathComponent(writer(for: format)?.fileName ?? format)
            guard let writer = writer(for: format) else {
                outcomes.append(Outcome(format: format, path: path, error: "unknown format '\(format)'"))
                continue
            }
            let temporary = (staging as NSString).appendingPathComponent(writer.fileName)
            // Streamed straight into the file; the XML, if it is to be validated, is validated as written, read back
            // by libxml2's streaming validator, before it is installed (memory does not grow with the suite).
            do {
                try AtomicFile.stream(to: temporary) { sink in try writer.write(report, chunks: sink) }
                if validate, format == "xml" {
                    let violations = try XMLReportWriter.schema().validate(file: temporary).filter {
                        $0.severity >= .error
                    }
                    guard violations.isEmpty else {
                        throw ReportError(
                            description: "the XML report does not match its schema: "
                                + violations.prefix(5).map(\.description).joined(separator: "; "))
                    }
                }
                staged.append(writer.fileName)
                outcomes.append(Outcome(format: format, path: path, error: nil))
            } catch let error as AtomicFile.Failure {
                outcomes.append(
                    Outcome(
                        format: format, path: path, error: "cannot write \(path): \(error.description)",
                        isEnvironment: true))
            } catch let error as SpoolFailure {
                outcomes.append(Outcome(format: format, path: path, error: error.description, isEnvironment: true))
            } catch {
                outcomes.append(Outcome(format: format, path: path, error: "\(error)"))
            }
        }
        for companion in companions {
            let path = (folder as NSString).appendingPathComponent(companion.fileName)
            do {
                try AtomicFile.stream(
                    to: (staging as NSString).appendingPathComponent(companion.fileName), produce: companion.write)
                staged.append(companion.fileName)
                outcomes.append(Outcome(format: companion.format, path: path, error: nil))
            } catch {
                outcomes.append(Outcome(format: companion.format, path: path, error: "\(error)", isEnvironment: true))
            }
        }
        // Everything is written before anything is installed: the renames are all that is left.
        for index in outcomes.indices {
            let outcome = outcomes[index]
            let name = (outcome.path as NSString).lastPathComponent
            if outcome.error == nil, staged.contains(name) {
                do {
                    try AtomicFile.moveIntoPlace(
                        URL(fileURLWithPath: (staging as NSString).appendingPathComponent(name)), outcome.path)
                } catch {
                    outcomes[index].error = "\(error)"
                    outcomes[index].isEnvironment = true
                    OutputLock.removeStale(outcome.path)
                }
            } else if outcome.error != nil {
                OutputLock.removeStale(outcome.path)
            }
        }
        for name in stale {
            let path = (folder as NSString).appendingPathComponent(name)
            guard OutputLock.isRegularFile(path) else { continue }
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                outcomes.append(
                    Outcome(
                        format: name, path: path, error: "a stale \(name) cannot be removed: \(error)",
                        isEnvironment: true))
            }
        }
        return outcomes
    }
}

/// A lock on an output folder (`.supportscope.lock`, `flock`), so two runs writing into one folder take turns instead
/// of mixing their files. The lock file names the holder's process id for the message of a run that waits.
final class OutputLock {
    static let fileName = ".supportscope.lock"
    private let descriptor: Int32
    private let path: String

    /// Why the folder could not be locked.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(folder: String, timeout: Double, waiting: (String) -> Void) throws {
        path = (folder as NSString).appendingPathComponent(Self.fileName)
        let start = Date()
        var told = false
        while true {
            // Never through a symbolic link: a planted `.supportscope.lock -> ~/.bashrc` would be emptied.
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else {
                throw Failure(description: "cannot lock \(folder): \(path): \(String(cString: strerror(errno)))")
            }
            var held = stat()
            guard fstat(descriptor, &held) == 0, held.st_mode & S_IFMT == S_IFREG else {
                close(descriptor)
                throw Failure(description: "cannot lock \(folder): \(path) is not a regular file")
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                // The holder before us removes the file as it unlocks: a lock on a removed file locks nothing.
                var named = stat()
                if lstat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                    let pid = Array("\(getpid())\n".utf8)
                    _ = ftruncate(descriptor, 0)
                    _ = pid.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    self.descriptor = descriptor
                    return
                }
                close(descriptor)
                continue
            }
            let reason = errno
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(
                in: .whitespacesAndNewlines)
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                throw Failure(description: "cannot lock \(folder): \(String(cString: strerror(reason)))")
            }
            let who =
                holder.flatMap(Int.init).map { "another supportscope run (process \($0))" }
                ?? "another supportscope run"
            guard Date().timeIntervalSince(start) < timeout else {
                throw Failure(
                    description: "\(who) is writing reports to \(folder) and did not finish within \(Int(timeout)) s; "
                        + "wait for it or choose another --out")
            }
            if !told {
                waiting("\(who) is writing reports to \(folder); waiting for it to finish")
                told = true
            }
            usleep(100_000)
        }
    }

    /// Removes the lock file, then unlocks: a run waiting on the old file tries again on a new one.
    func release() {
        unlink(path)
        close(descriptor)
    }

    /// Temporary files that interrupted runs left in `folder` (only called while the folder is locked, so none of
    /// them belongs to a run still writing).
    static func removeLeftovers(in folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(".supportscope-") && name.hasSuffix(".tmp") {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
    }

    /// Removes an earlier run's file (or a link in its place) where this run could not install its own, so the
    /// folder never pairs two runs' reports; a folder there is left alone.
    static func removeStale(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { return }
        unlink(path)
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}

/// Writing files so a reader sees the old file or the new one, never half of one: each is streamed into the run's
/// temporary folder, then renamed into place.
public enum AtomicFile {
    /// Why the file system refused.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes the pieces `produce` hands to its sink into a new file at `path` (inside a run's temporary folder).
    static func stream(to path: String, produce: ((String) -> Void) throws -> Void) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw Failure(description: "cannot create \(path)")
        }
        var writeError: Error?
        defer { try? handle.close() }
        try produce { chunk in
            guard writeError == nil else { return }
            do { try handle.write(contentsOf: Data(chunk.utf8)) } catch { writeError = error }
        }
        if let writeError { throw Failure(description: "\(writeError)") }
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
}
