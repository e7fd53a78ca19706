/// A declarative description of a YAML format: the one source from which the
/// loader checks keys and types, the JSON Schema is generated and the key
/// reference in `Scenarios/README.md` is written, so the three cannot drift.
public indirect enum FieldType: Sendable {
    /// Any string; `{{item}}` placeholders are allowed and checked.
    case text
    /// A lowercase identifier: letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    case identifier
    /// A whole number within a range.
    case integer(ClosedRange<Int>)
    /// `true` or `false`.
    case boolean
    /// A time span: `8s`, `1.5s`, `250ms`, `2m`, or a number of seconds.
    case duration
    /// One of a fixed set of words.
    case choice([String])
    /// A CSS selector, checked with the selector parser.
    case selector
    /// A file inside the scenario folder.
    case path
    /// An absolute `http(s)` URL.
    case url
    /// A list.
    case list(FieldType)
    /// A nested mapping.
    case object(ObjectSchema)
    /// A mapping from names to strings.
    case stringMap
    /// A single identifier or a list of them.
    case identifierOrList
    /// A step: exactly one actor key whose value names the action, which fixes the other keys.
    case step
}

/// One key of a mapping.
public struct FieldSchema: Sendable {
    /// The key.
    public let name: String
    /// The value's type.
    public let type: FieldType
    /// Whether the key must be present.
    public let required: Bool
    /// The value assumed when the key is absent, in words (nil: no default).
    public let defaultValue: String?
    /// One sentence on what the key means.
    public let summary: String
    /// An example value as it would be written in YAML.
    public let example: String

    package init(
        _ name: String, _ type: FieldType, required: Bool = false, default defaultValue: String? = nil,
        _ summary: String, example: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
        self.example = example
    }
}

/// A mapping's keys.
public struct ObjectSchema: Sendable {
    /// The name used in documentation and the JSON Schema's definitions.
    public let name: String
    /// What the mapping describes.
    public let summary: String
    /// The keys, in documentation order.
    public let fields: [FieldSchema]

    package init(name: String, summary: String, fields: [FieldSchema]) {
        self.name = name
        self.summary = summary
        self.fields = fields
    }

    package func field(_ name: String) -> FieldSchema? { fields.first { $0.name == name } }
}

/// Every action the format has, by its name: the step builder switches over these exhaustively, so an action the
/// format lists but the builder does not handle cannot compile.
public enum ActionKind: String, Sendable, Hashable, CaseIterable {
    case navigate, type, select, click, scroll, copy, notification, start, escalate, end
    case revealPassword = "reveal-password"
    case switchTab = "switch-tab"
    case switchWindow = "switch-window"
    case openFile = "open-file"
    case requestControl = "request-control"
    case readClipboard = "read-clipboard"
    case transferFile = "transfer-file"
    case pageChange = "page-change"
    case autofillPopup = "autofill-popup"
    case grantControl = "grant-control"
    case revokeControl = "revoke-control"
}

/// One action of one actor, with the keys it takes besides the common step keys.
public struct ActionSchema: Sendable {
    /// `customer`, `agent`, `system` or `session`.
    public let actor: String
    /// The action.
    public let kind: ActionKind
    /// The action's name, e.g. `type`.
    public var name: String { kind.rawValue }
    /// What the action does in the replay.
    public let summary: String
    /// Its own keys.
    public let fields: [FieldSchema]
    /// Groups of keys of which exactly one must be present (e.g. scroll takes `selector` or `y`).
    public let exactlyOneOf: [[String]]

    package init(
        _ actor: String, _ kind: ActionKind, _ summary: String, _ fields: [FieldSchema], exactlyOneOf: [[String]] = []
    ) {
        self.actor = actor
        self.kind = kind
        self.summary = summary
        self.fields = fields
        self.exactlyOneOf = exactlyOneOf
    }
}
