import Markup
import Scenarios

/// What the agent asks for in an agent step.
public struct AgentRequest {
    public var step: Step
    /// The element the request targets, resolved in the world, if any.
    public var target: Node?
    /// The tab the request addresses.
    public var tab: String?
    /// What the request does that is sensitive, as the replay judged it on the page before the action ran.
    public var sensitive: SensitiveUse?
}

/// One remote-support session of one mode: it watches the world change and decides agent requests,
/// and at the end it hands over everything that crossed, was decided, is reachable and is retained.
///
/// Co-browsing, screen sharing and remote desktop are three conformances; their
/// variants are `Profile` data. A model never changes the world itself: the
/// replay applies an allowed request's effect, and the model sees the result
/// as changes like any other.
public protocol SupportModel: AnyObject {
    /// The session starts at `step` in `world`.
    func sessionStarted(world: World, step: Int)
    /// The world changed during `step`.
    func observe(_ changes: [WorldChange], world: World, step: Int)
    /// Decides an agent request; the replay applies the effect when it is allowed.
    func decide(_ request: AgentRequest, world: World) -> ActionOutcome
    /// The customer grants (`true`) or revokes (`false`) control.
    func controlChanged(granted: Bool, world: World, step: Int)
    /// The session escalates to screen sharing at `step`; the model stops here.
    func escalated(world: World, step: Int)
    /// The session ends at `step`: produce the run.
    func sessionEnded(world: World, step: Int) -> ModelRun
}

/// Builds the model for a profile, applying the organisation's policy and the scenario's additions.
public enum ModelFactory {
    /// Why a model cannot be built.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The model for `profile` in `scenario`.
    public static func model(for profile: Profile, policy: Policy, scenario: Scenario) throws -> any SupportModel {
        switch profile.model {
        case .cobrowse:
            return try CoBrowsingModel(profile: profile, policy: policy.adding(scenario.policy))
        case .screenshare, .remoteDesktop:
            return PixelModel(profile: profile)
        }
    }
}
