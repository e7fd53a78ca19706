import Foundation
import Testing

@testable import Analysis
@testable import Scenarios
@testable import Simulation
@testable import SupportScope

/// The JSON Schema and the README reference are generated from `ScenarioFormat`; these tests keep the committed copies in step.
@Suite("Format documentation stays in step with the loader")
struct FormatDocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schemaPath = repository.appendingPathComponent("Scenarios/scenario.schema.json").path
    static let readmePath = repository.appendingPathComponent("Scenarios/README.md").path

    @Test func theCommittedJSONSchemaIsCurrent() throws {
        let committed = try String(contentsOfFile: Self.schemaPath, encoding: .utf8)
        #expect(
            committed == FormatDocumentation.jsonSchema(),
            "regenerate with: swift run supportscope schema > Scenarios/scenario.schema.json")
    }

    @Test func theReadmeReferenceIsCurrent() throws {
        let readme = try String(contentsOfFile: Self.readmePath, encoding: .utf8)
        let generated =
            "<!-- BEGIN GENERATED REFERENCE -->\n" + FormatDocumentation.markdownReference()
            + "\n<!-- END GENERATED REFERENCE -->"
        #expect(
            readme.contains(generated), "regenerate the section with: swift run supportscope schema --format markdown")
    }

    @Test func theSchemaNamesEveryKeyTheLoaderKnows() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.schemaPath))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let definitions = try #require(schema["$defs"] as? [String: Any])
        for object in ScenarioFormat.objects {
            let node =
                object.name == "scenario"
                ? schema : try #require(definitions[object.name] as? [String: Any], "\(object.name)")
            let properties = try #require(node["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(object.fields.map(\.name)), "\(object.name)")
            #expect(
                Set(node["required"] as? [String] ?? []) == Set(object.fields.filter(\.required).map(\.name)),
                "\(object.name)")
        }
        let steps = try #require((definitions["step"] as? [String: Any])?["oneOf"] as? [[String: Any]])
        #expect(steps.count == ScenarioFormat.actions.count)
        for (action, step) in zip(ScenarioFormat.actions, steps) {
            let properties = try #require(step["properties"] as? [String: Any])
            let expected = Set([action.actor] + (ScenarioFormat.commonStepFields + action.fields).map(\.name))
            #expect(Set(properties.keys) == expected, "\(action.actor): \(action.name)")
            #expect((properties[action.actor] as? [String: String])?["const"] == action.name)
        }
    }

    /// Every scenario the loader accepts must be valid against the schema, and schema-level mistakes must fail it.
    @Test func theSchemaAgreesWithTheLoader() throws {
        let parent = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        var accepted: [String] = [Fixtures.folder("valid/full-session")]
        for template in ScenarioTemplates.names {
            let folder = parent.appendingPathComponent(template).path
            _ = try ScenarioTemplates.create(template, in: folder)
            accepted.append(folder)
        }
        accepted += ScenarioSuite.discover([Self.repository.appendingPathComponent("Scenarios").path]).folders
        accepted += Fixtures.brokenCases.map { Fixtures.folder("broken/\($0)") }.filter {
            ScenarioLoader().load(folder: $0).scenario != nil
        }
        for folder in accepted {
            #expect(ScenarioLoader().load(folder: folder).scenario != nil, "\(folder)")
        }
        let rejected = [
            "unknown-key", "unknown-nested-key", "list-expected", "mapping-expected", "missing-required-key",
            "missing-steps", "unknown-data-class", "unknown-actor", "two-actors", "unknown-action",
            "scroll-without-target", "bad-url", "bad-identifier", "integer-out-of-range",
        ]
        // Not "boolean-expected": PyYAML reads YAML 1.1, where `yes` is a boolean; the loader reads YAML 1.2 and wants true or false.
        .map { Fixtures.folder("broken/\($0)") }
        guard let output = try JSONSchemaCheck.run(schema: Self.schemaPath, valid: accepted, invalid: rejected) else {
            return
        }
        #expect(output.isEmpty, "\(output)")
    }
}

/// Validates YAML files against a JSON Schema with Python's `jsonschema` (installed by `.ci/run`).
enum JSONSchemaCheck {
    static let script = """
        import json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        problems = []
        for kind, path in (arg.split('=', 1) for arg in sys.argv[2:]):
            errors = list(validator.iter_errors(yaml.safe_load(open(path + '/scenario.yaml'))))
            if kind == 'valid' and errors:
                problems.append(path + ': ' + '; '.join(e.message[:200] for e in errors[:3]))
            if kind == 'invalid' and not errors:
                problems.append(path + ': the schema accepts it but the loader does not')
        print('\\n'.join(problems))
        """

    /// The problems found (empty when all agree); nil, with a notice, when Python or its packages are missing outside
    /// CI, where their absence is a failure.
    static func run(schema: String, valid: [String], invalid: [String]) throws -> String? {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import jsonschema, yaml"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        if probe.terminationStatus != 0 {
            let install = "python3 -m pip install jsonschema pyyaml"
            if ProcessInfo.processInfo.environment["CI"] != nil {
                throw TestFailure(message: "python3 with jsonschema and PyYAML is missing under CI: \(install)")
            }
            print("notice: test skipped: python3 lacks jsonschema or PyYAML (\(install), or run bash .ci/run)")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", "-c", script, schema] + valid.map { "valid=\($0)" } + invalid.map { "invalid=\($0)" }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                message: "python3 with jsonschema and PyYAML is needed (bash .ci/run installs them): \(failure)")
        }
        return text.trimmingWhitespace()
    }
}

@Suite("The README's annotated scenario")
struct ReadmeExampleTests {
    @Test func theAnnotatedScenarioValidatesWithTheTemplatePages() throws {
        let readme = try String(contentsOfFile: FormatDocumentationTests.readmePath, encoding: .utf8)
        let start = try #require(readme.range(of: "## A complete scenario, annotated\n\n```yaml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let yaml = String(readme[start.upperBound..<end.lowerBound])
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("template")
        _ = try ScenarioTemplates.create("web-checkout", in: template.path)
        try FileManager.default.moveItem(
            at: template.appendingPathComponent("pages"), to: folder.appendingPathComponent("pages"))
        try FileManager.default.removeItem(at: template)
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let result = ScenarioLoader().load(folder: folder.path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
        #expect(result.scenario?.world.windows.map(\.id) == ["browser", "chat"])
    }
}
