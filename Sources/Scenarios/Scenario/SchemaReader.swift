import Markup
import Yams

package typealias YAMLNode = Yams.Node

/// A 1-based line and column in a scenario file.
package struct Position: Hashable {
    package var line: Int
    package var column: Int

    package static let unknown = Position(line: 0, column: 0)
}

extension YAMLNode {
    /// Where the node starts.
    package var position: Position {
        mark.map { Position(line: $0.line, column: $0.column) } ?? .unknown
    }
}

/// A YAML value that passed its schema type, with the position it came from.
package indirect enum CheckedValue {
    case string(String, Position)
    case integer(Int, Position)
    case boolean(Bool, Position)
    /// Seconds.
    case duration(Double, Position)
    case list([CheckedValue], Position)
    case object(CheckedObject)
    case map([(key: String, value: CheckedValue)], Position)

    package var mark: Position {
        switch self {
        case let .string(_, mark), let .integer(_, mark), let .boolean(_, mark), let .duration(_, mark),
            let .list(_, mark), let .map(_, mark):
            return mark
        case let .object(object):
            return object.mark
        }
    }

    package var string: String? { if case let .string(value, _) = self { return value } else { return nil } }
    package var integer: Int? { if case let .integer(value, _) = self { return value } else { return nil } }
    package var boolean: Bool? { if case let .boolean(value, _) = self { return value } else { return nil } }
    package var duration: Double? { if case let .duration(value, _) = self { return value } else { return nil } }
    package var list: [CheckedValue] { if case let .list(values, _) = self { return values } else { return [] } }
    package var object: CheckedObject? { if case let .object(object) = self { return object } else { return nil } }
}

/// A mapping whose keys are all known to its schema. For steps, `actor` and `action` are set.
package struct CheckedObject {
    package var fields: [String: CheckedValue]
    package var mark: Position
    package var actor: String?
    package var action: String?

    package subscript(_ key: String) -> CheckedValue? { fields[key] }
    package func string(_ key: String) -> String? { fields[key]?.string }
    package func list(_ key: String) -> [CheckedValue] { fields[key]?.list ?? [] }
    package func strings(_ key: String) -> [String] { list(key).compactMap(\.string) }
}

