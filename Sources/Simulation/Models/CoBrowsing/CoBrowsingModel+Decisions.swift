import Fields
import Markup
import Scenarios

/// The serialiser's side of the session: wire ids, sticky privacy decisions and their announcement in the audit trail
/// and the customer indicator, protected controls.
extension CoBrowsingModel {
    func id(for element: Node) -> String {
        if let id = mirror.nodes[element.identity]?.id { return id }
        let id = ids.make(for: element, page: mirror.page)
        mirror.nodes[element.identity] = (id, nil)
        return id
    }

    /// Marks a sensitive control the agent may not press, where the customer sees it and in the audit trail.
    func protectIfSensitive(_ control: Node) {
        guard level >= .standard, ControlActions.isPressable(control),
            mirror.protectedControls.insert(control.identity).inserted,
            let action = ControlActions.action(of: control, classifier: classifier(for: control.document)),
            rules.refuses(action, on: control)
        else { return }
        let path = self.path(of: control)
        record(.protect, "protect \(path): \(action.description)")
        showCustomer(control, .protected, "\(action.description) (sensitive actions are refused)", path: path)
    }

    func frameNotMirrored(_ element: Node) {
        let isFrame = element.name == "iframe" || element.name == "frame"
        showCustomer(element, .frame, isFrame ? "frames are not mirrored" : "canvas and media are not mirrored")
    }

    func decision(for element: Node, name: String, parent: PrivacyDecision) -> PrivacyDecision {
        var fresh = rules.decide(element, name: name, parent: parent, fields: classifier(for: element.document))
        // Privacy survives a re-render: a new field with the id or name of a field masked before is masked too.
        let isField = PrivacyRules.isField(element, name: name)
        let fieldKeys = level >= .standard && isField ? Self.fieldKeys(of: element) : []
        if fresh.maskRule == nil, let rule = fieldKeys.lazy.compactMap({ self.mirror.maskedFields[$0] }).first {
            fresh.maskRule = .sticky(rule)
        }
        if let rule = fresh.maskRule {
            for fieldKey in fieldKeys where mirror.maskedFields[fieldKey] == nil {
                mirror.maskedFields[fieldKey] = rule
            }
        }
        let key = element.identity
        let known = mirror.nodes[key]
        let previous = known?.decision
        let decision = previous.map { $0.tightened(by: fresh) } ?? fresh
        if previous != decision { announce(element, decision: decision, previous: previous, parent: parent) }
        // One lookup and one store per element: this runs for every element of every snapshot.
        mirror.nodes[key] = (known?.id ?? ids.make(for: element, page: mirror.page), decision)
        return decision
    }

    /// Each region is announced once, where it starts: its own rule, not an inherited one.
    private func announce(
        _ element: Node, decision: PrivacyDecision, previous: PrivacyDecision?, parent: PrivacyDecision
    ) {
        if let rule = decision.blockRule, previous?.isBlocked != true, !parent.isBlocked {
            let path = self.path(of: element)
            record(.block, "block \(path): \(rule)")
            showCustomer(element, .blocked, rule.description, path: path)
        } else if let rule = decision.maskRule, previous?.isMasked != true, !parent.isMasked, !decision.isBlocked {
            let path = self.path(of: element)
            record(.mask, "mask \(path): \(rule)")
            showCustomer(element, .masked, rule.description, path: path)
        } else if let rule = decision.textMaskRule, previous?.masksText != true, !parent.masksText, !decision.isMasked,
            !decision.isBlocked
        {
            // With mask-all-text this is the root element, once: its whole subtree's text is masked from there.
            let path = self.path(of: element)
            record(.mask, "mask text of \(path): \(rule)")
            showCustomer(element, .masked, rule.description, path: path)
        }
    }

    /// `id:` and `name:` keys of a form field, by which a re-rendered copy is recognised.
    private static func fieldKeys(of element: Node) -> [String] {
        [element.attribute("id").map { "id:" + $0 }, element.attribute("name").map { "name:" + $0 }].compactMap { $0 }
    }
}
