import Detectors
import Fields
import Foundation
import Markup
import Scenarios

/// The reference model: a DOM mirror of one tab, masked and blocked in the customer's browser
/// before anything is sent, with consent for control, isolation, retention and an audit trail.
package final class CoBrowsingModel: SupportModel, MirrorSession {
    package let profile: Profile
    package let policy: Policy
    package let level: PrivacyLevel
    package let rules: PrivacyRules
    package let serializer: MirrorSerializer
    package let recording: Bool
    private let judge: RequestJudge

    /// The session's record: wire, outcomes, audit trail, indicator, control and pause state.
    var session = SessionRecord()
    /// What the mirror knows about the page it shows; replaced whole on navigation.
    var mirror = MirrorState()
    var ids = WireIDs()
    /// Values of masked fields, which must not reappear anywhere else in the session (on this page or a later one).
    var maskedValues = MaskedValues()

    /// What crossed so far (benchmarks drain it between measurements).
    package var wire: [WireMessage] {
        get { session.wire }
        set { session.wire = newValue }
    }

    /// Throws when a policy selector does not parse: a run without its rules would look falsely private.
    package init(profile: Profile, policy: Policy) throws {
        self.profile = profile
        self.policy = policy
        // The policy sets a floor the profile cannot go under; agents cannot change either.
        let settings = policy.settings(for: profile)
        level = settings.privacy
        recording = settings.recording
        rules = try PrivacyRules(level: level, policy: policy, profile: profile.mirror)
        serializer = MirrorSerializer(rules: rules, maskLength: settings.maskLength)
        judge = RequestJudge(policy: policy, rules: rules, level: level)
    }

    // MARK: - Session

    package func sessionStarted(world: World, step: Int) {
        session.step = step
        session.started = true
        session.mirroredTab = world.activeTab
        let origins =
            policy.allowedOrigins.isEmpty
            ? [world.activeTab.flatMap { world.tab($0)?.origin }].compactMap { $0 } : policy.allowedOrigins
        session.allowedOrigins = Set(origins)
        record(
            .policy,
            "privacy level \(level.rawValue) (profile \(profile.privacy.rawValue), policy minimum \(policy.minimumPrivacy.rawValue)); "
                + "\(policy.mask.count) mask and \(policy.block.count) block selector(s); allowed origins \(origins.sorted().joined(separator: ", ")); "
                + "recording \(recording ? "on" : "off"); control \(policy.controlRequiresConsent ? "needs the customer's consent" : "needs no consent")"
                + (profile.mirror.map { "; the profile's own rules: \($0.summary)" } ?? "")
        )
        guard let tab = session.mirroredTab else {
            pause("no browser tab is open")
            return
        }
        record(.session, "co-browsing tab '\(tab)'")
        sendSnapshotOrPause(world: world)
    }

    package func controlChanged(granted: Bool, world: World, step: Int) {
        guard session.started, !session.finished else { return }
        session.step = step
        session.controlGranted = granted
        if !granted { session.controlRequested = false }
        record(.control, granted ? "the customer granted control" : "the customer revoked control")
        session.send(.status, content: granted ? "control granted" : "control revoked")
    }

    package func escalated(world: World, step: Int) {
        session.step = step
        session.escalatedAt = step
        record(.escalation, "the session escalated to screen sharing; co-browsing masking no longer applies from here")
        session.send(.status, content: "escalated to screen sharing")
        session.finished = true
    }

    package func sessionEnded(world: World, step: Int) -> ModelRun {
        session.step = step
        if !session.finished { record(.session, "the session ended") }
        session.finished = true
        var run = ModelRun(
            profile: profile.name, model: profile.model, wire: session.wire, outcomes: session.outcomes, reach: [],
            retention: session.retentionManifest(profile: profile, recording: recording), audit: session.audit,
            fixedMask: serializer.maskLength == .fixed ? serializer.mask("x") : nil,
            indicator: session.indicatorRegions,
            escalatedAt: session.escalatedAt)
        run.wireSources = ids.sources
        return run
    }

    // MARK: - Watching the page

    package func observe(_ changes: [WorldChange], world: World, step: Int) {
        session.step = step
        guard session.started, !session.finished else { return }
        // The page changed: sibling positions may have too.
        mirror.paths = CSSPaths()
        let mirrored = session.mirroredTab
        for change in changes {
            let live = session.pausedReason == nil
            switch change {
            case let .navigated(tab) where tab == mirrored:
                // A new page: nothing the mirror knew about the old one carries over.
                mirror = MirrorState()
                sendSnapshotOrPause(world: world)
            case let .activeTabChanged(tab):
                if tab == mirrored {
                    sendSnapshotOrPause(world: world)
                } else if session.pausedReason == nil {
                    pause("the customer switched to another tab; only the co-browsed tab is mirrored")
                }
            case let .valueChanged(tab, element, value, _) where tab == mirrored && live:
                sendValue(element, value: value, world: world)
            case let .contentChanged(tab, element) where tab == mirrored && live:
                // New content may bring labels, or fields that complete a group, that make fields private: classify first.
                let changed = classifier(for: element.document).contentChanged(at: element)
                sendSubtree(element, world: world)
                tighten(changed, world: world)
            case let .attributesChanged(tab, element, names) where tab == mirrored && live:
                attributesChanged(element, names: names, tab: tab, world: world)
            case let .removed(tab, element) where tab == mirrored && live:
                if let id = mirror.nodes[element.identity]?.id {
                    session.send(.mutation, node: id, content: "remove \(id)")
                }
            case let .clicked(tab, element, actor) where tab == mirrored && live:
                // A cursor on a masked control would tell which option was chosen.
                guard let tabState = world.tab(tab), !decision(inTree: element, tab: tabState).isMasked else {
                    continue
                }
                if let id = mirror.nodes[element.identity]?.id {
                    session.send(
                        .cursor, node: id, content: "\(actor == .agent ? "agent" : "customer") cursor on \(id)")
                }
            case let .scrolled(tab, element, y) where tab == mirrored && live:
                let id = element.flatMap { mirror.nodes[$0.identity]?.id }
                session.send(.cursor, node: id, content: "scroll " + (id ?? "y=\(y ?? 0)"))
            default:
                // Other windows, tabs, notifications, autofill pop-ups, files and the clipboard never reach the mirror.
                continue
            }
        }
    }

    private func attributesChanged(_ element: Node, names: [String], tab: String, world: World) {
        // A script that renames a field or gives it a token or a label may make it private: classified again first.
        if FieldClassifier.isControl(element), names.contains(where: { Self.namingAttributes.contains($0) }) {
            tighten(classifier(for: element.document).contentChanged(at: element), world: world)
        }
        // A masked field's state (checked, selected, value) is not news the agent may have.
        if let tabState = world.tab(tab), decision(inTree: element, tab: tabState).isMasked,
            names.allSatisfy({ ["checked", "selected", "value"].contains($0) })
        {
            return
        }
        sendSubtree(element, world: world)
    }

    package func sendSnapshotOrPause(world: World) {
        guard let tabID = session.mirroredTab, let tab = world.tab(tabID) else { return }
        guard world.activeTab == tabID else {
            pause("the customer switched to another tab; only the co-browsed tab is mirrored")
            return
        }
        guard session.allowedOrigins.contains(tab.origin) else {
            pause("the tab is on \(tab.origin), which the policy does not allow")
            return
        }
        if let reason = session.pausedReason {
            record(.resume, "the mirror resumes (was paused: \(reason))")
            session.send(.status, content: "resumed")
            session.pausedReason = nil
        }
        mirror.url = tab.url
        mirror.page = tab.page
        // A new page's every element gets an entry: size the table once rather than growing it a dozen times.
        if mirror.nodes.isEmpty { mirror.nodes.reserveCapacity(tab.document.elementCount) }
        session.send(.location, content: locationText(tab))
        var html = ""
        for child in tab.document.node.children {
            serializer.serialize(child, parent: PrivacyDecision(), session: self, into: &html)
        }
        session.send(.snapshot, content: html)
    }

    /// Fields whose class changed (a label or a group member appeared) are decided again: privacy only ever tightens.
    private func tighten(_ fields: [Node], world: World) {
        guard let tabID = session.mirroredTab, let tab = world.tab(tabID) else { return }
        for field in fields {
            guard let parent = field.parent else { continue }
            _ = decision(for: field, name: field.name, parent: decision(inTree: parent, tab: tab))
        }
    }

    /// Attributes the field classifier reads a field's class from.
    package static let namingAttributes: Set<String> = [
        "name", "id", "autocomplete", "placeholder", "aria-label", "aria-labelledby", "title", "type", "maxlength",
        "size", "pattern", "form",
    ]

    package func classifier(for document: Document) -> FieldClassifier { mirror.classifier(for: document) }

    /// The decision of an element already in the tree, from its ancestors down (cached, sticky).
    func decision(inTree element: Node, tab: World.Tab) -> PrivacyDecision {
        guard element.isElement else { return PrivacyDecision() }
        if let known = mirror.nodes[element.identity]?.decision { return known }
        let parent = element.parent.map { decision(inTree: $0, tab: tab) } ?? PrivacyDecision()
        return decision(for: element, name: element.name, parent: parent)
    }

    /// The element's `cssPath`, from the cache.
    package func path(of element: Node) -> String { mirror.paths.path(of: element) }

    /// Records a region the customer is shown as hidden from, or blocked for, the agent; `path` is the element's
    /// selector when the caller has it already.
    package func showCustomer(
        _ element: Node, _ reason: IndicatorRegion.Reason, _ rule: String, path known: String? = nil
    ) {
        guard let tabID = session.mirroredTab else { return }
        let url = mirror.url
        let path = known ?? self.path(of: element)
        session.indicator["\(tabID) \(url) \(path)"] = IndicatorRegion(
            tab: tabID, url: url, path: path, reason: reason, rule: rule)
    }

    /// Values that crossed only as masks: text that repeats one of them (a script copied it) is masked too.
    package func isMaskedValue(in text: String) -> Bool { maskedValues.contains(in: text) }

    package func maskedByContent(_ element: Node, _ classes: [DetectorClass]) {
        maskedByContent(element, rule: .detector(classes))
    }

    package func maskedByContent(_ element: Node, rule: PrivacyRule) {
        guard mirror.contentMaskedElements[element.identity] == nil else { return }
        mirror.contentMaskedElements[element.identity] = rule
        let path = self.path(of: element)
        record(.mask, "mask content of \(path): \(rule)")
        showCustomer(element, .masked, rule.description, path: path)
        // A field found holding such data stays masked from now on, like one a rule named (privacy is sticky).
        if PrivacyRules.isField(element, name: element.name), let known = mirror.nodes[element.identity] {
            mirror.nodes[element.identity] = (
                known.id, (known.decision ?? PrivacyDecision()).tightened(by: PrivacyDecision(maskRule: rule))
            )
        }
    }

    package func record(_ event: AuditEntry.Event, _ detail: String) {
        session.record(event, detail)
    }

    // MARK: - Agent requests

    package func decide(_ request: AgentRequest, world: World) -> ActionOutcome {
        session.step = request.step.index
        let outcome = judge.judge(request, session: session, world: world) { element, tab in
            self.decision(inTree: element, tab: tab)
        }
        if case .requestControl = request.step.action { session.controlRequested = true }
        session.outcomes.append(outcome)
        record(
            outcome.decision == .refused ? .refusal : .action,
            "\(outcome.request): \(outcome.decision.rawValue) — \(outcome.reason)")
        return outcome
    }

    package static func describe(_ action: Action) -> String { action.summary }
}
