import Fields
import Markup
import Scenarios

/// Drives one model through one scenario: builds a fresh world, applies customer and system steps,
/// passes agent requests to the model, and collects the run.
public enum Replay {
    /// Why a replay could not run.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Replays `scenario` under `profile` with the organisation's `policy`.
    public static func run(_ scenario: Scenario, profile: Profile, policy: Policy = .default) throws -> ModelRun {
        let world: World
        do {
            world = try World(scenario: scenario)
        } catch {
            throw Failure(description: "\(scenario.folder): a page cannot be parsed: \(error)")
        }
        var session = ReplaySession(
            world: world, profile: profile, policy: policy,
            model: try ModelFactory.model(for: profile, policy: policy, scenario: scenario))
        // A scenario without an explicit start begins its session before the first step.
        if !scenario.steps.contains(where: { $0.action == .start }) { session.start(at: 0) }
        for step in scenario.steps {
            if let run = try session.play(step) { return run }
        }
        return session.end(at: scenario.steps.count)
    }

    /// The screen share an escalated co-browsing session becomes: the whole screen, view-only.
    static func escalationProfile(recording: Bool) -> Profile {
        var profile = Profile(
            name: "screenshare-fullscreen", model: .screenshare,
            summary: "The screen share a co-browsing session escalates to.", privacy: .naive, maskLength: .preserve,
            recording: recording, source: "escalation")
        profile.capture = "screen"
        profile.notifications = true
        return profile
    }

    /// One run for one session: co-browsing up to the escalation, screen sharing after it.
    static func merge(_ first: ModelRun?, _ second: ModelRun) -> ModelRun {
        guard let first else { return second }
        var merged = ModelRun(
            profile: first.profile, model: first.model, wire: first.wire + second.wire,
            outcomes: first.outcomes + second.outcomes, reach: first.reach + second.reach,
            retention: first.retention
                + second.retention.map { artifact in
                    var renamed = artifact
                    renamed.name += " (after escalation)"
                    return renamed
                },
            audit: first.audit + second.audit, fixedMask: first.fixedMask, indicator: first.indicator,
            escalatedAt: first.escalatedAt)
        merged.wireSources = first.wireSources
        // The screen share's messages come after the co-browsing ones.
        let offset = first.wire.count
        merged.frameSources = Dictionary(uniqueKeysWithValues: second.frameSources.map { ($0.key + offset, $0.value) })
        merged.frameFields = Dictionary(uniqueKeysWithValues: second.frameFields.map { ($0.key + offset, $0.value) })
        return merged
    }

    static func tab(of action: Action) -> String? {
        switch action {
        case let .navigate(tab, _, _, _), let .type(tab, _, _), let .select(tab, _, _), let .click(tab, _),
            let .scroll(tab, _, _), let .revealPassword(tab, _), let .pageChange(tab, _, _),
            let .autofillPopup(tab, _, _):
            return tab
        case let .switchTab(tab):
            return tab
        default:
            return nil
        }
    }

    static func target(of action: Action, in world: World) -> Node? {
        let tabID = tab(of: action) ?? world.activeTab ?? ""
        switch action {
        case let .type(_, selector, _), let .select(_, selector, _), let .click(_, selector),
            let .revealPassword(_, selector):
            return world.element(selector, in: tabID)
        case let .scroll(_, selector, _):
            return selector.flatMap { world.element($0, in: tabID) }
        default:
            return nil
        }
    }
}

/// One replay under way: the world, the model, and what the replay itself keeps (the part of a run before an
/// escalation, what made agent requests sensitive, the pages' field classifiers).
struct ReplaySession {
    let world: World
    let profile: Profile
    let policy: Policy
    var model: any SupportModel
    private var active = false
    private var escalated = false
    private var beforeEscalation: ModelRun?
    private var sensitive: [Int: SensitiveUse] = [:]
    /// One classifier per page, kept while the replay runs (it holds its document, so an identifier is never reused).
    private var classifiers: [ObjectIdentifier: FieldClassifier] = [:]

    init(world: World, profile: Profile, policy: Policy, model: any SupportModel) {
        self.world = world
        self.profile = profile
        self.policy = policy
        self.model = model
    }

    mutating func start(at step: Int) {
        guard !active else { return }
        active = true
        model.sessionStarted(world: world, step: step)
    }

    /// Plays one step; returns the run when the step ends the session.
    mutating func play(_ step: Step) throws -> ModelRun? {
        // Time passing changes the screen too (a notification leaves), whoever acts in the step.
        if let at = step.at {
            let expired = world.advance(to: at)
            if active, !expired.isEmpty { model.observe(expired, world: world, step: step.index) }
        }
        switch (step.actor, step.action) {
        case (.session, .start): start(at: step.index)
        case (.session, .grantControl):
            if active { model.controlChanged(granted: true, world: world, step: step.index) }
        case (.session, .revokeControl):
            if active { model.controlChanged(granted: false, world: world, step: step.index) }
        case (.session, .escalate): escalate(at: step.index)
        case (.session, .end): if active { return end(at: step.index) }
        case (.agent, _): if active { try agentStep(step) }
        default:
            let changes = try world.apply(step.action, by: step.actor)
            // The page changed: what its forms hold is read again when an agent next acts.
            if !changes.isEmpty { classifiers.removeAll() }
            if active { model.observe(changes, world: world, step: step.index) }
        }
        return nil
    }

    /// The hand-over: co-browsing ends here and full-screen sharing takes over the same session.
    private mutating func escalate(at step: Int) {
        guard active, !escalated, profile.model == .cobrowse else { return }
        escalated = true
        model.escalated(world: world, step: step)
        beforeEscalation = model.sessionEnded(world: world, step: step)
        model = PixelModel(profile: Replay.escalationProfile(recording: profile.recording && policy.recordingAllowed))
        model.sessionStarted(world: world, step: step)
    }

    private mutating func agentStep(_ step: Step) throws {
        var request = AgentRequest(
            step: step, target: Replay.target(of: step.action, in: world),
            tab: Replay.tab(of: step.action) ?? world.activeTab)
        // Judged before the action runs: a click that submits a form may replace the page.
        request.sensitive = SensitiveControls.classify(
            step.action, target: request.target, classifier: classifier(for: request.target))
        sensitive[step.index] = request.sensitive
        let outcome = model.decide(request, world: world)
        guard outcome.decision == .allowed || outcome.decision == .allowedAfterConsent else { return }
        let changes = try world.apply(step.action, by: .agent)
        if !changes.isEmpty { classifiers.removeAll() }
        model.observe(changes, world: world, step: step.index)
    }

    private mutating func classifier(for node: Node?) -> FieldClassifier? {
        guard let document = node?.document else { return nil }
        if let known = classifiers[ObjectIdentifier(document)] { return known }
        let made = FieldClassifier(document: document)
        classifiers[ObjectIdentifier(document)] = made
        return made
    }

    /// The session's run: the part before an escalation and the part after it as one, each outcome with what made it
    /// sensitive.
    mutating func end(at step: Int) -> ModelRun {
        var run = Replay.merge(beforeEscalation, model.sessionEnded(world: world, step: step))
        for index in run.outcomes.indices {
            run.outcomes[index].sensitive = sensitive[run.outcomes[index].step]?.reason
        }
        return run
    }
}
