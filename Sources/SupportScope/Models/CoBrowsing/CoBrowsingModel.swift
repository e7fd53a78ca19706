import Detectors
import Fields
import Foundation
import Markup

/// The reference model: a DOM mirror of one tab, masked and blocked in the customer's browser
/// before anything is sent, with consent for control, isolation, retention and an audit trail.
final class CoBrowsingModel: SupportModel, MirrorSession {
    let profile: Profile
    let policy: Policy
    let level: PrivacyLevel
    let rules: PrivacyRules
    let serializer: MirrorSerializer
    let recording: Bool

    var wire: [WireMessage] = []
    private var outcomes: [ActionOutcome] = []
    private var audit: [AuditEntry] = []
    private var indicator: [String: IndicatorRegion] = [:]
    private var escalatedAt: Int?

    private var step = 0
    private var started = false
    private var finished = false
    private var controlGranted = false
    private var controlRequested = false
    /// The tab being co-browsed: the customer's active tab when the session started.
    private var mirroredTab: String?
    private var allowedOrigins: Set<String> = []
    private var pausedReason: String?
    /// The mirrored tab's URL at the last snapshot, for the customer indicator.
    private var currentURL = ""

    /// Per mirrored node: its wire id and its (sticky) privacy decision.
    private var nodes: [NodeIdentity: (id: String, decision: PrivacyDecision?)] = [:]
    private var nextID = 0
    private var classifiers: [ObjectIdentifier: FieldClassifier] = [:]
    /// The last masked value sent per field, so a fixed mask is not repeated per keystroke.
    private var lastMaskedInput: [String: String] = [:]
    /// Masking rules by `id:`/`name:` of fields masked in the current page, for stickiness across re-renders.
    private var maskedFields: [String: PrivacyRule] = [:]
    /// Values of masked fields, which must not reappear anywhere else on the page.
    private var maskedValues: Set<String> = []

    /// Throws when a policy selector does not parse: a run without its rules would look falsely private.
    init(profile: Profile, policy: Policy) throws {
        self.profile = profile
        self.policy = policy
        // The policy sets a floor the profile cannot go under; agents cannot change either.
        level = max(profile.privacy, policy.minimumPrivacy)
        recording = profile.recording && policy.recordingAllowed
        rules = try PrivacyRules(level: level, policy: policy)
        serializer = MirrorSerializer(rules: rules, maskLength: policy.maskLength ?? profile.maskLength)
    }

    // MARK: - Session

