import Foundation
import Markup

/// An rrweb recording (rrweb 1.x and 2.x, the format most session-replay and many co-browsing products record and
/// send): its events in order, each with where it stands in the file. Read by `RRWebReader`, which refuses what is
/// not the format and bounds everything else (`RecordingLimits`).
public struct RRWebRecording: Sendable {
    /// The file as given on the command line.
    public var path: String
    /// The SHA-256 of the file's bytes, as reports name an input.
    public var sha256: String
    /// Every event, in file order.
    public var events: [RecordedEvent]

    /// How many events of each kind (`full snapshot`, `incremental: input`, …), by kind name.
    public var kindCounts: [String: Int] {
        events.reduce(into: [:]) { counts, event in counts[event.kind, default: 0] += 1 }
    }
}

/// One event of a recording.
public struct RecordedEvent: Sendable {
    /// Its position in the file's array, from 0.
    public var index: Int
    /// Where it starts in the file.
    public var line: Int
    public var column: Int
    /// Milliseconds since the epoch, as the recorder wrote it.
    public var timestamp: Double
    /// What it says.
    public var body: Body
    /// The strings a recorder's own data carries (a custom event, a plugin's payload such as a console log, a log
    /// event): no mirror shows them, but they crossed to the recorder's service like the page did.
    public var texts: [String] = []

    /// The kind of event, as its numbers name it (`incremental: mouse interaction`).
    public var kind: String { body.kind }

    /// The events a reader of what crossed needs, with what they carry; the rest by kind only.
    public enum Body: Sendable {
        /// The page's address and the viewport.
        case meta(href: String, width: Int, height: Int)
        /// The whole document.
        case fullSnapshot(SerializedNode)
        /// Nodes added, removed, texts and attributes changed.
        case mutation(Mutation)
        /// A form control's value as the recorder saw it (masked or not).
        case input(id: Int, text: String, isChecked: Bool?)
        /// A click, focus, blur or touch on a node.
        case mouse(RRWeb.MouseInteraction, id: Int)
        /// A node (or the document) scrolled.
        case scroll(id: Int, x: Double, y: Double)
        /// Text the customer selected, as node ranges.
        case selection(count: Int)
        /// An event read and understood that carries nothing a mirror's agent reads as data (mouse moves, style
        /// sheets, viewport sizes, …), by kind.
        case other(kind: String)

        var kind: String {
            switch self {
            case .meta: RRWeb.EventType.meta.name
            case .fullSnapshot: RRWeb.EventType.fullSnapshot.name
            case .mutation: "incremental: " + RRWeb.Source.mutation.name
            case .input: "incremental: " + RRWeb.Source.input.name
            case .mouse: "incremental: " + RRWeb.Source.mouseInteraction.name
            case .scroll: "incremental: " + RRWeb.Source.scroll.name
            case .selection: "incremental: " + RRWeb.Source.selection.name
            case let .other(kind): kind
            }
        }
    }
}

/// A node as rrweb serialises it (rrweb-snapshot's `serializedNodeWithId`).
public struct SerializedNode: Sendable {
    public var id: Int
    public var kind: Kind
    public var children: [SerializedNode]
    /// Whether it belongs to its host's shadow root.
    public var isShadow: Bool
    /// The id of the iframe document it belongs to, when not the top document's.
    public var rootId: Int?

    /// What the node is.
    public enum Kind: Sendable {
        case document
        case doctype(name: String)
        case element(tag: String, attributes: [(String, String)], isSVG: Bool)
        case text(String)
        case cdata
        case comment(String)
    }

    /// This node and every descendant, depth first.
    public var count: Int { 1 + children.reduce(0) { $0 + $1.count } }
}

/// One mutation event's changes, in the order rrweb's replayer applies them: removes, adds, texts, attributes.
public struct Mutation: Sendable {
    public var removes: [(parent: Int, id: Int)]
    /// Each added node under `parent`, before `next` (nil: at the end).
    public var adds: [(parent: Int, next: Int?, node: SerializedNode)]
    /// New texts (nil: the text was emptied).
    public var texts: [(id: Int, value: String?)]
    /// Attributes changed, per element.
    public var attributes: [(id: Int, changes: [(name: String, change: AttributeChange)])]
    /// Whether it attaches an iframe's document (rrweb's `isAttachIframe`).
    public var attachesFrame: Bool
}

/// What a mutation does to one attribute.
public enum AttributeChange: Sendable {
    case set(String)
    case remove
    /// Some properties of the `style` attribute set (a value, `!important` kept) or removed (nil).
    case style([(property: String, value: String?)])
}

/// The numbers rrweb writes, with the names reports and `docs/RECORDINGS.md` use.
public enum RRWeb {
    /// `EventType`.
    public enum EventType: Int, CaseIterable, Sendable {
        case domContentLoaded = 0, load, fullSnapshot, incrementalSnapshot, meta, custom, plugin, asset

        /// Its name in listings.
        public var name: String {
            switch self {
            case .domContentLoaded: "dom content loaded"
            case .load: "load"
            case .fullSnapshot: "full snapshot"
            case .incrementalSnapshot: "incremental"
            case .meta: "meta"
            case .custom: "custom"
            case .plugin: "plugin"
            case .asset: "asset"
            }
        }
    }

    /// `IncrementalSource`.
    public enum Source: Int, CaseIterable, Sendable {
        case mutation = 0, mouseMove, mouseInteraction, scroll, viewportResize, input, touchMove, mediaInteraction
        case styleSheetRule, canvasMutation, font, log, drag, styleDeclaration, selection, adoptedStyleSheet
        case customElement

        /// Its name in listings.
        public var name: String {
            switch self {
            case .mutation: "mutation"
            case .mouseMove: "mouse move"
            case .mouseInteraction: "mouse interaction"
            case .scroll: "scroll"
            case .viewportResize: "viewport resize"
            case .input: "input"
            case .touchMove: "touch move"
            case .mediaInteraction: "media interaction"
            case .styleSheetRule: "style sheet rule"
            case .canvasMutation: "canvas mutation"
            case .font: "font"
            case .log: "log"
            case .drag: "drag"
            case .styleDeclaration: "style declaration"
            case .selection: "selection"
            case .adoptedStyleSheet: "adopted style sheet"
            case .customElement: "custom element"
            }
        }
    }

    /// `MouseInteractions`.
    public enum MouseInteraction: Int, CaseIterable, Sendable {
        case mouseUp = 0, mouseDown, click, contextMenu, doubleClick, focus, blur, touchStart, touchMoveDeparted
        case touchEnd, touchCancel
    }
}
