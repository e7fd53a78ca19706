import Fields
import Foundation
import Scenarios

/// The organisation's co-browsing policy: applies to every session; agents cannot override it,
/// and a scenario can add rules to it but never remove any.
public struct Policy: Sendable, Hashable, Codable {
    /// The name expectations use to say they hold only under this policy (`policy: default`); `default` is the
    /// built-in one's, and a file's is its `name:` or its file name without `.yaml`.
    public var name: String
    /// Selectors whose content is masked, on top of the default rules.
    public var mask: [String]
    /// Selectors the agent may not act on (and which the mirror shows as empty placeholders).
    public var block: [String]
    /// Selectors whose text and values stay visible under the strict level (its allow-list).
    public var allow: [String]
    /// Origins the mirror may show; empty means the co-browsed tab's origin at the session start.
    public var allowedOrigins: [String]
    /// The lowest privacy level any profile may run at: a profile below it runs at this level.
    public var minimumPrivacy: PrivacyLevel
    /// When set, overrides the profile's mask length.
    public var maskLength: MaskLength?
    /// Whether sessions may be recorded at all.
    public var recordingAllowed: Bool
    /// Whether the agent needs the customer's explicit grant before acting on the page.
    public var controlRequiresConsent: Bool
    /// Attributes passed to the agent besides the built-in allow-list (e.g. `data-product-id`).
    public var extraAttributes: [String]
    /// Field classes masked besides the default ones (the cardholder's name is the one sensitive class not masked by default).
    public var maskFields: [String] = []
    /// Sensitive actions the organisation lets its agents take after consent (`payment`, `money-transfer`, …); the standard
    /// and strict levels refuse every other one.
    public var allowActions: [String] = []
    /// Selectors of controls the agent may press after consent even though they are sensitive (a shop's own "Apply coupon and pay").
    public var allowControls: [String] = []

    /// The policy names a run under this policy knows, for the loader's typo check: the built-in one's and its own.
    public var knownNames: [String] { Array(Set([Self.defaultName, name])).sorted() }

    /// The built-in policy's name, which no policy file may take.
    public static let defaultName = Expectation.builtInPolicy

    /// The policy used when none is given: no extra rules, consent required, recording allowed.
    public static let `default` = Policy(
        name: defaultName, mask: [], block: [], allow: [], allowedOrigins: [], minimumPrivacy: .naive,
        maskLength: nil, recordingAllowed: true, controlRequiresConsent: true, extraAttributes: [])

    /// What a co-browsing profile runs at under this policy: never below its minimum privacy, its mask length when it
    /// sets one, and recorded only when both allow it. (Screen sharing and remote desktop send pixels; the co-browsing
    /// policy has nothing to apply to them.)
    public func settings(for profile: Profile) -> (privacy: PrivacyLevel, maskLength: MaskLength, recording: Bool) {
        (max(profile.privacy, minimumPrivacy), maskLength ?? profile.maskLength, profile.recording && recordingAllowed)
    }

    /// `profile`'s parameters as it runs under this policy, each with what the policy changed (nil when nothing).
    public func parameters(of profile: Profile) -> [(key: String, value: String, changed: String?)] {
        let settings = settings(for: profile)
        let effective: [String: String] =
            profile.model == .cobrowse
            ? [
                "privacy": settings.privacy.rawValue, "mask-length": settings.maskLength.rawValue,
                "recording": String(settings.recording),
            ] : [:]
        let rules = ["privacy": "minimum-privacy", "mask-length": "mask-length", "recording": "recording"]
        return profile.parameters.map { key, value in
            guard let now = effective[key], now != value, let rule = rules[key] else { return (key, value, nil) }
            return (key, now, "the profile says \(value); the policy's \(rule) sets it")
        }
    }

    /// This policy with a scenario's additions: rules are added, never removed.
    public func adding(_ additions: PolicyAdditions) -> Policy {
        var merged = self
        merged.mask += additions.mask.filter { !mask.contains($0) }
        merged.block += additions.block.filter { !block.contains($0) }
        return merged
    }