    func sessionStarted(world: World, step: Int) {
        self.step = step
        started = true
        mirroredTab = world.activeTab
        let origins = policy.allowedOrigins.isEmpty ? [world.activeTab.flatMap { world.tab($0)?.origin }].compactMap { $0 } : policy.allowedOrigins
        allowedOrigins = Set(origins)
        record(.policy, "privacy level \(level.rawValue) (profile \(profile.privacy.rawValue), policy minimum \(policy.minimumPrivacy.rawValue)); "
            + "\(policy.mask.count) mask and \(policy.block.count) block selector(s); allowed origins \(origins.sorted().joined(separator: ", ")); "
            + "recording \(recording ? "on" : "off"); control \(policy.controlRequiresConsent ? "needs the customer's consent" : "needs no consent")")
        guard let tab = mirroredTab else {
            pause("no browser tab is open")
            return
        }
        record(.session, "co-browsing tab '\(tab)'")
        sendSnapshotOrPause(world: world)
    }

    func controlChanged(granted: Bool, world: World, step: Int) {
        guard started, !finished else { return }
        self.step = step
        controlGranted = granted
        if !granted { controlRequested = false }
        record(.control, granted ? "the customer granted control" : "the customer revoked control")
        send(.status, content: granted ? "control granted" : "control revoked")
    }

    func escalated(world: World, step: Int) {
        self.step = step
        escalatedAt = step
        record(.escalation, "the session escalated to screen sharing; co-browsing masking no longer applies from here")
        send(.status, content: "escalated to screen sharing")
        finished = true
    }

    func sessionEnded(world: World, step: Int) -> ModelRun {
        self.step = step
        if !finished { record(.session, "the session ended") }
        finished = true
        var run = ModelRun(profile: profile.name, model: profile.model, wire: wire, outcomes: outcomes, reach: [],
                        retention: retentionManifest(), audit: audit, fixedMask: serializer.maskLength == .fixed ? serializer.mask("x") : nil,
                        indicator: indicator.values.sorted { ($0.tab, $0.url, $0.path, $0.reason.rawValue) < ($1.tab, $1.url, $1.path, $1.reason.rawValue) },
                        escalatedAt: escalatedAt)
        run.wireSources = wireSources
        return run
    }

    /// At session end everything is deleted except the report data, the session information and,
    /// when recording is on, the recording — which is made from the masked wire, never the page.
    private func retentionManifest() -> [RetainedArtifact] {
        var manifest = [
            RetainedArtifact(name: "session information", kept: true, reason: "kept: profile, timing and counts, no customer data",
                             content: "profile \(profile.name); \(wire.count) messages; \(outcomes.count) agent requests", channel: .sessionInformation),
            RetainedArtifact(name: "report data", kept: true, reason: "kept: the action outcomes and the audit trail",
                             content: (outcomes.map { "\($0.request): \($0.decision.rawValue)" } + audit.map(\.detail)).joined(separator: "\n"),
                             channel: .auditTrail),
            RetainedArtifact(name: "live mirror (DOM, input events, cursors)", kept: false, reason: "deleted at session end", content: "",
                             channel: .sessionInformation),
        ]
        if recording {
            manifest.append(RetainedArtifact(name: "session recording", kept: true, reason: "kept: recording is on; made from the masked wire",
                                             content: wire.map(\.content).joined(separator: "\n"), channel: .recording))
        } else {
            manifest.append(RetainedArtifact(name: "session recording", kept: false,
                                             reason: profile.recording ? "not made: the policy forbids recording" : "not made: the profile does not record",
                                             content: "", channel: .recording))
        }
        return manifest
    }

    // MARK: - Watching the page

    func observe(_ changes: [WorldChange], world: World, step: Int) {
        self.step = step
        guard started, !finished else { return }
        // The page changed: sibling positions may have too.
        paths = CSSPaths()
        for change in changes {
            switch change {
            case let .navigated(tab) where tab == mirroredTab:
                nodes = [:]
                protectedControls = []
                classifiers = [:]
                lastMaskedInput = [:]
                maskedFields = [:]
                sendSnapshotOrPause(world: world)
            case let .activeTabChanged(tab):
                if tab == mirroredTab {
                    sendSnapshotOrPause(world: world)
                } else if pausedReason == nil {
                    pause("the customer switched to another tab; only the co-browsed tab is mirrored")
                }
            case let .valueChanged(tab, element, value, _) where tab == mirroredTab && pausedReason == nil:
                sendValue(element, value: value, world: world)
            case let .contentChanged(tab, element) where tab == mirroredTab && pausedReason == nil:
                // New content may bring labels, or fields that complete a group, that make fields private: classify first.
                let changed = classifier(for: element.document).contentChanged(at: element)
                sendSubtree(element, world: world)
                tighten(changed, world: world)
            case let .attributesChanged(tab, element, names) where tab == mirroredTab && pausedReason == nil:
                // A script that renames a field or gives it a token or a label may make it private: classified again first.
                if FieldClassifier.isControl(element), names.contains(where: { Self.namingAttributes.contains($0) }) {
                    tighten(classifier(for: element.document).contentChanged(at: element), world: world)
                }
                // A masked field's state (checked, selected, value) is not news the agent may have.
                if let tabState = world.tab(tab), decision(inTree: element, tab: tabState).isMasked,
                   names.allSatisfy({ ["checked", "selected", "value"].contains($0) }) { continue }
                sendSubtree(element, world: world)
            case let .removed(tab, element) where tab == mirroredTab && pausedReason == nil:
                if let id = nodes[element.identity]?.id { send(.mutation, node: id, content: "remove \(id)") }
            case let .clicked(tab, element, actor) where tab == mirroredTab && pausedReason == nil:
                // A cursor on a masked control would tell which option was chosen.
                guard let tabState = world.tab(tab), !decision(inTree: element, tab: tabState).isMasked else { continue }
                if let id = nodes[element.identity]?.id { send(.cursor, node: id, content: "\(actor == .agent ? "agent" : "customer") cursor on \(id)") }
            case let .scrolled(tab, element, y) where tab == mirroredTab && pausedReason == nil:
                let id = element.flatMap { nodes[$0.identity]?.id }
                send(.cursor, node: id, content: "scroll " + (id ?? "y=\(y ?? 0)"))
            default:
                // Other windows, tabs, notifications, autofill pop-ups, files and the clipboard never reach the mirror.
                continue
            }
        }
    }

    func sendSnapshotOrPause(world: World) {
        guard let tabID = mirroredTab, let tab = world.tab(tabID) else { return }
        guard world.activeTab == tabID else {
            pause("the customer switched to another tab; only the co-browsed tab is mirrored")
            return
        }
        guard allowedOrigins.contains(tab.origin) else {
            pause("the tab is on \(tab.origin), which the policy does not allow")
            return
        }
        if let reason = pausedReason {
            record(.resume, "the mirror resumes (was paused: \(reason))")
            send(.status, content: "resumed")
            pausedReason = nil
        }
        currentURL = tab.url
        currentPage = tab.page
        // A new page's every element gets an entry: size the table once rather than growing it a dozen times.
        if nodes.isEmpty { nodes.reserveCapacity(tab.document.elementCount) }
        send(.location, content: locationText(tab))
        var html = ""
        for child in tab.document.node.children {
            serializer.serialize(child, parent: PrivacyDecision(), session: self, into: &html)
        }
        send(.snapshot, content: html)
    }

    /// The URL and title as the agent may see them: above the basic level the query and fragment
    /// (reset tokens, e-mail addresses) are cut, and a masked `<title>` stays masked here too.
    private func locationText(_ tab: World.Tab) -> String {
        var url = tab.url
        if level >= .standard, let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) { url = String(url[..<cut]) }
        var title = tab.title
        if let element = tab.document.first(Self.titleSelector), decision(inTree: element, tab: tab).isMasked {
            title = serializer.mask(title)
        }
        // The path and the title are text like any other: what the detectors recognise is masked here too.
        if level >= .standard {
            if let masked = serializer.maskingContent(url) { url = masked.text }
            if isMaskedValue(in: title) { title = serializer.mask(title) } else if let masked = serializer.maskingContent(title) { title = masked.text }
        }
        return "\(url) \(title)"
    }

