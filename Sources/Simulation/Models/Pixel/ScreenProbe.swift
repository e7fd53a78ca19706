import Markup
/// A screen share of one page, driven directly, so benchmarks can time one frame. Not for product code.
@_spi(Benchmarking) import Scenarios

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

    /// The page's styles, kept between frames as the model keeps them.
    private let styles = StyleCache()

    /// Composes the screen's frame once, with the page's styles already read (every step after the page's first
    /// frame); returns the number of visible runs.
    public func composeFrame() -> Int {
        var compositor = Compositor(capture: .screen, showNotifications: true)
        compositor.styleCache = styles
        return compositor.frame(of: world).runs.count
    }

    /// Composes the first frame of the page: its style sheets read and matched too.
    public func composeFirstFrame() -> Int {
        Compositor(capture: .screen, showNotifications: true).frame(of: world).runs.count
    }

    /// Scrolls the page to a vertical offset, e.g. far down so a frame must lay out the whole page.
    public func scroll(to y: Int) {
        // Scrolling parses nothing, so it cannot fail.
        _ = try? world.apply(.scroll(tab: "tab", selector: nil, y: y), by: .customer)
    }

    /// A step whose only change the screen cannot show (the clipboard): no frame is composed.
    public func unchangedStep() -> Int {
        // Copying parses nothing, so it cannot fail.
        let changes = (try? world.apply(.copy(text: "x"), by: .customer)) ?? []
        model.observe(changes, world: world, step: 1)
        return changes.count
    }
}
