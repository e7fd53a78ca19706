import Markup
import Scenarios

/// One run of text on the customer's screen: what it says, where it is, and where it came from.
public struct TextRun: Sendable, Hashable {
    /// Where the text came from, e.g. `window mail`, `tab shop #card-number`, `notification Messages`.
    public var source: String
    /// Its region on the screen.
    public var region: Rect
    /// The text as the screen shows it (passwords as dots).
    public var text: String
    /// The page element that put the text there, when it is a page's: for pointing a finding at it.
    public var origin: WireSource? = nil
    /// The values of form fields drawn in the run (each a box of its own on the screen).
    public var fields: [String] = []
}

/// What the screen shows at one moment: every visible run of text, in drawing order.
public struct Frame: Sendable, Hashable {
    public var runs: [TextRun]
}

/// Renders the customer's screen into a frame of visible text runs, with a simple, documented layout model.
///
/// Layout model: windows are drawn bottom to top by `z`; a window's title bar is 24 px high and a
/// browser adds 56 px of chrome below it. Page content is laid out as lines: each block-level
/// element starts a new line, text wraps at one character per 8 px of window width, and every line
/// is 20 px high. A browser shows the lines between its tab's scroll offset and that offset plus the
/// viewport height (window height minus 80 px); other windows show their text from the top, one
/// line per 20 px. A run is visible when some part of it is not covered by a window, notification
/// or pop-up drawn above it. Notifications are 340 × 70 px, stacked at the top right.
public struct Compositor {
    /// Which part of the screen is captured.
    public enum Capture: Sendable, Hashable {
        /// The whole screen.
        case screen
        /// One window's own content, whatever covers it; no notifications.
        case window(String)
    }

    public static let titleBar = 24
    public static let browserChrome = 56
    public static let lineHeight = PageLayout.lineHeight
    public static let characterWidth = PageLayout.characterWidth

    public var capture: Capture
    public var showNotifications: Bool
    /// Pages' styles from earlier frames, when the caller keeps them between frames.
    var styleCache: StyleCache?

    public init(capture: Capture, showNotifications: Bool) {
        self.capture = capture
        self.showNotifications = showNotifications
    }

    /// The frame for the world as it is now; `popups` are transient overlays (autofill, password manager).
    public func frame(of world: World, popups: [TextRun] = []) -> Frame {
        let screen = Rect(
            x: 0, y: 0, width: world.scenario.world.screen.width, height: world.scenario.world.screen.height)
        var layers: [(runs: [TextRun], clip: Rect?)] = []  // bottom to top; each layer covers the ones below
        var covers: [[Rect]] = []
        let windows = world.windows.filter { !$0.minimized }.sorted { ($0.z, $0.id) < ($1.z, $1.id) }
        for window in windows {
            if case let .window(id) = capture, id != window.id { continue }
            layers.append((runs(of: window, in: world), window.bounds))
            covers.append([window.bounds])
        }
        if showNotifications, capture == .screen {
            var notificationRuns: [TextRun] = []
            var rects: [Rect] = []
            for (index, notification) in world.notifications.enumerated() {
                let box = Rect(x: screen.width - 360, y: 20 + index * 80, width: 340, height: 70)
                let text = [notification.app, notification.title, notification.text].compactMap { $0 }.joined(
                    separator: " · ")
                for (line, wrapped) in Self.wrap(text, width: box.width).prefix(box.height / Self.lineHeight)
                    .enumerated()
                {
                    notificationRuns.append(
                        TextRun(
                            source: "notification \(notification.app)",
                            region: Rect(
                                x: box.x, y: box.y + line * Self.lineHeight, width: box.width, height: Self.lineHeight),
                            text: wrapped))
                }
                rects.append(box)
            }
            layers.append((notificationRuns, nil))
            covers.append(rects)
        }
        if !popups.isEmpty {
            layers.append((popups, nil))
            covers.append(popups.map(\.region))
        }
        // A window captured on its own is not covered by anything, and not clipped by the screen.
        let occlusion = capture == .screen
        var visible: [TextRun] = []
        for (index, layer) in layers.enumerated() {
            let above = occlusion ? covers[(index + 1)...].flatMap { $0 } : []
            for run in layer.runs {
                visible += Self.visibleParts(of: run, clip: layer.clip, screen: occlusion ? screen : nil, under: above)
            }
        }
        return Frame(runs: visible)
    }

