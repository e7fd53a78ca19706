import Detectors
import Fields
import Markup
import Scenarios

/// The privacy decision for one element, made once and then only ever made stricter.
package struct PrivacyDecision: Equatable {
    /// The rule that masks the element's text and values (its own, or an ancestor's), if any.
    package var maskRule: PrivacyRule?
    /// The rule that blocks the element (shown as an empty placeholder, refused to the agent), if any.
    package var blockRule: PrivacyRule?
    /// Under the strict level: inside an allow-listed element.
    package var allowed = false
    /// The rule that masks the element's text only (the profile's `mask-text` or `mask-all-text`), its own or an
    /// ancestor's: its text nodes and, on `<title>`, the page title; not field values, attributes or agent actions.
    package var textMaskRule: PrivacyRule?
    /// Inside an element the profile's `unmask` names: the profile's blanket masks (all text, input kinds) stop here.
    package var unmasked = false

    package var isMasked: Bool { maskRule != nil }
    package var isBlocked: Bool { blockRule != nil }
    /// Whether the element's text is masked: by a full mask, or by a text-only one.
    package var masksText: Bool { maskRule != nil || textMaskRule != nil }

    /// Sticky privacy: a later evaluation may add masking or blocking, never take it away.
    package func tightened(by other: PrivacyDecision) -> PrivacyDecision {
        PrivacyDecision(
            maskRule: maskRule ?? other.maskRule, blockRule: blockRule ?? other.blockRule,
            allowed: allowed && other.allowed, textMaskRule: textMaskRule ?? other.textMaskRule,
            unmasked: unmasked && other.unmasked)
    }
}

/// A profile's mirror rules with their selectors parsed, consulted for every element at every privacy level.
package struct ProfileMirrorRules: Sendable {
    package let mask: [(source: String, selector: Selector)]
    package let maskText: [(source: String, selector: Selector)]
    package let maskAllText: Bool
    package let unmask: [(source: String, selector: Selector)]
    package let maskInputs: Set<InputKind>
    /// Attribute names masked on every element; `maskAllAttributes` for `*`.
    package let maskAttributes: Set<String>
    package let maskAllAttributes: Bool
    package let maskContent: Set<DetectorClass>
    package let block: [(source: String, selector: Selector)]
    package let unblock: [(source: String, selector: Selector)]
    package let ignore: [(source: String, selector: Selector)]
    package let omit: Set<Omission>

    /// No rules: every built-in profile.
    package static let empty = ProfileMirrorRules()

    private init() {
        mask = []
        maskText = []
        unmask = []
        block = []
        unblock = []
        ignore = []
        maskAllText = false
        maskInputs = []
        maskAttributes = []
        maskAllAttributes = false
        maskContent = []
        omit = []
    }

    /// Parses `rules` with `parse`, which names the profile's key in its error.
    init(
        _ rules: MirrorRules,
        parse: ([String], String) throws -> [(source: String, selector: Selector)]
    ) throws {
        mask = try parse(rules.mask, "mask")
        maskText = try parse(rules.maskText, "mask-text")
        maskAllText = rules.maskAllText
        unmask = try parse(rules.unmask, "unmask")
        maskInputs = Set(rules.maskInputs)
        maskAttributes = Set(rules.maskAttributes.filter { $0 != "*" })
        maskAllAttributes = rules.maskAttributes.contains("*")
        maskContent = Set(rules.maskContent)
        block = try parse(rules.block, "block")
        unblock = try parse(rules.unblock, "unblock")
        ignore = try parse(rules.ignore, "ignore")
        omit = Set(rules.omit)
    }

    /// The profile's full mask for `element` (text, value, state), or nil: its `mask` selectors always, its input
    /// kinds outside `unmask`.
    func maskRule(for element: Node, name: String, unmasked: Bool) -> PrivacyRule? {
        if let rule = mask.first(where: { $0.selector.matches(element) }) { return .profile("mask \(rule.source)") }
        guard !unmasked, !maskInputs.isEmpty, let kind = InputKind.of(element, name: name), maskInputs.contains(kind)
        else { return nil }
        return .profile("mask-inputs \(kind.rawValue)")
    }

    /// The profile's text-only mask for `element`, or nil: its `mask-text` selectors always, `mask-all-text` outside
    /// `unmask`.
    func textMaskRule(for element: Node, unmasked: Bool) -> PrivacyRule? {
        if let rule = maskText.first(where: { $0.selector.matches(element) }) {
            return .profile("mask-text \(rule.source)")
        }
        return maskAllText && !unmasked ? PrivacyRule.profileAllText : nil
    }

    /// Whether input events from `element` stay home (rrweb's ignore judges the field itself, not its ancestors).
    package func ignores(_ element: Node) -> Bool { ignore.contains { $0.selector.matches(element) } }

    /// Whether the profile masks attribute `name` on every element.
    package func masksAttribute(_ name: String) -> Bool { maskAllAttributes || maskAttributes.contains(name) }
}