/// Reads Yams nodes against the format's schema, turning every mismatch into a positioned diagnostic.
///
/// It keeps going after a problem, so one run reports everything, and it
/// stops walking after `nodeBudget` nodes so a pathological file cannot hang it.
///
/// Over 300 lines because it is the whole schema check: one reader per field type, each short, sharing its
/// diagnostics and its node budget.
package final class SchemaReader {
    package let source: SourceText
    package private(set) var diagnostics: [Diagnostic] = []
    private var visited = 0
    private let nodeBudget: Int
    private var budgetReported = false

    package init(source: SourceText, nodeBudget: Int = 200_000) {
        self.source = source
        self.nodeBudget = nodeBudget
    }

    package func error(_ mark: Position?, _ message: String) {
        diagnostics.append(
            source.diagnostic(
                .error, line: mark?.line ?? 0, column: mark?.column ?? 0, message,
                snippet: diagnostics.count < Limits.diagnosticsPerFile))
    }

    package func warning(_ mark: Position?, _ message: String) {
        diagnostics.append(
            source.diagnostic(
                .warning, line: mark?.line ?? 0, column: mark?.column ?? 0, message,
                snippet: diagnostics.count < Limits.diagnosticsPerFile))
    }

    /// Reads `node` as `type`; nil (with a diagnostic) when it does not fit. `what` names the value in messages.
    ///
    /// Longer than most: one case per `FieldType`, each short, kept together so every type's rule is read in one place.
    package func read(_ node: YAMLNode, as type: FieldType, what: String) -> CheckedValue? {
        visited += 1
        guard visited <= nodeBudget else {
            if !budgetReported {
                budgetReported = true
                error(
                    node.position,
                    "the file has more than \(nodeBudget) YAML nodes; scenarios are far smaller (is this a generated or malicious file?)"
                )
            }
            return nil
        }
        let mark = node.position
        switch type {
        case .text:
            return scalarText(node, what: what).map { .string($0, mark) }
        case .identifier:
            guard let text = scalarText(node, what: what) else { return nil }
            guard Self.isIdentifier(text) else {
                error(
                    mark,
                    "'\(text)' is not a valid identifier for \(what): use lowercase letters, digits, '.', '_' and '-', "
                        + "starting with a letter or digit"
                )
                return nil
            }
            return .string(text, mark)
        case let .integer(range):
            guard let text = scalarText(node, what: what) else { return nil }
            guard let value = Int(text) else {
                error(mark, "\(what) must be a whole number, not '\(text)'")
                return nil
            }
            guard range.contains(value) else {
                error(mark, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
                return nil
            }
            return .integer(value, mark)
        case .boolean:
            guard let text = scalarText(node, what: what) else { return nil }
            switch text {
            case "true": return .boolean(true, mark)
            case "false": return .boolean(false, mark)
            default:
                error(mark, "\(what) must be true or false, not '\(text)'")
                return nil
            }
        case .duration:
            guard let text = scalarText(node, what: what) else { return nil }
            guard let seconds = Self.parseDuration(text) else {
                error(mark, "\(what) must be a duration such as 8s, 1.5s, 250ms or 2m, not '\(text)'")
                return nil
            }
            return .duration(seconds, mark)
        case let .choice(options):
            guard let text = scalarText(node, what: what) else { return nil }
            guard options.contains(text) else {
                error(
                    mark,
                    "\(what) cannot be '\(text)'\(Self.suggestion(for: text, among: options)); expected one of \(options.joined(separator: ", "))"
                )
                return nil
            }
            return .string(text, mark)
        case .selector:
            guard let text = scalarText(node, what: what) else { return nil }
            do {
                _ = try Selector(text)
            } catch {
                let column = selectorColumn(node, error.column)
                diagnostics.append(
                    source.diagnostic(
                        .error, line: column.line, column: column.column,
                        "invalid CSS selector in \(what): \(error.message)"))
                return nil
            }
            return .string(text, mark)
        case .path:
            return scalarText(node, what: what).map { .string($0, mark) }
        case .url:
            guard let text = scalarText(node, what: what) else { return nil }
            guard Self.isHTTPURL(text) else {
                error(mark, "\(what) must be an absolute http or https URL, not '\(text)'")
                return nil
            }
            return .string(text, mark)
        case let .list(element):
            guard case let .sequence(sequence) = node else {
                error(mark, "\(what) must be a list, found \(Self.describe(node))")
                return nil
            }
            let values = sequence.compactMap { read($0, as: element, what: Self.singular(what)) }
            return .list(values, mark)
        case let .object(schema):
            return readObject(node, schema: schema, what: what).map { .object($0) }
        case .stringMap:
            guard case let .mapping(mapping) = node else {
                error(mark, "\(what) must be a mapping of names to values, found \(Self.describe(node))")
                return nil
            }
            var pairs: [(key: String, value: CheckedValue)] = []
            for (key, value) in mapping {
                guard let name = scalarText(key, what: "a key in \(what)"),
                    let text = read(value, as: .text, what: "the value of '\(name)'")
                else { continue }
                pairs.append((name, text))
            }
            return .map(pairs, mark)
        case .identifierOrList:
            if case .sequence = node { return read(node, as: .list(.identifier), what: what) }
            return read(node, as: .identifier, what: what).map { .list([$0], mark) }
        case .step:
            return readStep(node).map { .object($0) }
        }
    }

    // MARK: Mappings

    package func readObject(_ node: YAMLNode, schema: ObjectSchema, what: String) -> CheckedObject? {
        guard case let .mapping(mapping) = node else {
            error(node.position, "\(what) must be a mapping (key: value), found \(Self.describe(node))")
            return nil
        }
        return readFields(mapping, fields: schema.fields, context: schema.name, extraKeys: [])
    }

    /// Reads a mapping's keys against `fields`, reporting unknown and missing keys.
    private func readFields(
        _ mapping: YAMLNode.Mapping, fields: [FieldSchema], context: String, extraKeys: Set<String>,
        exactlyOneOf: [[String]] = []
    ) -> CheckedObject {
        var object = CheckedObject(
            fields: [:], mark: mapping.mark.map { Position(line: $0.line, column: $0.column) } ?? .unknown)
        let known = fields.map(\.name)
        var misspelled: Set<String> = []
        for (keyNode, valueNode) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                error(keyNode.position, "keys in \(context) must be plain names, found \(Self.describe(keyNode))")
                continue
            }
            let key = scalar.string
            if extraKeys.contains(key) { continue }
            guard let field = fields.first(where: { $0.name == key }) else {
                let closest = Self.closest(to: key, among: known + extraKeys.sorted())
                if let closest { misspelled.insert(closest) }
                error(
                    keyNode.position,
                    "unknown key '\(key)' in \(context)\(closest.map { " (did you mean '\($0)'?)" } ?? "")")
                continue
            }
            if let value = read(valueNode, as: field.type, what: "'\(key)'") {
                object.fields[key] = value
            }
        }
        let present = Set(mapping.map { $0.key.string ?? "" })
        // A misspelled required key is reported once, as the unknown key that suggests it.
        for field in fields where field.required && !present.contains(field.name) && !misspelled.contains(field.name) {
            error(object.mark, "\(context) is missing the required key '\(field.name)'")
        }
        for group in exactlyOneOf {
            let given = group.filter(present.contains)
            if given.count != 1 {
                let list = group.map { "'\($0)'" }.joined(separator: ", ")
                error(
                    object.mark,
                    given.isEmpty
                        ? "\(context) needs one of \(list)"
                        : "\(context) takes only one of \(list), found \(given.count)")
            }
        }
        return object
    }

    /// A step names its actor as a key (`customer: type`); the action then fixes the allowed keys.
    private func readStep(_ node: YAMLNode) -> CheckedObject? {
        guard case let .mapping(mapping) = node else {
            error(
                node.position,
                "a step must be a mapping such as `customer: click` with its keys, found \(Self.describe(node))")
            return nil
        }
        let actorKeys = mapping.filter { ScenarioFormat.actors.contains($0.key.string ?? "") }
        guard actorKeys.count == 1, let (actorNode, actionNode) = actorKeys.first, let actor = actorNode.string else {
            if actorKeys.isEmpty {
                let keys = mapping.compactMap { $0.key.string }
                let hint =
                    keys.compactMap { key in
                        Self.closest(to: key, among: ScenarioFormat.actors).map {
                            " (did you mean '\($0)' instead of '\(key)'?)"
                        }
                    }.first ?? ""
                error(
                    Position(line: mapping.mark?.line ?? 0, column: mapping.mark?.column ?? 0),
                    "a step needs exactly one actor key: customer, agent, system or session\(hint)")
            } else {
                error(
                    actorKeys[1].key.position,
                    "a step has one actor, found \(actorKeys.map { $0.key.string ?? "" }.joined(separator: " and "))")
            }
            return nil
        }
        let names = ScenarioFormat.actions.filter { $0.actor == actor }.map(\.name)
        guard let actionName = scalarText(actionNode, what: "the \(actor) action") else { return nil }
        guard let action = ScenarioFormat.action(actor, actionName) else {
            error(
                actionNode.position,
                "unknown \(actor) action '\(actionName)'\(Self.suggestion(for: actionName, among: names)); expected one of \(names.joined(separator: ", "))"
            )
            // Keep the step's id and actor, so expectations that name it do not report it missing too.
            var partial = CheckedObject(fields: [:], mark: actorNode.position, actor: actor, action: nil)
            if let idNode = mapping["id"], let id = read(idNode, as: .identifier, what: "'id'") {
                partial.fields["id"] = id
            }
            return partial
        }
        var object = readFields(
            mapping, fields: ScenarioFormat.commonStepFields + action.fields,
            context: "a '\(actor): \(actionName)' step", extraKeys: [actor], exactlyOneOf: action.exactlyOneOf)
        object.actor = actor
        object.action = actionName
        object.mark = actorNode.position
        return object
    }

    // MARK: Scalars

    /// The scalar's text; a null, a list or a mapping is an error.
    package func scalarText(_ node: YAMLNode, what: String) -> String? {
        guard case let .scalar(scalar) = node else {
            error(node.position, "\(what) must be a single value, found \(Self.describe(node))")
            return nil
        }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            error(node.position, "\(what) has no value")
            return nil
        }
        return scalar.string
    }

    /// Where a column inside a selector lands in the YAML file (exact for single-line scalars).
    private func selectorColumn(_ node: YAMLNode, _ column: Int) -> (line: Int, column: Int) {
        guard case let .scalar(scalar) = node, let mark = scalar.mark else { return (0, 0) }
        // Yams marks a quoted scalar at its opening quote.
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        return (mark.line, mark.column + (quoted ? 1 : 0) + column - 1)
    }

    package static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    package static func singular(_ what: String) -> String {
        "an entry of \(what)"
    }

    package static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 128 else { return false }
        let lowerOrDigit: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return lowerOrDigit(first)
            && text.unicodeScalars.allSatisfy { lowerOrDigit($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    package static func isHTTPURL(_ text: String) -> Bool {
        guard let match = text.wholeMatch(of: /https?:\/\/([A-Za-z0-9.-]+)(:\d{1,5})?([\/?#][^\s]*)?/) else {
            return false
        }
        return !match.1.isEmpty
    }

    package static func parseDuration(_ text: String) -> Double? {
        guard let match = text.wholeMatch(of: /(\d+(?:\.\d+)?)\s*(ms|s|m)?/) else { return nil }
        guard let number = Double(match.1) else { return nil }
        switch match.2 {
        case "ms": return number / 1000
        case "m": return number * 60
        default: return number
        }
    }

    /// The closest candidate within a small edit distance, if any.
    ///
    /// A suggestion is at most three edits away, so only candidates within three characters of the text's length are
    /// compared, and a text over 256 characters gets none (a 40 KB path against 1,000 files took 38 s).
    package static func closest(to text: String, among candidates: [String]) -> String? {
        let length = text.count
        guard length <= 256 else { return nil }
        let lowered = text.lowercased()
        let scored = candidates.filter { abs($0.count - length) <= 3 }.map {
            ($0, editDistance(lowered, $0.lowercased()))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, min(3, best.0.count / 3)) else { return nil }
        return best.0
    }

    /// " (did you mean 'x'?)" for the closest candidate, else "".
    package static func suggestion(for text: String, among candidates: [String]) -> String {
        closest(to: text, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
