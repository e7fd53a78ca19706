import Foundation
import Installation

/// The starting points `supportscope init` scaffolds: complete, commented scenarios that validate as they are.
public enum ScenarioTemplates {
    /// The templates, by name.
    public static let names = ["blank", "web-checkout", "desktop-support"]

    /// Why a scaffold could not be written.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unknownTemplate(String)
        case folderNotEmpty(String)
        case missingResources
        case writeFailed(String)

        public var description: String {
            switch self {
            case let .unknownTemplate(name):
                "unknown template '\(name)'\(SchemaReader.suggestion(for: name, among: ScenarioTemplates.names)); expected one of \(ScenarioTemplates.names.joined(separator: ", "))"
            case let .folderNotEmpty(folder): "\(folder) already exists and is not empty; choose a new folder"
            case .missingResources: "the scenario templates are missing from this installation"
            case let .writeFailed(reason): "cannot write the scenario: \(reason)"
            }
        }
    }

    /// The scenario id `init` derives from a folder name: lowercase, with anything else turned into `-`.
    public static func scenarioID(forFolder folder: String) -> String {
        let name = URL(fileURLWithPath: folder).lastPathComponent.lowercased()
        var id = String(
            name.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" ? $0 : "-" })
        while id.first.map({ !("a"..."z").contains($0) && !("0"..."9").contains($0) }) ?? false { id.removeFirst() }
        return id.isEmpty ? "new-scenario" : id
    }

    /// Writes the template into `folder` (created if needed) and returns the files written, relative to it.
    public static func create(_ template: String, in folder: String) throws(Failure) -> [String] {
        guard names.contains(template) else { throw .unknownTemplate(template) }
        guard let root = ResourceBundles.file("Templates/\(template)", of: "Scenarios") else {
            throw .missingResources
        }
        let manager = FileManager.default
        // A folder that cannot be listed does not exist yet: creating it reports any problem.
        if let existing = try? manager.contentsOfDirectory(atPath: folder), !existing.isEmpty {
            throw .folderNotEmpty(folder)
        }
        var written: [String] = []
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let entries = (manager.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).sorted()
            for entry in entries {
                let source = root.appendingPathComponent(entry)
                let target = URL(fileURLWithPath: folder).appendingPathComponent(entry)
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: source.path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    try manager.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                var data = try Data(contentsOf: source)
                if entry == "scenario.yaml" {
                    let text = String(decoding: data, as: UTF8.self)
                        .replacingOccurrences(of: "__SCENARIO_ID__", with: scenarioID(forFolder: folder))
                    data = Data(text.utf8)
                }
                try data.write(to: target)
                written.append(entry)
            }
        } catch {
            throw .writeFailed("\(error)")
        }
        return written
    }
}