    /// The characters of a run that are drawn: inside its window and the screen, and not under anything above.
    ///
    /// Each character is a cell of 8 × 20 px; a character shows when part of its cell is uncovered.
    /// A run split by a cover becomes several runs, one per visible stretch.
    static func visibleParts(of run: TextRun, clip: Rect?, screen: Rect?, under covers: [Rect]) -> [TextRun] {
        let characters = Array(run.text)
        guard !characters.isEmpty else { return [] }
        // The text's own extent, not the line's.
        var area = Rect(
            x: run.region.x, y: run.region.y, width: min(run.region.width, characters.count * characterWidth),
            height: run.region.height)
        for bound in [clip, screen].compactMap({ $0 }) {
            guard let inside = intersection(area, bound) else { return [] }
            area = inside
        }
        let uncovered = uncoveredParts(of: area, by: covers)
        if uncovered.isEmpty { return [] }
        var shown = Array(repeating: false, count: characters.count)
        for piece in uncovered {
            let first = max(0, (piece.x - run.region.x) / characterWidth)
            let last = min(characters.count - 1, (piece.x + piece.width - 1 - run.region.x) / characterWidth)
            if first <= last { for index in first...last { shown[index] = true } }
        }
        var parts: [TextRun] = []
        var index = 0
        while index < characters.count {
            guard shown[index] else {
                index += 1
                continue
            }
            var start = index
            while index < characters.count, shown[index] { index += 1 }
            var end = index
            while start < end, characters[start].isWhitespace { start += 1 }
            while end > start, characters[end - 1].isWhitespace { end -= 1 }
            guard start < end else { continue }
            parts.append(
                TextRun(
                    source: run.source,
                    region: Rect(
                        x: run.region.x + start * characterWidth, y: run.region.y,
                        width: (end - start) * characterWidth, height: run.region.height),
                    text: String(characters[start..<end]), origin: run.origin,
                    fields: run.fields.filter {
                        characters[start..<end].count >= $0.count && String(characters[start..<end]).contains($0)
                    }))
        }
        return parts
    }