    private static let titleSelector = try! Selector("title")

    private func pause(_ reason: String) {
        guard pausedReason == nil else { return }
        pausedReason = reason
        record(.pause, "the mirror pauses: \(reason)")
        send(.status, content: "paused")
    }

    private func sendSubtree(_ element: Node, world: World) {
        guard let tabID = mirroredTab, let tab = world.tab(tabID), element.parent != nil, !isHidden(element) else { return }
        let parentDecision = element.parent.map { decision(inTree: $0, tab: tab) } ?? PrivacyDecision()
        var html = ""
        serializer.serialize(element, parent: parentDecision, session: self, into: &html)
        guard !html.isEmpty else { return }
        send(.mutation, node: nodes[element.identity]?.id, content: html)
    }

    private func sendValue(_ element: Node, value: String, world: World) {
        guard let tabID = mirroredTab, let tab = world.tab(tabID), !isHidden(element) else { return }
        let decision = decision(inTree: element, tab: tab)
        if decision.isBlocked { return }
        if level >= .standard, element.name == "input", element.attribute("type")?.lowercased() == "hidden" { return }
        let id = self.id(for: element)
        // A value the detectors recognise (a card typed into a field nobody marked) is masked like a masked field's.
        var contentMasked = false
        if !decision.isMasked, let masked = serializer.maskingContent(value) {
            maskedByContent(element, masked.classes)
            contentMasked = true
        } else if !decision.isMasked, level >= .standard, Self.endsInAccountNumber(value) {
            // Keystroke by keystroke, a card or account number is unrecognisable until it is complete: while the
            // value ends in one being typed it is held back (not made sticky: an amount typed next is not secret).
            let masked = serializer.mask(value)
            if lastMaskedInput[id] != masked {
                lastMaskedInput[id] = masked
                send(.input, node: id, content: masked)
            }
            return
        }
        guard decision.isMasked || contentMasked else {
            send(.input, node: id, content: value)
            return
        }
        trackMaskedValue(value)
        // A fixed mask sends one event per masked field, not one per keystroke, so the count reveals no length.
        let masked = serializer.mask(value)
        if lastMaskedInput[id] == masked { return }
        lastMaskedInput[id] = masked
        send(.input, node: id, content: masked)
    }

    /// True inside content that never crosses: a stripped element above the basic level, or a frame.
    private func isHidden(_ element: Node) -> Bool {
        var current = element.parent
        while let node = current, node.isElement {
            let name = node.name
            if name == "iframe" || name == "frame" { return true }
            if level >= .standard, PrivacyRules.strippedElements.contains(name) { return true }
            current = node.parent
        }
        if level >= .standard, PrivacyRules.strippedElements.contains(element.name) { return true }
        return false
    }

