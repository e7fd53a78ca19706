import Foundation
import SupportScope

/// The screen-sharing and remote-desktop views: the frame the agent had, drawn as an inline SVG desktop with the
/// compositor's own geometry (title bars of 24 px, 56 px of browser chrome, 8 × 20 px character cells, notifications
/// of 340 × 70 px at the top right), so nothing overprints and what a window covers stays covered.
extension HTMLSection {
    static let titleBar = 24, chrome = 56, cell = 8, line = 20

    /// The window a region belongs to, by its source (`window mail`, `window mail title`, `tab shop #card`).
    static func owner(_ source: String, _ windows: [AgentView.Window]) -> Int? {
        // Longest id first: a viewer window's id (`viewer ~/a.pdf`) may start like another's.
        for (index, window) in windows.enumerated().sorted(by: { $0.element.id.count > $1.element.id.count }) {
            if source == "window \(window.id)" || source.hasPrefix("window \(window.id) ") { return index }
            for tab in window.tabs where source == "tab \(tab)" || source.hasPrefix("tab \(tab) ") { return index }
        }
        return nil
    }

    mutating func screenView(_ pane: AgentView.Pane, id: String) {
        guard !pane.regions.isEmpty else {
            html.tag("p", ["class": "empty"], text: "No frame by this step.")
            html.newline()
            return
        }
        let screen = pane.screen.map { (width: $0.width, height: $0.height) } ?? (width: 1920, height: 1080)
        var byWindow: [Int: [AgentView.Region]] = [:]
        var notifications: [AgentView.Region] = [], popups: [AgentView.Region] = [], loose: [AgentView.Region] = []
        for region in pane.regions {
            if let owner = Self.owner(region.source, pane.windows) {
                byWindow[owner, default: []].append(region)
            } else if region.source.hasPrefix("notification ") {
                notifications.append(region)
            } else if region.source.hasPrefix("autofill ") {
                popups.append(region)
            } else {
                loose.append(region)
            }
        }
        html.start(
            "svg",
            [
                "class": "screen", "role": "img", "viewBox": "0 0 \(screen.width) \(screen.height)",
                "aria-label": "The screen as the agent saw it: \(pane.windows.count) window(s)",
                "xmlns": "http://www.w3.org/2000/svg",
            ])
        html.newline()
        html.empty("rect", ["class": "desk", "width": "\(screen.width)", "height": "\(screen.height)"], closed: true)
        html.newline()
        for (index, window) in pane.windows.enumerated() where byWindow[index] != nil {
            drawWindow(window, regions: byWindow[index] ?? [], clip: "\(id)-w\(index)")
        }
        for region in loose { drawText(region) }
        // Toasts, in the compositor's slots: one box per 80 px from the top.
        for slot in Set(notifications.map { max(0, ($0.y - 20) / 80) }).sorted() {
            let box = (x: screen.width - 360, y: 20 + slot * 80)
            html.empty(
                "rect",
                ["class": "toast", "x": "\(box.x)", "y": "\(box.y)", "width": "340", "height": "70", "rx": "8"],
                closed: true)
            for region in notifications where max(0, (region.y - 20) / 80) == slot { drawText(region) }
        }
        if !popups.isEmpty {
            let left = popups.map(\.x).min() ?? 0, top = popups.map(\.y).min() ?? 0
            let right = popups.map { $0.x + $0.text.count * Self.cell }.max() ?? left
            let bottom = (popups.map(\.y).max() ?? top) + Self.line
            html.empty(
                "rect",
                [
                    "class": "popup", "x": "\(left - 4)", "y": "\(top - 2)", "width": "\(right - left + 8)",
                    "height": "\(bottom - top + 4)",
                ], closed: true)
            for region in popups { drawText(region) }
        }
        if let cursor = pane.cursor {
            html.tag("path", ["class": "cursor", "d": "M\(cursor.x) \(cursor.y)l0 26l7-6l5 11l4-2l-5-11l9 0z"]) {
                $0.tag("title", text: "the agent's pointer")
            }
        }
        html.end("svg")
        html.newline()
    }

    mutating func drawWindow(_ window: AgentView.Window, regions: [AgentView.Region], clip: String) {
        let (x, y, width, height) = (window.x, window.y, window.width, window.height)
        html.start("g", ["class": window.isBrowser ? "window browser" : "window"])
        html.empty(
            "rect", ["class": "frame", "x": "\(x)", "y": "\(y)", "width": "\(width)", "height": "\(height)"],
            closed: true)
        html.empty(
            "rect", ["class": "bar", "x": "\(x)", "y": "\(y)", "width": "\(width)", "height": "\(Self.titleBar)"],
            closed: true)
        if window.isBrowser {
            html.empty(
                "rect",
                [
                    "class": "chrome", "x": "\(x)", "y": "\(y + Self.titleBar)", "width": "\(width)",
                    "height": "\(Self.chrome)",
                ], closed: true)
            html.empty(
                "rect",
                [
                    "class": "url", "x": "\(x + 8)", "y": "\(y + Self.titleBar + 2)",
                    "width": "\(max(0, width - 16))", "height": "\(Self.line)", "rx": "10",
                ], closed: true)
        }
        html.tag("clipPath", ["id": clip]) {
            $0.empty(
                "rect", ["x": "\(x)", "y": "\(y)", "width": "\(width)", "height": "\(height)"], closed: true)
        }
        if !regions.contains(where: { $0.source.hasSuffix(" title") && $0.y == y }) {
            // The title region is covered or missing: the app's name still says what the window is.
            html.tag("text", ["class": "app", "x": "\(x + 8)", "y": "\(y + 16)"], text: window.app)
        }
        html.start("g", ["clip-path": "url(#\(clip))"])
        for region in regions { drawText(region) }
        html.end("g")
        html.end("g")
        html.newline()
    }

    /// One run of text on its 8 px grid: every piece is given its exact width, so nothing overprints; a value the
    /// agent received is outlined in red.
    mutating func drawText(_ region: AgentView.Region) {
        var column = 0
        let kind =
            region.source.hasSuffix(" title") ? "t title" : region.source.hasSuffix(" address") ? "t address" : "t"
        html.start("g", ["class": kind])
        html.tag("title", text: region.source)
        for piece in AgentViews.pieces(of: region.text) {
            let count = piece.text.count
            defer { column += count }
            guard !piece.text.allSatisfy(\.isWhitespace) else { continue }
            let x = region.x + column * Self.cell
            if piece.kind == .seen {
                html.empty(
                    "rect",
                    [
                        "class": "seen", "x": "\(x - 2)", "y": "\(region.y + 1)", "width": "\(count * Self.cell + 4)",
                        "height": "\(Self.line - 2)",
                    ], closed: true)
            }
            html.tag(
                "text",
                [
                    // Screens mask nothing: stars on a screen are the page's own, not a model's mask.
                    "class": piece.kind == .seen ? "seen" : "plain",
                    "x": "\(x)", "y": "\(region.y + 15)", "textLength": "\(count * Self.cell)",
                    "lengthAdjust": "spacingAndGlyphs",
                ], text: piece.text)
        }
        html.end("g")
    }
}
