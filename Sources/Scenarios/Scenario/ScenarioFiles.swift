import Foundation
import Markup

/// Reads the files a scenario references, refusing anything outside its folder, too large, or not UTF-8.
struct ScenarioFiles {
    /// The folder as the user named it, used in diagnostics.
    let folder: String
    private let folderURL: URL
    private let realFolder: String

    init(folder: String) {
        self.folder = folder
        self.folderURL = URL(fileURLWithPath: folder).standardizedFileURL
        self.realFolder = folderURL.resolvingSymlinksInPath().path
    }

    /// The path shown in diagnostics for a file of the scenario.
    func display(_ relative: String) -> String {
        folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
    }

    enum Failure: Error {
        /// What is wrong, and where in the file when that is known (the first byte that is not UTF-8).
        case problem(String, at: Position? = nil)
    }

    /// Reads a UTF-8 text file inside the folder; the failure explains what is wrong.
    func readText(_ relative: String, limit: Int = Limits.fileBytes) -> Result<String, Failure> {
        if relative.isEmpty { return .failure(.problem("the path is empty")) }
        if relative.hasPrefix("/") || relative.hasPrefix("~") || relative.contains("\\") {
            return .failure(
                .problem("'\(relative)' must be a path relative to the scenario folder, like pages/checkout.html"))
        }
        if relative.split(separator: "/").contains("..") {
            return .failure(.problem("'\(relative)' leaves the scenario folder ('..' is not allowed)"))
        }
        let url = folderURL.appendingPathComponent(relative).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return .failure(
                .problem(
                    "'\(relative)' does not exist in the scenario folder\(SchemaReader.suggestion(for: relative, among: filesInFolder()))"
                ))
        }
        if isDirectory.boolValue { return .failure(.problem("'\(relative)' is a folder, not a file")) }
        let real = url.resolvingSymlinksInPath().path
        guard real.hasPrefix(realFolder + "/") else {
            return .failure(.problem("'\(relative)' is a symbolic link that leads out of the scenario folder"))
        }
        // The path was just resolved; a size that cannot be read is caught when the file is read.
        let size = (try? FileManager.default.attributesOfItem(atPath: real)[.size] as? Int) ?? 0
        guard size <= limit else {
            return .failure(.problem("'\(relative)' is \(size) bytes; the limit is \(limit) bytes"))
        }
        guard let data = FileManager.default.contents(atPath: real) else {
            return .failure(.problem("'\(relative)' cannot be read"))
        }
        return Self.decode(Array(data), name: "'\(relative)'")
    }

    /// The folder's files, relative to it (at most 1,000), for "did you mean" suggestions.
    private func filesInFolder() -> [String] {
        guard let entries = FileManager.default.enumerator(atPath: folderURL.path) else { return [] }
        var files: [String] = []
        while let entry = entries.nextObject() as? String, files.count < 1_000 {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: folderURL.appendingPathComponent(entry).path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                files.append(entry)
            }
        }
        return files
    }

    /// UTF-8 text, or a failure naming the first bad byte's position.
    static func decode(_ bytes: [UInt8], name: String) -> Result<String, Failure> {
        if let (line, column) = TextEncoding.firstInvalidUTF8(in: bytes) {
            return .failure(
                .problem(
                    "\(name) is not valid UTF-8 (first bad byte at line \(line), column \(column)); save it as UTF-8",
                    at: Position(line: line, column: column)))
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return .success(text)
    }
}