    /// Fields whose class changed (a label or a group member appeared) are decided again: privacy only ever tightens.
    private func tighten(_ fields: [Node], world: World) {
        guard let tabID = mirroredTab, let tab = world.tab(tabID) else { return }
        for field in fields {
            guard let parent = field.parent else { continue }
            _ = decision(for: field, name: field.name, parent: decision(inTree: parent, tab: tab))
        }
    }

    /// Attributes the field classifier reads a field's class from.
    static let namingAttributes: Set<String> = [
        "name", "id", "autocomplete", "placeholder", "aria-label", "aria-labelledby", "title", "type", "maxlength", "size", "pattern", "form",
    ]

    func classifier(for document: Document) -> FieldClassifier {
        if let classifier = classifiers[ObjectIdentifier(document)] { return classifier }
        let built = FieldClassifier(document: document)
        classifiers[ObjectIdentifier(document)] = built
        return built
    }

    /// The decision of an element already in the tree, from its ancestors down (cached, sticky).
    private func decision(inTree element: Node, tab: World.Tab) -> PrivacyDecision {
        guard element.isElement else { return PrivacyDecision() }
        if let known = nodes[element.identity]?.decision { return known }
        let parent = element.parent.map { decision(inTree: $0, tab: tab) } ?? PrivacyDecision()
        return decision(for: element, name: element.name, parent: parent)
    }

    /// Records a region the customer is shown as hidden from, or blocked for, the agent.
    /// Selectors for the audit trail and the indicator, counted once per list of siblings; valid until the page changes.
    private var paths = CSSPaths()

    /// The element's `cssPath`, from the cache.
    func path(of element: Node) -> String { paths.path(of: element) }

    /// `path` is the element's selector when the caller has it already.
    private func showCustomer(_ element: Node, _ reason: IndicatorRegion.Reason, _ rule: String, path known: String? = nil) {
        guard let tabID = mirroredTab else { return }
        let url = currentURL
        let path = known ?? self.path(of: element)
        indicator["\(tabID) \(url) \(path)"] = IndicatorRegion(tab: tabID, url: url, path: path, reason: reason, rule: rule)
    }

    // MARK: - MirrorSession

    func id(for element: Node) -> String {
        if let id = nodes[element.identity]?.id { return id }
        let id = newID(for: element)
        nodes[element.identity] = (id, nil)
        return id
    }

    private func newID(for element: Node) -> String {
        nextID += 1
        if let line = element.line { wireSources[nextID] = WireSource(page: currentPage, line: line, name: element.name,
                                                                         key: element.attribute("id") ?? element.attribute("name")) }
        return "n" + String(nextID, radix: 36)
    }

    /// Where each wire id's element stands in the scenario's pages.
    private var wireSources: [Int: WireSource] = [:]
    /// The mirrored tab's page (its path in the scenario), for `wireSources`.
    private var currentPage = ""

    /// Marks a sensitive control the agent may not press, where the customer sees it and in the audit trail.
    func protectIfSensitive(_ control: Node) {
        guard level >= .standard, ControlActions.isPressable(control), protectedControls.insert(control.identity).inserted,
              let action = ControlActions.action(of: control, classifier: classifier(for: control.document)), rules.refuses(action, on: control) else { return }
        let path = self.path(of: control)
        record(.protect, "protect \(path): \(action.description)")
        showCustomer(control, .protected, "\(action.description) (sensitive actions are refused)", path: path)
    }

    /// Controls already judged for protection, so each is announced once.
    private var protectedControls: Set<NodeIdentity> = []

    func frameNotMirrored(_ element: Node) {
        let isFrame = element.name == "iframe" || element.name == "frame"
        showCustomer(element, .frame, isFrame ? "frames are not mirrored" : "canvas and media are not mirrored")
    }