    /// The format of a policy file.
    public static let schema = ObjectSchema(
        name: "policy-file", summary: "The organisation's co-browsing policy.",
        fields: [
            FieldSchema(
                "name", .identifier, default: "the file's name without .yaml",
                "The policy's name; an expectation with `policy: NAME` is checked only under it (`default` is the built-in policy's).",
                example: "acme-bank"),
            FieldSchema(
                "mask", .list(.selector), default: "none", "Selectors whose content is masked.",
                example: "['.account-balance', '[data-private]']"),
            FieldSchema(
                "block", .list(.selector), default: "none", "Selectors the agent may not act on.",
                example: "['form#checkout button[type=submit]']"),
            FieldSchema(
                "allow", .list(.selector), default: "none", "Selectors left visible under the strict level.",
                example: "['nav', 'h1']"),
            FieldSchema(
                "allowed-origins", .list(.url), default: "the co-browsed tab's origin", "Origins the mirror may show.",
                example: "['https://shop.example.ch']"),
            FieldSchema(
                "minimum-privacy", .choice(PrivacyLevel.allCases.map(\.rawValue)), default: "naive",
                "The lowest privacy level a profile may run at.", example: "standard"),
            FieldSchema(
                "mask-length", .choice(MaskLength.allCases.map(\.rawValue)), default: "the profile's",
                "How masked text is written.", example: "fixed"),
            FieldSchema("recording", .boolean, default: "true", "Whether sessions may be recorded.", example: "false"),
            FieldSchema(
                "control-requires-consent", .boolean, default: "true",
                "Whether the agent needs the customer's grant to act.", example: "true"),
            FieldSchema(
                "attributes", .list(.text), default: "none", "Extra attributes passed to the agent.",
                example: "['data-product-id']"),
            FieldSchema(
                "mask-fields", .list(.choice(FieldClass.allCases.filter(\.isSensitive).map(\.rawValue))),
                default: "none",
                "Field classes masked besides the default ones (every sensitive class but cardholder-name is masked by default).",
                example: "[cardholder-name]"),
            FieldSchema(
                "allow-actions", .list(.choice(ControlAction.allCases.map(\.rawValue))), default: "none",
                "Sensitive actions agents may take after the customer's consent; the standard and strict levels refuse all others.",
                example: "[payment]"),
            FieldSchema(
                "allow-controls", .list(.selector), default: "none",
                "Controls agents may press after consent although they are sensitive.",
                example: "['#apply-voucher-and-pay']"),
        ])

    /// The JSON Schema of a policy file (`Scenarios/policy.schema.json`), for editors.
    public static func jsonSchema() -> String {
        FormatDocumentation.jsonSchema(
            root: schema, objects: [], id: "https://supportscope.example/schema/policy.schema.json",
            title: "SupportScope policy")
    }

    /// The key reference of a policy file (docs/POLICY.md), as a Markdown table.
    public static func markdownReference() -> String {
        FormatDocumentation.markdownReference(root: schema, objects: [])
    }

    private enum CodingKeys: String, CodingKey {
        case name, mask, block, allow, allowedOrigins, minimumPrivacy, maskLength, recordingAllowed,
            controlRequiresConsent,
            extraAttributes, maskFields
        case allowActions, allowControls
    }