    static func intersection(_ a: Rect, _ b: Rect) -> Rect? {
        let left = max(a.x, b.x), right = min(a.x + a.width, b.x + b.width)
        let top = max(a.y, b.y), bottom = min(a.y + a.height, b.y + b.height)
        guard left < right, top < bottom else { return nil }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// A window's runs: its title bar, then its text, its file or its browser tab.
    private func runs(of window: WindowSpec, in world: World) -> [TextRun] {
        let bounds = window.bounds
        let tab = window.isBrowser ? world.visibleTab(of: window.id) : nil
        // A browser's title bar shows the page in front: it follows navigation and a script's `document.title`.
        let title = tab.map(\.title).flatMap { $0.isEmpty ? nil : $0 } ?? window.title
        var runs = [
            TextRun(
                source: "window \(window.id) title",
                region: Rect(x: bounds.x, y: bounds.y, width: bounds.width, height: Self.titleBar),
                text: "\(window.app) — \(title)")
        ]
        if let tab {
            runs += pageRuns(tab, window: window, world: world)
        } else {
            var text = window.text ?? ""
            if let path = world.openFiles[window.id] ?? window.file,
                let file = world.files.first(where: { $0.path == path })
            {
                text += (text.isEmpty ? "" : "\n") + file.content
            }
            let lines = Self.wrap(text, width: bounds.width)
            let capacity = max(0, (bounds.height - Self.titleBar) / Self.lineHeight)
            for (index, line) in lines.prefix(capacity).enumerated() where !line.isEmpty {
                runs.append(
                    TextRun(
                        source: "window \(window.id)",
                        region: Rect(
                            x: bounds.x, y: bounds.y + Self.titleBar + index * Self.lineHeight,
                            width: bounds.width, height: Self.lineHeight), text: line))
            }
        }
        return runs
    }

    /// The visible lines of a tab's page, below the browser chrome, inside the viewport.
    private func pageRuns(_ tab: World.Tab, window: WindowSpec, world: World) -> [TextRun] {
        let bounds = window.bounds
        let top = bounds.y + Self.titleBar + Self.browserChrome
        let viewport = max(0, bounds.height - Self.titleBar - Self.browserChrome)
        var runs = [
            TextRun(
                source: "tab \(tab.id) address",
                region: Rect(x: bounds.x, y: bounds.y + Self.titleBar, width: bounds.width, height: Self.browserChrome),
                text: tab.url)
        ]
        let scroll = world.scrollOffset[tab.id] ?? 0
        // Lay out only as far as the viewport's bottom edge, as a browser paints only what is on screen.
        let lines = PageLayout(
            width: bounds.width, frames: tab.frames, viewportHeight: viewport, styleCache: styleCache
        )
        .lines(of: tab.document, upTo: (scroll + viewport) / Self.lineHeight + 1)
        for (index, line) in lines.enumerated() {
            let offset = index * Self.lineHeight
            guard offset + Self.lineHeight > scroll, offset < scroll + viewport else { continue }
            // Only the tab's own page has a file to point at; a frame's elements belong to another document.
            let origin = line.elements.first.flatMap { element in
                element.document === tab.document
                    ? element.line.map {
                        WireSource(
                            page: tab.page, line: $0, name: element.name,
                            key: element.attribute("id") ?? element.attribute("name"))
                    } : nil
            }
            runs.append(
                TextRun(
                    source: "tab \(tab.id) \(line.source)",
                    region: Rect(x: bounds.x, y: top + offset - scroll, width: bounds.width, height: Self.lineHeight),
                    text: line.text,
                    origin: origin, fields: line.fields))
        }
        return runs
    }

    /// A whole page as a screen draws it, line by line (a block's text on one line, not wrapped), with the page line of
    /// the element that starts each: what `supportscope screen` prints. Frames without a page of their own show their
    /// `srcdoc` only.
    public static func pageLines(of document: Document, width: Int, viewportHeight: Int) -> [(line: Int?, text: String)]
    {
        PageLayout(width: width, frames: [], viewportHeight: viewportHeight, wraps: false).lines(of: document).map {
            ($0.elements.first?.line, $0.text)
        }
    }

    /// Text wrapped at one character per 8 px.
    static func wrap(_ text: String, width: Int) -> [String] { PageLayout.wrap(text, width: width) }

    /// True when every part of `region` lies under the union of `rects`.
    static func isCovered(_ region: Rect, by rects: [Rect]) -> Bool {
        uncoveredParts(of: region, by: rects).isEmpty
    }

    /// The parts of `region` outside every one of `rects`.
    static func uncoveredParts(of region: Rect, by rects: [Rect]) -> [Rect] {
        var uncovered = [region]
        for rect in rects {
            uncovered = uncovered.flatMap { subtract(rect, from: $0) }
            if uncovered.isEmpty { break }
        }
        return uncovered
    }

    /// The parts of `base` outside `cut`, as up to four rectangles.
    static func subtract(_ cut: Rect, from base: Rect) -> [Rect] {
        guard let overlap = intersection(base, cut) else { return [base] }
        let left = overlap.x, right = overlap.x + overlap.width
        let top = overlap.y, bottom = overlap.y + overlap.height
        var pieces: [Rect] = []
        if base.y < top { pieces.append(Rect(x: base.x, y: base.y, width: base.width, height: top - base.y)) }
        if bottom < base.y + base.height {
            pieces.append(Rect(x: base.x, y: bottom, width: base.width, height: base.y + base.height - bottom))
        }
        if base.x < left { pieces.append(Rect(x: base.x, y: top, width: left - base.x, height: bottom - top)) }
        if right < base.x + base.width {
            pieces.append(Rect(x: right, y: top, width: base.x + base.width - right, height: bottom - top))
        }
        return pieces
    }
}
