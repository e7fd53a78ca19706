import Detectors
import Foundation
import Markup
import Yams

/// What loading one scenario folder gives: the scenario when it has no errors, and every diagnostic.
public struct ScenarioLoadResult: Sendable {
    /// The scenario; nil when any error was found.
    public var scenario: Scenario?
    /// Every problem found, errors and warnings, sorted by position.
    public var diagnostics: [Diagnostic]
}

/// Loads and validates scenario folders strictly: every problem becomes a positioned diagnostic, all in one pass.
public struct ScenarioLoader: Sendable {
    /// Profile names expectations may refer to.
    public var knownProfiles: [String]
    /// Policy names the run knows (the built-in one's and `--policy`'s): a name in an expectation a typo away from
    /// one of them is a warning, since its entries would be set aside under that policy.
    public var knownPolicies: [String]

    /// Creates a loader that accepts expectations for `knownProfiles`.
    public init(
        knownProfiles: [String] = ScenarioFormat.knownProfiles, knownPolicies: [String] = [Expectation.builtInPolicy]
    ) {
        self.knownProfiles = knownProfiles
        self.knownPolicies = knownPolicies
    }

    /// Loads `folder/scenario.yaml` and everything it references.
    public func load(folder: String) -> ScenarioLoadResult {
        let files = ScenarioFiles(folder: folder)
        let yamlPath = files.display("scenario.yaml")
        let fail = { (message: String, position: Position?) in
            ScenarioLoadResult(
                scenario: nil,
                diagnostics: [
                    Diagnostic(
                        .error, file: yamlPath, line: position?.line ?? 0, column: position?.column ?? 0,
                        message: message)
                ])
        }
        let text: String
        switch files.readText("scenario.yaml", limit: Limits.yamlFileBytes) {
        case let .success(contents): text = contents
        case let .failure(.problem(message, position)): return fail(message, position)
        }
        let read = YAMLDocument.read(text: text, path: yamlPath, schema: ScenarioFormat.scenario, what: "the scenario")
        guard let reader = read.reader else {
            return ScenarioLoadResult(scenario: nil, diagnostics: read.diagnostics.cappedPerFile())
        }
        let checked = read.object
        var builder = ScenarioBuilder(
            files: files, reader: reader, knownProfiles: knownProfiles, knownPolicies: knownPolicies)
        var scenario = checked.flatMap { builder.build($0) }
        builder.sources["scenario.yaml"] = text
        scenario?.inputDigest = Self.digest(builder.sources)
        let diagnostics = (reader.diagnostics + builder.diagnostics).cappedPerFile()
        return ScenarioLoadResult(scenario: diagnostics.hasErrors ? nil : scenario, diagnostics: diagnostics)
    }

    /// SHA-256 over `files` in path order, `path NUL length NUL contents` each, fed one file at a time.
    static func digest(_ files: [String: String]) -> String {
        var hasher = Checksums.SHA256()
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            hasher.update(Array(path.utf8) + [0] + Array(String(text.utf8.count).utf8) + [0])
            hasher.update(text.utf8)
        }
        return Checksums.hex(hasher.finish())
    }

    /// Turns a Yams error into a positioned diagnostic.
    static func diagnostic(for error: YamlError, in source: SourceText) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return source.diagnostic(.error, line: mark.line, column: mark.column, "invalid YAML: \(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            // Yams reports the mapping; point at the second occurrence of the key.
            let position =
                secondOccurrence(of: key, in: source, from: context.mark.line)
                ?? Position(line: context.mark.line, column: context.mark.column)
            return source.diagnostic(
                .error, line: position.line, column: position.column, "duplicate key '\(key)' in a mapping")
        case let .reader(problem, offset, value, _):
            // libyaml's reader gives a byte offset (and the character) for what it refuses: a control character.
            guard let offset else { return source.diagnostic(.error, line: 0, column: 0, "invalid YAML: \(problem)") }
            let position = source.position(ofUTF8Offset: offset)
            let character = value >= 0 ? " (U+\(String(format: "%04X", value)))" : ""
            return source.diagnostic(
                .error, line: position.line, column: position.column, "invalid YAML: \(problem)\(character)")
        default:
            return source.diagnostic(.error, line: 0, column: 0, "invalid YAML: \(error)")
        }
    }

    private static func secondOccurrence(of key: String, in source: SourceText, from line: Int) -> Position? {
        var seen = 0
        // libyaml counts U+2028, U+2029 and U+0085 as line breaks and SourceText does not: its line may be past ours.
        for number in stride(from: max(1, line), through: source.lines.count, by: 1) {
            guard let text = source.line(number) else { break }
            let trimmed = text.drop { $0 == " " || $0 == "-" }
            if trimmed.hasPrefix(key + ":") {
                seen += 1
                if seen == 2 { return Position(line: number, column: text.count - trimmed.count + 1) }
            }
        }
        return nil
    }
}

