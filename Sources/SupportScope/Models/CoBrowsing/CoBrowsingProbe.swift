import Markup

/// A co-browsing session on one page, driven directly, so benchmarks can time a snapshot or one
/// mutation without a scenario's other costs. Not for product code.
@_spi(Benchmarking)
public final class CoBrowsingProbe {
    private let world: World
    private let model: CoBrowsingModel
    private let status: Node

    /// Starts a session on `html` (which needs an element `#status` for `changeStatus`).
    public init(html: String, url: String, profile: Profile, policy: Policy = .default) throws {
        let here = SourceLocation(file: "probe", line: 1, column: 1)
        let tab = TabSpec(id: "tab", url: url, page: "page.html", html: html, frames: [])
        let window = WindowSpec(id: "browser", app: "Browser", title: "Probe", bounds: Rect(x: 0, y: 0, width: 1280, height: 800),
                                z: 1, minimized: false, text: nil, file: nil, tabs: [tab])
        let scenario = Scenario(id: "probe", title: "Probe", summary: "Probe", domain: nil, tags: [], references: [], folder: ".", items: [],
                                world: WorldTemplate(screen: Size(width: 1280, height: 800), windows: [window], files: [], clipboard: nil, credentials: []),
                                steps: [], expectations: [], policy: PolicyAdditions(mask: [], block: []), location: here)
        world = try World(scenario: scenario)
        guard let status = world.element("#status", in: "tab") else { throw Replay.Failure(description: "the page has no #status element") }
        self.status = status
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

    /// One script change to `#status` and the mutation the mirror sends for it; returns the message's length.
    ///
    /// The element is found once, at set-up: what is timed is the change and the mirror's work for it.
    public func changeStatus(_ html: String) -> Int {
        _ = try? status.setInnerHTML(html)
        model.observe([.contentChanged(tab: "tab", element: status)], world: world, step: 1)
        let length = model.wire.last?.content.utf8.count ?? 0
        model.wire.removeAll()
        return length
    }
}
