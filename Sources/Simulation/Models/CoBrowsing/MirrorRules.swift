import Detectors
import Markup
import Scenarios

/// A profile's own masking and blocking rules — a session-recording SDK's configuration, translated — which the mirror
/// honours at every privacy level, on top of the level's defaults and the policy.
///
/// The level still decides everything else (comments, attributes, URLs, the field classifier): a translated profile
/// runs at `naive`, the careless mirror rrweb is by default, and these rules add exactly what the SDK's configuration
/// hides. Rules only add, as everywhere in the mirror: `unmask` stops only this profile's own blanket masks
/// (`maskAllText`, `maskInputs`), and `unblock` only exempts an element from this profile's own `block`; neither can
/// un-mask or un-block what the level or the policy hides.
///
/// Every list is an array, never a `Set`: profiles are encoded into the run id, which must not depend on the order a
/// set happens to iterate in (`normalized()` sorts the enumerations and drops repeats).
public struct MirrorRules: Sendable, Hashable, Codable {
    /// Selectors whose text and field values are masked, with everything inside them (the policy's `mask`, and
    /// Sentry's `mask`, which serves text and inputs alike).
    public var mask: [String] = []
    /// Selectors whose text is masked, with the text of everything inside them; field values are left to `maskInputs`
    /// (rrweb's `maskTextClass` and `maskTextSelector`, which mask text nodes only).
    public var maskText: [String] = []
    /// Masks all text outside `unmask` (Sentry's `maskAllText`, PostHog's `maskTextSelector: '*'`).
    public var maskAllText = false
    /// Elements where the blanket masks stop, for them and everything inside: `maskAllText` and `maskInputs`.
    public var unmask: [String] = []
    /// Form controls whose values are masked, by rrweb's `maskInputOptions` keys.
    public var maskInputs: [InputKind] = []
    /// Attributes whose values are masked on every element; `*` masks every attribute.
    public var maskAttributes: [String] = []
    /// Detectors whose hits in text are masked (Highlight's default mode masks text its patterns match).
    public var maskContent: [DetectorClass] = []
    /// Selectors of elements sent as empty placeholders and refused to the agent.
    public var block: [String] = []
    /// Elements exempt from `block`: the element itself, as the SDKs judge it; a blocked ancestor still hides it.
    public var unblock: [String] = []
    /// Fields whose input events do not cross; their value still crosses in snapshots and mutations, as rrweb's
    /// `ignoreClass` has it.
    public var ignore: [String] = []
    /// Parts of the page that are not sent.
    public var omit: [Omission] = []

    public init() {}

    /// True when the rules hide nothing.
    public var isEmpty: Bool { self == MirrorRules() }

    /// These rules with every selector list free of repeats (in the order given, which decides the rule the audit
    /// trail names) and the enumerations sorted.
    public func normalized() -> MirrorRules {
        func unique(_ list: [String]) -> [String] {
            var seen = Set<String>()
            return list.filter { seen.insert($0).inserted }
        }
        var rules = self
        rules.mask = unique(mask)
        rules.maskText = unique(maskText)
        rules.unmask = unique(unmask)
        rules.maskAttributes = unique(maskAttributes)
        rules.block = unique(block)
        rules.unblock = unique(unblock)
        rules.ignore = unique(ignore)
        rules.maskInputs = Array(Set(maskInputs)).sorted()
        rules.maskContent = Array(Set(maskContent)).sorted()
        rules.omit = Array(Set(omit)).sorted()
        return rules
    }

    /// One line for `supportscope models`, the report's method section and the audit trail, e.g.
    /// `mask-all-text, mask-inputs all, block .sentry-block, [data-sentry-block], base +11, omit comments, scripts`.
    public var summary: String {
        func list(_ items: [String]) -> String {
            let shown = items.prefix(3).joined(separator: ", ")
            return items.count <= 3 ? shown : shown + " +\(items.count - 3)"
        }
        var parts: [String] = []
        if maskAllText { parts.append("mask-all-text") }
        if !unmask.isEmpty { parts.append("unmask " + list(unmask)) }
        if !mask.isEmpty { parts.append("mask " + list(mask)) }
        if !maskText.isEmpty { parts.append("mask-text " + list(maskText)) }
        if !maskInputs.isEmpty {
            let all = Set(maskInputs) == Set(InputKind.allCases)
            parts.append("mask-inputs " + (all ? "all" : list(maskInputs.map(\.rawValue))))
        }
        if !maskAttributes.isEmpty { parts.append("mask-attributes " + list(maskAttributes)) }
        if !maskContent.isEmpty { parts.append("mask-content " + list(maskContent.map(\.rawValue))) }
        if !block.isEmpty { parts.append("block " + list(block)) }
        if !unblock.isEmpty { parts.append("unblock " + list(unblock)) }
        if !ignore.isEmpty { parts.append("ignore " + list(ignore)) }
        if !omit.isEmpty { parts.append("omit " + omit.map(\.rawValue).joined(separator: ", ")) }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }

    // MARK: - The YAML form

