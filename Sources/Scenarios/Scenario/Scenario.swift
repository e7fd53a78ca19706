/// A position in a scenario's files, kept on values that later stages may need to point back at.
public struct SourceLocation: Sendable, Hashable, Codable {
    /// The file, as the user named it.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// A scripted support session, loaded and validated from a scenario folder.
public struct Scenario: Sendable, Hashable, Codable {
    /// Unique in a suite.
    public var id: String
    public var title: String
    public var summary: String
    public var domain: String?
    public var tags: [String]
    public var references: [String]
    /// The folder the scenario was loaded from.
    public var folder: String
    /// The planted sensitive values.
    public var items: [PlantedItem]
    /// The customer's machine at the start.
    public var world: WorldTemplate
    /// What happens, in order.
    public var steps: [Step]
    /// What must hold per profile.
    public var expectations: [Expectation]
    /// Co-browsing policy additions.
    public var policy: PolicyAdditions
    /// Where the scenario's id is written, for diagnostics about the scenario as a whole.
    public var location: SourceLocation
    /// SHA-256 over the files the scenario uses, as they were read (`path NUL length NUL contents` in path order):
    /// the reports' record of their inputs. Files in the folder that the scenario does not use are not read at all.
    public var inputDigest = ""

    /// The planted item with this id.
    public func item(_ id: String) -> PlantedItem? { items.first { $0.id == id } }

    /// A scenario with one browser tab (`tab`) showing `html` and no steps: the set-up the benchmark probes drive directly.
    package static func onePage(html: String, url: String) -> Scenario {
        let here = SourceLocation(file: "probe", line: 1, column: 1)
        let tab = TabSpec(id: "tab", url: url, page: "page.html", html: html, frames: [])
        let window = WindowSpec(
            id: "browser", app: "Browser", title: "Probe", bounds: Rect(x: 0, y: 0, width: 1280, height: 800),
            z: 1, minimized: false, text: nil, file: nil, tabs: [tab])
        return Scenario(
            id: "probe", title: "Probe", summary: "Probe", domain: nil, tags: [], references: [], folder: ".",
            items: [],
            world: WorldTemplate(
                screen: Size(width: 1920, height: 1080), windows: [window], files: [], clipboard: nil, credentials: []),
            steps: [], expectations: [], policy: PolicyAdditions(mask: [], block: []), location: here)
    }
}

/// One planted sensitive value.
public struct PlantedItem: Sendable, Hashable, Codable {
    public var id: String
    public var dataClass: DataClass
    public var value: String
    /// The class's impact unless the scenario overrides it.
    public var impact: Impact
    public var label: String?
    public var location: SourceLocation
    /// The text units that show the value, with the value replaced by U+0001 (`code: \u{1}`), in their
    /// normalised form: where a short value (fewer than five letters and digits) may be traced, and nowhere else.
    public var contexts: [String] = []

    public init(
        id: String, dataClass: DataClass, value: String, impact: Impact, label: String?, location: SourceLocation,
        contexts: [String] = []
    ) {
        self.id = id
        self.dataClass = dataClass
        self.value = value
        self.impact = impact
        self.label = label
        self.location = location
        self.contexts = contexts
    }

    private enum CodingKeys: String, CodingKey { case id, dataClass, value, impact, label, location, contexts }

    /// Decodes an item; files written before contexts existed decode with none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        dataClass = try container.decode(DataClass.self, forKey: .dataClass)
        value = try container.decode(String.self, forKey: .value)
        impact = try container.decode(Impact.self, forKey: .impact)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        location = try container.decode(SourceLocation.self, forKey: .location)
        contexts = try container.decodeIfPresent([String].self, forKey: .contexts) ?? []
    }
}

/// The customer's machine at the start of a session; placeholders are already replaced by values.
public struct WorldTemplate: Sendable, Hashable, Codable {
    public var screen: Size
    public var windows: [WindowSpec]
    public var files: [FileSpec]
    public var clipboard: String?
    public var credentials: [Credential]
}

