import Markup
import Scenarios

/// Screen sharing and remote desktop: the agent receives frames of the customer's screen.
///
/// One model, two modes: a profile's capture, notification, control, file,
/// clipboard and standing-access parameters decide the difference. Frames are
/// delta-encoded — a message carries only the runs that were not on the previous
/// frame — so a step that changes nothing adds nothing to the wire. Neither mode
/// keeps an audit trail of what the agent saw; remote desktop logs connections.
final class PixelModel: SupportModel {
    let profile: Profile
    let isRemoteDesktop: Bool

    private var wire: [WireMessage] = []
    private var outcomes: [ActionOutcome] = []
    private var audit: [AuditEntry] = []
    private var previous: Set<TextRun> = []
    /// The page element behind each run of each frame sent, and the field values drawn in it, for the analysis.
    private var frameSources: [Int: [String: WireSource]] = [:]
    private var frameFields: [Int: [String]] = [:]
    private var step = 0
    private var started = false
    private var finished = false
    private var controlGranted = false
    /// Whether control was ever in the agent's hands: only then is anything beyond the screen reachable.
    private var everControlled = false
    private var capturedWindow: String?

    init(profile: Profile) {
        self.profile = profile
        isRemoteDesktop = profile.model == .remoteDesktop
        // Remote desktop is under the agent's control from the start; a screen share only after the customer grants it.
        controlGranted = isRemoteDesktop && profile.control
        everControlled = controlGranted
    }

    private let styleCache = StyleCache()

    private var compositor: Compositor {
        var compositor: Compositor
        if !isRemoteDesktop, profile.capture == "window" {
            // Until a window is chosen, a window share captures nothing.
            compositor = Compositor(capture: .window(capturedWindow ?? ""), showNotifications: false)
        } else {
            compositor = Compositor(capture: .screen, showNotifications: isRemoteDesktop || profile.notifications)
        }
        compositor.styleCache = styleCache
        return compositor
    }

    // MARK: - Session

    func sessionStarted(world: World, step: Int) {
        self.step = step
        started = true
        // A window share shares the browser the support is about (the customer's active tab), else the window in front.
        capturedWindow = world.activeTab.flatMap { world.tab($0)?.window } ?? world.focusedWindow
        if isRemoteDesktop { audit.append(AuditEntry(step: step, event: .session, detail: "connection opened")) }
        sendFrame(world: world)
    }

    func controlChanged(granted: Bool, world: World, step: Int) {
        guard started, !finished, !isRemoteDesktop else { return }
        self.step = step
        controlGranted = granted && profile.control
        if controlGranted { everControlled = true }
    }

    func escalated(world: World, step: Int) {
        // Screen sharing and remote desktop already show everything; there is nothing to escalate to.
        self.step = step
    }

    func observe(_ changes: [WorldChange], world: World, step: Int) {
        self.step = step
        guard started, !finished, !changes.isEmpty else { return }
        if capturedWindow == nil, let focused = world.focusedWindow { capturedWindow = focused }
        // A change the screen cannot show costs nothing: no frame is composed for it.
        if changes.allSatisfy({ if case .clipboardChanged = $0 { return true } else { return false } }) { return }
        var popups: [TextRun] = []
        for change in changes {
            if case let .autofillShown(tab, element, suggestions) = change, let state = world.tab(tab),
                let window = world.windows.first(where: { $0.id == state.window })
            {
                // The browser's own pop-up under the field: pixels, so the agent sees every suggestion.
                let text = suggestions.joined(separator: " | ")
                let region = Rect(
                    x: window.bounds.x + 40, y: window.bounds.y + Compositor.titleBar + Compositor.browserChrome + 40,
                    width: max(320, text.count * Compositor.characterWidth), height: Compositor.lineHeight)
                popups.append(TextRun(source: "autofill \(element.cssPath)", region: region, text: text))
            }
        }
        sendFrame(world: world, popups: popups)
    }