    func decision(for element: Node, name: String, parent: PrivacyDecision) -> PrivacyDecision {
        var fresh = rules.decide(element, name: name, parent: parent, fields: classifier(for: element.document))
        // Privacy survives a re-render: a new field with the id or name of a field masked before is masked too.
        let isField = PrivacyRules.isField(element, name: name)
        let fieldKeys = level >= .standard && isField ? Self.fieldKeys(of: element) : []
        if fresh.maskRule == nil, let rule = fieldKeys.lazy.compactMap({ self.maskedFields[$0] }).first {
            fresh.maskRule = .sticky(rule)
        }
        if let rule = fresh.maskRule { for fieldKey in fieldKeys where maskedFields[fieldKey] == nil { maskedFields[fieldKey] = rule } }
        let key = element.identity
        let known = nodes[key]
        let previous = known?.decision
        let decision = previous.map { $0.tightened(by: fresh) } ?? fresh
        if previous != decision {
            // Each region is announced once, where it starts: its own rule, not an inherited one.
            if let rule = decision.blockRule, previous?.isBlocked != true, !parent.isBlocked {
                let path = self.path(of: element)
                record(.block, "block \(path): \(rule)")
                showCustomer(element, .blocked, rule.description, path: path)
            } else if let rule = decision.maskRule, previous?.isMasked != true, !parent.isMasked, !decision.isBlocked {
                let path = self.path(of: element)
                record(.mask, "mask \(path): \(rule)")
                showCustomer(element, .masked, rule.description, path: path)
            }
        }
        // One lookup and one store per element: this runs for every element of every snapshot.
        nodes[key] = (known?.id ?? newID(for: element), decision)
        return decision
    }

    /// `id:` and `name:` keys of a form field, by which a re-rendered copy is recognised.
    private static func fieldKeys(of element: Node) -> [String] {
        [element.attribute("id").map { "id:" + $0 }, element.attribute("name").map { "name:" + $0 }].compactMap { $0 }
    }

    /// Values that crossed only as masks: text that repeats one of them (a script copied it) is masked too.
    func isMaskedValue(in text: String) -> Bool {
        guard !maskedValues.isEmpty, text.count >= Self.minimumTrackedValue else { return false }
        return maskedValues.contains { text.contains($0) }
    }

    private static let minimumTrackedValue = 4

    /// Values entered during the session (typed, selected, set by script or autofill), at most `maximumTrackedValues`
    /// of them: every text the mirror sends is checked against each, so the set must stay small.
    private func trackMaskedValue(_ value: String) {
        let trimmed = value.trimmingWhitespace()
        guard trimmed.count >= Self.minimumTrackedValue, maskedValues.count < Self.maximumTrackedValues else { return }
        // Each keystroke gives a longer prefix of the same value; the longest one is enough to keep.
        maskedValues = maskedValues.filter { !trimmed.hasPrefix($0) }
        maskedValues.insert(trimmed)
    }

    private static let maximumTrackedValues = 256

    /// Elements masked by content, with the rule (detector classes), so the audit trail names each once.
    private var contentMaskedElements: [NodeIdentity: PrivacyRule] = [:]

    // MARK: - For inspect

    /// The id an element crossed with, or nil when it never crossed (stripped, inside a frame, not yet sent).
    func wireID(of element: Node) -> String? { nodes[element.identity]?.id }

    /// The rule that blocks or masks the element, or masks its content, or nil.
    func ruleHiding(_ element: Node) -> Hiding? {
        if let decision = nodes[element.identity]?.decision {
            if let rule = decision.blockRule { return .blocked(rule) }
            if let rule = decision.maskRule { return .masked(rule) }
        }
        return contentMaskedElements[element.identity].map { .masked($0) }
    }

    /// The privacy level the session runs at (the profile's, raised to the policy's minimum).
    var effectiveLevel: PrivacyLevel { level }

    func maskedByContent(_ element: Node, _ classes: [DetectorClass]) {
        maskedByContent(element, rule: .detector(classes))
    }

    /// True when the value ends in what looks like a card or account number being typed: six or more digits
    /// joined only by spaces or dashes (`4111 1111 1`, not an amount like `2480.00`), or two letters, two digits
    /// and more (an IBAN under way, `DE89 3704`).
    static func endsInAccountNumber(_ value: String) -> Bool {
        var digits = 0
        var letters = 0
        var characters = Array(value.reversed())
        while let last = characters.first, last.isWhitespace { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isASCIIDigit {
                digits += 1
            } else if character == " " || character == "-" {
                // A separator inside the token; two in a row end it.
                if index + 1 < characters.count, !(characters[index + 1].isASCIIDigit || characters[index + 1].isLetter) { break }
            } else if character.isLetter, character.isUppercase || character.isLowercase {
                letters += 1
                if letters > 2 { break }
            } else {
                break
            }
            index += 1
        }
        if letters == 0 { return digits >= 6 }
        // Letters only at the token's start (the country code of an IBAN), then its check digits and more.
        let token = String(characters[..<index].reversed()).filter { !$0.isWhitespace && $0 != "-" }
        return letters == 2 && token.count >= 6 && token.prefix(2).allSatisfy(\.isLetter) && token.dropFirst(2).prefix(2).allSatisfy(\.isASCIIDigit)
            && token.dropFirst(2).allSatisfy(\.isASCIIDigit)
    }