/// A size in CSS pixels.
public struct Size: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int
}

/// A rectangle in screen pixels.
public struct Rect: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// A window on the customer's screen.
public struct WindowSpec: Sendable, Hashable, Codable {
    public var id: String
    public var app: String
    public var title: String
    public var bounds: Rect
    /// Stacking order: higher is in front.
    public var z: Int
    public var minimized: Bool
    /// What a non-browser window shows.
    public var text: String?
    /// The world file a viewer window shows.
    public var file: String?
    /// A browser's tabs; empty for other applications.
    public var tabs: [TabSpec]

    /// True for browser windows.
    package init(
        id: String, app: String, title: String, bounds: Rect, z: Int, minimized: Bool, text: String?, file: String?,
        tabs: [TabSpec]
    ) {
        self.id = id
        self.app = app
        self.title = title
        self.bounds = bounds
        self.z = z
        self.minimized = minimized
        self.text = text
        self.file = file
        self.tabs = tabs
    }

    public var isBrowser: Bool { !tabs.isEmpty }
}

/// A browser tab and the page it shows.
public struct TabSpec: Sendable, Hashable, Codable {
    public var id: String
    public var url: String
    /// The page's path inside the scenario folder.
    public var page: String
    /// The page's HTML with placeholders replaced.
    public var html: String
    public var frames: [FrameSpec]
}

/// A frame inside a page.
public struct FrameSpec: Sendable, Hashable, Codable {
    /// The `<iframe>` element in the parent page.
    public var selector: String
    public var url: String
    public var page: String
    public var html: String
}

/// A file on the customer's disk.
public struct FileSpec: Sendable, Hashable, Codable {
    public var path: String
    /// The content with placeholders replaced.
    public var content: String
    /// The reported size in bytes.
    public var size: Int
}

/// A login saved in the browser's password manager.
public struct Credential: Sendable, Hashable, Codable {
    public var site: String
    public var username: String
    public var password: String
}

/// Who acts in a step.
public enum Actor: String, Sendable, Hashable, CaseIterable, Codable {
    case customer, agent, system, session
}

/// One step of a scenario.
public struct Step: Sendable, Hashable, Codable {
    /// 0-based position in the scenario.
    public var index: Int
    public var id: String?
    public var actor: Actor
    public var action: Action
    /// Seconds from the session start, when the scenario says.
    public var at: Double?
    public var note: String?
    public var location: SourceLocation

    /// Creates a step (the loader's, and a recording audit's, which makes one per event that carried data).
    package init(
        index: Int, id: String?, actor: Actor, action: Action, at: Double?, note: String?, location: SourceLocation
    ) {
        self.index = index
        self.id = id
        self.actor = actor
        self.action = action
        self.at = at
        self.note = note
        self.location = location
    }
}

/// What happens in a step. Texts have their placeholders replaced by values.
public enum Action: Sendable, Hashable, Codable {
    // Customer and agent, on a browser tab. `tab` nil means the active tab.
    case navigate(tab: String?, url: String, page: String, html: String)
    case type(tab: String?, selector: String, text: String)
    case select(tab: String?, selector: String, value: String)
    case click(tab: String?, selector: String)
    case scroll(tab: String?, selector: String?, y: Int?)
    case revealPassword(tab: String?, selector: String)
    case switchTab(tab: String)
    // Customer only, but `openFile` (with no window) for the agent too.
    case switchWindow(window: String)
    case openFile(path: String, window: String?)
    case copy(text: String)
    // Agent only.
    case requestControl
    case readClipboard
    case transferFile(path: String, toAgent: Bool)
    // System.
    case notification(app: String, title: String?, text: String, duration: Double)
    case pageChange(tab: String?, selector: String, change: PageChange)
    case autofillPopup(tab: String?, selector: String, suggestions: [String])
    // Session.
    case start, grantControl, revokeControl, escalate, end
}

