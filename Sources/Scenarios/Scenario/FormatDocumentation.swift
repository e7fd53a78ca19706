import Foundation

/// Generates the JSON Schema and the Markdown key reference from `ScenarioFormat`, so they always agree with the loader.
public enum FormatDocumentation {
    // MARK: JSON Schema

    /// The JSON Schema (draft 2020-12) for `scenario.yaml`, pretty-printed with sorted keys.
    public static func jsonSchema() -> String {
        var definitions: [String: Any] = [:]
        for object in ScenarioFormat.objects where object.name != ScenarioFormat.scenario.name {
            definitions[object.name] = schema(for: object)
        }
        definitions["step"] = [
            "description":
                "A step: exactly one actor key (customer, agent, system, session) whose value names the action.",
            "oneOf": ScenarioFormat.actions.map(stepSchema),
        ]
        var root = schema(for: ScenarioFormat.scenario)
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["$id"] = "https://supportscope.example/schema/scenario.schema.json"
        root["title"] = "SupportScope scenario"
        root["$defs"] = definitions
        let data = try! JSONSerialization.data(
            withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The JSON Schema (draft 2020-12) of a standalone YAML file whose top level is `root` and whose nested mappings
    /// are `objects` (accepted risks, policies), pretty-printed with sorted keys.
    public static func jsonSchema(root: ObjectSchema, objects: [ObjectSchema], id: String, title: String) -> String {
        var schema = schema(for: root)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = id
        schema["title"] = title
        if !objects.isEmpty {
            schema["$defs"] = Dictionary(uniqueKeysWithValues: objects.map { ($0.name, Self.schema(for: $0)) })
        }
        let data = try! JSONSerialization.data(
            withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func schema(for object: ObjectSchema) -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in object.fields { properties[field.name] = schema(for: field) }
        return [
            "type": "object", "description": object.summary, "additionalProperties": false,
            "required": object.fields.filter(\.required).map(\.name), "properties": properties,
        ]
    }

    private static func schema(for field: FieldSchema) -> [String: Any] {
        var schema = schema(for: field.type)
        schema["description"] = field.summary + (field.defaultValue.map { " Default: \($0)." } ?? "")
        return schema
    }

    private static func stepSchema(_ action: ActionSchema) -> [String: Any] {
        var properties: [String: Any] = [action.actor: ["const": action.name]]
        for field in ScenarioFormat.commonStepFields + action.fields { properties[field.name] = schema(for: field) }
        var schema: [String: Any] = [
            "type": "object", "description": "\(action.actor): \(action.name) — \(action.summary)",
            "additionalProperties": false, "properties": properties,
            "required": [action.actor] + action.fields.filter(\.required).map(\.name),
        ]
        if let group = action.exactlyOneOf.first {
            schema["oneOf"] = group.map { ["required": [$0]] }
        }
        return schema
    }

    private static let identifierPattern = "^[a-z0-9][a-z0-9._-]*$"

    private static func schema(for type: FieldType) -> [String: Any] {
        switch type {
        // The loader reads any YAML scalar as text, and YAML writes 737 or 2026 without quotes.
        case .text, .path, .selector: return ["type": ["string", "number", "boolean"]]
        case .identifier: return ["type": ["string", "integer"], "pattern": identifierPattern]
        case let .integer(range): return ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
        case .boolean: return ["type": "boolean"]
        case .duration:
            return ["type": ["string", "number"], "pattern": "^[0-9]+(\\.[0-9]+)?\\s*(ms|s|m)?$", "minimum": 0]
        case let .choice(options): return ["enum": options]
        case .url: return ["type": "string", "pattern": "^https?://[A-Za-z0-9.-]+"]
        case let .list(element): return ["type": "array", "items": schema(for: element)]
        case let .object(object): return ["$ref": "#/$defs/\(object.name)"]
        case .stringMap: return ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean"]]]
        case .identifierOrList:
            let identifier = schema(for: .identifier)
            return ["oneOf": [identifier, ["type": "array", "items": identifier, "minItems": 1]]]
        case .step: return ["$ref": "#/$defs/step"]
        }
    }

    // MARK: Markdown

    /// The key reference for `Scenarios/README.md`: every mapping and every step action, with types, defaults and examples.
    public static func markdownReference() -> String {
        var lines: [String] = []
        for object in ScenarioFormat.objects {
            lines.append("### `\(object.name)`")
            lines.append("")
            lines.append(object.summary)
            lines.append("")
            lines += table(object.fields)
            lines.append("")
        }
        lines.append("### `step`")
        lines.append("")
        lines.append(
            "A step is a mapping with exactly one actor key — `customer`, `agent`, `system` or `session` — whose value names the action, e.g. `customer: type`. Every step may also carry:"
        )
        lines.append("")
        lines += table(ScenarioFormat.commonStepFields)
        lines.append("")
        for actor in ScenarioFormat.actors {
            lines.append("#### `\(actor)` actions")
            lines.append("")
            for action in ScenarioFormat.actions where action.actor == actor {
                let oneOf = action.exactlyOneOf.map {
                    " Give exactly one of " + $0.map { "`\($0)`" }.joined(separator: ", ") + "."
                }.joined()
                lines.append("- **`\(actor): \(action.name)`** — \(action.summary)\(oneOf)")
                if action.fields.isEmpty {
                    lines.append("  No further keys.")
                } else {
                    lines.append("")
                    lines += table(action.fields).map { "  " + $0 }
                }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The key reference of a standalone YAML file whose top level is `root` and whose nested mappings are `objects`
    /// (a policy, accepted risks): a table per mapping, the file's own first.
    public static func markdownReference(root: ObjectSchema, objects: [ObjectSchema]) -> String {
        ([root] + objects).map { object in
            (["### `\(object.name)`", "", object.summary, ""] + table(object.fields)).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    private static func table(_ fields: [FieldSchema]) -> [String] {
        ["| key | type | required / default | meaning | example |", "| --- | --- | --- | --- | --- |"]
            + fields.map { field in
                let requirement =
                    field.required ? "required" : (field.defaultValue.map { "default: \($0)" } ?? "optional")
                return
                    "| `\(field.name)` | \(describe(field.type)) | \(requirement) | \(field.summary.replacingOccurrences(of: "|", with: "\\|")) | `\(field.example.replacingOccurrences(of: "|", with: "\\|"))` |"
            }
    }

    private static func describe(_ type: FieldType) -> String {
        switch type {
        case .text: return "text"
        case .identifier: return "identifier"
        case let .integer(range): return "integer (\(range.lowerBound)…\(range.upperBound))"
        case .boolean: return "true / false"
        case .duration: return "duration"
        case let .choice(options): return "one of " + options.map { "`\($0)`" }.joined(separator: ", ")
        case .selector: return "CSS selector"
        case .path: return "path in the folder"
        case .url: return "URL"
        case let .list(element): return "list of \(describe(element))"
        case let .object(object): return "[`\(object.name)`](#\(object.name))"
        case .stringMap: return "mapping of names to text"
        case .identifierOrList: return "identifier or list of identifiers"
        case .step: return "[`step`](#step)"
        }
    }
}
