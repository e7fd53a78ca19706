import Markup
import Scenarios

/// The customer's machine during one replay: live pages, windows, files, clipboard and notifications.
///
/// A fresh world is built for every replay from the scenario's template, so
/// runs under different profiles share nothing. It holds libxml2 documents and
/// therefore belongs to the task that replays.
public final class World {
    /// A browser tab and its live page.
    public final class Tab {
        public let id: String
        public let window: String
        public internal(set) var url: String
        public internal(set) var page: String
        public internal(set) var document: Document
        /// Frames inside the page: their URL and live document.
        public internal(set) var frames: [(selector: String, url: String, document: Document)]

        init(
            id: String, window: String, url: String, page: String, document: Document,
            frames: [(String, String, Document)]
        ) {
            self.id = id
            self.window = window
            self.url = url
            self.page = page
            self.document = document
            self.frames = frames
        }

        /// The page's title.
        public var title: String {
            (document.first(Self.titleSelector)?.textContent ?? "").trimmingWhitespace()
        }

        private static let titleSelector = try! Selector("title")

        /// The origin of the tab's URL.
        public var origin: String { Policy.origin(of: url) ?? url }
    }

    /// A notification on screen.
    public struct Notification: Sendable, Hashable {
        public var app: String
        public var title: String?
        public var text: String
        /// Seconds from the session start when it disappears.
        public var until: Double
    }

    public let scenario: Scenario
    public internal(set) var windows: [WindowSpec]
    public internal(set) var tabs: [Tab]
    /// The customer's active tab.
    public internal(set) var activeTab: String?
    /// Each browser window's active tab, for when the window comes back to the front.
    var lastActiveTab: [String: String] = [:]
    /// Files opened during the session, by the window that shows them.
    public internal(set) var openFiles: [String: String] = [:]
    /// Each tab's vertical scroll offset in CSS pixels.
    public internal(set) var scrollOffset: [String: Int] = [:]
    public internal(set) var focusedWindow: String?
    public internal(set) var files: [FileSpec]
    public internal(set) var clipboard: String?
    public internal(set) var notifications: [Notification] = []
    /// Seconds since the session start.
    public internal(set) var time: Double = 0

    /// Builds the world at the start of `scenario`; throws when a page cannot be parsed.
    public init(scenario: Scenario) throws {
        self.scenario = scenario
        let template = scenario.world
        windows = template.windows
        files = template.files
        clipboard = template.clipboard
        tabs = try template.windows.flatMap { window in
            try window.tabs.map { tab in
                Tab(
                    id: tab.id, window: window.id, url: tab.url, page: tab.page,
                    document: try Document.parseHTML(tab.html, url: tab.page),
                    frames: try tab.frames.map { ($0.selector, $0.url, try Document.parseHTML($0.html, url: $0.page)) })
            }
        }
        let front = template.windows.filter { !$0.minimized }.max { $0.z < $1.z }
        focusedWindow = front?.id
        activeTab = template.windows.filter { $0.isBrowser && !$0.minimized }.max { $0.z < $1.z }?.tabs.first?.id
    }

    /// The tab with this id.
    public func tab(_ id: String) -> Tab? { tabs.first { $0.id == id } }

    /// The tab a browser window shows: the customer's active tab if it is in this window, else the window's last active tab.
    public func visibleTab(of window: String) -> Tab? {
        let tabs = self.tabs.filter { $0.window == window }
        if let active = activeTab, let tab = tabs.first(where: { $0.id == active }) { return tab }
        return tabs.first { $0.id == lastActiveTab[window] } ?? tabs.first
    }

    /// The first element a selector matches in a tab's page.
    public func element(_ selector: String, in tab: String) -> Node? {
        // Selectors were parsed when the scenario was loaded; one that does not parse finds nothing.
        guard let tab = self.tab(tab), let parsed = try? Selector(selector) else { return nil }
        return tab.document.first(parsed)
    }
}

/// One change to the world, as a model sees it.
public enum WorldChange {
    /// A tab loaded another page.
    case navigated(tab: String)
    /// A form field's value changed; `value` is the whole new value.
    case valueChanged(tab: String, element: Node, value: String, cause: ValueCause)
    /// An element's children were replaced (a script rewrote it).
    case contentChanged(tab: String, element: Node)
    /// Attributes of an element changed.
    case attributesChanged(tab: String, element: Node, names: [String])
    /// An element was removed; `id` is what it had been.
    case removed(tab: String, element: Node)
    /// An element was clicked.
    case clicked(tab: String, element: Node, by: Actor)
    /// The customer's active tab changed.
    case activeTabChanged(tab: String)
    /// A window came to the front.
    case windowFocused(window: String)
    /// A notification appeared.
    case notificationShown(World.Notification)
    /// The browser offered autofill suggestions under a field.
    case autofillShown(tab: String, element: Node, suggestions: [String])
    /// A file was opened in a window.
    case fileOpened(path: String, window: String?)
    /// The clipboard's text changed.
    case clipboardChanged(text: String)
    /// Notifications reached the end of their duration and left the screen.
    case notificationsExpired
    /// A tab scrolled.
    case scrolled(tab: String, element: Node?, y: Int?)
}

/// Why a field's value changed.
public enum ValueCause: String, Sendable, Hashable {
    case keystroke, selection, script, agent
}
