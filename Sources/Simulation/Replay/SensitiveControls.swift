import Fields
import Markup
import Scenarios

/// A sensitive use of a control by the agent: what it does, and the kind a policy can allow by name.
public struct SensitiveUse: Sendable, Hashable {
    /// The kind of action, for pressing a control (`payment`); nil for entering data into a field.
    public var action: ControlAction?
    /// Why it is sensitive, in words: `submits a payment`, `enters card details`.
    public var reason: String
}

/// Recognises agent actions that touch sensitive controls: pressing one that pays, moves money, changes a password,
/// a payout account or security settings, deletes the account or changes access (`ControlActions`, in the field
/// classifier's languages), or entering data into a field of a private class.
enum SensitiveControls {
    /// What the agent's action does that is sensitive, or nil. `classifier` reads the target's page (kept by the
    /// caller, so that a page's forms are classified once rather than once per action).
    static func classify(_ action: Action, target: Node?, classifier: FieldClassifier? = nil) -> SensitiveUse? {
        guard let target else { return nil }
        let classifier = classifier ?? FieldClassifier(document: target.document)
        switch action {
        case .click:
            // A click on no control (a paragraph, a section) does nothing sensitive, whatever the text around it says.
            guard let control = ControlActions.clickable(target),
                let kind = ControlActions.action(of: control, classifier: classifier)
            else { return nil }
            return SensitiveUse(action: kind, reason: kind.description)
        case .type, .select, .revealPassword:
            return ControlActions.purpose(ofEntering: target, classifier: classifier).map {
                SensitiveUse(action: nil, reason: $0)
            }
        default:
            return nil
        }
    }
}
