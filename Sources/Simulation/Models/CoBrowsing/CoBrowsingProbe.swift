import Markup
/// A co-browsing session on one page, driven directly, so benchmarks can time a snapshot or one
/// mutation without a scenario's other costs. Not for product code.
@_spi(Benchmarking) import Scenarios

public final class CoBrowsingProbe {
    private let world: World
    private let model: CoBrowsingModel
    private let status: Node
    private let profile: Profile
    private let policy: Policy

    /// Starts a session on `html` (which needs an element `#status` for `changeStatus`).
    public init(html: String, url: String, profile: Profile, policy: Policy = .default) throws {
        let scenario = Scenario.onePage(html: html, url: url)
        world = try World(scenario: scenario)
        guard let status = world.element("#status", in: "tab") else {
            throw Replay.Failure(description: "the page has no #status element")
        }
        self.status = status
        self.profile = profile
        self.policy = policy
        model = try CoBrowsingModel(profile: profile, policy: policy)
        model.sessionStarted(world: world, step: 0)
        model.wire.removeAll()
    }

    /// Serialises and masks the whole page again; returns the snapshot's length.
    public func snapshot() -> Int {
        model.sendSnapshotOrPause(world: world)
        let length = model.wire.last?.content.utf8.count ?? 0
        model.wire.removeAll()
        return length
    }

    /// The first snapshot of a new session on the parsed page: every privacy decision made afresh, every form's
    /// fields classified; returns the snapshot's length.
    public func freshSnapshot() -> Int {
        // Benchmarks only: the probe's policy has no selectors, so building the model cannot fail.
        guard let fresh = try? CoBrowsingModel(profile: profile, policy: policy) else { return 0 }
        fresh.sessionStarted(world: world, step: 0)
        return fresh.wire.last?.content.utf8.count ?? 0
    }

    /// One script change to `#status` and the mutation the mirror sends for it; returns the message's length.
    ///
    /// The element is found once, at set-up: what is timed is the change and the mirror's work for it.
    public func changeStatus(_ html: String) -> Int {
        // Benchmarks only: any fragment parses; the change is what is timed.
        _ = try? status.setInnerHTML(html)
        model.observe([.contentChanged(tab: "tab", element: status)], world: world, step: 1)
        let length = model.wire.last?.content.utf8.count ?? 0
        model.wire.removeAll()
        return length
    }
}