    func sessionEnded(world: World, step: Int) -> ModelRun {
        self.step = step
        if !finished, isRemoteDesktop {
            audit.append(AuditEntry(step: step, event: .session, detail: "connection closed"))
        }
        finished = true
        let reach = everControlled && (isRemoteDesktop || profile.capture == "screen") ? reachable(in: world) : []
        var run = ModelRun(
            profile: profile.name, model: profile.model, wire: wire, outcomes: outcomes, reach: reach,
            retention: retention(reach: reach), audit: audit, indicator: [], escalatedAt: nil)
        run.frameSources = frameSources
        run.frameFields = frameFields
        return run
    }

    // MARK: - Frames

    private func sendFrame(world: World, popups: [TextRun] = []) {
        let frame = compositor.frame(of: world, popups: popups)
        let current = Set(frame.runs)
        let added = frame.runs.filter { !previous.contains($0) }
        // What left the screen is sent as an empty `removed:` line, so the agent's side (and a report's view of it)
        // knows the screen as it is, not as the sum of everything ever shown.
        let removed =
            frame.runs.isEmpty
            ? []
            : previous.subtracting(current).sorted {
                ($0.region.y, $0.region.x, $0.source) < ($1.region.y, $1.region.x, $1.source)
            }
        previous = current.subtracting(popups)
        guard !added.isEmpty || !removed.isEmpty else { return }
        let index = wire.count
        for run in added {
            if let origin = run.origin { frameSources[index, default: [:]][run.source] = origin }
            if !run.fields.isEmpty { frameFields[index, default: []] += run.fields }
        }
        let content =
            (removed.map { "removed: \($0.source) @\($0.region.x),\($0.region.y): " }
            + added.map { "\($0.source) @\($0.region.x),\($0.region.y): \($0.text)" }).joined(separator: "\n")
        wire.append(WireMessage(step: step, kind: .frame, content: content))
    }

    // MARK: - Reach and retention

    /// With the machine under the agent's hands: every file, every window and tab, saved passwords and the clipboard
    /// (without a sync channel the agent can still paste it somewhere on the screen and read it).
    private func reachable(in world: World) -> [ReachableArtifact] {
        var reach = world.files.map {
            ReachableArtifact(source: "file \($0.path)", content: $0.content, channel: .file)
        }
        for window in world.windows where !window.isBrowser {
            if let text = window.text {
                reach.append(ReachableArtifact(source: "window \(window.id)", content: text, channel: .window))
            }
        }
        for tab in world.tabs {
            let width = world.windows.first { $0.id == tab.window }?.bounds.width ?? world.scenario.world.screen.width
            let text = PageLayout(width: width, frames: tab.frames).lines(of: tab.document).map(\.text).joined(
                separator: "\n")
            reach.append(ReachableArtifact(source: "tab \(tab.id) \(tab.url)", content: text, channel: .browserTab))
        }
        for credential in world.scenario.world.credentials {
            reach.append(
                ReachableArtifact(
                    source:
                        "saved password for \(credential.site) (behind the OS prompt where the browser asks for one)",
                    content: "\(credential.username) \(credential.password)", channel: .savedPassword))
        }
        if let clipboard = world.clipboard {
            reach.append(ReachableArtifact(source: "clipboard", content: clipboard, channel: .clipboard))
        }
        return reach
    }

    private func retention(reach: [ReachableArtifact]) -> [RetainedArtifact] {
        var manifest: [RetainedArtifact] = []
        if profile.recording {
            manifest.append(
                RetainedArtifact(
                    name: "session recording", kept: true,
                    reason: "kept: the recording holds every frame as captured, unmasked",
                    content: wire.map(\.content).joined(separator: "\n"), channel: .recording))
        } else {
            manifest.append(
                RetainedArtifact(
                    name: "session recording", kept: false, reason: "not made: the profile does not record",
                    content: "",
                    channel: .recording))
        }
        if profile.standingAccess {
            manifest.append(
                RetainedArtifact(
                    name: "standing access", kept: true,
                    reason: "kept: unattended access lets the agent come back; everything reachable stays reachable",
                    content: reach.map { "\($0.source): \($0.content)" }.joined(separator: "\n"),
                    channel: .standingAccess))
        }
        manifest.append(
            RetainedArtifact(
                name: "audit trail of what the agent saw", kept: false,
                reason: isRemoteDesktop
                    ? "none kept: only connections are logged" : "none kept: screen sharing logs nothing",
                content: "", channel: .auditTrail))
        return manifest
    }

