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

    package var isMasked: Bool { maskRule != nil }
    package var isBlocked: Bool { blockRule != nil }

    /// Sticky privacy: a later evaluation may add masking or blocking, never take it away.
    package func tightened(by other: PrivacyDecision) -> PrivacyDecision {
        PrivacyDecision(
            maskRule: maskRule ?? other.maskRule, blockRule: blockRule ?? other.blockRule,
            allowed: allowed && other.allowed)
    }
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

    package init(level: PrivacyLevel, policy: Policy) throws {
        func parse(_ list: [String], _ what: String) throws -> [(String, Selector)] {
            try list.map { source in
                do throws(SelectorError) {
                    return (source, try Selector(source))
                } catch {
                    throw ModelFactory.Failure(
                        description: "the policy's \(what) selector '\(source)' is invalid: \(error.message)")
                }
            }
        }
        self.level = level
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

    /// The element's decision, starting from its parent's: masking, blocking and allow-listing are inherited.
    /// `name` is the element's name, which the caller already has: names are not rebuilt per rule.
    package func decide(
        _ element: Node, name: String, parent: PrivacyDecision, fields: FieldClassifier
    ) -> PrivacyDecision {
        var decision = parent
        if decision.blockRule == nil, let rule = block.first(where: { $0.selector.matches(element) }) {
            decision.blockRule = .blockSelector(rule.source)
        }
        if level == .strict, !decision.allowed, allow.contains(where: { $0.selector.matches(element) }) {
            decision.allowed = true
        }
        // The strict level's blanket mask stops at an allow-listed element; every other mask rule is inherited.
        if decision.allowed, decision.maskRule == .strictDefault { decision.maskRule = nil }
        if decision.maskRule == nil {
            decision.maskRule = maskRule(for: element, name: name, fields: fields, allowed: decision.allowed)
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