    func maskedByContent(_ element: Node, rule: PrivacyRule) {
        guard contentMaskedElements[element.identity] == nil else { return }
        contentMaskedElements[element.identity] = rule
        let path = self.path(of: element)
        record(.mask, "mask content of \(path): \(rule)")
        showCustomer(element, .masked, rule.description, path: path)
        // A field found holding such data stays masked from now on, like one a rule named (privacy is sticky).
        if PrivacyRules.isField(element, name: element.name), let known = nodes[element.identity] {
            nodes[element.identity] = (known.id, (known.decision ?? PrivacyDecision()).tightened(by: PrivacyDecision(maskRule: rule)))
        }
    }

    func record(_ event: AuditEntry.Event, _ detail: String) {
        audit.append(AuditEntry(step: step, event: event, detail: detail))
    }

    private func send(_ kind: WireMessage.Kind, node: String? = nil, content: String) {
        wire.append(WireMessage(step: step, kind: kind, nodeID: node.flatMap { Int($0.dropFirst(), radix: 36) }, content: content))
    }

    // MARK: - Agent requests

    func decide(_ request: AgentRequest, world: World) -> ActionOutcome {
        step = request.step.index
        let outcome = judge(request, world: world)
        outcomes.append(outcome)
        record(outcome.decision == .refused ? .refusal : .action, "\(outcome.request): \(outcome.decision.rawValue) — \(outcome.reason)")
        return outcome
    }

    private func judge(_ request: AgentRequest, world: World) -> ActionOutcome {
        let step = request.step
        let description = Self.describe(step.action)
        func outcome(_ decision: ActionOutcome.Decision, _ reason: OutcomeReason) -> ActionOutcome {
            ActionOutcome(step: step.index, stepID: step.id, request: description, decision: decision, reason: reason)
        }
        switch step.action {
        case .requestControl:
            controlRequested = true
            return outcome(.allowed, .controlRequested)
        case .switchTab:
            return outcome(.refused, .isolatedTab)
        case .openFile:
            return outcome(.refused, .isolatedFiles)
        case .readClipboard:
            return outcome(.refused, .isolatedClipboard)
        case .transferFile:
            return outcome(.refused, .isolatedTransfer)
        case .navigate, .click, .type, .select, .revealPassword, .scroll:
            break
        default:
            return outcome(.refused, .notAnAgentAction)
        }
        if finished || !started { return outcome(.refused, .noCoBrowsingSession) }
        if let reason = pausedReason { return outcome(.refused, .paused(reason)) }
        if let tab = request.tab, tab != mirroredTab { return outcome(.refused, .isolatedTab) }
        if case .scroll = step.action { return outcome(.allowed, .scrollsOwnView) }
        if policy.controlRequiresConsent, !controlGranted {
            return outcome(.refused, controlRequested ? .controlNotGrantedYet : .controlNeverRequested)
        }
        if case let .navigate(_, url, _, _) = step.action {
            let origin = Policy.origin(of: url) ?? url
            guard allowedOrigins.contains(origin) else { return outcome(.refused, .originNotAllowed(origin)) }
        } else {
            guard let target = request.target, let tabID = mirroredTab, let tab = world.tab(tabID) else {
                return outcome(.refused, .notOnMirroredPage)
            }
            // What the mirror does not show (a frame, canvas, media, or anything inside one) the agent cannot act on.
            var current: Node? = target
            while let element = current, element.isElement {
                if element.name == "iframe" || element.name == "frame" || (level >= .standard && MirrorSerializer.isOpaque(element.name)) {
                    return outcome(.refused, .insideUnmirrored(element: element.name))
                }
                current = element.parent
            }
            let decision = decision(inTree: target, tab: tab)
            if let rule = decision.blockRule { return outcome(.refused, .blocked(rule)) }
            if let rule = decision.maskRule { return outcome(.refused, .masked(rule)) }
            // Element blocking by default: an agent does not press "buy" or "confirm transfer" for the customer.
            if let use = request.sensitive, let action = use.action, rules.refuses(action, on: ControlActions.clickable(target) ?? target) {
                return outcome(.refused, .sensitiveRefused(what: use.reason, level: level, action: action))
            }
        }
        return policy.controlRequiresConsent
            ? outcome(.allowedAfterConsent, .customerGranted)
            : outcome(.allowed, .actsWithoutConsent)
    }

    static func describe(_ action: Action) -> String { action.summary }
}