    // MARK: - Agent requests

    func decide(_ request: AgentRequest, world: World) -> ActionOutcome {
        step = request.step.index
        let outcome = judge(request, world: world)
        outcomes.append(outcome)
        if isRemoteDesktop, outcome.decision == .allowed {
            audit.append(AuditEntry(step: step, event: .action, detail: "input from the agent"))
        }
        record(outcome, world: world)
        return outcome
    }

    private func judge(_ request: AgentRequest, world: World) -> ActionOutcome {
        let step = request.step
        let description = CoBrowsingModel.describe(step.action)
        func outcome(_ decision: ActionOutcome.Decision, _ reason: OutcomeReason) -> ActionOutcome {
            ActionOutcome(step: step.index, stepID: step.id, request: description, decision: decision, reason: reason)
        }
        if !started || finished { return outcome(.notPossible, .noSession) }
        switch step.action {
        case .requestControl:
            return profile.control
                ? outcome(.allowed, isRemoteDesktop ? .alreadyControlsMachine : .controlRequested)
                : outcome(.notPossible, .viewOnly)
        case .readClipboard:
            if isRemoteDesktop {
                return profile.clipboard
                    ? outcome(.allowed, .clipboardSynchronised) : outcome(.notPossible, .clipboardSyncOff)
            }
            return outcome(.notPossible, .noClipboardChannel)
        case .transferFile:
            if isRemoteDesktop {
                return profile.fileTransfer
                    ? outcome(.allowed, .fileTransferOn) : outcome(.notPossible, .fileTransferOff)
            }
            return outcome(.notPossible, .noFileChannel)
        default:
            break
        }
        guard profile.control else { return outcome(.notPossible, .viewOnlyWatching) }
        guard controlGranted else { return outcome(.notPossible, .controlNotGranted) }
        if case .openFile = step.action, !isRemoteDesktop, profile.capture != "screen" {
            return outcome(.notPossible, .onlySharedWindow)
        }
        switch step.action {
        case .click, .type, .select, .revealPassword:
            guard let target = request.target else { return outcome(.notPossible, .notOnScreen) }
            if !isVisible(target, request: request, world: world) { return outcome(.notPossible, .notOnScreen) }
        default:
            break
        }
        return isRemoteDesktop ? outcome(.allowed, .controlsMachine) : outcome(.allowedAfterConsent, .customerGranted)
    }

    /// What the agent can act on is what it can see: the element's text must be on the current frame.
    private func isVisible(_ element: Node, request: AgentRequest, world: World) -> Bool {
        // Remote desktop can bring anything to the screen: another tab, a window behind.
        if isRemoteDesktop { return true }
        guard let tabID = request.tab, let tab = world.tab(tabID), world.visibleTab(of: tab.window)?.id == tabID else {
            return false
        }
        let path = element.cssPath
        let prefix = "tab \(tabID) "
        // The element itself or something inside it is on a run; a path is matched whole, not as a prefix of another.
        return compositor.frame(of: world).runs.contains { run in
            run.source.hasPrefix(prefix)
                && run.source.dropFirst(prefix.count).split(separator: " + ").contains {
                    $0 == path || $0.hasPrefix(path + " > ")
                }
        }
    }

    /// What an allowed transfer or clipboard read hands the agent crosses the wire too.
    private func record(_ outcome: ActionOutcome, world: World) {
        guard outcome.decision == .allowed || outcome.decision == .allowedAfterConsent,
            let action = world.scenario.steps.first(where: { $0.index == outcome.step })?.action
        else { return }
        switch action {
        case .readClipboard:
            wire.append(
                WireMessage(
                    step: step, kind: .transfer, content: "clipboard: \(world.clipboard ?? "")", channel: .clipboard))
        case let .transferFile(path, toAgent) where toAgent:
            let content = world.files.first { $0.path == path }?.content ?? ""
            wire.append(WireMessage(step: step, kind: .transfer, content: "file \(path): \(content)", channel: .file))
        default:
            break
        }
    }
}
