import Fields
import Markup
import Scenarios

/// What the mirror sends: the location, a changed subtree, a field's value (masked, or held back while a number is
/// typed), and the pause when it must stop.
extension CoBrowsingModel {
    /// The URL and title as the agent may see them: above the basic level the query and fragment
    /// (reset tokens, e-mail addresses) are cut, and a masked `<title>` stays masked here too.
    func locationText(_ tab: World.Tab) -> String {
        var url = tab.url
        if level >= .standard, let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) { url = String(url[..<cut]) }
        var title = tab.title
        if let element = tab.document.first(Self.titleSelector), decision(inTree: element, tab: tab).masksText {
            title = serializer.mask(title)
        }
        // The path and the title are text like any other: what the detectors recognise is masked here too.
        if level >= .standard {
            if let masked = serializer.maskingContent(url) { url = masked.text }
            if isMaskedValue(in: title) {
                title = serializer.mask(title)
            } else if let masked = serializer.maskingContent(title) {
                title = masked.text
            }
        }
        return "\(url) \(title)"
    }

    static let titleSelector = try! Selector("title")

    func pause(_ reason: String) {
        guard session.pausedReason == nil else { return }
        session.pausedReason = reason
        record(.pause, "the mirror pauses: \(reason)")
        session.send(.status, content: "paused")
    }

    func sendSubtree(_ element: Node, world: World) {
        guard let tabID = session.mirroredTab, let tab = world.tab(tabID), element.parent != nil, !isHidden(element)
        else { return }
        let parentDecision = element.parent.map { decision(inTree: $0, tab: tab) } ?? PrivacyDecision()
        var html = ""
        serializer.serialize(element, parent: parentDecision, session: self, into: &html)
        guard !html.isEmpty else { return }
        session.send(.mutation, node: mirror.nodes[element.identity]?.id, content: html)
    }

    func sendValue(_ element: Node, value: String, world: World) {
        guard let tabID = session.mirroredTab, let tab = world.tab(tabID), !isHidden(element) else { return }
        let decision = decision(inTree: element, tab: tab)
        if decision.isBlocked { return }
        // The profile's ignore drops a field's input events; its value still crosses in snapshots and mutations.
        if rules.profile.ignores(element) { return }
        if level >= .standard, element.name == "input", element.attribute("type")?.lowercased() == "hidden" { return }
        let id = self.id(for: element)
        // A value the detectors recognise (a card typed into a field nobody marked) is masked like a masked field's.
        var contentMasked = false
        if !decision.isMasked, let masked = serializer.maskingContent(value) {
            maskedByContent(element, masked.classes)
            contentMasked = true
        } else if !decision.isMasked, level >= .standard, MaskedValues.endsInAccountNumber(value) {
            // Keystroke by keystroke, a card or account number is unrecognisable until it is complete: while the
            // value ends in one being typed it is held back (not made sticky: an amount typed next is not secret).
            sendMasked(serializer.mask(value), node: id)
            return
        }
        guard decision.isMasked || contentMasked else {
            session.send(.input, node: id, content: value)
            return
        }
        maskedValues.track(value)
        // A fixed mask sends one event per masked field, not one per keystroke, so the count reveals no length.
        sendMasked(serializer.mask(value), node: id)
    }

    /// Sends a field's masked value unless the agent already has that very mask.
    func sendMasked(_ masked: String, node id: String) {
        guard mirror.lastMaskedInput[id] != masked else { return }
        mirror.lastMaskedInput[id] = masked
        session.send(.input, node: id, content: masked)
    }

    /// True inside content that never crosses: a stripped element above the basic level, or a frame.
    func isHidden(_ element: Node) -> Bool {
        var current = element.parent
        while let node = current, node.isElement {
            let name = node.name
            if name == "iframe" || name == "frame" { return true }
            if rules.strips(name) || rules.dropsContent(of: node, name: name) { return true }
            current = node.parent
        }
        return rules.strips(element.name)
    }
}