/// A suite: every scenario found under some paths, loaded, with suite-level checks (unique ids).
public struct ScenarioSuite: Sendable {
    /// The scenarios that loaded without errors, in path order.
    public var scenarios: [Scenario]
    /// Every diagnostic of every scenario and of the suite, sorted by position.
    public var diagnostics: [Diagnostic]
    /// The scenario folders found.
    public var folders: [String]

    /// Finds the folders holding a `scenario.yaml` under `paths` (a path may be such a folder itself).
    public static func discover(_ paths: [String]) -> (folders: [String], diagnostics: [Diagnostic]) {
        var folders: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                diagnostics.append(Diagnostic(.error, file: path, line: 0, column: 0, message: "no such folder"))
                continue
            }
            var found: [String] = []
            if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("scenario.yaml")) {
                found.append(path)
            } else if let entries = FileManager.default.enumerator(atPath: path) {
                while let entry = entries.nextObject() as? String {
                    if (entry as NSString).lastPathComponent == "scenario.yaml" {
                        found.append(
                            (path as NSString).appendingPathComponent((entry as NSString).deletingLastPathComponent))
                    }
                }
            }
            if found.isEmpty {
                diagnostics.append(
                    Diagnostic(.warning, file: path, line: 0, column: 0, message: "no scenario.yaml found here"))
            }
            folders += found.sorted()
        }
        return (folders, diagnostics)
    }

    /// Discovers and loads every scenario under `paths`, `jobs` folders at a time; the result does not depend on `jobs`.
    public static func load(
        _ paths: [String], loader: ScenarioLoader = ScenarioLoader(), jobs: Int = 1
    ) -> ScenarioSuite {
        let kept = Kept()
        let streamed = stream(paths, loader: loader, jobs: jobs, stopAtFirstError: false) { index, scenario in
            kept.add(index, scenario)
        }
        let members = Set(streamed.members.map(\.folder))
        let scenarios = kept.sorted.filter { members.contains($0.folder) }
        return ScenarioSuite(scenarios: scenarios, diagnostics: streamed.diagnostics, folders: streamed.folders)
    }

    /// A suite read without keeping its scenarios: its members, every diagnostic sorted by position, the folders.
    public struct Streamed: Sendable {
        public var members: [Member]
        public var diagnostics: [Diagnostic]
        public var folders: [String]
    }

    /// What a suite keeps of a scenario that is not kept itself.
    public struct Member: Sendable, Hashable {
        public var id: String
        public var folder: String
        /// The digest of the scenario's inputs (`Scenario.inputDigest`).
        public var inputDigest: String
    }

    /// Discovers and loads every scenario under `paths`, `jobs` folders at a time, and hands each one that loaded
    /// without an error to `each` on the thread that loaded it, with its folder's index, keeping none of them — so a
    /// suite's memory does not grow with its pages. With `stopAtFirstError`, no scenario is handed on once any
    /// folder had an error (the run will stop anyway), but every folder is still read for its diagnostics. The
    /// members (a second scenario with an id already taken is an error and not a member) and the diagnostics do not
    /// depend on `jobs`.
    public static func stream(
        _ paths: [String], loader: ScenarioLoader = ScenarioLoader(), jobs: Int = 1, stopAtFirstError: Bool,
        each: @Sendable (Int, Scenario) -> Void
    ) -> Streamed {
        let (folders, discovery) = discover(paths)
        let failed = Flag()
        let results = Parallel.map(count: folders.count, jobs: jobs) {
            index -> (Member?, SourceLocation?, [Diagnostic]) in
            let result = loader.load(folder: folders[index])
            if result.diagnostics.hasErrors { failed.set() }
            guard let scenario = result.scenario else { return (nil, nil, result.diagnostics) }
            if !(stopAtFirstError && failed.isSet) { each(index, scenario) }
            let member = Member(id: scenario.id, folder: scenario.folder, inputDigest: scenario.inputDigest)
            return (member, scenario.location, result.diagnostics)
        }
        var diagnostics = discovery
        var members: [Member] = []
        var firstByID: [String: SourceLocation] = [:]
        for (member, location, found) in results {
            diagnostics += found
            guard let member, let location else { continue }
            if let first = firstByID[member.id] {
                diagnostics.append(
                    Diagnostic(
                        .error, file: location.file, line: location.line, column: location.column,
                        message: "duplicate scenario id '\(member.id)': \(first.file) uses it too"))
                continue
            }
            firstByID[member.id] = location
            members.append(member)
        }
        return Streamed(members: members, diagnostics: diagnostics.sortedByPosition(), folders: folders)
    }

    /// Scenarios handed on from several threads, put back in their folders' order.
    private final class Kept: @unchecked Sendable {
        private let lock = NSLock()
        private var scenarios: [(Int, Scenario)] = []

        func add(_ index: Int, _ scenario: Scenario) { lock.withLock { scenarios.append((index, scenario)) } }

        var sorted: [Scenario] { lock.withLock { scenarios.sorted { $0.0 < $1.0 }.map(\.1) } }
    }

    /// A flag set from any thread.
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false

        func set() { lock.withLock { value = true } }

        var isSet: Bool { lock.withLock { value } }
    }
}
