import Markup

/// A screen share of one page, driven directly, so benchmarks can time one frame. Not for product code.
@_spi(Benchmarking)
public final class ScreenProbe {
    private let world: World
    private let model: PixelModel

    /// Starts a full-screen share of a browser showing `html`.
    public init(html: String, url: String, profile: Profile) throws {
        let scenario = Scenario.onePage(html: html, url: url)
        world = try World(scenario: scenario)
        model = PixelModel(profile: profile)
        model.sessionStarted(world: world, step: 0)
    }

    /// Composes the screen's frame once; returns the number of visible runs.
    public func composeFrame() -> Int {
        Compositor(capture: .screen, showNotifications: true).frame(of: world).runs.count
    }

    /// Scrolls the page to a vertical offset, e.g. far down so a frame must lay out the whole page.
    public func scroll(to y: Int) {
        _ = world.apply(.scroll(tab: "tab", selector: nil, y: y), by: .customer)
    }

    /// A step whose only change the screen cannot show (the clipboard): no frame is composed.
    public func unchangedStep() -> Int {
        let changes = world.apply(.copy(text: "x"), by: .customer)
        model.observe(changes, world: world, step: 1)
        return changes.count
    }
}
