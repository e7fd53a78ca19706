import Markup
import Scenarios

/// What `inspect` asks of a session after the snapshot: which elements crossed, and what hid the rest.
extension CoBrowsingModel {
    /// The id an element crossed with, or nil when it never crossed (stripped, inside a frame, not yet sent).
    package func wireID(of element: Node) -> String? { mirror.nodes[element.identity]?.id }

    /// The rule that blocks or masks the element, or masks its content, or nil.
    package func ruleHiding(_ element: Node) -> Hiding? {
        if let decision = mirror.nodes[element.identity]?.decision {
            if let rule = decision.blockRule { return .blocked(rule) }
            if let rule = decision.maskRule ?? decision.textMaskRule { return .masked(rule) }
        }
        return mirror.contentMaskedElements[element.identity].map { .masked($0) }
    }

    /// The privacy level the session runs at (the profile's, raised to the policy's minimum).
    package var effectiveLevel: PrivacyLevel { level }
}