/// How a `page-change` step changes the element it selects.
public enum PageChange: Sendable, Hashable, Codable {
    case text(String)
    case html(String)
    case attributes([String: String])
    case remove
}

/// What must hold for one or more profiles.
public struct Expectation: Sendable, Hashable, Codable {
    public var profiles: [String]
    public var observed: [String]
    public var notObserved: [String]
    public var reachable: [String]
    public var notReachable: [String]
    public var retained: [String]
    public var notRetained: [String]
    /// Step ids of agent steps that must be refused.
    public var refused: [String]
    /// Step ids of agent steps that must be allowed.
    public var allowed: [String]
    /// The policies (by name) under which it is checked; empty means every policy.
    public var policies: [String] = []
    public var location: SourceLocation
    /// Where each entry is written, by `key:id` (`not-observed:card.number`), so a failure points at its line.
    public var entryLocations: [String: SourceLocation] = [:]

    /// Where the entry `id` of list `key` is written, or the expectation's own location.
    public func location(of key: String, _ id: String) -> SourceLocation { entryLocations["\(key):\(id)"] ?? location }

    /// The name of the built-in policy (`run` without `--policy`).
    public static let builtInPolicy = "default"

    /// Whether it is checked under the policy named `policy`.
    public func applies(underPolicy policy: String) -> Bool { policies.isEmpty || policies.contains(policy) }
}

/// Co-browsing policy additions: selectors to mask and to block, on top of the organisation's policy.
public struct PolicyAdditions: Sendable, Hashable, Codable {
    public var mask: [String]
    public var block: [String]
}

extension Action {
    /// The same action without what it carries (typed text, copied text, notifications, page HTML, URL queries):
    /// what a report needs to name it, and no more.
    public var withoutPayload: Action {
        switch self {
        case let .navigate(tab, url, page, _): .navigate(tab: tab, url: Redaction.url(url), page: page, html: "")
        case let .type(tab, selector, _): .type(tab: tab, selector: selector, text: "")
        case let .select(tab, selector, _): .select(tab: tab, selector: selector, value: "")
        case .copy: .copy(text: "")
        case let .notification(app, _, _, duration): .notification(app: app, title: nil, text: "", duration: duration)
        case let .pageChange(tab, selector, _): .pageChange(tab: tab, selector: selector, change: .text(""))
        case let .autofillPopup(tab, selector, _): .autofillPopup(tab: tab, selector: selector, suggestions: [])
        default: self
        }
    }

    /// The action in words for outcomes, audit trails and reports: selectors, paths and apps, never the text typed,
    /// copied or notified, and URLs without their query (every case is spelt out, so a new one cannot leak by default).
    public var summary: String {
        switch self {
        case let .navigate(_, url, _, _): "navigate to \(Redaction.url(url))"
        case let .type(_, selector, _): "type into \(selector)"
        case let .select(_, selector, _): "select in \(selector)"
        case let .click(_, selector): "click \(selector)"
        case let .scroll(_, selector, y): "scroll " + (selector ?? "to y=\(y ?? 0)")
        case let .revealPassword(_, selector): "reveal \(selector)"
        case let .switchTab(tab): "switch to tab \(tab)"
        case let .switchWindow(window): "switch to window \(window)"
        case let .openFile(path, _): "open file \(path)"
        case .copy: "copy text to the clipboard"
        case .requestControl: "request control"
        case .readClipboard: "read the clipboard"
        case let .transferFile(path, toAgent): "transfer \(path) \(toAgent ? "to the agent" : "to the customer")"
        case let .notification(app, _, _, _): "notification from \(app)"
        case let .pageChange(_, selector, _): "page change at \(selector)"
        case let .autofillPopup(_, selector, _): "autofill suggestions at \(selector)"
        case .start: "start"
        case .grantControl: "grant control"
        case .revokeControl: "revoke control"
        case .escalate: "escalate"
        case .end: "end"
        }
    }
}
