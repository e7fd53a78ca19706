import Fields
import Markup
import Scenarios

/// Decides the agent's requests in a co-browsing session: isolation, consent, allowed origins, what the mirror shows,
/// masked and blocked elements, and sensitive actions refused by default.
struct RequestJudge {
    let policy: Policy
    let rules: PrivacyRules
    let level: PrivacyLevel

    /// The outcome of `request` in the session as it stands; `decision` gives an element's privacy decision in the
    /// mirrored page (working it out may add to the session's audit trail, so the session is read, not changed, here).
    func judge(
        _ request: AgentRequest, session: SessionRecord, world: World,
        decision: (Node, World.Tab) -> PrivacyDecision
    ) -> ActionOutcome {
        let step = request.step
        let description = step.action.summary
        func outcome(_ decision: ActionOutcome.Decision, _ reason: OutcomeReason) -> ActionOutcome {
            ActionOutcome(step: step.index, stepID: step.id, request: description, decision: decision, reason: reason)
        }
        switch step.action {
        case .requestControl:
            return outcome(.allowed, .controlRequested)
        case .switchTab: return outcome(.refused, .isolatedTab)
        case .openFile: return outcome(.refused, .isolatedFiles)
        case .readClipboard: return outcome(.refused, .isolatedClipboard)
        case .transferFile: return outcome(.refused, .isolatedTransfer)
        case .navigate, .click, .type, .select, .revealPassword, .scroll: break
        default: return outcome(.refused, .notAnAgentAction)
        }
        if session.finished || !session.started { return outcome(.refused, .noCoBrowsingSession) }
        if let reason = session.pausedReason { return outcome(.refused, .paused(reason)) }
        if let tab = request.tab, tab != session.mirroredTab { return outcome(.refused, .isolatedTab) }
        if case .scroll = step.action { return outcome(.allowed, .scrollsOwnView) }
        if policy.controlRequiresConsent, !session.controlGranted {
            return outcome(.refused, session.controlRequested ? .controlNotGrantedYet : .controlNeverRequested)
        }
        if case let .navigate(_, url, _, _) = step.action {
            let origin = Policy.origin(of: url) ?? url
            guard session.allowedOrigins.contains(origin) else { return outcome(.refused, .originNotAllowed(origin)) }
        } else if let refusal = refusal(of: request, session: session, world: world, decision: decision) {
            return outcome(.refused, refusal)
        }
        return policy.controlRequiresConsent
            ? outcome(.allowedAfterConsent, .customerGranted) : outcome(.allowed, .actsWithoutConsent)
    }

    /// Why an action on an element is refused: it is not mirrored, it is blocked or masked, or it is sensitive.
    private func refusal(
        of request: AgentRequest, session: SessionRecord, world: World,
        decision: (Node, World.Tab) -> PrivacyDecision
    ) -> OutcomeReason? {
        guard let target = request.target, let tabID = session.mirroredTab, let tab = world.tab(tabID) else {
            return .notOnMirroredPage
        }
        // What the mirror does not show (a frame, canvas, media, or anything inside one) the agent cannot act on.
        var current: Node? = target
        while let element = current, element.isElement {
            if element.name == "iframe" || element.name == "frame"
                || (level >= .standard && MirrorSerializer.isOpaque(element.name))
            {
                return .insideUnmirrored(element: element.name)
            }
            current = element.parent
        }
        let decided = decision(target, tab)
        if let rule = decided.blockRule { return .blocked(rule) }
        if let rule = decided.maskRule { return .masked(rule) }
        // Element blocking by default: an agent does not press "buy" or "confirm transfer" for the customer.
        if let use = request.sensitive, let action = use.action,
            rules.refuses(action, on: ControlActions.clickable(target) ?? target)
        {
            return .sensitiveRefused(what: use.reason, level: level, action: action)
        }
        return nil
    }
}