    /// The format of a profile's `mirror:` block, so a translated profile can also be written down, reviewed and
    /// shipped with `--profiles-dir` like any other.
    public static let schema = ObjectSchema(
        name: "mirror",
        summary: "A co-browsing profile's own masking and blocking rules, honoured at every privacy level.",
        fields: [
            FieldSchema(
                "mask", .list(.selector), default: "none",
                "Selectors whose text and field values are masked, with everything inside them.",
                example: "['.sentry-mask']"),
            FieldSchema(
                "mask-text", .list(.selector), default: "none",
                "Selectors whose text is masked, with the text inside them; field values are left to mask-inputs.",
                example: "['.rr-mask']"),
            FieldSchema(
                "mask-all-text", .boolean, default: "false", "Masks all text outside the unmask selectors.",
                example: "true"),
            FieldSchema(
                "unmask", .list(.selector), default: "none",
                "Where mask-all-text and mask-inputs stop (never other rules).", example: "['nav']"),
            FieldSchema(
                "mask-inputs", .list(.choice(["all"] + InputKind.allCases.map(\.rawValue))), default: "none",
                "Form controls whose values are masked, by rrweb's maskInputOptions keys.",
                example: "[password, email]"),
            FieldSchema(
                "mask-attributes", .list(.text), default: "none", "Attributes masked on every element; '*' for all.",
                example: "[title, placeholder, aria-label]"),
            FieldSchema(
                "mask-content", .list(.choice(DetectorClass.allCases.map(\.rawValue))), default: "none",
                "Detectors whose hits in text are masked.", example: "[email, phone]"),
            FieldSchema(
                "block", .list(.selector), default: "none",
                "Selectors of elements sent as empty placeholders and refused to the agent.",
                example: "['.rr-block']"),
            FieldSchema(
                "unblock", .list(.selector), default: "none", "Elements exempt from this profile's block selectors.",
                example: "['img.logo']"),
            FieldSchema(
                "ignore", .list(.selector), default: "none",
                "Fields whose input events do not cross (their value still does in snapshots).",
                example: "['.rr-ignore']"),
            FieldSchema(
                "omit", .list(.choice(Omission.allCases.map(\.rawValue))), default: "none",
                "Parts of the page not sent.", example: "[comments, script-text]"),
        ])

    /// Reads a `mirror:` block the schema has checked.
    package init(_ object: CheckedObject) {
        mask = object.strings("mask")
        maskText = object.strings("mask-text")
        maskAllText = object["mask-all-text"]?.boolean ?? false
        unmask = object.strings("unmask")
        let inputs = object.strings("mask-inputs")
        maskInputs = inputs.contains("all") ? InputKind.allCases : inputs.compactMap(InputKind.init(rawValue:))
        maskAttributes = object.strings("mask-attributes").map { $0.lowercased() }
        maskContent = object.strings("mask-content").compactMap(DetectorClass.init(rawValue:))
        block = object.strings("block")
        unblock = object.strings("unblock")
        ignore = object.strings("ignore")
        omit = object.strings("omit").compactMap(Omission.init(rawValue:))
        self = normalized()
    }
}

/// A kind of form control whose value an SDK masks: rrweb's `maskInputOptions` keys, in rrweb's order.
public enum InputKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case color, date
    case datetimeLocal = "datetime-local"
    case email, month, number, range, search, tel, text, time, url, week, textarea, select, password

    public static func < (lhs: InputKind, rhs: InputKind) -> Bool { lhs.order < rhs.order }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// The kind of `element` as rrweb reads it, or nil when no option covers it: `textarea` and `select` by their tag;
    /// an input by its `type` as the DOM reports it, where a missing, empty or unknown type is `text` (so
    /// `type=" password"`, which no browser treats as a password field, is text here too) and hidden, file, checkbox,
    /// radio and button inputs have no option — their values are never masked by input options.
    package static func of(_ element: Node, name: String) -> InputKind? {
        switch name {
        case "textarea": return .textarea
        case "select": return .select
        case "input":
            let type = element.attribute("type")?.lowercased() ?? ""
            if let kind = InputKind(rawValue: type) { return kind }
            return uncoveredTypes.contains(type) ? nil : .text
        default: return nil
        }
    }

    /// Valid `type` values no `maskInputOptions` key names.
    private static let uncoveredTypes: Set<String> = [
        "hidden", "checkbox", "radio", "file", "submit", "image", "reset", "button",
    ]
}

/// Parts of the page a profile does not send.
public enum Omission: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Comments (rrweb's `slimDOMOptions.comment`).
    case comments
    /// `<script>` elements with their content (rrweb's `slimDOMOptions.script`).
    case scripts
    /// The text inside `<script>` elements, which rrweb always replaces by a placeholder; the element and its
    /// attributes cross.
    case scriptText = "script-text"
    /// The content of `<template>` elements, which a browser keeps out of the DOM tree a recorder walks (a declarative
    /// shadow root, `<template shadowrootmode>`, is rendered, and keeps its content).
    case templateContent = "template-content"

    public static func < (lhs: Omission, rhs: Omission) -> Bool { lhs.order < rhs.order }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