/// The masking and blocking rules of one session: the privacy level's defaults plus the policy's selectors.
///
/// Rules only add: every signal that says "private" masks, and nothing a policy or
/// scenario adds can un-mask what a default rule masks (the rrweb trap, where
/// configuring one extra masked input type silently un-masked passwords).
package struct PrivacyRules {
    package let level: PrivacyLevel
    package let mask: [(source: String, selector: Selector)]
    package let block: [(source: String, selector: Selector)]
    package let allow: [(source: String, selector: Selector)]
    package let attributeAllowList: Set<String>
    /// Attributes the policy names explicitly (`attributes:`): text attributes among them cross unmasked.
    package let policyAttributes: Set<String>
    /// Field classes masked besides the default ones (`mask-fields:`, e.g. the cardholder's name).
    package let extraFieldClasses: Set<FieldClass>
    /// Sensitive actions the policy lets agents take after consent, and controls it lets them press.
    package let allowedActions: Set<ControlAction>
    package let allowedControls: [(source: String, selector: Selector)]
    /// The profile's own rules (a translated SDK configuration), honoured at every level; none for built-in profiles.
    package let profile: ProfileMirrorRules

    package init(level: PrivacyLevel, policy: Policy, profile rules: MirrorRules? = nil) throws {
        func parse(
            _ list: [String], _ what: String, owner: String = "policy"
        ) throws -> [(source: String, selector: Selector)] {
            try list.map { source in
                do throws(SelectorError) {
                    return (source: source, selector: try Selector(source))
                } catch {
                    throw ModelFactory.Failure(
                        description: "the \(owner)'s \(what) selector '\(source)' is invalid: \(error.message)")
                }
            }
        }
        self.level = level
        profile =
            try rules.map { given in
                try ProfileMirrorRules(given, parse: { list, what in try parse(list, what, owner: "profile") })
            } ?? ProfileMirrorRules.empty
        mask = try parse(policy.mask, "mask")
        block = try parse(policy.block, "block")
        allow = try parse(policy.allow, "allow")
        attributeAllowList = Self.defaultAttributes.union(policy.extraAttributes)
        policyAttributes = Set(policy.extraAttributes)
        extraFieldClasses = Set(policy.maskFields.compactMap(FieldClass.init(rawValue:)))
        allowedActions = Set(policy.allowActions.compactMap(ControlAction.init(rawValue:)))
        allowedControls = try parse(policy.allowControls, "allow-controls")
    }

    /// Whether this session refuses the agent `action` on `control`: at the standard and strict levels every sensitive
    /// action, unless the policy allows its kind or the control; the naive and basic levels model mirrors without the rule.
    package func refuses(_ action: ControlAction, on control: Node) -> Bool {
        guard level >= .standard, !allowedActions.contains(action) else { return false }
        return !allowedControls.contains { $0.selector.matches(control) }
    }

    /// Attributes the standard and strict levels pass: structure, form state and accessibility, not free text.
    package static let defaultAttributes: Set<String> = [
        "id", "class", "name", "type", "for", "role", "lang", "dir", "href", "src", "action", "method", "target",
        "rel", "colspan", "rowspan", "scope", "width", "height", "disabled", "checked", "selected", "readonly",
        "required", "multiple", "maxlength", "minlength", "size", "inputmode", "autocomplete", "tabindex", "hidden",
        "aria-hidden", "aria-expanded", "aria-pressed", "aria-controls", "aria-describedby", "aria-labelledby",
        "placeholder", "title", "alt", "aria-label", "value", "charset", "content", "http-equiv", "poster",
    ]

    /// Attributes a masked element keeps: its shape and role, never data.
    package static let structuralAttributes: Set<String> = [
        "id", "class", "name", "type", "for", "role", "lang", "dir", "colspan", "rowspan", "scope", "width", "height",
        "disabled", "readonly", "required", "multiple", "maxlength", "minlength", "size", "inputmode", "autocomplete",
        "tabindex", "hidden", "aria-hidden", "aria-expanded", "aria-pressed", "aria-controls", "aria-describedby",
        "aria-labelledby",
    ]

    /// Attributes whose text is masked on a masked element.
    package static let textAttributes: Set<String> = [
        "placeholder", "title", "alt", "aria-label", "aria-valuetext", "label",
    ]

    /// Elements whose content never reaches the agent above the naive and basic levels.
    package static let strippedElements: Set<String> = ["script", "noscript", "template"]

    /// Whether `name` elements are left out whole: above the basic level scripts, noscript and templates; at any level
    /// the scripts the profile omits.
    package func strips(_ name: String) -> Bool {
        (level >= .standard && Self.strippedElements.contains(name))
            || (name == "script" && profile.omit.contains(.scripts))
    }

    /// Whether the element crosses without its content: a script's text, a template's content, when the profile omits
    /// them (a declarative shadow root is a template a browser renders, so it keeps its content).
    package func dropsContent(of element: Node, name: String) -> Bool {
        switch name {
        case "script": profile.omit.contains(.scriptText)
        case "template": profile.omit.contains(.templateContent) && element.attribute("shadowrootmode") == nil
        default: false
        }
    }

    /// Whether comments cross: at the naive and basic levels, unless the profile omits them.
    package var sendsComments: Bool { level <= .basic && !profile.omit.contains(.comments) }

    /// The element's decision, starting from its parent's: masking, blocking and allow-listing are inherited.
    /// `name` is the element's name, which the caller already has: names are not rebuilt per rule.
    package func decide(
        _ element: Node, name: String, parent: PrivacyDecision, fields: FieldClassifier
    ) -> PrivacyDecision {
        var decision = parent
        if decision.blockRule == nil, let rule = block.first(where: { $0.selector.matches(element) }) {
            decision.blockRule = .blockSelector(rule.source)
        }
        // The profile's blocks, except where its unblock names the element: the SDKs judge both on the element itself.
        if decision.blockRule == nil, let rule = profile.block.first(where: { $0.selector.matches(element) }),
            !profile.unblock.contains(where: { $0.selector.matches(element) })
        {
            decision.blockRule = .profile("block \(rule.source)")
        }
        if level == .strict, !decision.allowed, allow.contains(where: { $0.selector.matches(element) }) {
            decision.allowed = true
        }
        // The strict level's blanket mask stops at an allow-listed element; every other mask rule is inherited.
        if decision.allowed, decision.maskRule == .strictDefault { decision.maskRule = nil }
        // Likewise the profile's blanket text mask at its unmask, which stops nothing else.
        if !decision.unmasked, profile.unmask.contains(where: { $0.selector.matches(element) }) {
            decision.unmasked = true
        }
        if decision.unmasked, decision.textMaskRule == PrivacyRule.profileAllText { decision.textMaskRule = nil }
        if decision.maskRule == nil {
            // The level's rule first, so a password field is named a password field whatever the profile says too.
            decision.maskRule =
                maskRule(for: element, name: name, fields: fields, allowed: decision.allowed)
                ?? profile.maskRule(for: element, name: name, unmasked: decision.unmasked)
        }
        if decision.maskRule == nil, decision.textMaskRule == nil {
            decision.textMaskRule = profile.textMaskRule(for: element, unmasked: decision.unmasked)
        }
        return decision
    }

    private func maskRule(for element: Node, name: String, fields: FieldClassifier, allowed: Bool) -> PrivacyRule? {
        switch level {
        case .naive:
            return nil
        case .basic:
            return name == "input" && isPassword(element) ? .passwordField : nil
        case .standard, .strict:
            if Self.isField(element, name: name) {
                if name == "input" {
                    let type = element.attribute("type")?.lowercased()
                    if type == "password" { return .passwordField }
                    if type == "file" { return .fileInput }
                }
                // A hidden input's value never crosses above the basic level: the classifier's class for it masks nothing a
                // person sees (a policy selector still applies below).
                if !FieldClassifier.isHiddenInput(element), let field = fields.classification(of: element),
                    masks(field.fieldClass)
                {
                    return .field(field.rule)
                }
            }
            if let rule = mask.first(where: { $0.selector.matches(element) }) { return .maskSelector(rule.source) }
            if level == .strict, !allowed { return .strictDefault }
            return nil
        }
    }

    /// Whether this session masks fields of `fieldClass`: every sensitive class by default, the cardholder's name
    /// when the policy asks (and under the strict level, which masks everything not allowed).
    package func masks(_ fieldClass: FieldClass) -> Bool {
        fieldClass.isMaskedByDefault
            || (fieldClass.isSensitive && (extraFieldClasses.contains(fieldClass) || level == .strict))
    }

    /// Form fields and editable regions: what customers type into. (An editable region is a field too: rich-text editors.)
    package static func isField(_ element: Node, name: String) -> Bool {
        name == "input" || name == "select" || name == "textarea" || isEditable(element)
    }

    /// `contenteditable` (empty, `true` or `plaintext-only`): the region takes typing like a field.
    package static func isEditable(_ element: Node) -> Bool { FieldClassifier.isEditable(element) }

    package func isPassword(_ element: Node) -> Bool {
        element.name == "input" && element.attribute("type")?.lowercased() == "password"
    }

}