    /// Decodes a policy; keys added after a shard file was written (`maskFields`) take their defaults.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        mask = try container.decode([String].self, forKey: .mask)
        block = try container.decode([String].self, forKey: .block)
        allow = try container.decode([String].self, forKey: .allow)
        allowedOrigins = try container.decode([String].self, forKey: .allowedOrigins)
        minimumPrivacy = try container.decode(PrivacyLevel.self, forKey: .minimumPrivacy)
        maskLength = try container.decodeIfPresent(MaskLength.self, forKey: .maskLength)
        recordingAllowed = try container.decode(Bool.self, forKey: .recordingAllowed)
        controlRequiresConsent = try container.decode(Bool.self, forKey: .controlRequiresConsent)
        extraAttributes = try container.decode([String].self, forKey: .extraAttributes)
        maskFields = try container.decodeIfPresent([String].self, forKey: .maskFields) ?? []
        allowActions = try container.decodeIfPresent([String].self, forKey: .allowActions) ?? []
        allowControls = try container.decodeIfPresent([String].self, forKey: .allowControls) ?? []
    }

    /// A policy with every rule given; `name` is what expectations use to say they hold under it.
    public init(
        name: String, mask: [String], block: [String], allow: [String], allowedOrigins: [String],
        minimumPrivacy: PrivacyLevel,
        maskLength: MaskLength?, recordingAllowed: Bool, controlRequiresConsent: Bool, extraAttributes: [String],
        maskFields: [String] = [], allowActions: [String] = [], allowControls: [String] = []
    ) {
        self.name = name
        self.mask = mask
        self.block = block
        self.allow = allow
        self.allowedOrigins = allowedOrigins
        self.minimumPrivacy = minimumPrivacy
        self.maskLength = maskLength
        self.recordingAllowed = recordingAllowed
        self.controlRequiresConsent = controlRequiresConsent
        self.extraAttributes = extraAttributes
        self.maskFields = maskFields
        self.allowActions = allowActions
        self.allowControls = allowControls
    }

    /// Loads a policy file; nil with diagnostics when it has errors.
    public static func load(file path: String) -> (policy: Policy?, diagnostics: [Diagnostic]) {
        policy(from: YAMLDocument.read(file: path, schema: schema, what: "the policy"), path: path)
    }

    /// Loads a policy from its text (`path` names it in diagnostics).
    public static func load(text: String, path: String) -> (policy: Policy?, diagnostics: [Diagnostic]) {
        policy(from: YAMLDocument.read(text: text, path: path, schema: schema, what: "the policy"), path: path)
    }

    private static func policy(
        from read: YAMLDocument.Read, path: String
    ) -> (
        policy: Policy?, diagnostics: [Diagnostic]
    ) {
        guard let object = read.object, let reader = read.reader, !read.diagnostics.hasErrors else {
            return (nil, read.diagnostics)
        }
        func refuse(_ mark: Position, _ message: String) -> (policy: Policy?, diagnostics: [Diagnostic]) {
            (nil, read.diagnostics + [reader.source.diagnostic(.error, line: mark.line, column: mark.column, message)])
        }
        let fileName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let name = object.string("name") ?? fileName
        let written = object["name"] == nil ? " (the file's name, used when it has no name:)" : ""
        // Expectations name policies by identifiers: a file name that is not one could never be named.
        if object["name"] == nil, fileName.wholeMatch(of: /[a-z0-9][a-z0-9._-]*/) == nil {
            return refuse(
                object.mark,
                "the policy has no name: and its file's name '\(fileName)' is not an identifier (lowercase letters, "
                    + "digits, '.', '_', '-'), so no expectation could name it; add a name:")
        }
        // An expectation written for the built-in policy must not be checked under an organisation's.
        if name == defaultName {
            return refuse(
                object["name"]?.mark ?? object.mark,
                "the name '\(defaultName)'\(written) is the built-in policy's; give the policy a name: of its own")
        }
        let origins = object.strings("allowed-origins").map { Policy.origin(of: $0) ?? $0 }
        let policy = Policy(
            name: name, mask: object.strings("mask"), block: object.strings("block"), allow: object.strings("allow"),
            allowedOrigins: origins,
            minimumPrivacy: object.string("minimum-privacy").flatMap(PrivacyLevel.init) ?? .naive,
            maskLength: object.string("mask-length").flatMap(MaskLength.init),
            recordingAllowed: object["recording"]?.boolean ?? true,
            controlRequiresConsent: object["control-requires-consent"]?.boolean ?? true,
            extraAttributes: object.strings("attributes").map { $0.lowercased() },
            maskFields: object.strings("mask-fields"), allowActions: object.strings("allow-actions"),
            allowControls: object.strings("allow-controls"))
        return (policy, read.diagnostics)
    }

    /// `scheme://host[:port]` of a URL, lowercased; nil when it has none (`ScenarioURL.origin`).
    public static func origin(of url: String) -> String? { ScenarioURL.origin(of: url) }
}
