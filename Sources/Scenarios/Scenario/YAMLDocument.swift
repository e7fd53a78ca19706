import Foundation
import Yams

/// Reads one YAML file against an `ObjectSchema`: the shared front half of every loader (scenarios, profiles, policies).
package enum YAMLDocument {
    /// The checked top-level mapping (nil when unusable), the reader (for further diagnostics) and the diagnostics so far.
    package struct Read {
        package var object: CheckedObject?
        package var reader: SchemaReader?
        package var diagnostics: [Diagnostic]
    }

    /// Parses `text` (from `path`) and checks it against `schema`, with aliases refused and a node budget.
    package static func read(text: String, path: String, schema: ObjectSchema, what: String) -> Read {
        let source = SourceText(path: path, text: text)
        if let alias = YAMLAliasScanner.firstAlias(in: text) {
            return Read(
                object: nil, reader: nil,
                diagnostics: [
                    source.diagnostic(
                        .error, line: alias.line, column: alias.column,
                        "YAML aliases (*name) are not allowed: they can expand exponentially; write the value out")
                ])
        }
        let root: YAMLNode
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                return Read(
                    object: nil, reader: nil,
                    diagnostics: [Diagnostic(.error, file: path, line: 0, column: 0, message: "the file is empty")])
            }
            root = composed
        } catch let error as YamlError {
            return Read(object: nil, reader: nil, diagnostics: [ScenarioLoader.diagnostic(for: error, in: source)])
        } catch {
            return Read(
                object: nil, reader: nil,
                diagnostics: [
                    Diagnostic(.error, file: path, line: 0, column: 0, message: "the YAML cannot be read: \(error)")
                ])
        }
        let reader = SchemaReader(source: source)
        let object = reader.readObject(root, schema: schema, what: what)
        return Read(object: object, reader: reader, diagnostics: reader.diagnostics.cappedPerFile())
    }

    /// Reads a standalone YAML file (a profile or policy): at most 1 MiB, UTF-8.
    package static func read(file path: String, schema: ObjectSchema, what: String) -> Read {
        guard let data = FileManager.default.contents(atPath: path) else {
            return Read(
                object: nil, reader: nil,
                diagnostics: [Diagnostic(.error, file: path, line: 0, column: 0, message: "cannot read the file")])
        }
        guard data.count <= Limits.yamlFileBytes else {
            return Read(
                object: nil, reader: nil,
                diagnostics: [
                    Diagnostic(
                        .error, file: path, line: 0, column: 0,
                        message: "the file is \(data.count) bytes; the limit is \(Limits.yamlFileBytes) bytes")
                ])
        }
        switch ScenarioFiles.decode(Array(data), name: "the file") {
        case let .failure(.problem(message, position)):
            return Read(
                object: nil, reader: nil,
                diagnostics: [
                    Diagnostic(
                        .error, file: path, line: position?.line ?? 0, column: position?.column ?? 0, message: message)
                ])
        case let .success(text):
            return read(text: text, path: path, schema: schema, what: what)
        }
    }
}
